// propose_events: the sentences of a news text that hold a date, as proposed milestones.

#include "chronicle/extract/proposals.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <iterator>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/model/edtf.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

namespace {

constexpr std::size_t k_min_title_words = 4;
constexpr std::size_t k_max_title_words = 16;

/// The length of the clause mark at `text[i]`, or 0: , ; : ( ) – — and a hyphen or an asterisk
/// between spaces.
std::size_t clause_mark(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') return 1;
  // A hyphen or a list's asterisk between spaces ("… людей. * 2242 год — …").
  if ((c == '-' || c == '*') && i > 0 && i + 1 < text.size() && text[i - 1] == ' ' &&
      text[i + 1] == ' ')
    return 1;
  // U+2013 EN DASH, U+2014 EM DASH: E2 80 93, E2 80 94.
  if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < text.size() &&
      static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[i + 2]) == 0x93 ||
       static_cast<unsigned char>(text[i + 2]) == 0x94))
    return 3;
  return 0;
}

/// The clause marks of [begin, end) of `text`: each as [start, end) bytes.
std::vector<std::pair<std::size_t, std::size_t>> clause_marks(std::string_view text,
                                                              std::size_t begin, std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  for (std::size_t i = begin; i < end;) {
    const std::size_t n = clause_mark(text, i);
    if (n) {
      marks.emplace_back(i, i + n);
      i += n;
    } else {
      ++i;
    }
  }
  return marks;
}

