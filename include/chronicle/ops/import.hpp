#pragma once
/// `chronicle import` as a use case: events from an iCalendar file (or Chronicle's JSON) merged
/// into a timeline, matched by UID so that importing again changes nothing, planned but not
/// written.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/merge.hpp"

namespace chronicle {

/// What merging imported events into a timeline does, event by event.
struct import_plan {
  std::vector<event> added;    ///< new events, each with a fresh id and file name
  std::vector<event> updated;  ///< newer versions of existing events, with their ids and files
  std::size_t unchanged = 0;   ///< already in the timeline as they are, or older than it
  std::size_t rejected = 0;
  std::vector<diagnostic> diagnostics;  ///< relations that could not be resolved
  /// With a merge: each matched event the calendar changed, by id, merged with its local
  /// version (what was kept, taken and in conflict). An event with unresolved conflicts is in
  /// neither `updated` nor `unchanged`.
  std::vector<std::pair<std::string, merge_result>> merges;
  std::size_t conflicted = 0;  ///< events with unresolved conflicts
  /// With a merge: the calendar's versions to record as the new bases (added events, and
  /// matched events whose calendar version changed and is settled).
  std::vector<event> bases;
};

/// The versions of the events last imported (the bases, by event id), and how conflicts are
/// settled: what turns matching by UID into a three-way merge (ops/merge.hpp).
struct import_merge {
  std::map<std::string, event, std::less<>> bases;
  merge_preference prefer = merge_preference::none;
  /// A preference for one event, by its id here: wins over `prefer` for that event.
  std::map<std::string, merge_preference, std::less<>> prefer_for;
  date::sys_seconds now;  ///< the merged events' last_modified, at least
};

/// Matches `incoming` to `existing` by UID. A matched event is updated when it differs and is
/// newer (higher SEQUENCE, then later LAST-MODIFIED or DTSTAMP), else left unchanged; the rest
/// are added, with ids derived from date and title, never clashing. RELATED-TO UIDs become
/// relations to ids; unknown ones are kept as iCalendar lines with a warning. `tags` are added
/// to every imported event. A removed event of a Chronicle export (`imported_event::removed`)
/// is never added (it counts as unchanged); a matched one is the local event, cancelled, at the
/// calendar's revision.
///
/// With `merge`, a matched event is merged three ways (`merge3`) with its base, when it has one
/// whose UID matches: unchanged when the calendar's version equals the base (or is older), else
/// local edits kept, calendar changes taken, conflicts reported. Without a base the fallback is
/// `merge3` without one: unchanged when the contents are equal, else every field that differs
/// is a conflict. Without `merge` (the fuzzer, old callers), a newer version replaces the
/// local one as a whole.
import_plan plan_import(const timeline& existing, std::vector<imported_event> incoming,
                        const std::vector<std::string>& tags, const import_merge* merge = nullptr);

/// The timeline an import goes into: the one in `dir`, or a new one when `dir` holds no
/// `timeline.toml` (it need not exist yet).
struct import_target {
  std::filesystem::path dir;
  chronicle::timeline timeline;  ///< empty, with default settings, when `fresh`
  bool fresh = false;
};

/// Reads the timeline in `dir` for an import. Fails with the loading diagnostics when it has
/// errors: imported relations and UIDs must be matched against every event. Warnings come
/// beside the value. An existing folder without timeline.toml is `fresh`; a folder that does
/// not exist throws `io_error`, as does one (or a file) that cannot be read.
result<import_target> load_import_target(const std::filesystem::path& dir);

enum class import_format { ics, json };

struct import_request {
  std::string text;  ///< the calendar (or JSON) as read, when held here
  /// The calendar held elsewhere, such as a mapped file (`store/mapped_file.hpp`), which must
  /// outlive the planning: used instead of `text` when it is set (not null).
  std::string_view view;
  /// What is imported: `view` when it is set, else `text`.
  std::string_view input() const { return view.data() ? view : std::string_view{text}; }
  std::string source;  ///< names the text in diagnostics ("team.ics", "<stdin>")
  /// The name of a new timeline when the calendar gives none (the file name's stem).
  std::string fallback_name = "imported";
  import_format format = import_format::ics;
  std::vector<std::string> tags;  ///< added to every imported event
  bool skip_invalid = false;      ///< import the valid events even when some are rejected
  /// How a field changed both locally and in the calendar is settled; with `none` an event in
  /// conflict stops the whole import (nothing is written, like a rejected event).
  merge_preference prefer = merge_preference::none;
  /// A preference for one event, by its id in the timeline: wins over `prefer` for that event.
  std::map<std::string, merge_preference, std::less<>> prefer_for;
  date::sys_seconds now;  ///< recorded as the merged events' last_modified
};

/// Where an import records the calendar's version of event `id` (the base of the next
/// re-import): `DIR/.chronicle/import-base/ID.toml`, as an event file.
std::filesystem::path import_base_file(const std::filesystem::path& dir, const std::string& id);

/// The import base of `e` in the timeline folder `dir`, when one is recorded, loads and names
/// the event's UID (else nothing, as for an import). Throws `io_error` when it cannot be read.
std::optional<event> load_import_base(const std::filesystem::path& dir, const event& e,
                                      const timeline_info& info);

/// Plans recording the events of `t` named by `ids` as their own import bases, in
/// `plan.derived` (with `.chronicle/README` when needed), each only where the base recorded
/// differs: what publish does for the events the server holds as sent (their objects carry them
/// whole, X-CHRONICLE-EVENT), so that pull merges the server's next change of one three ways
/// and knows whether one deleted on the server was changed here since. Throws `io_error`.
change_plan plan_record_bases(const std::filesystem::path& dir, const timeline& t,
                              const std::vector<std::string>& ids);

/// A planned import.
struct import_changes {
  /// For a new timeline its `timeline.toml`, then one `create` per added event, then one
  /// `replace` per updated one. Empty when `refused`.
  change_plan plan;
  import_plan matched;   ///< the events added and updated (with the ids planned), and the counts
  timeline_info info;    ///< the settings of the timeline, new or not
  bool fresh = false;    ///< the timeline is new: `timeline.toml` is created
  bool refused = false;  ///< some events are rejected and `skip_invalid` is not set
  /// Some events are in conflict and no preference settles them: nothing is planned.
  bool conflicted = false;
};

/// Plans importing `request` into `target`: the text parsed (as iCalendar, with the settings a
/// new timeline takes from the calendar itself, or as JSON), matched with `plan_import`, and
/// turned into files. Fails without a value when the text is not a calendar (or not valid
/// Chronicle JSON). The diagnostics hold the parser's repairs and rejections and the matching's
/// warnings; with `skip_invalid` a valid plan may stand beside the errors of the events it
/// leaves out, so apply it unless `refused` or `conflicted`. The calendar's version of every
/// added or merged event is recorded in `plan.derived` as its base (`import_base_file`), with
/// `.chronicle/README` when that folder has none. Throws `io_error` when an updated event's file
/// cannot be read.
result<import_changes> plan_import_changes(const import_target& target,
                                           const import_request& request);

}  // namespace chronicle
