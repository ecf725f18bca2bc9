#pragma once
/// Dates and times between libical and Chronicle: local times in IANA zones, as RFC 5545 reads
/// DATE, DATE-TIME in UTC, with a TZID, or floating. Internal to exchange/ical.

#include <optional>
#include <string>

#include <date/date.h>
#include <date/tz.h>

#include "chronicle/exchange/ical/handle.hpp"

namespace chronicle::ical {

/// `t` for libical: a DATE when `is_date`, else a floating DATE-TIME.
icaltimetype to_ical(date::local_seconds t, bool is_date);
/// A year libical and date both handle, and a day that exists.
bool is_valid(const icaltimetype& t);
/// The local time `t` writes, whatever its zone; midnight for a DATE.
date::local_seconds from_ical(const icaltimetype& t);

/// The IANA zone a TZID names: the name itself, a Windows name, or the name after a producer's
/// prefix ("/mozilla.org/20050126_1/Europe/Berlin"); nullptr when none.
const date::time_zone* resolve_tzid(const std::string& tzid);

/// The instant of a local time, as RFC 5545 3.3.5 reads it: in an overlap the first of the two
/// instants, in a gap the offset from before the gap.
date::sys_seconds instant_of(const date::time_zone& zone, date::local_seconds local);

/// The value of parameter `kind` of `p`; "" when it has none.
std::string param(icalproperty* p, icalparameter_kind kind);

/// A date or time value of a property, with the zone its TZID names (or nothing: floating, or
/// a zone Chronicle cannot name).
struct stamp {
  icaltimetype value = icaltime_null_time();
  std::string tzid;
  bool utc = false;
};

stamp stamp_of(icalproperty* p, icaltimetype t);

/// `s` as a local time in `zone` (the event's; nullptr for all-day events, whose dates are
/// taken as written). A TZID Chronicle cannot name is taken as the event's own zone.
date::local_seconds in_zone(const stamp& s, const date::time_zone* zone);

/// The zone a stamp is in, when it names one of its own; nullptr for floating and unknown.
const date::time_zone* zone_of(const stamp& s);

}  // namespace chronicle::ical
