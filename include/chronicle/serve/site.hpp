#pragma once
/// What `chronicle serve` serves: the timeline rendered once into its three resources (the
/// calendar, the HTML page, the JSON), each with its ETag and its gzip form, so that answering a
/// request copies nothing and computes nothing. No HTTP library type appears here.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// One encoding of a resource: its bytes and its strong ETag (quoted, as sent).
struct representation {
  std::string body;
  std::string etag;
};

/// A resource as served: its media type, its bytes as rendered, and the same bytes gzipped
/// (absent when gzip would not make them smaller).
struct served_resource {
  std::string content_type;
  representation identity;
  std::optional<representation> gzip;
};

/// The rendered timeline. Immutable once built; requests share it through a shared_ptr.
struct site {
  served_resource calendar;  ///< /calendar.ics: the bytes of `chronicle export ics`
  served_resource html;      ///< /: the bytes of `chronicle export html`
  served_resource json;      ///< /events.json: the bytes of `chronicle export json`
  /// Last-Modified: the newest modification time among the timeline's files and its folder.
  date::sys_seconds last_modified{};
};

struct site_options {
  /// Language of every resource; the timeline's default language when empty.
  std::string lang;
  /// DTSTAMP of the calendar's events (SOURCE_DATE_EPOCH), as `export ics` takes it.
  std::optional<date::sys_seconds> dtstamp;
  /// The removed events (store/tombstones.hpp), cancelled in the calendar as `export ics`
  /// cancels them, so that subscribers drop them too.
  std::vector<event> removed = {};
};

/// Renders `t` (a timeline without errors) into its resources, exactly as the `export ics`,
/// `export html` and `export json` commands render it with the same language. Without a value,
/// the calendar's errors (see export_ics). `notes` receives what expanding recurrences for the
/// page noted.
result<site> build_site(const timeline& t, const site_options& o, std::vector<diagnostic>& notes);

/// The strong ETag of `bytes`: their length and the first 128 bits of their SHA-256, quoted
/// ("\"3f2a-…\""). Stable across runs, so a client's ETag stays valid across restarts.
std::string strong_etag(std::string_view bytes);

/// What a timeline folder looks like on disk: every entry's name, type, size, modification time
/// and inode, and the folder's own modification time. Two equal stamps mean nothing that
/// `load_timeline` reads has changed (an edit through an atomic rename changes the inode and the
/// folder's time; an edit in place the file's time). Hidden entries (`.chronicle/`, temporary
/// files) are left out, as loading leaves them out.
struct folder_stamp {
  std::vector<std::string> entries;  ///< one per entry, in name order
  date::sys_seconds newest{};        ///< the newest modification time seen, the folder's included
  bool operator==(const folder_stamp&) const = default;
};

/// Stats the folder `dir` and its visible entries. Throws `io_error` when the folder cannot be
/// listed.
folder_stamp stamp_folder(const std::filesystem::path& dir);

}  // namespace chronicle
