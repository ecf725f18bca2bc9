#pragma once
/// `chronicle serve`: a read-only HTTP server of one timeline. It serves three resources and
/// nothing else: `/calendar.ics`, `/` (the HTML page) and `/events.json`, rendered once per
/// change of the timeline's files (site.hpp), never from a path a client names. The HTTP library
/// (cpp-httplib) stays behind this header, in src/chronicle/serve/.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "chronicle/model/result.hpp"
#include "chronicle/serve/site.hpp"

namespace chronicle {

/// Where to listen: a numeric IPv4 or IPv6 address (or `localhost`) and a port, 0 for any free
/// one.
struct listen_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
};

/// Reads `ADDR:PORT` (`127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:0`, `localhost:8080`). Without a
/// value, an error saying what was expected.
result<listen_address> parse_listen_address(std::string_view text);

/// The base URL of `a` as a client writes it: `http://127.0.0.1:8080/`, `http://[::1]:8080/`.
std::string base_url(const listen_address& a, std::string_view scheme = "http");

struct server_options {
  std::filesystem::path events_dir = "events";
  listen_address listen;
  site_options site;
  /// A background thread checks the timeline's files for changes (stat only) this often; 0
  /// checks when a request comes instead (after answering it from the rendering at hand).
  std::chrono::milliseconds poll_interval{1000};
  std::size_t threads = 8;  ///< worker threads: connections served at once
  /// Accepted connections waiting for a worker; when that many wait, accepting waits too.
  std::size_t max_queued = 1024;
  std::chrono::seconds read_timeout{5};   ///< per read of a request
  std::chrono::seconds write_timeout{5};  ///< per write of a response
  /// An idle kept-alive connection holds a worker this long.
  std::chrono::seconds keep_alive_timeout{2};
  std::size_t max_request_body = 64 * 1024;  ///< larger request bodies get 413
  /// Where the server says what happened (a reload, a timeline with errors); one line per call,
  /// without a line end. Called from the reloader and request threads, never two at once.
  std::function<void(std::string_view)> log;
};

/// The server. Loading and rendering happen in `start` and, after a change, on a background
/// thread: requests never wait for a reload. They are answered from the last good rendering
/// meanwhile, each whole from one rendering (its ETag, Last-Modified and body), and the new one
/// replaces it at once when ready. At most two renderings exist: the next reload waits until no
/// request holds the one replaced before. A timeline with errors is logged and the last good
/// rendering stays served; before any good one, requests get 503. Methods other than GET and
/// HEAD get 405 with `Allow: GET, HEAD` on the three resources, 404 elsewhere. The owner must
/// ignore SIGPIPE (a client that hangs up mid-response must not end the process).
class server {
 public:
  explicit server(server_options o);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Loads and renders the timeline, then binds the address. Returns the address bound (with
  /// the port chosen when 0 was asked). Throws `io_error` when the folder cannot be read or the
  /// address cannot be bound ("cannot listen on 127.0.0.1:8080: Address already in use").
  listen_address start();
  /// Serves until `stop`. Call after `start`, once.
  void run();
  /// Makes `run` return after the requests in progress; safe from any thread, and before `run`.
  /// A reload in progress is finished by the destructor, which waits for it.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> m;
};

}  // namespace chronicle
