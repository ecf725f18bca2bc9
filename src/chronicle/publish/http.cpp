#include "chronicle/publish/http.hpp"

#include <algorithm>
#include <cctype>

#include <curl/curl.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"

namespace chronicle::http {

namespace {

/// libcurl's functions, from the library opened on first use (`dlopen`) rather than linked:
/// libcurl brings 25 shared objects of its own (GnuTLS, Kerberos, LDAP, SSH, IDN, ...), and
/// loading them was most of the start-up of every command, though only publish, pull and sync
/// send a request (docs/PERFORMANCE.md, "A lean start"). The types still come from curl.h.
struct curl_library {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_easy_unescape) easy_unescape;
  decltype(&::curl_free) free;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_url_cleanup) url_cleanup;
};

/// The soname Debian's libcurl4 (the OpenSSL flavour, which libcurl4-openssl-dev builds
/// against) installs; the package depends on it (cmake/install.cmake).
constexpr const char* k_curl_soname = "libcurl.so.4";

curl_library open_curl() {
  // Never closed: the process keeps it, as it would a linked library.
  void* handle = dlopen(k_curl_soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    throw io_error(fmt::format("cannot load libcurl ({}), which sending requests needs: {}",
                               k_curl_soname, dlerror()));
  auto find = [&]<typename F>(F& slot, const char* name) {
    void* symbol = dlsym(handle, name);
    if (!symbol)
      throw io_error(fmt::format("cannot load libcurl ({}): it has no {}", k_curl_soname, name));
    slot = reinterpret_cast<F>(symbol);
  };
  curl_library c{};
  find(c.global_init, "curl_global_init");
  find(c.easy_init, "curl_easy_init");
  find(c.easy_setopt, "curl_easy_setopt");
  find(c.easy_perform, "curl_easy_perform");
  find(c.easy_getinfo, "curl_easy_getinfo");
  find(c.easy_reset, "curl_easy_reset");
  find(c.easy_cleanup, "curl_easy_cleanup");
  find(c.easy_strerror, "curl_easy_strerror");
  find(c.easy_unescape, "curl_easy_unescape");
  find(c.free, "curl_free");
  find(c.slist_append, "curl_slist_append");
  find(c.slist_free_all, "curl_slist_free_all");
  find(c.url, "curl_url");
  find(c.url_set, "curl_url_set");
  find(c.url_get, "curl_url_get");
  find(c.url_cleanup, "curl_url_cleanup");
  c.global_init(CURL_GLOBAL_DEFAULT);
  return c;
}

/// libcurl, opened and initialised once (a failure is thrown again at the next call).
const curl_library& curl() {
  static const curl_library library = open_curl();
  return library;
}

struct easy_deleter {
  void operator()(CURL* c) const { curl().easy_cleanup(c); }
};
struct slist_deleter {
  void operator()(curl_slist* l) const { curl().slist_free_all(l); }
};
using easy_ptr = std::unique_ptr<CURL, easy_deleter>;
using slist_ptr = std::unique_ptr<curl_slist, slist_deleter>;

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* out) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) headers.clear();  // a new answer (after 401 or 100)
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ' ||
                              value.back() == '\t'))
      value.remove_suffix(1);
    auto& slot = headers[name];
    // Several challenges (Basic and Digest) come as several WWW-Authenticate lines.
    if (name == "www-authenticate" && !slot.empty())
      slot += ", " + std::string(value);
    else
      slot = std::string(value);
  }
  return size * n;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  int length = 0;
  char* decoded =
      curl().easy_unescape(nullptr, text.data(), static_cast<int>(text.size()), &length);
  if (!decoded) throw std::bad_alloc();
  std::string out(decoded, static_cast<std::size_t>(length));
  curl().free(decoded);
  return out;
}

