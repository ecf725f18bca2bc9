#include "chronicle/search/search.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/render/presentation.hpp"
#include "chronicle/render/wrap.hpp"
#include "chronicle/text/edit_distance.hpp"

namespace chronicle {

namespace {

/// The first code point of UTF-8 `s` (U+FFFD when it is not valid UTF-8).
char32_t first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = static_cast<unsigned char>(s[0]);
  if (b < 0x80) return b;
  const int n = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
  if (n < 0 || s.size() <= static_cast<std::size_t>(n)) return 0xFFFD;
  char32_t c = b & (0x3F >> n);
  for (int i = 1; i <= n; ++i) c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return c;
}

/// The code points of UTF-8 `s`.
std::size_t letters(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// The language whose dictionary reads `word`: "ru" for a Cyrillic word, "en" for a Latin one;
/// empty for other scripts and for words with digits ("2024", "c5plus1"), which have no forms.
std::string_view dictionary_language(std::string_view word) {
  if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  const char32_t c = first_code_point(word);
  if (c >= 0x400 && c <= 0x52F) return "ru";
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
      (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
    return "en";
  return {};
}

/// A word as the matcher knows it: folded at once, its dictionary forms (folded) on demand.
struct known_word {
  std::string folded;
  std::string_view language;  ///< dictionary_language
  bool forms_known = false;
  std::vector<std::string> forms;  ///< folded, without `folded` itself
};

std::string_view text_of(std::string_view text, word_span w) {
  return text.substr(w.begin, w.end - w.begin);
}

/// An event's searchable text, field by field: titles, tags, place, participants, descriptions.
struct field_text {
  std::string field;
  std::vector<std::string_view> texts;
};

std::vector<field_text> search_fields(const event& e) {
  std::vector<field_text> out;
  for (const auto& [lang, text] : e.title) out.push_back({"title." + lang, {text}});
  if (!e.tags.empty()) {
    field_text f{"tags", {}};
    for (const auto& tag : e.tags) f.texts.push_back(tag);
    out.push_back(std::move(f));
  }
  if (e.place) out.push_back({"place", {e.place->name, e.place->city}});
  if (!e.participants.empty()) {
    field_text f{"participants", {}};
    for (const auto& p : e.participants) {
      f.texts.push_back(p.name);
      f.texts.push_back(p.role);
    }
    out.push_back(std::move(f));
  }
  for (const auto& [lang, text] : e.description) out.push_back({"description." + lang, {text}});
  return out;
}

/// The field's name without its language: "title", "description".
std::string_view field_kind(std::string_view field) {
  return field.substr(0, field.find('.'));
}

std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    out.push_back(first_code_point(s.substr(i, n)));
    i += n;
  }
  return out;
}

}  // namespace

/// Looks strings up by string_view without copying them.
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct search_query::cache {
  /// By the word as written.
  std::unordered_map<std::string, known_word, text_hash, std::equal_to<>> words;

  known_word& know(std::string_view word) {
    auto it = words.find(word);
    if (it == words.end())
      it = words
               .emplace(std::string(word),
                        known_word{fold_text(word), dictionary_language(word), false, {}})
               .first;
    return it->second;
  }

  const std::vector<std::string>& forms_of(std::string_view word, known_word& w) {
    if (!w.forms_known) {
      w.forms_known = true;
      if (!w.language.empty())
        for (const auto& f : word_forms(word, w.language)) {
          auto folded = fold_text(f);
          if (folded != w.folded &&
              std::find(w.forms.begin(), w.forms.end(), folded) == w.forms.end())
            w.forms.push_back(std::move(folded));
        }
    }
    return w.forms;
  }
};

search_query::search_query(std::string_view text) : m_cache(std::make_unique<cache>()) {
  for (const auto w : find_words(text)) {
    std::string word(text_of(text, w));
    if (std::find(m_words.begin(), m_words.end(), word) == m_words.end())
      m_words.push_back(std::move(word));
  }
}

search_query::~search_query() = default;
search_query::search_query(search_query&&) noexcept = default;
search_query& search_query::operator=(search_query&&) noexcept = default;

