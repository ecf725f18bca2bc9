#include "chronicle/store/event_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/store/atomic_batch.hpp"
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

/// A name in the timeline folder that is meant as an event file.
bool is_event_file_name(const std::filesystem::path& p) {
  const auto name = p.filename().string();
  return !name.starts_with(".") && p.extension() == ".toml" && name != "timeline.toml";
}

}  // namespace

result<bool> find_regular_file(const std::filesystem::path& path, std::string_view what) {
  const auto name = path.filename().string();
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  const auto problem = [&](std::string message) {
    return result<bool>::failure(error_at(path.string(), std::move(message)));
  };
  switch (st.type()) {
    case std::filesystem::file_type::regular: return true;
    case std::filesystem::file_type::directory:
      return problem(
          fmt::format("\"{}\" is a folder, not {}; rename it or move it elsewhere", name, what));
    case std::filesystem::file_type::not_found: {
      // Nothing there, or a symbolic link to nothing.
      std::error_code link_ec;
      if (!std::filesystem::is_symlink(std::filesystem::symlink_status(path, link_ec)))
        return false;
      const auto target = std::filesystem::read_symlink(path, link_ec);
      return problem(
          fmt::format("\"{}\" is a symbolic link to \"{}\", which cannot be read ({}); "
                      "expected {}",
                      name, link_ec ? std::string("?") : target.string(), ec.message(), what));
    }
    case std::filesystem::file_type::none:
      // A link that goes round in circles is wrong for anyone; anything else (permission denied
      // on the way) is the system refusing this process.
      if (ec == std::errc::too_many_symbolic_link_levels)
        return problem(
            fmt::format("\"{}\" is a symbolic link that cannot be followed ({}); "
                        "expected {}",
                        name, ec.message(), what));
      throw io_error(fmt::format("cannot read \"{}\": {}", path.string(), ec.message()));
    default:
      return problem(
          fmt::format("\"{}\" is not a regular file (a device, a pipe or a socket); "
                      "expected {}",
                      name, what));
  }
}

result<event_folder> scan_event_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw io_error(fmt::format("cannot read timeline folder \"{}\": {}", dir.string(),
                               ec ? ec.message() : "not a folder"));
  result<event_folder> out{event_folder{}};
  std::vector<std::filesystem::path> others;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (!is_event_file_name(p)) continue;
    std::error_code type_ec;
    if (it->is_regular_file(type_ec))
      out.value->files.push_back(p);
    else
      others.push_back(p);
  }
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", dir.string(), ec.message()));
  std::sort(others.begin(), others.end());
  for (const auto& p : others) {
    auto found = find_regular_file(p, "an event file");
    if (found.value) {
      if (*found.value) out.value->files.push_back(p);  // became a file since it was listed
      continue;                                         // or was removed
    }
    out.diagnostics.insert(out.diagnostics.end(), found.diagnostics.begin(),
                           found.diagnostics.end());
    out.value->ids.push_back(p.stem().string());
  }
  std::sort(out.value->files.begin(), out.value->files.end());
  for (const auto& p : out.value->files) out.value->ids.push_back(p.stem().string());
  std::sort(out.value->ids.begin(), out.value->ids.end());
  return out;
}

std::filesystem::path event_file(const std::filesystem::path& dir, std::string_view id) {
  const auto path = dir / (std::string(id) + ".toml");
  if (!is_valid_event_id(id))
    throw std::invalid_argument(
        fmt::format("event_file: \"{}\" is not a valid event id", std::string(id)));
  const auto real = resolved(path);
  if (real.parent_path() != resolved(dir))
    throw io_error(
        fmt::format("refusing to write \"{}\": it resolves to \"{}\", outside the "
                    "timeline folder \"{}\"",
                    path.string(), real.string(), dir.string()));
  return path;
}

std::filesystem::path event_file_in(const std::filesystem::path& dir,
                                    const std::filesystem::path& real_dir, std::string_view id) {
  const auto name = std::string(id) + ".toml";
  if (!is_valid_event_id(id))
    throw std::invalid_argument(
        fmt::format("event_file: \"{}\" is not a valid event id", std::string(id)));
  // A valid id has no "/" and is never "." or "..": nothing there, or anything but a symbolic
  // link, resolves to real_dir / name, inside the folder. Only a link needs resolving.
  auto path = dir / name;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 ? errno == ENOENT : !S_ISLNK(st.st_mode)) return path;
  const auto real = resolved(path);
  if (real.parent_path() != real_dir)
    throw io_error(
        fmt::format("refusing to write \"{}\": it resolves to \"{}\", outside the "
                    "timeline folder \"{}\"",
                    path.string(), real.string(), dir.string()));
  return path;
}

std::string create_event_file(atomic_batch& batch, std::size_t index,
                              const std::filesystem::path& dir,
                              const std::filesystem::path& real_dir, const std::string& id) {
  for (int n = 1; n <= k_max_suffix; ++n) {
    const auto candidate = n == 1 ? id : fmt::format("{}-{}", id, n);
    if (batch.create(index, event_file_in(dir, real_dir, candidate))) return candidate;
  }
  throw io_error(fmt::format("cannot write \"{}\": no free name from \"{}.toml\" to \"{}-{}.toml\"",
                             dir.string(), id, id, k_max_suffix));
}

void remove_event_file(atomic_batch& batch, const std::filesystem::path& dir,
                       const std::filesystem::path& real_dir, std::string_view id) {
  batch.remove(event_file_in(dir, real_dir, id));
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
