#include "chronicle/exchange/ical/export.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "chronicle/exchange/ical/handle.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/content_hash.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

constexpr const char* k_prodid = "-//Chronicle//Chronicle 0.1//EN";
constexpr const char* k_category_marker = "X-CHRONICLE-CATEGORY";
constexpr std::string_view k_marked_category = "\r\nRELATED-TO;X-CHRONICLE-CATEGORY=1:";
constexpr std::string_view k_category = "\r\nCATEGORIES:";
constexpr const char* k_text_marker = "X-CHRONICLE-AS";
constexpr std::string_view k_marked_text = "\r\nRELATED-TO;X-CHRONICLE-AS=";

icaltimetype to_ical_date(date::sys_days d) {
  const date::year_month_day ymd{d};
  icaltimetype t = icaltime_null_date();
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.is_date = 1;
  return t;
}

icaltimetype to_ical_utc(date::sys_seconds s) {
  const auto day = date::floor<date::days>(s);
  const date::hh_mm_ss hms{s - day};
  icaltimetype t = to_ical_date(day);
  t.is_date = 0;
  t.hour = static_cast<int>(hms.hours().count());
  t.minute = static_cast<int>(hms.minutes().count());
  t.second = static_cast<int>(hms.seconds().count());
  t.zone = icaltimezone_get_utc_timezone();
  return t;
}

icaltimetype to_ical_local(date::local_seconds s, const icaltimezone* zone) {
  const auto day = date::floor<date::days>(s);
  const date::hh_mm_ss hms{s - day};
  icaltimetype t = to_ical_date(date::sys_days{day.time_since_epoch()});
  t.is_date = 0;
  t.hour = static_cast<int>(hms.hours().count());
  t.minute = static_cast<int>(hms.minutes().count());
  t.second = static_cast<int>(hms.seconds().count());
  t.zone = zone;
  return t;
}

/// libical's zone for an IANA name, built from the system tz database.
icaltimezone* builtin_zone(const std::string& name) {
  return icaltimezone_get_builtin_timezone(name.c_str());
}

void add(icalcomponent* c, icalproperty* p) {
  icalcomponent_add_property(c, p);
}

icalproperty* x_property(const char* name, const std::string& value) {
  auto* p = icalproperty_new_x(value.c_str());
  icalproperty_set_x_name(p, name);
  return p;
}

/// X-CHRONICLE-`suffix` with `value` escaped as RFC 5545 TEXT (3.3.11). libical 3.0 escapes
/// backslashes and line ends in X- values but never ',' or ';', and Radicale (vobject) cuts an
/// X- value at its first unescaped comma. RELATED-TO is a TEXT property that libical escapes
/// fully: the value is written as one, marked with its name, renamed by `rename_marked`. The
/// importer needs nothing: libical unescapes `\,` and `\;` in X- values.
icalproperty* text_x_property(const char* suffix, const std::string& value) {
  auto* p = icalproperty_new_relatedto(value.c_str());
  auto* marker = icalparameter_new_x(suffix);
  icalparameter_set_xname(marker, k_text_marker);
  icalproperty_add_parameter(p, marker);
  return p;
}

/// Moves the properties and components of `vevent_text` (a VEVENT that libical parses and
/// unfolds) into `target`: how kept iCalendar lines are written back.
void add_parsed(icalcomponent* target, const std::string& vevent_text) {
  ical::component_ptr parsed = ical::parse(vevent_text);
  if (!parsed) return;
  while (auto* p = icalcomponent_get_first_property(parsed.get(), ICAL_ANY_PROPERTY)) {
    icalcomponent_remove_property(parsed.get(), p);
    icalcomponent_add_property(target, p);
  }
  while (auto* c = icalcomponent_get_first_component(parsed.get(), ICAL_ANY_COMPONENT)) {
    icalcomponent_remove_component(parsed.get(), c);
    icalcomponent_add_component(target, c);
  }
}

icalproperty* with_language(icalproperty* p, const std::string& lang) {
  if (!lang.empty()) icalproperty_add_parameter(p, icalparameter_new_language(lang.c_str()));
  return p;
}

