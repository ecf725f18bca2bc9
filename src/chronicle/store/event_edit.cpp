#include "chronicle/store/event_edit.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

namespace chronicle {

namespace {

// Where new keys go: the order `to_toml` writes them in (top-level keys, then tables).
constexpr std::array<std::string_view, 18> k_order{
    "title",    "date",          "start",       "end",     "tz",           "status",
    "tags",     "follows",       "part_of",     "related", "date_note",    "uid",
    "revision", "last_modified", "description", "place",   "participants", "sources"};
constexpr std::array<std::string_view, 5> k_place_order{"name", "city", "country", "latitude",
                                                        "longitude"};
constexpr std::array<std::string_view, 5> k_source_keys{"url", "publisher", "title", "language",
                                                        "published"};

std::span<const std::string_view> order_for(std::string_view key) {
  if (key.starts_with("place.")) return k_place_order;
  return k_order;
}

bool is_list(std::string_view key) {
  return key == "tags" || key == "follows" || key == "part_of" || key == "related";
}

bool is_plain(std::string_view key) {
  for (auto k : {"date", "start", "end", "tz", "status", "date_note", "uid", "place.name",
                 "place.city", "place.country"})
    if (key == k) return true;
  return false;
}

bool is_coordinate(std::string_view key) {
  return key == "place.latitude" || key == "place.longitude";
}

/// "title" or "title.ru" as base and language; nullopt for other keys.
std::optional<std::pair<std::string_view, std::string_view>> text_key(std::string_view key) {
  for (std::string_view base : {"title", "description"}) {
    if (key == base) return std::pair{base, std::string_view{}};
    if (key.starts_with(base) && key.size() > base.size() + 1 && key[base.size()] == '.')
      return std::pair{base, key.substr(base.size() + 1)};
  }
  return std::nullopt;
}

std::string unknown_key(std::string_view key) {
  std::string list;
  for (auto k : settable_keys()) list += fmt::format("{}{}", list.empty() ? "" : ", ", k);
  return fmt::format("unknown key \"{}\"; expected one of: {}", key, list);
}

}  // namespace

std::span<const std::string_view> event_key_order() {
  return k_order;
}

const std::vector<std::string_view>& settable_keys() {
  static const std::vector<std::string_view> keys{
      "title",      "title.LANG", "date",          "start",          "end",
      "tz",         "status",     "tags",          "follows",        "part_of",
      "related",    "date_note",  "uid",           "description",    "description.LANG",
      "place.name", "place.city", "place.country", "place.latitude", "place.longitude"};
  return keys;
}

std::string event_editor::set_text(std::string_view base, std::string_view lang,
                                   const std::string& value) {
  const auto kind = m_doc.kind_of(base);
  const auto want = lang.empty() ? std::string_view(m_default_language) : lang;
  if (kind == toml_kind::table) return m_doc.set(fmt::format("{}.{}", base, want), value, k_order);
  if (want == m_default_language) return m_doc.set(base, value, k_order);
  if (kind == toml_kind::string) {
    // A plain string is in the default language; a second language needs a table of them.
    const auto old = *m_doc.string_at(base);
    m_doc.remove(base);
    if (auto problem = m_doc.set(fmt::format("{}.{}", base, m_default_language), old, k_order);
        !problem.empty())
      return problem;
  }
  return m_doc.set(fmt::format("{}.{}", base, want), value, k_order);
}

std::string event_editor::set(std::string_view key, std::string_view value) {
  const std::string v(value);
  if (auto t = text_key(key)) return set_text(t->first, t->second, v);
  if (key == "revision" || key == "last_modified")
    return fmt::format("\"{}\" is kept by chronicle and advances on every edit", key);
  if (is_list(key)) return fmt::format("\"{}\" is a list; use set_list", key);
  if (is_coordinate(key)) {
    double number = 0;
    const auto* end = v.data() + v.size();
    const auto [ptr, ec] = std::from_chars(v.data(), end, number);
    if (v.empty() || ec != std::errc{} || ptr != end)
      return fmt::format("\"{}\" = \"{}\" is not a number; expected degrees such as 43.2383", key,
                         v);
    return m_doc.set(key, number, order_for(key));
  }
  if (!is_plain(key)) return unknown_key(key);
  if (key == "date")
    for (auto k : {"start", "end", "tz"}) m_doc.remove(k);
  if (key == "start") m_doc.remove("date");
  return m_doc.set(key, v, order_for(key));
}

std::string event_editor::set_list(std::string_view key, const std::vector<std::string>& items) {
  if (!is_list(key)) return unknown_key(key);
  if (items.empty()) {
    m_doc.remove(key);
    return {};
  }
  return m_doc.set(key, items, k_order);
}

std::string event_editor::unset(std::string_view key) {
  const bool known = is_list(key) || is_plain(key) || is_coordinate(key) || text_key(key) ||
                     key == "place" || key == "participants" || key == "sources";
  if (!known) return unknown_key(key);
  std::string k(key);
  // "title.en" of a plain-string title in the default language is that string.
  if (auto t = text_key(key); t && !t->second.empty() && t->second == m_default_language &&
                              m_doc.kind_of(t->first) == toml_kind::string)
    k = std::string(t->first);
  if (!m_doc.remove(k)) return fmt::format("the event has no \"{}\" to remove", k);
  // A table of texts left empty goes too.
  if (auto t = text_key(k); t && !t->second.empty() &&
                            m_doc.kind_of(t->first) == toml_kind::table &&
                            m_doc.keys_of(t->first).empty())
    m_doc.remove(t->first);
  if (k.starts_with("place.") && m_doc.kind_of("place") == toml_kind::table &&
      m_doc.keys_of("place").empty())
    m_doc.remove("place");
  return {};
}

bool event_editor::add_to_list(std::string_view key, const std::string& item) {
  if (m_doc.kind_of(key) == toml_kind::array) {
    // Already there: nothing to add.
    toml_document probe = m_doc;
    if (probe.remove_items(key, item) > 0) return false;
  }
  return m_doc.append(key, item, k_order).empty();
}

bool event_editor::remove_from_list(std::string_view key, std::string_view item) {
  return m_doc.remove_items(key, item) > 0;
}

void event_editor::add_source(const source_ref& s) {
  std::vector<std::pair<std::string, toml_value>> fields;
  const std::array<const std::string*, 5> values{&s.url, &s.publisher, &s.title, &s.language,
                                                 &s.published};
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!values[i]->empty()) fields.emplace_back(std::string(k_source_keys[i]), *values[i]);
  m_doc.append_table("sources", fields, k_order);
}

bool event_editor::remove_source(std::string_view url) {
  return m_doc.remove_tables("sources", "url", url) > 0;
}

void event_editor::touch(int old_revision, std::optional<date::sys_seconds> old_modified,
                         date::sys_seconds now) {
  const auto current = m_doc.integer_at("revision");
  if (!current || *current <= old_revision)
    m_doc.set("revision", std::int64_t{old_revision} + 1, k_order);
  auto stamp = date::floor<std::chrono::seconds>(now);
  if (old_modified && stamp <= *old_modified) stamp = *old_modified + std::chrono::seconds{1};
  m_doc.set("last_modified", stamp, k_order);
}

}  // namespace chronicle
