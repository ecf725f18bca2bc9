#include "chronicle/model/timeline.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

namespace chronicle {

namespace {}  // namespace

const date::time_zone* find_time_zone(std::string_view name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

namespace {

/// The zone of an IANA name, remembered: date::locate_zone searches every name of the database.
const date::time_zone* cached_zone(const std::string& name) {
  thread_local std::string last_name;
  thread_local const date::time_zone* last = nullptr;
  if (last && name == last_name) return last;
  thread_local std::unordered_map<std::string, const date::time_zone*> seen;
  auto it = seen.find(name);
  if (it == seen.end()) it = seen.emplace(name, date::locate_zone(name)).first;
  last_name = name;
  last = it->second;
  return last;
}

/// Positions of the ids of the timeline last searched on this thread. Renderers and exporters
/// look up every relation's target: a scan each time is quadratic in the number of events.
/// The index is a hint: a hit is checked against the event it points to, and a miss (a
/// relation to a missing event, or a timeline changed since) falls back to a scan, so a stale
/// index can only cost time, never give a wrong answer.
struct id_index {
  const event* data = nullptr;
  std::size_t size = 0;
  std::unordered_map<std::string, std::size_t> position;
};

}  // namespace

event_span span_of(const event& e, const date::time_zone& zone) {
  if (e.time) {
    const auto* tz = cached_zone(e.time->tz);
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
  const auto* zone = cached_zone(t.info.time_zone);
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
  constexpr std::size_t k_indexed_from = 64;  // below this a scan is as fast
  if (t.events.size() >= k_indexed_from) {
    thread_local id_index index;
    if (index.data != t.events.data() || index.size != t.events.size()) {
      index.position.clear();
      index.position.reserve(t.events.size());
      for (std::size_t i = 0; i < t.events.size(); ++i) index.position.emplace(t.events[i].id, i);
      index.data = t.events.data();
      index.size = t.events.size();
    }
    if (auto it = index.position.find(std::string(id));
        it != index.position.end() && it->second < t.events.size() && t.events[it->second].id == id)
      return &t.events[it->second];
  }
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
      if (r.target.find_first_not_of(" \t") == std::string::npos) continue;  // validate's to say
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
