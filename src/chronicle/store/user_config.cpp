#include "chronicle/store/user_config.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "chronicle/model/validate.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/toml_node.hpp"

namespace chronicle {

namespace {

/// Reads the values of one configuration file, collecting a diagnostic for each bad one.
class config_reader {
 public:
  config_reader(const std::string& file, std::vector<diagnostic>& out) : m_file(file), m_out(out) {}

  void error(const toml::source_region& at, std::string message) {
    m_out.push_back({m_file, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
                     severity::error, std::move(message)});
  }

  /// The string at `key`, or nothing (with an error when it is not a string).
  std::optional<config_entry<std::string>> string(const toml::node& n, std::string_view key,
                                                  std::string_view expected) {
    auto s = n.value_exact<std::string>();
    if (!s || !is_valid_utf8(*s)) {
      error(n.source(), fmt::format("\"{}\" must be {}, not {}", key, expected,
                                    s ? "text that is not UTF-8" : detail::toml_type_name(n)));
      return std::nullopt;
    }
    return entry(n, std::move(*s));
  }

  template <class T>
  static config_entry<T> entry(const toml::node& n, T value) {
    return {std::move(value), static_cast<int>(n.source().begin.line),
            static_cast<int>(n.source().begin.column)};
  }

 private:
  const std::string& m_file;
  std::vector<diagnostic>& m_out;
};

}  // namespace

std::optional<std::filesystem::path> user_config_path(std::string_view xdg_config_home,
                                                      std::string_view home) {
  if (!xdg_config_home.empty() && xdg_config_home.front() == '/')
    return std::filesystem::path(xdg_config_home) / "chronicle" / "config.toml";
  if (!home.empty()) return std::filesystem::path(home) / ".config" / "chronicle" / "config.toml";
  return std::nullopt;
}

result<user_config> parse_user_config(std::string_view text, const std::string& file,
                                      std::string_view home) {
  user_config config;
  config.file = file;
  std::vector<diagnostic> ds;
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return result<user_config>::failure({file, static_cast<int>(e.source().begin.line),
                                         static_cast<int>(e.source().begin.column), severity::error,
                                         fmt::format("malformed TOML: {}", e.description())});
  }
  config_reader r(file, ds);
  for (const auto& [k, v] : doc) {
    const auto key = k.str();
    if (std::find(std::begin(k_config_keys), std::end(k_config_keys), key) ==
        std::end(k_config_keys)) {
      std::string list;
      for (auto name : k_config_keys) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
      r.error(k.source(), fmt::format("unknown key \"{}\"; expected one of: {}", key, list));
      continue;
    }
    if (key == "width") {
      const auto n = v.value_exact<int64_t>();
      if (!n || *n < 0 || *n > 1000) {
        r.error(
            v.source(),
            n ? fmt::format("\"width\" {} is out of range; expected 0 (no wrapping) to 1000", *n)
              : fmt::format("\"width\" must be an integer (columns; 0 wraps nothing), not {}",
                            detail::toml_type_name(v)));
        continue;
      }
      config.width = config_reader::entry(v, static_cast<std::size_t>(*n));
    } else if (key == "color") {
      auto s = r.string(v, key, "\"auto\", \"always\" or \"never\"");
      if (s && s->value != "auto" && s->value != "always" && s->value != "never") {
        r.error(v.source(), fmt::format("\"color\" \"{}\" is unknown; expected \"auto\", "
                                        "\"always\" or \"never\"",
                                        s->value));
        continue;
      }
      config.color = std::move(s);
    } else if (key == "language") {
      auto s = r.string(v, key, "\"en\" or \"ru\"");
      if (s && s->value != "en" && s->value != "ru") {
        r.error(v.source(), fmt::format("\"language\" \"{}\" is not a language Chronicle writes "
                                        "in; expected \"en\" or \"ru\"",
                                        s->value));
        continue;
      }
      config.language = std::move(s);
    } else if (key == "editor") {
      auto s = r.string(v, key, "a command such as \"vim\"");
      if (s && s->value.find_first_not_of(" \t") == std::string::npos) {
        r.error(v.source(), "\"editor\" is empty; expected a command such as \"vim\"");
        continue;
      }
      config.editor = std::move(s);
    } else if (key == "calendar_url") {
      auto s = r.string(v, key, "an http(s) URL");
      if (s && !s->value.starts_with("http://") && !s->value.starts_with("https://")) {
        r.error(v.source(), fmt::format("\"calendar_url\" \"{}\" is not an http(s) URL; expected "
                                        "one such as \"https://dav.example.org/cal/\"",
                                        s->value));
        continue;
      }
      config.calendar_url = std::move(s);
    } else if (key == "timeline") {
      auto s = r.string(v, key, "the path of a timeline folder");
      if (!s) continue;
      if (s->value.starts_with("~/") && !home.empty())
        s->value = (std::filesystem::path(home) / s->value.substr(2)).string();
      if (!s->value.starts_with("/")) {
        r.error(v.source(),
                fmt::format("\"timeline\" \"{}\" is not an absolute path; expected one such as "
                            "\"~/timelines/travel\" or \"/srv/timeline\"",
                            s->value));
        continue;
      }
      config.timeline = std::move(s);
    }
  }
  // toml++ orders keys by name; problems are told in the order of the file.
  std::stable_sort(ds.begin(), ds.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  if (has_errors(ds)) return result<user_config>::failure(std::move(ds));
  return {std::move(config), std::move(ds)};
}

result<user_config> load_user_config(const std::filesystem::path& path, std::string_view home) {
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw io_error(fmt::format("cannot read \"{}\": {}", path.string(), ec.message()));
  if (!std::filesystem::exists(st)) return user_config{};
  if (std::filesystem::is_directory(st))
    throw io_error(fmt::format("cannot read \"{}\": Is a directory", path.string()));
  return parse_user_config(read_file(path), path.string(), home);
}

}  // namespace chronicle