namespace {

/// How the query word `q` (written `q_text`) matches the event word `w` (written `w_text`).
template <class Cache>
match_kind match_known(Cache& c, std::string_view q_text, known_word& q, std::string_view w_text,
                       known_word& w) {
  if (w.folded == q.folded) return match_kind::exact;
  // Forms are looked up only between words of one script, so a query of digits, or a Latin
  // word among Cyrillic ones, loads no dictionary.
  if (!q.language.empty() && q.language == w.language) {
    const auto& qf = c.forms_of(q_text, q);
    const auto& wf = c.forms_of(w_text, w);
    const auto in_query = [&](const std::string& f) {
      return f == q.folded || std::find(qf.begin(), qf.end(), f) != qf.end();
    };
    if (in_query(w.folded) || std::any_of(wf.begin(), wf.end(), in_query)) return match_kind::form;
  }
  if (letters(q.folded) >= 3 && w.folded.starts_with(q.folded)) return match_kind::prefix;
  return match_kind::none;
}

}  // namespace

match_kind search_query::match(std::size_t i, std::string_view word) const {
  auto& c = *m_cache;
  return match_known(c, m_words[i], c.know(m_words[i]), word, c.know(word));
}

void search_query::match_each(std::string_view word, std::vector<match_kind>& kinds) const {
  auto& c = *m_cache;
  auto& w = c.know(word);
  kinds.resize(m_words.size());
  for (std::size_t i = 0; i < m_words.size(); ++i)
    kinds[i] = match_known(c, m_words[i], c.know(m_words[i]), word, w);
}

std::vector<word_span> search_query::marks(std::string_view text) const {
  std::vector<word_span> out;
  std::vector<match_kind> kinds;
  for (const auto w : find_words(text)) {
    match_each(text_of(text, w), kinds);
    if (std::any_of(kinds.begin(), kinds.end(), [](match_kind k) { return k != match_kind::none; }))
      out.push_back(w);
  }
  return out;
}

int field_weight(std::string_view field) {
  const auto kind = field_kind(field);
  if (kind == "title") return 8;
  if (kind == "tags") return 4;
  if (kind == "place" || kind == "participants") return 3;
  return 1;
}

int kind_weight(match_kind k) {
  switch (k) {
    case match_kind::exact: return 4;
    case match_kind::form: return 3;
    case match_kind::prefix: return 1;
    case match_kind::none: break;
  }
  return 0;
}

std::vector<search_hit> search_events(const std::vector<const event*>& events,
                                      const search_query& q) {
  std::vector<search_hit> hits;
  if (q.empty()) return hits;
  std::vector<int> best(q.words().size());
  std::vector<match_kind> kinds;
  for (const auto* e : events) {
    std::fill(best.begin(), best.end(), 0);
    search_hit hit{e, 0, {}};
    for (const auto& f : search_fields(*e)) {
      const int weight = field_weight(f.field);
      field_match m{f.field, {}};
      for (const auto text : f.texts)
        for (const auto w : find_words(text)) {
          const auto word = text_of(text, w);
          bool matched = false;
          q.match_each(word, kinds);
          for (std::size_t i = 0; i < best.size(); ++i) {
            if (kinds[i] == match_kind::none) continue;
            matched = true;
            best[i] = std::max(best[i], weight * kind_weight(kinds[i]));
          }
          if (matched && std::find(m.words.begin(), m.words.end(), word) == m.words.end())
            m.words.emplace_back(word);
        }
      if (!m.words.empty()) hit.fields.push_back(std::move(m));
    }
    if (std::any_of(best.begin(), best.end(), [](int b) { return b == 0; })) continue;
    for (const int b : best) hit.score += b;
    hits.push_back(std::move(hit));
  }
  return hits;
}

void rank_hits(std::vector<search_hit>& hits) {
  std::stable_sort(hits.begin(), hits.end(),
                   [](const search_hit& a, const search_hit& b) { return a.score > b.score; });
}

