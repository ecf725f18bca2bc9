// chronicle log: the changes recorded in the timeline's journal (.chronicle/journal/), newest
// first, with what each wrote and which are undone (ops/undo.hpp).

#include <memory>

#include <date/tz.h>
#include <fmt/format.h>

#include "chronicle/ops/undo.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct log_args {
  std::size_t limit = 0;
};

/// `t` as a local time where the user is (TZ), or in UTC when that zone is unknown.
std::string local_time(date::sys_seconds t) {
  try {
    return date::format("%Y-%m-%d %H:%M:%S %Z", date::make_zoned(date::current_zone(), t));
  } catch (const std::exception&) {
    return date::format("%Y-%m-%d %H:%M:%S UTC", t);
  }
}

int run_log(const context& ctx, const log_args& a) {
  const std::filesystem::path dir = ctx.events_dir;
  const auto journal = read_journal(dir);
  print_diagnostics(journal.diagnostics);
  const auto& entries = *journal.value;
  if (entries.empty() && journal.ok()) {
    emit(
        fmt::format("nothing to undo: no change is recorded in {}\n", journal_folder(dir).string()),
        "");
    return k_ok;
  }
  const auto undone = undone_by(entries);
  std::string out;
  std::size_t shown = 0;
  for (const auto& e : entries) {
    if (a.limit != 0 && shown++ == a.limit) break;
    out += fmt::format("{}  {}  {} {}", e.number, local_time(e.note.time), e.note.command,
                       e.note.summary);
    for (const auto& [number, by] : undone)
      if (number == e.number) out += fmt::format("  [undone by {}]", by);
    if (!e.complete) out += "  [interrupted: some files may hold their text from before]";
    out += "\n";
    for (const auto& f : e.files) {
      const auto* verb = f.kind == change_kind::create    ? "created"
                         : f.kind == change_kind::replace ? "replaced"
                                                          : "removed";
      out += fmt::format("    {} {}\n", verb, (dir / f.path).string());
    }
  }
  emit(out, "");
  return journal.ok() ? k_ok : k_bad_data;
}

}  // namespace

void add_log_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<log_args>();
  auto* cmd = app.add_subcommand("log", "List the recorded changes, newest first, for undo");
  cmd->add_option("--limit", a->limit, "Show only the newest N changes")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd->footer(
      "Examples:\n"
      "  chronicle log\n"
      "  chronicle log --limit 5\n"
      "The journal is kept in .chronicle/journal/ of the timeline folder (the last 100 changes).");
  cmd->callback([&ctx, a] { ctx.exit = run_log(ctx, *a); });
}

}  // namespace chronicle::cli
