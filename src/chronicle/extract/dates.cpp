#include "chronicle/extract/dates.hpp"

#include <unicode/dtfmtsym.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "chronicle/text/words.hpp"

namespace chronicle {

namespace {

// ---------------------------------------------------------------------------------------------
// Names: months and weekdays from ICU (format and standalone, wide and abbreviated), other
// case forms through Hunspell's dictionary forms ("марте" → "март").

struct names {
  std::string language;
  std::map<std::string, int, std::less<>> months;    // folded full names → 1-12
  std::map<std::string, int, std::less<>> abbrevs;   // folded abbreviations (no dot) → 1-12
  std::map<std::string, int, std::less<>> weekdays;  // folded names → 0 (Monday) .. 6
  std::set<std::string, std::less<>> prefixes;       // first three letters of each name
};

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  return s.toUTF8String(out);
}

std::string first_letters(std::string_view folded, std::size_t n) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())));
  if (s.length() > static_cast<int32_t>(n)) s.truncate(static_cast<int32_t>(n));
  return utf8(s);
}

std::size_t letters(std::string_view folded) {
  return static_cast<std::size_t>(
      icu::UnicodeString::fromUTF8(
          icu::StringPiece(folded.data(), static_cast<int32_t>(folded.size())))
          .countChar32());
}

names load_names(const std::string& language) {
  names n;
  n.language = language;
  UErrorCode status = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(icu::Locale(language.c_str()), status);
  if (U_FAILURE(status)) return n;
  auto add = [&](auto& map, const icu::UnicodeString& name, int value) {
    std::string f = fold_text(utf8(name));
    while (!f.empty() && f.back() == '.') f.pop_back();
    if (f.empty()) return;
    map.emplace(f, value);
    if (letters(f) >= 2) n.prefixes.insert(first_letters(f, 2));
  };
  for (auto context : {icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE}) {
    int32_t count = 0;
    const icu::UnicodeString* m = symbols.getMonths(count, context, icu::DateFormatSymbols::WIDE);
    for (int32_t i = 0; i < count && i < 12; ++i) add(n.months, m[i], i + 1);
    m = symbols.getMonths(count, context, icu::DateFormatSymbols::ABBREVIATED);
    for (int32_t i = 0; i < count && i < 12; ++i) add(n.abbrevs, m[i], i + 1);
    // ICU counts weekdays from Sunday at index 1.
    const icu::UnicodeString* w = symbols.getWeekdays(count, context, icu::DateFormatSymbols::WIDE);
    for (int32_t i = 1; i < count && i <= 7; ++i) add(n.weekdays, w[i], (i + 5) % 7);
  }
  // Abbreviations news writes beside ICU's own: the first three letters of each month
  // ("9 фев", "Feb 8"), and "sept".
  for (const auto& [name, month] : std::map<std::string, int, std::less<>>(n.months))
    if (letters(name) > 3) n.abbrevs.emplace(first_letters(name, 3), month);
  // Abbreviated weekdays ("Fri", "Tue") stay unread: too ambiguous in running text.
  if (language == "en") n.abbrevs.emplace("sept", 9);
  return n;
}

const names& names_for(std::string_view language) {
  static std::mutex mutex;
  static std::map<std::string, names, std::less<>> loaded;
  std::lock_guard lock(mutex);
  auto it = loaded.find(language);
  if (it == loaded.end())
    it = loaded.emplace(std::string(language), load_names(std::string(language))).first;
  return it->second;
}

/// The month and weekday a folded word names, through its dictionary forms when it is not a
/// name itself. Cached per thread: news repeats its words.
struct word_meaning {
  int month = 0;         // 1-12, from a full name
  int month_abbrev = 0;  // 1-12, from an abbreviation
  int weekday = -1;      // 0 (Monday) .. 6
};

