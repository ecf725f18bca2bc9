#include "chronicle/serve/http_rules.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace chronicle::http {

namespace {

constexpr std::string_view k_space = " \t";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(k_space);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(k_space);
  return s.substr(first, last - first + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

/// The q-value of one Accept-Encoding element's parameters (`;q=0.5`): 1 when absent, -1 when
/// malformed.
double q_value(std::string_view params) {
  double q = 1;
  while (!params.empty()) {
    const auto semicolon = params.find(';');
    const auto param = trim(params.substr(0, semicolon));
    params =
        semicolon == std::string_view::npos ? std::string_view{} : params.substr(semicolon + 1);
    if (param.size() < 2 || (param[0] | 0x20) != 'q' || param[1] != '=') continue;
    const auto value = param.substr(2);
    const auto end = value.data() + value.size();
    if (auto [ptr, ec] = std::from_chars(value.data(), end, q); ec != std::errc{} || ptr != end)
      return -1;
  }
  return q;
}

}  // namespace

bool none_match(std::string_view list, std::string_view etag) {
  if (trim(list) == "*") return true;
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ',' || list[i] == ' ' || list[i] == '\t')) ++i;
    if (i >= list.size()) break;
    if (list.substr(i, 2) == "W/") i += 2;
    if (i >= list.size() || list[i] != '"') return false;
    const auto close = list.find('"', i + 1);
    if (close == std::string_view::npos) return false;
    if (list.substr(i, close - i + 1) == etag) return true;
    i = close + 1;
  }
  return false;
}

std::string http_date(date::sys_seconds t) {
  return date::format("%a, %d %b %Y %H:%M:%S GMT", t);
}

std::optional<date::sys_seconds> parse_http_date(std::string_view text) {
  // IMF-fixdate is exactly 29 characters; checking that first keeps looser forms out.
  text = trim(text);
  if (text.size() != 29 || !text.ends_with(" GMT")) return std::nullopt;
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  date::sys_seconds t;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", t);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return t;
}

bool accepts_gzip(std::string_view header) {
  std::optional<double> gzip_q;
  std::optional<double> any_q;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const auto element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto semicolon = element.find(';');
    const auto coding = trim(element.substr(0, semicolon));
    const double q =
        semicolon == std::string_view::npos ? 1.0 : q_value(element.substr(semicolon + 1));
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      gzip_q = std::max(gzip_q.value_or(-1), q);
    else if (coding == "*")
      any_q = q;
  }
  if (gzip_q) return *gzip_q > 0;
  return any_q && *any_q > 0;
}

bool is_method(std::string_view method) {
  constexpr std::string_view k_tchar_symbols = "!#$%&'*+-.^_`|~";
  return !method.empty() && std::all_of(method.begin(), method.end(), [&](char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           k_tchar_symbols.find(c) != std::string_view::npos;
  });
}

}  // namespace chronicle::http