std::string precision_words(const event& e, const std::string& lang, coarse_policy policy) {
  const bool ru = lang == "ru";
  switch (e.date.precision()) {
    case precision::day: return {};
    case precision::month:
      if (policy == coarse_policy::start)
        return ru ? "известен только месяц; в календаре показан первый день месяца"
                  : "known to the month only; shown on the first day of the month";
      return ru ? "известен только месяц; в календаре показан весь месяц"
                : "known to the month only; shown as spanning the whole month";
    case precision::year:
      if (policy == coarse_policy::start)
        return ru ? "известен только год; в календаре показан первый день года"
                  : "known to the year only; shown on the first day of the year";
      return ru ? "известен только год; в календаре показан весь год"
                : "known to the year only; shown as spanning the whole year";
  }
  return {};
}

/// What every VEVENT of one export shares, set up once before the workers start: libical's
/// zones (looked up once, not per event) and the relation targets by id.
struct export_context {
  const timeline& t;
  const ics_options& options;
  std::string lang;
  std::map<std::string, icaltimezone*, std::less<>> zones;
  std::unordered_map<std::string_view, const event*> by_id;

  const event* find(const std::string& id) const {
    const auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : it->second;
  }
};

std::string description_of(const export_context& x, const event& e) {
  const auto& lang = x.lang;
  const auto policy = x.options.coarse;
  const bool ru = lang == "ru";
  std::string out;
  if (const auto* d = pick(e.description, lang)) out += *d + "\n\n";
  out += (ru ? "Дата: " : "Date: ") + format_when(e, lang);
  std::vector<std::string> qualifiers;
  if (auto words = precision_words(e, lang, policy); !words.empty()) qualifiers.push_back(words);
  if (e.date.approximate()) qualifiers.push_back(ru ? "приблизительно" : "approximate");
  if (e.date.uncertain()) qualifiers.push_back(ru ? "не подтверждено" : "uncertain");
  if (e.status != status::confirmed) qualifiers.push_back(status_name(e.status, lang));
  if (!qualifiers.empty()) out += fmt::format(" ({})", fmt::join(qualifiers, "; "));
  out += "\n";
  if (!e.date_note.empty()) out += (ru ? "О дате: " : "About the date: ") + e.date_note + "\n";
  for (const auto& r : detail::relation_phrases(x.t, e, lang, false)) out += r.text() + "\n";
  if (!e.sources.empty()) out += ru ? "\nИсточники:\n" : "\nSources:\n";
  for (const auto& s : e.sources) {
    std::vector<std::string> parts;
    if (!s.publisher.empty()) parts.push_back(s.publisher);
    if (!s.title.empty()) parts.push_back(s.title);
    if (!s.published.empty()) parts.push_back(s.published);
    if (!s.url.empty()) parts.push_back(s.url);
    out += fmt::format("- {}\n", fmt::join(parts, ", "));
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

icalproperty_status to_ical_status(status s) {
  switch (s) {
    case status::confirmed: return ICAL_STATUS_CONFIRMED;
    case status::tentative:
    case status::planned: return ICAL_STATUS_TENTATIVE;
    case status::cancelled: return ICAL_STATUS_CANCELLED;
  }
  return ICAL_STATUS_CONFIRMED;
}

/// RFC 5545 PARENT for part_of, RFC 9253 FINISHTOSTART (the referenced event ends before this
/// one starts) for follows, SIBLING for related.
const char* reltype_of(relation_kind k) {
  switch (k) {
    case relation_kind::follows: return "FINISHTOSTART";
    case relation_kind::part_of: return "PARENT";
    case relation_kind::related: return "SIBLING";
  }
  return "SIBLING";
}

/// Turns each marked RELATED-TO back into what it stands for: CATEGORIES (see add_vevent), or
/// X-CHRONICLE-NAME (`text_x_property`). A marker lies within the first 40 octets of its line,
/// never across a fold, and renaming only shortens a line.
std::string rename_marked(std::string text) {
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (auto at = text.find("\r\nRELATED-TO;X-CHRONICLE-", from); at != std::string::npos;
       at = text.find("\r\nRELATED-TO;X-CHRONICLE-", from)) {
    const std::string_view rest = std::string_view(text).substr(at);
    out.append(text, from, at - from);
    if (rest.starts_with(k_marked_category)) {
      out += k_category;
      from = at + k_marked_category.size();
    } else if (const auto colon = rest.find(':');
               rest.starts_with(k_marked_text) && colon != std::string_view::npos) {
      out += "\r\nX-CHRONICLE-";
      out += rest.substr(k_marked_text.size(), colon + 1 - k_marked_text.size());
      from = at + colon + 1;
    } else {  // RELATED-TO with some other X-CHRONICLE- parameter: not ours to rename
      out += "\r\n";
      from = at + 2;
    }
  }
  out.append(text, from);
  return out;
}

/// libical 3.0 folds a content line as if its CRLF were part of the value: when the line is
/// 75 octets before its CR, the fold lands inside the line end ("\r" CRLF SPACE "\n"), and when
/// it lands just before the CR, an empty continuation line (CRLF SPACE CRLF) is written. Both
/// unfold to the same content; this puts back the plain CRLF that parsers expect.
std::string repair_line_ends(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  // Both patterns start with CR, so only CRs need a look.
  for (auto at = text.find('\r'); at != std::string_view::npos; at = text.find('\r', at + 1)) {
    const auto rest = text.substr(at);
    if (rest.starts_with("\r\r\n \n") || rest.starts_with("\r\n \r\n")) {
      out.append(text.substr(copied, at - copied));
      out += "\r\n";
      copied = at + 5;
      at += 4;
    }
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace

namespace {

bool is_utc(std::string_view tz) {
  return tz == "UTC" || tz == "Etc/UTC";
}

/// libical's zone for an IANA name of the calendar (UTC's own for UTC).
const icaltimezone* zone_of(const export_context& x, const std::string& tz) {
  return is_utc(tz) ? icaltimezone_get_utc_timezone() : x.zones.at(tz);
}

/// `p` with TZID=`tzid`, unless `tzid` is empty (UTC, floating or a DATE).
icalproperty* with_tzid(icalproperty* p, const std::string& tzid) {
  if (!tzid.empty()) icalproperty_add_parameter(p, icalparameter_new_tzid(tzid.c_str()));
  return p;
}

/// A start of `also`, `except` or `occurrence` for libical: a DATE, or a local time in `zone`.
icaltimetype listed_time(const recurrence_date& d, const icaltimezone* zone) {
  if (d.all_day)
    return to_ical_date(date::sys_days{date::floor<date::days>(d.start).time_since_epoch()});
  return to_ical_local(d.start, zone);
}

/// A changed occurrence of `e` as a VEVENT of its own: its UID, RECURRENCE-ID and what it
/// changes; what it leaves as it was is the event's (`summary`, `description`, place, status),
/// as RFC 5545 wants of a changed occurrence, which replaces the occurrence whole.
void add_changed(const export_context& x, const event& e, const changed_occurrence& c,
                 date::sys_seconds stamp, const std::string& summary,
                 const std::string& description, icalcomponent* cal) {
  auto* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_component(cal, ev);
  add(ev, icalproperty_new_uid(uid_of(e, x.t.info).c_str()));
  add(ev, icalproperty_new_dtstamp(to_ical_utc(stamp)));
  const auto* zone = e.time ? zone_of(x, e.time->tz) : nullptr;
  const std::string tzid = e.time && !is_utc(e.time->tz) ? e.time->tz : std::string{};
  auto* rid = with_tzid(icalproperty_new_recurrenceid(listed_time(c.occurrence, zone)),
                        c.occurrence.all_day ? std::string{} : tzid);
  if (c.and_following)
    icalproperty_add_parameter(rid, icalparameter_new_range(ICAL_RANGE_THISANDFUTURE));
  add(ev, rid);
  if (c.start && c.all_day) {
    const auto first = date::sys_days{date::floor<date::days>(*c.start).time_since_epoch()};
    const auto last =
        c.end ? date::sys_days{date::floor<date::days>(*c.end).time_since_epoch()} : first;
    add(ev, icalproperty_new_dtstart(to_ical_date(first)));
    add(ev, icalproperty_new_dtend(to_ical_date(last + date::days{1})));
  } else if (c.start) {
    const auto& tz = !c.tz.empty() ? c.tz : e.time ? e.time->tz : std::string{};
    const auto* own = tz.empty() ? nullptr : zone_of(x, tz);
    const std::string own_tzid = tz.empty() || is_utc(tz) ? std::string{} : tz;
    add(ev, with_tzid(icalproperty_new_dtstart(to_ical_local(*c.start, own)), own_tzid));
    if (c.end) add(ev, with_tzid(icalproperty_new_dtend(to_ical_local(*c.end, own)), own_tzid));
  } else if (e.time) {  // moved nowhere: the occurrence's own start, and the event's length
    add(ev, with_tzid(icalproperty_new_dtstart(listed_time(c.occurrence, zone)),
                      c.occurrence.all_day ? std::string{} : tzid));
    if (e.time->end && !c.occurrence.all_day)
      add(ev, with_tzid(icalproperty_new_dtend(to_ical_local(
                            c.occurrence.start + (*e.time->end - e.time->start), zone)),
                        tzid));
  } else {
    const auto first =
        date::sys_days{date::floor<date::days>(c.occurrence.start).time_since_epoch()};
    add(ev, icalproperty_new_dtstart(to_ical_date(first)));
    add(ev, icalproperty_new_dtend(
                to_ical_date(first + (e.date.last_day() - e.date.first_day()) + date::days{1})));
  }
  add(ev, icalproperty_new_sequence(c.sequence));
  const auto [title, title_lang] = detail::pick_text(c.title, x.lang);
  add(ev, with_language(icalproperty_new_summary(title.empty() ? summary.c_str() : title.c_str()),
                        title.empty() ? detail::pick_text(e.title, x.lang).lang : title_lang));
  const auto [text, text_lang] = detail::pick_text(c.description, x.lang);
  if (!text.empty())
    add(ev, with_language(icalproperty_new_description(text.c_str()), text_lang));
  else if (!description.empty())
    add(ev, with_language(icalproperty_new_description(description.c_str()), x.lang));
  if (c.location) {
    if (!c.location->empty()) add(ev, icalproperty_new_location(c.location->c_str()));
  } else if (e.place) {
    add(ev, icalproperty_new_location(detail::place_text(*e.place).c_str()));
  }
  add(ev, icalproperty_new_status(to_ical_status(c.status.value_or(e.status))));
  if (!c.ical_extra.empty()) add_parsed(ev, "BEGIN:VEVENT\r\n" + c.ical_extra + "END:VEVENT\r\n");
}

/// Month- and year-precise events are left out under `--coarse skip`.
bool skipped(const export_context& x, const event& e) {
  const bool coarse = !e.time && e.date.precision() != precision::day;
  return coarse && x.options.coarse == coarse_policy::skip;
}

/// What identifies the VEVENT of `e` in a calendar, live or removed: UID, DTSTAMP, its dates,
/// LAST-MODIFIED, SEQUENCE and SUMMARY.
void add_identity(const export_context& x, const event& e, icalcomponent* ev) {
  const auto& options = x.options;
  const bool coarse = !e.time && e.date.precision() != precision::day;
  add(ev, icalproperty_new_uid(uid_of(e, x.t.info).c_str()));
  const auto stamp =
      options.dtstamp ? *options.dtstamp : e.last_modified.value_or(date::sys_seconds{});
  add(ev, icalproperty_new_dtstamp(to_ical_utc(stamp)));
  if (e.time) {
    const bool utc = e.time->tz == "UTC" || e.time->tz == "Etc/UTC";
    const icaltimezone* zone = utc ? icaltimezone_get_utc_timezone() : x.zones.at(e.time->tz);
    auto start = icalproperty_new_dtstart(to_ical_local(e.time->start, zone));
    if (!utc) icalproperty_add_parameter(start, icalparameter_new_tzid(e.time->tz.c_str()));
    add(ev, start);
    if (e.time->end) {
      auto end = icalproperty_new_dtend(to_ical_local(*e.time->end, zone));
      if (!utc) icalproperty_add_parameter(end, icalparameter_new_tzid(e.time->tz.c_str()));
      add(ev, end);
    }
  } else {
    const auto first = e.date.first_day();
    const auto last = coarse && options.coarse == coarse_policy::start ? first : e.date.last_day();
    add(ev, icalproperty_new_dtstart(to_ical_date(first)));
    add(ev, icalproperty_new_dtend(to_ical_date(last + date::days{1})));
    add(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
  }
  if (e.last_modified) add(ev, icalproperty_new_lastmodified(to_ical_utc(*e.last_modified)));
  add(ev, icalproperty_new_sequence(e.revision - 1));
  const auto [summary, summary_lang] = detail::pick_text(e.title, x.lang);
  add(ev, with_language(icalproperty_new_summary(summary.empty() ? e.id.c_str() : summary.c_str()),
                        summary_lang));
}

/// How `e` repeats: RRULE, RDATE and EXDATE, in the event's zone.
void add_recurrence(const export_context& x, const event& e, icalcomponent* ev) {
  if (!e.recurrence.rule.empty())
    add_parsed(ev, "BEGIN:VEVENT\r\nRRULE:" + e.recurrence.rule + "\r\nEND:VEVENT\r\n");
  const auto* zone = e.time ? zone_of(x, e.time->tz) : nullptr;
  const std::string tzid = e.time && !is_utc(e.time->tz) ? e.time->tz : std::string{};
  for (const auto& d : e.recurrence.also) {
    if (d.end && !d.all_day) {
      icaldatetimeperiodtype v{};
      v.time = icaltime_null_time();
      v.period.start = to_ical_local(d.start, zone);
      v.period.end = to_ical_local(*d.end, zone);
      v.period.duration = icaldurationtype_null_duration();
      add(ev, with_tzid(icalproperty_new_rdate(v), tzid));
    } else {
      icaldatetimeperiodtype v{};
      v.time = listed_time(d, zone);
      v.period = icalperiodtype_null_period();
      add(ev, with_tzid(icalproperty_new_rdate(v), d.all_day ? std::string{} : tzid));
    }
  }
  for (const auto& d : e.recurrence.except)
    add(ev,
        with_tzid(icalproperty_new_exdate(listed_time(d, zone)), d.all_day ? std::string{} : tzid));
}

/// The VEVENT of a removed event (a tombstone), added to `cal`: its identity with
/// STATUS:CANCELLED, and X-CHRONICLE-REMOVED (the time of the removal), which tells Chronicle's
/// own import that the event is gone rather than cancelled.
void add_removed(const export_context& x, const event& e, icalcomponent* cal) {
  const bool utc = e.time && (e.time->tz == "UTC" || e.time->tz == "Etc/UTC");
  if (skipped(x, e) || (e.time && !utc && !x.zones.contains(e.time->tz))) return;
  auto* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_component(cal, ev);
  add_identity(x, e, ev);
  add_recurrence(x, e, ev);  // a removed series is cancelled whole
  add(ev, icalproperty_new_status(ICAL_STATUS_CANCELLED));
  if (e.last_modified)
    add(ev, x_property("X-CHRONICLE-REMOVED", date::format("%Y%m%dT%H%M%SZ", *e.last_modified)));
}

/// The zones the events of `x.t` need (theirs and their changed occurrences'), each looked up
/// in libical into `x.zones`; an error at each event whose zone libical does not know.
std::vector<diagnostic> gather_zones(export_context& x) {
  const auto& t = x.t;
  for (const auto& e : t.events) {
    if (e.time && e.time->tz != "UTC" && e.time->tz != "Etc/UTC")
      x.zones.emplace(e.time->tz, nullptr);
    for (const auto& c : e.changed)  // a changed occurrence in a zone of its own
      if (e.time && !c.tz.empty() && !c.all_day && c.tz != "UTC" && c.tz != "Etc/UTC")
        x.zones.emplace(c.tz, nullptr);
  }
  // Loading checks zones against the date library's tz database; libical carries its own, which
  // may lack a zone newer than it.
  std::vector<diagnostic> unknown_zones;
  for (auto& [z, zone] : x.zones)
    if (!(zone = builtin_zone(z)))
      for (const auto& e : t.events)
        if (e.time &&
            (e.time->tz == z ||
             std::any_of(e.changed.begin(), e.changed.end(),
                         // (a copy: clang 14 cannot capture a structured binding)
                         [name = std::string_view(z)](const auto& c) { return c.tz == name; }))) {
          const auto pos = e.position_of("tz");
          unknown_zones.push_back(
              {e.file, pos.line, pos.column, severity::error,
               fmt::format("time zone \"{}\" is not known to the iCalendar library (libical), "
                           "which cannot write its rules; use an older name of the zone or a "
                           "newer libical",
                           z)});
        }
  return unknown_zones;
}

/// The VEVENT of `e` (and its changed occurrences), added to `cal`.
void add_vevent(const export_context& x, const event& e, icalcomponent* cal) {
  const auto& t = x.t;
  const auto& lang = x.lang;
  if (skipped(x, e)) return;
  auto* ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
  icalcomponent_add_component(cal, ev);
  add_identity(x, e, ev);
  // An imported event keeps the DESCRIPTION it came with; Chronicle's own events get their
  // date, note, relations and sources spelled out.
  const auto description =
      e.uid.empty() ? description_of(x, e)
                    : (pick(e.description, lang) ? *pick(e.description, lang) : std::string{});
  if (!description.empty())
    add(ev, with_language(icalproperty_new_description(description.c_str()), lang));
  if (e.place) {
    add(ev, icalproperty_new_location(detail::place_text(*e.place).c_str()));
    if (e.place->latitude && e.place->longitude) {
      icalgeotype geo{};
      geo.lat = *e.place->latitude;
      geo.lon = *e.place->longitude;
      add(ev, icalproperty_new_geo(geo));
    }
  }
  for (const auto& s : e.sources)
    if (!s.url.empty()) {
      add(ev, icalproperty_new_url(s.url.c_str()));
      break;
    }
  for (const auto& tag : e.tags) {
    // libical 3.0 never escapes ',' in CATEGORIES (it takes commas as value separators), so
    // "minerals, critical" would come back as two tags. RELATED-TO is a TEXT property that
    // libical escapes fully; each tag is written as one, marked, and renamed afterwards.
    auto* p = icalproperty_new_relatedto(tag.c_str());
    auto* marker = icalparameter_new_x("1");
    icalparameter_set_xname(marker, k_category_marker);
    icalproperty_add_parameter(p, marker);
    add(ev, p);
  }
  add(ev, icalproperty_new_status(to_ical_status(e.status)));
  for (const auto& r : e.relations) {
    const auto* target = x.find(r.target);
    const auto uid =
        target ? uid_of(*target, t.info) : fmt::format("{}@{}", r.target, t.info.uid_domain);
    auto* p = icalproperty_new_relatedto(uid.c_str());
    icalproperty_add_parameter(
        p, icalparameter_new_from_value_string(ICAL_RELTYPE_PARAMETER, reltype_of(r.kind)));
    add(ev, p);
  }
  add_recurrence(x, e, ev);
  if (!e.ical_extra.empty()) add_parsed(ev, "BEGIN:VEVENT\r\n" + e.ical_extra + "END:VEVENT\r\n");
  add(ev, text_x_property("DATE", to_edtf(e.date)));
  // The whole event, so that a round trip through a calendar file loses nothing.
  if (x.options.embed_events)
    add(ev, text_x_property("EVENT", to_toml(e, t.info.default_language)));
  const auto stamp =
      x.options.dtstamp ? *x.options.dtstamp : e.last_modified.value_or(date::sys_seconds{});
  const auto summary = detail::pick_text(e.title, lang).text;
  for (const auto& c : e.changed)
    add_changed(x, e, c, stamp, summary.empty() ? e.id : summary, description, cal);
}

/// The text of a component, with libical's two defects repaired (see repair_line_ends and
/// rename_marked). Both repairs look only within a content line and the line end before
/// it, and every component's text starts with a BEGIN line and ends with a line end, so
/// repairing components one by one gives the same bytes as repairing the whole calendar.
std::string text_of(icalcomponent* c) {
  ical::buffer_ptr text{icalcomponent_as_ical_string_r(c)};
  return text ? rename_marked(repair_line_ends(text.get())) : std::string{};
}

/// The VEVENTs of events [from, to) as text, built in `scratch`, an empty calendar that is
/// emptied again after each event: libical's tree never holds more than one event.
std::string vevents_text(const export_context& x, icalcomponent* scratch, std::size_t from,
                         std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    add_vevent(x, x.t.events[i], scratch);
    while (auto* c = icalcomponent_get_first_component(scratch, ICAL_ANY_COMPONENT)) {
      icalcomponent_remove_component(scratch, c);
      ical::component_ptr owned{c};
      out += text_of(c);
    }
  }
  return out;
}

}  // namespace

result<std::string> export_ics(const timeline& t, const ics_options& options) {
  export_context x{
      t, options, options.lang.empty() ? t.info.default_language : options.lang, {}, {}};
  const auto& lang = x.lang;
  ical::component_ptr cal{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)};
  add(cal.get(), icalproperty_new_version("2.0"));
  add(cal.get(), icalproperty_new_prodid(k_prodid));
  add(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  const auto [name, name_lang] = detail::pick_text(t.info.name, lang);
  if (!name.empty()) {
    add(cal.get(), with_language(icalproperty_new_name(name.c_str()), name_lang));
    auto* xname = icalproperty_new_x(name.c_str());
    icalproperty_set_x_name(xname, "X-WR-CALNAME");
    add(cal.get(), xname);
  }
  add(cal.get(), x_property("X-WR-TIMEZONE", t.info.time_zone));
  // The timeline's settings, so that importing this file into an empty folder rebuilds it.
  add(cal.get(), text_x_property("TIMELINE", to_toml(t.info)));

  auto unknown_zones = gather_zones(x);
  if (!unknown_zones.empty()) return result<std::string>::failure(std::move(unknown_zones));
  // A removed event's zone is written when libical knows it; otherwise the tombstone is left
  // out (its event could not have been exported either).
  for (const auto& e : options.removed)
    if (e.time && e.time->tz != "UTC" && e.time->tz != "Etc/UTC" && !x.zones.contains(e.time->tz))
      if (auto* zone = builtin_zone(e.time->tz)) x.zones.emplace(e.time->tz, zone);
  for (auto& [z, zone] : x.zones) {
    auto* vtimezone = icalcomponent_new_clone(icaltimezone_get_component(zone));
    // libical names its zones "/freeassociation.sourceforge.net/America/New_York"; calendar
    // apps expect the plain IANA name, the one DTSTART's TZID parameter gives.
    if (auto* tzid = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY))
      icalproperty_set_tzid(tzid, z.c_str());
    icalcomponent_add_component(cal.get(), vtimezone);
  }
  x.by_id.reserve(t.events.size());
  for (const auto& e : t.events) x.by_id.emplace(e.id, &e);

  if (options.threads == 1) {
    // One libical tree of the whole calendar, serialised at once: the reference the parallel
    // path below must match byte for byte (tests/export_parallel_test.cpp).
    for (const auto& e : t.events) add_vevent(x, e, cal.get());
    for (const auto& e : options.removed) add_removed(x, e, cal.get());
    return text_of(cal.get());
  }
  // The calendar's head (its properties and VTIMEZONEs), then the VEVENTs built in chunks on
  // every core and joined in order, then its END line: the same bytes as the one tree above,
  // at a fraction of the memory.
  auto text = text_of(cal.get());
  constexpr std::string_view k_end = "END:VCALENDAR\r\n";
  if (!text.ends_with(k_end)) throw std::logic_error("libical wrote a calendar without its end");
  text.resize(text.size() - k_end.size());

  const std::size_t n = t.events.size();
  const std::size_t chunk = options.chunk_events ? options.chunk_events : 256;
  const std::size_t chunks = (n + chunk - 1) / chunk;
  std::vector<std::string> parts(chunks);
  // Each thread builds its VEVENTs in a scratch calendar of its own: no libical object is
  // shared between threads.
  parallel_for_each_worker(
      chunks, 1, [] { return ical::component_ptr{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)}; },
      [&](ical::component_ptr& scratch, std::size_t c) {
        parts[c] = vevents_text(x, scratch.get(), c * chunk, std::min(n, (c + 1) * chunk));
      },
      options.threads);
  std::size_t size = text.size() + k_end.size();
  for (const auto& p : parts) size += p.size();
  text.reserve(size);
  for (auto& p : parts) {
    text += p;
    std::string{}.swap(p);
  }
  // The removed events, after the live ones as in the one tree above: few, built here.
  for (const auto& e : options.removed) {
    ical::component_ptr scratch{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)};
    add_removed(x, e, scratch.get());
    if (auto* c = icalcomponent_get_first_component(scratch.get(), ICAL_VEVENT_COMPONENT))
      text += text_of(c);
  }
  text += k_end;
  return text;
}

namespace {

/// One object per event: a VCALENDAR head, the VTIMEZONE of the event's zone and its VEVENTs.
/// `scratch` is an empty calendar, emptied again after use.
std::optional<calendar_object> object_of(const export_context& x, const event& e,
                                         icalcomponent* scratch) {
  add_vevent(x, e, scratch);
  std::string vevents;
  while (auto* c = icalcomponent_get_first_component(scratch, ICAL_ANY_COMPONENT)) {
    icalcomponent_remove_component(scratch, c);
    ical::component_ptr owned{c};
    vevents += text_of(c);
  }
  if (vevents.empty()) return std::nullopt;  // left out (coarse_policy::skip)
  ical::component_ptr head{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)};
  add(head.get(), icalproperty_new_version("2.0"));
  add(head.get(), icalproperty_new_prodid(k_prodid));
  add(head.get(), icalproperty_new_calscale("GREGORIAN"));
  std::set<std::string_view> names;  // the event's zone and its changed occurrences' own
  if (e.time) names.insert(e.time->tz);
  for (const auto& c : e.changed)
    if (e.time && !c.tz.empty() && !c.all_day) names.insert(c.tz);
  for (const auto name : names)
    if (const auto zone = x.zones.find(name); zone != x.zones.end()) {
      auto* vtimezone = icalcomponent_new_clone(icaltimezone_get_component(zone->second));
      if (auto* tzid = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY))
        icalproperty_set_tzid(tzid, zone->first.c_str());
      icalcomponent_add_component(head.get(), vtimezone);
    }
  auto text = text_of(head.get());
  constexpr std::string_view k_end = "END:VCALENDAR\r\n";
  if (!text.ends_with(k_end)) throw std::logic_error("libical wrote a calendar without its end");
  text.insert(text.size() - k_end.size(), vevents);
  const auto uid = uid_of(e, x.t.info);
  return calendar_object{e.id, uid, object_name(uid), std::move(text)};
}

}  // namespace

