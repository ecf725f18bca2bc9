#include "chronicle/publish/caldav.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/exchange/ical/compare.hpp"
#include "chronicle/model/diagnostic.hpp"
#include "chronicle/publish/derived_state.hpp"
#include "chronicle/publish/http.hpp"
#include "chronicle/publish/webdav.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/util/content_hash.hpp"

namespace chronicle {

namespace fs = std::filesystem;

namespace {

/// What the last publish left on the server for one event.
struct sent_object {
  std::string event_id;
  std::string name;                 ///< resource name in the collection
  std::optional<std::string> etag;  ///< the server's ETag; nothing: not on the server
  std::string hash;                 ///< content_hash of the text sent
};

struct publish_state {
  bool known = false;  ///< read from a state file (not a first publish, or a lost state)
  std::string sync_token;
  /// The inputs' fingerprint of the last publish that left nothing unsettled; empty: none.
  std::string inputs;
  /// The last listing found server changes left as they are (or conflicts): the next publish
  /// lists the collection again to report them.
  bool unsettled = false;
  std::map<std::string, sent_object> objects;  ///< by UID
};

publish_state load_state(const fs::path& file) {
  publish_state out;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return out;
    throw io_error(fmt::format("cannot read \"{}\": {}", file.string(), std::strerror(errno)));
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // A state that does not parse counts as none: the next publish compares every resource with
  // the timeline before writing it, so nothing is duplicated or overwritten, only re-checked.
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  if (j.contains("sync_token") && j["sync_token"].is_string())
    out.sync_token = j["sync_token"].get<std::string>();
  if (j.contains("inputs") && j["inputs"].is_string()) out.inputs = j["inputs"].get<std::string>();
  if (j.contains("unsettled") && j["unsettled"].is_boolean())
    out.unsettled = j["unsettled"].get<bool>();
  if (!j.contains("objects") || !j["objects"].is_object()) return out;
  out.known = true;
  for (const auto& [uid, o] : j["objects"].items()) {
    if (!o.is_object() || !o.contains("name") || !o["name"].is_string() || !o.contains("hash") ||
        !o["hash"].is_string())
      continue;
    sent_object s;
    s.event_id = o.value("event", std::string{});
    s.name = o["name"].get<std::string>();
    s.hash = o["hash"].get<std::string>();
    if (o.contains("etag") && o["etag"].is_string()) s.etag = o["etag"].get<std::string>();
    out.objects.emplace(uid, std::move(s));
  }
  return out;
}

void save_state(const fs::path& file, const std::string& url, const publish_state& state) {
  nlohmann::json j;
  j["url"] = url;
  j["sync_token"] = state.sync_token;
  if (!state.inputs.empty()) j["inputs"] = state.inputs;
  if (state.unsettled) j["unsettled"] = true;
  auto& objects = j["objects"] = nlohmann::json::object();
  for (const auto& [uid, o] : state.objects) {
    auto& e = objects[uid];
    e["event"] = o.event_id;
    e["name"] = o.name;
    e["etag"] = o.etag ? nlohmann::json(*o.etag) : nlohmann::json();
    e["hash"] = o.hash;
  }
  const auto dir = file.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw io_error(fmt::format("cannot create folder \"{}\": {}", dir.string(), ec.message()));
  ensure_derived_state_readme(dir.parent_path().parent_path());
  write_file_atomically(file, j.dump(1) + "\n");
}

/// What the server holds, by resource name, as one listing request found it.
struct listing {
  bool exists = true;
  bool complete = false;  ///< every resource listed; otherwise only changes since the token
  std::map<std::string, std::string> etags;
  std::set<std::string> gone;
  std::string sync_token;
};

/// The reason of an HTTP status, for messages.
std::string status_text(long status) {
  switch (status) {
    case 400: return "400 Bad Request";
    case 401: return "401 Unauthorized";
    case 403: return "403 Forbidden";
    case 404: return "404 Not Found";
    case 405: return "405 Method Not Allowed";
    case 409: return "409 Conflict";
    case 412: return "412 Precondition Failed";
    case 415: return "415 Unsupported Media Type";
    case 500: return "500 Internal Server Error";
    case 501: return "501 Not Implemented";
    case 502: return "502 Bad Gateway";
    case 503: return "503 Service Unavailable";
    case 507: return "507 Insufficient Storage";
    default: return std::to_string(status);
  }
}

class session {
 public:
  session(const publish_request& r, const http::url_parts& where)
      : m_request(r), m_where(where), m_client(settings_of(r, where)) {}

