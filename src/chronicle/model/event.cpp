#include "chronicle/model/event.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <utility>

namespace chronicle {

namespace {
constexpr std::array<std::pair<std::string_view, status>, 4> k_statuses{{
    {"confirmed", status::confirmed},
    {"tentative", status::tentative},
    {"planned", status::planned},
    {"cancelled", status::cancelled},
}};
}  // namespace

const std::string* pick(const localized_text& text, std::string_view lang,
                        std::string_view fallback) {
  if (auto it = text.find(lang); it != text.end() && !it->second.empty()) return &it->second;
  if (auto it = text.find(fallback); it != text.end() && !it->second.empty()) return &it->second;
  for (const auto& [_, value] : text)
    if (!value.empty()) return &value;
  return nullptr;
}

std::optional<status> parse_status(std::string_view text) {
  for (const auto& [name, value] : k_statuses)
    if (name == text) return value;
  return std::nullopt;
}

std::string_view to_string(status s) {
  for (const auto& [name, value] : k_statuses)
    if (value == s) return name;
  return "confirmed";
}

std::string_view to_string(relation_kind k) {
  switch (k) {
    case relation_kind::follows: return "follows";
    case relation_kind::part_of: return "part_of";
    case relation_kind::related: return "related";
  }
  return "related";
}

source_pos event::position_of(std::string_view key) const {
  if (auto it = positions.find(key); it != positions.end()) return it->second;
  return {1, 1};
}

bool operator==(const event& a, const event& b) {
  // Positions and the file name say where an event was read, not what it is.
  return a.id == b.id && a.title == b.title && a.date == b.date && a.time == b.time &&
         a.place == b.place && a.participants == b.participants && a.status == b.status &&
         a.tags == b.tags && a.description == b.description && a.sources == b.sources &&
         a.relations == b.relations && a.date_note == b.date_note && a.uid == b.uid &&
         a.recurrence == b.recurrence && a.ical_extra == b.ical_extra && a.changed == b.changed &&
         a.revision == b.revision && a.last_modified == b.last_modified &&
         a.occurrence == b.occurrence;
}

// GCC 12 at -O2 reports a false "maybe uninitialized" inside date::parse's instantiation.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
std::optional<date::local_seconds> parse_local_time(std::string_view text) {
  // date::parse reads a %S field without digits ("10:0:", "23:0::::::45") as NaN and converts
  // that to an integer, which is undefined behaviour (both found by fuzz_add). So the time is
  // checked for its shape first: H:M or H:M:SS, hours and minutes of one or two digits, seconds
  // of two, nothing else.
  if (const auto t = text.find('T'); t != std::string::npos) {
    const auto time = std::string_view(text).substr(t + 1);
    std::size_t fields = 0;
    for (std::size_t start = 0;;) {
      const auto colon = time.find(':', start);
      const auto field =
          time.substr(start, colon == std::string_view::npos ? colon : colon - start);
      ++fields;
      const bool digits = std::all_of(field.begin(), field.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      });
      if (!digits || field.empty() || field.size() > 2 || fields > 3 ||
          (fields == 3 && field.size() != 2))
        return std::nullopt;
      if (colon == std::string_view::npos) break;
      start = colon + 1;
    }
    if (fields < 2) return std::nullopt;
  }
  for (const char* format : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"}) {
    std::istringstream in{std::string(text)};
    date::local_seconds t;
    in >> date::parse(format, t);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
  }
  return std::nullopt;
}
#pragma GCC diagnostic pop

std::string format_local_time(date::local_seconds t) {
  return date::format(
      t - date::floor<std::chrono::minutes>(t) == std::chrono::seconds{0} ? "%FT%R" : "%FT%T", t);
}

std::optional<recurrence_date> parse_recurrence_date(std::string_view text) {
  recurrence_date out;
  if (const auto slash = text.find('/'); slash != std::string_view::npos) {
    auto start = parse_local_time(text.substr(0, slash));
    auto end = parse_local_time(text.substr(slash + 1));
    if (!start || !end || *end < *start) return std::nullopt;
    out.start = *start;
    out.end = *end;
    return out;
  }
  if (text.find('T') != std::string_view::npos) {
    auto start = parse_local_time(text);
    if (!start) return std::nullopt;
    out.start = *start;
    return out;
  }
  auto day = parse_edtf(text);
  if (!day.value || day.value->end || day.value->start.precision() != precision::day ||
      day.value->start.uncertain || day.value->start.approximate)
    return std::nullopt;
  out.start = date::local_seconds{date::local_days{day.value->first_day().time_since_epoch()}};
  out.all_day = true;
  return out;
}

std::string to_string(const recurrence_date& d) {
  if (d.all_day) return date::format("%F", date::floor<date::days>(d.start));
  auto out = format_local_time(d.start);
  if (d.end) out += "/" + format_local_time(*d.end);
  return out;
}

}  // namespace chronicle
