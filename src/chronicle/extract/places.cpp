// find_places: cities and countries in news text, named as ICU names them (country names, the
// exemplar cities of time zones) and as places.tsv adds, in any Russian case.

#include <unicode/locid.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "chronicle/extract/proposals.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

namespace extract_data {
extern const std::string_view places_tsv;
}

namespace {

/// One name of a place in one language: its words, each as the set of its folded forms.
struct place_name {
  std::vector<std::set<std::string>> words;
  std::string name;
  std::string country;
  bool city = false;
};

struct gazetteer {
  std::vector<place_name> names;
  /// The names whose first word has this folded form.
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_first;
};

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  return s.toUTF8String(out);
}

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return -1;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i,
          static_cast<int32_t>(std::min<std::size_t>(4, s.size())), c);
  return c;
}

bool starts_upper(std::string_view s) {
  const UChar32 c = first_code_point(s);
  return c >= 0 && u_isupper(c);
}

/// The words of a name as written: before any parenthesis ("Гонконг (САР)") or " - "
/// ("Конго - Киншаса" is Конго).
std::vector<std::string> name_words(std::string_view written) {
  written = written.substr(0, std::min(written.find(" ("), written.find(" - ")));
  std::vector<std::string> out;
  for (const word_span w : find_words(written))
    out.emplace_back(written.substr(w.begin, w.end - w.begin));
  return out;
}

void add_name(gazetteer& g, std::string_view written, std::string_view language, std::string name,
              std::string country, bool city) {
  const auto words = name_words(written);
  if (words.empty() || name.empty() || country.size() != 2) return;
  place_name p{{}, std::move(name), std::move(country), city};
  for (const auto& w : words) {
    std::set<std::string> forms{fold_text(w)};
    // The dictionary forms of a name's word, so that a name written in another case than the
    // nominative ("Соединённых Штатах") still matches; for a one-word name only proper names
    // ("Того" is Togo, not the pronoun тот).
    for (const auto& f : word_forms(w, language))
      if (words.size() > 1 || starts_upper(f)) forms.insert(fold_text(f));
    p.words.push_back(std::move(forms));
  }
  const std::size_t index = g.names.size();
  for (const auto& f : p.words.front()) g.by_first[f].push_back(index);
  g.names.push_back(std::move(p));
}

gazetteer build_gazetteer(std::string_view language) {
  gazetteer g;
  const icu::Locale locale(std::string(language).c_str());
  const icu::Locale english("en");
  // Countries: ICU's display names of every ISO 3166 code.
  for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
    const icu::Locale region("", *code);
    icu::UnicodeString local, en;
    region.getDisplayCountry(locale, local);
    region.getDisplayCountry(english, en);
    std::string english_name = utf8(en);
    english_name =
        english_name.substr(0, std::min(english_name.find(" ("), english_name.find(" - ")));
    add_name(g, utf8(local), language, english_name, *code, false);
  }
  // Cities: the exemplar city of every canonical time zone.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> local_names(
      icu::TimeZoneNames::createInstance(locale, status));
  std::unique_ptr<icu::TimeZoneNames> english_names(
      icu::TimeZoneNames::createInstance(english, status));
  std::unique_ptr<icu::StringEnumeration> zones(icu::TimeZone::createTimeZoneIDEnumeration(
      UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  if (U_SUCCESS(status)) {
    for (const icu::UnicodeString* id = zones->snext(status); id && U_SUCCESS(status);
         id = zones->snext(status)) {
      char region[8] = {};
      UErrorCode region_status = U_ZERO_ERROR;
      icu::TimeZone::getRegion(*id, region, sizeof region, region_status);
      if (U_FAILURE(region_status)) continue;
      icu::UnicodeString local, en;
      local_names->getExemplarLocationName(*id, local);
      english_names->getExemplarLocationName(*id, en);
      if (local.isEmpty() || en.isEmpty()) continue;
      add_name(g, utf8(local), language, utf8(en), region, true);
    }
  }
  // The project's own: places.tsv, "written<TAB>language<TAB>name<TAB>country".
  std::string_view tsv = extract_data::places_tsv;
  while (!tsv.empty()) {
    const std::size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> cols;
    for (std::size_t tab; (tab = line.find('\t')) != std::string_view::npos;) {
      cols.push_back(line.substr(0, tab));
      line = line.substr(tab + 1);
    }
    cols.push_back(line);
    if (cols.size() != 4 || cols[1] != language) continue;
    // A country's own name in the list is an other name of the country ("США").
    icu::UnicodeString en;
    icu::Locale("", std::string(cols[3]).c_str()).getDisplayCountry(english, en);
    const bool country = cols[2] == utf8(en) || cols[2] == "United States";
    add_name(g, cols[0], language, std::string(cols[2]), std::string(cols[3]), !country);
  }
  return g;
}

const gazetteer& gazetteer_for(std::string_view language) {
  static const gazetteer ru = build_gazetteer("ru");
  static const gazetteer en = build_gazetteer("en");
  return language == "ru" ? ru : en;
}

/// Whether the bytes between two words of a name are only spaces or a hyphen.
bool joins_name(std::string_view gap) {
  if (gap.empty() || gap.size() > 3) return false;
  for (char c : gap)
    if (c != ' ' && c != '-') return false;
  return true;
}

bool is_place_preposition(std::string_view folded, std::string_view language) {
  if (language == "ru") return folded == "в" || folded == "во" || folded == "на";
  return folded == "in" || folded == "at";
}

}  // namespace

