#include "chronicle/exchange/ical/import.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "chronicle/exchange/ical/handle.hpp"
#include "chronicle/exchange/ical/ical_time.hpp"
#include "chronicle/model/language.hpp"
#include "chronicle/model/validate.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

using ical::buffer_ptr;
using ical::component_ptr;

/// Line numbers (1-based) of every BEGIN:VEVENT, in file order: libical gives none, and its
/// components come in the same order.
std::vector<int> vevent_lines(std::string_view text) {
  std::vector<int> out;
  int line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto l = text.substr(start, end - start);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
    if (l.size() == 12) {
      std::string upper(l);
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (upper == "BEGIN:VEVENT") out.push_back(line);
    }
    ++line;
    start = end + 1;
  }
  return out;
}

std::string windows_zone_to_iana(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString id;
  icu::TimeZone::getIDForWindowsID(icu::UnicodeString::fromUTF8(name), "001", id, status);
  if (U_FAILURE(status) || id.isEmpty()) return {};
  std::string out;
  id.toUTF8String(out);
  return out;
}

/// IANA names a TZID may stand for, most likely first: the name itself, the name after a
/// producer's prefix ("/freeassociation.sourceforge.net/Europe/Berlin",
/// "/mozilla.org/20050126_1/Europe/Berlin", "custom_America/New_York"), a Windows name
/// ("W. Europe Standard Time"), and the VTIMEZONE's X-LIC-LOCATION.
std::vector<std::string> zone_candidates(const std::string& tzid, icalcomponent* vtimezone) {
  std::vector<std::string> out{tzid};
  for (std::size_t i = 1; i < tzid.size(); ++i)
    if (tzid[i - 1] == '/' || tzid[i - 1] == '_' || tzid[i - 1] == ' ')
      out.push_back(tzid.substr(i));
  if (auto w = windows_zone_to_iana(tzid); !w.empty()) out.insert(out.begin() + 1, w);
  if (vtimezone)
    for (auto* p = icalcomponent_get_first_property(vtimezone, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(vtimezone, ICAL_X_PROPERTY))
      if (std::string_view(icalproperty_get_x_name(p)) == "X-LIC-LOCATION")
        out.insert(out.begin() + 1, icalproperty_get_x(p));
  return out;
}

/// True when `zone` may put local time `local` at `instant`: at the one instant it names, or, in
/// a gap or an overlap of the zone's offsets, at either offset around the change (producers
/// resolve such times differently).
bool agrees(const date::time_zone& zone, date::local_seconds local, date::sys_seconds instant) {
  const auto info = zone.get_info(local);
  const auto at = [&](const date::sys_info& i) {
    return date::sys_seconds{local.time_since_epoch()} - i.offset == instant;
  };
  return at(info.first) || (info.result != date::local_info::unique && at(info.second));
}

date::local_seconds to_local(const icaltimetype& t) {
  const auto day = date::local_days{date::year{t.year} / t.month / t.day};
  return day + std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} +
         std::chrono::seconds{t.second};
}

bool is_valid_day(const icaltimetype& t) {
  return date::year_month_day{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                              date::day{static_cast<unsigned>(t.day)}}
             .ok() &&
         t.year >= 1 && t.year <= 9999;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string param(icalproperty* p, icalparameter_kind kind) {
  if (!icalproperty_get_first_parameter(p, kind)) return {};
  buffer_ptr s{icalproperty_get_parameter_as_string_r(p, icalparameter_kind_to_string(kind))};
  return s ? std::string(s.get()) : std::string{};
}

/// The start of the warning of a text whose language was told from its script.
constexpr std::string_view k_detected_language = "no LANGUAGE parameter; told from the script: ";

std::string language_of(icalproperty* p, const std::string& fallback) {
  auto lang = lower(param(p, ICAL_LANGUAGE_PARAMETER));
  const auto primary = lang.substr(0, lang.find('-'));
  const bool ok =
      primary.size() >= 2 && primary.size() <= 3 &&
      std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return ok ? primary : fallback;
}

/// iCalendar text as event files keep it: folded lines joined, each line ended by LF alone.
std::string unfolded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) {
      ++i;  // a folded line goes on after its one space or tab
      continue;
    }
    out += c;
  }
  return out;
}

/// A property as one unfolded content line ending in LF.
std::string property_text(icalproperty* p) {
  buffer_ptr s{icalproperty_as_ical_string_r(p)};
  return s ? unfolded(s.get()) : std::string{};
}

/// A component as unfolded content lines, each ending in LF.
std::string component_text(icalcomponent* c) {
  buffer_ptr s{icalcomponent_as_ical_string_r(c)};
  return s ? unfolded(s.get()) : std::string{};
}

/// One RDATE or EXDATE value of `p` in the event's `zone` (nullptr: an all-day event, whose
/// values are days); nothing when it cannot be read.
std::optional<recurrence_date> listed_date(icalproperty* p, const date::time_zone* zone) {
  recurrence_date d;
  auto read = [&](icaltimetype t) {
    d.start = ical::in_zone(ical::stamp_of(p, t), zone);
    d.all_day = t.is_date != 0;
  };
  if (icalproperty_isa(p) == ICAL_EXDATE_PROPERTY) {
    const auto t = icalproperty_get_exdate(p);
    if (!ical::is_valid(t)) return std::nullopt;
    read(t);
  } else {
    const auto r = icalproperty_get_rdate(p);
    if (ical::is_valid(r.time)) {
      read(r.time);
    } else if (ical::is_valid(r.period.start)) {
      read(r.period.start);
      if (ical::is_valid(r.period.end))
        d.end = ical::in_zone(ical::stamp_of(p, r.period.end), zone);
      else if (!icaldurationtype_is_null_duration(r.period.duration))
        d.end = d.start + std::chrono::seconds{icaldurationtype_as_int(r.period.duration)};
      if (d.end && *d.end < d.start) d.end.reset();
    } else {
      return std::nullopt;
    }
  }
  if (!zone && !d.all_day) {  // a time given for an all-day event: its day
    d.start = date::floor<date::days>(d.start);
    d.all_day = true;
  }
  if (d.all_day) d.end.reset();
  return d;
}

