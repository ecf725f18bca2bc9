#include "command.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <date/tz.h>
#include <fmt/format.h>

#include "chronicle/exchange/ical/recurrence.hpp"
#include "chronicle/search/search.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle::cli {

bool context::use_color(std::string_view option) const {
  const std::string_view mode = option.empty() ? std::string_view(color) : option;
  if (mode == "always") return true;
  if (mode == "never") return false;
  return stdout_is_terminal && !no_color;
}

std::string context::output_language(const std::string& option,
                                     const std::string& default_language) const {
  if (!option.empty()) return option;
  return language.empty() ? default_language : language;
}

void read_environment(context& ctx) {
  for (const char* name : {"CHRONICLE_EVENTS", "CHRONICLE_LANG", "NO_COLOR", "COLUMNS", "VISUAL",
                           "EDITOR", "CHRONICLE_CALENDAR_URL"})
    if (const char* v = std::getenv(name); v && *v) ctx.environment.emplace(name, v);
  if (const char* v = std::getenv("XDG_CONFIG_HOME")) ctx.xdg_config_home = v;
  std::error_code ec;
  ctx.cwd = std::filesystem::current_path(ec);
}

void apply_settings(context& ctx, bool quiet) {
  ctx.config_path = user_config_path(ctx.xdg_config_home, ctx.home);
  if (ctx.config_path) {
    auto loaded = load_user_config(*ctx.config_path, ctx.home);
    for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
    if (!loaded)
      throw data_error(
          fmt::format("the configuration file \"{}\" has errors (see docs/COMMANDS.md, \"chronicle "
                      "config\"); nothing done",
                      ctx.config_path->string()));
    ctx.config = std::move(*loaded);
  }
  settings_query q;
  q.timeline.option = ctx.events_option;
  if (const auto it = ctx.environment.find("CHRONICLE_EVENTS"); it != ctx.environment.end())
    q.timeline.environment = it->second;
  q.timeline.cwd = ctx.cwd;
  q.timeline.config = &ctx.config;
  q.environment = ctx.environment;
  q.terminal_width = ctx.terminal_width;
  ctx.settings = resolve_settings(q, ctx.config);
  const auto& s = ctx.settings;
  if (s.language.origin.starts_with("environment") && s.language.value != "en" &&
      s.language.value != "ru")
    throw usage_error(fmt::format(
        "CHRONICLE_LANG=\"{}\" is not a language Chronicle writes in; expected en or ru",
        s.language.value));
  ctx.events_dir = s.timeline.dir.string();
  ctx.color = s.color.value;
  ctx.width = s.columns;
  ctx.editor = s.editor.value;
  ctx.language = s.language.value;
  ctx.calendar_url = s.calendar_url.value;
  if (!quiet && !s.timeline.obvious)
    std::fprintf(stderr, "chronicle: using the timeline in %s (%s%s)\n", ctx.events_dir.c_str(),
                 s.timeline.source == timeline_source::config ? "set in " : "",
                 s.timeline.origin.c_str());
  for (const auto& hook : ctx.on_settings) hook();
}

date::sys_days context::today() const {
  if (!m_today) {
    try {
      const auto local = date::current_zone()->to_local(now);
      m_today = date::sys_days{date::floor<date::days>(local).time_since_epoch()};
    } catch (const std::runtime_error&) {
      m_today = date::floor<date::days>(now);
    }
  }
  return *m_today;
}

std::optional<timeline> load_or_report(const context& ctx) {
  auto loaded = load_timeline(ctx.events_dir);
  for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (has_errors(loaded.diagnostics)) return std::nullopt;
  return std::move(loaded.timeline);
}

timeline with_occurrences(timeline t, const std::optional<edtf_date>& from,
                          const std::optional<edtf_date>& to) {
  if (std::none_of(t.events.begin(), t.events.end(), is_recurring)) return t;
  expansion_limits limits;
  if (from) limits.from = from->first_day();
  if (to) limits.to = to->last_day();
  std::vector<diagnostic> notes;
  auto expanded = expand_recurrences(t, limits, notes);
  for (const auto& d : notes) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  return expanded;
}

void check_tags(const timeline& t, const std::vector<std::string>& tags) {
  for (const auto& tag : tags) {
    if (has_tag(t, tag)) continue;
    auto message = fmt::format("--tag \"{}\": no event has this tag", tag);
    const auto near = nearest_tags(t, tag);
    for (std::size_t i = 0; i < near.size(); ++i)
      message += fmt::format("{}\"{}\"",
                             i == 0                 ? "\ndid you mean "
                             : i + 1 == near.size() ? " or "
                                                    : ", ",
                             near[i]);
    if (!near.empty()) message += "?";
    throw usage_error(message);
  }
}

void emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
      throw io_error(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
    return;
  }
  write_file_atomically(path, text);
}

std::optional<std::string> ask(const std::string& prompt) {
  std::fprintf(stderr, "%s", prompt.c_str());
  std::fflush(stderr);
  std::string line;
  if (!std::getline(std::cin, line)) {
    std::fprintf(stderr, "\n");
    return std::nullopt;
  }
  const auto first = line.find_first_not_of(" \t\r");
  const auto last = line.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
}

void complain(std::string_view message) {
  std::fprintf(stderr, "chronicle: %.*s\n", static_cast<int>(message.size()), message.data());
}

}  // namespace chronicle::cli
