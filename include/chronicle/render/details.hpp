#pragma once
/// One event in full, for `chronicle show`.

#include <string>
#include <string_view>

#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// Every field of `e` (a member of `t`) as text for a terminal: title, id, date with its
/// precision, status, place, tags, titles in other languages, UID, revision, description, date
/// note, participants, sources, and relations in both directions ("follows …", "followed by
/// …", "part of …", "includes …", "related to …"). Texts in `lang` first; `color` adds ANSI
/// bold to headings.
std::string render_details(const timeline& t, const event& e, std::string_view lang, bool color);

}  // namespace chronicle
