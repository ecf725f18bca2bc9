// chronicle serve: the HTTP side, the only file that includes cpp-httplib. Requests are answered
// from a `site` rendered beforehand (site.cpp); nothing here reads a path a client names.

#include "chronicle/serve/server.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <sys/socket.h>

#include "chronicle/serve/http_rules.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/tombstones.hpp"

namespace chronicle {

namespace {

/// cpp-httplib's task queue with both ends bounded: `threads` workers, and at most `capacity`
/// accepted connections waiting for one. When the queue is full, `enqueue` (called by the
/// accepting thread) waits, so further clients wait in the kernel's listen queue instead of
/// in memory.
class bounded_pool final : public httplib::TaskQueue {
 public:
  bounded_pool(std::size_t threads, std::size_t capacity)
      : m_capacity(std::max<std::size_t>(capacity, 1)) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i)
      m_threads.emplace_back([this] { work(); });
  }
  ~bounded_pool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(m_mutex);
    m_has_room.wait(lock, [&] { return m_jobs.size() < m_capacity || m_shutdown; });
    m_jobs.push_back(std::move(fn));
    m_has_job.notify_one();
  }

  /// Runs the jobs still queued (each owns an accepted socket, which it closes), then joins.
  void shutdown() override {
    {
      std::lock_guard lock(m_mutex);
      m_shutdown = true;
    }
    m_has_job.notify_all();
    m_has_room.notify_all();
    for (auto& t : m_threads)
      if (t.joinable()) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(m_mutex);
        m_has_job.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
        if (m_jobs.empty()) return;
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_has_room.notify_one();
      }
      job();
    }
  }

  std::size_t m_capacity;
  std::mutex m_mutex;
  std::condition_variable m_has_job;
  std::condition_variable m_has_room;
  std::deque<std::function<void()>> m_jobs;
  std::vector<std::thread> m_threads;
  bool m_shutdown = false;
};

constexpr const char* k_allow = "GET, HEAD";

void plain(httplib::Response& res, int status, std::string_view text) {
  res.status = status;
  res.set_content(std::string(text) + "\n", "text/plain; charset=utf-8");
}

}  // namespace

