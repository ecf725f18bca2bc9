#pragma once
/// Merging imported events into a timeline: matched by UID, so re-importing changes nothing.

#include <string>
#include <vector>

#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// What an import would do.
struct import_plan {
  std::vector<event> added;    ///< new events, each with a fresh id and file name
  std::vector<event> updated;  ///< newer versions of existing events, with their ids and files
  std::size_t unchanged = 0;   ///< already in the timeline as they are, or older than it
  std::size_t rejected = 0;
  std::vector<diagnostic> diagnostics;  ///< relations that could not be resolved
};

/// Matches `incoming` to `existing` by UID. A matched event is updated when it differs and is
/// newer (higher SEQUENCE, then later LAST-MODIFIED or DTSTAMP), else left unchanged; the rest
/// are added, with ids derived from date and title, never clashing. RELATED-TO UIDs become
/// relations to ids; unknown ones are kept as iCalendar lines with a warning. `tags` are added
/// to every imported event.
import_plan plan_import(const timeline& existing, std::vector<imported_event> incoming,
                        const std::vector<std::string>& tags);

}  // namespace chronicle
