// chronicle pull: what changed in a CalDAV calendar since the last publish or pull, imported
// with the UID matching and three-way merge of `chronicle import`.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "caldav_options.hpp"
#include "chronicle/exchange/ical/compare.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/publish/caldav.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct pull_args {
  caldav_args connection;
  bool dry_run = false;
};

}  // namespace

int run_pull(const context& ctx, const caldav_args& args, bool dry_run) {
  const auto r = caldav_request(ctx, args);
  const auto state = publish_state_file(ctx.events_dir, args.url);
  const auto changes = fetch_server_changes(state, r);
  const auto requests =
      fmt::format("({} request{})", changes.requests, changes.requests == 1 ? "" : "s");
  if (changes.collection_missing) {
    complain(fmt::format("there is no calendar at {}; `chronicle publish {}` creates it", args.url,
                         args.url));
    return k_io;
  }
  std::string out;
  for (const auto& id : changes.deleted)
    out += fmt::format(
        "note: {} was deleted on the server; kept here (chronicle remove {} removes it here "
        "too; publish --prefer ours puts it back)\n",
        id, id);
  if (changes.changed.empty()) {
    if (!dry_run) record_pulled(state, r, changes);
    std::fputs((out + "nothing changed on the server " + requests + "\n").c_str(), stdout);
    return k_ok;
  }
  const auto target = load_import_target(ctx.events_dir);
  print_diagnostics(target.diagnostics);
  if (!target) return k_bad_data;
  std::vector<std::string> texts;
  for (const auto& o : changes.changed) texts.push_back(o.text);
  import_request q;
  q.text = join_calendars(texts);
  q.source = args.url;
  q.prefer = args.prefer == "ours"     ? merge_preference::ours
             : args.prefer == "theirs" ? merge_preference::theirs
                                       : merge_preference::none;
  q.now = ctx.now;
  const auto planned = plan_import_changes(*target, q);
  print_diagnostics(planned.diagnostics);
  if (!planned.value) {
    complain(fmt::format("nothing pulled: the server's objects do not form a calendar"));
    return k_bad_data;
  }
  const auto& p = *planned.value;
  const auto& m = p.matched;
  for (const auto& [id, merged] : m.merges)
    for (const auto& c : merged.conflicts) {
      const auto text =
          fmt::format("conflict in {}: {}: local {}, server {}", id, c.field, c.local, c.calendar);
      if (merged.resolved)
        out +=
            fmt::format("{} (kept {})\n", text, args.prefer == "ours" ? "local" : "the server's");
      else
        complain(text);
    }
  auto summary = fmt::format("{} added, {} updated, {} unchanged, {} rejected", m.added.size(),
                             m.updated.size(), m.unchanged, m.rejected);
  if (m.conflicted) summary += fmt::format(", {} in conflict", m.conflicted);
  summary += " " + requests;
  if (p.conflicted) {
    std::fputs(out.c_str(), stdout);
    complain(fmt::format(
        "nothing pulled: {} event(s) changed both here and on the server (listed above); "
        "choose with --prefer ours (keep the timeline's values) or --prefer theirs (take the "
        "server's)",
        m.conflicted));
    return k_bad_data;
  }
  if (p.refused) {
    std::fputs(out.c_str(), stdout);
    complain(
        fmt::format("nothing pulled: {} of the server's events cannot be imported (listed "
                    "above)",
                    m.rejected));
    return k_bad_data;
  }
  if (dry_run) {
    std::fputs((to_diff(p.plan) + out + "dry run: " + summary + "\n").c_str(), stdout);
    return k_ok;
  }
  const auto written = apply_plan(p.plan, ctx.events_dir);
  record_pulled(state, r, changes);
  for (const auto& w : written)
    out += fmt::format("{} {}\n", w.kind == change_kind::create ? "added" : "updated", w.id);
  std::fputs((out + summary + "\n").c_str(), stdout);
  std::fflush(stdout);
  return k_ok;
}

void add_pull_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<pull_args>();
  auto* cmd = app.add_subcommand(
      "pull", "Import what changed in a CalDAV calendar since the last publish or pull");
  add_caldav_options(*cmd, ctx, args->connection,
                     "Settle fields changed both here and on the server: ours keeps the "
                     "timeline's value, theirs takes the server's");
  cmd->add_flag("--dry-run", args->dry_run,
                "Print what would be added and updated, as a diff; write nothing");
  cmd->footer(
      "Fetches each resource of the calendar that is new or changed since the last publish or\n"
      "pull (one listing request, then one GET per change) and imports them as `chronicle\n"
      "import` does: matched by UID, merged three ways with the version last imported, a\n"
      "field changed on both sides a conflict (exit 1, nothing written) unless --prefer\n"
      "settles it. Events deleted on the server are reported, not removed here. The next\n"
      "publish sends the merged events back.\n\n"
      "Examples:\n"
      "  chronicle pull http://127.0.0.1:5232/alice/c5plus1/\n"
      "  chronicle pull https://dav.example.org/cal/team/ --dry-run");
  cmd->callback([&ctx, args] { ctx.exit = run_pull(ctx, args->connection, args->dry_run); });
}

}  // namespace chronicle::cli
