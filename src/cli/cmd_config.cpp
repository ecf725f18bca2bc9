// chronicle config: the settings in effect (the timeline, language, colour, width, editor,
// calendar URL) and where each came from, written as the configuration file would hold them.

#include <cstdio>

#include <fmt/format.h>

#include "command.hpp"

namespace chronicle::cli {

namespace {

/// `s` as a TOML basic string.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

std::string line(std::string_view key, const setting& s, bool number, std::string_view unset) {
  if (s.value.empty()) return fmt::format("# {}: not set; {}\n", key, unset);
  return fmt::format("{} = {}  # {}\n", key, number ? s.value : toml_string(s.value), s.origin);
}

int run_config(const context& ctx) {
  const auto& s = ctx.settings;
  std::string out;
  if (!ctx.config_path)
    out += "# configuration file: none (neither XDG_CONFIG_HOME nor HOME is set)\n";
  else if (ctx.config.file.empty())
    out += fmt::format("# configuration file: {} (not there)\n", ctx.config_path->string());
  else
    out += fmt::format("# configuration file: {}\n", ctx.config_path->string());
  auto dir = s.timeline.dir;
  if (dir.is_relative() && !ctx.cwd.empty()) dir = (ctx.cwd / dir).lexically_normal();
  if (dir.has_parent_path() && !dir.has_filename()) dir = dir.parent_path();
  out += line("timeline", {dir.string(), s.timeline.origin}, false, "");
  out += line("color", s.color, false, "");
  out += line("width", s.width, true, "");
  out += line("language", s.language, false, "each timeline's default_language");
  out += line("editor", s.editor, false, "edit needs one, or changes given as options");
  out += line("calendar_url", s.calendar_url, false, "publish, pull and sync need their URL");
  std::fputs(out.c_str(), stdout);
  return k_ok;
}

}  // namespace

void add_config_command(CLI::App& app, context& ctx) {
  auto* cmd = app.add_subcommand("config", "Show the settings in effect, and where each came from");
  cmd->footer(
      "Each setting comes from, first to last: the command's option, the environment, the\n"
      "configuration file ($XDG_CONFIG_HOME/chronicle/config.toml, else\n"
      "~/.config/chronicle/config.toml), the default. The output is TOML, each line with its\n"
      "source: an option, an environment variable, FILE:LINE, the terminal or default.\n\n"
      "Examples:\n"
      "  chronicle config\n"
      "  chronicle --events ~/travel config");
  cmd->callback([&ctx] { ctx.exit = run_config(ctx); });
}

}  // namespace chronicle::cli