  http::response send(std::string_view method, const std::string& url,
                      std::vector<std::string> headers, std::string_view body = {}) {
    std::string condition;
    for (const auto& h : headers)
      if (h.starts_with("If-") || h.starts_with("Depth")) condition += " " + h;
    try {
      auto r = m_client.request(method, url, headers, body);
      if (m_request.log)
        m_request.log(fmt::format("{} {}{} -> {}", method, url, condition, r.status));
      return r;
    } catch (const io_error&) {
      if (m_request.log) m_request.log(fmt::format("{} {}{} -> no answer", method, url, condition));
      throw;
    }
  }

  /// Throws the message for an answer publish cannot go on after.
  [[noreturn]] void fail(std::string_view method, const std::string& url,
                         const http::response& r) const {
    std::string why;
    switch (r.status) {
      case 401:
        why =
            "the server refused the credentials; check the user name and password for this "
            "host (in ~/.netrc, CHRONICLE_PASSWORD or --password-command)";
        break;
      case 403: why = "the server forbids it; the account may not write to this calendar"; break;
      case 507: why = "the server has no space left for the calendar"; break;
      default: why = "the server refused it"; break;
    }
    throw io_error(fmt::format("{} {}: {} ({})", method, url, why, status_text(r.status)));
  }

  std::size_t requests() const { return m_client.requests(); }

 private:
  static http::settings settings_of(const publish_request& r, const http::url_parts& where) {
    http::settings s;
    s.user = r.user.empty() ? where.user : r.user;
    s.password = r.password;
    s.netrc_file = r.netrc_file;
    s.ca_file = r.ca_file;
    s.timeout_seconds = r.timeout_seconds;
    s.preemptive_basic = where.secure_or_local;
    return s;
  }

  const publish_request& m_request;
  http::url_parts m_where;
  http::client m_client;
};

/// Thrown inside the publisher when sending only the changes met something only a listing
/// explains (the collection gone, an object deleted on the server): publish lists after all.
struct listing_needed {};

class publisher {
 public:
  publisher(const publish_request& r, const fs::path& state_file)
      : m_request(r), m_state_file(state_file), m_where(where_of(r.url)), m_session(r, m_where) {
    m_collection_url = m_where.origin + m_where.path;
    m_collection_path = http::percent_decode(m_where.path);
  }

  server_changes fetch() {
    m_state = load_state(m_state_file);
    server_changes out;
    auto server = list_server();
    out.sync_token = server.sync_token;
    if (!server.exists) {
      out.collection_missing = true;
      out.requests = m_session.requests();
      return out;
    }
    std::map<std::string, const sent_object*> by_name;
    for (const auto& [uid, s] : m_state.objects) by_name.emplace(s.name, &s);
    for (const auto& [name, etag] : server.etags) {
      const auto it = by_name.find(name);
      if (it != by_name.end() && it->second->etag == etag) continue;
      auto theirs = fetch(name);
      if (!theirs) continue;
      auto uid = first_uid(theirs->first);
      if (uid.empty()) continue;  // not an event: nothing to import
      out.changed.push_back({std::move(uid), name, theirs->second.empty() ? etag : theirs->second,
                             std::move(theirs->first)});
    }
    for (const auto& [uid, s] : m_state.objects) {
      if (!s.etag) continue;
      if (server.gone.contains(s.name) || (server.complete && !server.etags.contains(s.name)))
        out.deleted.push_back(s.event_id.empty() ? uid : s.event_id);
    }
    out.requests = m_session.requests();
    return out;
  }

