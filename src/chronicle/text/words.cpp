#include "chronicle/text/words.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <hunspell.hxx>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace chronicle {

namespace {

namespace fs = std::filesystem;

struct utext_closer {
  void operator()(UText* t) const { utext_close(t); }
};

/// ICU's word breaker for the root locale, made once per thread: making one costs more than
/// breaking a title, and search breaks every field of every event. Null when ICU cannot.
icu::BreakIterator* word_breaker() {
  thread_local const std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> made(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  return breaker.get();
}

}  // namespace

std::vector<word_span> find_words(std::string_view text) {
  std::vector<word_span> words;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, utext_closer> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  icu::BreakIterator* breaker = word_breaker();
  if (U_FAILURE(status) || !breaker) return words;
  breaker->setText(ut.get(), status);
  if (U_FAILURE(status)) return words;
  // With a UTF-8 UText, the breaker's positions are byte offsets into `text`.
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    if (breaker->getRuleStatus() == UBRK_WORD_NONE) continue;
    words.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
  }
  return words;
}

namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/// The code point of `text` that ends at byte `end`, not starting before `begin`: its first
/// byte, and the code point (negative when the bytes are not UTF-8). Nothing at `begin`.
std::optional<std::pair<std::size_t, UChar32>> code_point_before(std::string_view text,
                                                                 std::size_t begin,
                                                                 std::size_t end) {
  if (end <= begin) return std::nullopt;
  std::size_t start = end;
  do --start;
  while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80);
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + start), i,
          static_cast<int32_t>(end - start), c);
  return std::pair{start, c};
}

/// Whether the sentence [begin, end) of `text` ends with an initial: a full stop after a single
/// upper-case letter that starts a word ("К.", "J.").
bool ends_with_initial(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin && is_space_byte(text[end - 1])) --end;
  if (end == begin || text[end - 1] != '.') return false;
  const auto letter = code_point_before(text, begin, end - 1);  // the code point before the dot
  if (!letter || letter->second < 0 || !u_isupper(letter->second)) return false;
  // The letter starts a word: what comes before it is not a letter.
  const auto before = code_point_before(text, begin, letter->first);
  return !before || before->second < 0 || !u_isalpha(before->second);
}

/// Whether the text at `pos` (after spaces) starts with a lower-case letter.
bool starts_lower(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space_byte(text[pos])) {
    if (text[pos] == '\n') return false;
    ++pos;
  }
  if (pos >= text.size()) return false;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + pos), i,
          static_cast<int32_t>(std::min<std::size_t>(4, text.size() - pos)), c);
  return c >= 0 && u_islower(c);
}

}  // namespace

std::vector<sentence_span> find_sentences(std::string_view text, std::string_view language) {
  std::vector<sentence_span> sentences;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, utext_closer> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  // "ss=standard": ICU's own list of abbreviations that do not end a sentence ("Mr.", "e.g."),
  // where ICU has one for the language.
  const std::string locale = std::string(language) + "@ss=standard";
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createSentenceInstance(icu::Locale(locale.c_str()), status));
  if (U_FAILURE(status)) return sentences;
  breaker->setText(ut.get(), status);
  if (U_FAILURE(status)) return sentences;
  std::vector<std::size_t> bounds;
  for (int32_t b = breaker->first(); b != icu::BreakIterator::DONE; b = breaker->next())
    bounds.push_back(static_cast<std::size_t>(b));
  std::size_t start = bounds.empty() ? 0 : bounds.front();
  for (std::size_t k = 1; k < bounds.size(); ++k) {
    const std::size_t end = bounds[k];
    const bool last = k + 1 == bounds.size();
    const bool hard = end > 0 && text[end - 1] == '\n';
    if (!last && !hard && (ends_with_initial(text, start, end) || starts_lower(text, end)))
      continue;  // the sentence goes on
    // ICU reads ". 12 мая" as going on (a number, then a lower-case word); a full stop after a
    // word of three letters or more, then a space and a digit, ends a sentence here.
    std::vector<std::size_t> cuts;
    for (std::size_t i = start; i + 2 < end; ++i) {
      if (text[i] != '.' || text[i + 1] != ' ') continue;
      std::size_t j = i + 1;
      while (j < end && (text[j] == ' ' || text[j] == '*')) ++j;  // a list's "* 2060 год"
      if (j == end || text[j] < '0' || text[j] > '9') continue;
      std::size_t letters = 0;
      for (std::size_t w = i; w > start;) {
        std::size_t cp = w - 1;
        while (cp > start && (static_cast<unsigned char>(text[cp]) & 0xC0) == 0x80) --cp;
        int32_t at = 0;
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + cp), at,
                static_cast<int32_t>(w - cp), c);
        if (c < 0 || !u_isalpha(c)) break;
        ++letters;
        w = cp;
      }
      if (letters >= 3) cuts.push_back(i + 1);
    }
    cuts.push_back(end);
    for (const std::size_t cut : cuts) {
      std::size_t b = start, e = cut;
      while (b < e && is_space_byte(text[b])) ++b;
      while (e > b && is_space_byte(text[e - 1])) --e;
      if (b < e) sentences.push_back({b, e});
      start = cut;
    }
  }
  return sentences;
}

