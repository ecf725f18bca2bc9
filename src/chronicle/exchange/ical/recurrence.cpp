#include "chronicle/exchange/ical/recurrence.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "chronicle/exchange/ical/handle.hpp"
#include "chronicle/exchange/ical/ical_time.hpp"

namespace chronicle {

namespace {

using ical::from_ical;
using ical::is_valid;
using ical::to_ical;
using std::chrono::seconds;

date::local_days day_of(date::local_seconds t) {
  return date::floor<date::days>(t);
}

/// A changed occurrence, with its times read in the event's zone.
struct change {
  date::local_seconds rid;  ///< the occurrence it names, in the event's zone
  bool rid_is_date = false;
  bool this_and_future = false;
  int sequence = 0;
  bool has_start = false;
  date::local_seconds local_start;  ///< in the event's zone
  std::optional<seconds> length;
  bool all_day = false;
  const date::time_zone* own_zone = nullptr;  ///< a zone of its own, not the event's
  const changed_occurrence* source = nullptr;
};

change read_change(const changed_occurrence& x, const date::time_zone* zone) {
  change c;
  c.rid = x.occurrence.start;
  c.rid_is_date = x.occurrence.all_day;
  c.this_and_future = x.and_following;
  c.sequence = x.sequence;
  c.source = &x;
  if (!x.start) return c;
  c.has_start = true;
  c.all_day = x.all_day;
  const auto* own = x.tz.empty() || x.all_day ? nullptr : find_time_zone(x.tz);
  if (own == zone) own = nullptr;
  const auto to_event_zone = [&](date::local_seconds t) {
    return own && zone ? zone->to_local(ical::instant_of(*own, t)) : t;
  };
  c.own_zone = own;
  c.local_start = to_event_zone(*x.start);
  if (x.end)
    c.length =
        x.all_day ? *x.end + date::days{1} - *x.start : to_event_zone(*x.end) - c.local_start;
  if (c.length && c.length->count() < 0) c.length.reset();
  return c;
}

/// The changed occurrences of `e`; of several for the same occurrence, the one with the highest
/// sequence (the later one on a tie), as RFC 5546 2.1.5 orders revisions.
std::vector<change> read_changes(const event& e, const date::time_zone* zone) {
  std::map<date::local_seconds, change> by_rid;
  for (const auto& x : e.changed) {
    auto c = read_change(x, zone);
    auto [it, added] = by_rid.try_emplace(c.rid, c);
    if (!added && c.sequence >= it->second.sequence) it->second = c;
  }
  std::vector<change> out;
  for (auto& [_, c] : by_rid) out.push_back(c);
  return out;
}

/// `texts` replaced by `changed` when it says something else in one of its languages: the
/// other languages are dropped, since they no longer say the same.
void replace_text(localized_text& texts, const localized_text& changed) {
  if (changed.empty()) return;
  const bool same = std::all_of(changed.begin(), changed.end(), [&](const auto& kv) {
    const auto it = texts.find(kv.first);
    return it != texts.end() && it->second == kv.second;
  });
  if (!same) texts = changed;
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
  std::string upper = e.recurrence.rule;
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

void apply_properties(event& o, const changed_occurrence& x) {
  replace_text(o.title, x.title);
  replace_text(o.description, x.description);
  if (x.location && x.location->empty()) {
    o.place.reset();
  } else if (x.location && (!o.place || o.place->name != *x.location)) {
    o.place = place{*x.location, {}, {}, {}, {}};
  }
  if (x.status) o.status = *x.status;
}

event make_occurrence(const event& e, const instance& i, const date::time_zone* zone) {
  event o = e;
  const change* c = i.own ? i.own : i.future;
  o.occurrence = occurrence_ref{i.rid, c != nullptr};
  if (c) apply_properties(o, *c->source);
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
  // A change in a zone of its own (not the event's) is shown in that zone.
  if (i.own && i.own->has_start) {
    const auto* own_zone = i.own->own_zone;
    if (own_zone && zone) {
      t.tz = own_zone->name();
      t.start = own_zone->to_local(ical::instant_of(*zone, i.start));
      if (t.end) t.end = t.start + i.length;
    }
  }
  o.time = t;
  o.date = days_of(t.start, t.end ? *t.end - t.start : seconds{0}, false);
  return o;
}

}  // namespace

bool is_recurring(const event& e) {
  return !e.recurrence.empty() || !e.changed.empty();
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
  const auto changes = read_changes(e, zone);

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
  for (const auto& r : e.recurrence.also)
    starts.emplace(r.start, r.end ? *r.end - r.start : length);
  bool more = false;
  if (!e.recurrence.rule.empty()) {
    parsed_rule parsed{e.recurrence.rule};
    read_until_in_zone(parsed.rule, e, zone);
    const auto& rule = parsed.rule;
    ical::recur_iterator_ptr it{rule.freq == ICAL_NO_RECURRENCE
                                    ? nullptr
                                    : icalrecur_iterator_new(rule, to_ical(dtstart, all_day))};
    if (!it)
      notes.push_back({e.file, 0, 0, severity::warning,
                       fmt::format("repeat \"{}\" cannot be expanded; only the first date is shown",
                                   e.recurrence.rule)});
    // Enough starts for `cap` occurrences after exclusions and changes.
    const auto wanted = cap + e.recurrence.except.size() + changes.size() + 1;
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
  for (const auto& x : e.recurrence.except) {
    if (x.all_day)
      excluded_days.insert(day_of(x.start));
    else
      excluded_starts.insert(x.start);
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
    if (c.rid_is_date)
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
  if (!e.recurrence.rule.empty()) {
    parsed_rule parsed{e.recurrence.rule};
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
      r.text = e.recurrence.rule;
      out.rule = r;
    }
  }
  for (const auto& d : e.recurrence.also) out.added.push_back(d.start);
  for (const auto& d : e.recurrence.except) out.removed.push_back(d.start);
  std::sort(out.added.begin(), out.added.end());
  std::sort(out.removed.begin(), out.removed.end());
  for (const auto& c : read_changes(e, zone)) {
    occurrence_change x;
    x.recurrence_id = c.rid;
    if (c.has_start && c.local_start != c.rid) x.start = c.local_start;
    auto title = e.title;
    replace_text(title, c.source->title);
    if (title != e.title && !title.empty()) x.title = title.begin()->second;
    x.cancelled = c.source->status == status::cancelled;
    x.this_and_future = c.this_and_future;
    out.changes.push_back(std::move(x));
  }
  return out;
}

}  // namespace chronicle
