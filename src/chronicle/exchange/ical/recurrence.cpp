#include "chronicle/exchange/ical/recurrence.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "chronicle/exchange/ical/handle.hpp"

namespace chronicle {

namespace {

using std::chrono::seconds;

struct iterator_deleter {
  void operator()(icalrecur_iterator* i) const { icalrecur_iterator_free(i); }
};

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

date::local_days day_of(date::local_seconds t) {
  return date::floor<date::days>(t);
}

/// The IANA zone a TZID names: the name itself, a Windows name, or the name after a producer's
/// prefix ("/mozilla.org/20050126_1/Europe/Berlin"), as import reads DTSTART. Changed
/// occurrences and EXDATE lines are kept without their VTIMEZONE, so nothing else is known.
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

/// The instant of a local time, as RFC 5545 3.3.5 reads it: in an overlap the first of the two
/// instants, in a gap the offset from before the gap.
date::sys_seconds instant_of(const date::time_zone& zone, date::local_seconds local) {
  const auto info = zone.get_info(local);
  return date::sys_seconds{local.time_since_epoch()} - info.first.offset;
}

std::string param(icalproperty* p, icalparameter_kind kind) {
  auto* x = icalproperty_get_first_parameter(p, kind);
  if (!x) return {};
  ical::buffer_ptr s{icalproperty_get_parameter_as_string_r(p, icalparameter_kind_to_string(kind))};
  return s ? std::string(s.get()) : std::string{};
}

/// A date or time value of a property, with the zone its TZID names (or nothing: floating, or
/// a zone Chronicle cannot name).
struct stamp {
  icaltimetype value = icaltime_null_time();
  std::string tzid;
  bool utc = false;
};

stamp stamp_of(icalproperty* p, icaltimetype t) {
  return {t, param(p, ICAL_TZID_PARAMETER), icaltime_is_utc(t) != 0};
}

/// `s` as a local time in `zone` (the event's; nullptr for all-day events, whose dates are
/// taken as written). A TZID Chronicle cannot name is taken as the event's own zone.
date::local_seconds in_zone(const stamp& s, const date::time_zone* zone) {
  const auto local = from_ical(s.value);
  if (s.value.is_date || !zone) return local;
  if (s.utc) return zone->to_local(date::sys_seconds{local.time_since_epoch()});
  if (s.tzid.empty()) return local;
  const auto* own = resolve_tzid(s.tzid);
  if (!own || own == zone) return local;
  return zone->to_local(instant_of(*own, local));
}

/// The zone a stamp is in, when it names one of its own; nullptr for floating and unknown.
const date::time_zone* zone_of(const stamp& s) {
  if (s.value.is_date) return nullptr;
  if (s.utc) return find_time_zone("UTC");
  return s.tzid.empty() ? nullptr : resolve_tzid(s.tzid);
}

/// One RDATE or EXDATE value: a start, and for an RDATE PERIOD its own length.
struct listed_date {
  stamp start;
  std::optional<seconds> length;
};

/// The values of kept RDATE or EXDATE content lines (several values per line, each its own).
std::vector<listed_date> listed_dates(const std::vector<std::string>& lines, bool rdate,
                                      const date::time_zone* zone) {
  std::vector<listed_date> out;
  for (const auto& line : lines) {
    const auto text = "BEGIN:VEVENT\r\n" + line + "\r\nEND:VEVENT\r\n";
    ical::component_ptr c = ical::parse(text);
    if (!c) continue;
    const auto kind = rdate ? ICAL_RDATE_PROPERTY : ICAL_EXDATE_PROPERTY;
    for (auto* p = icalcomponent_get_first_property(c.get(), kind); p;
         p = icalcomponent_get_next_property(c.get(), kind)) {
      if (!rdate) {
        const auto t = icalproperty_get_exdate(p);
        if (is_valid(t)) out.push_back({stamp_of(p, t), std::nullopt});
        continue;
      }
      const auto r = icalproperty_get_rdate(p);
      if (is_valid(r.time)) {
        out.push_back({stamp_of(p, r.time), std::nullopt});
      } else if (is_valid(r.period.start)) {
        listed_date d{stamp_of(p, r.period.start), std::nullopt};
        if (is_valid(r.period.end)) {
          const stamp end = stamp_of(p, r.period.end);
          d.length = in_zone(end, zone) - in_zone(d.start, zone);
        } else if (!icaldurationtype_is_null_duration(r.period.duration)) {
          d.length = seconds{icaldurationtype_as_int(r.period.duration)};
        }
        if (d.length && d.length->count() < 0) d.length.reset();
        out.push_back(d);
      }
    }
  }
  return out;
}

/// A changed occurrence, read from the VEVENT text kept in `ical_overrides`.
struct change {
  stamp recurrence_id;
  date::local_seconds rid;  ///< in the event's zone
  bool this_and_future = false;
  int sequence = 0;
  bool has_start = false;
  stamp start;
  date::local_seconds local_start;  ///< in the event's zone
  std::optional<seconds> length;
  bool all_day = false;
  std::optional<std::pair<std::string, std::string>> summary;      ///< language, text
  std::optional<std::pair<std::string, std::string>> description;  ///< language, text
  std::optional<std::string> location;
  status state = status::confirmed;
};

std::string language_of(icalproperty* p) {
  auto lang = param(p, ICAL_LANGUAGE_PARAMETER);
  std::transform(lang.begin(), lang.end(), lang.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lang.substr(0, lang.find('-'));
}

std::optional<change> read_change(const std::string& text, const date::time_zone* zone) {
  ical::component_ptr root = ical::parse(text);
  if (!root) return std::nullopt;
  icalcomponent* ev = root.get();
  if (icalcomponent_isa(ev) != ICAL_VEVENT_COMPONENT)
    ev = icalcomponent_get_first_component(ev, ICAL_VEVENT_COMPONENT);
  if (!ev) return std::nullopt;
  auto* rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
  if (!rid || !is_valid(icalproperty_get_recurrenceid(rid))) return std::nullopt;
  change c;
  c.recurrence_id = stamp_of(rid, icalproperty_get_recurrenceid(rid));
  c.rid = in_zone(c.recurrence_id, zone);
  if (auto* r = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER))
    c.this_and_future = icalparameter_get_range(r) == ICAL_RANGE_THISANDFUTURE;
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_SEQUENCE_PROPERTY))
    c.sequence = icalproperty_get_sequence(p);
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
      p && is_valid(icalproperty_get_dtstart(p))) {
    c.has_start = true;
    c.start = stamp_of(p, icalproperty_get_dtstart(p));
    c.all_day = c.start.value.is_date != 0;
    c.local_start = in_zone(c.start, c.all_day ? nullptr : zone);
    if (auto* e = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
        e && is_valid(icalproperty_get_dtend(e))) {
      const stamp end = stamp_of(e, icalproperty_get_dtend(e));
      c.length = in_zone(end, c.all_day ? nullptr : zone) - c.local_start;
    } else if (auto* d = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) {
      c.length = seconds{icaldurationtype_as_int(icalproperty_get_duration(d))};
    }
    if (c.length && c.length->count() < 0) c.length.reset();
  }
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_SUMMARY_PROPERTY);
      p && icalproperty_get_summary(p) && *icalproperty_get_summary(p))
    c.summary.emplace(language_of(p), icalproperty_get_summary(p));
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY);
      p && icalproperty_get_description(p))
    c.description.emplace(language_of(p), icalproperty_get_description(p));
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY);
      p && icalproperty_get_location(p))
    c.location = icalproperty_get_location(p);
  if (auto* p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY)) {
    const auto s = icalproperty_get_status(p);
    c.state = s == ICAL_STATUS_CANCELLED   ? status::cancelled
              : s == ICAL_STATUS_TENTATIVE ? status::tentative
                                           : status::confirmed;
  }
  return c;
}

