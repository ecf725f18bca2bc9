// chronicle remove: delete an event file; refuses while other events relate to it, unless
// --force, which also drops those relations (in place, keeping the other files' layout). A
// tombstone is kept in .chronicle/removed/ for `export ics`. The removal is planned by the
// library (ops/remove.hpp).

#include <algorithm>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "chronicle/ops/remove.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct remove_args {
  std::string id;
  bool force = false;
  bool dry_run = false;
};

std::string kinds_text(const std::vector<relation_kind>& kinds) {
  std::vector<std::string_view> names;
  for (auto k : kinds)
    if (std::find(names.begin(), names.end(), to_string(k)) == names.end())
      names.push_back(to_string(k));
  return fmt::format("{}", fmt::join(names, ", "));
}

int run_remove(const context& ctx, const remove_args& a) {
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  const auto planned = plan_remove(*base, {a.id, a.force, ctx.now});
  if (!planned.value) {
    for (const auto& d : planned.diagnostics) complain(d.message);  // the id names no event
    return k_usage;
  }
  const auto& p = *planned.value;
  if (p.unreadable_files) {
    print_diagnostics(planned.diagnostics);
    complain(
        fmt::format("cannot tell whether these files relate to \"{}\"; fix them first, so "
                    "that no relation is left pointing at nothing",
                    p.id));
    return k_bad_data;
  }
  if (!p.referrers.empty() && !a.force) {
    std::string list;
    for (const auto& r : p.referrers) list += fmt::format("\n  {} ({})", r.id, kinds_text(r.kinds));
    complain(
        fmt::format("not removing \"{}\": other events relate to it:{}\nuse --force to "
                    "remove it and drop these relations",
                    p.id, list));
    return k_bad_data;
  }
  if (!planned.ok()) {
    print_diagnostics(planned.diagnostics);
    return k_bad_data;
  }
  if (a.dry_run) {
    emit(to_diff(p.plan), "");
    std::fprintf(stderr, "would remove %s (nothing written: --dry-run)\n", p.path.c_str());
    if (!p.tombstone.empty())
      std::fprintf(stderr,
                   "would keep a tombstone, %s: \"export ics\" cancels the event in calendars "
                   "that imported it\n",
                   p.tombstone.c_str());
    return k_ok;
  }
  std::string report;
  for (const auto& written : apply_plan(p.plan, ctx.events_dir)) {
    if (written.kind == change_kind::replace)
      report +=
          fmt::format("dropped the relation to \"{}\" from {}\n", p.id, written.path.string());
    else
      report += fmt::format("removed {}\n", written.path.string());
  }
  if (!p.tombstone.empty())
    report += fmt::format(
        "kept a tombstone, {}: \"export ics\" cancels the event in calendars that imported it\n",
        p.tombstone.string());
  emit(report, "");
  return k_ok;
}

}  // namespace

void add_remove_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<remove_args>();
  auto* cmd = app.add_subcommand("remove", "Remove an event; refuses while others relate to it");
  cmd->add_option("ID", a->id, "Event id, or any unique start of one")->required();
  cmd->add_flag("--force", a->force,
                "Remove it even when other events relate to it, dropping those relations");
  cmd->add_flag("--dry-run", a->dry_run, "Print what would change, as a diff, and write nothing");
  cmd->footer(
      "Examples:\n"
      "  chronicle remove 2024-05-10-meeting-in-astana\n"
      "  chronicle remove 2024-03-sharlapayev --force --dry-run\n"
      "A tombstone is kept in .chronicle/removed/ of the events folder: \"export ics\" writes\n"
      "it as a cancelled event, so calendars that imported the event cancel it too.");
  cmd->callback([&ctx, a] { ctx.exit = run_remove(ctx, *a); });
}

}  // namespace chronicle::cli