/// A changed occurrence of `master` from the VEVENT text it was read from: its RECURRENCE-ID
/// and what it says; the rest of its content lines as `ical_extra`. A title, description,
/// location or status the same as `written`'s (the master VEVENT as the file gives it) is left
/// out: the event's own. Nothing when it has no readable RECURRENCE-ID.
std::optional<changed_occurrence> read_override(const std::string& text, const event& master,
                                                const event& written,
                                                const std::string& default_language) {
  component_ptr root = ical::parse(text);
  if (!root) return std::nullopt;
  icalcomponent* ev = root.get();
  if (icalcomponent_isa(ev) != ICAL_VEVENT_COMPONENT)
    ev = icalcomponent_get_first_component(ev, ICAL_VEVENT_COMPONENT);
  if (!ev) return std::nullopt;
  auto* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
  if (!rid || !ical::is_valid(icalproperty_get_recurrenceid(rid))) return std::nullopt;
  const auto* zone = master.time ? find_time_zone(master.time->tz) : nullptr;
  changed_occurrence x;
  const auto id = ical::stamp_of(rid, icalproperty_get_recurrenceid(rid));
  x.occurrence.start = ical::in_zone(id, zone);
  x.occurrence.all_day = id.value.is_date != 0 || !zone;
  if (x.occurrence.all_day) x.occurrence.start = date::floor<date::days>(x.occurrence.start);
  if (auto* r = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER))
    x.and_following = icalparameter_get_range(r) == ICAL_RANGE_THISANDFUTURE;
  const auto text_language = [&](icalproperty* p, const char* value) {
    auto lang = language_of(p, "");
    if (!lang.empty()) return lang;
    if (master.title.size() == 1) return master.title.begin()->first;
    return detect_language(value, default_language);
  };
  std::string extra;
  icalproperty* start_prop = nullptr;
  for (auto* p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
    switch (icalproperty_isa(p)) {
      case ICAL_UID_PROPERTY:
      case ICAL_RECURRENCEID_PROPERTY:
      case ICAL_DTSTAMP_PROPERTY:
      case ICAL_DTEND_PROPERTY:
      case ICAL_DURATION_PROPERTY:
      case ICAL_XLICERROR_PROPERTY: break;
      case ICAL_DTSTART_PROPERTY: start_prop = p; break;
      case ICAL_SEQUENCE_PROPERTY: x.sequence = std::max(0, icalproperty_get_sequence(p)); break;
      case ICAL_SUMMARY_PROPERTY:
        if (const char* v = icalproperty_get_summary(p); v && *v) x.title[text_language(p, v)] = v;
        break;
      case ICAL_DESCRIPTION_PROPERTY:
        if (const char* v = icalproperty_get_description(p); v && *v)
          x.description[text_language(p, v)] = v;
        break;
      case ICAL_LOCATION_PROPERTY:
        x.location = icalproperty_get_location(p) ? icalproperty_get_location(p) : "";
        break;
      case ICAL_STATUS_PROPERTY: {
        const auto st = icalproperty_get_status(p);
        x.status = st == ICAL_STATUS_CANCELLED   ? status::cancelled
                   : st == ICAL_STATUS_TENTATIVE ? status::tentative
                                                 : status::confirmed;
        break;
      }
      default: extra += property_text(p); break;
    }
  }
  for (auto* c = icalcomponent_get_first_component(ev, ICAL_ANY_COMPONENT); c;
       c = icalcomponent_get_next_component(ev, ICAL_ANY_COMPONENT))
    extra += component_text(c);
  x.ical_extra = std::move(extra);
  const auto says_the_same = [](const localized_text& changed, const localized_text& own) {
    return std::all_of(changed.begin(), changed.end(), [&](const auto& kv) {
      const auto it = own.find(kv.first);
      return it != own.end() && it->second == kv.second;
    });
  };
  if (says_the_same(x.title, written.title)) x.title.clear();
  if (!x.description.empty() && says_the_same(x.description, written.description))
    x.description.clear();
  if (x.location) {
    const std::string& location = *x.location;
    if (written.place ? written.place->name == location : location.empty()) x.location.reset();
  }
  if (x.status == written.status) x.status.reset();
  if (start_prop && ical::is_valid(icalproperty_get_dtstart(start_prop))) {
    const auto start = ical::stamp_of(start_prop, icalproperty_get_dtstart(start_prop));
    x.all_day = start.value.is_date != 0;
    // A zone of its own (not UTC, not the event's) is kept, so it is shown in that zone.
    const auto* own = ical::zone_of(start);
    const bool keep_own = !x.all_day && own && zone && own != zone && own->name() != "UTC" &&
                          own->name() != "Etc/UTC";
    const auto* in = x.all_day ? nullptr : keep_own ? own : zone;
    if (keep_own) x.tz = own->name();
    x.start = ical::in_zone(start, in);
    std::optional<date::local_seconds> end;
    if (auto* e = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
        e && ical::is_valid(icalproperty_get_dtend(e)))
      end = ical::in_zone(ical::stamp_of(e, icalproperty_get_dtend(e)), in);
    else if (auto* d = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY))
      end = *x.start + std::chrono::seconds{icaldurationtype_as_int(icalproperty_get_duration(d))};
    if (end && *end >= *x.start) {
      if (!x.all_day)
        x.end = end;
      else if (*end - *x.start > date::days{1})  // DTEND is the day after, the file's is the last
        x.end = date::floor<date::days>(*end) - date::days{1};
    }
  }
  return x;
}

/// The IANA zone whose UTC offset is the one `vtz` (a VTIMEZONE of the file whose TZID names no
/// IANA zone, such as "/Europe/CUSTOM" or "Western/Central Europe") gives at every day from a
/// year before `around` to two years after it, so that a recurring event keeps its
/// daylight-saving changes; nullptr when none does. Of several (zones with the same offsets in
/// those years show the same times), the first of `preferred` (the calendar's and the
/// timeline's zones), else one whose region (the part before '/') the TZID names, else one in
/// the region of the first preferred zone, else the first by name.
const date::time_zone* zone_with_the_offsets_of(icaltimezone* vtz, const std::string& tzid,
                                                date::sys_seconds around,
                                                const std::vector<std::string>& preferred) {
  const auto offset_of = [vtz](date::sys_seconds s) {
    const auto day = date::floor<date::days>(s);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss hms{s - day};
    icaltimetype t = icaltime_null_time();
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    t.hour = static_cast<int>(hms.hours().count());
    t.zone = icaltimezone_get_utc_timezone();
    int is_daylight = 0;
    return std::chrono::seconds{icaltimezone_get_utc_offset_of_utc_time(vtz, &t, &is_daylight)};
  };
  const auto first = date::floor<date::days>(around) - date::days{365};
  std::vector<std::pair<date::sys_seconds, std::chrono::seconds>> days;
  for (int i = 0; i < 3 * 365; ++i) {
    const date::sys_seconds at = first + date::days{i} + std::chrono::hours{12};
    days.emplace_back(at, offset_of(at));
  }
  // A quarter's samples first, which rule out nearly every zone cheaply.
  std::vector<std::size_t> quick;
  for (std::size_t i = 0; i < days.size(); i += 91) quick.push_back(i);
  const auto agrees_on = [&](const date::time_zone& z, std::size_t i) {
    return z.get_info(days[i].first).offset == days[i].second;
  };
  std::vector<const date::time_zone*> matches;
  for (const auto& z : date::get_tzdb().zones) {
    if (!std::all_of(quick.begin(), quick.end(), [&](std::size_t i) { return agrees_on(z, i); }))
      continue;
    bool all = true;
    for (std::size_t i = 0; all && i < days.size(); ++i) all = agrees_on(z, i);
    if (all) matches.push_back(&z);
  }
  if (matches.empty()) return nullptr;
  for (const auto& name : preferred)
    for (const auto* z : matches)
      if (z->name() == name) return z;
  const auto region_of = [](std::string_view name) {
    const auto slash = name.find('/');
    return slash == std::string_view::npos ? std::string{}
                                           : lower(std::string(name.substr(0, slash)));
  };
  const auto lower_tzid = lower(tzid);
  for (const auto* z : matches)
    if (const auto region = region_of(z->name());
        !region.empty() && lower_tzid.find(region) != std::string::npos)
      return z;
  for (const auto& name : preferred)
    for (const auto* z : matches)
      if (!region_of(name).empty() && region_of(z->name()) == region_of(name)) return z;
  return matches.front();
}

/// What asking libical about a VTIMEZONE costs. libical answers "what is the offset at this
/// time" by expanding the rules of the zone's observances (STANDARD, DAYLIGHT) from their DTSTART
/// to five years past the time asked about, and keeps that expansion only up to the year 2582
/// (its ICALTIMEZONE_MAX_YEAR): past it, every question expands again and the answer is wrong.
/// The expansion walks every period of a rule's frequency until 2582 when the rule never
/// matches (FEBRUARY 30th), which for a rule repeating every second never ends in practice. So
/// each VTIMEZONE's rules are bounded once per calendar, without expanding them, and a zone is
/// not asked about a time when its rules repeat other than yearly (as every time zone's do),
/// start before the Gregorian calendar, choose days otherwise than by month, day of the month
/// and weekday, never match a day (each such rule costs libical a second or more), or would
/// make more than k_max_zone_changes changes up to that time; nor about a time past 2582.
struct observance_rule {
  int first_year = 0;   ///< of its DTSTART
  double per_year = 0;  ///< at most this many changes a year
};
struct zone_cost {
  std::size_t fixed = 0;  ///< changes that do not grow with the year: RDATEs
  std::vector<observance_rule> rules;
  std::optional<std::string> refused;  ///< why the zone is never asked
};
using zone_costs = std::unordered_map<std::string, zone_cost>;  ///< by TZID

constexpr int k_libical_last_zone_year = 2582;
constexpr double k_max_zone_changes = 20000;

/// Entries of one of libical's BYxxx arrays (ended by ICAL_RECURRENCE_ARRAY_MAX).
template <std::size_t N>
std::size_t entries(const short (&by)[N]) {
  std::size_t n = 0;
  while (n < N && by[n] != ICAL_RECURRENCE_ARRAY_MAX) ++n;
  return n;
}

