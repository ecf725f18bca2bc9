#pragma once
/// `chronicle publish`: the timeline pushed to a CalDAV calendar collection (RFC 4791), one
/// resource per event, with no lost update, no duplicate and no silent overwrite.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/exchange/ical/export.hpp"

namespace chronicle {

/// Who wins where the server changed an event since the last publish.
enum class prefer_side {
  none,    ///< nobody: a conflict, reported and left as it is
  ours,    ///< the timeline's version is sent over the server's
  theirs,  ///< the server's version stays, and is taken as published
};

struct publish_request {
  std::string url;           ///< the calendar collection; a missing trailing `/` is added
  std::string display_name;  ///< the collection's name when publish creates it (MKCALENDAR)
  std::string user;          ///< empty: the URL's, else the netrc entry's
  /// Never logged, never written anywhere. Nothing: the netrc entry's, or none.
  std::optional<std::string> password;
  std::filesystem::path netrc_file;  ///< empty: none read
  std::filesystem::path ca_file;     ///< certificates to trust besides the system's
  prefer_side prefer = prefer_side::none;
  bool dry_run = false;  ///< read the server, send nothing that changes it, write no state
  /// Events removed from the timeline stay on the server as cancelled (STATUS:CANCELLED,
  /// SEQUENCE raised, `If-Match`) instead of being deleted.
  bool cancel = false;
  long timeout_seconds = 30;
  /// What the timeline's inputs looked like on disk before they were read
  /// (`publish_inputs_fingerprint`); empty: unknown, no fast path. When it is the one the last
  /// publish recorded, `publish_timeline` reads nothing of the timeline.
  std::string inputs_fingerprint;
  /// Called with one line per request: method, URL, conditions and the status answered.
  std::function<void(std::string_view)> log;
};

enum class publish_action { create_collection, create, update, remove, cancel };

/// A request that changes the server: what `--dry-run` lists instead of sending.
struct publish_step {
  publish_action action;
  std::string event_id;  ///< empty for the collection
  std::string url;
  std::string condition;  ///< `If-None-Match: *`, `If-Match: "etag"`
};

struct publish_conflict {
  std::string event_id;
  std::string url;
  std::string reason;  ///< "changed on the server since the last publish"
  std::string ours;    ///< what publish would send; empty: the event was removed here
  std::string theirs;  ///< the server's version; empty: removed there
};

struct publish_report {
  bool created_collection = false;
  std::size_t created = 0, updated = 0, removed = 0, unchanged = 0;
  std::size_t cancelled = 0;  ///< removed here, kept on the server as cancelled (`cancel`)
  std::size_t adopted = 0;    ///< already on the server as the timeline has them: recorded
  std::size_t requests = 0;   ///< HTTP requests made (answered or not)
  /// The inputs' fingerprint matched the last publish's: the timeline was not read.
  bool inputs_unchanged = false;
  /// Only the timeline's changes were sent, with their conditions, without listing the
  /// collection first.
  bool without_listing = false;
  /// The timeline could not be read (`publish_timeline`'s `objects` gave nothing): nothing
  /// was sent after the listing.
  bool unreadable = false;
  std::vector<publish_step> steps;  ///< what was sent, or with dry_run what would be
  std::vector<publish_conflict> conflicts;
  /// Server changes publish did not have to overwrite, left as the server has them.
  std::vector<std::string> notes;
};

/// One resource `fetch_server_changes` read.
struct server_object {
  std::string uid;
  std::string name;  ///< the resource's name in the collection
  std::string etag;
  std::string text;
};

/// What changed in the collection since the last publish or pull.
struct server_changes {
  bool collection_missing = false;
  /// Resources new on the server (another client's), or changed since the last publish or pull.
  std::vector<server_object> changed;
  /// Events published before whose resource is gone from the server (their ids).
  std::vector<std::string> deleted;
  std::string sync_token;    ///< the collection's, to record once the changes are imported
  std::size_t requests = 0;  ///< one listing, and a GET per changed resource
};

/// The way back: lists the collection (one request, as publish does) and fetches each resource
/// whose ETag is not the one the state of `state_file` records. Writes nothing. Throws
/// `io_error` as `publish_objects` does.
server_changes fetch_server_changes(const std::filesystem::path& state_file,
                                    const publish_request& request);

/// Records in `state_file`, once their import is written, that the timeline has taken
/// `changes`: each fetched resource with its ETag (and no hash, so that the next publish sends
/// the timeline's version of it with `If-Match`), and the sync token. Each deleted resource is
/// forgotten: an event pull removed here is not deleted again, and one kept here (`--prefer
/// ours`) is created anew by the next publish.
void record_pulled(const std::filesystem::path& state_file, const publish_request& request,
                   const server_changes& changes);

/// The ids of the events of `objects` that the server holds as sent: the state `state_file`
/// records their object's hash (`content_hash`) with an ETag, as the last publish left it
/// (created, updated, unchanged or adopted). What publish records the merge bases of (ops/
/// import.hpp, `plan_record_bases`). Throws `io_error` when the state cannot be read.
std::vector<std::string> published_as_sent(const std::filesystem::path& state_file,
                                           const std::vector<calendar_object>& objects);

/// The user name written in `url` (`https://alice@dav.example.org/...`), decoded; empty when
/// none, or when `url` is not an http or https URL.
std::string user_in_url(const std::string& url);

/// `.chronicle/publish/NAME.json` of the timeline folder `timeline_dir` for the collection `url`.
std::filesystem::path publish_state_file(const std::filesystem::path& timeline_dir,
                                         std::string_view url);

/// Sends `objects` to the collection: creates it when missing (MKCALENDAR), creates each new
/// object with `If-None-Match: *`, replaces each changed one with `If-Match: ETAG`, deletes
/// with `If-Match` each object an earlier publish sent whose event is gone. One listing request
/// (a sync-collection REPORT with the token of the last publish, else a PROPFIND of the ETags)
/// finds what changed on the server; an unchanged timeline sends nothing more. A server version
/// that changed since the last publish is never overwritten unless `prefer` says so: it is a
/// conflict. What was sent is recorded in `state_file` (href, ETag and hash per event, no
/// secret) as requests succeed, so that an interrupted publish, rerun, neither duplicates nor
/// loses an event. Throws `io_error` for any failure of the network or the server (after
/// recording what succeeded).
publish_report publish_objects(const std::vector<calendar_object>& objects,
                               const std::filesystem::path& state_file,
                               const publish_request& request);

/// The calendar objects of the timeline, read and exported when `publish_timeline` needs them;
/// nothing when the timeline cannot be read (the reason already told).
using object_source = std::function<std::optional<std::vector<calendar_object>>()>;

/// `publish_objects` with the timeline read only when needed. When `request.inputs_fingerprint`
/// is the one recorded by the last publish (and that publish left nothing unsettled), the
/// timeline is not read at all: one listing request, and `objects` is called only if the
/// server changed since. Otherwise `objects` is called before any request. When the timeline
/// has changed since the last publish and the state knows the collection (and `prefer` is
/// `none`), the collection is not listed: only the conditional requests for what changed are
/// sent (`If-Match` / `If-None-Match: *`), and a `412 Precondition Failed` is followed by a GET
/// of the server's version, to report the conflict or adopt an equal version. The sync token
/// recorded then stays the one of the last listing, so that the next listing sees every change
/// since, and recognises this publish's own by the ETags its PUTs answered.
publish_report publish_timeline(const object_source& objects,
                                const std::filesystem::path& state_file,
                                const publish_request& request);

/// A fingerprint of what publishing the timeline of `timeline_dir` reads: each visible entry of
/// the folder (name, type, size, modification time in nanoseconds, device and inode), those of
/// `.chronicle/removed/` (the tombstones), and `settings` (the program and the export options).
/// Empty when an entry was modified too recently for its time to tell a later change apart
/// (then nothing is recorded and the next publish reads the timeline), or the folder cannot be
/// listed.
std::string publish_inputs_fingerprint(const std::filesystem::path& timeline_dir,
                                       std::string_view settings);

}  // namespace chronicle