/// The changed occurrences of `e`; of several for the same RECURRENCE-ID, the one with the
/// highest SEQUENCE (the later one on a tie), as RFC 5546 2.1.5 orders revisions.
std::vector<change> read_changes(const event& e, const date::time_zone* zone,
                                 std::vector<diagnostic>& notes) {
  std::map<date::local_seconds, change> by_rid;
  for (const auto& text : e.ical_overrides) {
    auto c = read_change(text, zone);
    if (!c) {
      notes.push_back({e.file, 0, 0, severity::warning,
                       fmt::format("a changed occurrence of \"{}\" has no readable RECURRENCE-ID; "
                                   "it is not shown",
                                   e.id)});
      continue;
    }
    auto [it, added] = by_rid.try_emplace(c->rid, *c);
    if (!added && c->sequence >= it->second.sequence) it->second = *c;
  }
  std::vector<change> out;
  for (auto& [_, c] : by_rid) out.push_back(std::move(c));
  return out;
}

/// The text in `lang` replaced by `text`: the other languages are dropped when it differs,
/// since they no longer say the same.
void replace_text(localized_text& texts, const std::pair<std::string, std::string>& value) {
  const auto& [lang, text] = value;
  std::string key = lang;
  if (key.empty() || (!texts.contains(key) && texts.size() == 1)) {
    // No LANGUAGE (import took such text as the timeline's language): the master's language.
    key = texts.empty() ? std::string("en") : texts.begin()->first;
  }
  if (auto it = texts.find(key); it != texts.end() && it->second == text) return;
  texts.clear();
  if (!text.empty()) texts[key] = text;
}

