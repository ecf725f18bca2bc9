// chronicle undo: revert the newest change recorded in the timeline's journal
// (.chronicle/journal/) and not undone yet; each undo steps one change further back. Refuses,
// writing nothing, when a file the change wrote was changed since by something else. The undo
// is planned by the library (ops/undo.hpp) and written, checked and recorded by apply_plan.

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "chronicle/ops/undo.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct undo_args {
  bool dry_run = false;
};

std::string change_name(const journal_entry& e) {
  return fmt::format("change {} ({} {})", e.number, e.note.command, e.note.summary);
}

int run_undo(const context& ctx, const undo_args& a) {
  const std::filesystem::path dir = ctx.events_dir;
  const auto planned = plan_undo(dir, ctx.now);
  if (!planned.ok()) {
    print_diagnostics(planned.diagnostics);
    complain("nothing undone");
    return k_bad_data;
  }
  if (!*planned.value) {
    const auto folder = journal_folder(dir).string();
    complain(read_journal(dir).value->empty()
                 ? fmt::format("nothing to undo: no change is recorded in {}", folder)
                 : fmt::format("nothing to undo: every change recorded in {} is undone", folder));
    return k_bad_data;
  }
  const auto& p = **planned.value;
  for (const auto& path : p.unchanged)
    std::fprintf(stderr, "%s already holds its text from before %s; left as it is\n", path.c_str(),
                 change_name(p.entry).c_str());
  if (a.dry_run) {
    emit(to_diff(p.plan), "");
    std::fprintf(stderr, "would undo %s (nothing written: --dry-run)\n",
                 change_name(p.entry).c_str());
    return k_ok;
  }
  std::string report = to_diff(p.plan);
  for (const auto& written : apply_plan(p.plan, dir)) {
    const auto* verb = written.kind == change_kind::create    ? "brought back"
                       : written.kind == change_kind::replace ? "restored"
                                                              : "removed";
    report += fmt::format("{} {}\n", verb, written.path.string());
  }
  report += fmt::format("undid {}\n", change_name(p.entry));
  emit(report, "");
  return k_ok;
}

}  // namespace

void add_undo_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<undo_args>();
  auto* cmd = app.add_subcommand(
      "undo", "Revert the last change (add, edit, remove, import, ...) not undone yet");
  cmd->add_flag("--dry-run", a->dry_run, "Print what would change, as a diff, and write nothing");
  cmd->footer(
      "Examples:\n"
      "  chronicle undo --dry-run\n"
      "  chronicle undo\n"
      "Each undo reverts the change before the last one undone (see \"chronicle log\"). It\n"
      "refuses, writing nothing, when a file the change wrote was changed since by hand.");
  cmd->callback([&ctx, a] { ctx.exit = run_undo(ctx, *a); });
}

}  // namespace chronicle::cli
