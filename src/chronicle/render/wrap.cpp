#include "chronicle/render/wrap.hpp"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

namespace chronicle {

namespace {

constexpr std::string_view k_reset = "\x1b[0m";

/// The length of the ANSI escape sequence at `s[i]` (ESC, '['; parameters; a final byte), or of
/// ESC and the one character after it for other sequences.
std::size_t escape_length(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size()) return s.size() - i;
  if (s[i + 1] != '[') return 2;
  std::size_t j = i + 2;
  while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7e)) ++j;
  return std::min(j + 1, s.size()) - i;
}

int code_point_width(UChar32 c) {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  const auto category = u_charType(c);
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR)
    return 0;
  const auto east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

/// The code point at `s[i]` and the index after it; a malformed byte counts as one character.
std::pair<UChar32, std::size_t> next_code_point(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xe  ? 3
                        : (lead >> 3) == 0x1e ? 4
                                              : 0;
  if (n == 0 || i + n > s.size()) return {0xfffd, i + 1};
  UChar32 c = n == 1 ? lead : lead & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xc0) != 0x80) return {0xfffd, i + 1};
    c = (c << 6) | (next & 0x3f);
  }
  return {c, i + n};
}

std::size_t plain_width(std::string_view s) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto [c, next] = next_code_point(s, i);
    out += static_cast<std::size_t>(code_point_width(c));
    i = next;
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

/// The line breaker, made once per thread: ICU break iterators are not thread-safe, and making
/// one loads the rules.
icu::BreakIterator* line_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(b) : nullptr;
  }();
  return breaker.get();
}

/// The places in `plain` where a line may break, as byte offsets, 0 and the end included.
std::vector<std::size_t> break_opportunities(std::string_view plain) {
  std::vector<std::size_t> out{0};
  auto* breaker = line_breaker();
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, plain.data(), static_cast<int64_t>(plain.size()), &status);
  if (breaker && text && U_SUCCESS(status)) {
    breaker->setText(text, status);
    if (U_SUCCESS(status))
      for (auto p = breaker->next(); p != icu::BreakIterator::DONE; p = breaker->next())
        if (static_cast<std::size_t>(p) > out.back()) out.push_back(static_cast<std::size_t>(p));
    // Forget the text before it is closed: the iterator keeps a pointer to it.
    UText empty = UTEXT_INITIALIZER;
    UErrorCode ignored = U_ZERO_ERROR;
    utext_openUTF8(&empty, "", 0, &ignored);
    breaker->setText(&empty, ignored);
    utext_close(&empty);
  }
  if (text) utext_close(text);
  if (out.back() != plain.size()) out.push_back(plain.size());
  return out;
}

/// Lays `plain` out line by line, putting each escape back before the character it preceded.
class line_writer {
 public:
  line_writer(std::string_view plain, std::vector<std::pair<std::size_t, std::string>> escapes,
              std::size_t width, std::size_t indent)
      : m_plain(plain), m_escapes(std::move(escapes)), m_width(width), m_indent(indent) {}

  /// Places the segment `plain[a, b)`: a word with the spaces after it.
  void place(std::size_t a, std::size_t b) {
    std::size_t c = b;
    while (c > a && is_space(m_plain[c - 1])) --c;
    if (m_line_empty && m_first_line && c == a) {
      put(a, b);  // the first line's own leading spaces are part of its layout
      return;
    }
    const auto word = plain_width(m_plain.substr(a, c - a));
    const auto pending =
        plain_width(m_plain.substr(m_pending.first, m_pending.second - m_pending.first));
    if (!m_line_empty && m_column + pending + word > m_width) new_line();
    if (m_line_empty) {
      put_escapes(m_pending.first, m_pending.second);
    } else {
      put(m_pending.first, m_pending.second);
    }
    if (m_column + word <= m_width) {
      put(a, c);
    } else {
      cut(a, c);
    }
    if (c > a) m_line_empty = false;
    m_pending = {c, b};
  }

