#pragma once
// Timelines for the export tests, built from event TOML as a user would write it.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle::test {

inline timeline_info test_info() {
  timeline_info info;
  info.name = {{"en", "Test timeline"}, {"ru", "Тестовая хронология"}};
  info.default_language = "en";
  info.time_zone = "America/New_York";
  info.uid_domain = "test.invalid";
  return info;
}

/// A timeline of the events given as (id, TOML text), sorted; fails the test on any diagnostic.
inline timeline make_timeline(const std::vector<std::pair<std::string, std::string>>& events) {
  timeline t;
  t.info = test_info();
  for (const auto& [id, text] : events) {
    auto parsed = parse_event(text, id, id + ".toml", t.info);
    for (const auto& d : parsed.diagnostics) ADD_FAILURE() << to_string(d);
    if (parsed.event) t.events.push_back(std::move(*parsed.event));
  }
  sort_chronologically(t);
  return t;
}

inline timeline shipped_timeline() {
  auto loaded = load_timeline(k_source_dir / "events");
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
  return std::move(loaded.timeline);
}

inline std::vector<const event*> all_events(const timeline& t) {
  std::vector<const event*> out;
  for (const auto& e : t.events) out.push_back(&e);
  return out;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace chronicle::test
