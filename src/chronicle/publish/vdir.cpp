#include "chronicle/publish/vdir.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/publish/derived_state.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/util/content_hash.hpp"

namespace chronicle {

namespace fs = std::filesystem;

namespace {

/// The file's bytes, or nothing when it does not exist; `io_error` when it cannot be read.
std::optional<std::string> read_if_exists(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    throw io_error(fmt::format("cannot read \"{}\": {}", path.string(), std::strerror(errno)));
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw io_error(fmt::format("cannot read \"{}\"", path.string()));
  return text;
}

void make_folder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw io_error(fmt::format("cannot create folder \"{}\": {}", dir.string(), ec.message()));
}

/// File name → hash of what was written, from the state file; empty when there is none or it
/// does not parse (then nothing is deleted, which is safe).
std::map<std::string, std::string> load_state(const fs::path& state_file) {
  std::map<std::string, std::string> out;
  const auto text = read_if_exists(state_file);
  if (!text) return out;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object() || !j.contains("files") || !j["files"].is_object()) return out;
  for (const auto& [name, hash] : j["files"].items())
    if (hash.is_string()) out.emplace(name, hash.get<std::string>());
  return out;
}

}  // namespace

fs::path vdir_state_file(const fs::path& timeline_dir, const fs::path& dir) {
  std::error_code ec;
  auto absolute = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) absolute = dir;
  return timeline_dir / ".chronicle" / "vdir" / state_file_name(absolute.string());
}

vdir_report write_vdir(const std::vector<calendar_object>& objects, const fs::path& dir,
                       const fs::path& state_file) {
  vdir_report report;
  const auto before = load_state(state_file);
  make_folder(dir);
  std::map<std::string, std::string> written;
  for (const auto& o : objects) {
    const auto path = dir / o.name;
    const auto hash = content_hash(o.text);
    if (const auto old = read_if_exists(path); old && *old == o.text) {
      ++report.unchanged;
    } else {
      write_file_atomically(path, o.text);
      ++report.written;
    }
    written.emplace(o.name, hash);
  }
  for (const auto& [name, hash] : before) {
    if (written.contains(name)) continue;
    const auto path = dir / name;
    const auto now = read_if_exists(path);
    if (!now) continue;
    if (content_hash(*now) != hash) {
      report.kept.push_back(path);
      continue;
    }
    std::error_code ec;
    if (!fs::remove(path, ec) && ec)
      throw io_error(fmt::format("cannot delete \"{}\": {}", path.string(), ec.message()));
    ++report.removed;
  }
  nlohmann::json state;
  std::error_code ec;
  state["dir"] = fs::absolute(dir, ec).string();
  state["files"] = written;
  make_folder(state_file.parent_path());
  ensure_derived_state_readme(state_file.parent_path().parent_path().parent_path());
  write_file_atomically(state_file, state.dump(1) + "\n");
  return report;
}

}  // namespace chronicle
