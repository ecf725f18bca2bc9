#include "chronicle/publish/derived_state.hpp"

#include <string>

#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/derived_folder.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/content_hash.hpp"

namespace chronicle {

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
  const auto readme = dir / k_derived_folder / "README";
  const auto text = std::string(derived_folder_readme());
  std::error_code ec;
  if (std::filesystem::exists(readme, ec) && read_file(readme) == text) return;
  std::filesystem::create_directories(readme.parent_path(), ec);
  write_file_atomically(readme, text);
}

}  // namespace chronicle
