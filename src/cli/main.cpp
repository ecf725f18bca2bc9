// chronicle: the command-line face of the Chronicle library. Reads the environment once, parses
// arguments, runs one command and maps failures to exit codes (0 ok, 1 bad data, 2 usage, 3 I/O,
// 70 internal error). No exception leaves main.

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/text/edit_distance.hpp"
#include "command.hpp"

namespace {

std::optional<date::sys_seconds> read_source_date_epoch() {
  const char* v = std::getenv("SOURCE_DATE_EPOCH");
  if (!v || !*v) return std::nullopt;
  long long seconds = 0;
  const auto end = v + std::strlen(v);
  if (std::from_chars(v, end, seconds).ptr != end || seconds < 0)
    throw chronicle::cli::usage_error(
        fmt::format("SOURCE_DATE_EPOCH=\"{}\" is not a number of seconds since 1970", v));
  return date::sys_seconds{std::chrono::seconds{seconds}};
}

/// The terminal's columns when stdout is one, else 0 (COLUMNS and the configuration file are
/// weighed by apply_settings).
std::size_t read_terminal_width(bool stdout_is_terminal) {
  winsize size{};
  if (stdout_is_terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 0;
}

/// The name among `names` nearest to `typed`: within 2 edits, or the only one it starts; empty
/// when none is near enough or two are equally near.
std::string nearest(std::string_view typed, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = 3;
  bool tie = false;
  for (const auto& name : names) {
    const auto distance = chronicle::edit_distance(typed, std::string_view(name));
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
      tie = false;
    } else if (distance == best_distance && name != best) {
      tie = true;
    }
  }
  if (!best.empty() && !tie) return best;
  std::vector<std::string> starting;
  for (const auto& name : names)
    if (typed.size() >= 2 && name.starts_with(typed)) starting.push_back(name);
  return starting.size() == 1 ? starting.front() : std::string();
}

/// The options `app` and the commands above it accept, as typed (`--from`, `-o`).
std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (; app; app = app->get_parent())
    for (const auto* opt : app->get_options()) {
      for (const auto& n : opt->get_lnames()) out.push_back("--" + n);
      for (const auto& n : opt->get_snames()) out.push_back("-" + n);
    }
  return out;
}

/// The first word of the arguments that names no subcommand or option where it stands, and the
/// nearest one that does.
struct unknown_word {
  std::string problem;  ///< `unknown command "lst"`, `unknown option "--frm"`; empty: none found
  std::string hint;     ///< `did you mean "list"?`, `did you mean --from?`; empty: nothing near
};

/// For arguments CLI11 refused: the first word that names no subcommand or option, and the
/// nearest name (`nearest`). Walks the arguments as CLI11 does, going down into each subcommand
/// named.
unknown_word find_unknown(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  bool value_follows = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9')) {
      const auto name = arg.substr(0, arg.find('='));
      const auto names = option_names(current);
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        if (!arg.starts_with("--") && arg.size() > 2) return {};  // -xyz: several short flags?
        // A one-letter option is within two edits of every other: no suggestion for those.
        const auto near = arg.starts_with("--") ? nearest(name, names) : std::string();
        return {fmt::format("unknown option \"{}\"", name),
                near.empty() ? std::string() : fmt::format("did you mean {}?", near)};
      }
      value_follows = false;
      for (const auto* a = current; a; a = a->get_parent())
        for (const auto* opt : a->get_options())
          if (opt->check_name(std::string(name)))
            value_follows = opt->get_type_size_max() > 0 && arg.find('=') == std::string::npos &&
                            (arg.starts_with("--") || arg.size() == 2);
      continue;
    }
    if (value_follows) {
      value_follows = false;
      continue;
    }
    std::vector<std::string> commands;
    const CLI::App* next = nullptr;
    for (const auto* sub : current->get_subcommands([](const CLI::App*) { return true; })) {
      commands.push_back(sub->get_name());
      if (sub->get_name() == arg) next = sub;
    }
    if (next) {
      current = next;
      continue;
    }
    if (commands.empty()) continue;  // a positional argument
    const auto near = nearest(arg, commands);
    return {fmt::format("unknown command \"{}\"", arg),
            near.empty() ? std::string() : fmt::format("did you mean \"{}\"?", near)};
  }
  return {};
}

