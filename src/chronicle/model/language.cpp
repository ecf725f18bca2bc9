#include "chronicle/model/language.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace chronicle {

namespace {

/// Whether the language `tag` is written in Cyrillic (ICU's likely script for it).
bool written_in_cyrillic(std::string_view tag) {
  UScriptCode codes[4];
  UErrorCode status = U_ZERO_ERROR;
  const std::string name(tag);
  const auto n = uscript_getCode(name.c_str(), codes, 4, &status);
  if (U_FAILURE(status)) return false;
  for (int i = 0; i < n; ++i)
    if (codes[i] == USCRIPT_CYRILLIC) return true;
  return false;
}

}  // namespace

std::string detect_language(std::string_view text, std::string_view fallback) {
  std::size_t cyrillic = 0;
  std::size_t other = 0;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return std::string(fallback);  // not UTF-8: nothing to tell from
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == USCRIPT_CYRILLIC)
      ++cyrillic;
    else
      ++other;
  }
  if (cyrillic > other && !written_in_cyrillic(fallback)) return "ru";
  return std::string(fallback);
}

}  // namespace chronicle
