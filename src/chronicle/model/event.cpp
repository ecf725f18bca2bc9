#include "chronicle/model/event.hpp"

#include <array>
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
         a.recurrence == b.recurrence && a.ical_extra == b.ical_extra &&
         a.ical_overrides == b.ical_overrides && a.revision == b.revision &&
         a.last_modified == b.last_modified && a.occurrence == b.occurrence;
}

}  // namespace chronicle
