// find_people: the persons a sentence names after a role ("министр промышленности и
// строительства РК Шарлапаев Канат Бисимбаевич", "Kazakh Minister of Industry Kanat
// Sharlapayev"), by a short list of role words and capitalised words after them.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chronicle/extract/proposals.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

namespace {

struct token {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
  bool capital = false;  ///< starts with an upper-case letter, and is not all capitals
  bool acronym = false;  ///< all capitals or with digits ("РК", "США", "C5")
  bool place = false;    ///< part of a place find_places found
  std::size_t letters = 0;
};

UChar32 first_code_point(std::string_view s) {
  int32_t i = 0;
  UChar32 c = -1;
  if (!s.empty())
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

std::vector<token> tokens_of(std::string_view text, const std::vector<found_place>& places) {
  std::vector<token> out;
  for (const auto& w : find_words(text)) {
    token t;
    t.begin = w.begin;
    t.end = w.end;
    t.text = std::string(text.substr(w.begin, w.end - w.begin));
    std::size_t upper = 0, lower = 0, digits = 0;
    for (int32_t i = 0; i < static_cast<int32_t>(t.text.size());) {
      UChar32 c = 0;
      U8_NEXT(reinterpret_cast<const uint8_t*>(t.text.data()), i,
              static_cast<int32_t>(t.text.size()), c);
      if (c < 0) continue;
      if (u_isupper(c)) ++upper;
      if (u_islower(c)) ++lower;
      if (u_isdigit(c)) ++digits;
      ++t.letters;
    }
    const UChar32 first = first_code_point(t.text);
    t.acronym = digits > 0 || (upper >= 2 && lower == 0);
    t.capital = !t.acronym && first >= 0 && u_isupper(first);
    for (const auto& p : places)
      if (p.begin <= t.begin && t.end <= p.end) t.place = true;
    out.push_back(std::move(t));
  }
  return out;
}

/// The text between two tokens.
std::string_view gap(std::string_view text, const token& a, const token& b) {
  return text.substr(a.end, b.begin - a.end);
}

bool only_spaces(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

enum class grammatical_case { nominative, genitive, instrumental, other };

struct ru_role {
  std::string_view stem;        ///< lower case
  std::string_view nominative;  ///< the dictionary form
};

constexpr std::array k_ru_roles{
    ru_role{"министр", "министр"},
    ru_role{"президент", "президент"},
    ru_role{"премьер", "премьер"},
    ru_role{"заместител", "заместитель"},
    ru_role{"госсекретар", "госсекретарь"},
    ru_role{"секретар", "секретарь"},
    ru_role{"посол", "посол"},
    ru_role{"посл", "посол"},
    ru_role{"председател", "председатель"},
    ru_role{"руководител", "руководитель"},
    ru_role{"директор", "директор"},
    ru_role{"губернатор", "губернатор"},
    ru_role{"аким", "аким"},
    ru_role{"мэр", "мэр"},
    ru_role{"спикер", "спикер"},
    ru_role{"сенатор", "сенатор"},
    ru_role{"советник", "советник"},
    ru_role{"помощник", "помощник"},
    ru_role{"канцлер", "канцлер"},
    ru_role{"глав", "глава"},
};

/// A Russian role word in the singular, with its case and dictionary form.
std::optional<std::pair<grammatical_case, std::string>> ru_role_of(const std::string& word) {
  const std::string folded = fold_text(word);
  for (const auto& r : k_ru_roles) {
    if (!folded.starts_with(r.stem)) continue;
    const std::string_view ending = std::string_view(folded).substr(r.stem.size());
    if (r.stem == "посл" && ending == "е") continue;  // "после" is "after"
    if (folded == r.nominative)
      return std::pair{grammatical_case::nominative, std::string(r.nominative)};
    if (ending == "ом" || ending == "ем" || ending == "ои")  // "ой" folded: "ои"
      return std::pair{grammatical_case::instrumental, std::string(r.nominative)};
    if (ending == "а" || ending == "я" || ending == "ы")
      return std::pair{grammatical_case::genitive, std::string(r.nominative)};
    if (ending == "у" || ending == "ю" || ending == "е")
      return std::pair{grammatical_case::other, std::string(r.nominative)};
  }
  return std::nullopt;
}

bool ends_with(std::string_view s, std::string_view end) {
  return s.ends_with(end);
}

bool is_cyrillic_consonant_before(std::string_view word, std::size_t cut) {
  // The code point before byte `cut` is a Cyrillic consonant.
  if (cut < 2) return false;
  const std::string_view c = word.substr(cut - 2, 2);
  static constexpr std::string_view vowels[] = {"а", "е", "ё", "и", "о", "у", "ы",
                                                "э", "ю", "я", "й", "ь", "ъ"};
  if (static_cast<unsigned char>(c[0]) != 0xD0 && static_cast<unsigned char>(c[0]) != 0xD1)
    return false;
  return std::find(std::begin(vowels), std::end(vowels), c) == std::end(vowels);
}

/// A Russian name word in `gcase` put back in the nominative: the dictionary's form when
/// Hunspell knows the word as a name, else the usual endings of surnames undone ("Байденом" →
/// "Байден", "Фернандеса" → "Фернандес"); as written when unsure.
std::string ru_nominative(const std::string& word, grammatical_case gcase) {
  if (gcase == grammatical_case::nominative || word.size() <= 4) return word;
  for (const auto& f : word_forms(word, "ru"))
    if (f != word && u_isupper(first_code_point(f))) return f;
  if (gcase == grammatical_case::instrumental) {
    if ((ends_with(word, "ом") || ends_with(word, "ем")) &&
        is_cyrillic_consonant_before(word, word.size() - 4))
      return word.substr(0, word.size() - 4);
  } else if (gcase == grammatical_case::genitive) {
    if (ends_with(word, "а") && is_cyrillic_consonant_before(word, word.size() - 2))
      return word.substr(0, word.size() - 2);
  }
  return word;
}

constexpr std::array<std::string_view, 17> k_en_roles{
    "minister", "president", "secretary",    "ambassador", "chairman", "chairwoman",
    "chair",    "governor",  "mayor",        "director",   "head",     "chancellor",
    "senator",  "envoy",     "spokesperson", "spokesman",  "premier"};

bool en_role(const std::string& word) {
  const std::string folded = fold_text(word);
  return std::find(k_en_roles.begin(), k_en_roles.end(), folded) != k_en_roles.end();
}

bool en_joiner(const std::string& word) {
  return word == "of" || word == "for" || word == "and" || word == "the";
}

/// The name run starting at token `i`: capitalised words (not places, not acronyms), joined by
/// spaces or by the full stop after an initial ("Х. Фернандес"); the index one
/// past it.
std::size_t name_run(std::string_view text, const std::vector<token>& ts, std::size_t i) {
  std::size_t j = i;
  while (j < ts.size() && ts[j].capital && !ts[j].place && j - i < 4) {
    if (j > i) {
      const auto g = gap(text, ts[j - 1], ts[j]);
      const bool initial = ts[j - 1].letters == 1 && (g == "." || g == ". ");
      if (!only_spaces(g) && !initial) break;
      if (g.empty()) break;
    }
    ++j;
  }
  return j;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == ',')) s.remove_suffix(1);
  return std::string(s);
}

void add_person(std::vector<found_person>& people, found_person p) {
  for (const auto& q : people)
    if (q.name == p.name) return;
  people.push_back(std::move(p));
}

std::vector<found_person> people_ru(std::string_view text, const std::vector<token>& ts) {
  std::vector<found_person> out;
  for (std::size_t h = 0; h < ts.size(); ++h) {
    const auto role = ru_role_of(ts[h].text);
    if (!role || ts[h].capital || ts[h].acronym) continue;
    // "вице-министр", "премьер-министр": the word joined before it by a hyphen.
    std::size_t role_begin = ts[h].begin;
    if (h > 0 && gap(text, ts[h - 1], ts[h]) == "-") role_begin = ts[h - 1].begin;
    // The role goes on over lower-case words, acronyms and places (its complements:
    // "промышленности и строительства РК", "экономического роста, энергетики"), up to a name.
    std::size_t i = h + 1;
    for (; i < ts.size() && i - h <= 12; ++i) {
      const auto g = gap(text, ts[i - 1], ts[i]);
      if (!only_spaces(g) && g != ", " && g != "-") {
        i = ts.size();
        break;
      }
      if (g == ", " && (ts[i].capital && !ts[i].place)) {
        i = ts.size();  // an enumeration of names, not a role's complement
        break;
      }
      if (ts[i].capital && !ts[i].place) break;
    }
    if (i >= ts.size() || !ts[i].capital) continue;
    const std::size_t end = name_run(text, ts, i);
    if (end - i < 2) continue;
    std::string name;
    for (std::size_t k = i; k < end; ++k) {
      if (k > i) name += ts[k - 1].letters == 1 ? ". " : " ";
      name += ru_nominative(ts[k].text, role->first);
    }
    std::string head_prefix(text.substr(role_begin, ts[h].begin - role_begin));
    std::string rest = trimmed(text.substr(ts[h].end, ts[i].begin - ts[h].end));
    std::string r = head_prefix + role->second + (rest.empty() ? "" : " " + rest);
    add_person(out, {name, r});
    h = end - 1;
  }
  return out;
}

std::vector<found_person> people_en(std::string_view text, const std::vector<token>& ts) {
  std::vector<found_person> out;
  for (std::size_t h = 0; h < ts.size(); ++h) {
    if (!en_role(ts[h].text)) continue;
    // Back over the capitalised words before it ("Kazakh", "Deputy", "U.S.").
    std::size_t start = h;
    while (start > 0 && (ts[start - 1].capital || ts[start - 1].acronym) && !ts[start - 1].place) {
      const auto g = gap(text, ts[start - 1], ts[start]);
      if (!only_spaces(g) && g != "." && g != ". " && g != "-") break;
      --start;
    }
    // On over capitalised words and joiners: the name is its last two (three with an initial).
    std::size_t i = h + 1;
    while (i < ts.size() && (ts[i].capital || en_joiner(ts[i].text)) &&
           (only_spaces(gap(text, ts[i - 1], ts[i])) ||
            (ts[i - 1].letters == 1 && gap(text, ts[i - 1], ts[i]).starts_with("."))))
      ++i;
    while (i > h + 1 && !ts[i - 1].capital) --i;  // no joiner at the end
    std::size_t name_begin = i;
    std::size_t taken = 0;
    while (name_begin > h + 1 && ts[name_begin - 1].capital && taken < 2) {
      --name_begin;
      if (ts[name_begin].letters > 1) ++taken;
    }
    if (taken < 2) continue;
    std::string name(text.substr(ts[name_begin].begin, ts[i - 1].end - ts[name_begin].begin));
    std::string role =
        trimmed(text.substr(ts[start].begin, ts[name_begin].begin - ts[start].begin));
    add_person(out, {name, role});
    h = i - 1;
  }
  return out;
}

}  // namespace

std::vector<found_person> find_people(std::string_view sentence, std::string_view language) {
  if (language != "ru" && language != "en") return {};
  const auto ts = tokens_of(sentence, find_places(sentence, language));
  return language == "ru" ? people_ru(sentence, ts) : people_en(sentence, ts);
}

}  // namespace chronicle
