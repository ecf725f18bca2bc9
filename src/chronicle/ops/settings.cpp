#include "chronicle/ops/settings.hpp"

#include <charconv>

#include <fmt/format.h>

namespace chronicle {

namespace {

std::string config_origin(const user_config& config, int line) {
  return fmt::format("{}:{}", config.file, line);
}

/// True when `dir` holds an entry named timeline.toml (a file, or what loading will report).
bool holds_settings(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::symlink_status(dir / "timeline.toml", ec));
}

/// The value of the environment variable `name`, when set and not empty.
const std::string* env(const settings_query& q, std::string_view name) {
  const auto it = q.environment.find(name);
  return it == q.environment.end() || it->second.empty() ? nullptr : &it->second;
}

}  // namespace

timeline_location locate_timeline(const timeline_query& q) {
  if (q.option) return {*q.option, timeline_source::option, "option --events", true};
  if (q.environment && !q.environment->empty())
    return {*q.environment, timeline_source::environment, "environment CHRONICLE_EVENTS", true};
  const auto cwd = q.cwd.lexically_normal();
  for (auto dir = cwd;; dir = dir.parent_path()) {
    if (holds_settings(dir)) {
      const auto rel = dir.lexically_relative(cwd);
      return {rel.empty() ? std::filesystem::path(".") : rel, timeline_source::upward,
              "found upwards from the current folder", dir == cwd};
    }
    if (dir == dir.parent_path() || dir.empty()) break;
  }
  if (q.config && q.config->timeline)
    return {q.config->timeline->value, timeline_source::config,
            config_origin(*q.config, q.config->timeline->line), false};
  return {"events", timeline_source::fallback, "default", true};
}

effective_settings resolve_settings(const settings_query& q, const user_config& config) {
  effective_settings s;
  s.timeline = locate_timeline(q.timeline);
  const auto from_config = [&](const auto& entry) { return config_origin(config, entry->line); };

  if (const auto* v = env(q, "CHRONICLE_LANG"))
    s.language = {*v, "environment CHRONICLE_LANG"};
  else if (config.language)
    s.language = {config.language->value, from_config(config.language)};
  else
    s.language = {"", "default"};

  if (env(q, "NO_COLOR"))
    s.color = {"never", "environment NO_COLOR"};
  else if (config.color)
    s.color = {config.color->value, from_config(config.color)};
  else
    s.color = {"auto", "default"};

  std::size_t columns = 0;
  const auto* cols = env(q, "COLUMNS");
  if (cols && std::from_chars(cols->data(), cols->data() + cols->size(), columns).ptr ==
                  cols->data() + cols->size()) {
    s.width = {*cols, "environment COLUMNS"};
  } else if (config.width) {
    columns = config.width->value;
    s.width = {std::to_string(columns), from_config(config.width)};
  } else if (q.terminal_width > 0) {
    columns = q.terminal_width;
    s.width = {std::to_string(columns), "the terminal"};
  } else {
    s.width = {"0", "default"};
  }
  s.columns = columns;

  if (const auto* v = env(q, "VISUAL"))
    s.editor = {*v, "environment VISUAL"};
  else if (const auto* e = env(q, "EDITOR"))
    s.editor = {*e, "environment EDITOR"};
  else if (config.editor)
    s.editor = {config.editor->value, from_config(config.editor)};
  else
    s.editor = {"", "default"};

  if (const auto* v = env(q, "CHRONICLE_CALENDAR_URL"))
    s.calendar_url = {*v, "environment CHRONICLE_CALENDAR_URL"};
  else if (config.calendar_url)
    s.calendar_url = {config.calendar_url->value, from_config(config.calendar_url)};
  else
    s.calendar_url = {"", "default"};
  return s;
}

}  // namespace chronicle
