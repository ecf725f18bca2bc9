#include "chronicle/ops/init.hpp"

#include <fmt/format.h>

#include "chronicle/model/validate.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle {

namespace {

/// `NAME.chronicle.invalid`, NAME the folder's name in lower-case ASCII letters, digits and
/// single hyphens; `chronicle.invalid` when nothing of it is left.
std::string uid_domain_for(const std::filesystem::path& dir, const std::filesystem::path& cwd) {
  auto abs = (dir.is_relative() ? cwd / dir : dir).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();
  std::string slug;
  for (char c : abs.filename().string()) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > 40) slug.resize(40);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "chronicle.invalid" : slug + ".chronicle.invalid";
}

}  // namespace

std::string init_option_of(std::string_view path) {
  if (path == "name" || path.starts_with("name.")) return "--name";
  if (path == "default_language") return "--language";
  if (path == "time_zone") return "--tz";
  return "";
}

result<change_plan> plan_init(const init_request& r) {
  const auto settings = r.dir / "timeline.toml";
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(settings, ec)))
    return result<change_plan>::failure(
        error_at(settings.string(),
                 fmt::format("already exists: \"{}\" is a timeline already; init writes over no "
                             "timeline (edit timeline.toml to change its settings)",
                             r.dir.string())));
  timeline_info info;
  info.default_language = r.language;
  info.time_zone = r.time_zone;
  info.uid_domain = uid_domain_for(r.dir, r.cwd);
  // An empty name is left out, so that validate says it is missing.
  if (!r.name.empty()) info.name = {{r.language, r.name}};
  std::vector<diagnostic> problems;
  for (auto& p : validate(info, settings.string(), {})) {
    auto d = std::move(p.diag);
    d.file = init_option_of(p.path);
    if (d.file.empty()) d.file = settings.string();
    d.line = d.column = 0;
    problems.push_back(std::move(d));
  }
  if (has_errors(problems)) return result<change_plan>::failure(std::move(problems));
  // What is written is read back as loading reads it: a difference is a bug, said as such.
  const auto text = to_toml(info);
  std::vector<diagnostic> read_back;
  if (!parse_timeline_info(text, settings.string(), read_back) || has_errors(read_back)) {
    read_back.insert(read_back.begin(),
                     error_at(settings.string(), "the settings init made do not load back"));
    return result<change_plan>::failure(std::move(read_back));
  }
  change_plan plan;
  plan.changes.push_back({change_kind::create, {}, settings, text, {}});
  plan.note = {"init", settings.string(), r.now};
  return {std::move(plan), std::move(problems)};
}

}  // namespace chronicle