  void record(const server_changes& changes) {
    m_state = load_state(m_state_file);
    for (const auto& o : changes.changed) {
      auto& s = m_state.objects[o.uid];
      s.name = o.name;
      s.etag = o.etag;
      s.hash.clear();
    }
    const std::set<std::string> deleted(changes.deleted.begin(), changes.deleted.end());
    std::erase_if(m_state.objects, [&](const auto& entry) {
      const auto& [uid, s] = entry;
      return deleted.contains(s.event_id.empty() ? uid : s.event_id);
    });
    m_state.sync_token = changes.sync_token;
    save_state(m_state_file, m_collection_url, m_state);
  }

  publish_report run(const object_source& source) {
    m_state = load_state(m_state_file);
    try {
      run_from(source);
    } catch (const io_error&) {
      m_report.requests = m_session.requests();
      if (!m_request.dry_run && m_dirty) save_state(m_state_file, m_collection_url, m_state);
      throw;
    }
    m_report.requests = m_session.requests();
    return std::move(m_report);
  }

 private:
  static http::url_parts where_of(const std::string& url) {
    auto parts = http::split_url(url);
    if (!parts)
      throw io_error(fmt::format("\"{}\" is not an http:// or https:// URL of a calendar", url));
    if (!parts->path.ends_with('/')) parts->path += '/';
    return *parts;
  }

  std::string url_of(const std::string& name) const { return m_collection_url + name; }

  /// The resource name a listed href stands for, or empty when it is not directly inside the
  /// collection (the collection itself, or something deeper).
  std::string name_of(const std::string& href) const {
    std::string path = href;
    if (path.starts_with("http://") || path.starts_with("https://")) {
      const auto parts = http::split_url(path);
      if (!parts) return {};
      path = parts->path;
    }
    path = http::percent_decode(path);
    if (!path.starts_with(m_collection_path)) return {};
    auto rest = path.substr(m_collection_path.size());
    if (rest.empty() || rest.find('/') != std::string::npos) return {};
    return rest;
  }

  void take(listing& out, const webdav::multistatus& ms) const {
    out.sync_token = ms.sync_token;
    for (const auto& e : ms.entries) {
      if (e.collection) continue;
      const auto name = name_of(e.href);
      if (name.empty()) continue;
      if (e.gone)
        out.gone.insert(name);
      else if (e.etag)
        out.etags[name] = *e.etag;
    }
  }

  webdav::multistatus parse_or_fail(std::string_view method, const http::response& r) const {
    auto ms = webdav::parse_multistatus(r.body);
    if (!ms)
      throw io_error(fmt::format(
          "{} {}: the server answered {} with something that is not a WebDAV multistatus; is "
          "this the URL of a CalDAV calendar?",
          method, m_collection_url, r.status));
    return std::move(*ms);
  }

  /// One request in the usual case: the changes since the last sync token, or everything.
  listing list_server() {
    listing out;
    const std::vector<std::string> xml = {"Content-Type: application/xml; charset=utf-8",
                                          "Depth: 0"};
    if (!m_state.sync_token.empty()) {
      auto r = m_session.send("REPORT", m_collection_url, xml,
                              webdav::sync_collection_body(m_state.sync_token));
      if (r.status == 207) {
        take(out, parse_or_fail("REPORT", r));
        return out;
      }
      if (r.status == 401) m_session.fail("REPORT", m_collection_url, r);
      // An expired token (403 or 409 with DAV:valid-sync-token), or no sync-collection any
      // more: list everything below.
    }
    auto r = m_session.send("REPORT", m_collection_url, xml, webdav::sync_collection_body(""));
    if (r.status == 207) {
      take(out, parse_or_fail("REPORT", r));
      out.complete = true;
      return out;
    }
    if (r.status == 401 || (r.status / 100 == 5 && r.status != 501))
      m_session.fail("REPORT", m_collection_url, r);
    if (r.status != 404) {
      // No sync-collection (RFC 6578) here: the ETags of the collection's members.
      r = m_session.send("PROPFIND", m_collection_url,
                         {"Content-Type: application/xml; charset=utf-8", "Depth: 1"},
                         webdav::propfind_etags_body());
      if (r.status == 207) {
        take(out, parse_or_fail("PROPFIND", r));
        out.sync_token.clear();
        out.complete = true;
        return out;
      }
      if (r.status != 404) m_session.fail("PROPFIND", m_collection_url, r);
    }
    out.exists = false;
    out.complete = true;
    return out;
  }

