#pragma once
/// Reading iCalendar files from real calendar apps into events, through libical.

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
};

struct ics_import {
  std::vector<imported_event> events;
  std::vector<diagnostic> diagnostics;    ///< repairs (warnings) and rejections (errors)
  std::optional<timeline_info> timeline;  ///< settings embedded by a Chronicle export
  std::string calendar_name;              ///< NAME or X-WR-CALNAME
  std::string calendar_time_zone;         ///< X-WR-TIMEZONE, when an IANA zone
  bool is_icalendar = true;  ///< false when libical found no calendar (an error says so)
};

/// Parses `text` (a whole .ics file; `file` names it in diagnostics) against the settings of
/// the timeline it goes into. Handles all-day, multi-day and timed events; TZIDs that are IANA
/// names, libical's or Mozilla's prefixed names, Windows names and custom VTIMEZONEs (also when
/// defined after use); UTC and floating times (X-WR-TIMEZONE honoured); DURATION; CRLF, LF or
/// mixed line ends; a UTF-8 BOM. Properties it does not model are kept verbatim in
/// `event::ical_extra`. Never throws for bad input: damage is repaired with a warning naming the
/// line, or the event is rejected with an error saying why.
ics_import parse_ics(std::string_view text, const std::string& file, const timeline_info& target);

}  // namespace chronicle