std::string fold_text(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  s.foldCase();
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    std::string out;
    return s.toUTF8String(out);
  }
  icu::UnicodeString decomposed = nfd->normalize(s, status);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    i += U16_LENGTH(c);
  }
  icu::UnicodeString composed = nfc->normalize(bare, status);
  std::string out;
  return (U_FAILURE(status) ? bare : composed).toUTF8String(out);
}

namespace {

/// One loaded Hunspell dictionary. Hunspell's objects are not safe for concurrent calls.
struct dictionary {
  std::unique_ptr<Hunspell> speller;
  std::string encoding;  // the dictionary's SET, e.g. "UTF-8" or "KOI8-R"
  std::mutex use;
};

std::vector<fs::path> dictionary_folders() {
  std::vector<fs::path> folders;
  if (const char* dicpath = std::getenv("DICPATH"); dicpath != nullptr) {
    std::string_view rest(dicpath);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      std::string_view one = rest.substr(0, colon);
      if (!one.empty()) folders.emplace_back(std::string(one));
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  folders.emplace_back("/usr/share/hunspell");
  return folders;
}

/// The .aff file for `language`: LANG.aff, else the first LANG_REGION.aff by name (so "ru"
/// finds ru_RU.aff, "en" en_GB.aff before en_US.aff), with its .dic beside it.
std::optional<fs::path> find_affix_file(std::string_view language) {
  for (const fs::path& folder : dictionary_folders()) {
    std::error_code ec;
    fs::path exact = folder / (std::string(language) + ".aff");
    if (fs::is_regular_file(exact, ec) &&
        fs::is_regular_file(fs::path(exact).replace_extension(".dic"), ec))
      return exact;
    std::optional<fs::path> best;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      std::string name = p.filename().string();
      if (p.extension() != ".aff" || name.size() <= language.size() + 1 ||
          name.compare(0, language.size(), language) != 0 || name[language.size()] != '_')
        continue;
      if (!fs::is_regular_file(fs::path(p).replace_extension(".dic"), ec)) continue;
      if (!best || p < *best) best = p;
    }
    if (best) return best;
  }
  return std::nullopt;
}

/// The dictionary for `language`, loaded at its first use; nullptr when there is none.
dictionary* dictionary_for(std::string_view language) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<dictionary>, std::less<>> loaded;
  std::lock_guard lock(guard);
  if (auto it = loaded.find(language); it != loaded.end()) return it->second.get();
  std::unique_ptr<dictionary> dict;
  if (language.find_first_of("/.") == std::string_view::npos) {
    if (auto aff = find_affix_file(language)) {
      dict = std::make_unique<dictionary>();
      std::string dic = fs::path(*aff).replace_extension(".dic").string();
      dict->speller = std::make_unique<Hunspell>(aff->string().c_str(), dic.c_str());
      dict->encoding = dict->speller->get_dict_encoding();
    }
  }
  return loaded.emplace(std::string(language), std::move(dict)).first->second.get();
}

bool is_utf8(const std::string& encoding) {
  return encoding == "UTF-8" || encoding == "utf-8" || encoding == "UTF8";
}

/// `text` converted between UTF-8 and the dictionary's encoding (ICU's converters).
std::string to_dictionary(const dictionary& dict, std::string_view utf8) {
  if (is_utf8(dict.encoding)) return std::string(utf8);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::string out(static_cast<std::size_t>(s.length()) * 4 + 1, '\0');
  int32_t n = s.extract(0, s.length(), out.data(), static_cast<uint32_t>(out.size()),
                        dict.encoding.c_str());
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string from_dictionary(const dictionary& dict, const std::string& text) {
  if (is_utf8(dict.encoding)) return text;
  icu::UnicodeString s(text.data(), static_cast<int32_t>(text.size()), dict.encoding.c_str());
  std::string out;
  return s.toUTF8String(out);
}

std::vector<std::string> stems(dictionary& dict, std::string_view word) {
  std::vector<std::string> out;
  std::string encoded = to_dictionary(dict, word);
  if (encoded.empty()) return out;
  std::vector<std::string> found;
  {
    std::lock_guard lock(dict.use);
    found = dict.speller->stem(encoded);
  }
  for (const std::string& s : found) {
    std::string utf8 = from_dictionary(dict, s);
    if (std::find(out.begin(), out.end(), utf8) == out.end()) out.push_back(std::move(utf8));
  }
  return out;
}

}  // namespace

bool has_word_forms(std::string_view language) {
  return dictionary_for(language) != nullptr;
}

std::vector<std::string> word_forms(std::string_view word, std::string_view language) {
  dictionary* dict = dictionary_for(language);
  if (dict == nullptr || word.empty()) return {};
  std::vector<std::string> found = stems(*dict, word);
  if (!found.empty()) return found;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  UChar32 first = s.char32At(0);
  if (!u_islower(first)) return found;
  icu::UnicodeString capitalised;
  capitalised.append(u_toupper(first));
  capitalised.append(s, U16_LENGTH(first), s.length());
  std::string upper;
  capitalised.toUTF8String(upper);
  return stems(*dict, upper);
}

}  // namespace chronicle