/// A rule as libical parses it, owning the RSCALE text libical allocates with strdup.
struct parsed_rule {
  icalrecurrencetype rule;
  explicit parsed_rule(const std::string& text)
      : rule(icalrecurrencetype_from_string(text.c_str())) {}
  parsed_rule(const parsed_rule&) = delete;
  parsed_rule& operator=(const parsed_rule&) = delete;
  ~parsed_rule() { std::free(rule.rscale); }
};

/// The rule of `e` for libical, with UNTIL read in the event's zone (RFC 5545 3.3.10: UNTIL is
/// UTC when DTSTART has a zone, a DATE when DTSTART is one; libical compares it with local
/// times as written, so it is turned into one).
void read_until_in_zone(icalrecurrencetype& rule, const event& e, const date::time_zone* zone) {
  if (rule.freq == ICAL_NO_RECURRENCE || icaltime_is_null_time(rule.until)) return;
  auto& until = rule.until;
  // libical does not always mark a "Z" UNTIL as UTC: the text says it.
  std::string upper = e.recurrence.rrule;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const auto at = upper.find("UNTIL=");
  const auto value = at == std::string::npos ? std::string{} : upper.substr(at + 6);
  const bool utc = icaltime_is_utc(until) || value.substr(0, value.find(';')).ends_with('Z');
  if (!e.time) {
    until = to_ical(date::local_seconds{day_of(from_ical(until))}, true);
  } else if (until.is_date) {
    until = to_ical(date::local_seconds{from_ical(until)} + date::days{1} - seconds{1}, false);
  } else if (utc && zone) {
    const date::sys_seconds instant{from_ical(until).time_since_epoch()};
    until = to_ical(zone->to_local(instant), false);
  } else {
    until.zone = nullptr;
  }
}

/// What makes one occurrence: the start the recurrence gave it, where it starts now and for
/// how long, and the change that applies to it.
struct instance {
  date::local_seconds rid;
  date::local_seconds start;  ///< in the event's zone
  seconds length;
  const change* own = nullptr;     ///< a change for exactly this occurrence
  const change* future = nullptr;  ///< an earlier RANGE=THISANDFUTURE change
};

edtf_date days_of(date::local_seconds start, seconds length, bool all_day) {
  const auto first = day_of(start);
  edtf_date d{day_point(date::year_month_day{first}), std::nullopt};
  if (all_day) {
    const auto n = date::floor<date::days>(length);
    if (n > date::days{1}) d.end = day_point(date::year_month_day{first + n - date::days{1}});
  } else if (length.count() > 0 && day_of(start + length) != first) {
    d.end = day_point(date::year_month_day{day_of(start + length)});
  }
  return d;
}

void apply_properties(event& o, const change& c) {
  if (c.summary) replace_text(o.title, *c.summary);
  if (c.description)
    replace_text(o.description, *c.description);
  else
    o.description.clear();
  if (c.location && !c.location->empty()) {
    if (!o.place || o.place->name != *c.location) o.place = place{*c.location, {}, {}, {}, {}};
  } else {
    o.place.reset();
  }
  o.status = c.state;
}