  void create_collection() {
    m_report.steps.push_back({publish_action::create_collection, {}, m_collection_url, {}});
    if (m_request.dry_run) return;
    auto r = m_session.send("MKCALENDAR", m_collection_url,
                            {"Content-Type: application/xml; charset=utf-8"},
                            webdav::mkcalendar_body(m_request.display_name));
    if (r.status != 201) m_session.fail("MKCALENDAR", m_collection_url, r);
    m_report.created_collection = true;
    // A new collection holds none of what an earlier state names (the calendar may have been
    // deleted on the server since): every event is new to it.
    m_state.objects.clear();
    m_state.sync_token.clear();
    m_dirty = true;
  }

  /// The server's current version of `name`: its text and ETag; nothing when it is gone.
  std::optional<std::pair<std::string, std::string>> fetch(const std::string& name) {
    const auto url = url_of(name);
    auto r = m_session.send("GET", url, {});
    if (r.status == 404 || r.status == 410) return std::nullopt;
    if (r.status != 200) m_session.fail("GET", url, r);
    return std::pair{std::move(r.body), r.header("etag")};
  }

  /// The ETag of `name` when a PUT answer did not say it.
  std::optional<std::string> etag_of(const std::string& name) {
    const auto url = url_of(name);
    auto r = m_session.send("PROPFIND", url,
                            {"Content-Type: application/xml; charset=utf-8", "Depth: 0"},
                            webdav::propfind_etags_body());
    if (r.status == 404) return std::nullopt;
    if (r.status != 207) m_session.fail("PROPFIND", url, r);
    const auto ms = parse_or_fail("PROPFIND", r);
    for (const auto& e : ms.entries)
      if (e.etag) return e.etag;
    return std::nullopt;
  }

  void conflict(const std::string& event_id, const std::string& name, std::string reason,
                std::string ours, std::string theirs) {
    m_report.conflicts.push_back(
        {event_id, url_of(name), std::move(reason), std::move(ours), std::move(theirs)});
  }

  void record(const std::string& uid, const calendar_object& o, std::optional<std::string> etag) {
    if (m_request.dry_run) return;
    m_state.objects[uid] = {o.event_id, o.name, std::move(etag), content_hash(o.text)};
    m_dirty = true;
    if (++m_unsaved >= k_save_every) {
      save_state(m_state_file, m_collection_url, m_state);
      m_unsaved = 0;
    }
  }

  /// PUT `o`, on condition that the server holds `expected` (nothing: no resource at all).
  void put(const calendar_object& o, const std::optional<std::string>& expected) {
    const auto url = url_of(o.name);
    const auto condition =
        expected ? fmt::format("If-Match: {}", *expected) : std::string("If-None-Match: *");
    m_report.steps.push_back(
        {expected ? publish_action::update : publish_action::create, o.event_id, url, condition});
    if (m_request.dry_run) {
      ++(expected ? m_report.updated : m_report.created);
      return;
    }
    auto r = m_session.send("PUT", url, {"Content-Type: text/calendar; charset=utf-8", condition},
                            o.text);
    if (r.status == 412) {
      // Someone wrote it between the listing (or the last publish) and now.
      settle_precondition_failure(o);
      return;
    }
    // Without a listing, no collection to put into: list, and create it there.
    if (!m_listed && (r.status == 404 || r.status == 409)) throw listing_needed{};
    if (r.status / 100 != 2) m_session.fail("PUT", url, r);
    auto etag = r.header("etag");
    std::optional<std::string> known = etag.empty() ? etag_of(o.name) : std::optional{etag};
    ++(expected ? m_report.updated : m_report.created);
    record(o.uid, o, known);
  }

