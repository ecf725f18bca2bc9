#pragma once
/// The chronology for other tools: CSV for spreadsheets, TimelineJS3 JSON for that viewer.
/// Markdown and Chronicle's own JSON are in render.hpp; the HTML page is in html.hpp.

#include <string>
#include <vector>

#include "chronicle/model/timeline.hpp"
#include "chronicle/render/render.hpp"

namespace chronicle {

/// One row per event after a header row (docs/FORMATS.md lists the columns), RFC 4180: fields
/// with a comma, a double quote or a line break are quoted, quotes doubled, lines end in CRLF.
/// UTF-8 without a byte-order mark. Titles and descriptions in `o.lang`, falling back as
/// `pick` does; the EDTF date, times and ids are language-neutral. Never fails.
std::string render_csv(const timeline& t, const std::vector<const event*>& events,
                       const list_options& o);

/// The JSON that TimelineJS3 loads: a `title` slide and one entry of `events` per event, with
/// `start_date`/`end_date` holding only the parts of the date that are known (no day for a
/// month-precise date), `display_date` with Chronicle's wording wherever TimelineJS would
/// otherwise show more or less than is known (coarse, uncertain, approximate and timed dates),
/// `text.headline`/`text.text` as escaped HTML and `group` from the first tag. Never fails.
std::string render_timelinejs(const timeline& t, const std::vector<const event*>& events,
                              const list_options& o);

}  // namespace chronicle
