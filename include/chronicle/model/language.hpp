#pragma once
/// The language of a text no one named: told from its script.

#include <string>
#include <string_view>

namespace chronicle {

/// The language `text` is most likely in when no one said: "ru" when most of its letters are
/// Cyrillic (unless `fallback` is itself written in Cyrillic, such as kk or uk: then
/// `fallback`), otherwise `fallback` (the timeline's default language). Text that is not valid
/// UTF-8, or has no letters, is in `fallback`.
std::string detect_language(std::string_view text, std::string_view fallback);

}  // namespace chronicle
