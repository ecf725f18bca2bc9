#pragma once
/// The chronology as text for a terminal, as JSON for scripts and as Markdown for reports.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/edtf.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

/// What to show and how.
struct list_options {
  std::string lang = "en";
  bool color = false;             ///< ANSI colour, for terminals
  std::optional<edtf_date> from;  ///< keep events that end on or after its first day
  std::optional<edtf_date> to;    ///< keep events that start on or before its last day
  std::vector<std::string> tags;  ///< keep events carrying every one of these tags
  /// Columns of the terminal: text lines are wrapped to it with a hanging indent (wrap.hpp).
  /// 0 (for pipes and files) wraps nothing.
  std::size_t width = 0;
  bool ids = false;  ///< text: each event's id on its own line, under the title
  /// Text: the timeline's name and a heading for each year (off for ranked search results,
  /// whose dates are not in order and carry their year).
  bool headings = true;
  /// Text, for search (search/search.hpp): the byte spans of a title or place to highlight,
  /// painted with `color` only.
  std::function<std::vector<word_span>(std::string_view)> highlight;
  /// Text, for search: lines shown under an event, after its place (painted as they are).
  std::function<std::vector<std::string>(const event&)> notes;
};

/// `text` with the bytes of `spans` (sorted, apart) in bold red when `color`; unchanged without.
std::string paint_spans(std::string_view text, const std::vector<word_span>& spans, bool color);

/// The events of `t` that pass the filters in `o`, in the timeline's order.
std::vector<const event*> select_events(const timeline& t, const list_options& o);

/// The chronology grouped by year: date at its precision, title, place, status when not
/// confirmed, and relations with the interval ("4 months 20 days after “…”"). Dates sit in a
/// column as wide as the widest short date; a longer one (a time and zone, a range across
/// months) gets its own line above the title instead of widening the column. Line breaks
/// inside values are folded into spaces; lines are wrapped to `o.width` when it is set.
std::string render_text(const timeline& t, const std::vector<const event*>& events,
                        const list_options& o);

/// The documented JSON form (docs/FORMAT.md, "JSON output"), stable for scripts.
std::string render_json(const timeline& t, const std::vector<const event*>& events,
                        const list_options& o);

/// A chronology table with sources as footnotes.
std::string render_markdown(const timeline& t, const std::vector<const event*>& events,
                            const list_options& o);

}  // namespace chronicle
