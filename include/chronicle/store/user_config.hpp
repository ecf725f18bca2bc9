#pragma once
/// The user's configuration file, `$XDG_CONFIG_HOME/chronicle/config.toml` (by default
/// `~/.config/chronicle/config.toml`): defaults for every command, below the command's options
/// and the environment (`ops/settings.hpp` decides which wins). Not part of any timeline.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "chronicle/model/result.hpp"

namespace chronicle {

/// One value of the configuration file and where it is written (1-based line and column).
template <class T>
struct config_entry {
  T value{};
  int line = 0;
  int column = 0;
};

/// The keys of the configuration file, each absent when the file does not set it.
struct user_config {
  std::string file;  ///< the path it was read from; empty when there was no file
  /// The default timeline folder: an absolute path (a leading `~/` is the home folder).
  std::optional<config_entry<std::string>> timeline;
  std::optional<config_entry<std::string>> language;      ///< of output: "en" or "ru"
  std::optional<config_entry<std::string>> color;         ///< "auto", "always" or "never"
  std::optional<config_entry<std::size_t>> width;         ///< columns; 0 wraps nothing
  std::optional<config_entry<std::string>> editor;        ///< a command, as $EDITOR holds one
  std::optional<config_entry<std::string>> calendar_url;  ///< http(s) URL of a CalDAV calendar
};

/// The keys `parse_user_config` knows, in the order `chronicle config` shows them.
inline constexpr std::string_view k_config_keys[] = {"timeline", "color",  "width",
                                                     "language", "editor", "calendar_url"};

/// Where the configuration file is: `xdg_config_home/chronicle/config.toml` when
/// `xdg_config_home` is an absolute path (the XDG Base Directory rules ignore a relative one),
/// else `home/.config/chronicle/config.toml`; nothing when `home` is empty too.
std::optional<std::filesystem::path> user_config_path(std::string_view xdg_config_home,
                                                      std::string_view home);

/// Parses the configuration file's text; `file` names it in diagnostics and `home` is what a
/// leading `~/` in `timeline` stands for. Every problem is an error at its line and column:
/// malformed TOML, a key it does not know (an error, not a warning: a misspelt key would
/// otherwise be silently ignored), a value of the wrong type, a `language` other than the
/// languages of output (en, ru), a `color` other than auto, always or never, a `width` out of
/// 0..1000, an empty `editor`, a `calendar_url` that is not http(s), a relative `timeline`.
result<user_config> parse_user_config(std::string_view text, const std::string& file,
                                      std::string_view home);

/// Reads and parses the configuration file at `path` (`parse_user_config`); an empty
/// configuration, with `file` empty, when there is no file there. Throws `io_error` when it
/// exists but cannot be read.
result<user_config> load_user_config(const std::filesystem::path& path, std::string_view home);

}  // namespace chronicle