result<std::vector<calendar_object>> export_calendar_objects(const timeline& t,
                                                             const ics_options& options) {
  export_context x{
      t, options, options.lang.empty() ? t.info.default_language : options.lang, {}, {}};
  auto unknown_zones = gather_zones(x);
  if (!unknown_zones.empty())
    return result<std::vector<calendar_object>>::failure(std::move(unknown_zones));
  x.by_id.reserve(t.events.size());
  for (const auto& e : t.events) x.by_id.emplace(e.id, &e);

  const std::size_t n = t.events.size();
  std::vector<std::optional<calendar_object>> objects(n);
  parallel_for_each_worker(
      n, 64, [] { return ical::component_ptr{icalcomponent_new(ICAL_VCALENDAR_COMPONENT)}; },
      [&](ical::component_ptr& scratch, std::size_t i) {
        objects[i] = object_of(x, t.events[i], scratch.get());
      },
      options.threads);
  std::vector<calendar_object> out;
  out.reserve(n);
  for (auto& o : objects)
    if (o) out.push_back(std::move(*o));
  return out;
}

std::string object_name(std::string_view uid) {
  constexpr std::string_view k_safe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-+";
  if (!uid.empty() && uid.find_first_not_of(k_safe) == std::string_view::npos && uid != "." &&
      uid != "..")
    return std::string(uid) + ".ics";
  std::string name;
  for (const char c : uid) name += k_safe.find(c) == std::string_view::npos ? '_' : c;
  return name + "-" + content_hash(uid) + ".ics";
}

}  // namespace chronicle
