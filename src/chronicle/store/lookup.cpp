#include "chronicle/store/lookup.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "chronicle/store/storage.hpp"

namespace chronicle {

id_match resolve_id(const std::vector<std::string>& ids, std::string_view text) {
  id_match out;
  if (text.empty()) return out;
  for (const auto& id : ids) {
    if (id == text) return {id, {}};
    if (id.starts_with(text)) out.candidates.push_back(id);
  }
  std::sort(out.candidates.begin(), out.candidates.end());
  if (out.candidates.size() == 1) {
    out.id = out.candidates.front();
    out.candidates.clear();
  }
  return out;
}

std::string describe_mismatch(const id_match& match, std::string_view text,
                              const std::filesystem::path& dir) {
  if (!match.id.empty()) return {};
  if (match.candidates.empty())
    return fmt::format(
        "no event \"{}\" in \"{}\"; expected an event id or the start of one "
        "(see \"chronicle list --format json\")",
        text, dir.string());
  std::string out = fmt::format("\"{}\" is ambiguous; it may be:", text);
  for (const auto& c : match.candidates) out += "\n  " + c;
  return out;
}

std::vector<std::string> list_event_ids(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw io_error(fmt::format("cannot read timeline folder \"{}\": {}", dir.string(),
                               ec ? ec.message() : "not a folder"));
  std::vector<std::string> ids;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    const auto name = p.filename().string();
    if (name.starts_with(".") || p.extension() != ".toml" || name == "timeline.toml") continue;
    if (!it->is_regular_file()) continue;
    ids.push_back(p.stem().string());
  }
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", dir.string(), ec.message()));
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<referrer> find_referrers(const std::filesystem::path& dir, const timeline_info& info,
                                     std::string_view id, std::vector<diagnostic>& unreadable) {
  std::vector<referrer> out;
  for (const auto& other : list_event_ids(dir)) {
    if (other == id) continue;
    const auto path = dir / (other + ".toml");
    auto parsed = parse_event(read_file(path), other, path.string(), info);
    if (!parsed.event) {
      unreadable.insert(unreadable.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
      continue;
    }
    referrer r{other, path.string(), {}};
    for (const auto& rel : parsed.event->relations)
      if (rel.target == id) r.kinds.push_back(rel.kind);
    if (!r.kinds.empty()) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace chronicle
