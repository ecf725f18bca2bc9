#pragma once
/// Tombstones: the events `chronicle remove` deleted, kept in the timeline's folder of derived
/// state so that `export ics` can cancel them in the calendars that imported them
/// (docs/FORMAT.md, "`.chronicle/`: derived state").

#include <filesystem>
#include <string>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// Where the tombstone of event `id` lives: `DIR/.chronicle/removed/ID.toml`. It is an event
/// file: the event as it was when removed, with `revision` one past the removed file's and
/// `last_modified` the time of the removal.
std::filesystem::path tombstone_file(const std::filesystem::path& dir, const std::string& id);

/// The removed events of a timeline, sorted by id.
struct tombstones {
  std::vector<event> events;
  /// A tombstone that does not load is left out with a warning at its file: an export never
  /// fails for a file of derived state.
  std::vector<diagnostic> diagnostics;
};

/// Reads the tombstones of the timeline folder `dir`, whose live events are `live` (its `info`
/// gives the default zone and the UID domain). A tombstone whose id or UID is again a live
/// event's is skipped: the id (or the calendar's UID) was reused, and the live event wins. Names
/// starting with `.` and entries that are not regular files are skipped. No folder, no
/// tombstones. Throws `io_error` when the folder or a file cannot be read.
tombstones load_tombstones(const std::filesystem::path& dir, const timeline& live);

}  // namespace chronicle
