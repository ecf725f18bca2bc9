#pragma once
/// The timeline as one self-contained HTML page: a proportional time axis drawn in inline SVG,
/// and every event in an ordered list. No script, font or image is fetched from anywhere.

#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// How to render the page.
struct html_options {
  std::string lang = "en";  ///< "en" or "ru": every interface word and date on the page
};

/// The page. Events are drawn at their real precision: a day is a point, a month or a year a
/// band across the whole period, a range a bar; uncertain dates dashed, approximate ones faded,
/// with a legend that says so. Relations among `events` are drawn as connectors and named in
/// the list. Light and dark colours follow the reader's system; below 760 px the axis turns
/// vertical. All user text is escaped and only http(s) addresses become links. Deterministic:
/// the same input gives the same bytes. Never fails.
std::string render_html(const timeline& t, const std::vector<const event*>& events,
                        const html_options& o);

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in element
/// content and in quoted attribute values.
std::string html_escape(std::string_view text);

/// True when `url` may be the target of a link: http or https, without spaces, quotes or angle
/// brackets (so never `javascript:`). Attribute values must still go through `html_escape`.
bool is_safe_link(std::string_view url);

}  // namespace chronicle