  void settle_precondition_failure(const calendar_object& o) {
    const auto theirs = fetch(o.name);
    if (theirs && same_icalendar(theirs->first, o.text, false)) {
      ++m_report.adopted;
      record(o.uid, o, theirs->second);
      return;
    }
    // Without a listing, a resource gone may mean the collection gone: list, and decide there.
    if (!m_listed && !theirs) throw listing_needed{};
    conflict(o.event_id, o.name,
             m_listed         ? "changed on the server during this publish"
             : m_known_before ? "changed on the server since the last publish"
                              : "already on the server with other content, not sent by an "
                                "earlier publish of this timeline",
             o.text, theirs ? theirs->first : std::string{});
  }

  void remove(const std::string& uid, const sent_object& s, const std::string& etag) {
    const auto url = url_of(s.name);
    const auto condition = fmt::format("If-Match: {}", etag);
    m_report.steps.push_back({publish_action::remove, s.event_id, url, condition});
    if (m_request.dry_run) {
      ++m_report.removed;
      return;
    }
    auto r = m_session.send("DELETE", url, {condition});
    if (r.status == 412) {
      const auto theirs = fetch(s.name);
      if (!theirs) {
        forget(uid);
        return;
      }
      conflict(s.event_id, s.name,
               m_listed ? "changed on the server during this publish; removed here"
                        : "changed on the server since the last publish; removed here",
               {}, theirs->first);
      return;
    }
    if (r.status / 100 != 2 && r.status != 404) m_session.fail("DELETE", url, r);
    ++m_report.removed;
    forget(uid);
  }

  /// Replaces the server's version of an event removed here with the same, cancelled.
  void cancel(const std::string& uid, const sent_object& s, const std::string& etag) {
    const auto url = url_of(s.name);
    const auto condition = fmt::format("If-Match: {}", etag);
    m_report.steps.push_back({publish_action::cancel, s.event_id, url, condition});
    if (m_request.dry_run) {
      ++m_report.cancelled;
      return;
    }
    const auto theirs = fetch(s.name);
    if (!theirs) {
      forget(uid);
      return;
    }
    const auto cancelled = cancelled_version(theirs->first);
    if (!cancelled) {
      conflict(s.event_id, s.name,
               "removed here, but the server's version holds no event to cancel", {},
               theirs->first);
      return;
    }
    auto r = m_session.send("PUT", url, {"Content-Type: text/calendar; charset=utf-8", condition},
                            *cancelled);
    if (r.status == 412) {
      conflict(s.event_id, s.name, "changed on the server during this publish; removed here", {},
               theirs->first);
      return;
    }
    if (r.status / 100 != 2) m_session.fail("PUT", url, r);
    auto new_etag = r.header("etag");
    std::optional<std::string> known = new_etag.empty() ? etag_of(s.name) : std::optional{new_etag};
    ++m_report.cancelled;
    m_state.objects[uid] = {s.event_id, s.name, known, std::string(k_cancelled)};
    m_dirty = true;
  }

  void forget(const std::string& uid) {
    m_state.objects.erase(uid);
    m_dirty = true;
  }

  /// The server's ETag of a resource: what the listing says, or for a listing of changes
  /// only, what the last publish recorded.
  static std::optional<std::string> etag_on_server(const listing& server, const std::string& name,
                                                   const sent_object* known) {
    if (const auto it = server.etags.find(name); it != server.etags.end()) return it->second;
    if (server.complete || server.gone.contains(name) || !known) return std::nullopt;
    return known->etag;
  }

  void say(std::string_view line) const {
    if (m_request.log) m_request.log(line);
  }

  /// Whether the fingerprint of the inputs tells that the timeline is as the last publish,
  /// which left nothing unsettled, sent it.
  bool inputs_unchanged() const {
    if (m_request.inputs_fingerprint.empty() || m_request.inputs_fingerprint != m_state.inputs ||
        m_state.unsettled || !m_state.known)
      return false;
    // An object pull recorded without a hash: the timeline's version is still to be sent.
    for (const auto& [uid, s] : m_state.objects)
      if (s.hash.empty()) return false;
    return true;
  }

