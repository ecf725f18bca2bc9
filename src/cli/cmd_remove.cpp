// chronicle remove: delete an event file; refuses while other events relate to it, unless
// --force, which also drops those relations (in place, keeping the other files' layout).

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/text_diff.hpp"
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
  const auto id = resolve_event_arg(base->ids, a.id, ctx);
  const auto file = event_file(ctx.events_dir, id).string();
  const auto& info = base->timeline.info;
  const auto found = find_referrers(ctx.events_dir, info, id);
  const auto& referrers = *found.value;
  if (!found.diagnostics.empty()) {
    print_diagnostics(found.diagnostics);
    complain(
        fmt::format("cannot tell whether these files relate to \"{}\"; fix them first, so "
                    "that no relation is left pointing at nothing",
                    id));
    return k_bad_data;
  }
  if (!referrers.empty() && !a.force) {
    std::string list;
    for (const auto& r : referrers) list += fmt::format("\n  {} ({})", r.id, kinds_text(r.kinds));
    complain(
        fmt::format("not removing \"{}\": other events relate to it:{}\nuse --force to "
                    "remove it and drop these relations",
                    id, list));
    return k_bad_data;
  }

  // The other files first: if interrupted, no relation is left pointing at a removed event.
  std::vector<std::pair<std::string, std::string>> changed;  // id, new text
  std::string report;
  for (const auto& r : referrers) {
    const auto path = event_file(ctx.events_dir, r.id).string();
    const auto original = read_file(path);
    std::vector<diagnostic> problems;
    auto doc = toml_document::parse(original, path, problems);
    const auto old = parse_event(original, r.id, path, info);
    event_editor ed(std::move(*doc), info.default_language);
    for (auto key : {"follows", "part_of", "related"}) ed.remove_from_list(key, id);
    ed.touch(old.event->revision, old.event->last_modified, ctx.now);
    if (a.dry_run)
      report += unified_diff(original, ed.text(), "a/" + path, "b/" + path);
    else
      changed.emplace_back(r.id, ed.text());
  }
  if (a.dry_run) {
    emit(report, "");
    std::fprintf(stderr, "would remove %s (nothing written: --dry-run)\n", file.c_str());
    return k_ok;
  }
  for (const auto& [other, text] : changed) {
    replace_event_file(ctx.events_dir, other, text);
    report += fmt::format("dropped the relation to \"{}\" from {}\n", id,
                          event_file(ctx.events_dir, other).string());
  }
  remove_event_file(ctx.events_dir, id);
  emit(report + fmt::format("removed {}\n", file), "");
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
      "  chronicle remove 2024-03-sharlapayev --force --dry-run");
  cmd->callback([&ctx, a] { ctx.exit = run_remove(ctx, *a); });
}

}  // namespace chronicle::cli