/// Whether a yearly rule choosing days by BYMONTH, BYMONTHDAY and BYDAY matches a day in the
/// 28 years from 2000, in which every weekday falls on every date of every kind of year.
bool days_can_match(const icalrecurrencetype& r) {
  const auto months = entries(r.by_month);
  const auto month_days = entries(r.by_month_day);
  const auto days = entries(r.by_day);
  const auto listed = [](const short* by, std::size_t n, int value) {
    return std::find(by, by + n, value) != by + n;
  };
  for (int y = 2000; y < 2028; ++y) {
    const date::year year{y};
    const auto year_length = year.is_leap() ? 366 : 365;
    int day_of_year = 0;
    for (unsigned m = 1; m <= 12; ++m) {
      const auto length =
          static_cast<int>(static_cast<unsigned>((year / date::month{m} / date::last).day()));
      const bool month_listed =
          months == 0 || std::any_of(r.by_month, r.by_month + months, [&](short v) {
            return icalrecurrencetype_month_month(v) == static_cast<int>(m);
          });
      for (int d = 1; d <= length; ++d) {
        ++day_of_year;
        if (!month_listed) continue;
        if (month_days > 0 && !listed(r.by_month_day, month_days, d) &&
            !listed(r.by_month_day, month_days, d - length - 1))
          continue;
        if (days == 0) return true;
        const date::weekday wd{
            date::sys_days{year / date::month{m} / date::day(static_cast<unsigned>(d))}};
        // An ordinal counts within the month when BYMONTH is given, else within the year.
        const int nth = months > 0 ? (d - 1) / 7 + 1 : (day_of_year - 1) / 7 + 1;
        const int nth_last =
            months > 0 ? -((length - d) / 7 + 1) : -((year_length - day_of_year) / 7 + 1);
        for (std::size_t i = 0; i < days; ++i) {
          const auto want = icalrecurrencetype_day_day_of_week(r.by_day[i]);
          const int position = icalrecurrencetype_day_position(r.by_day[i]);
          if (static_cast<unsigned>(want) != wd.c_encoding() + 1) continue;
          if (position == 0 || position == nth || position == nth_last) return true;
        }
      }
    }
  }
  return false;
}

/// Bounds one RRULE of an observance starting at `dtstart`, or says why it is refused.
std::optional<std::string> bound_rule(const icalrecurrencetype& r, icaltimetype dtstart,
                                      const char* observance, zone_cost& cost) {
  if (r.freq != ICAL_YEARLY_RECURRENCE) {
    // libical names no frequency for a rule without one (a null pointer).
    const char* freq = icalrecur_freq_to_string(r.freq);
    return fmt::format("its {} rule repeats {}, and a time zone's rules repeat yearly", observance,
                       freq ? freq : "with no valid FREQ");
  }
  if (dtstart.year < 1583)
    return fmt::format("its {} rule starts in the year {}, before the Gregorian calendar",
                       observance, dtstart.year);
  if (entries(r.by_set_pos) + entries(r.by_week_no) + entries(r.by_year_day) > 0)
    return fmt::format("its {} rule chooses days by BYSETPOS, BYWEEKNO or BYYEARDAY", observance);
  if (!days_can_match(r)) return fmt::format("its {} rule matches no day", observance);
  const auto times = [](std::size_t n) { return n == 0 ? 1.0 : static_cast<double>(n); };
  double per_period = times(entries(r.by_second)) * times(entries(r.by_minute)) *
                      times(entries(r.by_hour)) * times(entries(r.by_month_day)) *
                      times(entries(r.by_year_day)) * times(entries(r.by_week_no));
  if (const auto days = entries(r.by_day); days > 0)
    per_period *= static_cast<double>(days) * (entries(r.by_month) > 0 ? 5 : 53);
  per_period *= times(entries(r.by_month));
  if (const auto positions = entries(r.by_set_pos); positions > 0)
    per_period = std::min(per_period, static_cast<double>(positions));
  cost.rules.push_back({dtstart.year, per_period});
  return std::nullopt;
}

/// The cost of every VTIMEZONE of `cal`, added to `costs` (the dearest wins when two calendars
/// of a file define one TZID).
void measure_zones(icalcomponent* cal, zone_costs& costs) {
  for (auto* vtz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); vtz;
       vtz = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
    auto* id = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    const char* tzid = id ? icalproperty_get_tzid(id) : nullptr;
    if (!tzid) continue;
    zone_cost cost;
    for (auto* obs = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT);
         obs && !cost.refused; obs = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
      const char* kind = icalcomponent_kind_to_string(icalcomponent_isa(obs));
      const char* observance = kind ? kind : "observance";
      auto* start = icalcomponent_get_first_property(obs, ICAL_DTSTART_PROPERTY);
      if (!start) continue;
      const auto dtstart = icalproperty_get_dtstart(start);
      for (auto* p = icalcomponent_get_first_property(obs, ICAL_RDATE_PROPERTY); p;
           p = icalcomponent_get_next_property(obs, ICAL_RDATE_PROPERTY))
        ++cost.fixed;
      for (auto* p = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY); p && !cost.refused;
           p = icalcomponent_get_next_property(obs, ICAL_RRULE_PROPERTY))
        cost.refused = bound_rule(icalproperty_get_rrule(p), dtstart, observance, cost);
    }
    auto [it, fresh] = costs.try_emplace(tzid, cost);
    if (!fresh && !it->second.refused &&
        (cost.refused ||
         it->second.fixed + it->second.rules.size() < cost.fixed + cost.rules.size()))
      it->second = std::move(cost);
  }
}

/// Why the VTIMEZONE whose cost is `cost` is not asked about a time in `year`; nothing when it
/// can be.
std::optional<std::string> zone_unanswerable(const zone_cost& cost, int year) {
  if (cost.refused) return cost.refused;
  if (year > k_libical_last_zone_year)
    return fmt::format("libical computes VTIMEZONE offsets only up to the year {}",
                       k_libical_last_zone_year);
  double changes = static_cast<double>(cost.fixed);
  for (const auto& r : cost.rules) changes += r.per_year * std::max(0, year + 5 - r.first_year + 1);
  if (changes > k_max_zone_changes)
    return fmt::format(
        "its rules make about {:.0f} offset changes up to that year, more than the {:.0f} a "
        "time zone could have",
        changes, k_max_zone_changes);
  return std::nullopt;
}

/// FNV-1a: a stable hash for UIDs of events that have none, so re-import finds them again.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

class converter {
 public:
  converter(icalcomponent* root, const std::string& file, const timeline_info& target,
            const std::string& calendar_tz, const zone_costs& zones, std::vector<diagnostic>& out)
      : m_root(root),
        m_file(file),
        m_target(target),
        m_calendar_tz(calendar_tz),
        m_zones(zones),
        m_out(out) {}

  imported_event convert(icalcomponent* ev, int line) {
    imported_event result;
    result.line = line;
    m_line = line;
    m_rejected = false;
    event e;
    e.file = m_file;

    m_damage.clear();
    for (auto* p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY)) {
      m_damage.emplace_back(icalproperty_get_xlicerror(p) ? icalproperty_get_xlicerror(p) : "");
      warn(fmt::format("libical repaired damage: {}", m_damage.back()));
    }

    const char* uid = icalcomponent_get_uid(ev);
    result.uid = uid && *uid ? uid : "";

    read_dates(ev, e);
    read_texts(ev, e);
    if (m_rejected) return result;

