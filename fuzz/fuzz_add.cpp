// Fuzzes the add use case (ops/add.hpp): the input, split at NUL bytes, fills the fields of an
// add_request in turn (title, lang, date, time, end, tz, place, city, country, status, note,
// description, a title in a second language: "ru=Гео"), then list items by their first byte
// (#tag, @source URL, !publisher of the last source, >follows, <part_of, ~related, =LAT,LON,
// anything else a tag), planned against
// a small timeline in a read-only temporary folder, and the plan shown as a diff. Problems are
// expected as diagnostics; a crash, a leak, an exception or a written file is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <stdlib.h>

#include "chronicle/ops/add.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace {

std::optional<chronicle::change_base> g_base;

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

/// The i-th field of the input, or empty.
const std::string& field(const std::vector<std::string>& fields, std::size_t i) {
  static const std::string none;
  return i < fields.size() ? fields[i] : none;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::error_code ec;
  std::string tmpl =
      (std::filesystem::temp_directory_path(ec) / "chronicle-fuzz-add-XXXXXX").string();
  if (ec || !::mkdtemp(tmpl.data())) std::abort();
  const std::filesystem::path dir = tmpl;
  write(dir / "timeline.toml",
        "name = \"Fuzz\"\ndefault_language = \"en\"\ntime_zone = \"America/Toronto\"\n"
        "uid_domain = \"fuzz.invalid\"\n");
  write(dir / "2024-02-08-meeting.toml",
        "date = \"2024-02-08\"\ntitle = \"Meeting\"\ntags = [\"a\"]\n");
  write(dir / "2024-03-visit.toml", "date = \"2024-03\"\ntitle = \"Visit\"\n");
  // Read-only: planning writes nothing, and a write attempt would fail loudly.
  std::filesystem::permissions(
      dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec, ec);
  if (ec) std::abort();
  auto base = chronicle::load_for_change(dir);
  if (!base) std::abort();
  g_base = std::move(*base);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0)
      fields.emplace_back();
    else
      fields.back().push_back(static_cast<char>(data[i]));
  }
  if (fields.size() > 64) return -1;

  chronicle::add_request r;
  std::size_t i = 0;
  for (auto* s : {&r.title, &r.lang, &r.date, &r.time, &r.end, &r.tz, &r.place, &r.city, &r.country,
                  &r.status, &r.note, &r.description})
    *s = field(fields, i++);
  if (const auto& other = field(fields, i++); !other.empty()) {
    const auto eq = other.find('=');
    r.other_titles[other.substr(0, eq)] = eq == std::string::npos ? "" : other.substr(eq + 1);
  }
  for (; i < fields.size(); ++i) {
    const auto& f = fields[i];
    const auto value = f.empty() ? f : f.substr(1);
    switch (f.empty() ? '#' : f[0]) {
      case '@': r.sources.push_back({value, "", "", "", ""}); break;
      case '!':
        if (!r.sources.empty()) r.sources.back().publisher = value;
        break;
      case '>': r.follows.push_back(value); break;
      case '<': r.part_of.push_back(value); break;
      case '~': r.related.push_back(value); break;
      case '=': {
        char* end = nullptr;
        r.latitude = std::strtod(value.c_str(), &end);
        r.longitude = *end == ',' ? std::optional(std::strtod(end + 1, nullptr)) : std::nullopt;
        break;
      }
      case '#': r.tags.push_back(value); break;
      default: r.tags.push_back(f); break;
    }
  }
  r.now = date::sys_days{date::year{2024} / 6 / 1} + std::chrono::hours{12};
  r.today = date::sys_days{date::year{2024} / 6 / 1};

  const auto planned = chronicle::plan_add(*g_base, r);
  if (planned.ok()) {
    // A valid plan creates exactly one file, which loads back as the event it describes.
    const auto& p = *planned.value;
    if (p.plan.changes.size() != 1 || p.plan.changes[0].text != p.text) std::abort();
    if (chronicle::to_diff(p.plan).empty()) std::abort();
  }
  return 0;
}