std::vector<found_place> find_places(std::string_view text, std::string_view language) {
  std::vector<found_place> out;
  if (language != "ru" && language != "en") return out;
  const gazetteer& g = gazetteer_for(language);
  const auto words = find_words(text);
  std::vector<std::set<std::string>> forms(words.size());
  std::vector<bool> proper(words.size(), false);  // a word the dictionary knows as a name
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = text.substr(words[i].begin, words[i].end - words[i].begin);
    forms[i].insert(fold_text(w));
    if (!starts_upper(w)) continue;
    const auto lemmas = word_forms(w, language);
    proper[i] = lemmas.empty();  // unknown to the dictionary: may well be a name
    for (const auto& f : lemmas) {
      forms[i].insert(fold_text(f));
      if (starts_upper(f)) proper[i] = true;
    }
  }
  for (std::size_t i = 0; i < words.size();) {
    const std::string_view first = text.substr(words[i].begin, words[i].end - words[i].begin);
    std::size_t best = 0, best_len = 0;
    if (starts_upper(first)) {
      for (const auto& f : forms[i]) {
        const auto hit = g.by_first.find(f);
        if (hit == g.by_first.end()) continue;
        for (const std::size_t n : hit->second) {
          const place_name& p = g.names[n];
          if (i + p.words.size() > words.size()) continue;
          // A one-word name: only where the dictionary does not read the word as a common one.
          if (p.words.size() == 1 && !proper[i]) continue;
          bool ok = true;
          for (std::size_t k = 1; ok && k < p.words.size(); ++k) {
            const auto gap =
                text.substr(words[i + k - 1].end, words[i + k].begin - words[i + k - 1].end);
            ok = joins_name(gap) &&
                 std::any_of(p.words[k].begin(), p.words[k].end(),
                             [&](const std::string& x) { return forms[i + k].count(x) > 0; });
          }
          // The longest name; of two as long, a country before a city.
          if (ok && (p.words.size() > best_len ||
                     (p.words.size() == best_len && g.names[best].city && !p.city))) {
            best = n;
            best_len = p.words.size();
          }
        }
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    const place_name& p = g.names[best];
    found_place f{words[i].begin, words[i + best_len - 1].end, p.name, p.country, p.city, false};
    if (i > 0) {
      const auto gap = text.substr(words[i - 1].end, words[i].begin - words[i - 1].end);
      const auto before = text.substr(words[i - 1].begin, words[i - 1].end - words[i - 1].begin);
      f.located = gap.find_first_not_of(' ') == std::string_view::npos &&
                  is_place_preposition(fold_text(before), language);
    }
    out.push_back(std::move(f));
    i += best_len;
  }
  return out;
}

}  // namespace chronicle
