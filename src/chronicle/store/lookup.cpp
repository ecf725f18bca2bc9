#include "chronicle/store/lookup.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <unicode/unistr.h>

#include "chronicle/store/event_files.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle {

id_match resolve_id(const std::vector<std::string>& ids, std::string_view text) {
  id_match out;
  if (text.empty()) return out;
  for (const auto& id : ids) {
    if (id == text) {
      out.id = id;
      out.candidates.clear();
      break;
    }
    if (id.starts_with(text)) out.candidates.push_back(id);
  }
  std::sort(out.candidates.begin(), out.candidates.end());
  if (out.candidates.size() == 1) {
    out.id = out.candidates.front();
    out.candidates.clear();
  }
  if (!out.id.empty() && !is_valid_event_id(out.id)) {
    out.unusable = std::move(out.id);
    out.id.clear();
  }
  return out;
}

namespace {

/// `text` case-folded, for comparing without regard to case in any script.
icu::UnicodeString folded(std::string_view text) {
  auto u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.foldCase();
  return u;
}

}  // namespace

id_match resolve_event(const timeline& t, const std::vector<std::string>& ids,
                       std::string_view text) {
  const auto title_of = [&t](const std::string& id) {
    const auto* e = find_event(t, id);
    const auto* title = e ? pick(e->title, t.info.default_language) : nullptr;
    return title ? *title : std::string();
  };
  auto out = resolve_id(ids, text);
  const auto needle = folded(text);
  // Three letters at least: a shorter text is a typo of an id more often than a title's part.
  if (out.id.empty() && out.candidates.empty() && out.unusable.empty() &&
      needle.countChar32() >= 3) {
    for (const auto& e : t.events) {
      if (std::find(ids.begin(), ids.end(), e.id) == ids.end()) continue;  // an occurrence
      for (const auto& [lang, title] : e.title)
        if (folded(title).indexOf(needle) >= 0) {
          out.candidates.push_back(e.id);
          break;
        }
    }
    std::sort(out.candidates.begin(), out.candidates.end());
    out.candidates.erase(std::unique(out.candidates.begin(), out.candidates.end()),
                         out.candidates.end());
    if (out.candidates.size() == 1) {
      out.id = out.candidates.front();
      out.candidates.clear();
    }
  }
  for (const auto& c : out.candidates) out.titles.push_back(title_of(c));
  return out;
}

std::string describe_mismatch(const id_match& match, std::string_view text,
                              const std::filesystem::path& dir) {
  if (!match.id.empty()) return {};
  if (!match.unusable.empty())
    return fmt::format(
        "\"{}\" names the file \"{}\", whose name is not a valid event id (lower-case letters, "
        "digits and single hyphens); rename the file",
        text, (dir / (match.unusable + ".toml")).string());
  if (match.candidates.empty() &&
      text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string_view::npos)
    // Text that no id can start with, such as "../x", and no title holds: say so.
    return fmt::format(
        "no event \"{}\" in \"{}\"; \"{}\" is not an event id (lower-case letters, digits and "
        "single hyphens, such as 2024-02-08-meeting) nor a part of any title (see \"chronicle "
        "list --ids\")",
        text, dir.string(), text);
  if (match.candidates.empty())
    return fmt::format(
        "no event \"{}\" in \"{}\"; expected an event id, the start of one, or a part of "
        "a title (see \"chronicle list --ids\")",
        text, dir.string());
  std::string out = fmt::format("\"{}\" is ambiguous; it may be:", text);
  for (std::size_t i = 0; i < match.candidates.size(); ++i) {
    out += "\n  " + match.candidates[i];
    if (i < match.titles.size() && !match.titles[i].empty()) out += "  " + match.titles[i];
  }
  return out;
}

std::vector<std::string> list_event_ids(const std::filesystem::path& dir) {
  return std::move(scan_event_folder(dir).value->ids);
}

result<std::vector<referrer>> find_referrers(const std::filesystem::path& dir,
                                             const timeline_info& info, std::string_view id) {
  auto folder = scan_event_folder(dir);
  result<std::vector<referrer>> out(std::vector<referrer>{}, {});
  const auto own = (dir / (std::string(id) + ".toml")).string();
  for (auto& d : folder.diagnostics)
    if (d.file != own) out.diagnostics.push_back(std::move(d));
  for (const auto& path : folder.value->files) {
    const auto other = path.stem().string();
    if (other == id) continue;
    auto parsed = parse_event(read_file(path), other, path.string(), info);
    if (!parsed.event) {  // not TOML: its relations are unknown
      out.diagnostics.insert(out.diagnostics.end(), parsed.diagnostics.begin(),
                             parsed.diagnostics.end());
      continue;
    }
    referrer r{other, path.string(), {}};
    for (const auto& rel : parsed.event->relations)
      if (rel.target == id) r.kinds.push_back(rel.kind);
    if (r.kinds.empty()) continue;
    if (!is_valid_event_id(other)) {  // relates, but is never rewritten to drop the relation
      for (const auto& d : parsed.diagnostics)
        if (d.severity == severity::error) out.diagnostics.push_back(d);
      continue;
    }
    out.value->push_back(std::move(r));
  }
  return out;
}

}  // namespace chronicle
