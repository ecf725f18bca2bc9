// chronicle init [DIR]: a new timeline folder, its settings given as options or asked for at a
// terminal.

#include <algorithm>
#include <cstdio>
#include <memory>

#include <date/tz.h>
#include <fmt/format.h>

#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/init.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct init_args {
  std::string dir;
  std::optional<std::string> name;
  std::optional<std::string> language;
  std::optional<std::string> tz;
};

/// Reads one answer from the terminal, `fallback` when it is empty; nothing at the end of input.
std::optional<std::string> ask(const std::string& question, const std::string& fallback) {
  auto answer = cli::ask(fmt::format("{} [{}]: ", question, fallback));
  if (answer && answer->empty()) return fallback;
  return answer;
}

/// The zone the user is in (TZ, else the system's), else UTC.
std::string user_zone() {
  try {
    return std::string(date::current_zone()->name());
  } catch (const std::runtime_error&) {
    return "UTC";
  }
}

void print(const std::vector<diagnostic>& ds) {
  for (const auto& d : ds) std::fprintf(stderr, "%s\n", to_string(d).c_str());
}

int run_init(const context& ctx, const init_args& a) {
  init_request r;
  r.dir = !a.dir.empty() ? a.dir : ctx.events_option.value_or(".");
  r.cwd = ctx.cwd;
  r.now = ctx.now;
  auto folder = (r.dir.is_relative() ? ctx.cwd / r.dir : r.dir).lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();
  r.name = a.name.value_or(folder.filename().string());
  r.language = a.language.value_or(ctx.language.empty() ? "en" : ctx.language);
  r.time_zone = a.tz.value_or(user_zone());

  auto planned = plan_init(r);
  // A timeline already there is refused before any question is asked.
  for (const auto& d : planned.diagnostics)
    if (d.file == (r.dir / "timeline.toml").string()) {
      print(planned.diagnostics);
      return k_bad_data;
    }
  if (ctx.stdin_is_terminal) {
    // Ask for what the options did not give, then again for each answer found wrong.
    std::vector<std::string> to_ask;
    if (!a.name) to_ask.push_back("--name");
    if (!a.language) to_ask.push_back("--language");
    if (!a.tz) to_ask.push_back("--tz");
    while (!to_ask.empty()) {
      for (const auto& option : to_ask) {
        auto& field = option == "--name"       ? r.name
                      : option == "--language" ? r.language
                                               : r.time_zone;
        const auto* question = option == "--name"       ? "Name of the timeline"
                               : option == "--language" ? "Default language"
                                                        : "Time zone";
        auto answer = ask(question, field);
        if (!answer) {
          complain("init: no answer (end of input); nothing written");
          return k_usage;
        }
        field = std::move(*answer);
      }
      planned = plan_init(r);
      std::vector<std::string> again;
      for (const auto& d : planned.diagnostics)
        if (d.severity == severity::error &&
            std::find(to_ask.begin(), to_ask.end(), d.file) != to_ask.end()) {
          std::fprintf(stderr, "  %s\n", d.message.c_str());
          if (std::find(again.begin(), again.end(), d.file) == again.end()) again.push_back(d.file);
        }
      to_ask = std::move(again);
    }
  }
  if (!planned) {
    print(planned.diagnostics);
    return k_usage;
  }
  print(planned.diagnostics);
  const auto written = apply_plan(*planned, r.dir).at(0);
  std::printf("created %s: \"%s\", language %s, time zone %s\n", written.path.c_str(),
              r.name.c_str(), r.language.c_str(), r.time_zone.c_str());
  return k_ok;
}

}  // namespace

void add_init_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<init_args>();
  auto* cmd = app.add_subcommand(
      "init", "Start a new timeline: a folder with its settings file, timeline.toml");
  cmd->add_option("DIR", args->dir,
                  "The timeline folder, made when missing (default: --events, else the current "
                  "folder)");
  cmd->add_option("--name", args->name, "The timeline's name (default: the folder's name)")
      ->option_text("NAME");
  cmd->add_option("--language", args->language,
                  "Language of its titles and descriptions (default: CHRONICLE_LANG, else the "
                  "configuration file's language, else en)")
      ->option_text("LANG");
  cmd->add_option("--tz", args->tz,
                  "IANA time zone in which its all-day dates begin and end (default: yours)")
      ->option_text("ZONE");
  cmd->footer(
      "At a terminal, what the options do not give is asked for, each with its default in\n"
      "brackets; elsewhere the defaults are taken. An existing timeline.toml is never written\n"
      "over. Commands run in the folder or below it find the timeline without --events.\n\n"
      "Examples:\n"
      "  chronicle init travel --name \"Travels\" --language en --tz Europe/Berlin\n"
      "  cd travel && chronicle add \"Lisbon\" --date 2025-05-10");
  cmd->callback([&ctx, args] { ctx.exit = run_init(ctx, *args); });
}

}  // namespace chronicle::cli