bool is_in(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

/// Prepositions that introduce a date ("в марте", "on 8 February"): dropped with the date.
bool is_date_preposition(std::string_view folded, std::string_view language) {
  if (language == "ru")
    return is_in(folded, {"в", "во", "на", "с", "со", "к", "по", "до", "около"});
  return is_in(folded, {"on", "in", "at", "by", "since", "from", "until", "of", "during"});
}

/// Conjunctions and adverbs that may start a clause and say nothing of the event.
bool is_leading_conjunction(std::string_view folded, std::string_view language) {
  if (language == "ru")
    return is_in(folded, {"и", "а", "но", "также", "однако", "затем", "тогда", "уже", "еще"});
  return is_in(folded, {"and", "but", "also", "then", "while", "when", "however", "later"});
}

/// Prepositions that start the phrase a dependent clause may depend on ("на саммите C5+1,
/// состоявшемся …", "at the summit, held …").
bool is_phrase_preposition(std::string_view folded, std::string_view language) {
  if (language == "ru")
    return is_in(folded, {"в", "во", "на", "с", "со", "к", "по", "до", "о", "об", "при", "за",
                          "под", "над", "из", "от", "у", "для"});
  return is_in(folded, {"at", "in", "on", "during", "of", "for", "to", "from", "with"});
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Spaces collapsed to one, none before , . ; : ) or after (, none at the ends.
std::string tidy(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ' && out.back() != '(') out += ' ';
      continue;
    }
    if ((c == ',' || c == '.' || c == ';' || c == ':' || c == ')') && !out.empty() &&
        out.back() == ' ')
      out.pop_back();
    if (c == ',' && !out.empty() && out.back() == ',') continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// `s` without clause marks, full stops and spaces at its ends.
std::string trim_marks(std::string s) {
  auto mark_at = [&](std::size_t i) {
    return is_space(s[i]) || s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == '*' ||
           clause_mark(s, i) > 0;
  };
  std::size_t b = 0;
  while (b < s.size()) {
    if (is_space(s[b]) || s[b] == '.' || s[b] == '*') {
      ++b;
    } else if (const std::size_t n = clause_mark(s, b)) {
      b += n;
    } else {
      break;
    }
  }
  s.erase(0, b);
  while (!s.empty()) {
    // A dash at the end: its last byte is 0x93 or 0x94 after E2 80.
    if (s.size() >= 3 && clause_mark(s, s.size() - 3) == 3) {
      s.resize(s.size() - 3);
    } else if (mark_at(s.size() - 1)) {
      s.pop_back();
    } else {
      break;
    }
  }
  return s;
}

bool starts_lower(std::string_view s) {
  if (s.empty()) return false;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i,
          static_cast<int32_t>(std::min<std::size_t>(4, s.size())), c);
  return c >= 0 && u_islower(c);
}

std::string upper_first(const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  if (u.isEmpty()) return s;
  const UChar32 c = u.char32At(0);
  icu::UnicodeString out;
  out.append(u_totitle(c));
  out.append(u, U16_LENGTH(c), u.length() - U16_LENGTH(c));
  std::string r;
  return out.toUTF8String(r);
}

struct title_draft {
  std::string title;
  std::size_t clause_begin = 0;
  std::size_t clause_end = 0;
};

/// The words of [begin, end) of `text`, as views.
std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> out;
  for (const word_span w : find_words(text)) out.push_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

/// The title from the clause [cb, ce) of `text` around the date [db, de).
std::string title_of(std::string_view text, std::size_t cb, std::size_t ce, std::size_t db,
                     std::size_t de, std::string_view language) {
  std::string_view before = text.substr(cb, std::max(cb, std::min(db, ce)) - cb);
  std::string_view after = de < ce ? text.substr(de, ce - de) : std::string_view{};
  // The preposition right before the date goes with it.
  {
    const auto words = find_words(before);
    if (!words.empty()) {
      const word_span last = words.back();
      const auto gap = before.substr(last.end);
      if (gap.find_first_not_of(" \t\n") == std::string_view::npos &&
          is_date_preposition(fold_text(before.substr(last.begin, last.end - last.begin)),
                              language))
        before = before.substr(0, last.begin);
    }
  }
  std::string t = trim_marks(tidy(std::string(before) + " " + std::string(after)));
  // Leading conjunctions.
  for (;;) {
    const auto words = find_words(t);
    if (words.empty() || words.front().begin != 0) break;
    const std::string_view first = std::string_view(t).substr(0, words.front().end);
    if (!is_leading_conjunction(fold_text(first), language)) break;
    t = trim_marks(t.substr(words.front().end));
  }
  // At most k_max_title_words words.
  const auto words = find_words(t);
  if (words.size() > k_max_title_words) {
    t = trim_marks(t.substr(0, words[k_max_title_words - 1].end)) + "…";
  }
  return upper_first(t);
}

title_draft draft_title(std::string_view text, const sentence_span& s, const found_date& d,
                        std::string_view language) {
  const auto marks = clause_marks(text, s.begin, s.end);
  // Clause boundaries: the sentence's ends and every mark outside the date.
  std::vector<std::pair<std::size_t, std::size_t>> cuts;  // [mark begin, mark end)
  for (const auto& m : marks)
    if (m.second <= d.begin || m.first >= d.end) cuts.push_back(m);
  // The clause holding the date: between the last cut before it and the first after it.
  std::size_t lo = 0;  // index into cuts of the first cut after the date
  while (lo < cuts.size() && cuts[lo].second <= d.begin) ++lo;
  std::size_t first_cut = lo;  // cuts[first_cut - 1] is the one before
  std::size_t last_cut = lo;   // cuts[last_cut] is the one after
  auto clause_begin = [&] { return first_cut == 0 ? s.begin : cuts[first_cut - 1].second; };
  auto clause_end = [&] { return last_cut >= cuts.size() ? s.end : cuts[last_cut].first; };
  std::size_t begin = clause_begin();
  std::string title = title_of(text, begin, clause_end(), d.begin, d.end, language);
  // A dependent clause after a comma ("…на саммите C5+1, состоявшемся 19 сентября в
  // Нью-Йорке"): it starts with a lower-case word that is not a conjunction. Its title starts
  // at the phrase it depends on, from the last preposition of the clause before.
  if (first_cut > 0 && text[cuts[first_cut - 1].first] == ',') {
    const auto rest = find_words(text.substr(begin, clause_end() - begin));
    const auto first = rest.empty() ? std::string_view{}
                                    : text.substr(begin + rest.front().begin,
                                                  rest.front().end - rest.front().begin);
    if (starts_lower(first) && !is_leading_conjunction(fold_text(first), language)) {
      const std::size_t prev_begin = first_cut >= 2 ? cuts[first_cut - 2].second : s.begin;
      const std::string_view prev = text.substr(prev_begin, cuts[first_cut - 1].first - prev_begin);
      std::size_t head = prev_begin;
      const auto prev_words = find_words(prev);
      for (std::size_t k = prev_words.size(); k-- > 0;) {
        const auto w = prev.substr(prev_words[k].begin, prev_words[k].end - prev_words[k].begin);
        if (is_phrase_preposition(fold_text(w), language)) {
          head = prev_begin + prev_words[k].end;
          break;
        }
      }
      begin = head;
      title = title_of(text, begin, clause_end(), d.begin, d.end, language);
    }
  }
  while (words_of(title).size() < k_min_title_words) {
    if (first_cut > 0) {
      --first_cut;
    } else if (last_cut < cuts.size()) {
      ++last_cut;
    } else {
      break;
    }
    begin = std::min(begin, clause_begin());
    title = title_of(text, begin, clause_end(), d.begin, d.end, language);
  }
  return {title, begin, clause_end()};
}

bool same_places(const std::vector<found_place>& a, const std::vector<found_place>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].country != b[i].country) return false;
  return true;
}