list_options with_highlights(list_options o, const search_query& q, bool notes) {
  const auto* query = &q;
  o.highlight = [query](std::string_view text) { return query->marks(text); };
  if (!notes) return o;
  const bool color = o.color;
  const std::string lang = o.lang;
  o.notes = [query, color, lang](const event& e) {
    // Only fields that show a query word the title and place shown do not: why it was found.
    std::vector<bool> seen(query->words().size(), false);
    const auto news = [&](std::string_view text) {
      bool any = false;
      for (const auto w : find_words(text))
        for (std::size_t i = 0; i < seen.size(); ++i)
          if (!seen[i] && query->match(i, text_of(text, w)) != match_kind::none)
            seen[i] = any = true;
      return any;
    };
    const auto shown_title = detail::pick_title(e, lang);
    news(shown_title.text);
    if (e.place) news(detail::place_text(*e.place));
    std::vector<std::string> out;
    const auto note = [&](std::string_view label, std::string_view text) {
      const std::string folded = fold_line_breaks(text);
      out.push_back(fmt::format("{}{}{}: {}", color ? "\x1b[2m" : "", label, color ? "\x1b[0m" : "",
                                paint_spans(folded, query->marks(folded), color)));
    };
    for (const auto& [l, text] : e.title)
      if (l != shown_title.lang && news(text)) note("title." + l, text);
    const std::string tags = fmt::format("{}", fmt::join(e.tags, ", "));
    if (news(tags)) note("tags", tags);
    std::vector<std::string> who;
    for (const auto& p : e.participants) {
      const bool by_name = news(p.name);
      if (news(p.role) || by_name)
        who.push_back(p.role.empty() ? p.name : fmt::format("{} ({})", p.name, p.role));
    }
    if (!who.empty()) note("participants", fmt::format("{}", fmt::join(who, "; ")));
    for (const auto& [l, text] : e.description) {
      const auto folded = fold_line_breaks(text);
      if (!news(folded)) continue;
      // A few words either side of the first match.
      const auto words = find_words(folded);
      const auto marks = query->marks(folded);
      std::size_t first = 0;
      while (first < words.size() && words[first] != marks.front()) ++first;
      constexpr std::size_t k_around = 6;
      const std::size_t from = first > k_around ? first - k_around : 0;
      const std::size_t to = std::min(words.size() - 1, first + k_around);
      const std::size_t begin = from == 0 ? 0 : words[from].begin;
      const std::size_t end = to + 1 == words.size() ? folded.size() : words[to].end;
      note("description." + l,
           fmt::format("{}{}{}", begin > 0 ? "…" : "", folded.substr(begin, end - begin),
                       end < folded.size() ? "…" : ""));
    }
    return out;
  };
  return o;
}

std::string render_search_json(const timeline& t, const std::vector<search_hit>& hits,
                               const search_query& q, const list_options& o) {
  std::vector<const event*> events;
  for (const auto& h : hits) events.push_back(h.e);
  auto root = nlohmann::ordered_json::parse(render_json(t, events, o));
  nlohmann::ordered_json out;
  for (auto& [key, value] : root.items()) {
    if (key == "events") out["query"] = q.words();
    out[key] = std::move(value);
  }
  auto& list = out["events"];
  for (std::size_t i = 0; i < hits.size(); ++i) {
    auto matches = nlohmann::ordered_json::array();
    for (const auto& f : hits[i].fields)
      matches.push_back({{"field", f.field}, {"words", f.words}});
    list[i]["search"] = {{"score", hits[i].score}, {"matches", std::move(matches)}};
  }
  return out.dump(2) + "\n";
}

bool has_tag(const timeline& t, std::string_view tag) {
  return std::any_of(t.events.begin(), t.events.end(), [&](const event& e) {
    return std::find(e.tags.begin(), e.tags.end(), tag) != e.tags.end();
  });
}

std::vector<std::string> nearest_tags(const timeline& t, std::string_view tag, std::size_t limit) {
  std::vector<std::string> tags;
  for (const auto& e : t.events) tags.insert(tags.end(), e.tags.begin(), e.tags.end());
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  const auto typed_folded = fold_text(tag);
  const auto typed = code_points(typed_folded);
  const std::size_t within = std::max<std::size_t>(2, typed.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> near;
  for (const auto& name : tags) {
    const auto folded = fold_text(name);
    // The whole tag, or one of its words ("minerls" is near "critical-minerals").
    auto distance = edit_distance(typed, code_points(folded));
    for (const auto w : find_words(folded))
      distance = std::min(distance, edit_distance(typed, code_points(text_of(folded, w))));
    const bool contains = typed.size() >= 3 && (folded.find(typed_folded) != std::string::npos ||
                                                typed_folded.find(folded) != std::string::npos);
    if (distance <= within || contains) near.emplace_back(distance, name);
  }
  std::sort(near.begin(), near.end());
  std::vector<std::string> out;
  for (auto& [distance, name] : near)
    if (out.size() < limit) out.push_back(std::move(name));
  return out;
}

}  // namespace chronicle
