#pragma once
/// Dates, intervals and interface words in the reader's language (English and Russian), via ICU.

#include <string>
#include <string_view>

#include "chronicle/model/edtf.hpp"
#include "chronicle/model/event.hpp"

namespace chronicle {

/// `pattern`, an ICU MessageFormat with one number such as
/// "{0,plural,one{# месяц} few{# месяца} many{# месяцев} other{# месяца}}", for `n` in `lang`
/// (the plural forms of the language); the bare number should ICU fail.
std::string plural(std::string_view lang, std::string_view pattern, long n);

/// Languages the interface speaks. Text in other languages is shown as written.
bool is_supported_language(std::string_view lang);

/// A date at its precision: "19 Sep 2023", "Mar 2024", "2023", "3–6 Mar 2024"; in Russian with
/// the grammatical case the form needs: "8 февраля 2024", "март 2024". Approximate dates get
/// "c." ("ок."), uncertain ones a trailing "?".
std::string format_date(const edtf_date& d, std::string_view lang);

/// The date, plus the local time and zone for timed events: "8 Feb 2024, 10:00–11:30
/// America/New_York".
std::string format_when(const event& e, std::string_view lang);

/// The time from `from` to `to` at the coarser of their precisions: "4 months 20 days",
/// "1 month", "2 years"; "c. 1 month" when either is coarser than a day. Empty when `to` is
/// not after `from`.
std::string format_interval(const edtf_date& from, const edtf_date& to, std::string_view lang);

/// Interface words: "follows", "part of", status names, "after" phrases.
enum class phrase {
  after,
  follows,
  part_of,
  related_to,
  followed_by,
  has_part,
  status_confirmed,
  status_tentative,
  status_planned,
  status_cancelled,
  same_day_as
};

/// The phrase with `{}` replaced by `arg` (an interval or a quoted title).
std::string say(phrase p, std::string_view lang, std::string_view arg = {});

/// The localized name of `s`.
std::string status_name(status s, std::string_view lang);

/// `text` in the language's quotation marks: “…” in English, «…» in Russian.
std::string quote(std::string_view text, std::string_view lang);

}  // namespace chronicle
