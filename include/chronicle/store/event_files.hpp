#pragma once
/// The event files of a timeline folder: finding them, and writing them only inside the folder,
/// atomically, never losing an event.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/result.hpp"

namespace chronicle {

class atomic_batch;

/// What a timeline folder holds as event files.
struct event_folder {
  /// The event files to read: regular files (or links to them) named `*.toml`, other than
  /// `timeline.toml` and names starting with `.`, sorted. Also files whose name is not a valid
  /// id (parsing reports those).
  std::vector<std::filesystem::path> files;
  /// The id of every entry named as an event file, sorted: those of `files`, and those of the
  /// entries that cannot be read as one (an event by that name exists, but is broken).
  std::vector<std::string> ids;
};

/// Lists the event files of timeline folder `dir`. An entry named as an event file that is not a
/// file (a folder `x.toml`, a symbolic link to nothing or to itself, a device) is an error
/// diagnostic at its path: the folder is wrong for anyone who reads it, as a file that is not
/// TOML is. The value is set beside those errors. Throws `io_error` naming the path and the
/// system's reason when `dir` is not a readable folder, or when the system refuses to say what an
/// entry is (a link into a folder that cannot be entered).
result<event_folder> scan_event_folder(const std::filesystem::path& dir);

/// What is at `path`, a name Chronicle reads as a TOML file (`what` says which: "an event file",
/// "the timeline's settings"). The value is true when it is a regular file (or a link to one),
/// false when nothing is there. Without a value, an error diagnostic at `path` says what is
/// there instead: `"x.toml" is a folder, not an event file`, a symbolic link to nothing or to
/// itself, a device. Throws `io_error` when the system refuses to say (a folder on the way that
/// cannot be entered).
result<bool> find_regular_file(const std::filesystem::path& path, std::string_view what);

/// The file of event `id` in timeline folder `dir`. `id` must be a valid event id
/// (`is_valid_event_id`): callers check ids that come from outside (the command line checks
/// its arguments and reports a usage error), ids Chronicle derives are valid by construction,
/// and files with invalid names are never written; an invalid one is a bug of the caller and
/// throws `std::invalid_argument`. Throws `io_error` when the file would resolve outside `dir`
/// (through a symbolic link), so that no write ever leaves the folder, or when resolving fails.
std::filesystem::path event_file(const std::filesystem::path& dir, std::string_view id);

/// Writes `text` as the file of a new event `id`, never replacing a file: when the name is
/// taken (even by another process at the same moment) it tries `id-2`, `id-3`, … Returns the id
/// written. Throws `io_error`.
std::string create_event_file(const std::filesystem::path& dir, const std::string& id,
                              std::string_view text);

/// Replaces the file of event `id` atomically: readers see the old file or the new one, never a
/// part. Throws `io_error`.
void replace_event_file(const std::filesystem::path& dir, std::string_view id,
                        std::string_view text);

/// Deletes the file of event `id` and flushes the folder. Throws `io_error`.
void remove_event_file(const std::filesystem::path& dir, std::string_view id);

/// The same three, as part of `batch` (`store/atomic_batch.hpp`): many files written, and
/// made durable, together. `event_file_in` is `event_file` with `real_dir`, the resolved `dir`
/// (`std::filesystem::weakly_canonical`), worked out once by the caller for every file.
std::filesystem::path event_file_in(const std::filesystem::path& dir,
                                    const std::filesystem::path& real_dir, std::string_view id);
/// Puts the file `index` of `batch` (written) in place as new event `id`, or `id-2`, `id-3`, …
/// when the name is taken. Returns the id written.
std::string create_event_file(atomic_batch& batch, std::size_t index,
                              const std::filesystem::path& dir,
                              const std::filesystem::path& real_dir, const std::string& id);
/// Deletes the file of event `id` in `batch` (the folder is flushed by `batch.finish()`).
void remove_event_file(atomic_batch& batch, const std::filesystem::path& dir,
                       const std::filesystem::path& real_dir, std::string_view id);

}  // namespace chronicle
