#pragma once
/// Which timeline a command works on, and every setting a command takes from the environment or
/// the configuration file, each with where it came from. Precedence, highest first: the
/// command's options, the environment, the configuration file (store/user_config.hpp), the
/// defaults. The library reads neither the environment nor the current folder: the CLI passes
/// them in.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "chronicle/store/user_config.hpp"

namespace chronicle {

/// How the timeline folder was found.
enum class timeline_source {
  option,       ///< --events DIR
  environment,  ///< CHRONICLE_EVENTS
  upward,       ///< the nearest folder upwards from the current one with a timeline.toml
  config,       ///< `timeline` in the configuration file
  fallback,     ///< `events`, in the current folder: what Chronicle did before all of this
};

struct timeline_location {
  std::filesystem::path dir;  ///< as commands name it in messages
  timeline_source source = timeline_source::fallback;
  /// Where it came from, in words: `option --events`, `environment CHRONICLE_EVENTS`,
  /// `found upwards from the current folder`, `CONFIG:LINE`, `default`.
  std::string origin;
  /// False when someone may not expect this folder, so the CLI says which it uses: a folder
  /// found upwards other than the current one, or the configuration file's.
  bool obvious = true;
};

/// What `locate_timeline` looks at.
struct timeline_query {
  std::optional<std::string> option;       ///< --events, when given
  std::optional<std::string> environment;  ///< CHRONICLE_EVENTS, when set and not empty
  std::filesystem::path cwd;               ///< the current folder, absolute
  const user_config* config = nullptr;     ///< the configuration file, when there is one
};

/// Finds the timeline as git finds its repository: --events, else CHRONICLE_EVENTS, else the
/// nearest folder from `cwd` upwards (`cwd` included) that holds a `timeline.toml`, else the
/// configuration file's `timeline`, else `events` (relative to `cwd`, as before). A folder found
/// upwards is named relative to `cwd` (`.`, `..`, `../..`). Nothing is checked beyond the
/// search: a folder given that does not exist is for loading to report.
timeline_location locate_timeline(const timeline_query& q);

/// One setting's value and where it came from (`option --width`, `environment COLUMNS`,
/// `CONFIG:LINE`, `the terminal`, `default`); an empty value means "not set".
struct setting {
  std::string value;
  std::string origin;
};

/// The environment variables and facts of the process `resolve_settings` reads.
struct settings_query {
  timeline_query timeline;
  /// The variables as the CLI read them: CHRONICLE_LANG, NO_COLOR, COLUMNS, VISUAL, EDITOR,
  /// CHRONICLE_CALENDAR_URL. Unset and empty ones are left out.
  std::map<std::string, std::string, std::less<>> environment;
  std::size_t terminal_width = 0;  ///< the terminal's columns when stdout is one, else 0
};

/// The settings below the command's options: what a command uses when its option is not given.
struct effective_settings {
  timeline_location timeline;
  setting language;         ///< empty: the timeline's default_language
  setting color;            ///< auto, always or never
  setting width;            ///< columns; "0" wraps nothing
  std::size_t columns = 0;  ///< `width` as a number
  setting editor;           ///< empty: none (edit then asks for one)
  setting calendar_url;     ///< empty: none (publish then needs its URL argument)
};

/// The settings, each from the environment, else `config`, else its default:
///   language      CHRONICLE_LANG, else `language`, else the timeline's default_language
///   color         NO_COLOR (not empty) gives never, else `color`, else auto
///   width         COLUMNS (a number), else `width`, else the terminal's width, else 0
///   editor        VISUAL, else EDITOR, else `editor`, else none
///   calendar_url  CHRONICLE_CALENDAR_URL, else `calendar_url`, else none
/// and the timeline by `locate_timeline`.
effective_settings resolve_settings(const settings_query& q, const user_config& config);

}  // namespace chronicle