std::optional<url_parts> split_url(const std::string& url) {
  struct url_deleter {
    void operator()(CURLU* u) const { curl().url_cleanup(u); }
  };
  std::unique_ptr<CURLU, url_deleter> u{curl().url()};
  if (!u || curl().url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  auto part = [&](CURLUPart which) -> std::optional<std::string> {
    char* value = nullptr;
    if (curl().url_get(u.get(), which, &value, 0) != CURLUE_OK || !value) return std::nullopt;
    std::string out(value);
    curl().free(value);
    return out;
  };
  const auto scheme = part(CURLUPART_SCHEME);
  const auto host = part(CURLUPART_HOST);
  if (!scheme || !host || (*scheme != "http" && *scheme != "https")) return std::nullopt;
  url_parts out;
  out.origin = *scheme + "://" + *host;
  if (const auto port = part(CURLUPART_PORT)) out.origin += ":" + *port;
  if (const auto user = part(CURLUPART_USER)) out.user = percent_decode(*user);
  out.secure_or_local =
      *scheme == "https" || *host == "localhost" || host->starts_with("127.") || *host == "[::1]";
  out.path = part(CURLUPART_PATH).value_or("/");
  if (out.path.empty()) out.path = "/";
  return out;
}

struct client::impl {
  easy_ptr easy;
};

client::client(settings s)
    : m(std::make_unique<impl>()), m_settings(std::move(s)), m_basic(m_settings.preemptive_basic) {
  m->easy.reset(curl().easy_init());
  if (!m->easy) throw io_error("cannot start the HTTP client (libcurl)");
}

client::~client() = default;

response client::request(std::string_view method, const std::string& url,
                         const std::vector<std::string>& headers, std::string_view body) {
  auto r = request_once(method, url, headers, body);
  if (r.status == 401 && m_basic) {
    // Preemptive Basic refused: let curl answer the server's own challenge from now on, from a
    // handle that has forgotten the Basic it was told to send.
    m_basic = false;
    curl().easy_reset(m->easy.get());
    std::string offered = r.header("www-authenticate");
    std::transform(offered.begin(), offered.end(), offered.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (offered.find("digest") != std::string::npos ||
        offered.find("negotiate") != std::string::npos || offered.find("ntlm") != std::string::npos)
      r = request_once(method, url, headers, body);
  }
  return r;
}

response client::request_once(std::string_view method, const std::string& url,
                              const std::vector<std::string>& headers, std::string_view body) {
  CURL* c = m->easy.get();
  const auto setopt = curl().easy_setopt;
  // The handle is not reset between requests: it keeps its connection and what it learnt of
  // the server's authentication (a Digest nonce is reused, so each request after the first is
  // answered at once instead of being challenged again). Every option is set for each request.
  response out;
  slist_ptr list;
  for (const auto& h : headers) {
    auto* grown = curl().slist_append(list.get(), h.c_str());
    if (!grown) throw std::bad_alloc();
    list.release();
    list.reset(grown);
  }
  // No "Expect: 100-continue": some servers (Python's) answer it badly, and it costs a round trip.
  auto* grown = curl().slist_append(list.get(), "Expect:");
  if (!grown) throw std::bad_alloc();
  list.release();
  list.reset(grown);
  const std::string verb(method);
  setopt(c, CURLOPT_URL, url.c_str());
  setopt(c, CURLOPT_HTTPGET, 1L);  // no body from an earlier request
  setopt(c, CURLOPT_CUSTOMREQUEST, verb.c_str());
  if (!body.empty()) {
    setopt(c, CURLOPT_POSTFIELDS, body.data());
    setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  setopt(c, CURLOPT_HTTPHEADER, list.get());
  setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  setopt(c, CURLOPT_WRITEDATA, &out.body);
  setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  setopt(c, CURLOPT_HEADERDATA, &out.headers);
  setopt(c, CURLOPT_HTTPAUTH, m_basic ? CURLAUTH_BASIC : CURLAUTH_ANY);
  setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!m_settings.ca_file.empty()) setopt(c, CURLOPT_CAINFO, m_settings.ca_file.c_str());
  setopt(c, CURLOPT_TIMEOUT, m_settings.timeout_seconds);
  setopt(c, CURLOPT_CONNECTTIMEOUT, m_settings.connect_timeout_seconds);
  setopt(c, CURLOPT_NOSIGNAL, 1L);
  setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  setopt(c, CURLOPT_USERAGENT, "chronicle/0.1");
  // A password given outright is the one to use; ~/.netrc is read only without one.
  if (!m_settings.netrc_file.empty() && !m_settings.password) {
    setopt(c, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
    setopt(c, CURLOPT_NETRC_FILE, m_settings.netrc_file.c_str());
  }
  if (!m_settings.user.empty()) setopt(c, CURLOPT_USERNAME, m_settings.user.c_str());
  if (m_settings.password) setopt(c, CURLOPT_PASSWORD, m_settings.password->c_str());
  char error[CURL_ERROR_SIZE] = {};
  setopt(c, CURLOPT_ERRORBUFFER, error);
  ++m_requests;
  const CURLcode rc = curl().easy_perform(c);
  // Nothing of this call's stack stays with the handle.
  setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  setopt(c, CURLOPT_WRITEDATA, nullptr);
  setopt(c, CURLOPT_HEADERDATA, nullptr);
  setopt(c, CURLOPT_HTTPHEADER, nullptr);
  setopt(c, CURLOPT_POSTFIELDS, nullptr);
  if (rc != CURLE_OK) {
    std::string reason = *error ? error : curl().easy_strerror(rc);
    if (rc == CURLE_PEER_FAILED_VERIFICATION)
      reason +=
          "; certificate verification failed: the server's certificate is not signed by an "
          "authority trusted here (a self-signed one is trusted with --cacert FILE)";
    throw io_error(fmt::format("{} {} failed: {}", verb, url, reason));
  }
  curl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  return out;
}

}  // namespace chronicle::http
