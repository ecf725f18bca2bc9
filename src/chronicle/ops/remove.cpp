#include "chronicle/ops/remove.hpp"

#include <fmt/format.h>

#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/tombstones.hpp"
#include "chronicle/store/toml_edit.hpp"

namespace chronicle {

result<remove_plan> plan_remove(const change_base& base, const remove_request& request) {
  const auto match = resolve_event(base.timeline, base.ids, request.id);
  if (match.id.empty())
    return result<remove_plan>::failure(
        error_at("id", describe_mismatch(match, request.id, base.dir)));
  remove_plan out;
  out.id = match.id;
  out.path = base.dir / (out.id + ".toml");
  const auto& info = base.timeline.info;
  auto found = find_referrers(base.dir, info, out.id);
  out.referrers = std::move(found.value).value_or(std::vector<referrer>{});
  if (!found.diagnostics.empty()) {  // files whose relations cannot be known
    out.unreadable_files = true;
    return {std::move(out), std::move(found.diagnostics)};
  }
  if (!out.referrers.empty() && !request.force) {
    std::string ids;
    for (const auto& r : out.referrers) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", r.id);
    auto refused =
        error_at(out.path.string(), fmt::format("other events relate to \"{}\": {}", out.id, ids));
    return {std::move(out), {std::move(refused)}};
  }

  out.plan.note = {"remove",
                   out.referrers.empty()
                       ? out.id
                       : fmt::format("{}, dropping the relations of {} event(s) to it", out.id,
                                     out.referrers.size()),
                   request.now};

  // The other files first: if the writing stops half-way, no relation is left pointing at a
  // removed event.
  std::vector<diagnostic> problems;
  for (const auto& r : out.referrers) {
    const auto path = base.dir / (r.id + ".toml");
    auto original = read_file(path);
    auto doc = toml_document::parse(original, path.string(), problems);
    if (!doc) {  // it was TOML a moment ago, when find_referrers read it
      out.plan.changes.clear();
      return {std::move(out), std::move(problems)};
    }
    const auto old = parse_event(original, r.id, path.string(), info);
    event_editor ed(std::move(*doc), info.default_language);
    for (auto key : {"follows", "part_of", "related"}) ed.remove_from_list(key, out.id);
    ed.touch(old.event ? old.event->revision : 0,
             old.event ? old.event->last_modified : std::nullopt, request.now);
    out.plan.changes.push_back({change_kind::replace, r.id, path, ed.text(), std::move(original)});
  }
  auto original = read_file(out.path);
  out.plan.changes.push_back({change_kind::remove, out.id, out.path, {}, original});

  // The tombstone: the event as it was, one revision on, so that an export can cancel it in
  // the calendars that imported it. Kept in its own layout when the file is TOML; a file that
  // is not (it cannot be exported either) leaves none.
  std::vector<diagnostic> ignored;
  if (auto doc = toml_document::parse(original, out.path.string(), ignored)) {
    const auto old = parse_event(original, out.id, out.path.string(), info);
    event_editor ed(std::move(*doc), info.default_language);
    ed.touch(old.event ? old.event->revision : 0,
             old.event ? old.event->last_modified : std::nullopt, request.now);
    out.tombstone = tombstone_file(base.dir, out.id);
    out.plan.derived.push_back({change_kind::create, out.id, out.tombstone, ed.text(), {}});
    add_derived_readme(out.plan, base.dir);
  }
  return out;
}

}  // namespace chronicle
