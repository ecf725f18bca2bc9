#include "chronicle/publish/derived_state.hpp"

#include <string>

#include "chronicle/store/atomic_file.hpp"
#include "chronicle/util/content_hash.hpp"

namespace chronicle {

namespace {

constexpr const char* k_readme =
    "This folder holds state Chronicle derives from the timeline; nothing in it is written by\n"
    "hand, holds a secret, or is read as an event. Each part is safe to delete.\n"
    "\n"
    "import-base/ID.toml\n"
    "  The version of event ID last taken from a calendar by `chronicle import`, so that the\n"
    "  next import of that calendar can tell a local edit from a change in the calendar\n"
    "  (a three-way merge). Deleting a file costs that knowledge for its event: on the next\n"
    "  import every field where the timeline and the calendar differ is reported as a\n"
    "  conflict, to be settled with --prefer ours or --prefer theirs.\n"
    "\n"
    "vdir/NAME.json\n"
    "  The files `chronicle export vdir` wrote into one folder, with a hash of each. Deleting\n"
    "  it costs the cleanup: files of events removed since are no longer deleted by the next\n"
    "  export into that folder.\n"
    "\n"
    "publish/NAME.json\n"
    "  What `chronicle publish` sent to one CalDAV collection: per event its resource, the\n"
    "  server's ETag and a hash of what was sent, and the collection's sync token. Deleting it\n"
    "  costs time, not data: the next publish fetches every resource once to compare it with\n"
    "  the timeline, and events removed from the timeline since are no longer deleted from\n"
    "  the server.\n";

}  // namespace

std::string state_file_name(std::string_view key) {
  std::string name;
  for (const char c : key) {
    if (name.size() == 60) break;
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    name += keep ? c : '_';
  }
  return name + "-" + content_hash(key) + ".json";
}

void ensure_derived_state_readme(const std::filesystem::path& dir) {
  const auto readme = dir / ".chronicle" / "README";
  std::error_code ec;
  if (std::filesystem::exists(readme, ec)) return;
  std::filesystem::create_directories(readme.parent_path(), ec);
  create_file_atomically(readme, k_readme);
}

}  // namespace chronicle