  void run_from(const object_source& source) {
    if (inputs_unchanged()) {
      say("the timeline's files are as the last publish read them: the timeline not read");
      auto server = list_server();
      bool diverged = !server.exists;
      for (const auto& [uid, s] : m_state.objects)
        if (!diverged && etag_on_server(server, s.name, &s) != s.etag) diverged = true;
      if (!diverged) {
        m_report.inputs_unchanged = true;
        m_report.unchanged = m_state.objects.size();
        if (m_request.dry_run) return;
        if (server.sync_token != m_state.sync_token) {
          m_state.sync_token = server.sync_token;
          save_state(m_state_file, m_collection_url, m_state);
        }
        return;
      }
      say("the server changed since the last publish: reading the timeline");
      forget_inputs();
      auto objects = source();
      if (!objects) {
        m_report.unreadable = true;
        return;
      }
      run_steps(*objects, std::move(server));
      return;
    }
    forget_inputs();
    auto objects = source();
    if (!objects) {
      m_report.unreadable = true;
      return;
    }
    run_objects(*objects);
  }

  /// No state written during this publish claims the inputs of the last: until it ends, the
  /// state records this publish's progress.
  void forget_inputs() {
    m_inputs_loaded = std::move(m_state.inputs);
    m_state.inputs.clear();
  }

  /// Records `inputs` as what the state now stands for.
  void set_inputs(std::string inputs) {
    if (inputs != m_inputs_loaded) m_dirty = true;
    m_state.inputs = std::move(inputs);
  }

  void run_objects(const std::vector<calendar_object>& objects) {
    std::vector<std::string> hashes;
    hashes.reserve(objects.size());
    for (const auto& o : objects) hashes.push_back(content_hash(o.text));
    if (!sends_changes_only(objects, hashes)) {
      run_steps(objects, std::nullopt);
      return;
    }
    try {
      run_changes(objects, hashes);
    } catch (const listing_needed&) {
      say("the server does not hold what the last publish left: listing the collection");
      const auto sent = m_report.created + m_report.updated + m_report.adopted;
      m_report.unchanged = 0;
      m_report.without_listing = false;
      run_steps(objects, std::nullopt);
      m_report.unchanged -= std::min(m_report.unchanged, sent);
    }
  }

  /// Whether to send only the timeline's changes, without listing the collection first: the
  /// state knows the collection, nothing was left unsettled on the server, and something
  /// changed here.
  bool sends_changes_only(const std::vector<calendar_object>& objects,
                          const std::vector<std::string>& hashes) const {
    if (m_request.dry_run || m_request.prefer != prefer_side::none || !m_state.known ||
        m_state.unsettled || (m_state.objects.empty() && m_state.sync_token.empty()))
      return false;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const auto it = m_state.objects.find(objects[i].uid);
      if (it == m_state.objects.end() || it->second.hash != hashes[i]) return true;
      ++kept;
    }
    if (kept == m_state.objects.size()) return false;
    // Some recorded object is no longer in the timeline: a removal, unless --cancel already
    // cancelled it.
    std::set<std::string_view> local;
    for (const auto& o : objects) local.insert(o.uid);
    for (const auto& [uid, s] : m_state.objects)
      if (!local.contains(uid) && !(m_request.cancel && s.hash == k_cancelled)) return true;
    return false;
  }

  /// Sends the timeline's changes since the last publish, each on the condition that the server
  /// holds what that publish left; no listing.
  void run_changes(const std::vector<calendar_object>& objects,
                   const std::vector<std::string>& hashes) {
    say("the timeline changed since the last publish: sending only its changes");
    m_report.without_listing = true;
    m_listed = false;
    std::set<std::string> local;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const auto& original = objects[i];
      local.insert(original.uid);
      const auto it = m_state.objects.find(original.uid);
      const sent_object* known = it == m_state.objects.end() ? nullptr : &it->second;
      if (known && known->hash == hashes[i]) {
        ++m_report.unchanged;
        continue;
      }
      calendar_object renamed;
      if (known && known->name != original.name) {
        renamed = original;
        renamed.name = known->name;
      }
      const auto& o = renamed.name.empty() ? original : renamed;
      const auto expected = known ? known->etag : std::nullopt;
      m_known_before = known != nullptr;
      put(o, expected);
    }
    std::vector<std::pair<std::string, sent_object>> gone;
    for (const auto& [uid, s] : m_state.objects)
      if (!local.contains(uid)) gone.emplace_back(uid, s);
    for (const auto& [uid, s] : gone) {
      if (m_request.cancel && s.hash == k_cancelled) {
        ++m_report.unchanged;
        continue;
      }
      if (!s.etag) {
        forget(uid);
        continue;
      }
      if (m_request.cancel)
        cancel(uid, s, *s.etag);
      else
        remove(uid, s, *s.etag);
    }
    // The sync token stays the last listing's: the next listing reports every change since,
    // this publish's own recognised by the ETags recorded from the PUT answers.
    set_inputs(m_report.conflicts.empty() ? m_request.inputs_fingerprint : std::string{});
    if (m_dirty || !fs::exists(m_state_file)) save_state(m_state_file, m_collection_url, m_state);
  }