event make_occurrence(const event& e, const instance& i, const date::time_zone* zone) {
  event o = e;
  const change* c = i.own ? i.own : i.future;
  o.occurrence = occurrence_ref{i.rid, c != nullptr};
  if (c) {
    auto title = o.title;
    apply_properties(o, *c);
    if (o.title.empty()) o.title = title;
  }
  const bool own_all_day = i.own && i.own->has_start && i.own->all_day;
  if (!e.time || own_all_day) {
    o.time.reset();
    auto days = own_all_day && !i.own->length ? seconds{date::days{1}} : i.length;
    o.date = days_of(i.start, std::max<seconds>(days, date::days{1}), true);
    return o;
  }
  event_time t;
  t.tz = e.time->tz;
  t.start = i.start;
  if (e.time->end || i.length.count() > 0) t.end = i.start + i.length;
  if (t.end && *t.end == t.start) t.end.reset();
  // A change in a zone of its own (not UTC, not the event's) is shown in that zone.
  if (i.own && i.own->has_start) {
    const auto* own_zone = zone_of(i.own->start);
    if (own_zone && zone && own_zone != zone && own_zone->name() != "UTC" &&
        own_zone->name() != "Etc/UTC") {
      t.tz = own_zone->name();
      t.start = own_zone->to_local(instant_of(*zone, i.start));
      if (t.end) t.end = t.start + i.length;
    }
  }
  o.time = t;
  o.date = days_of(t.start, t.end ? *t.end - t.start : seconds{0}, false);
  return o;
}

}  // namespace

bool is_recurring(const event& e) {
  return !e.recurrence.empty() || !e.ical_overrides.empty();
}

