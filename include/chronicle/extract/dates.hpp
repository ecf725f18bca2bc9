#pragma once
/// Date expressions in news text (issue 14): where each one is, and its value as EDTF at the
/// precision the text gives ("8 февраля" → `2024-02-08` with the document's year, "в марте" →
/// a month, "осенью 2010 года" → `2010-23`), never a made-up day. Rules by hand, over the words
/// of text/ (ICU's word breaker, folding, Hunspell's word forms) and ICU's month and weekday
/// names; what is marked and how values are written: tests/extract/GUIDELINES.md.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

/// The day a text was written, as far as it is known: a year, a month, a day, each optional
/// (a dateline "АСТАНА, 9 фев" gives a day and a month without a year).
struct document_date {
  std::optional<int> year;
  std::optional<unsigned> month;  ///< 1-12
  std::optional<unsigned> day;    ///< 1-31, only with a month

  bool empty() const { return !year && !month && !day; }
  friend bool operator==(const document_date&, const document_date&) = default;
};

/// The point of a period an expression names, kept beside the period itself ("в начале марта"
/// → `2024-03` with `start`), as TimeML's `mod`.
enum class date_modifier { none, start, mid, end };

/// Where a found date's year came from.
enum class year_source {
  text,      ///< the expression gives it, or the expression has no year ("the 1990s")
  document,  ///< taken from the document date ("8 февраля" with a document date in 2024)
  unknown,   ///< neither: written as `XXXX` ("XXXX-02-08")
};

/// One date expression of a text.
struct found_date {
  std::size_t begin = 0;  ///< UTF-8 byte offset of its first byte
  std::size_t end = 0;    ///< one past its last byte
  std::string text;       ///< the bytes [begin, end)
  /// Its value in EDTF (ISO 8601-2): `2024-02-08`, `2024-03`, `2010-23` (a season), `2015-33`
  /// (a quarter), `2013-41` (a half), `200X` (a decade), `19XX` (a century), `2010~` (about),
  /// `2024-03-03/2024-03-06` (a range), `XXXX-02-08` (an unknown year).
  std::string value;
  date_modifier modifier = date_modifier::none;
  year_source year = year_source::text;

  friend bool operator==(const found_date&, const found_date&) = default;
};

/// The date expressions of UTF-8 `text` in `language` ("ru" or "en"; any other finds nothing),
/// in text order, not overlapping. Missing years and relative expressions ("вчера", "last
/// month", "в среду") are resolved against `document`; what it does not give stays `X`.
/// Invalid UTF-8 is read as U+FFFD and never makes it fail; offsets stay those of `text`.
std::vector<found_date> find_dates(std::string_view text, std::string_view language,
                                   const document_date& document);

/// The document date a text states in its own dateline or header, in its first line: a place
/// and a day and month before the news ("АСТАНА, 9 фев – Sputnik", "Astana. 5 March.
/// KAZAKHSTAN TODAY"). Nothing when the text starts otherwise.
std::optional<document_date> find_document_date(std::string_view text, std::string_view language);

/// The EDTF of a document date: `2024-02-09`, `XXXX-02-09`, `2024`; empty when it is empty.
std::string to_edtf(const document_date& d);

/// The dates as `chronicle extract --format json` prints them (docs/FORMAT.md):
/// `{"document_date": "2024-02-12" or null, "dates": [{"start", "end", "text", "value", "mod",
/// "year"}]}`, `year` one of "text", "document", "unknown"; invalid UTF-8 in a text replaced by
/// U+FFFD (the offsets stay those of the input).
std::string dates_to_json(const document_date& document, const std::vector<found_date>& dates);

/// "START", "MID", "END" (TimeML's names); empty for none.
std::string_view modifier_name(date_modifier m);

}  // namespace chronicle
