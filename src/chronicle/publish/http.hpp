#pragma once
/// The HTTP client of publish, over libcurl: internal, the only code that includes curl.h.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle::http {

struct settings {
  std::string user;                     ///< empty: the netrc entry's, or none
  std::optional<std::string> password;  ///< never logged; empty: netrc's, or none
  std::filesystem::path netrc_file;     ///< empty: no netrc
  long timeout_seconds = 30;            ///< for a whole request
  long connect_timeout_seconds = 10;
  std::filesystem::path ca_file;  ///< extra CA bundle (tests with TLS); empty: system's
  /// Send Basic credentials with the first request instead of waiting to be asked; a server
  /// that then asks for Digest gets it (the request is sent again). For https and loopback
  /// hosts, where Basic is no weaker than Digest; some servers (Radicale without
  /// authentication) never ask, yet need the user name.
  bool preemptive_basic = false;
};

struct response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< names in lowercase; the last value wins

  std::string header(const std::string& lowercase_name) const {
    const auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

/// The parts of an http or https URL: `origin` (scheme, host and port) and `path` (as written,
/// percent-encoded; "/" when empty). Nothing when curl's URL parser refuses it.
struct url_parts {
  std::string origin;
  std::string path;
  std::string user;              ///< the URL's user name, decoded; empty when none
  bool secure_or_local = false;  ///< https, or a loopback host (localhost, 127.x, ::1)
};
std::optional<url_parts> split_url(const std::string& url);

/// `text` with its %XX escapes decoded.
std::string percent_decode(std::string_view text);

/// One connection's worth of requests to one server. Basic or Digest, as the server asks
/// (CURLAUTH_ANY); TLS certificates and host names always checked. Throws `io_error` when no
/// answer comes (refused, unreachable, timed out, TLS failure), with the URL and curl's reason.
class client {
 public:
  explicit client(settings s);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  response request(std::string_view method, const std::string& url,
                   const std::vector<std::string>& headers, std::string_view body = {});

  /// Requests made so far (those that got an answer or failed), each counted once.
  std::size_t requests() const { return m_requests; }

 private:
  response request_once(std::string_view method, const std::string& url,
                        const std::vector<std::string>& headers, std::string_view body);
  struct impl;
  std::unique_ptr<impl> m;
  settings m_settings;
  std::size_t m_requests = 0;
  bool m_basic = false;
};

}  // namespace chronicle::http