/// Parses the arguments and runs the command they name (CLI11 runs it from `parse`). Errors the
/// user can act on end here with their exit code; anything else goes up to main.
int run(int argc, char** argv) {
  using namespace chronicle::cli;
  context ctx;
  CLI::App app{
      "Chronicle: a timeline of dated events, kept as TOML files and exported to "
      "iCalendar.",
      "chronicle"};
  app.require_subcommand(1);
  // --events may also follow the command (`chronicle list --events DIR`), as users type it.
  app.fallthrough();
  app.set_version_flag(
      "--version", version_text,
      "Print the version and the versions of the libraries and time-zone data in use");
  app.add_option("--events", ctx.events_option,
                 "Timeline folder (default: CHRONICLE_EVENTS, else the nearest folder upwards "
                 "with a timeline.toml, else the configuration file's, else events)")
      ->option_text("DIR");
  app.parse_complete_callback(
      [&] { apply_settings(ctx, app.got_subcommand("init") || app.got_subcommand("config")); });
  app.footer(
      "Examples:\n"
      "  chronicle list\n"
      "  chronicle list --lang ru --from 2024-01 --to 2024-12\n"
      "  chronicle export ics -o exports/c5plus1.ics\n\n"
      "Exit codes: 0 success, 1 bad data, 2 usage error, 3 I/O error, 70 internal error (a "
      "bug in Chronicle).");
  add_list_command(app, ctx);
  add_search_command(app, ctx);
  add_import_command(app, ctx);
  add_add_command(app, ctx);
  add_show_command(app, ctx);
  add_edit_command(app, ctx);
  add_remove_command(app, ctx);
  add_undo_command(app, ctx);
  add_log_command(app, ctx);
  add_check_command(app, ctx);
  add_serve_command(app, ctx);
  add_publish_command(app, ctx);
  add_pull_command(app, ctx);
  add_sync_command(app, ctx);
  add_init_command(app, ctx);
  add_config_command(app, ctx);
  add_extract_command(app, ctx);
  auto* export_cmd = app.add_subcommand("export", "Write the timeline in another format");
  export_cmd->require_subcommand(1);
  export_cmd->footer(
      "Examples:\n"
      "  chronicle export ics -o exports/c5plus1.ics\n"
      "  chronicle export html --lang ru -o c5plus1-ru.html\n"
      "  chronicle export markdown --from 2024 > 2024.md\n"
      "  chronicle export json --tag pdac | jq '.events[].date.edtf'\n"
      "  chronicle export csv -o c5plus1.csv\n\n"
      "Each format has its own options and examples: chronicle export FORMAT --help");
  add_export_ics_command(*export_cmd, ctx);
  add_export_html_command(*export_cmd, ctx);
  add_export_vdir_command(*export_cmd, ctx);
  add_export_formats_command(*export_cmd, ctx);
  add_completions_command(app, ctx);  // last or not: it walks the tree when it runs
  try {
    const char* no_color = std::getenv("NO_COLOR");
    ctx.no_color = no_color && *no_color;
    ctx.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
    ctx.terminal_width = read_terminal_width(ctx.stdout_is_terminal);
    ctx.source_date_epoch = read_source_date_epoch();
    ctx.now = ctx.source_date_epoch.value_or(
        date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    ctx.stdin_is_terminal = ::isatty(STDIN_FILENO) == 1;
    read_environment(ctx);
    if (const char* v = std::getenv("HOME"); v && *v) ctx.home = v;
    if (const char* v = std::getenv("CHRONICLE_PASSWORD")) ctx.password = v;
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto unknown = find_unknown(app, argc, argv);
    complain(unknown.problem.empty() ? std::string(e.what()) : unknown.problem);
    if (!unknown.hint.empty()) std::fprintf(stderr, "%s\n", unknown.hint.c_str());
    std::fprintf(stderr, "run \"chronicle --help\" for usage\n");
    return k_usage;
  } catch (const usage_error& e) {
    complain(e.what());
    return k_usage;
  } catch (const data_error& e) {
    complain(e.what());
    return k_bad_data;
  } catch (const chronicle::io_error& e) {
    complain(e.what());
    if (ctx.settings.timeline.source == chronicle::timeline_source::fallback) {
      std::error_code ec;
      if (!std::filesystem::exists(ctx.events_dir, ec))
        std::fprintf(stderr,
                     "no timeline here: no timeline.toml in this folder or any above it, and no "
                     "folder \"%s\"; start one with \"chronicle init\", or name one with "
                     "--events DIR or CHRONICLE_EVENTS\n",
                     ctx.events_dir.c_str());
    }
    return k_io;
  }
  return ctx.exit;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chronicle::cli;
  // The last resort: what reaches here is a bug (a broken promise of the library or the
  // command), except running out of memory. Inputs are bounded (1 MiB per event file, 16 MiB per
  // VEVENT, 1 GiB per calendar), so memory runs out only when the system cannot give what a
  // bounded job needs (a memory limit, a busy machine): a failure of the environment, like a
  // full disk, hence the I/O exit.
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    complain("out of memory; free some memory, or raise the process's limit, and try again");
    return k_io;
  } catch (const std::exception& e) {
    complain(std::string("internal error: ") + e.what() +
             "\nThis is a bug in Chronicle; please report it with the command that caused it.");
    return k_internal;
  } catch (...) {
    complain(
        "internal error: an unknown exception\nThis is a bug in Chronicle; please report it with "
        "the command that caused it.");
    return k_internal;
  }
}
