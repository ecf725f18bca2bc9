#include "chronicle/exchange/ical/recurrence.hpp"

#include <set>

#include <fmt/format.h>

#include "chronicle/exchange/ical/handle.hpp"

namespace chronicle {

namespace {

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

date::local_seconds from_ical(const icaltimetype& t) {
  return date::local_days{date::year{t.year} / t.month / t.day} + std::chrono::hours{t.hour} +
         std::chrono::minutes{t.minute} + std::chrono::seconds{t.second};
}

/// The RDATE or EXDATE start times of kept lines, read by libical.
std::set<date::local_seconds> kept_dates(const std::vector<std::string>& lines, bool rdate) {
  std::set<date::local_seconds> out;
  for (const auto& line : lines) {
    const auto text = "BEGIN:VEVENT\r\n" + line + "\r\nEND:VEVENT\r\n";
    ical::component_ptr c = ical::parse(text);
    if (!c) continue;
    const auto kind = rdate ? ICAL_RDATE_PROPERTY : ICAL_EXDATE_PROPERTY;
    for (auto* p = icalcomponent_get_first_property(c.get(), kind); p;
         p = icalcomponent_get_next_property(c.get(), kind)) {
      const auto t = rdate ? icalproperty_get_rdate(p).time : icalproperty_get_exdate(p);
      if (!icaltime_is_null_time(t)) out.insert(from_ical(t));
      if (rdate && icaltime_is_null_time(t)) {
        const auto period = icalproperty_get_rdate(p).period;
        if (!icaltime_is_null_time(period.start)) out.insert(from_ical(period.start));
      }
    }
  }
  return out;
}

}  // namespace

timeline expand_recurrences(const timeline& t, const expansion_limits& limits,
                            std::vector<diagnostic>& notes) {
  timeline out{t.info, {}};
  const auto first_allowed =
      limits.from ? date::local_days{limits.from->time_since_epoch()} : date::local_days::min();
  const auto last_allowed = limits.to
                                ? date::local_days{(*limits.to + date::days{1}).time_since_epoch()}
                                : date::local_days::max();
  const auto cap = limits.to ? limits.limit : std::min(limits.limit, limits.open_ended_limit);
  for (const auto& e : t.events) {
    if (e.recurrence.empty()) {
      out.events.push_back(e);
      continue;
    }
    const bool is_date = !e.time;
    const auto start =
        e.time ? e.time->start
               : date::local_seconds{date::local_days{e.date.first_day().time_since_epoch()}};
    const auto length = e.time
                            ? (e.time->end ? *e.time->end - e.time->start : std::chrono::seconds{0})
                            : std::chrono::seconds{(e.date.last_day() - e.date.first_day())};
    std::set<date::local_seconds> starts = kept_dates(e.recurrence.rdate, true);
    starts.insert(start);
    bool more = false;
    if (!e.recurrence.rrule.empty()) {
      const auto rule = icalrecurrencetype_from_string(e.recurrence.rrule.c_str());
      std::unique_ptr<icalrecur_iterator, iterator_deleter> it{
          rule.freq == ICAL_NO_RECURRENCE ? nullptr
                                          : icalrecur_iterator_new(rule, to_ical(start, is_date))};
      if (!it) {
        notes.push_back(
            {e.file, 0, 0, severity::warning,
             fmt::format("rrule \"{}\" cannot be expanded; only the first date is shown",
                         e.recurrence.rrule)});
      }
      std::size_t kept = 0;
      for (std::size_t step = 0; it && step < limits.max_steps; ++step) {
        const auto next = icalrecur_iterator_next(it.get());
        if (icaltime_is_null_time(next)) break;
        const auto when = from_ical(next);
        if (when >= last_allowed) break;
        if (when < first_allowed) continue;
        if (kept == cap) {
          more = true;
          break;
        }
        starts.insert(when);
        ++kept;
      }
    }
    for (const auto& x : kept_dates(e.recurrence.exdate, false)) starts.erase(x);
    std::size_t shown = 0;
    for (const auto& s : starts) {
      if (s < first_allowed || s >= last_allowed) continue;
      if (shown == cap) {
        more = true;
        break;
      }
      ++shown;
      event occurrence = e;
      if (e.time) {
        occurrence.time->start = s;
        if (e.time->end) occurrence.time->end = s + length;
        const auto day = date::floor<date::days>(s);
        occurrence.date = edtf_date{day_point(date::year_month_day{day}), std::nullopt};
        if (e.time->end && date::floor<date::days>(s + length) != day)
          occurrence.date.end =
              day_point(date::year_month_day{date::floor<date::days>(s + length)});
      } else {
        const date::sys_days day{date::floor<date::days>(s).time_since_epoch()};
        occurrence.date = edtf_date{day_point(date::year_month_day{day}), std::nullopt};
        if (length.count() > 0)
          occurrence.date.end =
              day_point(date::year_month_day{day + date::floor<date::days>(length)});
      }
      out.events.push_back(std::move(occurrence));
    }
    if (more)
      notes.push_back({e.file, 0, 0, severity::warning,
                       fmt::format("\"{}\" repeats more than the {} occurrences shown; narrow the "
                                   "range with --from and --to",
                                   e.id, cap)});
  }
  sort_chronologically(out);
  return out;
}

}  // namespace chronicle
