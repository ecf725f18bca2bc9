// chronicle pull: what changed in a CalDAV calendar since the last publish or pull, imported
// with the UID matching and three-way merge of `chronicle import`.

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "caldav_options.hpp"
#include "chronicle/exchange/ical/compare.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/ops/remove.hpp"
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

namespace {

/// How pull settles the events deleted on the server since the last sync.
struct deletions {
  std::vector<std::string> remove;     ///< unchanged here since (or --prefer theirs): removed here
  std::string notes;                   ///< what stdout says of the rest
  std::vector<std::string> conflicts;  ///< changed here since, and no --prefer: nothing pulled
};

/// An event deleted on the server is removed here when it is as its base records it (as the
/// last publish, pull or import left it); changed since, it is a conflict that --prefer
/// settles. An event without a base (published by an older Chronicle) counts as changed.
deletions settle_deletions(const context& ctx, const import_target& target,
                           const server_changes& changes, const std::string& prefer) {
  deletions out;
  const auto& t = target.timeline;
  for (const auto& id : changes.deleted) {
    const auto it =
        std::find_if(t.events.begin(), t.events.end(), [&](const event& e) { return e.id == id; });
    if (target.fresh || it == t.events.end()) continue;  // already gone here: nothing to do
    const auto base = load_import_base(ctx.events_dir, *it, t.info);
    if (base && *base == *it) {
      out.remove.push_back(id);
      continue;
    }
    const auto text =
        fmt::format("conflict in {}: deleted on the server, {} here since the last sync", id,
                    base ? "changed" : "maybe changed (no record of the version published)");
    if (prefer == "theirs") {
      out.remove.push_back(id);
      out.notes += text + " (removed: --prefer theirs)\n";
    } else if (prefer == "ours") {
      out.notes += text + " (kept: --prefer ours; the next publish sends it again)\n";
    } else {
      out.conflicts.push_back(text);
    }
  }
  return out;
}

/// Removes `id` as `chronicle remove` does (a tombstone kept), unless other events relate to
/// it: then it is kept, and the line added to `out` says so. With `dry_run` the diff is added.
/// Returns whether it was (or would be) removed.
bool remove_deleted(const context& ctx, const std::string& id, bool dry_run, std::string& out) {
  auto base = load_for_change(ctx);
  if (!base) return false;
  const auto planned = plan_remove(*base, {id, false, ctx.now});
  if (!planned.value) return false;  // gone meanwhile
  const auto& p = *planned.value;
  if (p.unreadable_files || !p.referrers.empty() || !planned.ok()) {
    out += fmt::format(
        "kept {} (deleted on the server): other events relate to it; chronicle remove {} "
        "--force removes it here too\n",
        id, id);
    return false;
  }
  if (dry_run) {
    out += to_diff(p.plan);
    return true;
  }
  auto plan = p.plan;
  plan.note.command = "pull";
  plan.note.summary = fmt::format("{}: deleted on the server", id);
  apply_plan(plan, ctx.events_dir);
  out += fmt::format("removed {} (deleted on the server)\n", id);
  return true;
}

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
  if (changes.changed.empty() && changes.deleted.empty()) {
    if (!dry_run) record_pulled(state, r, changes);
    std::fputs((out + "nothing changed on the server " + requests + "\n").c_str(), stdout);
    return k_ok;
  }
  const auto target = load_import_target(ctx.events_dir);
  print_diagnostics(target.diagnostics);
  if (!target) return k_bad_data;
  auto gone = settle_deletions(ctx, *target, changes, args.prefer);
  out += gone.notes;
  std::optional<import_changes> planned_import;
  if (!changes.changed.empty()) {
    std::vector<std::string> texts;
    for (const auto& o : changes.changed) texts.push_back(o.text);
    import_request q;
    q.text = join_calendars(texts);
    q.source = args.url;
    q.prefer = args.prefer == "ours"     ? merge_preference::ours
               : args.prefer == "theirs" ? merge_preference::theirs
                                         : merge_preference::none;
    q.now = ctx.now;
    auto planned = plan_import_changes(*target, q);
    print_diagnostics(planned.diagnostics);
    if (!planned.value) {
      complain(fmt::format("nothing pulled: the server's objects do not form a calendar"));
      return k_bad_data;
    }
    planned_import = std::move(*planned.value);
    // Journaled as pull, without the URL (which may carry a user name).
    planned_import->plan.note.command = "pull";
    planned_import->plan.note.summary =
        fmt::format("{} new, {} changed on the server", planned_import->matched.added.size(),
                    planned_import->matched.updated.size());
  }
  const import_plan none;
  const auto& m = planned_import ? planned_import->matched : none;
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
  for (const auto& c : gone.conflicts) complain(c);
  const auto conflicted = m.conflicted + gone.conflicts.size();
  const auto summary_of = [&](std::size_t removed) {
    auto summary = fmt::format("{} added, {} updated, {} unchanged, {} rejected", m.added.size(),
                               m.updated.size(), m.unchanged, m.rejected);
    if (!changes.deleted.empty()) summary += fmt::format(", {} removed", removed);
    if (conflicted) summary += fmt::format(", {} in conflict", conflicted);
    return summary + " " + requests;
  };
  if (conflicted) {
    std::fputs(out.c_str(), stdout);
    complain(fmt::format(
        "nothing pulled: {} event(s) changed both here and on the server (listed above); "
        "choose with --prefer ours (keep the timeline's values) or --prefer theirs (take the "
        "server's)",
        conflicted));
    return k_bad_data;
  }
  if (planned_import && planned_import->refused) {
    std::fputs(out.c_str(), stdout);
    complain(
        fmt::format("nothing pulled: {} of the server's events cannot be imported (listed "
                    "above)",
                    m.rejected));
    return k_bad_data;
  }
  if (dry_run) {
    std::string diff = planned_import ? to_diff(planned_import->plan) : std::string{};
    std::size_t removed = 0;
    for (const auto& id : gone.remove) removed += remove_deleted(ctx, id, true, diff);
    std::fputs((diff + out + "dry run: " + summary_of(removed) + "\n").c_str(), stdout);
    return k_ok;
  }
  if (planned_import) {
    const auto written = apply_plan(planned_import->plan, ctx.events_dir);
    for (const auto& w : written)
      out += fmt::format("{} {}\n", w.kind == change_kind::create ? "added" : "updated", w.id);
  }
  std::size_t removed = 0;
  for (const auto& id : gone.remove) removed += remove_deleted(ctx, id, false, out);
  record_pulled(state, r, changes);
  std::fputs((out + summary_of(removed) + "\n").c_str(), stdout);
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
      "settles it. An event deleted on the server is removed here (a tombstone kept, as\n"
      "`chronicle remove` does) when it is unchanged here since the last publish or pull;\n"
      "changed since, it is a conflict: --prefer theirs removes it, --prefer ours keeps it\n"
      "(the next publish sends it again). The next publish sends the merged events back.\n\n"
      "Examples:\n"
      "  chronicle pull http://127.0.0.1:5232/alice/c5plus1/\n"
      "  chronicle pull https://dav.example.org/cal/team/ --dry-run");
  cmd->callback([&ctx, args] { ctx.exit = run_pull(ctx, args->connection, args->dry_run); });
}

}  // namespace chronicle::cli
