#pragma once
/// Words of a text, as search and date extraction see them: where each word is (ICU's word
/// breaker), a form that ignores case and diacritics (folding), and the dictionary forms of a
/// word in its language (morphology, over Hunspell's dictionaries), so that "Астане" is found
/// by "Астана" and "в марте" read as March.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

/// One word of a text: its UTF-8 bytes [begin, end).
struct word_span {
  std::size_t begin = 0;
  std::size_t end = 0;

  friend bool operator==(const word_span&, const word_span&) = default;
};

/// The words of UTF-8 `text` (letters or digits, as ICU's word breaker finds them; spaces and
/// punctuation are not words). A hyphenated name ("Нью-Йорк") is two words, as ICU breaks it.
std::vector<word_span> find_words(std::string_view text);

/// One sentence of a text: its UTF-8 bytes [begin, end), without the spaces around it.
struct sentence_span {
  std::size_t begin = 0;
  std::size_t end = 0;

  friend bool operator==(const sentence_span&, const sentence_span&) = default;
};

/// The sentences of UTF-8 `text` in `language` ("ru", "en"), as ICU's sentence breaker finds
/// them (a line break ends a sentence), except that a full stop after an initial ("К. Токаев",
/// "J. Smith") or before a lower-case word ("2023 г. в Астане") never ends one. Empty
/// sentences (only spaces) are left out.
std::vector<sentence_span> find_sentences(std::string_view text, std::string_view language);

/// `text` with case and diacritics folded away, for comparing words: ICU's full case folding,
/// then canonical decomposition with the combining marks removed ("Éire" → "eire",
/// "Ёлка" → "елка", "й" → "и"). Invalid UTF-8 is replaced by U+FFFD first.
std::string fold_text(std::string_view text);

/// Whether Chronicle has a dictionary for `language` (a BCP 47 tag such as "ru" or "en"): a
/// Hunspell dictionary `LANG_*.aff`/`.dic` (or `LANG.aff`) in a folder of `DICPATH` (a
/// colon-separated list, as Hunspell's own tools read it) or in /usr/share/hunspell.
/// The first call for a language loads it (a Russian dictionary takes about 0.15 s).
bool has_word_forms(std::string_view language);

/// The dictionary forms of `word` in `language`, as Hunspell's dictionary gives them
/// ("Астане" → {"Астана"}, "марте" → {"март"}, "министра" → {"министр"}); when the word as
/// written has none and starts with a lower-case letter, those of the word with its first
/// letter upper-cased ("астане" → {"Астана"}). Empty when the dictionary does not know the
/// word or there is no dictionary for `language`. Safe to call from several threads.
std::vector<std::string> word_forms(std::string_view word, std::string_view language);

}  // namespace chronicle
