#pragma once
// Helpers for the hostile-input and crash-safety tests: a scratch timeline, the binary with a
// pinned clock, and libical as an independent reader of exports.

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support.hpp"

namespace chronicle::test {

inline bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// A timeline folder `root/events` with a timeline.toml (New York) and the given event files.
/// Event files by name.
using files = std::map<std::string, std::string>;

class scratch_timeline {
 public:
  explicit scratch_timeline(const files& initial = {}) {
    write_file(events() / "timeline.toml", timeline_toml());
    for (const auto& [name, text] : initial) write_file(events() / name, text);
  }
  const std::filesystem::path& root() const { return m_dir.path(); }
  std::filesystem::path events() const { return m_dir / "events"; }
  run_result run(const std::vector<std::string>& args, std::map<std::string, std::string> env = {},
                 const std::string& input = {}) const {
    env.emplace("SOURCE_DATE_EPOCH", "1780000000");
    return run_chronicle(args, m_dir.path(), env, input);
  }
  /// Every name in the events folder, sorted, dot files included.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(events()))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  temp_dir m_dir;
};

/// What libical sees in a calendar: components and properties by kind, and property values.
struct ical_census {
  std::map<std::string, int> components;
  std::map<std::string, int> properties;
  std::map<std::string, std::vector<std::string>> values;  ///< text of each property, by name
};

inline void count(icalcomponent* c, ical_census& out) {
  ++out.components[icalcomponent_kind_to_string(icalcomponent_isa(c))];
  for (auto* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
    const char* name = icalproperty_get_property_name(p);
    ++out.properties[name ? name : "?"];
    if (const auto* v = icalproperty_get_value(p); v && icalvalue_isa(v) == ICAL_TEXT_VALUE)
      out.values[name ? name : "?"].push_back(icalvalue_get_text(v));
  }
  for (auto* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
    count(k, out);
}

/// Parses `ics` with libical and counts what it holds.
inline ical_census census(const std::string& ics) {
  ical_census out;
  std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
      icalparser_parse_string(ics.c_str()), &icalcomponent_free);
  if (root) count(root.get(), out);
  return out;
}

}  // namespace chronicle::test