    std::string extra;
    std::optional<std::string> embedded;
    int sequence = 0;
    std::optional<date::sys_seconds> modified, stamp;
    for (auto* p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
      switch (icalproperty_isa(p)) {
        case ICAL_UID_PROPERTY:
        case ICAL_DTSTART_PROPERTY:
        case ICAL_DTEND_PROPERTY:
        case ICAL_DURATION_PROPERTY:
        case ICAL_SUMMARY_PROPERTY:
        case ICAL_DESCRIPTION_PROPERTY:
        case ICAL_XLICERROR_PROPERTY: break;
        case ICAL_TRANSP_PROPERTY:
          if (e.time) extra += property_text(p);  // all-day events are always exported TRANSPARENT
          break;
        case ICAL_DTSTAMP_PROPERTY: stamp = utc_of(icalproperty_get_dtstamp(p)); break;
        case ICAL_LASTMODIFIED_PROPERTY: modified = utc_of(icalproperty_get_lastmodified(p)); break;
        case ICAL_SEQUENCE_PROPERTY: sequence = std::max(0, icalproperty_get_sequence(p)); break;
        case ICAL_LOCATION_PROPERTY: {
          const char* v = icalproperty_get_location(p);
          if (v && *v) place_of(e).name = v;
          break;
        }
        case ICAL_GEO_PROPERTY: {
          const auto g = icalproperty_get_geo(p);
          if (g.lat >= -90 && g.lat <= 90 && g.lon >= -180 && g.lon <= 180) {
            place_of(e).latitude = g.lat;
            place_of(e).longitude = g.lon;
          } else {
            warn(fmt::format("GEO {};{} is out of range; dropped", g.lat, g.lon));
          }
          break;
        }
        case ICAL_URL_PROPERTY: {
          const std::string url = icalproperty_get_url(p) ? icalproperty_get_url(p) : "";
          if (url.starts_with("http://") || url.starts_with("https://"))
            e.sources.push_back({url, {}, {}, {}, {}});
          else
            extra += property_text(p);
          break;
        }
        case ICAL_CATEGORIES_PROPERTY: {
          const char* v = icalproperty_get_categories(p);
          if (v && *v && std::find(e.tags.begin(), e.tags.end(), v) == e.tags.end())
            e.tags.emplace_back(v);
          break;
        }
        case ICAL_STATUS_PROPERTY:
          switch (icalproperty_get_status(p)) {
            case ICAL_STATUS_TENTATIVE: e.status = status::tentative; break;
            case ICAL_STATUS_CANCELLED: e.status = status::cancelled; break;
            default: e.status = status::confirmed; break;
          }
          break;
        case ICAL_ORGANIZER_PROPERTY:
        case ICAL_ATTENDEE_PROPERTY:
          e.participants.push_back(participant_of(p));
          extra += property_text(p);
          break;
        case ICAL_RELATEDTO_PROPERTY: {
          const std::string target =
              icalproperty_get_relatedto(p) ? icalproperty_get_relatedto(p) : "";
          const auto type = param(p, ICAL_RELTYPE_PARAMETER);
          if (target.empty() || type == "CHILD") {
            extra += property_text(p);
          } else {
            const auto kind = type == "PARENT"          ? relation_kind::part_of
                              : type == "FINISHTOSTART" ? relation_kind::follows
                                                        : relation_kind::related;
            result.related_uids.push_back({kind, target, property_text(p)});
          }
          break;
        }
        case ICAL_RRULE_PROPERTY: {
          buffer_ptr v{icalproperty_get_value_as_string_r(p)};
          if (!e.recurrence.rule.empty())
            warn("more than one RRULE; the first is kept, the others as they were written");
          if (v && e.recurrence.rule.empty())
            e.recurrence.rule = v.get();
          else
            extra += property_text(p);
          break;
        }
        case ICAL_RDATE_PROPERTY:
        case ICAL_EXDATE_PROPERTY: {
          const bool rdate = icalproperty_isa(p) == ICAL_RDATE_PROPERTY;
          auto d = listed_date(p, e.time ? find_time_zone(e.time->tz) : nullptr);
          if (d)
            (rdate ? e.recurrence.also : e.recurrence.except).push_back(*d);
          else
            warn(fmt::format("{} without a readable date; dropped", rdate ? "RDATE" : "EXDATE"));
          break;
        }
        case ICAL_X_PROPERTY: {
          const std::string_view name = icalproperty_get_x_name(p);
          if (name == "X-CHRONICLE-DATE") {
            apply_chronicle_date(icalproperty_get_x(p), e);
          } else if (name == "X-CHRONICLE-EVENT") {
            embedded = icalproperty_get_x(p);
          } else if (name == "X-CHRONICLE-REMOVED") {
            result.removed = true;
          } else {
            extra += property_text(p);
          }
          break;
        }
        default: extra += property_text(p); break;
      }
    }
    for (auto* c = icalcomponent_get_first_component(ev, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(ev, ICAL_ANY_COMPONENT))
      extra += component_text(c);
    e.ical_extra = extra;
    e.revision = sequence + 1;
    e.last_modified = modified ? modified : stamp;
    if (e.place && e.place->name.empty() && e.place->city.empty()) {
      // GEO without LOCATION: the coordinates are the only name the place has.
      e.place->name = fmt::format("{:.6f}, {:.6f}", *e.place->latitude, *e.place->longitude);
    }
    m_as_written.reset();
    if (embedded && !e.recurrence.empty()) m_as_written = e;  // what its changes compare with
    if (embedded) use_embedded(*embedded, e, result);
    validate(e);
    if (!m_rejected) result.event = std::move(e);
    return result;
  }

  /// The event as its VEVENT gives it, when X-CHRONICLE-EVENT replaced it (recurring only).
  std::optional<event> take_as_written() { return std::exchange(m_as_written, std::nullopt); }

 private:
  void warn(std::string message) {
    m_out.push_back({m_file, m_line, 0, severity::warning, std::move(message)});
  }
  void reject(std::string message) {
    m_out.push_back({m_file, m_line, 0, severity::error, "event rejected: " + std::move(message)});
    m_rejected = true;
  }

  static place& place_of(event& e) {
    if (!e.place) e.place.emplace();
    return *e.place;
  }

  static participant participant_of(icalproperty* p) {
    participant who;
    who.name = param(p, ICAL_CN_PARAMETER);
    buffer_ptr v{icalproperty_get_value_as_string_r(p)};
    std::string address = v ? v.get() : "";
    if (lower(address.substr(0, 7)) == "mailto:") address = address.substr(7);
    if (who.name.empty()) who.name = address.empty() ? "(unnamed)" : address;
    if (icalproperty_isa(p) == ICAL_ORGANIZER_PROPERTY) {
      who.role = "organizer";
    } else {
      const auto role = param(p, ICAL_ROLE_PARAMETER);
      who.role = role == "CHAIR"             ? "chair"
                 : role == "OPT-PARTICIPANT" ? "optional attendee"
                 : role == "NON-PARTICIPANT" ? "non-participant"
                                             : "attendee";
    }
    return who;
  }

  std::optional<date::sys_seconds> utc_of(icaltimetype t) {
    if (icaltime_is_null_time(t) || !is_valid_day(t)) return std::nullopt;
    return date::sys_seconds{to_local(t).time_since_epoch()};
  }

  /// The IANA zone a DTSTART/DTEND property's local time is in, or nothing when it is UTC (set
  /// `utc`) or cannot be named (then `instant` is what the file's own VTIMEZONE says).
  struct zoned {
    std::string iana;  ///< empty when unknown
    std::optional<date::sys_seconds> instant;
  };