void add_place(std::vector<found_place>& places, const found_place& p) {
  for (const auto& q : places)
    if (q.name == p.name && q.country == p.country) return;
  places.push_back(p);
}

}  // namespace

std::vector<proposal> propose_events(std::string_view text, std::string_view language,
                                     const document_date& document) {
  return propose_events(text, language, document, find_dates(text, language, document));
}

std::vector<proposal> propose_events(std::string_view text, std::string_view language,
                                     const document_date& /*document*/,
                                     const std::vector<found_date>& dates) {
  std::vector<proposal> out;
  if (dates.empty()) return out;
  const auto places = find_places(text, language);
  auto sentences = find_sentences(text, language);
  // A sentence never ends inside a date expression: the splitter may take the full stop of an
  // abbreviation for an end ("Feb. 8"), the tagger knows better.
  for (const found_date& d : dates) {
    const auto first = std::find_if(sentences.begin(), sentences.end(),
                                    [&](const sentence_span& s) { return s.end > d.begin; });
    if (first == sentences.end()) continue;
    auto last = first;
    while (std::next(last) != sentences.end() && std::next(last)->begin < d.end) ++last;
    if (last == first) continue;
    first->end = last->end;
    sentences.erase(std::next(first), std::next(last));
  }
  std::size_t si = 0;
  for (const found_date& d : dates) {
    while (si < sentences.size() && sentences[si].end <= d.begin) ++si;
    if (si == sentences.size()) break;
    const sentence_span& s = sentences[si];
    if (d.begin < s.begin) continue;  // not inside a sentence (cannot happen: spaces only)
    const title_draft draft = draft_title(text, s, d, language);
    if (draft.title.empty()) continue;  // a date alone: a dateline ("Astana. 5 March.")
    proposal p;
    p.date = d.value;
    p.modifier = d.modifier;
    p.year = d.year;
    p.title = draft.title;
    // Places: those the clause introduces with a preposition of place, else its cities.
    for (const auto& pl : places)
      if (pl.begin >= draft.clause_begin && pl.end <= draft.clause_end && pl.located)
        add_place(p.places, pl);
    if (p.places.empty())
      for (const auto& pl : places)
        if (pl.begin >= draft.clause_begin && pl.end <= draft.clause_end && pl.city)
          add_place(p.places, pl);
    p.evidence.push_back({s.begin, s.end, std::string(text.substr(s.begin, s.end - s.begin)),
                          d.begin, d.end, d.text});
    p.people = find_people(p.evidence.front().sentence, language);
    // One event mentioned again: the same date and places (or no places on one side).
    auto same = std::find_if(out.begin(), out.end(), [&](const proposal& q) {
      return q.date == p.date && q.modifier == p.modifier &&
             (same_places(q.places, p.places) || q.places.empty() || p.places.empty());
    });
    if (same == out.end()) {
      out.push_back(std::move(p));
      continue;
    }
    for (const auto& pl : p.places) add_place(same->places, pl);
    for (auto& person : p.people)
      if (std::none_of(same->people.begin(), same->people.end(),
                       [&](const found_person& q) { return q.name == person.name; }))
        same->people.push_back(std::move(person));
    same->evidence.push_back(std::move(p.evidence.front()));
  }
  return out;
}

