// chronicle import: events from a calendar app's .ics file (or Chronicle's JSON) into the
// timeline, planned by the library (ops/import.hpp), shown (--dry-run) or written here.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "chronicle/ops/import.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/store/mapped_file.hpp"
#include "chronicle/store/storage.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct import_args {
  std::string file;
  bool dry_run = false;
  bool skip_invalid = false;
  std::string format = "ics";
  std::vector<std::string> prefer;  ///< ours, theirs, or ID=ours / ID=theirs
  std::vector<std::string> tags;
};

int run_import(const context& ctx, const import_args& args) {
  // The calendar, mapped rather than read (no limit on its size but the address space); standard
  // input, once the timeline folder is known, is kept in a file there that has no name.
  std::optional<mapped_file> input;
  if (args.file != "-") input.emplace(std::filesystem::path(args.file));
  import_request request;
  request.source = args.file == "-" ? "<stdin>" : args.file;
  if (args.file != "-") request.fallback_name = std::filesystem::path(args.file).stem().string();
  request.format = args.format == "json" ? import_format::json : import_format::ics;
  request.tags = args.tags;
  request.skip_invalid = args.skip_invalid;
  request.now = ctx.now;

  const auto target = load_import_target(ctx.events_dir);
  print_diagnostics(target.diagnostics);
  if (!target) return k_bad_data;
  if (!input) input.emplace(map_standard_input(ctx.events_dir));
  request.view = input->text();
  if (!request.view.data()) request.view = std::string_view{"", 0};  // an empty file
  // --prefer ours|theirs for every event, ID=ours|theirs for one; the last word for each wins.
  for (const auto& p : args.prefer) {
    const auto eq = p.rfind('=');
    const auto side = p.substr(eq == std::string::npos ? 0 : eq + 1);
    const auto pref = side == "ours"     ? merge_preference::ours
                      : side == "theirs" ? merge_preference::theirs
                                         : merge_preference::none;
    if (pref == merge_preference::none)
      throw usage_error(fmt::format("--prefer {}: expected ours, theirs, ID=ours or ID=theirs", p));
    if (eq == std::string::npos) {
      request.prefer = pref;
      continue;
    }
    const auto id = p.substr(0, eq);
    const auto& events = target->timeline.events;
    if (std::none_of(events.begin(), events.end(), [&](const event& e) { return e.id == id; }))
      throw usage_error(
          fmt::format("--prefer {}: no event \"{}\" in {}; the ids a conflict "
                      "names are the ones to give",
                      p, id, ctx.events_dir));
    request.prefer_for[id] = pref;
  }
  const auto preference_of = [&](const std::string& id) {
    const auto it = request.prefer_for.find(id);
    return it != request.prefer_for.end() ? it->second : request.prefer;
  };
  const auto planned = plan_import_changes(*target, request);
  print_diagnostics(planned.diagnostics);
  if (!planned.value) {
    complain(
        request.format == import_format::json
            ? fmt::format("nothing imported: \"{}\" is not valid Chronicle JSON (listed above)",
                          request.source)
            : fmt::format("nothing imported: \"{}\" is not an iCalendar file", request.source));
    return k_bad_data;
  }
  const auto& p = *planned.value;
  const auto& m = p.matched;
  auto summary = fmt::format("{} added, {} updated, {} unchanged, {} rejected", m.added.size(),
                             m.updated.size(), m.unchanged, m.rejected);
  if (m.conflicted > 0) summary += fmt::format(", {} in conflict", m.conflicted);
  // The merge, event by event: what was kept, what taken, what is in conflict.
  std::string merges;
  const auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  for (const auto& [id, r] : m.merges) {
    if (!r.kept_local.empty()) merges += fmt::format("{}: kept local {}\n", id, join(r.kept_local));
    if (!r.taken.empty())
      merges += fmt::format("{}: took from the calendar {}\n", id, join(r.taken));
    for (const auto& c : r.conflicts) {
      const auto text = fmt::format("conflict in {}: {}: local {}, calendar {}", id, c.field,
                                    c.local, c.calendar);
      if (r.resolved)
        merges +=
            fmt::format("{} (kept {})\n", text,
                        preference_of(id) == merge_preference::ours ? "local" : "the calendar's");
      else
        complain(text);
    }
  }
  if (p.conflicted) {
    emit(merges, "");
    complain(fmt::format(
        "nothing imported: {} event(s) changed both here and in \"{}\" (listed above); choose "
        "with --prefer ours (keep the timeline's values) or --prefer theirs (take the "
        "calendar's), for every event or one (--prefer ID=ours)",
        m.conflicted, request.source));
    return k_bad_data;
  }
  if (p.refused) {
    complain(
        fmt::format("nothing imported: {} of the events in \"{}\" cannot be imported (listed "
                    "above); fix them, or use --skip-invalid to import the others",
                    m.rejected, request.source));
    return k_bad_data;
  }
  const auto& lang = p.info.default_language;
  const auto line = [&](std::string_view verb, const event& e, std::string_view id) {
    return fmt::format("{} {}  {}  {}\n", verb, id, format_when(e, lang),
                       detail::title_of(e, lang));
  };
  std::string report;
  if (args.dry_run) {
    for (const auto& e : m.added) report += line("would add", e, e.id);
    for (const auto& e : m.updated) report += line("would update", e, e.id);
    emit(to_diff(p.plan) + report + merges + "dry run: " + summary + "\n", "");
    return k_ok;
  }
  // What was written, under the ids it was written as: another writer may have taken a name.
  const auto written = apply_plan(p.plan, ctx.events_dir);
  const std::size_t first = p.fresh ? 1 : 0;  // the new timeline's settings come first
  for (std::size_t i = 0; i < m.added.size(); ++i)
    report += line("added", m.added[i], written.at(first + i).id);
  for (const auto& e : m.updated) report += line("updated", e, e.id);
  emit(report + merges + summary + "\n", "");
  return k_ok;
}

}  // namespace

