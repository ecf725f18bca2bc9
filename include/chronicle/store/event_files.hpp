#pragma once
/// Writing event files: only inside the timeline folder, atomically, never losing an event.

#include <filesystem>
#include <string>
#include <string_view>

namespace chronicle {

/// The file of event `id` in timeline folder `dir`. Throws `io_error` when `id` is not a valid
/// event id, or when the file would resolve outside `dir` (through a symbolic link), so that no
/// write ever leaves the folder.
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

}  // namespace chronicle