std::string extract_to_json(const document_date& document, const std::vector<found_date>& dates,
                            const std::vector<proposal>& proposals) {
  auto out = nlohmann::ordered_json::parse(dates_to_json(document, dates));
  out["proposals"] = nlohmann::ordered_json::array();
  for (const auto& p : proposals) {
    nlohmann::ordered_json j;
    j["date"] = p.date;
    if (p.modifier != date_modifier::none) j["mod"] = std::string(modifier_name(p.modifier));
    j["year"] = p.year == year_source::text       ? "text"
                : p.year == year_source::document ? "document"
                                                  : "unknown";
    j["title"] = p.title;
    j["places"] = nlohmann::ordered_json::array();
    for (const auto& pl : p.places)
      j["places"].push_back({{"name", pl.name}, {"country", pl.country}});
    j["people"] = nlohmann::ordered_json::array();
    for (const auto& person : p.people)
      j["people"].push_back({{"name", person.name}, {"role", person.role}});
    j["evidence"] = nlohmann::ordered_json::array();
    for (const auto& e : p.evidence)
      j["evidence"].push_back({{"start", e.begin},
                               {"end", e.end},
                               {"text", e.sentence},
                               {"date_start", e.date_begin},
                               {"date_end", e.date_end},
                               {"date_text", e.date_text}});
    out["proposals"].push_back(std::move(j));
  }
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::optional<event> proposal_to_event(const proposal& p, std::string_view language,
                                       const document_date& document, std::string_view source_name,
                                       std::string* why_not) {
  auto fail = [&](std::string reason) -> std::optional<event> {
    if (why_not) *why_not = std::move(reason);
    return std::nullopt;
  };
  if (p.year == year_source::unknown || p.date.find('X') != std::string::npos)
    return fail(
        fmt::format("the year of {} is unknown (no document date: give one with --dct)", p.date));
  const auto parsed = parse_edtf(p.date);
  if (!parsed.value)
    return fail(
        fmt::format("{} (a season, quarter or half) is not a date an event file takes", p.date));
  event e;
  e.title[std::string(language)] = p.title;
  e.date = *parsed.value;
  const found_place* where = nullptr;
  for (const auto& pl : p.places)
    if (pl.city) {
      where = &pl;
      break;
    }
  if (!where && !p.places.empty()) where = &p.places.front();
  if (where) {
    place pl;
    (where->city ? pl.city : pl.name) = where->name;
    pl.country = where->country;
    e.place = pl;
  }
  for (const auto& person : p.people) e.participants.push_back({person.name, person.role, ""});
  // Planned when it starts after the document's day (a future the text announces); tentative
  // otherwise: a proposal nobody has checked yet.
  e.status = status::tentative;
  const std::string dct = to_edtf(document);
  if (document.year) {
    if (const auto doc = parse_edtf(dct); doc.value && e.date.first_day() > doc.value->last_day())
      e.status = status::planned;
  }
  source_ref src;
  src.title = std::string(source_name);
  src.language = std::string(language);
  if (document.year && parse_edtf(dct).value) src.published = dct;
  e.sources.push_back(src);
  std::string description;
  for (const auto& ev : p.evidence) {
    if (!description.empty()) description += "\n";
    description += ev.sentence;
  }
  e.description[std::string(language)] = description;
  const auto& first = p.evidence.front();
  e.date_note =
      fmt::format("Proposed by chronicle extract from “{}” in {}", first.date_text, source_name);
  if (p.year == year_source::document)
    e.date_note += fmt::format("; the year taken from the document date {}", dct);
  if (p.modifier != date_modifier::none)
    e.date_note += fmt::format("; the text names the {} of the period",
                               p.modifier == date_modifier::start ? "start"
                               : p.modifier == date_modifier::mid ? "middle"
                                                                  : "end");
  e.date_note += ".";
  return e;
}

}  // namespace chronicle
