#pragma once
/// What every renderer (text, JSON, Markdown, CSV, HTML, TimelineJS, `show`) and every command says
/// about an event in the same words: titles by language, places, relation phrases, precision
/// names and the machine-readable forms of dates, each defined here once. Dates, intervals and
/// interface words in the reader's language are in localize.hpp.

#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle::detail {

/// Text picked for a language, and the language it is really in (for `lang` attributes).
struct picked_text {
  std::string text;
  std::string lang;  ///< empty when nothing was found
};

/// `text` in `lang`, falling back as `pick` does.
picked_text pick_text(const localized_text& text, std::string_view lang);

/// The title in `lang`, falling back as `pick` does, and the language it is in; the id, with no
/// language, when the event has no title.
picked_text pick_title(const event& e, std::string_view lang);

/// The title in `lang`, falling back as `pick` does, or the id when the event has none.
std::string title_of(const event& e, std::string_view lang);

/// "Metro Toronto Convention Centre, Toronto, CA".
std::string place_text(const place& p);

/// A relation as a sentence split around the other event's quoted name, so that a renderer can
/// make the name a link: `before + name + after`.
struct relation_phrase {
  relation_kind kind = relation_kind::related;
  bool inverse = false;          ///< said from the target's side ("followed by …")
  const event* other = nullptr;  ///< the other event, when it is in the timeline
  std::string other_id;          ///< its id, also when it is not
  std::string before, name, after;

  std::string text() const { return before + name + after; }
};

/// What `list` says of each relation of `e` ("4 months 20 days after “…”", "part of “…”"); with
/// `inverse`, also the relations other events hold to `e` ("followed by “…”", "includes “…”").
std::vector<relation_phrase> relation_phrases(const timeline& t, const event& e,
                                              std::string_view lang, bool inverse);

/// "day", "month", "year": how a date's precision is named in JSON, CSV and HTML.
std::string_view precision_name(precision p);

/// Language-neutral dates for machines (JSON, CSV, HTML attributes, `show`):
/// "2024-02-08".
std::string iso_day(date::sys_days d);
/// A local clock time to the minute: "2024-02-08T10:00".
std::string iso_minute(date::local_seconds t);
/// A local clock time to the second: "2024-02-08T10:00:00".
std::string iso_second(date::local_seconds t);
/// An instant in UTC: "2024-02-08T15:00:00Z".
std::string iso_utc(date::sys_seconds t);

/// The number of code points in UTF-8 `s`.
std::size_t code_points(std::string_view s);

/// At most `n` code points of `s`, ending in "…" when cut (never inside a character).
std::string truncate(std::string_view s, std::size_t n);

}  // namespace chronicle::detail