  zoned zone_of(icalproperty* prop, icaltimetype t) {
    if (icaltime_is_utc(t)) return {"UTC", date::sys_seconds{to_local(t).time_since_epoch()}};
    const auto tzid = param(prop, ICAL_TZID_PARAMETER);
    if (tzid.empty()) {
      // Floating: "the same wall time wherever you are". Chronicle pins it to a zone.
      const auto zone = !m_calendar_tz.empty() ? m_calendar_tz : m_target.time_zone;
      if (!m_warned_floating)
        warn(fmt::format("floating time (no time zone) taken in {}{}", zone,
                         m_calendar_tz.empty() ? ", the timeline's zone" : ", from X-WR-TIMEZONE"));
      m_warned_floating = true;
      return {zone, std::nullopt};
    }
    icaltimezone* vtz = m_root ? icalcomponent_get_timezone(m_root, tzid.c_str()) : nullptr;
    std::optional<std::string> unanswerable;
    if (vtz) {
      // Two years on: zone_with_the_offsets_of asks about the years around this time.
      const auto cost = m_zones.find(tzid);
      unanswerable = cost == m_zones.end() ? "it was not measured"
                                           : zone_unanswerable(cost->second, t.year + 2);
      if (unanswerable) {
        warn(fmt::format("the VTIMEZONE of TZID \"{}\" is not used for a time in {}: {}", tzid,
                         t.year, *unanswerable));
        vtz = nullptr;
      }
    }
    std::optional<date::sys_seconds> file_instant;
    if (vtz) {
      t.zone = vtz;
      file_instant = date::sys_seconds{std::chrono::seconds{icaltime_as_timet_with_zone(t, vtz)}};
    }
    for (const auto& name :
         zone_candidates(tzid, vtz ? icaltimezone_get_component(vtz) : nullptr)) {
      const auto* zone = find_time_zone(name);
      if (!zone) continue;
      // A custom VTIMEZONE must agree with the IANA zone it is named after.
      if (file_instant && !agrees(*zone, to_local(t), *file_instant)) continue;
      if (name != tzid) warn(fmt::format("TZID \"{}\" taken as the IANA zone {}", tzid, name));
      return {zone->name(), file_instant};
    }
    if (file_instant) {
      // Searched once per TZID (a calendar names few zones, each for many events).
      auto [known, fresh] = m_matched_zones.try_emplace(tzid, nullptr);
      if (fresh)
        known->second =
            zone_with_the_offsets_of(vtz, tzid, *file_instant, {m_calendar_tz, m_target.time_zone});
      if (const auto* zone = known->second) {
        warn(
            fmt::format("TZID \"{}\" taken as the IANA zone {}, whose offsets and changes its "
                        "VTIMEZONE matches",
                        tzid, zone->name()));
        return {zone->name(), file_instant};
      }
      warn(
          fmt::format("TZID \"{}\" matches no IANA zone; the time is kept in UTC, as its "
                      "VTIMEZONE defines it",
                      tzid));
      return {"UTC", file_instant};
    }
    // No VTIMEZONE and no zone of that name: the best reading is the calendar's own zone.
    const auto zone = !m_calendar_tz.empty() ? m_calendar_tz : m_target.time_zone;
    warn(fmt::format("TZID \"{}\" is not a known zone and {}; the time is taken in {}", tzid,
                     unanswerable ? "its VTIMEZONE is not used" : "no VTIMEZONE defines it", zone));
    return {zone, std::nullopt};
  }

  void read_dates(icalcomponent* ev, event& e) {
    auto* start_prop = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    if (!start_prop) {
      for (const auto& d : m_damage)
        if (d.find("DTSTART") != std::string::npos)
          return reject(fmt::format("its DTSTART cannot be read ({})", d));
      return reject("no DTSTART: Chronicle needs a date for every event (RFC 5545 requires one)");
    }
    const auto start = icalproperty_get_dtstart(start_prop);
    if (icaltime_is_null_time(start) || !is_valid_day(start))
      return reject("DTSTART is not a valid date");
    auto end = icalcomponent_get_dtend(ev);  // from DTEND, or DTSTART + DURATION
    auto* end_prop = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    if (!icaltime_is_null_time(end) && !is_valid_day(end)) {
      warn("DTEND is not a valid date; ignored");
      end = icaltime_null_time();
    }
    const date::year_month_day first{date::year{start.year},
                                     date::month(static_cast<unsigned>(start.month)),
                                     date::day(static_cast<unsigned>(start.day))};
    if (start.is_date) {
      e.date = edtf_date{day_point(first), std::nullopt};
      if (!icaltime_is_null_time(end)) {
        const date::sys_days after{date::year{end.year} / end.month / end.day};
        if (after <= date::sys_days{first}) {
          warn("DTEND is not after DTSTART; taken as a one-day event");
        } else if (after - date::sys_days{first} > date::days{1}) {
          e.date.end = day_point(date::year_month_day{after - date::days{1}});
        }
      }
      return;
    }
    const auto zs = zone_of(start_prop, start);
    if (zs.iana.empty())
      return reject(fmt::format("unknown time zone \"{}\" and no VTIMEZONE defines it",
                                param(start_prop, ICAL_TZID_PARAMETER)));
    event_time t;
    t.tz = zs.iana;
    const auto* zone = find_time_zone(zs.iana);
    t.start = zs.instant && zs.iana == "UTC" ? date::local_seconds{zs.instant->time_since_epoch()}
                                             : to_local(start);
    if (!icaltime_is_null_time(end)) {
      date::local_seconds local_end = to_local(end);
      if (end_prop && !end.is_date) {
        const auto ze = zone_of(end_prop, end);
        if (ze.iana != zs.iana) {
          // An end in another zone: the same instant, in the start's zone.
          std::optional<date::sys_seconds> instant = ze.instant;
          if (!instant && find_time_zone(ze.iana))
            instant = find_time_zone(ze.iana)->to_sys(local_end, date::choose::earliest);
          if (instant) local_end = zone->to_local(*instant);
        } else if (ze.instant && ze.iana == "UTC") {
          local_end = date::local_seconds{ze.instant->time_since_epoch()};
        }
      }
      if (local_end < t.start)
        warn("the event ends before it starts; the end is dropped");
      else if (local_end > t.start)
        t.end = local_end;
    }
    e.time = t;
    const auto first_local = date::floor<date::days>(t.start);
    e.date = edtf_date{day_point(date::year_month_day{first_local}), std::nullopt};
    if (t.end && date::floor<date::days>(*t.end) != first_local)
      e.date.end = day_point(date::year_month_day{date::floor<date::days>(*t.end)});
  }

  void read_texts(icalcomponent* ev, event& e) {
    const auto& fallback = m_target.default_language;
    // Without a LANGUAGE parameter, the language is told from the script (said once per
    // calendar by parse_ics, which gathers these warnings).
    const auto language = [&](icalproperty* p, const char* text) {
      auto lang = language_of(p, "");
      if (!lang.empty()) return lang;
      lang = detect_language(text, fallback);
      if (lang != fallback) warn(fmt::format("{}{}", k_detected_language, lang));
      return lang;
    };
    if (auto* p = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY);
        p && icalproperty_get_summary(p) && *icalproperty_get_summary(p)) {
      e.title[language(p, icalproperty_get_summary(p))] = icalproperty_get_summary(p);
    } else {
      warn("no SUMMARY; titled \"(no title)\"");
      e.title[fallback] = "(no title)";
    }
    if (auto* p = icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY);
        p && icalproperty_get_description(p) && *icalproperty_get_description(p))
      e.description[language(p, icalproperty_get_description(p))] = icalproperty_get_description(p);
  }

  /// X-CHRONICLE-DATE restores the precision an export spread over a month or year.
  void apply_chronicle_date(const char* text, event& e) {
    auto parsed = parse_edtf(text ? text : "");
    if (!parsed.value)
      return warn(
          fmt::format("X-CHRONICLE-DATE \"{}\" ignored: {}", text ? text : "", parsed.error));
    if (e.time || parsed.value->first_day() != e.date.first_day()) return;
    e.date = *parsed.value;
  }

  /// A Chronicle export carries the whole event; it is used when the calendar's own properties
  /// still agree with it (another app may have changed the event since).
  void use_embedded(const std::string& text, event& e, imported_event& result) {
    auto parsed = parse_event(text, "embedded", m_file, m_target);
    if (has_errors(parsed.diagnostics) || !parsed.event)
      return warn("X-CHRONICLE-EVENT is not a valid event; ignored");
    auto& x = *parsed.event;
    const auto& [lang, summary] = *e.title.begin();
    const auto it = x.title.find(lang);
    const bool same_title = it != x.title.end() && it->second == summary;
    if (x.revision != e.revision || !same_title || x.date.first_day() != e.date.first_day()) return;
    x.file = e.file;
    x.positions.clear();
    x.id.clear();
    e = std::move(x);
    result.related_uids.clear();  // its relations are already ids
    m_embedded = true;
  }

  /// Runs the event through the validator that loading uses, so that nothing imported is
  /// refused by the next load: each error rejects the event (and says why), warnings (a clock
  /// time in a DST gap) are passed on.
  void validate(const event& e) {
    if (m_rejected) return;
    for (auto& p : chronicle::validate(e, m_target)) {
      if (p.diag.severity == severity::error)
        reject(std::move(p.diag.message));
      else
        warn(std::move(p.diag.message));
    }
    if (m_rejected) return;
    // Escaping only lengthens text, so the file is measured only when its text alone is large.
    if (text_size(e) > k_max_event_file_bytes / 8) {
      const auto size = to_toml(e, m_target.default_language).size();
      if (size > k_max_event_file_bytes)
        return reject(
            fmt::format("its event file would take {:.1f} MiB; event files are "
                        "limited to {} MiB",
                        static_cast<double>(size) / (1 << 20), k_max_event_file_bytes >> 20));
    }
  }

  static std::size_t text_size(const event& e) {
    std::size_t n = e.ical_extra.size() + e.recurrence.rule.size() + e.date_note.size();
    for (const auto* t : {&e.title, &e.description})
      for (const auto& [lang, text] : *t) n += text.size();
    for (const auto& o : e.changed) n += 64 + o.ical_extra.size();
    n += 32 * (e.recurrence.also.size() + e.recurrence.except.size());
    for (const auto& p : e.participants) n += p.name.size() + p.role.size();
    for (const auto& t : e.tags) n += t.size();
    for (const auto& s : e.sources) n += s.url.size() + s.title.size() + s.publisher.size();
    if (e.place) n += e.place->name.size() + e.place->city.size();
    return n;
  }

  icalcomponent* m_root;
  const std::string& m_file;
  const timeline_info& m_target;
  const std::string& m_calendar_tz;
  const zone_costs& m_zones;
  std::vector<diagnostic>& m_out;
  int m_line = 0;
  bool m_rejected = false;
  bool m_warned_floating = false;
  bool m_embedded = false;
  std::optional<event> m_as_written;
  /// The IANA zone found for each TZID whose VTIMEZONE names none (nullptr: none matches).
  std::map<std::string, const date::time_zone*, std::less<>> m_matched_zones;
  std::vector<std::string> m_damage;  ///< libical's X-LIC-ERROR messages for this event
};

