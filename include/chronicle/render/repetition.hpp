#pragma once
/// A recurrence in words, for `chronicle show`.

#include <string>
#include <string_view>

#include "chronicle/model/event.hpp"
#include "chronicle/model/occurrence.hpp"

namespace chronicle {

/// How `e` repeats, in `lang` (English or Russian): "every Monday at 10:00 Moscow time until
/// 25 Mar 2024, except 26 Feb 2024; 11 Mar 2024 moved to 12:00". Rules the words do not cover
/// (BYSETPOS, BYWEEKNO, …) are given as written. Never fails.
std::string describe_repetition(const recurrence_summary& s, const event& e, std::string_view lang);

}  // namespace chronicle
