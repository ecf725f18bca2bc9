#pragma once
/// One event in full, for `chronicle show`.

#include <cstddef>
#include <string>
#include <string_view>

#include <vector>

#include "chronicle/model/occurrence.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// Every field of `e` (a member of `t`) as text for a terminal: title, id, date with its
/// precision, status, place, tags, titles in other languages, UID, revision, description, date
/// note, participants, sources, and relations in both directions ("follows …", "followed by
/// …", "part of …", "includes …", "related to …"). Texts in `lang` first; `color` adds ANSI
/// bold to headings. For a recurring event, `repeats` gives how it repeats (put in words) and
/// its next occurrences (listed with their own time, title and status). A `width` breaks the
/// lines between words to fit that many columns, a field's value going on under the value; 0
/// leaves lines whole.
struct repetition_details {
  recurrence_summary summary;
  std::vector<event> next;  ///< occurrences from today on, as occurrences_of gives them
};
std::string render_details(const timeline& t, const event& e, std::string_view lang, bool color,
                           const repetition_details* repeats = nullptr, std::size_t width = 0);

}  // namespace chronicle
