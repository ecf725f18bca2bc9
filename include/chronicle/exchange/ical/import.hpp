#pragma once
/// Reading iCalendar files from real calendar apps into events, through libical.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// One VEVENT turned into an event, or the reason it could not be.
struct imported_event {
  int line = 0;  ///< line of its BEGIN:VEVENT in the file
  std::string uid;
  /// A RELATED-TO as the file states it: to a UID, resolved to an id by `plan_import`.
  struct related_uid {
    relation_kind kind;
    std::string uid;
    std::string line;  ///< the property as written, kept when the UID is not found
  };
  std::vector<related_uid> related_uids;
  std::optional<chronicle::event> event;  ///< empty when rejected
  /// A removed event of a Chronicle export (X-CHRONICLE-REMOVED, a tombstone): cancelled, and
  /// not to be added to a timeline that does not hold it.
  bool removed = false;
};

struct ics_import {
  std::vector<imported_event> events;
  std::vector<diagnostic> diagnostics;    ///< repairs (warnings) and rejections (errors)
  std::optional<timeline_info> timeline;  ///< settings embedded by a Chronicle export
  std::string calendar_name;              ///< NAME or X-WR-CALNAME
  std::string calendar_time_zone;         ///< X-WR-TIMEZONE, when an IANA zone
  bool is_icalendar = true;  ///< false when libical found no calendar (an error says so)
};

/// Limits on one VEVENT that no real calendar reaches (docs/RELIABILITY.md gives the measured
/// maxima). A VEVENT over any of them is rejected before libical builds it, so that nothing
/// hostile reaches an event file or a re-export that other clients must read.
///
/// Nesting depth of components counted from VCALENDAR: VCALENDAR > VEVENT > VALARM is 3.
inline constexpr int k_max_component_depth = 5;
/// Components inside one VEVENT, at any depth (VALARMs, mostly: real events hold 0 to 5).
inline constexpr int k_max_event_components = 100;
/// Content lines (properties) in one VEVENT, its components' included: a meeting with
/// thousands of attendees each on a line still fits.
inline constexpr int k_max_event_properties = 4096;
/// Length of one unfolded content line: twice the largest event file, because a value that an
/// event file can hold at most doubles when escaped for iCalendar.
inline constexpr std::size_t k_max_content_line_bytes = std::size_t{2} << 20;

/// Parses `text` (a whole .ics file; `file` names it in diagnostics) against the settings of
/// the timeline it goes into. Handles all-day, multi-day and timed events; TZIDs that are IANA
/// names, libical's or Mozilla's prefixed names, Windows names and custom VTIMEZONEs (also when
/// defined after use); UTC and floating times (X-WR-TIMEZONE honoured); DURATION; CRLF, LF or
/// mixed line ends; a UTF-8 BOM. Properties it does not model are kept verbatim in
/// `event::ical_extra`. Never throws for bad input: damage is repaired with a warning naming the
/// line, or the event is rejected with an error saying why.
ics_import parse_ics(std::string_view text, const std::string& file, const timeline_info& target);

}  // namespace chronicle
