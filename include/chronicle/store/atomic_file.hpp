#pragma once
/// Writes that never leave a half-written file behind.

#include <filesystem>
#include <string_view>

namespace chronicle {

/// Replaces `path` with `content` atomically: writes a temporary file `.NAME.XXXXXX` in the same
/// folder (names starting with `.` are never read as events), flushes it to disk, renames it over
/// `path` and flushes the folder. On failure the previous file is untouched, the temporary file
/// is removed, and `io_error` says why (`cannot write "x.ics": No space left on device`).
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Like `write_file_atomically`, but never replaces an existing file: returns false, writing
/// nothing, when `path` already exists (even if another process creates it at the same moment).
bool create_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace chronicle
