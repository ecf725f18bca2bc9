#pragma once
/// `chronicle edit` as a use case: one event file changed in place (comments and layout kept),
/// field by field or as a whole new text, checked before anything is planned, and recorded by
/// advancing revision and last_modified.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/event.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace chronicle {

/// The event file an edit changes, as it was read.
struct edit_target {
  std::string id;
  std::filesystem::path path;
  std::string original;  ///< its text
};

/// Finds the event `id_or_prefix` names in `base` and reads its file. Fails, naming "id" in the
/// diagnostic's `file`, when it names no single event. Throws `io_error` when it cannot be read.
result<edit_target> open_for_edit(const change_base& base, std::string_view id_or_prefix);

/// Changes to one event, applied in a fixed order: removals, then settings, then additions.
struct edit_request {
  std::string id;                  ///< an id, or a unique start of one
  std::vector<std::string> unset;  ///< keys `event_editor::unset` takes
  std::vector<std::string> remove_tags;
  std::vector<std::string> remove_sources;    ///< by URL
  std::vector<std::string> remove_relations;  ///< ids or unique starts among its relations
  std::vector<std::string> set;  ///< "KEY=VALUE"; tags and relations take comma-separated lists
  std::vector<std::string> add_tags;
  std::vector<std::string> add_follows;  ///< ids, or unique starts of ids
  std::vector<std::string> add_part_of;
  std::vector<std::string> add_related;
  std::vector<source_ref> add_sources;
  date::sys_seconds now;                ///< recorded as last_modified
  std::optional<date::sys_days> today;  ///< for the stale-status warning

  bool has_changes() const;
};

/// A planned edit.
struct edit_plan {
  change_plan plan;  ///< one `replace`; empty when nothing changes or while there are errors
  edit_target target;
  std::string text;     ///< the new text (the original when nothing changes)
  bool is_toml = true;  ///< false when the file is not TOML, so it cannot be changed in place
};

/// Plans the changes `request` asks of its event in `base`.
///
/// Problems with the request (an unknown key, a value of the wrong kind, a tag the event does
/// not have, a relation that names no single event) fail without a value; the diagnostic's
/// `file` says where, as the request field (singular) and the value when the message does not
/// quote it: `set "colour=red"`, `remove_tag "visit"`, `set follows`, `add_related`, `id`. Problems
/// of the data come with a value beside them: the file is not TOML (`is_toml` false), or the
/// changed file would not be valid (errors positioned in `text`, as `validate_event_text` gives
/// them); nothing is planned then.
result<edit_plan> plan_edit(const change_base& base, const edit_request& request);

/// Plans `text` as the new content of `target` (an edit made in a text editor): validated as
/// the file would be, then, when it differs from the original, recorded by advancing revision
/// and last_modified. With errors (positioned in `text`), the value holds `text` and no change;
/// when `text` is the original, the plan is empty. Warnings come beside a valid plan.
result<edit_plan> plan_edit_text(const change_base& base, const edit_target& target,
                                 std::string text, date::sys_seconds now,
                                 std::optional<date::sys_days> today = {});

}  // namespace chronicle
