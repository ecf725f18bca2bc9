#include <algorithm>
#include <cstring>

#include "chronicle/exchange/ical/handle.hpp"

namespace chronicle::ical {

namespace {

/// What the line generator reads from: the text not yet given to the parser.
struct line_source {
  const char* pos;
  const char* end;
};

/// Gives libical at most `size - 1` bytes, up to and including the next newline. libical's own
/// string generator looks for that newline with strchr over the whole rest of the text on every
/// call, and calls once per 80 bytes, so a long line cost time quadratic in its length (a 4 MB
/// line took 11 s). Searching only the bytes that are given back keeps it linear.
char* next_line(char* out, std::size_t size, void* data) {
  auto& src = *static_cast<line_source*>(data);
  if (src.pos == src.end || size < 2) return nullptr;
  auto n = std::min<std::size_t>(size - 1, static_cast<std::size_t>(src.end - src.pos));
  if (const void* newline = std::memchr(src.pos, '\n', n))
    n = static_cast<std::size_t>(static_cast<const char*>(newline) - src.pos) + 1;
  std::memcpy(out, src.pos, n);
  out[n] = '\0';
  src.pos += n;
  return out;
}

struct parser_deleter {
  void operator()(icalparser* p) const { icalparser_free(p); }
};

}  // namespace

component_ptr parse(std::string_view text) {
  // Like icalparser_parse_string, the text ends at its first NUL byte.
  if (const void* nul = std::memchr(text.data(), '\0', text.size()))
    text = text.substr(0, static_cast<std::size_t>(static_cast<const char*>(nul) - text.data()));
  line_source src{text.data(), text.data() + text.size()};
  std::unique_ptr<icalparser, parser_deleter> parser{icalparser_new()};
  if (!parser) return nullptr;
  icalparser_set_gen_data(parser.get(), &src);
  return component_ptr{icalparser_parse(parser.get(), next_line)};
}

}  // namespace chronicle::ical