word_meaning meaning_of(const names& n, const std::string& folded, std::string_view raw) {
  thread_local std::unordered_map<std::string, word_meaning> cache;
  thread_local std::string cache_language;
  if (cache_language != n.language) {
    cache.clear();
    cache_language = n.language;
  }
  if (auto it = cache.find(folded); it != cache.end()) return it->second;
  word_meaning m;
  if (auto it = n.months.find(folded); it != n.months.end()) m.month = it->second;
  if (auto it = n.abbrevs.find(folded); it != n.abbrevs.end()) m.month_abbrev = it->second;
  if (auto it = n.weekdays.find(folded); it != n.weekdays.end()) m.weekday = it->second;
  if (!m.month && m.weekday < 0 && letters(folded) >= 3 &&
      n.prefixes.count(first_letters(folded, 2))) {
    for (const auto& form : word_forms(raw, n.language)) {
      std::string f = fold_text(form);
      if (auto it = n.months.find(f); it != n.months.end()) m.month = it->second;
      if (auto it = n.weekdays.find(f); it != n.weekdays.end()) m.weekday = it->second;
    }
  }
  if (cache.size() > 100000) cache.clear();
  cache.emplace(folded, m);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Tokens

struct token {
  std::size_t begin = 0, end = 0;
  std::string f;   // folded
  int num = -1;    // value when all ASCII digits (up to 9 digits)
  int digits = 0;  // how many
  word_meaning meaning;
  bool capital = false;   // first letter upper-case as written
  bool shouting = false;  // two or more letters, all upper-case ("KAZAKHSTAN TODAY")
  int sentence = 0;       // counted from 0, broken at ".", "!", "?" and line ends
};

bool starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  // No-break space (U+00A0), as news often writes between a day and its month.
  while (starts(s, "\xC2\xA0")) s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

bool is_dash(std::string_view g) {
  return one_of(g, {"-", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x90", "\xE2\x80\x91",
                    "\xE2\x88\x92", "--"});
}

// ---------------------------------------------------------------------------------------------
// Values

struct reference {
  document_date d;
  std::optional<date::sys_days> day() const {
    if (!d.year || !d.month || !d.day) return std::nullopt;
    date::year_month_day ymd{date::year{*d.year}, date::month{*d.month}, date::day{*d.day}};
    if (!ymd.ok()) return std::nullopt;
    return date::sys_days{ymd};
  }
};

std::string year_text(int y) {
  return fmt::format("{:04}", y);
}

std::string day_text(date::sys_days d) {
  const date::year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

/// A value under construction: a point, or a range of two.
struct match {
  std::size_t first = 0, last = 0;  // tokens, inclusive
  std::size_t end_byte = 0;         // past the last byte kept (a "." after "г")
  std::string value;
  date_modifier mod = date_modifier::none;
  year_source year = year_source::text;
};

/// The year of an expression that gives none: the document's, or X.
std::pair<std::string, year_source> implied_year(const reference& r) {
  if (r.d.year) return {year_text(*r.d.year), year_source::document};
  return {"XXXX", year_source::unknown};
}

// ---------------------------------------------------------------------------------------------
// The tagger

class tagger {
 public:
  tagger(std::string_view text, std::string_view language, const document_date& d)
      : m_text(text), m_ru(language == "ru"), m_names(names_for(language)) {
    m_ref.d = d;
    for (word_span w : find_words(text)) {
      token t;
      t.begin = w.begin;
      t.end = w.end;
      std::string_view raw = text.substr(w.begin, w.end - w.begin);
      if (raw.size() <= 9 &&
          std::all_of(raw.begin(), raw.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        t.num = std::atoi(std::string(raw).c_str());
        t.digits = static_cast<int>(raw.size());
        t.f = std::string(raw);
      } else {
        if (raw.size() > 64) raw = raw.substr(0, 64);
        t.f = fold_text(raw);
        t.capital = fold_text(raw.substr(0, std::min<std::size_t>(raw.size(), 4))) !=
                    std::string(raw.substr(0, std::min<std::size_t>(raw.size(), 4)));
        t.meaning = meaning_of(m_names, t.f, raw);
        t.shouting =
            raw.size() > 1 && fold_text(raw) != raw &&
            std::none_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      }
      if (!m_tokens.empty()) {
        const std::string_view between =
            text.substr(m_tokens.back().end, t.begin - m_tokens.back().end);
        t.sentence = m_tokens.back().sentence +
                     (between.find_first_of(".!?\n") != std::string_view::npos ? 1 : 0);
      }
      m_tokens.push_back(std::move(t));
    }
  }

  std::vector<found_date> run() {
    std::vector<found_date> out;
    if (m_names.months.empty()) return out;
    for (std::size_t i = 0; i < m_tokens.size();) {
      // A year the text gave earlier in this sentence carries to dates without one ("28 июня
      // 2010 года ... а 30 июня"). Not from the sentence before: "19 сентября 2023 года. В
      // марте ..." is as often the next year (the measure did not change either way).
      m_context_year.reset();
      if (m_last_year && m_tokens[i].sentence == m_last_year_sentence) m_context_year = m_last_year;
      std::optional<match> m = at(i);
      if (!m) {
        ++i;
        continue;
      }
      found_date f;
      f.begin = m_tokens[m->first].begin;
      f.end = std::max(m->end_byte, m_tokens[m->last].end);
      f.text = std::string(m_text.substr(f.begin, f.end - f.begin));
      f.value = m->value;
      f.modifier = m->mod;
      f.year = m->year;
      if (m->year == year_source::text && f.value.size() >= 4 &&
          std::all_of(f.value.end() - 4, f.value.end(),
                      [](char c) { return c >= '0' && c <= '9'; })) {
        m_last_year = std::atoi(f.value.substr(f.value.size() - 4).c_str());
        m_last_year_sentence = m_tokens[m->last].sentence;
      } else if (m->year == year_source::text && f.value.size() >= 4 &&
                 std::all_of(f.value.begin(), f.value.begin() + 4,
                             [](char c) { return c >= '0' && c <= '9'; }) &&
                 f.value.find('X') == std::string::npos) {
        // The year of the end of a range, else of its start.
        const auto slash = f.value.find('/');
        const std::string last = slash == std::string::npos ? f.value : f.value.substr(slash + 1);
        m_last_year = std::atoi(last.substr(0, 4).c_str());
        m_last_year_sentence = m_tokens[m->last].sentence;
      }
      out.push_back(std::move(f));
      i = m->last + 1;
    }
    return out;
  }

 private:
  std::string_view m_text;
  bool m_ru;
  const names& m_names;
  reference m_ref;
  std::vector<token> m_tokens;
  std::optional<int> m_last_year;
  int m_last_year_sentence = 0;
  std::optional<int> m_context_year;

 public:
  /// Without a document year: the latest year of the text's own dates given to the day or the
  /// month ("21 мая 2011 года"), for "в этом году" and the like.
  std::optional<int> m_text_year;

 private:
  std::size_t size() const { return m_tokens.size(); }
  const std::string& f(std::size_t i) const {
    static const std::string none;
    return i < size() ? m_tokens[i].f : none;
  }
  /// The text between token i-1 and token i, trimmed.
  std::string_view gap(std::size_t i) const {
    if (i == 0 || i >= size()) return {};
    return trim(m_text.substr(m_tokens[i - 1].end, m_tokens[i].begin - m_tokens[i - 1].end));
  }
  bool adjacent(std::size_t i) const { return i < size() && gap(i).empty(); }
  int month(std::size_t i, bool after_day) const {
    if (i >= size()) return 0;
    const auto& m = m_tokens[i].meaning;
    if (m.month) return m.month;
    // An abbreviation only beside a day or followed by its dot ("9 фев", "Feb. 8").
    if (m.month_abbrev && (after_day || starts(rest_after(i), "."))) return m.month_abbrev;
    return 0;
  }
  std::string_view rest_after(std::size_t i) const {
    return m_text.substr(m_tokens[i].end,
                         std::min<std::size_t>(4, m_text.size() - m_tokens[i].end));
  }
  bool day_number(std::size_t i) const {
    return i < size() && m_tokens[i].digits >= 1 && m_tokens[i].digits <= 2 &&
           m_tokens[i].num >= 1 && m_tokens[i].num <= 31;
  }
  bool year_number(std::size_t i) const {
    return i < size() && m_tokens[i].digits == 4 && m_tokens[i].num >= 1000 &&
           m_tokens[i].num <= 2100;
  }
  bool year_word(std::size_t i) const {
    if (i >= size()) return false;
    const auto& w = f(i);
    if (m_ru)
      return one_of(w,
                    {"год", "года", "году", "годом", "годе", "годах", "годы", "годов", "г", "гг"});
    return false;
  }

  /// After a year's number: "-го", "-м", "-й", then "года", "г." and the like. Returns the last
  /// token of the year and sets `end_byte` past a "." after an abbreviation.
  std::size_t year_tail(std::size_t i, std::size_t& end_byte) const {
    std::size_t j = i;
    if (m_ru && j + 1 < size() && is_dash(gap(j + 1)) &&
        one_of(f(j + 1), {"го", "м", "и", "ого", "ом", "ыи", "мы", "ии"}))
      ++j;
    if (year_word(j + 1) && (gap(j + 1).empty() || gap(j + 1) == ",")) {
      if (gap(j + 1).empty()) {
        ++j;
        if (one_of(f(j), {"г", "гг"}) && starts(rest_after(j), ".")) end_byte = m_tokens[j].end + 1;
      }
    }
    return j;
  }

  /// A relative year word ("этого", "прошлого", "текущем") as an offset from the document's
  /// year.
  std::optional<int> relative_offset(std::size_t i) const {
    const auto& w = f(i);
    if (m_ru) {
      if (starts(w, "эт") || starts(w, "текущ") || starts(w, "нынешн") || starts(w, "сего") ||
          starts(w, "наступивш"))
        return 0;
      if (starts(w, "прошл") || starts(w, "прошедш") || starts(w, "минувш") ||
          starts(w, "предыдущ"))
        return -1;
      if (starts(w, "следующ") || starts(w, "будущ") || starts(w, "наступающ")) return 1;
      return std::nullopt;
    }
    if (w == "this" || w == "current") return 0;
    if (w == "last" || w == "past" || w == "previous") return -1;
    if (w == "next" || w == "coming") return 1;
    return std::nullopt;
  }
  std::optional<int> relative_year(int offset) const {
    if (m_ref.d.year) return *m_ref.d.year + offset;
    if (m_text_year) return *m_text_year + offset;
    return std::nullopt;
  }

  /// What gives a year after a day and month or a month: "2010 года", "2010-го", "2010 г.",
  /// "этого года", "прошлого года", "с.г.", "of 2010", ", 2010". Sets the year and the last
  /// token; `known` false for a relative year without a document year.
  struct year_part {
    std::size_t last = 0;
    std::size_t end_byte = 0;
    std::string year;
    year_source source = year_source::text;
  };
  std::optional<year_part> year_after(std::size_t i) const {
    year_part y;
    std::size_t j = i + 1;
    if (!m_ru && j < size() && (gap(j) == "," || f(j) == "of")) {
      if (f(j) == "of") ++j;
    }
    if (year_number(j) && (gap(j).empty() || (!m_ru && gap(j) == ","))) {
      y.year = year_text(m_tokens[j].num);
      y.last = year_tail(j, y.end_byte);
      return y;
    }
    if (m_ru && j + 1 < size() && gap(j).empty() && relative_offset(j) &&
        (f(j + 1) == "года" || f(j + 1) == "г") && gap(j + 1).empty()) {
      auto ry = relative_year(*relative_offset(j));
      y.year = ry ? year_text(*ry) : "XXXX";
      y.source = ry ? year_source::document : year_source::unknown;
      y.last = j + 1;
      if (f(j + 1) == "г" && starts(rest_after(j + 1), ".")) y.end_byte = m_tokens[j + 1].end + 1;
      return y;
    }
    // "с.г." (сего года)
    if (m_ru && j < size() && gap(j).empty() && (f(j) == "с.г" || f(j) == "с") &&
        (f(j) == "с.г" || (f(j + 1) == "г" && gap(j + 1) == "."))) {
      auto ry = relative_year(0);
      y.year = ry ? year_text(*ry) : "XXXX";
      y.source = ry ? year_source::document : year_source::unknown;
      y.last = f(j) == "с.г" ? j : j + 1;
      if (starts(rest_after(y.last), ".")) y.end_byte = m_tokens[y.last].end + 1;
      return y;
    }
    if (!m_ru && j + 1 < size() && relative_offset(j) && f(j + 1) == "year") {
      auto ry = relative_year(*relative_offset(j));
      y.year = ry ? year_text(*ry) : "XXXX";
      y.source = ry ? year_source::document : year_source::unknown;
      y.last = j + 1;
      return y;
    }
    return std::nullopt;
  }

  /// The year of a date: the one written after it, else one the text gave earlier in this
  /// sentence, else the document's (the year before when `month` would be more than
  /// six months after the document date: news reports the past), else X.
  std::string year_or_implied(const std::optional<year_part>& y, year_source& src,
                              int month = 0) const {
    if (y) {
      src = y->source;
      return y->year;
    }
    if (m_context_year) {
      src = year_source::text;
      return year_text(*m_context_year);
    }
    auto [text, s] = implied_year(m_ref);
    src = s;
    if (month && month <= 12 && m_ref.d.year && m_ref.d.month &&
        month - static_cast<int>(*m_ref.d.month) > 6)
      return year_text(*m_ref.d.year - 1);
    return text;
  }

  static std::string ymd(const std::string& y, int m, int d) {
    return fmt::format("{}-{:02}-{:02}", y, m, d);
  }
  static std::string ym(const std::string& y, int m) { return fmt::format("{}-{:02}", y, m); }

  static void set_end(match& m, std::size_t last, std::size_t end_byte = 0) {
    m.last = last;
    m.end_byte = end_byte;
  }

  // -------------------------------------------------------------------------------------------

  std::optional<match> at(std::size_t i) const {
    // "около", "примерно", "about", "around": approximate, kept in the span.
    bool approx = false;
    std::size_t j = i;
    if (m_ru ? one_of(f(j), {"около", "примерно", "приблизительно", "ориентировочно"})
             : one_of(f(j), {"about", "around", "circa", "approximately", "roughly"})) {
      approx = true;
      ++j;
      if (m_ru && one_of(f(j), {"в", "во", "к", "с"})) ++j;
      if (!m_ru && one_of(f(j), {"in", "the"})) ++j;
    }
    auto m = modified(j);
    if (!m) return approx ? std::nullopt : std::nullopt;
    if (approx) {
      m->first = i;
      if (m->value.find('/') == std::string::npos) m->value += "~";
    }
    return m;
  }

  /// "начале марта", "конце 2012 года", "early March", "the end of 2012".
  std::optional<match> modified(std::size_t i) const {
    date_modifier mod = date_modifier::none;
    std::size_t j = i;
    const auto& w = f(i);
    if (m_ru) {
      if (starts(w, "начал") && w.size() <= 12)
        mod = date_modifier::start;
      else if (starts(w, "середин"))
        mod = date_modifier::mid;
      else if (w == "конец" || starts(w, "конц"))
        mod = date_modifier::end;
      if (mod != date_modifier::none) ++j;
    } else {
      std::size_t k = i;
      if (f(k) == "the") ++k;
      if (one_of(f(k), {"early", "mid", "late"})) {
        mod = f(k) == "early" ? date_modifier::start
              : f(k) == "mid" ? date_modifier::mid
                              : date_modifier::end;
        j = k + 1;
      } else if (one_of(f(k), {"beginning", "start", "middle", "end"}) && f(k + 1) == "of") {
        mod = f(k) == "end"      ? date_modifier::end
              : f(k) == "middle" ? date_modifier::mid
                                 : date_modifier::start;
        j = k + 2;
        if (f(j) == "the") ++j;
      }
    }
    auto m = core(j);
    if (!m && mod != date_modifier::none && m_ru && one_of(f(j), {"года", "году"}) &&
        gap(j).empty()) {
      // "до конца года": the year at hand.
      m = match{};
      m->first = i;
      m->last = j;
      if (m_context_year) {
        m->value = year_text(*m_context_year);
      } else if (m_ref.d.year) {
        m->value = year_text(*m_ref.d.year);
        m->year = year_source::document;
      } else {
        m->value = "XXXX";
        m->year = year_source::unknown;
      }
    }
    if (!m) return mod == date_modifier::none ? std::nullopt : core(i);
    if (mod != date_modifier::none) {
      m->first = f(i) == "the" && !m_ru ? i + 1 : i;
      if (!m_ru && f(i) == "the") m->first = i + 1;
      m->mod = mod;
    }
    return m;
  }

  std::optional<match> core(std::size_t i) const {
    if (i >= size()) return std::nullopt;
    if (auto m = weekday_date(i)) return m;
    if (auto m = day_month(i)) return m;
    if (!m_ru) {
      if (auto m = month_day_en(i)) return m;
    }
    if (auto m = month_phrase(i)) return m;
    if (auto m = numeric_date(i)) return m;
    if (auto m = decade(i)) return m;
    if (auto m = century(i)) return m;
    if (auto m = season(i)) return m;
    if (auto m = part_of_year(i)) return m;
    if (auto m = year_phrase(i)) return m;
    if (auto m = relative(i)) return m;
    return std::nullopt;
  }

  // A weekday, alone or with its date: "понедельник 28 июня", "пятницу, 21 января", "в среду".
  std::optional<match> weekday_date(std::size_t i) const {
    if (m_tokens[i].meaning.weekday < 0) return std::nullopt;
    if (i > 0 && (starts(f(i - 1), "кажд") || f(i - 1) == "every")) return std::nullopt;
    std::size_t j = i + 1;
    std::string_view g = gap(j);
    if (j < size() && (g.empty() || g == "," || g == "(")) {
      std::size_t k = j;
      if (!m_ru && f(k) == "the") ++k;
      std::optional<match> d = day_month(k);
      if (!d && !m_ru) d = month_day_en(k);
      if (d) {
        d->first = i;
        if (g == "(" && starts(m_text.substr(m_tokens[d->last].end), ")")) {
        }
        return d;
      }
    }
    if (!m_ru && m_tokens[i].capital == false) return std::nullopt;
    // Alone, a Russian weekday needs what makes it a day: a preposition ("в среду", "до
    // понедельника") or a word like "прошедшее"; "окружающей среды" is the environment.
    if (m_ru && !(i > 0 && gap(i).empty() &&
                  (one_of(f(i - 1), {"в", "во", "с", "со", "до", "по", "к", "ко", "на", "и"}) ||
                   relative_offset(i - 1))))
      return std::nullopt;
    // Alone: the last such weekday on or before the document's day.
    match m;
    m.first = i;
    m.last = i;
    if (i > 0 && gap(i).empty() && relative_offset(i - 1))
      m.first = i - 1;  // "прошедшее воскресенье"
    if (auto day = m_ref.day()) {
      const date::weekday wd{static_cast<unsigned>((m_tokens[i].meaning.weekday + 1) % 7)};
      date::sys_days d = *day;
      while (date::weekday{d} != wd) d -= date::days{1};
      m.value = day_text(d);
      m.year = year_source::document;
    } else {
      m.value = "XXXX-XX-XX";
      m.year = year_source::unknown;
    }
    return m;
  }

  /// The month of a day at i, or of a list of days "18, 23 и 26 января" / "3 по 6 марта"
  /// ending in a month; the index of the month token.
  std::optional<std::size_t> month_for_day(std::size_t i) const {
    std::size_t j = i;
    for (int n = 0; n < 6; ++n) {
      if (!day_number(j)) return std::nullopt;
      if (month(j + 1, true) && (gap(j + 1).empty() || (!m_ru && gap(j + 1) == "of"))) return j + 1;
      // Another day follows: ", 23", "и 23", "– 6", "по 6", "на 21".
      std::string_view g = gap(j + 1);
      if (j + 1 < size() && day_number(j + 1) && (g == "," || is_dash(g))) {
        ++j;
        continue;
      }
      if (m_ru && j + 2 < size() && gap(j + 1).empty() &&
          one_of(f(j + 1), {"и", "по", "до", "на"}) && day_number(j + 2) && gap(j + 2).empty()) {
        j += 2;
        continue;
      }
      if (!m_ru && j + 2 < size() && one_of(f(j + 1), {"and", "to"}) && day_number(j + 2)) {
        j += 2;
        continue;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }

  /// "28 июня", "8 февраля 2024 года", "3 по 6 марта", "3–6 March", "20 апреля по 15 июня",
  /// "18" of "18, 23 и 26 января".
  std::optional<match> day_month(std::size_t i) const {
    if (!day_number(i)) return std::nullopt;
    auto mi = month_for_day(i);
    if (!mi) return std::nullopt;
    const int d1 = m_tokens[i].num;
    const int mo = month(*mi, true);
    // Range of days before one month: "3 по 6 марта", "3–6 марта", "20 на 21 июля".
    if (*mi == i + 3 || (*mi == i + 2 && is_dash(gap(i + 1)))) {
      const std::size_t d2i = *mi - 1;
      const bool range_word =
          *mi == i + 3 && (m_ru ? one_of(f(i + 1), {"по", "до", "на"}) : f(i + 1) == "to");
      if (range_word || *mi == i + 2) {
        auto y = year_after(*mi);
        year_source src;
        std::string year = year_or_implied(y, src, mo);
        match m;
        m.first = i;
        m.value = ymd(year, mo, d1) + "/" + ymd(year, mo, m_tokens[d2i].num);
        m.year = src;
        if (y)
          set_end(m, y->last, y->end_byte);
        else
          set_end(m, *mi);
        if (!valid_day(mo, d1) || !valid_day(mo, m_tokens[d2i].num)) return std::nullopt;
        return m;
      }
    }
    if (*mi != i + 1 && !(!m_ru && *mi == i + 1)) {
      // One day of a list: its own expression, with the month and year of the last.
      std::optional<year_part> y = year_after(*mi);
      year_source src;
      std::string year = year_or_implied(y, src, mo);
      if (!valid_day(mo, d1)) return std::nullopt;
      match m;
      m.first = i;
      m.last = i;
      m.value = ymd(year, mo, d1);
      m.year = src;
      return m;
    }
    // "20 апреля по 15 июня [2010 года]", "3 March to 6 April".
    std::size_t k = *mi + 1;
    if (k + 2 < size() + 1 &&
        ((m_ru && one_of(f(k), {"по", "до"})) || (!m_ru && f(k) == "to") || is_dash(gap(k)))) {
      std::size_t d2 = is_dash(gap(k)) ? k : k + 1;
      if (day_number(d2) && month(d2 + 1, true) && gap(d2 + 1).empty()) {
        const int mo2 = month(d2 + 1, true);
        auto y = year_after(d2 + 1);
        year_source src;
        std::string year = year_or_implied(y, src, mo2);
        std::string year1 = year;
        if (mo2 < mo && year != "XXXX") year1 = year_text(std::atoi(year.c_str()) - 1);
        if (!valid_day(mo, d1) || !valid_day(mo2, m_tokens[d2].num)) return std::nullopt;
        match m;
        m.first = i;
        m.value = ymd(year1, mo, d1) + "/" + ymd(year, mo2, m_tokens[d2].num);
        m.year = src;
        if (y)
          set_end(m, y->last, y->end_byte);
        else
          set_end(m, d2 + 1);
        return m;
      }
    }
    auto y = year_after(*mi);
    year_source src;
    std::string year = year_or_implied(y, src, mo);
    if (!valid_day(mo, d1)) return std::nullopt;
    match m;
    m.first = i;
    m.value = ymd(year, mo, d1);
    m.year = src;
    if (y)
      set_end(m, y->last, y->end_byte);
    else
      set_end(m, *mi, abbrev_dot(*mi));
    return m;
  }

  std::size_t abbrev_dot(std::size_t i) const {
    if (!m_tokens[i].meaning.month && m_tokens[i].meaning.month_abbrev &&
        starts(rest_after(i), "."))
      return m_tokens[i].end + 1;
    return 0;
  }

  static bool valid_day(int month, int day) {
    static constexpr std::array<int, 13> last{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month >= 1 && month <= 12 && day >= 1 && day <= last[static_cast<std::size_t>(month)];
  }

  /// English "March 3", "Feb. 8, 2024", "March 3–6", "March 3rd".
  std::optional<match> month_day_en(std::size_t i) const {
    const int mo = month(i, false) ? month(i, false) : 0;
    if (!mo) return std::nullopt;
    std::size_t j = i + 1;
    std::string_view g = gap(j);
    if (!(g.empty() || g == ".")) return std::nullopt;
    auto ordinal_day = [&](std::size_t k) -> int {
      if (k >= size()) return 0;
      if (day_number(k)) return m_tokens[k].num;
      const auto& w = f(k);
      if (w.size() >= 3 && w.size() <= 4 && std::isdigit(static_cast<unsigned char>(w[0])) &&
          one_of(w.substr(w.size() - 2), {"st", "nd", "rd", "th"})) {
        int d = std::atoi(w.c_str());
        return d >= 1 && d <= 31 ? d : 0;
      }
      return 0;
    };
    const int d1 = ordinal_day(j);
    if (!d1 || !valid_day(mo, d1)) return std::nullopt;
    match m;
    m.first = i;
    // A range: "March 3–6", "March 3 to 6".
    std::size_t last = j;
    int d2 = 0;
    if (j + 1 < size() && is_dash(gap(j + 1)) && ordinal_day(j + 1)) {
      d2 = ordinal_day(j + 1);
      last = j + 1;
    } else if (j + 2 < size() && f(j + 1) == "to" && ordinal_day(j + 2) && !month(j + 3, false)) {
      d2 = ordinal_day(j + 2);
      last = j + 2;
    }
    std::optional<year_part> y;
    if (last + 1 < size() && year_number(last + 1) &&
        (gap(last + 1) == "," || gap(last + 1).empty())) {
      y = year_part{};
      y->year = year_text(m_tokens[last + 1].num);
      y->last = last + 1;
    }
    year_source src;
    std::string year = year_or_implied(y, src, mo);
    m.value = ymd(year, mo, d1);
    if (d2) m.value += "/" + ymd(year, mo, d2);
    m.year = src;
    set_end(m, y ? y->last : last);
    return m;
  }

  /// "в феврале", "февраль", "марте 2008 года", "ноября по декабрь 2010 года", "август-сентябрь",
  /// "мае прошлого года", "March 2024", "in March".
  std::optional<match> month_phrase(std::size_t i) const {
    const int mo = month(i, false);
    if (!mo) return std::nullopt;
    if (!m_ru && !m_tokens[i].capital) return std::nullopt;
    // An abbreviation alone ("Сен." of "Ким Ир Сен.") only with its year.
    if (!m_tokens[i].meaning.month && !year_after(i)) return std::nullopt;
    if (!m_ru && mo == 5 && f(i) == "may" && !year_number(i + 1) &&
        !(i > 0 &&
          one_of(f(i - 1), {"in", "of", "since", "until", "early", "late", "mid", "from", "by"})))
      return std::nullopt;  // the verb
    // A range of months.
    std::size_t k = i + 1;
    std::size_t m2i = 0;
    if (k < size() && is_dash(gap(k)) && month(k, false))
      m2i = k;
    else if (k + 1 < size() &&
             ((m_ru && one_of(f(k), {"по", "до"})) || (!m_ru && one_of(f(k), {"to", "through"}))) &&
             month(k + 1, false) && gap(k + 1).empty())
      m2i = k + 1;
    const std::size_t last_month = m2i ? m2i : i;
    auto y = year_after(last_month);
    year_source src;
    std::string year = year_or_implied(y, src, m2i ? month(m2i, false) : mo);
    match m;
    m.first = i;
    m.year = src;
    if (m2i) {
      const int mo2 = month(m2i, false);
      std::string year1 = year;
      if (mo2 < mo && year != "XXXX") year1 = year_text(std::atoi(year.c_str()) - 1);
      m.value = ym(year1, mo) + "/" + ym(year, mo2);
    } else {
      m.value = ym(year, mo);
    }
    if (y)
      set_end(m, y->last, y->end_byte);
    else
      set_end(m, last_month, abbrev_dot(last_month));
    return m;
  }

  /// "10.05.2011", "2011-05-10" as one token or three.
  std::optional<match> numeric_date(std::size_t i) const {
    const auto& w = f(i);
    int a = 0, b = 0, c = 0;
    char s1 = 0, s2 = 0;
    if (w.size() == 10 && std::sscanf(w.c_str(), "%2d%c%2d%c%4d", &a, &s1, &b, &s2, &c) == 5 &&
        s1 == '.' && s2 == '.' && c >= 1000) {
      if (!valid_day(b, a)) return std::nullopt;
      match m;
      m.first = m.last = i;
      m.value = ymd(year_text(c), b, a);
      return m;
    }
    if (year_number(i) && i + 2 < size() && gap(i + 1) == "-" && gap(i + 2) == "-" &&
        m_tokens[i + 1].digits == 2 && m_tokens[i + 2].digits == 2 &&
        valid_day(m_tokens[i + 1].num, m_tokens[i + 2].num)) {
      match m;
      m.first = i;
      m.last = i + 2;
      m.value = ymd(year_text(m_tokens[i].num), m_tokens[i + 1].num, m_tokens[i + 2].num);
      return m;
    }
    return std::nullopt;
  }

  /// "2000-х годах", "90-е годы", "80-х", "начале 90-х годов прошлого века", "the 1990s".
  std::optional<match> decade(std::size_t i) const {
    const token& t = m_tokens[i];
    std::string digits;
    std::size_t last = i;
    if (m_ru) {
      if (!(t.digits == 2 || t.digits == 4) || t.num % 10 != 0) return std::nullopt;
      if (!(i + 1 < size() && is_dash(gap(i + 1)) &&
            one_of(f(i + 1), {"х", "е", "ых", "ые", "ыи", "ои"})))
        return std::nullopt;
      digits = t.f;
      last = i + 1;
      // "30-х Королёвских чтениях": an ordinal of a name.
      if (i + 2 < size() && gap(i + 2).empty() && m_tokens[i + 2].capital) return std::nullopt;
      if (one_of(f(last + 1), {"годов", "годах", "годы", "гг", "года", "годам", "годами"}) &&
          gap(last + 1).empty()) {
        ++last;
        if (f(last + 1) == "прошлого" && starts(f(last + 2), "век"))
          last += 2;
        else if (f(last) == "гг" && starts(rest_after(last), ".")) {
        }
      }
    } else {
      const auto& w = t.f;
      if (w.size() == 5 && w.back() == 's' && std::isdigit(static_cast<unsigned char>(w[0])) &&
          std::atoi(w.c_str()) % 10 == 0)
        digits = w.substr(0, 4);
      else if (w.size() == 3 && w.back() == 's' && std::isdigit(static_cast<unsigned char>(w[0])) &&
               std::atoi(w.c_str()) % 10 == 0)
        digits = w.substr(0, 2);
      else
        return std::nullopt;
    }
    std::string value;
    if (digits.size() == 4) {
      value = digits.substr(0, 3) + "X";
    } else {
      const int n = std::atoi(digits.c_str());
      value = (n >= 20 ? "19" : "20") + digits.substr(0, 1) + "X";
    }
    match m;
    m.first = i;
    if (!m_ru && i > 0 && f(i - 1) == "the") m.first = i - 1;
    m.last = last;
    m.value = value;
    return m;
  }

  static int roman(std::string_view w) {
    static const std::map<std::string_view, int> numerals{{"xv", 15},    {"xvi", 16}, {"xvii", 17},
                                                          {"xviii", 18}, {"xix", 19}, {"xx", 20},
                                                          {"xxi", 21},   {"xxii", 22}};
    auto it = numerals.find(w);
    return it == numerals.end() ? 0 : it->second;
  }

  /// "XX веке", "XXI века", "the 20th century".
  std::optional<match> century(std::size_t i) const {
    int c = roman(f(i));
    if (!c) return std::nullopt;
    if (!(m_ru ? starts(f(i + 1), "век") : f(i + 1) == "century")) {
      // "не XXI, а XXII века": each century its own expression.
      const bool joined = m_ru ? (gap(i + 1) == "," || one_of(f(i + 1), {"и", "а", "или"}))
                               : one_of(f(i + 1), {"and", "or"});
      std::size_t k = gap(i + 1) == "," && one_of(f(i + 1), {"и", "а", "или", "and", "or"})
                          ? i + 2
                          : (gap(i + 1) == "," ? i + 1 : i + 2);
      if (!joined || !roman(f(k)) || !(m_ru ? starts(f(k + 1), "век") : f(k + 1) == "century"))
        return std::nullopt;
      match m;
      m.first = m.last = i;
      m.value = fmt::format("{:02}XX", c - 1);
      return m;
    }
    match m;
    m.first = i;
    m.last = i + 1;
    m.value = fmt::format("{:02}XX", c - 1);
    return m;
  }

  /// "осенью 2010 года", "весной нынешнего года", "этим летом", "spring 2010".
  std::optional<match> season(std::size_t i) const {
    std::size_t j = i;
    std::optional<int> rel;
    if (auto r = relative_offset(i); r && i + 1 < size()) {
      rel = r;
      j = i + 1;
    }
    const auto& w = f(j);
    int s = 0;
    bool alone_ok = false;
    if (m_ru) {
      if (one_of(w, {"весна", "весны", "весне", "весну", "веснои"})) s = 21;
      if (one_of(w, {"лето", "лета", "лете", "летом"})) s = 22;
      if (one_of(w, {"осень", "осени", "осенью"})) s = 23;
      if (one_of(w, {"зима", "зимы", "зиме", "зиму", "зимои"})) s = 24;
      alone_ok = one_of(w, {"веснои", "летом", "осенью", "зимои"});
    } else {
      if (w == "spring") s = 21;
      if (w == "summer") s = 22;
      if (w == "autumn" || w == "fall") s = 23;
      if (w == "winter") s = 24;
    }
    if (!s) return std::nullopt;
    if (i > 0 && (starts(f(i - 1), "кажд") || f(i - 1) == "every")) return std::nullopt;
    match m;
    m.first = i;
    if (rel) {
      auto ry = relative_year(*rel);
      m.value = ym(ry ? year_text(*ry) : "XXXX", s);
      m.year = ry ? year_source::document : year_source::unknown;
      m.last = j;
      return m;
    }
    auto y = year_after(j);
    if (!y && !m_ru && f(j + 1) == "of" && year_number(j + 2)) {
      y = year_part{};
      y->year = year_text(m_tokens[j + 2].num);
      y->last = j + 2;
    }
    if (!y && !alone_ok) return std::nullopt;
    if (!y && !m_ru) return std::nullopt;
    year_source src;
    std::string year = year_or_implied(y, src);
    m.value = ym(year, s);
    m.year = src;
    if (y)
      set_end(m, y->last, y->end_byte);
    else
      m.last = j;
    if (!m_ru && i > 0 && f(i - 1) == "the") m.first = i - 1;
    return m;
  }

  /// "первом квартале 2015 года", "второй половине 2013 года", "первое полугодие 2009 года",
  /// "the first quarter of 2015", "Q1 2015", "the second half of 2013".
  std::optional<match> part_of_year(std::size_t i) const {
    int n = 0;
    std::size_t j = i;
    const auto& w = f(i);
    if (m_ru) {
      if (starts(w, "перв"))
        n = 1;
      else if (starts(w, "втор"))
        n = 2;
      else if (starts(w, "трет"))
        n = 3;
      else if (starts(w, "четверт") || starts(w, "четвёрт"))
        n = 4;
      else if (w == "i")
        n = 1;
      else if (w == "ii")
        n = 2;
      else if (w == "iii")
        n = 3;
      else if (w == "iv")
        n = 4;
      else if (m_tokens[i].digits == 1 && m_tokens[i].num >= 1 && m_tokens[i].num <= 4) {
        n = m_tokens[i].num;
        if (is_dash(gap(i + 1)) && one_of(f(i + 1), {"м", "ом", "и", "ого", "го"})) ++j;
      }
      if (!n) return std::nullopt;
      ++j;
      int base = 0;
      if (starts(f(j), "квартал"))
        base = 32;
      else if ((starts(f(j), "половин") || starts(f(j), "полугоди")) && n <= 2)
        base = 39;
      if (!base) return std::nullopt;
      auto y = year_after(j);
      year_source src;
      std::string year = year_or_implied(y, src);
      match m;
      m.first = i;
      m.value = ym(year, base + n);
      m.year = src;
      if (y)
        set_end(m, y->last, y->end_byte);
      else
        return std::nullopt;  // "в первом квартале" alone: too often not of a year at hand
      return m;
    }
    std::size_t k = i;
    if (f(k) == "the") ++k;
    const auto& e = f(k);
    if (e.size() == 2 && e[0] == 'q' && e[1] >= '1' && e[1] <= '4' && year_number(k + 1)) {
      match m;
      m.first = i;
      m.last = k + 1;
      m.value = ym(year_text(m_tokens[k + 1].num), 32 + (e[1] - '0'));
      return m;
    }
    if (one_of(e, {"first", "1st"}))
      n = 1;
    else if (one_of(e, {"second", "2nd"}))
      n = 2;
    else if (one_of(e, {"third", "3rd"}))
      n = 3;
    else if (one_of(e, {"fourth", "4th"}))
      n = 4;
    if (!n) return std::nullopt;
    int base = 0;
    if (f(k + 1) == "quarter")
      base = 32;
    else if (f(k + 1) == "half" && n <= 2)
      base = 39;
    if (!base) return std::nullopt;
    std::size_t yi = k + 2;
    if (f(yi) == "of") ++yi;
    match m;
    m.first = i;
    if (year_number(yi)) {
      m.last = yi;
      m.value = ym(year_text(m_tokens[yi].num), base + n);
      return m;
    }
    if (relative_offset(yi) && f(yi + 1) == "year") {
      auto ry = relative_year(*relative_offset(yi));
      m.last = yi + 1;
      m.value = ym(ry ? year_text(*ry) : "XXXX", base + n);
      m.year = ry ? year_source::document : year_source::unknown;
      return m;
    }
    return std::nullopt;
  }

  /// "2023 года", "в 2010 г.", "2025–2026 годах", "2008 по 2010 год", "2009-й", "98-м году",
  /// "in 2023", "2008–2010".
  std::optional<match> year_phrase(std::size_t i) const {
    const token& t = m_tokens[i];
    match m;
    m.first = i;
    if (m_ru && t.digits == 2 && i + 2 < size() && is_dash(gap(i + 1)) &&
        one_of(f(i + 1), {"м", "го"}) && starts(f(i + 2), "год") && gap(i + 2).empty()) {
      m.last = i + 2;
      m.value = year_text((t.num >= 30 ? 1900 : 2000) + t.num);
      return m;
    }
    if (!year_number(i)) {
      // A far year, with its year word: "2242 год".
      if (t.digits == 4 && t.num >= 1000 && year_word(i + 1) && gap(i + 1).empty()) {
        m.last = i + 1;
        m.value = year_text(t.num);
        return m;
      }
      return std::nullopt;
    }
    const int y1 = t.num;
    // A range: "2025–2026 годах", "2008 по 2010 год", "2008–2010".
    std::size_t k = i + 1;
    std::size_t y2i = 0;
    if (k < size() && is_dash(gap(k)) && year_number(k))
      y2i = k;
    else if (k + 1 < size() &&
             ((m_ru && one_of(f(k), {"по", "до"})) || (!m_ru && one_of(f(k), {"to", "and"}))) &&
             year_number(k + 1))
      y2i = k + 1;
    if (y2i && m_tokens[y2i].num > y1) {
      std::size_t end_byte = 0;
      std::size_t last = year_tail(y2i, end_byte);
      const bool worded = last != y2i;
      const bool dashed = y2i == k;
      // Without "годах": a dash between years is a range in English ("2008–2010"), and in
      // Russian after "в"/"с"; "по"/"to" need the opening "с"/"from"/"between".
      const bool opened = i > 0 && (m_ru ? one_of(f(i - 1), {"с", "в", "во"})
                                         : one_of(f(i - 1), {"from", "between", "in"}));
      if (worded || (dashed && (opened || !m_ru)) || (!dashed && opened)) {
        m.value = year_text(y1) + "/" + year_text(m_tokens[y2i].num);
        set_end(m, last, end_byte);
        return m;
      }
    }
    std::size_t end_byte = 0;
    std::size_t last = year_tail(i, end_byte);
    if (last != i) {
      m.value = year_text(y1);
      set_end(m, last, end_byte);
      return m;
    }
    // A bare year: after a preposition that takes a date, and not a count of something.
    if (y1 < 1800) return std::nullopt;
    const bool prep =
        i > 0 &&
        (m_ru ? one_of(f(i - 1), {"в", "к", "до", "с", "по", "от", "после", "около"})
              : one_of(f(i - 1), {"in", "since", "by", "until", "till", "from", "during", "of",
                                  "before", "after", "early", "late", "mid", "around", "about"}));
    if (!prep) return std::nullopt;
    if (i + 1 < size() && gap(i + 1).empty()) {
      const auto& n = f(i + 1);
      if (m_ru && (starts(n, "руб") || starts(n, "долл") || starts(n, "евро") ||
                   starts(n, "тонн") || starts(n, "чел") || starts(n, "млн") || starts(n, "тыс") ||
                   starts(n, "метр") || starts(n, "км") || starts(n, "шт")))
        return std::nullopt;
    }
    if (starts(m_text.substr(t.end), "%") || starts(m_text.substr(t.end), " %"))
      return std::nullopt;
    m.last = i;
    m.value = year_text(y1);
    return m;
  }

  /// "вчера", "сегодня", "в прошлом году", "текущего года", "на этой неделе", "прошлого
  /// месяца", "15 лет назад", "yesterday", "last month", "this week", "3 years ago".
  std::optional<match> relative(std::size_t i) const {
    const auto& w = f(i);
    match m;
    m.first = m.last = i;
    auto today = m_ref.day();
    auto day_offset = [&](int n) {
      if (today) {
        m.value = day_text(*today + date::days{n});
        m.year = year_source::document;
      } else {
        m.value = "XXXX-XX-XX";
        m.year = year_source::unknown;
      }
      return m;
    };
    if (m_ru) {
      if (w == "вчера") return day_offset(-1);
      if (w == "сегодня") return day_offset(0);
      if (w == "завтра") return day_offset(1);
      if (w == "позавчера") return day_offset(-2);
      if (w == "послезавтра") return day_offset(2);
      // "Накануне" opening a sentence is the day before the writing; "накануне визита" is
      // counted from another event.
      if (w == "накануне" &&
          (m_tokens[i].capital || i + 1 >= size() || (!gap(i + 1).empty() && gap(i + 1) != "(")))
        return day_offset(-1);
      // "Новый год", "Нового года": 1 January, of the coming year unless the document date is
      // in its first half of January.
      if (starts(w, "нов") && m_tokens[i].capital && i + 1 < size() && starts(f(i + 1), "год") &&
          gap(i + 1).empty() && !year_number(i + 2)) {
        m.last = i + 1;
        if (m_ref.d.year) {
          const bool just_began =
              m_ref.d.month && *m_ref.d.month == 1 && m_ref.d.day && *m_ref.d.day <= 15;
          m.value = ymd(year_text(*m_ref.d.year + (just_began ? 0 : 1)), 1, 1);
          m.year = year_source::document;
        } else {
          m.value = "XXXX-01-01";
          m.year = year_source::unknown;
        }
        return m;
      }
    } else if (!m_tokens[i].shouting) {
      if (w == "yesterday") return day_offset(-1);
      if (w == "today") return day_offset(0);
      if (w == "tomorrow") return day_offset(1);
    }
    // "15 лет назад", "через 3 дня", "3 years ago".
    if (auto n = count(i)) {
      std::size_t u = i + 1;
      const auto& unit = f(u);
      char kind = 0;
      if (m_ru) {
        if (one_of(unit, {"лет", "год", "года"}))
          kind = 'y';
        else if (starts(unit, "месяц"))
          kind = 'm';
        else if (starts(unit, "недел"))
          kind = 'w';
        else if (one_of(unit, {"день", "дня", "днеи"}))
          kind = 'd';
      } else {
        if (starts(unit, "year"))
          kind = 'y';
        else if (starts(unit, "month"))
          kind = 'm';
        else if (starts(unit, "week"))
          kind = 'w';
        else if (starts(unit, "day"))
          kind = 'd';
      }
      const bool ago = m_ru ? f(u + 1) == "назад" : f(u + 1) == "ago";
      // "через пять лет" is most often counted from another event: not marked.
      const bool later = false;
      if (kind && (ago || later)) {
        const int sign = ago ? -1 : 1;
        match r;
        r.first = later ? i - 1 : i;
        r.last = ago ? u + 1 : u;
        if (kind == 'y') {
          auto ry = relative_year(sign * *n);
          r.value = ry ? year_text(*ry) : "XXXX";
          r.year = ry ? year_source::document : year_source::unknown;
        } else if (kind == 'm') {
          if (today) {
            const date::year_month_day ymd{*today};
            const auto t = date::year_month{ymd.year(), ymd.month()} + date::months{sign * *n};
            r.value = fmt::format("{:04}-{:02}", static_cast<int>(t.year()),
                                  static_cast<unsigned>(t.month()));
            r.year = year_source::document;
          } else {
            r.value = "XXXX-XX";
            r.year = year_source::unknown;
          }
        } else {
          const int days = (kind == 'w' ? 7 : 1) * *n * sign;
          r.value = today ? day_text(*today + date::days{days}) : "XXXX-XX-XX";
          r.year = today ? year_source::document : year_source::unknown;
        }
        return r;
      }
    }
    // "в прошлом году", "текущего года", "этом месяце", "прошлой неделе", "last month".
    auto rel = relative_offset(i);
    if (!rel) return std::nullopt;
    const auto& unit = f(i + 1);
    if (i + 1 >= size() || !gap(i + 1).empty()) return std::nullopt;
    m.last = i + 1;
    const bool year = m_ru ? one_of(unit, {"год", "году", "года"}) : unit == "year";
    const bool month = m_ru ? one_of(unit, {"месяц", "месяце", "месяца"}) : unit == "month";
    const bool week =
        m_ru ? one_of(unit, {"неделя", "неделе", "недели", "неделю"}) : unit == "week";
    if (year) {
      auto ry = relative_year(*rel);
      m.value = ry ? year_text(*ry) : "XXXX";
      m.year = ry ? year_source::document : year_source::unknown;
      return m;
    }
    if (month) {
      if (m_ref.d.year && m_ref.d.month) {
        const auto t = date::year{*m_ref.d.year} / date::month{*m_ref.d.month} + date::months{*rel};
        m.value = fmt::format("{:04}-{:02}", static_cast<int>(t.year()),
                              static_cast<unsigned>(t.month()));
        m.year = year_source::document;
      } else {
        m.value = "XXXX-XX";
        m.year = year_source::unknown;
      }
      return m;
    }
    if (week) {
      if (today) {
        date::sys_days monday = *today;
        while (date::weekday{monday} != date::Monday) monday -= date::days{1};
        monday += date::days{7 * *rel};
        m.value = day_text(monday) + "/" + day_text(monday + date::days{6});
        m.year = year_source::document;
      } else {
        m.value = "XXXX-XX-XX/XXXX-XX-XX";
        m.year = year_source::unknown;
      }
      return m;
    }
    return std::nullopt;
  }

  /// A count written in digits or in words ("три", "three").
  std::optional<int> count(std::size_t i) const {
    if (i >= size()) return std::nullopt;
    if (m_tokens[i].digits >= 1 && m_tokens[i].digits <= 3) return m_tokens[i].num;
    static const std::map<std::string_view, int> words{
        {"один", 1},  {"одну", 1},  {"два", 2},   {"две", 2},    {"три", 3},    {"четыре", 4},
        {"пять", 5},  {"шесть", 6}, {"семь", 7},  {"восемь", 8}, {"девять", 9}, {"десять", 10},
        {"one", 1},   {"two", 2},   {"three", 3}, {"four", 4},   {"five", 5},   {"six", 6},
        {"seven", 7}, {"eight", 8}, {"nine", 9},  {"ten", 10}};
    auto it = words.find(f(i));
    if (it == words.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace

std::vector<found_date> find_dates(std::string_view text, std::string_view language,
                                   const document_date& document) {
  if (language != "ru" && language != "en") return {};
  if (document.year) return tagger(text, language, document).run();
  std::optional<int> latest;
  for (const auto& d : tagger(text, language, document).run()) {
    const std::string& v = d.value;
    if (d.year != year_source::text || v.size() < 7 || v[4] != '-' || v[5] > '1' ||
        v.find('X') != std::string::npos)
      continue;  // days and months only (not seasons, quarters or halves: 21-41)
    const int y = std::atoi(v.substr(0, 4).c_str());
    if (!latest || y > *latest) latest = y;
  }
  tagger t(text, language, document);
  t.m_text_year = latest;
  return t.run();
}

std::optional<document_date> find_document_date(std::string_view text, std::string_view language) {
  // The first line, or its first 200 bytes.
  std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 200));
  if (auto nl = head.find('\n'); nl != std::string_view::npos) head = head.substr(0, nl);
  const auto found = find_dates(head, language, {});
  if (found.empty()) return std::nullopt;
  const found_date& d = found.front();
  // Before it: a place and a comma or a full stop ("АСТАНА, ", "Astana. "), nothing else.
  std::string_view before = trim(head.substr(0, d.begin));
  if (before.empty() || (before.back() != ',' && before.back() != '.')) return std::nullopt;
  before.remove_suffix(1);
  if (before.empty() || before.size() > 60) return std::nullopt;
  for (char c : before)
    if ((c >= '0' && c <= '9') || c == ',' || c == '.' || c == '!' || c == '?') return std::nullopt;
  // The value: a day, with or without its year.
  document_date out;
  const std::string& v = d.value;
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return std::nullopt;
  if (v.substr(0, 4) != "XXXX") out.year = std::atoi(v.substr(0, 4).c_str());
  out.month = static_cast<unsigned>(std::atoi(v.substr(5, 2).c_str()));
  out.day = static_cast<unsigned>(std::atoi(v.substr(8, 2).c_str()));
  return out;
}

std::string to_edtf(const document_date& d) {
  if (d.empty()) return {};
  std::string out = d.year ? fmt::format("{:04}", *d.year) : "XXXX";
  if (d.month) out += fmt::format("-{:02}", *d.month);
  if (d.month && d.day) out += fmt::format("-{:02}", *d.day);
  return out;
}

std::string dates_to_json(const document_date& document, const std::vector<found_date>& dates) {
  nlohmann::ordered_json out;
  out["document_date"] = nullptr;
  if (!document.empty()) out["document_date"] = to_edtf(document);
  out["dates"] = nlohmann::ordered_json::array();
  for (const auto& d : dates) {
    nlohmann::ordered_json e;
    e["start"] = d.begin;
    e["end"] = d.end;
    e["text"] = d.text;
    e["value"] = d.value;
    if (d.modifier != date_modifier::none) e["mod"] = std::string(modifier_name(d.modifier));
    e["year"] = d.year == year_source::text       ? "text"
                : d.year == year_source::document ? "document"
                                                  : "unknown";
    out["dates"].push_back(std::move(e));
  }
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string_view modifier_name(date_modifier m) {
  switch (m) {
    case date_modifier::start: return "START";
    case date_modifier::mid: return "MID";
    case date_modifier::end: return "END";
    case date_modifier::none: break;
  }
  return {};
}

}  // namespace chronicle