  void run_steps(const std::vector<calendar_object>& objects, std::optional<listing> listed) {
    m_listed = true;
    auto server = listed ? std::move(*listed) : list_server();
    if (!server.exists) create_collection();
    const auto etag_on_server = [&](const std::string& name, const sent_object* known) {
      return publisher::etag_on_server(server, name, known);
    };
    bool diverged = false;
    std::set<std::string> local;
    for (const auto& original : objects) {
      local.insert(original.uid);
      const auto it = m_state.objects.find(original.uid);
      const sent_object* known = it == m_state.objects.end() ? nullptr : &it->second;
      // A resource another client created (and pull imported) keeps the name it has there.
      calendar_object renamed;
      if (known && known->name != original.name) {
        renamed = original;
        renamed.name = known->name;
      }
      const auto& o = renamed.name.empty() ? original : renamed;
      const auto hash = content_hash(o.text);
      const auto now = etag_on_server(o.name, known);
      if (known && known->hash == hash) {
        if (now == known->etag) {
          ++m_report.unchanged;
          continue;
        }
        diverged = true;
        if (m_request.prefer == prefer_side::ours) {
          put(o, now);
        } else if (m_request.prefer == prefer_side::theirs) {
          record(o.uid, o, now);
        } else {
          m_report.notes.push_back(fmt::format(
              "{} ({}) {} on the server since the last publish; left as the server has it",
              o.event_id, url_of(o.name), now ? "changed" : "deleted"));
          ++m_report.unchanged;
        }
        continue;
      }
      if (!now) {
        if (known && known->etag) {
          diverged = true;
          if (m_request.prefer == prefer_side::ours)
            put(o, std::nullopt);
          else if (m_request.prefer == prefer_side::theirs)
            record(o.uid, o, std::nullopt);
          else
            conflict(o.event_id, o.name, "deleted on the server since the last publish", o.text,
                     {});
          continue;
        }
        put(o, std::nullopt);
        continue;
      }
      if (known && known->etag == now) {
        put(o, now);
        continue;
      }
      // On the server, and not as the last publish left it (or never published from here).
      const auto theirs = fetch(o.name);
      if (!theirs) {
        put(o, std::nullopt);
        continue;
      }
      if (same_icalendar(theirs->first, o.text, false)) {
        ++m_report.adopted;
        record(o.uid, o, theirs->second.empty() ? now : theirs->second);
        continue;
      }
      diverged = true;
      const auto their_etag = theirs->second.empty() ? *now : theirs->second;
      if (m_request.prefer == prefer_side::ours)
        put(o, their_etag);
      else if (m_request.prefer == prefer_side::theirs)
        record(o.uid, o, their_etag);
      else
        conflict(o.event_id, o.name,
                 known ? "changed on the server since the last publish"
                       : "already on the server with other content, not sent by an earlier "
                         "publish of this timeline",
                 o.text, theirs->first);
    }
    // Events an earlier publish sent that the timeline no longer has.
    std::vector<std::pair<std::string, sent_object>> gone;
    for (const auto& [uid, s] : m_state.objects)
      if (!local.contains(uid)) gone.emplace_back(uid, s);
    for (const auto& [uid, s] : gone) {
      const auto now = etag_on_server(s.name, &s);
      if (!now) {
        forget(uid);
        continue;
      }
      if (m_request.cancel && s.hash == k_cancelled && now == s.etag) {
        ++m_report.unchanged;  // cancelled by an earlier publish
        continue;
      }
      if (now == s.etag || m_request.prefer == prefer_side::ours) {
        if (m_request.cancel)
          cancel(uid, s, *now);
        else
          remove(uid, s, *now);
        continue;
      }
      diverged = true;
      if (m_request.prefer == prefer_side::theirs) {
        forget(uid);
        continue;
      }
      const auto theirs = fetch(s.name);
      if (!theirs) {
        forget(uid);
        continue;
      }
      conflict(s.event_id, s.name, "changed on the server since the last publish; removed here", {},
               theirs->first);
    }
    if (m_request.dry_run) return;
    // The token moves on only when nothing on the server was left unsettled, so that the next
    // publish sees those changes again.
    const bool settled = !diverged && m_report.conflicts.empty();
    if (settled && server.sync_token != m_state.sync_token) {
      m_state.sync_token = server.sync_token;
      m_dirty = true;
    } else if (!settled) {
      if (!m_state.sync_token.empty()) m_dirty = true;
      m_state.sync_token.clear();
    }
    // Server changes --prefer settled leave nothing to report again; notes and conflicts do.
    const bool left = !m_report.notes.empty() || !m_report.conflicts.empty();
    set_inputs(left ? std::string{} : m_request.inputs_fingerprint);
    if (m_state.unsettled != left) {
      m_state.unsettled = left;
      m_dirty = true;
    }
    if (m_dirty || !fs::exists(m_state_file)) save_state(m_state_file, m_collection_url, m_state);
  }

