#pragma once
/// Checking a whole timeline beyond what loading needs, for `chronicle check` and for users' CI:
/// cycles, relations that point the wrong way in time, duplicate UIDs, stale statuses and
/// exports that no longer match the events. Also the validation of one changed event file.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

struct check_options {
  /// Events that ended before this day and are still planned or tentative get a warning.
  date::sys_days today;
  /// A folder of committed `*.ics` exports to compare with a fresh export; none when empty.
  std::filesystem::path exports;
};

struct check_report {
  std::vector<diagnostic> diagnostics;  ///< sorted by file, line and column
  std::size_t files = 0;                ///< event files read
};

/// Checks the timeline in `dir`: every problem loading reports, then `check_links`,
/// `check_statuses` and, when `options.exports` is set, `check_exports`; also warns about
/// temporary files that interrupted writes left behind. Throws `io_error` when a folder or file
/// cannot be read.
check_report check_timeline(const std::filesystem::path& dir, const check_options& options);

/// Errors across events: cycles of `follows` or of `part_of`, a `follows` whose target begins
/// after the event ends, and two events with the same iCalendar UID.
std::vector<diagnostic> check_links(const timeline& t);

/// Warnings for events that ended before `today` but are still planned or tentative.
std::vector<diagnostic> check_statuses(const timeline& t, date::sys_days today);

/// Errors for each `*.ics` file in `dir` that differs from every fresh export of `t` (any
/// `--lang` and `--coarse`, with or without the removed events of `events_dir`'s tombstones;
/// DTSTAMP lines are ignored, as they record when the export was made). Positioned at the first
/// line that differs. `events_dir` is the timeline's folder, as the suggested command names
/// it. An entry named `*.ics` that is not a file (a folder, a broken symbolic link) is an error
/// at its path. Throws `io_error` when the folder or an export cannot be read.
std::vector<diagnostic> check_exports(const timeline& t, const std::filesystem::path& dir,
                                      const std::filesystem::path& events_dir);

/// What is wrong with `text` as the new file of event `id` (`file` in diagnostics) in timeline
/// `t`, which may hold the event's current version: everything parsing reports, relations to
/// events that do not exist (`ids` lists every event file, loadable or not), and the errors of
/// `check_links` that the change would add anywhere in the timeline. With `today`, also the
/// stale-status warning for this event. Any error means the change must not be written.
std::vector<diagnostic> validate_event_text(const timeline& t, const std::vector<std::string>& ids,
                                            const std::string& id, std::string_view text,
                                            const std::string& file,
                                            std::optional<date::sys_days> today = {});

}  // namespace chronicle