result<listen_address> parse_listen_address(std::string_view text) {
  const auto fail = [&](std::string_view why) {
    return result<listen_address>::failure(error_at(
        "--listen", fmt::format("\"{}\": {}; expected ADDRESS:PORT, such as 127.0.0.1:8080, "
                                "[::1]:8080 or 0.0.0.0:0 (port 0: any free port)",
                                text, why)));
  };
  std::string_view host;
  std::string_view port;
  if (text.starts_with("[")) {
    const auto close = text.find("]:");
    if (close == std::string_view::npos) return fail("an IPv6 address in brackets needs ]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    in6_addr a{};
    if (::inet_pton(AF_INET6, std::string(host).c_str(), &a) != 1)
      return fail(fmt::format("\"{}\" is not an IPv6 address", host));
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("no port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    in_addr a{};
    if (host != "localhost" && ::inet_pton(AF_INET, std::string(host).c_str(), &a) != 1)
      return fail(host.find(':') != std::string_view::npos
                      ? "an IPv6 address goes in brackets"
                      : fmt::format("\"{}\" is not an IPv4 address", host));
  }
  unsigned value = 0;
  const auto end = port.data() + port.size();
  if (port.empty() || std::from_chars(port.data(), end, value).ptr != end || value > 65535)
    return fail(fmt::format("\"{}\" is not a port (0 to 65535)", port));
  return listen_address{std::string(host), static_cast<std::uint16_t>(value)};
}

std::string base_url(const listen_address& a, std::string_view scheme) {
  const bool v6 = a.host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}/", scheme, v6 ? "[" : "", a.host, v6 ? "]" : "", a.port);
}

struct server::impl {
  server_options o;
  httplib::Server http;

  std::mutex current_mutex;
  std::shared_ptr<const site> current;  // guarded by current_mutex; null before a good load

  // The reloader: one background thread checks the files and renders a changed timeline, while
  // requests go on being answered from `current`; the new rendering then replaces it at once.
  std::thread reloader;
  std::mutex reload_mutex;
  std::condition_variable reload_wake;
  bool check_asked = false;  // guarded by reload_mutex: a request asked for a check
  bool stopping = false;     // guarded by reload_mutex
  // Only the reloader thread (and `start`, before it runs) touches these two.
  std::optional<folder_stamp> stamp;   // what `current` was made from
  std::weak_ptr<const site> replaced;  // the rendering `current` replaced, while requests hold it

  std::mutex log_mutex;

  void log(std::string_view line) {
    if (!o.log) return;
    std::lock_guard lock(log_mutex);
    o.log(line);
  }

  void log(const std::vector<diagnostic>& ds) {
    for (const auto& d : ds) log(to_string(d));
  }

  std::shared_ptr<const site> snapshot() {
    std::lock_guard lock(current_mutex);
    return current;
  }

  /// With a poll interval of 0, each request asks the reloader for a check (requests asking
  /// while one runs make one more check after it); it never waits for it.
  void ask_for_check() {
    if (o.poll_interval.count() > 0) return;  // the reloader checks on its own schedule
    {
      std::lock_guard lock(reload_mutex);
      check_asked = true;
    }
    reload_wake.notify_one();
  }

  /// The reloader thread: checks the files every poll interval (or when a request asks, with an
  /// interval of 0) until `stop`. Never throws: an unreadable folder is logged and the last good
  /// rendering stays.
  void reload_loop() {
    for (;;) {
      {
        std::unique_lock lock(reload_mutex);
        const auto woken = [&] { return check_asked || stopping; };
        if (o.poll_interval.count() > 0)
          reload_wake.wait_for(lock, o.poll_interval, woken);
        else
          reload_wake.wait(lock, woken);
        if (stopping) return;
        check_asked = false;
      }
      try {
        refresh(false);
      } catch (const std::exception& e) {
        stamp.reset();  // try again at the next check
        log(fmt::format("cannot reload the timeline: {}", e.what()));
      }
    }
  }

  void stop_reloader() {
    {
      std::lock_guard lock(reload_mutex);
      stopping = true;
    }
    reload_wake.notify_all();
  }

  /// Waits until no request holds the rendering `current` replaced last, so that at most two
  /// renderings exist at once: the one served and the one being made. False when stopping.
  bool wait_for_replaced_to_go() {
    while (!replaced.expired()) {
      std::unique_lock lock(reload_mutex);
      if (reload_wake.wait_for(lock, std::chrono::milliseconds{50}, [&] { return stopping; }))
        return false;
    }
    return true;
  }

  /// Renders the timeline again when its files changed since `stamp`, then puts the new
  /// rendering in place of `current`. `first`: the load in `start`, before any request.
  void refresh(bool first) {
    auto now_stamp = stamp_folder(o.events_dir);
    if (stamp && *stamp == now_stamp) return;
    if (!first) {
      log("the timeline's files changed; reloading");
      if (!wait_for_replaced_to_go()) return;
    }
    stamp = now_stamp;
    const auto before = snapshot();
    auto loaded = load_timeline(o.events_dir);
    log(loaded.diagnostics);
    if (has_errors(loaded.diagnostics)) {
      log(before ? "the timeline has errors; still serving the last version without errors"
                 : "the timeline has errors; answering 503 until they are fixed");
      return;
    }
    auto removed = load_tombstones(o.events_dir, loaded.timeline);
    log(removed.diagnostics);
    auto options = o.site;
    options.removed = std::move(removed.events);
    std::vector<diagnostic> notes;
    auto built = build_site(loaded.timeline, options, notes);
    log(notes);
    if (!built) {
      log(built.diagnostics);
      log(before ? "the calendar cannot be made; still serving the last good version"
                 : "the calendar cannot be made; answering 503 until that is fixed");
      return;
    }
    auto next = std::move(*built);
    next.last_modified = now_stamp.newest;
    const auto events = loaded.timeline.events.size();
    if (before) {
      const bool same = before->calendar.identity.etag == next.calendar.identity.etag &&
                        before->html.identity.etag == next.html.identity.etag &&
                        before->json.identity.etag == next.json.identity.etag;
      if (same) {
        // A file touched, nothing served changed: keep the validators.
        log(fmt::format("reloaded the timeline: {} event{}, nothing served changed", events,
                        events == 1 ? "" : "s"));
        return;
      }
      // Last-Modified only moves forward, even when the newest file left is older (a removal)
      // or the change came within the same second, so If-Modified-Since stays truthful.
      if (next.last_modified <= before->last_modified)
        next.last_modified = before->last_modified + std::chrono::seconds{1};
    }
    auto made = std::make_shared<const site>(std::move(next));
    {
      std::lock_guard lock(current_mutex);
      current.swap(made);
    }
    replaced = made;  // the rendering replaced; requests in progress may still hold it
    made.reset();
    log(fmt::format("{} the timeline: {} event{}", before ? "reloaded" : "loaded", events,
                    events == 1 ? "" : "s"));
  }

  const served_resource* resource(const site& s, const std::string& path) {
    if (path == "/") return &s.html;
    if (path == "/calendar.ics") return &s.calendar;
    if (path == "/events.json") return &s.json;
    return nullptr;
  }

  static bool known_path(const std::string& path) {
    return path == "/" || path == "/calendar.ics" || path == "/events.json";
  }

  void get(const httplib::Request& req, httplib::Response& res) {
    if (!known_path(req.path)) return plain(res, 404, "not found");
    // The rendering first, then the check: the whole answer (ETag, Last-Modified, body) comes
    // from this one rendering, whatever a reload does meanwhile.
    const auto s = snapshot();
    ask_for_check();
    if (!s) {
      res.set_header("Retry-After", "5");
      return plain(res, 503, "the timeline has errors; the server's log says which");
    }
    const auto& r = *resource(*s, req.path);
    const bool gz = r.gzip && http::accepts_gzip(req.get_header_value("Accept-Encoding"));
    const auto& rep = gz ? *r.gzip : r.identity;
    res.set_header("ETag", rep.etag);
    res.set_header("Last-Modified", http::http_date(s->last_modified));
    res.set_header("Cache-Control", "no-cache");
    if (r.gzip) res.set_header("Vary", "Accept-Encoding");
    // If-None-Match decides when present; If-Modified-Since only otherwise (RFC 9110, 13.2.2).
    // Either ETag of the resource matches: a client that stored one encoding asks with its tag.
    bool not_modified = false;
    if (req.has_header("If-None-Match")) {
      const auto tags = req.get_header_value("If-None-Match");
      not_modified = http::none_match(tags, r.identity.etag) ||
                     (r.gzip && http::none_match(tags, r.gzip->etag));
    } else if (req.has_header("If-Modified-Since")) {
      const auto since = http::parse_http_date(req.get_header_value("If-Modified-Since"));
      not_modified = since && s->last_modified <= *since;
    }
    if (not_modified) {
      // No body; a Content-Length must be the 200's (RFC 9110, 8.6), not cpp-httplib's 0.
      res.status = 304;
      res.set_header("Content-Length", std::to_string(rep.body.size()));
      return;
    }
    if (gz) res.set_header("Content-Encoding", "gzip");
    // The body is streamed from the shared rendering: no copy, and no compression by
    // cpp-httplib (it compresses only bodies it holds itself).
    const char* data = rep.body.data();
    res.set_content_provider(
        rep.body.size(), r.content_type,
        [s, data](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          constexpr std::size_t k_chunk = 256 * 1024;
          return sink.write(data + offset, std::min(length, k_chunk));
        });
  }

  /// cpp-httplib answers 400 to a request line whose method it does not know (PROPFIND, REPORT,
  /// MKCOL...), having read the line but not the headers. When the line is a well-formed one,
  /// this answers it as any other method it refuses (405 with Allow, or 404 for another path)
  /// and returns true. The connection is then closed, since the rest of that request (headers,
  /// body) is still unread: the body is written whole, then its provider says stop.
  bool unknown_method(const httplib::Request& req, httplib::Response& res) {
    // The methods cpp-httplib knows: for them, the 400 is about something else.
    static constexpr std::string_view known[] = {"GET",     "HEAD",    "POST",  "PUT",   "DELETE",
                                                 "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    if (!http::is_method(req.method) ||
        std::find(std::begin(known), std::end(known), req.method) != std::end(known) ||
        (req.version != "HTTP/1.1" && req.version != "HTTP/1.0"))
      return false;
    const auto end = req.target.find_first_of("?#");
    const auto path = httplib::detail::decode_url(req.target.substr(0, end), false);
    httplib::Response answer;
    refuse_method(path, answer);
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_header("Connection", "close");
    auto body = std::make_shared<const std::string>(std::move(answer.body));
    res.set_content_provider(
        body->size(), "text/plain; charset=utf-8",
        [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          sink.write(body->data() + offset, length);
          return false;  // all written: now close the connection
        });
    return true;
  }

  void refuse_method(const httplib::Request& req, httplib::Response& res) {
    refuse_method(req.path, res);
  }

  void refuse_method(const std::string& path, httplib::Response& res) {
    if (!known_path(path)) return plain(res, 404, "not found");
    res.set_header("Allow", k_allow);
    plain(res, 405, "method not allowed: this server only reads (GET, HEAD)");
  }
};

server::server(server_options o) : m(std::make_unique<impl>()) {
  m->o = std::move(o);
}

server::~server() {
  m->stop_reloader();
  // A reload in progress finishes first (loading cannot be interrupted).
  if (m->reloader.joinable()) m->reloader.join();
}

listen_address server::start() {
  auto& http = m->http;
  const auto threads = m->o.threads;
  const auto queued = m->o.max_queued;
  http.new_task_queue = [threads, queued] { return new bounded_pool(threads, queued); };
  http.set_read_timeout(m->o.read_timeout);
  http.set_write_timeout(m->o.write_timeout);
  http.set_keep_alive_timeout(static_cast<time_t>(m->o.keep_alive_timeout.count()));
  http.set_keep_alive_max_count(100);
  http.set_payload_max_length(m->o.max_request_body);
  http.set_tcp_nodelay(true);
  // SO_REUSEADDR (a restart binds at once) but not cpp-httplib's default SO_REUSEPORT, which
  // would let a second server share a port in use instead of failing.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  auto* self = m.get();
  http.Get(".*",
           [self](const httplib::Request& req, httplib::Response& res) { self->get(req, res); });
  const auto refuse = [self](const httplib::Request& req, httplib::Response& res) {
    self->refuse_method(req, res);
  };
  http.Post(".*", refuse);
  http.Put(".*", refuse);
  http.Patch(".*", refuse);
  http.Delete(".*", refuse);
  http.Options(".*", refuse);
  // Methods cpp-httplib has no handler kind for (CONNECT, TRACE, PRI) are refused before routing.
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    static constexpr std::string_view routed[] = {"GET",   "HEAD",   "POST",   "PUT",
                                                  "PATCH", "DELETE", "OPTIONS"};
    if (std::find(std::begin(routed), std::end(routed), req.method) != std::end(routed))
      return httplib::Server::HandlerResponse::Unhandled;
    self->refuse_method(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // The bodies of errors cpp-httplib answers itself (400, 413, 414, a path no handler takes).
  http.set_error_handler([self](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 400 && self->unknown_method(req, res)) return;
    if (res.body.empty() && res.status != 304)
      plain(res, res.status,
            res.status == 400   ? "bad request"
            : res.status == 413 ? "request too large"
            : res.status == 414 ? "request line too long"
            : res.status == 404 ? "not found"
                                : "error");
  });
  http.set_exception_handler(
      [self](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
        try {
          if (e) std::rethrow_exception(e);
        } catch (const std::exception& x) {
          self->log(fmt::format("internal error answering a request: {}", x.what()));
        } catch (...) {
          self->log("internal error answering a request: an unknown exception");
        }
        plain(res, 500, "internal error");
      });

  auto bound = m->o.listen;
  errno = 0;
  bool ok = false;
  if (bound.port == 0) {
    const int port = http.bind_to_any_port(bound.host);
    ok = port > 0;
    if (ok) bound.port = static_cast<std::uint16_t>(port);
  } else {
    ok = http.bind_to_port(bound.host, bound.port);
  }
  if (!ok) {
    const int err = errno;
    throw io_error(fmt::format("cannot listen on {}:{}: {}", bound.host, m->o.listen.port,
                               err ? std::strerror(err) : "the address cannot be bound"));
  }
  // The first rendering, before any request is accepted (they wait in the listen queue). A folder
  // that cannot be read ends here (io_error); a timeline with errors is logged and answered with
  // 503 until it is fixed.
  m->refresh(true);
  m->reloader = std::thread([self] { self->reload_loop(); });

  return bound;
}

void server::run() {
  m->http.listen_after_bind();
}

void server::stop() {
  m->stop_reloader();
  m->http.stop();
}

}  // namespace chronicle
