#pragma once
/// Whether two iCalendar texts say the same thing, however a server rewrote them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

/// True when `a` and `b` parse to the same components with the same properties and parameters,
/// whatever the order of properties and components, the line folding and the escaping. CalDAV
/// servers may store a re-serialised copy of what they were sent (Radicale does); this tells
/// that copy from a change someone made. False when either does not parse. Without
/// `compare_x_properties`, X- properties are left out of the comparison: Radicale (through
/// vobject) cuts an X- property's value at its first unescaped comma, and libical writes
/// X- values with commas unescaped, so Radicale's copy of any object Chronicle sends differs
/// there, though nothing but Chronicle writes X-CHRONICLE-* properties.
bool same_icalendar(std::string_view a, std::string_view b, bool compare_x_properties = true);

/// The UID of the first VEVENT of a calendar text; empty when there is none or it does not parse.
std::string first_uid(std::string_view calendar_text);

/// `calendar_text` with each VEVENT's STATUS set to CANCELLED and its SEQUENCE raised by one:
/// how `publish --cancel` keeps an event removed from the timeline in the calendar, cancelled
/// (RFC 5545, 3.8.1.11). Nothing when the text does not parse or holds no VEVENT.
std::optional<std::string> cancelled_version(std::string_view calendar_text);

/// One VCALENDAR holding the VEVENTs (and other components) of every calendar in `texts`, each
/// VTIMEZONE once (by TZID): what `chronicle pull` hands to the importer. Texts that do not
/// parse are left out.
std::string join_calendars(const std::vector<std::string>& texts);

}  // namespace chronicle