std::string x_value(icalcomponent* c, std::string_view name) {
  for (auto* p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY))
    if (name == icalproperty_get_x_name(p))
      return icalproperty_get_x(p) ? icalproperty_get_x(p) : "";
  return {};
}

}  // namespace

namespace {

/// One VEVENT as read, before the file-wide steps (changed occurrences, missing UIDs).
struct read_vevent {
  std::optional<std::string> uid;  ///< as libical gives it (absent, or possibly empty)
  /// The event as its VEVENT gives it, when X-CHRONICLE-EVENT replaced it: what its changed
  /// occurrences are compared with.
  std::optional<event> as_written;
  bool recurrence_id = false;
  std::string text;  ///< the VEVENT as iCalendar text, kept when it has a RECURRENCE-ID
  imported_event imported;
  std::vector<diagnostic> diagnostics;  ///< of its conversion
};

/// Reads one VEVENT whose calendar is `cal` (for its VTIMEZONEs).
read_vevent read_one(icalcomponent* ev, icalcomponent* cal, int line, const std::string& file,
                     const timeline_info& target, const std::string& calendar_tz,
                     const zone_costs& zones) {
  read_vevent out;
  if (const char* uid = icalcomponent_get_uid(ev)) out.uid = uid;
  out.recurrence_id = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) != nullptr;
  if (out.recurrence_id && out.uid)
    if (buffer_ptr component{icalcomponent_as_ical_string_r(ev)}) out.text = component.get();
  converter conv(cal, file, target, calendar_tz, zones, out.diagnostics);
  out.imported = conv.convert(ev, line);
  out.as_written = conv.take_as_written();
  return out;
}

/// Reads what a VCALENDAR says about itself: damage, name, zone, embedded timeline settings.
void read_calendar(icalcomponent* cal, const std::string& file, ics_import& result) {
  for (auto* p = icalcomponent_get_first_property(cal, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(cal, ICAL_XLICERROR_PROPERTY))
    result.diagnostics.push_back(
        {file, 0, 0, severity::warning,
         fmt::format("libical repaired damage: {}", icalproperty_get_xlicerror(p))});
  if (result.calendar_name.empty()) {
    if (auto* p = icalcomponent_get_first_property(cal, ICAL_NAME_PROPERTY))
      result.calendar_name = icalproperty_get_name(p);
    if (result.calendar_name.empty()) result.calendar_name = x_value(cal, "X-WR-CALNAME");
  }
  if (result.calendar_time_zone.empty()) {
    const auto tz = x_value(cal, "X-WR-TIMEZONE");
    if (find_time_zone(tz)) result.calendar_time_zone = tz;
  }
  if (!result.timeline) {
    const auto settings = x_value(cal, "X-CHRONICLE-TIMELINE");
    std::vector<diagnostic> ignored;
    if (!settings.empty()) result.timeline = parse_timeline_info(settings, file, ignored);
  }
}

/// Where the VEVENTs of a plain calendar file are, so that they can be parsed one by one.
struct calendar_layout {
  struct vevent_span {
    std::size_t begin = 0;  ///< offset of its BEGIN:VEVENT line
    std::size_t end = 0;    ///< offset just after its END:VEVENT line
    int line = 0;           ///< line number of BEGIN:VEVENT
  };
  std::string skeleton;  ///< the file without its VEVENTs: properties, VTIMEZONEs, the rest
  std::vector<vevent_span> vevents;
};

bool is_component_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) == b;
         });
}

/// The layout of `text` when it is one VCALENDAR whose BEGIN and END lines are plain (upper
/// case, nothing folded into them) and well nested, with VEVENTs only directly inside it and
/// nothing but blank lines around it. Then parsing each VEVENT on its own, inside a calendar
/// holding everything else, gives libical exactly the lines that parsing the whole file does.
/// Anything else (several calendars, a bare VEVENT, damage a whole-file parse would repair)
/// gives nothing, and the file is parsed whole, as before.
std::optional<calendar_layout> plain_layout(std::string_view text) {
  calendar_layout out;
  std::vector<std::string_view> open;
  bool closed = false;
  std::size_t copied = 0;  // text before this offset is in the skeleton or in a VEVENT
  calendar_layout::vevent_span current;
  int line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto newline = text.find('\n', pos);
    const auto next = newline == std::string_view::npos ? text.size() : newline + 1;
    ++line;
    auto l = text.substr(pos, (newline == std::string_view::npos ? text.size() : newline) - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    const bool begin = starts_with_nocase(l, "BEGIN"), end = starts_with_nocase(l, "END");
    if (begin || end) {
      const auto name = l.substr(begin ? 5 : 3);
      if (name.empty() || name.front() != ':' || !is_component_name(name.substr(1)))
        return std::nullopt;
      if (next < text.size() && (text[next] == ' ' || text[next] == '\t')) return std::nullopt;
      const auto kind = name.substr(1);
      if (begin) {
        if (closed || (open.empty() && kind != "VCALENDAR") ||
            (kind == "VEVENT" && open.size() != 1))
          return std::nullopt;
        if (kind == "VEVENT") {
          out.skeleton.append(text.substr(copied, pos - copied));
          current = {pos, 0, line};
        }
        open.push_back(kind);
      } else {
        if (open.empty() || open.back() != kind) return std::nullopt;
        open.pop_back();
        if (kind == "VEVENT") {
          current.end = next;
          out.vevents.push_back(current);
          copied = next;
        }
        closed = open.empty();
      }
    } else if (open.empty() && l.find_first_not_of(" \t\r") != std::string_view::npos) {
      return std::nullopt;  // text outside the calendar
    }
    pos = next;
  }
  if (!closed) return std::nullopt;
  out.skeleton.append(text.substr(copied));
  return out;
}

/// A VEVENT over `k_max_vevent_bytes`, rejected without being parsed.
read_vevent too_large(const calendar_layout::vevent_span& span, const std::string& file) {
  read_vevent out;
  out.imported.line = span.line;
  out.diagnostics.push_back(
      {file, span.line, 0, severity::error,
       fmt::format("event rejected: this VEVENT is {:.1f} MiB of text; Chronicle reads VEVENTs of "
                   "at most {} MiB (an event file holds at most {} MiB)",
                   static_cast<double>(span.end - span.begin) / (1 << 20), k_max_vevent_bytes >> 20,
                   k_max_event_file_bytes >> 20)});
  return out;
}

