#pragma once
/// Text laid out for a terminal of a given width: display columns, folded line breaks, and
/// lines broken between words with a hanging indent.

#include <cstddef>
#include <string>
#include <string_view>

namespace chronicle {

/// The columns UTF-8 `text` takes on a terminal: one per code point, two for East Asian wide
/// and fullwidth characters, none for combining marks, control characters and ANSI escape
/// sequences (colours).
std::size_t display_width(std::string_view text);

/// `text` with every line break ("\n", "\r\n", "\r") and the spaces around it folded into one
/// space, so that a value typed on two lines reads as one.
std::string fold_line_breaks(std::string_view text);

/// `text` broken into lines of at most `width` columns, joined by "\n" (no final one): lines
/// break where ICU's line breaker allows (between words, after hyphens, never inside a
/// Russian or English word), spaces at a break are dropped, and every line after the first
/// starts with `indent` spaces (at most half the width, so that narrow terminals still get
/// words). A word wider than a line is cut at the width. ANSI escapes take no room; a colour
/// open at a break is closed before it and reopened after the indent. Line breaks inside
/// `text` are folded into spaces. A `width` of 0 means no limit: `text` is returned unchanged.
std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

}  // namespace chronicle
