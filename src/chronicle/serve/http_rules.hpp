#pragma once
/// The few HTTP header rules `serve` decides itself, as pure functions (internal): conditional
/// requests (RFC 9110, 13.1), HTTP dates (5.6.7) and gzip negotiation (12.5.3). cpp-httplib
/// parses the messages; these read the values of three headers it leaves as text, and tell a
/// method name from a malformed request line.

#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace chronicle::http {

/// True when the value of If-None-Match is `*` or lists `etag` (a quoted entity-tag). The
/// comparison is weak, as RFC 9110 asks for If-None-Match: `W/"x"` matches `"x"`. A malformed
/// list matches nothing from the first malformed element on.
bool none_match(std::string_view if_none_match, std::string_view etag);

/// `t` as an IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
std::string http_date(date::sys_seconds t);

/// An IMF-fixdate read back; nothing for any other text (the obsolete RFC 850 and asctime forms
/// included, which then count as absent, so the full response is sent).
std::optional<date::sys_seconds> parse_http_date(std::string_view text);

/// True when the value of Accept-Encoding accepts gzip: `gzip` or `x-gzip` with a q-value
/// above 0, or else `*` with one.
bool accepts_gzip(std::string_view accept_encoding);

/// True when `method` can be an HTTP method (RFC 9110, 9.1): a non-empty token of the
/// characters 5.6.2 allows (`PROPFIND`, `M-SEARCH`), nothing else (`Host:`, ``, `GET /`).
bool is_method(std::string_view method);

}  // namespace chronicle::http
