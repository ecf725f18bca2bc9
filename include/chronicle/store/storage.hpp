#pragma once
/// Reading a timeline folder: `timeline.toml` plus one TOML file per event.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/model/validate.hpp"  // is_valid_utf8, is_language_tag, is_valid_event_id

namespace chronicle {

/// A timeline as loaded, with every problem found. Use `timeline` only when
/// `has_errors(diagnostics)` is false.
struct load_result {
  chronicle::timeline timeline;
  std::vector<diagnostic> diagnostics;
};

/// An event as parsed from one file. `event` is set whenever the text is TOML, even with errors
/// in its values (so that its relations can still be checked); use it as valid only when
/// `has_errors(diagnostics)` is false.
struct event_parse_result {
  std::optional<chronicle::event> event;
  std::vector<diagnostic> diagnostics;
};

/// Parses `timeline.toml` text. Unknown keys, wrong types and unknown zones are diagnostics.
std::optional<timeline_info> parse_timeline_info(std::string_view text, const std::string& file,
                                                 std::vector<diagnostic>& diagnostics);

/// Parses one event file's text. `id` is the event's id (its file name without `.toml`);
/// `file` names it in diagnostics; `info` gives the default time zone. The TOML is read into an
/// event with the position of every value (`event::positions`, by key path); its values are
/// then checked by `validate` (model/validate.hpp), so an event built in memory is valid exactly
/// when the file `to_toml` writes for it loads.
event_parse_result parse_event(std::string_view text, const std::string& id,
                               const std::string& file, const timeline_info& info);

/// Loads the timeline in `dir`: `timeline.toml` and every other `*.toml` file, in name order,
/// then sorts the events and checks relations. Files whose name starts with `.` (such as the
/// temporary files of an interrupted write) are ignored. An entry named as an event file or as
/// `timeline.toml` that is not a file (a folder, a broken symbolic link) is an error at its path
/// (`scan_event_folder`). Throws `io_error`, with the path and the system's reason, when the
/// folder or a file cannot be read.
load_result load_timeline(const std::filesystem::path& dir);

/// The event as the text of its file, in the canonical key order (what `parse_event` reads
/// back to an equal event). Values are written by toml++, so escaping is always valid TOML.
std::string to_toml(const event& e, const std::string& default_language);

/// The settings as the text of `timeline.toml` (what `parse_timeline_info` reads back).
std::string to_toml(const timeline_info& info);

/// The id a new event gets: its start date and a slug of its title, transliterated to Latin
/// with ICU ("Встреча в Астане" on 2024-05 gives "2024-05-vstrecha-v-astane").
std::string derive_event_id(const event& e, std::string_view lang);

/// The largest event file (or `timeline.toml`) Chronicle reads: 1 MiB. An event is a few
/// kilobytes; a bigger file is refused before it is read, so a stray huge file cannot exhaust
/// memory.
inline constexpr std::uintmax_t k_max_event_file_bytes = std::uintmax_t{1} << 20;

/// The largest VEVENT `chronicle import` parses: 16 MiB of iCalendar text. An event whose file
/// fits `k_max_event_file_bytes` takes a few MiB at most as a VEVENT (its text twice, with a
/// Chronicle export's embedded copy, escaped and folded); a bigger one is rejected unread, so a
/// 100 MB line cannot take gigabytes of memory.
inline constexpr std::uintmax_t k_max_vevent_bytes = std::uintmax_t{16} << 20;
/// The largest .ics file read whole into memory (`check`'s committed exports, `undo`'s journal
/// entries): 1 GiB. `chronicle import` maps its calendar instead (`store/mapped_file.hpp`) and
/// has no limit on its size, only the limits on each VEVENT.
inline constexpr std::uintmax_t k_max_ics_file_bytes = std::uintmax_t{1} << 30;

/// Reads a whole file of at most `max_bytes`. Throws `io_error` with the system's reason, or
/// `cannot read "x.toml": file too large (N bytes; the limit is M bytes)`.
std::string read_file(const std::filesystem::path& path,
                      std::uintmax_t max_bytes = k_max_event_file_bytes);

/// The `cannot read "name": file too large ...` message of the size limits.
std::string too_large_message(const std::string& name, std::uintmax_t size,
                              std::uintmax_t max_bytes);

}  // namespace chronicle
