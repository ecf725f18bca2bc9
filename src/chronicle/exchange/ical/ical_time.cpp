#include "chronicle/exchange/ical/ical_time.hpp"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "chronicle/model/timeline.hpp"

namespace chronicle::ical {

using std::chrono::seconds;

icaltimetype to_ical(date::local_seconds t, bool is_date) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{t - day};
  icaltimetype out = icaltime_null_time();
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  if (is_date) {
    out.is_date = 1;
  } else {
    out.hour = static_cast<int>(hms.hours().count());
    out.minute = static_cast<int>(hms.minutes().count());
    out.second = static_cast<int>(hms.seconds().count());
  }
  return out;
}

bool is_valid(const icaltimetype& t) {
  return !icaltime_is_null_time(t) && t.year >= 1 && t.year <= 9999 &&
         date::year_month_day{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                              date::day{static_cast<unsigned>(t.day)}}
             .ok();
}

date::local_seconds from_ical(const icaltimetype& t) {
  if (t.is_date) return date::local_days{date::year{t.year} / t.month / t.day};
  return date::local_days{date::year{t.year} / t.month / t.day} + std::chrono::hours{t.hour} +
         std::chrono::minutes{t.minute} + seconds{t.second};
}

const date::time_zone* resolve_tzid(const std::string& tzid) {
  if (const auto* z = find_time_zone(tzid)) return z;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString id;
  icu::TimeZone::getIDForWindowsID(icu::UnicodeString::fromUTF8(tzid), "001", id, status);
  if (U_SUCCESS(status) && !id.isEmpty()) {
    std::string name;
    id.toUTF8String(name);
    if (const auto* z = find_time_zone(name)) return z;
  }
  for (std::size_t i = 1; i < tzid.size(); ++i)
    if (tzid[i - 1] == '/' || tzid[i - 1] == '_' || tzid[i - 1] == ' ')
      if (const auto* z = find_time_zone(tzid.substr(i))) return z;
  return nullptr;
}

date::sys_seconds instant_of(const date::time_zone& zone, date::local_seconds local) {
  const auto info = zone.get_info(local);
  return date::sys_seconds{local.time_since_epoch()} - info.first.offset;
}

std::string param(icalproperty* p, icalparameter_kind kind) {
  auto* x = icalproperty_get_first_parameter(p, kind);
  if (!x) return {};
  buffer_ptr s{icalproperty_get_parameter_as_string_r(p, icalparameter_kind_to_string(kind))};
  return s ? std::string(s.get()) : std::string{};
}

stamp stamp_of(icalproperty* p, icaltimetype t) {
  return {t, param(p, ICAL_TZID_PARAMETER), icaltime_is_utc(t) != 0};
}

date::local_seconds in_zone(const stamp& s, const date::time_zone* zone) {
  const auto local = from_ical(s.value);
  if (s.value.is_date || !zone) return local;
  if (s.utc) return zone->to_local(date::sys_seconds{local.time_since_epoch()});
  if (s.tzid.empty()) return local;
  const auto* own = resolve_tzid(s.tzid);
  if (!own || own == zone) return local;
  return zone->to_local(instant_of(*own, local));
}

const date::time_zone* zone_of(const stamp& s) {
  if (s.value.is_date) return nullptr;
  if (s.utc) return find_time_zone("UTC");
  return s.tzid.empty() ? nullptr : resolve_tzid(s.tzid);
}

}  // namespace chronicle::ical
