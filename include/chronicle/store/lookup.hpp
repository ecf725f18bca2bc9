#pragma once
/// Finding events by id, or by any unique prefix of it as git finds commits, or by a unique
/// part of the title, and finding the events that relate to one.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/event.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// What a possibly abbreviated id names.
struct id_match {
  std::string id;                       ///< the one event meant; empty when none or several
  std::vector<std::string> candidates;  ///< every id starting with the text, when several do
  /// The one file meant, when its name is not a valid event id (loading reports it; it is
  /// never written to or removed); `id` is then empty.
  std::string unusable;
  std::vector<std::string> titles;  ///< beside `candidates` (resolve_event): their titles
};

/// Resolves `text` among `ids`: an exact id wins; otherwise the only id starting with `text`.
id_match resolve_id(const std::vector<std::string>& ids, std::string_view text);

/// Resolves `text` among the events of `t` whose files are `ids`: an exact id, else the only id
/// starting with `text`, else the only event whose title, in any of its languages, contains
/// `text` (case-insensitive; three characters at least). When several match, their ids are the
/// candidates, beside their titles (in `t`'s default language).
id_match resolve_event(const timeline& t, const std::vector<std::string>& ids,
                       std::string_view text);

/// Why `match` (for `text`) names no single event, as a message: `"../x" is not an event id…`
/// for text no id can start with and no title holds, `"X" names the file …, whose name is not a
/// valid event id`, `no event "x" in "events"`, or `"2024-03" is ambiguous; it may be: …` with
/// one candidate per line (and its title, when known). Empty when it does.
std::string describe_mismatch(const id_match& match, std::string_view text,
                              const std::filesystem::path& dir);

/// The id of every entry of `dir` named as an event file (`scan_event_folder`), sorted: also
/// names that are not valid ids, and entries that cannot be read as files (loading reports
/// both). Throws `io_error` when `dir` cannot be listed.
std::vector<std::string> list_event_ids(const std::filesystem::path& dir);

/// An event that relates to another, and how.
struct referrer {
  std::string id;
  std::string file;
  std::vector<relation_kind> kinds;  ///< one per relation to the target
};

/// Every event file in `dir` that relates to `id`, read from the files themselves (so events
/// with errors count too). The diagnostics (errors) name the files whose relations cannot be
/// known or changed: entries that are not files, files that are not TOML, and files that relate
/// to `id` but whose name is not a valid id (never rewritten); the value is set beside them.
/// Throws `io_error`.
result<std::vector<referrer>> find_referrers(const std::filesystem::path& dir,
                                             const timeline_info& info, std::string_view id);

}  // namespace chronicle