/// What one VEVENT holds, measured on its text before libical parses it: the limits
/// (k_max_component_depth and the others) are checked on this, so that a hostile VEVENT never
/// becomes a libical tree, an event file or a re-export.
struct vevent_shape {
  int line = 0;                  ///< of its BEGIN:VEVENT
  std::size_t begin = 0;         ///< offset of its BEGIN:VEVENT line
  std::size_t end = 0;           ///< offset just after its END:VEVENT line (or the text's end)
  int depth = 2;                 ///< deepest component, VCALENDAR being 1 and the VEVENT 2
  int components = 0;            ///< BEGIN lines inside it
  int properties = 0;            ///< content lines inside it, its components' included
  std::size_t longest_line = 0;  ///< longest content line, unfolded
  int longest_line_number = 0;   ///< where that line begins
};

/// The shape of every VEVENT in `text` that is not inside another VEVENT, in file order.
/// Content lines are unfolded (a line that begins with a space or a tab continues the one
/// before), and BEGIN and END are matched in any case, as libical reads them.
std::vector<vevent_shape> vevent_shapes(std::string_view text) {
  std::vector<vevent_shape> out;
  std::optional<vevent_shape> open;  // the VEVENT being measured
  int nesting = 0;                   // components open inside it, itself included
  std::size_t logical_size = 0;
  int logical_line = 0;
  // Ends the logical line that is being unfolded: counts it as a property or a component.
  const auto finish_property = [&] {
    if (!open || logical_line == 0) return;
    if (logical_size > open->longest_line) {
      open->longest_line = logical_size;
      open->longest_line_number = logical_line;
    }
    logical_line = 0;
    logical_size = 0;
  };
  int line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto newline = text.find('\n', pos);
    const auto next = newline == std::string_view::npos ? text.size() : newline + 1;
    ++line;
    auto l = text.substr(pos, next - pos);
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
    if (!l.empty() && (l.front() == ' ' || l.front() == '\t')) {
      if (logical_line != 0) logical_size += l.size() - 1;
      pos = next;
      continue;
    }
    finish_property();
    const bool begin = starts_with_nocase(l, "BEGIN:"), end = starts_with_nocase(l, "END:");
    if (!open) {
      if (begin && starts_with_nocase(l.substr(6), "VEVENT") && l.size() == 12) {
        open = vevent_shape{};
        open->line = line;
        open->begin = pos;
        nesting = 1;
      }
    } else if (begin) {
      ++open->components;
      ++nesting;
      open->depth = std::max(open->depth, nesting + 1);
    } else if (end) {
      if (--nesting == 0) {
        open->end = next;
        out.push_back(*open);
        open.reset();
      }
    } else if (!l.empty()) {
      ++open->properties;
      logical_line = line;
      logical_size = l.size();
    }
    pos = next;
  }
  finish_property();
  if (open) {
    open->end = text.size();
    out.push_back(*open);
  }
  return out;
}

/// Why a VEVENT of this shape is rejected, naming the first limit it exceeds and by how
/// much; nothing when it is within every limit.
std::optional<std::string> over_limits(const vevent_shape& s) {
  if (s.depth > k_max_component_depth)
    return fmt::format(
        "its components are nested {} deep (VCALENDAR > VEVENT > VALARM is 3); "
        "Chronicle reads at most {}",
        s.depth, k_max_component_depth);
  if (s.components > k_max_event_components)
    return fmt::format("it holds {} components (VALARMs and others); Chronicle reads at most {}",
                       s.components, k_max_event_components);
  if (s.properties > k_max_event_properties)
    return fmt::format("it holds {} properties; Chronicle reads at most {}", s.properties,
                       k_max_event_properties);
  if (s.longest_line > k_max_content_line_bytes)
    return fmt::format(
        "its line {} is {:.1f} MiB long (unfolded); Chronicle reads lines of at most {} MiB",
        s.longest_line_number, static_cast<double>(s.longest_line) / (1 << 20),
        k_max_content_line_bytes >> 20);
  return std::nullopt;
}

/// Why the VEVENT whose text is `vevent` (and nothing else) is rejected, if it is.
/// `line` is the file's line number of its BEGIN:VEVENT.
std::optional<std::string> vevent_over_limits(std::string_view vevent, int line) {
  auto shapes = vevent_shapes(vevent);
  if (shapes.size() != 1) return std::nullopt;  // not as laid out: libical decides
  shapes.front().longest_line_number += line - 1;
  return over_limits(shapes.front());
}

/// A VEVENT over the limits, rejected without being parsed.
read_vevent over_limits_rejected(int line, std::string reason, const std::string& file) {
  read_vevent out;
  out.imported.line = line;
  out.diagnostics.push_back(
      {file, line, 0, severity::error, "event rejected: " + std::move(reason)});
  return out;
}

/// Reads the VEVENTs of a plain calendar (see plain_layout) in chunks on every core. Each
/// thread has its own copy of the calendar without its VEVENTs (libical zones cache their
/// expansions, so no libical object is shared between threads); each VEVENT is parsed from its
/// own text, converted while attached to that calendar, and freed at once. Empty when libical
/// does not read a piece as the layout says (then the whole file is parsed instead).
std::optional<std::vector<read_vevent>> read_streamed(
    std::string_view text, const calendar_layout& layout, const std::string& file,
    const timeline_info& target, const std::string& calendar_tz, const zone_costs& zones) {
  struct not_as_laid_out {};  // libical reads a piece otherwise than the layout says
  const auto n = layout.vevents.size();
  std::vector<read_vevent> out(n);
  const auto calendar = [&] {
    component_ptr cal = ical::parse(layout.skeleton);
    if (!cal || icalcomponent_isa(cal.get()) != ICAL_VCALENDAR_COMPONENT) throw not_as_laid_out{};
    return cal;
  };
  const auto read = [&](component_ptr& cal, std::size_t i) {
    const auto& span = layout.vevents[i];
    if (span.end - span.begin > k_max_vevent_bytes) {
      out[i] = too_large(span, file);
      return;
    }
    const auto vevent = text.substr(span.begin, span.end - span.begin);
    if (auto reason = vevent_over_limits(vevent, span.line)) {
      out[i] = over_limits_rejected(span.line, std::move(*reason), file);
      return;
    }
    component_ptr ev = ical::parse(vevent);
    if (!ev || icalcomponent_isa(ev.get()) != ICAL_VEVENT_COMPONENT) throw not_as_laid_out{};
    icalcomponent_add_component(cal.get(), ev.get());
    try {
      out[i] = read_one(ev.get(), cal.get(), span.line, file, target, calendar_tz, zones);
    } catch (...) {
      icalcomponent_remove_component(cal.get(), ev.get());
      throw;
    }
    icalcomponent_remove_component(cal.get(), ev.get());
  };
  try {
    // std::bad_alloc and the like pass through.
    parallel_for_each_worker(n, 128, calendar, read);
  } catch (const not_as_laid_out&) {
    return std::nullopt;
  }
  return out;
}

/// A calendar cut short (a download that stopped): `text` begins a VCALENDAR and has no
/// END:VCALENDAR line. Gives the text closed, without a VEVENT left unfinished (its last
/// properties may be missing or cut), with warnings that say so; nothing for other text.
std::optional<std::string> closed_calendar(std::string_view text, const std::string& file,
                                           std::vector<diagnostic>& out) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || !starts_with_nocase(text.substr(first), "BEGIN:VCALENDAR"))
    return std::nullopt;
  std::size_t last_begin = std::string_view::npos, last_end = std::string_view::npos;
  int line = 0, begin_line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    ++line;
    const auto rest = text.substr(pos);
    if (starts_with_nocase(rest, "END:VCALENDAR")) return std::nullopt;
    if (starts_with_nocase(rest, "BEGIN:VEVENT")) {
      last_begin = pos;
      begin_line = line;
    }
    if (starts_with_nocase(rest, "END:VEVENT")) last_end = pos;
    const auto newline = text.find('\n', pos);
    if (newline == std::string_view::npos) break;
    pos = newline + 1;
  }
  std::string closed(text);
  if (last_begin != std::string_view::npos &&
      (last_end == std::string_view::npos || last_end < last_begin)) {
    closed.resize(last_begin);
    out.push_back({file, begin_line, 0, severity::warning,
                   "this VEVENT is cut short by the end of the file; it is left out"});
  }
  if (!closed.empty() && closed.back() != '\n') closed += "\r\n";
  closed += "END:VCALENDAR\r\n";
  out.push_back({file, line, 0, severity::warning,
                 "the file ends before END:VCALENDAR (cut short?); it is read as if it were "
                 "closed there"});
  return closed;
}