std::vector<event> occurrences_of(const event& e, const expansion_limits& limits,
                                  std::vector<diagnostic>& notes) {
  if (!is_recurring(e)) return {e};
  const bool all_day = !e.time;
  const auto* zone = e.time ? find_time_zone(e.time->tz) : nullptr;
  const auto dtstart =
      e.time ? e.time->start
             : date::local_seconds{date::local_days{e.date.first_day().time_since_epoch()}};
  const seconds length = e.time ? (e.time->end ? *e.time->end - e.time->start : seconds{0})
                                : date::days{(e.date.last_day() - e.date.first_day()).count() + 1};
  const auto changes = read_changes(e, zone, notes);

  // How far a change moves an occurrence, so that one moved into the window is found.
  seconds earliest_shift{0}, latest_shift{0}, longest = length;
  for (const auto& c : changes) {
    if (!c.has_start) continue;
    earliest_shift = std::min(earliest_shift, c.local_start - c.rid);
    latest_shift = std::max(latest_shift, c.local_start - c.rid);
    if (c.length) longest = std::max(longest, *c.length);
  }
  const auto first_allowed =
      limits.from ? date::local_seconds{date::local_days{limits.from->time_since_epoch()}}
                  : date::local_seconds::min();
  const auto after_allowed =
      limits.to
          ? date::local_seconds{date::local_days{(*limits.to + date::days{1}).time_since_epoch()}}
          : date::local_seconds::max();
  const auto search_from = limits.from ? first_allowed - latest_shift - longest - date::days{1}
                                       : date::local_seconds::min();
  const auto search_to =
      limits.to ? after_allowed - earliest_shift + date::days{1} : date::local_seconds::max();
  const auto cap = limits.to ? limits.limit : std::min(limits.limit, limits.open_ended_limit);

  std::map<date::local_seconds, seconds> starts;  // RECURRENCE-ID -> length
  starts.emplace(dtstart, length);
  for (const auto& r : listed_dates(e.recurrence.rdate, true, zone))
    starts.emplace(in_zone(r.start, zone), r.length.value_or(length));
  bool more = false;
  if (!e.recurrence.rrule.empty()) {
    parsed_rule parsed{e.recurrence.rrule};
    read_until_in_zone(parsed.rule, e, zone);
    const auto& rule = parsed.rule;
    std::unique_ptr<icalrecur_iterator, iterator_deleter> it{
        rule.freq == ICAL_NO_RECURRENCE ? nullptr
                                        : icalrecur_iterator_new(rule, to_ical(dtstart, all_day))};
    if (!it)
      notes.push_back({e.file, 0, 0, severity::warning,
                       fmt::format("rrule \"{}\" cannot be expanded; only the first date is shown",
                                   e.recurrence.rrule)});
    // Enough starts for `cap` occurrences after exclusions and changes.
    const auto wanted = cap + e.recurrence.exdate.size() + changes.size() + 1;
    std::size_t kept = 0;
    for (std::size_t step = 0; it && step < limits.max_steps; ++step) {
      const auto next = icalrecur_iterator_next(it.get());
      if (icaltime_is_null_time(next)) break;
      const auto when = from_ical(next);
      if (when >= search_to) break;
      if (when < search_from) continue;
      if (kept == wanted) {
        more = true;
        break;
      }
      starts.emplace(when, length);
      ++kept;
    }
  }
  // EXDATEs read once: exact starts, and days (a DATE value removes that day's occurrence).
  std::set<date::local_seconds> excluded_starts;
  std::set<date::local_days> excluded_days;
  for (const auto& x : listed_dates(e.recurrence.exdate, false, zone)) {
    if (x.start.value.is_date)
      excluded_days.insert(day_of(in_zone(x.start, zone)));
    else
      excluded_starts.insert(in_zone(x.start, zone));
  }
  const auto is_excluded = [&](date::local_seconds t) {
    return excluded_starts.contains(t) || excluded_days.contains(day_of(t));
  };
  for (auto it = starts.begin(); it != starts.end();)
    it = is_excluded(it->first) ? starts.erase(it) : std::next(it);

  // Each change for the occurrence it names; one that names none stands on its own.
  std::vector<instance> instances;
  std::set<const change*> used;
  std::vector<const change*> futures;
  std::map<date::local_seconds, const change*> by_start;  // exact RECURRENCE-IDs
  std::multimap<date::local_days, const change*> by_day;  // DATE RECURRENCE-IDs
  for (const auto& c : changes) {
    if (c.this_and_future) futures.push_back(&c);
    if (c.recurrence_id.value.is_date)
      by_day.emplace(day_of(c.rid), &c);
    else
      by_start.emplace(c.rid, &c);
  }
  for (const auto& [rid, len] : starts) {
    instance i{rid, rid, len, nullptr, nullptr};
    if (auto it = by_start.find(rid); it != by_start.end()) i.own = it->second;
    for (auto [a, b] = by_day.equal_range(day_of(rid)); !i.own && a != b; ++a)
      if (!used.contains(a->second)) i.own = a->second;
    if (!i.own)
      for (const auto* f : futures)
        if (f->rid < rid) i.future = f;  // the latest one before this occurrence
    if (i.own) {
      used.insert(i.own);
      if (i.own->has_start) i.start = i.own->local_start;
      if (i.own->length) i.length = *i.own->length;
    } else if (i.future && i.future->has_start) {
      i.start = rid + (i.future->local_start - i.future->rid);
      if (i.future->length) i.length = *i.future->length;
    }
    instances.push_back(i);
  }
  for (const auto& c : changes) {
    if (used.contains(&c) || !c.has_start || is_excluded(c.rid)) continue;
    // Outside the starts searched, the occurrence it names may exist: only shown when it lands
    // in the window, which the filter below decides.
    instances.push_back({c.rid, c.local_start, c.length.value_or(length), &c, nullptr});
  }

  std::vector<event> out;
  for (const auto& i : instances) {
    auto o = make_occurrence(e, i, zone);
    const auto first = date::local_days{o.date.first_day().time_since_epoch()};
    const auto last = date::local_days{o.date.last_day().time_since_epoch()};
    if (limits.from && last < date::local_days{limits.from->time_since_epoch()}) continue;
    if (limits.to && first >= date::floor<date::days>(after_allowed)) continue;
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(), [](const event& a, const event& b) {
    const auto start = [](const event& x) {
      return x.time ? x.time->start
                    : date::local_seconds{date::local_days{x.date.first_day().time_since_epoch()}};
    };
    return start(a) < start(b);
  });
  if (out.size() > cap) {
    out.resize(cap);
    more = true;
  }
  if (more)
    notes.push_back({e.file, 0, 0, severity::warning,
                     fmt::format("\"{}\" repeats more than the {} occurrences shown; narrow the "
                                 "range with --from and --to",
                                 e.id, cap)});
  return out;
}

