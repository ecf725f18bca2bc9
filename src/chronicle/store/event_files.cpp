#include "chronicle/store/event_files.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/storage.hpp"

namespace chronicle {

namespace {

constexpr int k_max_suffix = 10'000;

std::filesystem::path resolved(const std::filesystem::path& p) {
  std::error_code ec;
  auto r = std::filesystem::weakly_canonical(p, ec);
  if (ec) throw io_error(fmt::format("cannot resolve \"{}\": {}", p.string(), ec.message()));
  return r;
}

}  // namespace

std::filesystem::path event_file(const std::filesystem::path& dir, std::string_view id) {
  const auto path = dir / (std::string(id) + ".toml");
  if (!is_valid_event_id(id))
    throw io_error(
        fmt::format("refusing to write \"{}\": \"{}\" is not a valid event id", path.string(), id));
  const auto real = resolved(path);
  if (real.parent_path() != resolved(dir))
    throw io_error(
        fmt::format("refusing to write \"{}\": it resolves to \"{}\", outside the "
                    "timeline folder \"{}\"",
                    path.string(), real.string(), dir.string()));
  return path;
}

std::string create_event_file(const std::filesystem::path& dir, const std::string& id,
                              std::string_view text) {
  for (int n = 1; n <= k_max_suffix; ++n) {
    const auto candidate = n == 1 ? id : fmt::format("{}-{}", id, n);
    const auto path = event_file(dir, candidate);
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) continue;
    if (create_file_atomically(path, text)) return candidate;
  }
  throw io_error(fmt::format("cannot write \"{}\": no free name from \"{}.toml\" to \"{}-{}.toml\"",
                             dir.string(), id, id, k_max_suffix));
}

void replace_event_file(const std::filesystem::path& dir, std::string_view id,
                        std::string_view text) {
  write_file_atomically(event_file(dir, id), text);
}

void remove_event_file(const std::filesystem::path& dir, std::string_view id) {
  const auto path = event_file(dir, id);
  if (::unlink(path.c_str()) != 0)
    throw io_error(fmt::format("cannot remove \"{}\": {}", path.string(), std::strerror(errno)));
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // removed; a folder that cannot be opened cannot be flushed
  ::fsync(fd);
  ::close(fd);
}

}  // namespace chronicle