/// For the whole-file path: the rejection of each VEVENT of `text` over the limits, by its
/// line. When there is one, `sanitized` is `text` with each such VEVENT's lines replaced by as
/// many harmless lines, so that libical never builds it and every line keeps its number.
std::map<int, read_vevent> without_vevents_over_limits(std::string_view text,
                                                       const std::string& file,
                                                       std::string& sanitized) {
  std::map<int, read_vevent> out;
  std::size_t copied = 0;
  for (const auto& shape : vevent_shapes(text)) {
    auto reason = over_limits(shape);
    if (!reason) continue;
    out.emplace(shape.line, over_limits_rejected(shape.line, std::move(*reason), file));
    const auto body = text.substr(shape.begin, shape.end - shape.begin);
    const auto lines = std::count(body.begin(), body.end(), '\n');
    sanitized.append(text.substr(copied, shape.begin - copied));
    sanitized += "BEGIN:VEVENT\r\n";
    for (std::ptrdiff_t i = 2; i < lines; ++i) sanitized += "X-CHRONICLE-OMITTED:x\r\n";
    if (lines >= 2) sanitized += "END:VEVENT\r\n";
    copied = shape.end;
  }
  if (!out.empty()) sanitized.append(text.substr(copied));
  return out;
}

/// The whole file as one libical tree: for files plain_layout does not accept.
std::vector<read_vevent> read_whole(std::string_view buffer, const std::string& file,
                                    const timeline_info& target, ics_import& result,
                                    bool& not_icalendar) {
  std::vector<read_vevent> out;
  std::string sanitized;
  auto rejected = without_vevents_over_limits(buffer, file, sanitized);
  if (!rejected.empty()) buffer = sanitized;
  component_ptr root = ical::parse(buffer);
  std::vector<diagnostic> repairs;
  if (!root)  // libical gives nothing for a calendar that is never closed
    if (const auto closed = closed_calendar(buffer, file, repairs)) {
      root = ical::parse(*closed);
      if (root) result.diagnostics.insert(result.diagnostics.end(), repairs.begin(), repairs.end());
    }
  if (!root) {
    not_icalendar = true;
    return out;
  }
  // One VCALENDAR, several (libical wraps them in an XROOT), or a bare VEVENT.
  std::vector<icalcomponent*> calendars;
  std::vector<icalcomponent*> events;
  const auto kind = icalcomponent_isa(root.get());
  if (kind == ICAL_VEVENT_COMPONENT) {
    events.push_back(root.get());
  } else if (kind == ICAL_XROOT_COMPONENT) {
    for (auto* c = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT); c;
         c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT))
      calendars.push_back(c);
  } else {
    calendars.push_back(root.get());
  }
  zone_costs zones;
  for (auto* cal : calendars) {
    read_calendar(cal, file, result);
    measure_zones(cal, zones);
    for (auto* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
      events.push_back(e);
  }
  const auto lines = vevent_lines(buffer);
  out.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i)
    out.push_back(read_one(events[i], icalcomponent_get_parent(events[i]),
                           i < lines.size() ? lines[i] : 0, file, target, result.calendar_time_zone,
                           zones));
  for (auto& read : out)
    if (auto it = rejected.find(read.imported.line); it != rejected.end()) {
      read = std::move(it->second);
      rejected.erase(it);
    }
  for (auto& [line, read] : rejected) out.push_back(std::move(read));
  return out;
}

}  // namespace

ics_import parse_ics(std::string_view text, const std::string& file, const timeline_info& target) {
  ics_import result;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    result.diagnostics.push_back({file, static_cast<int>(line), 0, severity::warning,
                                  "NUL byte in the file; everything after it is ignored"});
    text = text.substr(0, nul);
  }
  std::optional<std::vector<read_vevent>> events;
  if (auto layout = plain_layout(text)) {
    ics_import header;
    if (component_ptr cal = ical::parse(layout->skeleton);
        cal && icalcomponent_isa(cal.get()) == ICAL_VCALENDAR_COMPONENT) {
      read_calendar(cal.get(), file, header);
      zone_costs zones;
      measure_zones(cal.get(), zones);
      events = read_streamed(text, *layout, file, target, header.calendar_time_zone, zones);
      if (events) {
        header.diagnostics.insert(header.diagnostics.begin(), result.diagnostics.begin(),
                                  result.diagnostics.end());
        result = std::move(header);
      }
    }
  }
  if (!events) {
    bool not_icalendar = false;
    events = read_whole(text, file, target, result, not_icalendar);
    if (not_icalendar) {
      result.is_icalendar = false;
      result.diagnostics.push_back(
          {file, 1, 0, severity::error,
           "not an iCalendar file: no BEGIN:VCALENDAR or BEGIN:VEVENT found"});
      return result;
    }
  }
  // Changed occurrences (RECURRENCE-ID) belong to the event with their UID: kept with it.
  std::unordered_set<std::string> masters;
  for (const auto& e : *events)
    if (!e.recurrence_id && e.uid) masters.insert(*e.uid);
  std::unordered_map<std::string, std::vector<std::string>> overrides;
  std::vector<bool> is_override(events->size(), false);
  for (std::size_t i = 0; i < events->size(); ++i) {
    auto& e = (*events)[i];
    if (!e.uid || !e.recurrence_id || !masters.contains(*e.uid)) continue;
    is_override[i] = true;
    if (!e.text.empty()) overrides[*e.uid].push_back(std::move(e.text));
  }
  std::set<std::string> generated;
  result.events.reserve(events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    if (is_override[i]) continue;
    auto& read = (*events)[i];
    result.diagnostics.insert(result.diagnostics.end(),
                              std::make_move_iterator(read.diagnostics.begin()),
                              std::make_move_iterator(read.diagnostics.end()));
    auto imported = std::move(read.imported);
    if (imported.event)
      if (auto it = overrides.find(imported.uid); it != overrides.end()) {
        // The VEVENTs of the changed occurrences are what calendar apps edit: they replace what
        // an embedded X-CHRONICLE-EVENT says.
        imported.event->changed.clear();
        const auto& written = read.as_written ? *read.as_written : *imported.event;
        for (const auto& vevent : it->second) {
          if (auto x = read_override(vevent, *imported.event, written, target.default_language))
            imported.event->changed.push_back(std::move(*x));
          else
            result.diagnostics.push_back(
                {file, imported.line, 0, severity::warning,
                 "a changed occurrence of this event has no readable RECURRENCE-ID; dropped"});
        }
      }
    if (imported.uid.empty() && imported.event) {
      // No UID: one derived from what identifies the event, the same on every import.
      const auto& ev = *imported.event;
      const auto key = to_edtf(ev.date) + (ev.time ? date::format("%FT%T", ev.time->start) : "") +
                       (ev.title.empty() ? "" : ev.title.begin()->second);
      auto uid = fmt::format("chronicle-import-{:016x}@{}", fnv1a(key), target.uid_domain);
      for (int n = 2; !generated.insert(uid).second; ++n)
        uid = fmt::format("chronicle-import-{:016x}-{}@{}", fnv1a(key), n, target.uid_domain);
      imported.uid = uid;
    }
    result.events.push_back(std::move(imported));
  }
  // The languages told from the script: one warning for the calendar, at the first text.
  std::size_t told = 0;
  std::erase_if(result.diagnostics, [&told](const diagnostic& d) {
    return d.message.starts_with(k_detected_language) && ++told > 1;
  });
  for (auto& d : result.diagnostics)
    if (d.message.starts_with(k_detected_language)) {
      const auto lang = d.message.substr(k_detected_language.size());
      d.message = fmt::format(
          "{} {} without a LANGUAGE parameter taken as \"{}\" from the Cyrillic script (the "
          "first here)",
          told, told == 1 ? "title or description" : "titles or descriptions", lang);
    }
  return result;
}

}  // namespace chronicle