timeline expand_recurrences(const timeline& t, const expansion_limits& limits,
                            std::vector<diagnostic>& notes) {
  timeline out{t.info, {}};
  for (const auto& e : t.events) {
    if (!is_recurring(e)) {
      out.events.push_back(e);
      continue;
    }
    auto occurrences = occurrences_of(e, limits, notes);
    std::move(occurrences.begin(), occurrences.end(), std::back_inserter(out.events));
  }
  sort_chronologically(out);
  return out;
}

recurrence_summary summarize_recurrence(const event& e) {
  recurrence_summary out;
  out.all_day = !e.time;
  const auto* zone = e.time ? find_time_zone(e.time->tz) : nullptr;
  if (!e.recurrence.rrule.empty()) {
    parsed_rule parsed{e.recurrence.rrule};
    read_until_in_zone(parsed.rule, e, zone);
    const auto& rule = parsed.rule;
    if (rule.freq != ICAL_NO_RECURRENCE) {
      rule_parts r;
      switch (rule.freq) {
        case ICAL_SECONDLY_RECURRENCE: r.freq = frequency::secondly; break;
        case ICAL_MINUTELY_RECURRENCE: r.freq = frequency::minutely; break;
        case ICAL_HOURLY_RECURRENCE: r.freq = frequency::hourly; break;
        case ICAL_DAILY_RECURRENCE: r.freq = frequency::daily; break;
        case ICAL_WEEKLY_RECURRENCE: r.freq = frequency::weekly; break;
        case ICAL_MONTHLY_RECURRENCE: r.freq = frequency::monthly; break;
        default: r.freq = frequency::yearly; break;
      }
      r.interval = std::max<int>(1, rule.interval);
      for (int i = 0; i < ICAL_BY_DAY_SIZE && rule.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
        const auto day = icalrecurrencetype_day_day_of_week(rule.by_day[i]);
        if (day == ICAL_NO_WEEKDAY) continue;
        r.by_day.push_back({icalrecurrencetype_day_position(rule.by_day[i]),
                            date::weekday{static_cast<unsigned>(day) - 1}});
      }
      for (int i = 0;
           i < ICAL_BY_MONTHDAY_SIZE && rule.by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i)
        r.by_month_day.push_back(rule.by_month_day[i]);
      for (int i = 0; i < ICAL_BY_MONTH_SIZE && rule.by_month[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i)
        r.by_month.push_back(
            static_cast<unsigned>(icalrecurrencetype_month_month(rule.by_month[i])));
      r.other_parts = rule.by_set_pos[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      rule.by_year_day[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      rule.by_week_no[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      rule.by_hour[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      rule.by_minute[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      rule.by_second[0] != ICAL_RECURRENCE_ARRAY_MAX ||
                      (rule.by_month[0] != ICAL_RECURRENCE_ARRAY_MAX &&
                       icalrecurrencetype_month_is_leap(rule.by_month[0]));
      if (!icaltime_is_null_time(rule.until)) r.until = from_ical(rule.until);
      if (rule.count > 0) r.count = rule.count;
      r.text = e.recurrence.rrule;
      out.rule = r;
    }
  }
  for (const auto& d : listed_dates(e.recurrence.rdate, true, zone))
    out.added.push_back(in_zone(d.start, zone));
  for (const auto& d : listed_dates(e.recurrence.exdate, false, zone))
    out.removed.push_back(in_zone(d.start, zone));
  std::sort(out.added.begin(), out.added.end());
  std::sort(out.removed.begin(), out.removed.end());
  std::vector<diagnostic> ignored;
  for (const auto& c : read_changes(e, zone, ignored)) {
    occurrence_change x;
    x.recurrence_id = c.rid;
    if (c.has_start && c.local_start != c.rid) x.start = c.local_start;
    if (c.summary) {
      const auto* before = pick(e.title, c.summary->first);
      if (!before || *before != c.summary->second) x.title = c.summary->second;
    }
    x.cancelled = c.state == status::cancelled;
    x.this_and_future = c.this_and_future;
    out.changes.push_back(std::move(x));
  }
  return out;
}

}  // namespace chronicle
