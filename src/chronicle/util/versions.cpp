#include "chronicle/util/versions.hpp"

#include <fstream>
#include <string>

#include <date/tz.h>
#include <fmt/format.h>
#include <libical/ical.h>
#include <unicode/uversion.h>

namespace chronicle {

namespace {
/// Where the zoneinfo files date reads (its get_tz_dir on Linux) say their version.
constexpr const char* k_zoneinfo_version_file = "/usr/share/zoneinfo/tzdata.zi";
}  // namespace

component_versions versions_in_use() {
  component_versions v;
  v.libical = fmt::format("{}.{}.{}", ICAL_MAJOR_VERSION, ICAL_MINOR_VERSION, ICAL_PATCH_VERSION);
  UVersionInfo icu{};
  u_getVersion(icu);
  char text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(icu, text);
  v.icu = text;
  try {
    v.tzdb = date::get_tzdb().version;
  } catch (const std::exception&) {
    v.tzdb.clear();
  }
  // Debian's date library reads the system's zoneinfo files (USE_OS_TZDB) and looks for their
  // version in a +VERSION file that Debian's tzdata does not ship; tzdata.zi, beside the files
  // it reads, names it on its first line ("# version 2025b").
  if (v.tzdb.empty() || v.tzdb == "unknown") {
    std::ifstream zi(k_zoneinfo_version_file);
    std::string line;
    if (std::getline(zi, line) && line.starts_with("# version ")) v.tzdb = line.substr(10);
  }
  if (v.tzdb.empty()) v.tzdb = "unknown";
  return v;
}

}  // namespace chronicle