  static constexpr int k_save_every = 16;
  /// The hash recorded for an event publish --cancel kept on the server as cancelled.
  static constexpr std::string_view k_cancelled = "cancelled";
  const publish_request& m_request;
  fs::path m_state_file;
  http::url_parts m_where;
  session m_session;
  std::string m_collection_url;
  std::string m_collection_path;
  publish_state m_state;
  publish_report m_report;
  bool m_dirty = false;
  int m_unsaved = 0;
  std::string m_inputs_loaded;  ///< the inputs the state file recorded when this publish began
  bool m_listed = true;         ///< the collection was listed before the writes
  bool m_known_before = false;  ///< the object being sent was recorded by an earlier publish
};

}  // namespace

std::string user_in_url(const std::string& url) {
  const auto parts = http::split_url(url);
  return parts ? parts->user : std::string{};
}

fs::path publish_state_file(const fs::path& timeline_dir, std::string_view url) {
  // The collection, whoever logs in to it: no user name in the key.
  const auto parts = http::split_url(std::string(url));
  std::string key = parts ? parts->origin + parts->path : std::string(url);
  if (!key.ends_with('/')) key += '/';
  return timeline_dir / ".chronicle" / "publish" / state_file_name(key);
}

server_changes fetch_server_changes(const fs::path& state_file, const publish_request& request) {
  publisher p(request, state_file);
  return p.fetch();
}

void record_pulled(const fs::path& state_file, const publish_request& request,
                   const server_changes& changes) {
  publisher p(request, state_file);
  p.record(changes);
}

std::vector<std::string> published_as_sent(const fs::path& state_file,
                                           const std::vector<calendar_object>& objects) {
  const auto state = load_state(state_file);
  std::vector<std::string> out;
  for (const auto& o : objects)
    if (const auto it = state.objects.find(o.uid); it != state.objects.end() && it->second.etag &&
                                                   it->second.event_id == o.event_id &&
                                                   it->second.hash == content_hash(o.text))
      out.push_back(o.event_id);
  return out;
}

publish_report publish_objects(const std::vector<calendar_object>& objects,
                               const fs::path& state_file, const publish_request& request) {
  publisher p(request, state_file);
  return p.run([&] { return std::optional{objects}; });
}

publish_report publish_timeline(const object_source& objects, const fs::path& state_file,
                                const publish_request& request) {
  publisher p(request, state_file);
  return p.run(objects);
}

}  // namespace chronicle
