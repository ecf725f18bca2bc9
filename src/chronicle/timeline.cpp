#include "chronicle/timeline.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace chronicle {

event_span span_of(const event& e, const date::time_zone& zone) {
  if (e.time) {
    const auto* tz = date::locate_zone(e.time->tz);
    const auto start = tz->to_sys(e.time->start, date::choose::earliest);
    const auto end = e.time->end ? tz->to_sys(*e.time->end, date::choose::earliest) : start;
    return {start, end, 0};
  }
  const auto first =
      zone.to_sys(date::local_days{e.date.first_day().time_since_epoch()}, date::choose::earliest);
  const auto after =
      zone.to_sys(date::local_days{(e.date.last_day() + date::days{1}).time_since_epoch()},
                  date::choose::earliest);
  return {first, after - std::chrono::seconds{1}, 1 + static_cast<int>(e.date.precision())};
}

void sort_chronologically(timeline& t) {
  const auto* zone = date::locate_zone(t.info.time_zone);
  std::vector<std::pair<event_span, event*>> keyed;
  keyed.reserve(t.events.size());
  for (auto& e : t.events) keyed.emplace_back(span_of(e, *zone), &e);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.earliest, a.first.rank, a.first.latest, a.second->id) <
           std::tie(b.first.earliest, b.first.rank, b.first.latest, b.second->id);
  });
  std::vector<event> sorted;
  sorted.reserve(t.events.size());
  for (auto& [_, e] : keyed) sorted.push_back(std::move(*e));
  t.events = std::move(sorted);
}

const event* find_event(const timeline& t, std::string_view id) {
  auto it =
      std::find_if(t.events.begin(), t.events.end(), [&](const event& e) { return e.id == id; });
  return it == t.events.end() ? nullptr : &*it;
}

std::vector<diagnostic> check_relations(const timeline& t,
                                        const std::vector<std::string>& unloaded_ids) {
  std::vector<diagnostic> out;
  std::unordered_map<std::string_view, const event*> by_id;
  for (const auto& id : unloaded_ids) by_id.emplace(id, nullptr);
  for (const auto& e : t.events) {
    auto [it, inserted] = by_id.emplace(e.id, &e);
    if (!inserted && it->second)
      out.push_back(
          {e.file, 1, 1, severity::error,
           fmt::format("duplicate event id \"{}\" (also in \"{}\")", e.id, it->second->file)});
  }
  for (const auto& e : t.events) {
    for (const auto& r : e.relations) {
      if (r.target == e.id) {
        out.push_back({e.file, r.pos.line, r.pos.column, severity::error,
                       fmt::format("event \"{}\" cannot be related to itself", e.id)});
      } else if (!by_id.contains(r.target)) {
        out.push_back({e.file, r.pos.line, r.pos.column, severity::error,
                       fmt::format("{} refers to \"{}\", which is not an event of this timeline; "
                                   "expected the id of an event file",
                                   to_string(r.kind), r.target)});
      }
    }
  }
  return out;
}

std::string uid_of(const event& e, const timeline_info& info) {
  return e.uid.empty() ? fmt::format("{}@{}", e.id, info.uid_domain) : e.uid;
}

}  // namespace chronicle