void add_import_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<import_args>();
  auto* cmd = app.add_subcommand("import", "Import events from an iCalendar (.ics) file");
  cmd->add_option("file", args->file, "The .ics file, or - for standard input")
      ->required()
      ->option_text("FILE.ics|-");
  cmd->add_flag("--dry-run", args->dry_run,
                "Print what would be added and updated, with the files as a diff; write nothing");
  cmd->add_option("--format", args->format,
                  "ics (default), or json: the JSON of list --format json and export json")
      ->check(CLI::IsMember({"ics", "json"}));
  cmd->add_flag("--skip-invalid", args->skip_invalid,
                "Import the valid events even when some cannot be imported (they are listed)");
  cmd->add_option("--prefer", args->prefer,
                  "Settle fields changed both here and in the calendar: ours keeps the "
                  "timeline's value, theirs takes the calendar's; ID=ours or ID=theirs for one "
                  "event (repeatable)")
      ->option_text("[ID=]ours|theirs");
  cmd->add_option("--tag", args->tags, "Add this tag to every imported event (repeatable)")
      ->option_text("TAG");
  cmd->footer(
      "Events are matched by UID: importing the same file again changes nothing, and a newer\n"
      "version of the calendar is merged with local edits, field by field: a field changed\n"
      "only here is kept, one changed only in the calendar is taken, one changed on both sides\n"
      "is a conflict (exit 1, nothing written) unless --prefer settles it.\n"
      "By default nothing is written if any event is invalid.\n\n"
      "Examples:\n"
      "  chronicle import ~/Downloads/calendar.ics --dry-run\n"
      "  chronicle import team.ics --tag team\n"
      "  curl -s https://example.org/cal.ics | chronicle import - --skip-invalid");
  cmd->callback([&ctx, args] { ctx.exit = run_import(ctx, *args); });
}

}  // namespace chronicle::cli
