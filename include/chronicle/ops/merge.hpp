#pragma once
/// The three-way merge of one event: the version last taken from a calendar (the base), the
/// version in the timeline (local, perhaps edited since) and the calendar's new version
/// (incoming). A pure function over events, with no files and no clock of its own, so that
/// `import` uses it today and a CalDAV `pull` can use it unchanged.

#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/event.hpp"

namespace chronicle {

/// How a field changed on both sides, to different values, is settled.
enum class merge_preference {
  none,    ///< not at all: the conflict is reported and the event must not be written
  ours,    ///< the local value is kept
  theirs,  ///< the calendar's value is taken
};

/// A field changed on both sides to different values, with both values as messages show them.
struct merge_conflict {
  std::string field;     ///< "place.city", "title.en", "tags", …
  std::string local;     ///< the timeline's value, e.g. `"Moscow"`
  std::string calendar;  ///< the calendar's value, e.g. `"Kazan"`
  friend bool operator==(const merge_conflict&, const merge_conflict&) = default;
};

struct merge_result {
  event merged;  ///< local's id and file, with the merged fields, revision and last_modified
  std::vector<std::string> kept_local;    ///< fields changed only locally: kept
  std::vector<std::string> taken;         ///< fields changed only in the calendar: taken
  std::vector<merge_conflict> conflicts;  ///< fields changed on both sides, differently
  /// The conflicts were settled by a preference (else `merged` must not be written while
  /// `conflicts` is not empty).
  bool resolved = false;
  /// `merged` differs from `local` in content (not only in revision or last_modified).
  bool changed = false;

  bool has_unresolved_conflicts() const { return !conflicts.empty() && !resolved; }
};

/// Merges field by field: a field changed only locally is kept, one changed only in the
/// calendar is taken, one changed on both sides to the same value is taken, one changed on both
/// sides to different values is a conflict (settled by `prefer`, else left at the local value
/// and reported). Fields: `title.LANG` and `description.LANG` per language; `date` (the date
/// with the time, end and zone, as one: they must agree); `place.name`, `place.city`,
/// `place.country`, `place.latitude`, `place.longitude`; `participants`; `status`; `tags` (as
/// a set: the local set, plus what the calendar added, minus what the calendar removed);
/// `sources`; `relations`; `recurrence`; `date_note`; `uid`; `ical_extra`; `changed`.
///
/// Without a base (`base` null: it was never recorded, or was deleted) nothing says which side
/// changed a field, so every field that differs between local and incoming is a conflict, the
/// tags included. When the merged event differs from local, its revision is above local's,
/// base's and equal to at least incoming's, and its last_modified is the latest of `now`,
/// local's plus one second and incoming's: neither ever goes backwards.
merge_result merge3(const event* base, const event& local, const event& incoming,
                    date::sys_seconds now, merge_preference prefer = merge_preference::none);

}  // namespace chronicle
