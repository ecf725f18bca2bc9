#pragma once
/// Where `export vdir` and `publish` keep what they remember between runs: files in the
/// timeline's `.chronicle/` folder (docs/FORMAT.md), never a secret.

#include <filesystem>
#include <string_view>

namespace chronicle {

/// A file name for the state about `key` (a folder path, a URL): its letters, digits, `.`, `-`
/// and `_` (others as `_`, at most 60), a `-`, 16 hex digits of a hash of the whole key, and
/// `.json`. The same key always gives the same name; two keys (practically) never share one.
std::string state_file_name(std::string_view key);

/// Writes `.chronicle/README` in the timeline folder `dir` when it is missing.
void ensure_derived_state_readme(const std::filesystem::path& dir);

}  // namespace chronicle
