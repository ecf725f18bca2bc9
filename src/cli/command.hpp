#pragma once
/// What every command shares: the environment as read once by main, and the exit codes.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <CLI/CLI.hpp>

#include "chronicle/model/edtf.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/ops/settings.hpp"
#include "chronicle/store/user_config.hpp"

namespace chronicle::cli {

/// 70 is EX_SOFTWARE of sysexits.h: an internal error, a bug in Chronicle, never the user's.
enum exit_code : int { k_ok = 0, k_bad_data = 1, k_usage = 2, k_io = 3, k_internal = 70 };

/// The process environment, read in main only; commands get it from here.
struct context {
  /// The timeline folder every command uses: found by `apply_settings` (--events, else
  /// CHRONICLE_EVENTS, else upwards from the current folder, else the configuration file, else
  /// `events`).
  std::string events_dir = "events";
  std::optional<std::string> events_option;  ///< --events, when given
  bool stdout_is_terminal = false;
  /// Columns to lay text out in: the terminal's width when stdout is one, else COLUMNS; 0 when
  /// neither is known (a pipe or a file), which wraps nothing.
  std::size_t width = 0;
  bool no_color = false;  ///< NO_COLOR is set and not empty
  /// auto, always or never: NO_COLOR, else the configuration file's `color`, else auto. A
  /// command's --color wins over it.
  std::string color = "auto";
  /// The language of output when --lang is not given: CHRONICLE_LANG, else the configuration
  /// file's `language`; empty: the timeline's default_language.
  std::string language;
  /// The CalDAV calendar of publish, pull and sync when their URL is not given:
  /// CHRONICLE_CALENDAR_URL, else the configuration file's `calendar_url`.
  std::string calendar_url;
  std::size_t terminal_width = 0;  ///< the terminal's columns when stdout is one, else 0
  std::filesystem::path cwd;       ///< the current folder, absolute
  std::string xdg_config_home;     ///< $XDG_CONFIG_HOME
  /// The variables `resolve_settings` reads (ops/settings.hpp), as set and not empty.
  std::map<std::string, std::string, std::less<>> environment;
  std::optional<std::filesystem::path> config_path;  ///< where the configuration file is looked for
  user_config config;                                ///< as read (empty when there is none)
  effective_settings settings;                       ///< what `chronicle config` shows
  /// Run by `apply_settings` once the settings are known (a command filling an argument it
  /// was not given from them, such as publish's URL).
  std::vector<std::function<void()>> on_settings;
  std::optional<date::sys_seconds> source_date_epoch;
  date::sys_seconds now;           ///< the wall clock, or SOURCE_DATE_EPOCH when set
  bool stdin_is_terminal = false;  ///< someone can answer questions
  std::string editor;              ///< $VISUAL, else $EDITOR; empty when neither is set
  std::string home;                ///< $HOME (where ~/.netrc is); empty when unset
  /// $CHRONICLE_PASSWORD, the password `publish` sends; nothing when unset.
  std::optional<std::string> password;
  int exit = k_ok;  ///< set by the command that ran

  /// The local date at `now` where the user is (TZ), or in UTC when that zone is unknown.
  /// Found on first use: finding the user's zone reads the tz database (about 3 ms), which
  /// commands that never ask for the date should not pay for at start-up.
  date::sys_days today() const;
  /// True when output should be coloured, given the --color a command was given ("" for none).
  bool use_color(std::string_view option = {}) const;
  /// The language of output: `option` (--lang), else `language`, else `default_language`.
  std::string output_language(const std::string& option, const std::string& default_language) const;
  void set_today(date::sys_days day) { m_today = day; }

 private:
  mutable std::optional<date::sys_days> m_today;
};

/// Thrown by commands for errors in how they were called; main prints it and exits with 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Thrown for bad data found before a command runs (the configuration file); main exits 1.
struct data_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads the environment variables of the settings and the current folder into `ctx` (main
/// calls it once, before parsing).
void read_environment(context& ctx);

/// Reads the configuration file and resolves the settings (ops/settings.hpp) into `ctx`: the
/// timeline folder, colour, width, editor, language, calendar URL. Says on stderr which
/// timeline is used when it is not the obvious one, unless `quiet`. Called by main once the
/// arguments are parsed, before the command runs. Throws data_error for a bad configuration
/// file (its diagnostics printed), io_error when it cannot be read.
void apply_settings(context& ctx, bool quiet);

/// Loads the timeline, printing every diagnostic to stderr. Returns nothing when any is an error.
std::optional<timeline> load_or_report(const context& ctx);

/// `t` with each recurring event replaced by its occurrences that overlap `from`..`to`
/// (expand_recurrences), the notes it gives printed to stderr. Unchanged without recurrence.
timeline with_occurrences(timeline t, const std::optional<edtf_date>& from,
                          const std::optional<edtf_date>& to);

/// Throws usage_error when no event of `t` carries one of `tags` (--tag), naming it and the
/// nearest tags that exist: `--tag "minerls": no event has this tag` and, on the next line,
/// `did you mean "critical-minerals"?`.
void check_tags(const timeline& t, const std::vector<std::string>& tags);

/// Writes `text` to stdout, or atomically to `path` unless it is empty or "-".
void emit(const std::string& text, const std::string& path);

/// Asks at the terminal: prints `prompt` to stderr, reads one line from stdin and returns it
/// trimmed of spaces (empty when the user just pressed Enter); nothing at the end of input.
std::optional<std::string> ask(const std::string& prompt);

/// Prints `message` to stderr as "chronicle: message".
void complain(std::string_view message);

// One function per command, each in its own cmd_*.cpp file, called by main.
void add_list_command(CLI::App& app, context& ctx);
void add_search_command(CLI::App& app, context& ctx);
void add_import_command(CLI::App& app, context& ctx);
void add_add_command(CLI::App& app, context& ctx);
void add_show_command(CLI::App& app, context& ctx);
void add_edit_command(CLI::App& app, context& ctx);
void add_remove_command(CLI::App& app, context& ctx);
void add_undo_command(CLI::App& app, context& ctx);
void add_log_command(CLI::App& app, context& ctx);
void add_check_command(CLI::App& app, context& ctx);
void add_serve_command(CLI::App& app, context& ctx);
void add_publish_command(CLI::App& app, context& ctx);
void add_pull_command(CLI::App& app, context& ctx);
void add_sync_command(CLI::App& app, context& ctx);
void add_init_command(CLI::App& app, context& ctx);
void add_config_command(CLI::App& app, context& ctx);
void add_extract_command(CLI::App& app, context& ctx);
/// `completions` and the hidden `__complete` and `__man`, which walk the whole tree of `app`:
/// add it after the others or before, it sees every command when it runs.
void add_completions_command(CLI::App& app, context& ctx);

/// What `chronicle --version` prints: the version, the commit and the versions of libical, ICU
/// and the time-zone database in use (version.cpp).
std::string version_text();
// Subcommands of `chronicle export`.
void add_export_ics_command(CLI::App& export_cmd, context& ctx);
void add_export_html_command(CLI::App& export_cmd, context& ctx);
void add_export_vdir_command(CLI::App& export_cmd, context& ctx);
/// `export markdown`, `export json`, `export csv` and `export timelinejs`.
void add_export_formats_command(CLI::App& export_cmd, context& ctx);

}  // namespace chronicle::cli
