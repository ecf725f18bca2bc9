#pragma once
/// `chronicle init`: a new timeline folder, which is a folder holding `timeline.toml` (the
/// shipped `events/` is one). Like the other use cases it only plans; `apply_plan` writes.

#include <filesystem>
#include <string>

#include "chronicle/model/result.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace chronicle {

struct init_request {
  std::filesystem::path dir;  ///< the timeline folder; made when missing
  std::filesystem::path cwd;  ///< the current folder, absolute: what a relative `dir` is in
  std::string name;           ///< the timeline's name, in `language`
  std::string language = "en";
  std::string time_zone = "UTC";
  date::sys_seconds now{};  ///< when, for the journal
};

/// The plan that creates `dir/timeline.toml`: `name` in `language`, `language` as the default
/// language, `time_zone`, and a UID domain made from the folder's name
/// (`travel.chronicle.invalid` for a folder `travel`, so that two timelines' UIDs never meet).
/// The settings are judged by `validate` (model/validate.hpp), as loading judges them, and the
/// text is read back by `parse_timeline_info`, so what init writes always loads. Each problem is
/// an error whose `file` names the option that gave the value (`--name`, `--language`, `--tz`).
/// Fails when `dir` already holds a `timeline.toml` (anything by that name): init never writes
/// over a timeline. Nothing is written here.
result<change_plan> plan_init(const init_request& r);

/// The option of `chronicle init` that sets the `timeline.toml` key at `path` ("name",
/// "name.en", "default_language", "time_zone"): `--name`, `--language`, `--tz`; "" for others.
std::string init_option_of(std::string_view path);

}  // namespace chronicle