  std::string finish() {
    put_escapes(m_pending.first, m_pending.second);
    put_escapes(m_plain.size(), m_plain.size() + 1);
    return std::move(m_out);
  }

 private:
  void new_line() {
    put_escapes(m_pending.first, m_pending.second);
    m_pending = {m_pending.second, m_pending.second};
    if (!m_active.empty()) m_out += k_reset;
    m_out += '\n';
    m_out.append(m_indent, ' ');
    m_out += m_active;
    m_column = m_indent;
    m_line_empty = true;
    m_first_line = false;
  }

  /// Writes `plain[a, b)` a character at a time, starting a line where the next would not fit.
  void cut(std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b;) {
      const auto [cp, next] = next_code_point(m_plain, i);
      const auto w = static_cast<std::size_t>(code_point_width(cp));
      if (!m_line_empty && m_column + w > m_width) new_line();
      put(i, next);
      m_line_empty = false;
      i = next;
    }
  }

  void put(std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b;) {
      put_escapes(i, i + 1);
      const auto [cp, next] = next_code_point(m_plain, i);
      m_out.append(m_plain.substr(i, next - i));
      m_column += static_cast<std::size_t>(code_point_width(cp));
      for (std::size_t k = i + 1; k < next; ++k) put_escapes(k, k + 1);
      i = next;
    }
  }

  /// Writes the escapes that stood before characters `a` to `b - 1`, noting the open colour.
  void put_escapes(std::size_t a, std::size_t b) {
    for (; m_next_escape < m_escapes.size() && m_escapes[m_next_escape].first < b;
         ++m_next_escape) {
      const auto& [at, escape] = m_escapes[m_next_escape];
      if (at < a) continue;
      m_out += escape;
      if (escape.ends_with('m')) m_active = escape == k_reset || escape == "\x1b[m" ? "" : escape;
    }
  }

  std::string_view m_plain;
  std::vector<std::pair<std::size_t, std::string>> m_escapes;
  std::size_t m_next_escape = 0;
  std::size_t m_width;
  std::size_t m_indent;
  std::string m_out;
  std::string m_active;  ///< the colour escape in force, reopened after a break
  std::size_t m_column = 0;
  bool m_line_empty = true;
  bool m_first_line = true;
  std::pair<std::size_t, std::size_t> m_pending{0, 0};  ///< spaces not yet written
};

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\x1b') {
      i += escape_length(text, i);
      continue;
    }
    const auto [c, next] = next_code_point(text, i);
    out += static_cast<std::size_t>(code_point_width(c));
    i = next;
  }
  return out;
}

std::string fold_line_breaks(std::string_view text) {
  if (text.find_first_of("\r\n") == std::string_view::npos) return std::string(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r' && text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (!out.empty() && is_space(out.back())) out.pop_back();
    while (i + 1 < text.size() &&
           (text[i + 1] == '\r' || text[i + 1] == '\n' || is_space(text[i + 1])))
      ++i;
    if (!out.empty() && i + 1 < text.size()) out += ' ';
  }
  return out;
}

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
  if (width == 0) return std::string(text);
  indent = std::min(indent, width / 2);
  const auto folded = fold_line_breaks(text);
  std::string plain;
  std::vector<std::pair<std::size_t, std::string>> escapes;
  for (std::size_t i = 0; i < folded.size();) {
    if (folded[i] == '\x1b') {
      const auto n = escape_length(folded, i);
      escapes.emplace_back(plain.size(), folded.substr(i, n));
      i += n;
    } else {
      plain += folded[i++];
    }
  }
  const auto breaks = break_opportunities(plain);
  line_writer writer(plain, std::move(escapes), width, indent);
  for (std::size_t k = 0; k + 1 < breaks.size(); ++k) writer.place(breaks[k], breaks[k + 1]);
  return writer.finish();
}

}  // namespace chronicle
