// chronicle: the command-line face of the Chronicle library. Reads the environment once, parses
// arguments, runs one command and maps failures to exit codes (0 ok, 1 bad data, 2 usage, 3 I/O,
// 70 internal error). No exception leaves main.

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"
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

/// The terminal's columns when stdout is one, else COLUMNS when it is a positive number, else 0.
std::size_t read_width(bool stdout_is_terminal) {
  winsize size{};
  if (stdout_is_terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  const char* v = std::getenv("COLUMNS");
  std::size_t columns = 0;
  if (!v || !*v) return 0;
  const auto end = v + std::strlen(v);
  return std::from_chars(v, end, columns).ptr == end ? columns : 0;
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
  app.set_version_flag("--version", "chronicle 0.1.0");
  app.add_option("--events", ctx.events_dir, "Timeline folder (default: events)")
      ->option_text("DIR");
  app.footer(
      "Examples:\n"
      "  chronicle list\n"
      "  chronicle list --lang ru --from 2024-01 --to 2024-12\n"
      "  chronicle export ics -o exports/c5plus1.ics\n\n"
      "Exit codes: 0 success, 1 bad data, 2 usage error, 3 I/O error, 70 internal error (a "
      "bug in Chronicle).");
  add_list_command(app, ctx);
  add_import_command(app, ctx);
  add_add_command(app, ctx);
  add_show_command(app, ctx);
  add_edit_command(app, ctx);
  add_remove_command(app, ctx);
  add_check_command(app, ctx);
  auto* export_cmd = app.add_subcommand("export", "Write the timeline in another format");
  export_cmd->require_subcommand(1);
  add_export_ics_command(*export_cmd, ctx);
  add_export_html_command(*export_cmd, ctx);
  add_export_formats_command(*export_cmd, ctx);
  try {
    const char* no_color = std::getenv("NO_COLOR");
    ctx.no_color = no_color && *no_color;
    ctx.stdout_is_terminal = ::isatty(STDOUT_FILENO) == 1;
    ctx.width = read_width(ctx.stdout_is_terminal);
    ctx.source_date_epoch = read_source_date_epoch();
    ctx.now = ctx.source_date_epoch.value_or(
        date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    ctx.stdin_is_terminal = ::isatty(STDIN_FILENO) == 1;
    for (const char* name : {"VISUAL", "EDITOR"})
      if (const char* v = std::getenv(name); v && *v && ctx.editor.empty()) ctx.editor = v;
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    complain(e.what());
    std::fprintf(stderr, "run \"chronicle --help\" for usage\n");
    return k_usage;
  } catch (const usage_error& e) {
    complain(e.what());
    return k_usage;
  } catch (const chronicle::io_error& e) {
    complain(e.what());
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
