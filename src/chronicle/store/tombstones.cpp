#include "chronicle/store/tombstones.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "chronicle/model/validate.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle {

std::filesystem::path tombstone_file(const std::filesystem::path& dir, const std::string& id) {
  return dir / ".chronicle" / "removed" / (id + ".toml");
}

tombstones load_tombstones(const std::filesystem::path& dir, const timeline& live) {
  tombstones out;
  const auto folder = dir / ".chronicle" / "removed";
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    const auto name = it->path().filename().string();
    std::error_code type_ec;
    if (name.starts_with(".") || it->path().extension() != ".toml" || !it->is_regular_file(type_ec))
      continue;
    files.push_back(it->path());
  }
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", folder.string(), ec.message()));
  std::sort(files.begin(), files.end());

  std::set<std::string, std::less<>> ids;
  std::set<std::string, std::less<>> uids;
  for (const auto& e : live.events) {
    ids.insert(e.id);
    uids.insert(uid_of(e, live.info));
  }
  for (const auto& path : files) {
    const auto id = path.stem().string();
    if (!is_valid_event_id(id)) {
      out.diagnostics.push_back({path.string(), 0, 0, severity::warning,
                                 "not named as an event id; this removed event is ignored"});
      continue;
    }
    if (ids.contains(id)) continue;  // the id was reused: the live event wins
    auto parsed = parse_event(read_file(path), id, path.string(), live.info);
    if (!parsed.event || has_errors(parsed.diagnostics)) {
      for (auto d : parsed.diagnostics)
        if (d.severity == severity::error) {
          d.severity = severity::warning;
          d.message += "; this removed event is ignored";
          out.diagnostics.push_back(std::move(d));
        }
      continue;
    }
    if (uids.contains(uid_of(*parsed.event, live.info))) continue;  // its UID is live again
    out.events.push_back(std::move(*parsed.event));
  }
  return out;
}

}  // namespace chronicle
