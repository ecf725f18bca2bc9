#include "chronicle/store/atomic_batch.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, int error) {
  throw io_error(fmt::format("cannot write \"{}\": {}", path.string(), std::strerror(error)));
}

std::filesystem::path folder_of(const std::filesystem::path& p) {
  return p.has_parent_path() ? p.parent_path() : std::filesystem::path(".");
}

/// Writes `text` to a new temporary file beside `target`, setting `temp` to its path as soon as
/// it exists (so that it is removed whatever happens next).
void write_temp(const std::filesystem::path& target, std::string_view text, std::string& temp) {
  std::string name = (folder_of(target) / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(target, errno);
  temp = std::move(name);
  ::fchmod(fd, 0644);
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const auto n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      fail(target, error);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) fail(target, errno);
}

void sync_folder(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // the change is done; a folder that cannot be opened cannot be flushed
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

atomic_batch::~atomic_batch() {
  for (const auto& e : m_entries)
    if (!e.temp.empty()) ::unlink(e.temp.c_str());
  // What was put in place before a failure stays, and is made durable too.
  for (const auto& dir : m_folders) sync_folder(dir);
}

std::size_t atomic_batch::add(std::filesystem::path target, std::string_view text) {
  m_entries.push_back({std::move(target), text, {}});
  return m_entries.size() - 1;
}

void atomic_batch::write() {
  const std::size_t from = m_written;
  const std::size_t n = m_entries.size() - from;
  m_written = m_entries.size();
  // Files of one folder are created under its lock, one at a time; a second thread still
  // overlaps the rest (copying the text, the system calls' own work).
  parallel_for(n, 64, [&](std::size_t i) {
    auto& e = m_entries[from + i];
    write_temp(e.target, e.text, e.temp);
  });
}

void atomic_batch::sync() {
  // One syncfs per file system holding temporary files: it writes out and waits for every
  // dirty page and inode of that file system, ours among them, in one go, where an fsync per
  // file waits for one journal commit each.
  std::map<dev_t, std::filesystem::path> systems;
  std::filesystem::path last;
  for (std::size_t i = 0; i < m_written; ++i) {
    const auto& e = m_entries[i];
    if (e.temp.empty()) continue;
    auto dir = folder_of(e.target);
    if (dir == last) continue;
    last = std::move(dir);
    struct stat st {};
    if (::stat(last.c_str(), &st) != 0) fail(e.target, errno);
    systems.emplace(st.st_dev, e.target);
  }
  for (const auto& [dev, target] : systems) {
    const int fd = ::open(folder_of(target).c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) fail(target, errno);
    const int rc = ::syncfs(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) fail(target, error);
  }
}

void atomic_batch::replace(std::size_t index) {
  auto& e = m_entries.at(index);
  if (::rename(e.temp.c_str(), e.target.c_str()) != 0) fail(e.target, errno);
  e.temp.clear();
  m_folders.insert(folder_of(e.target));
}

bool atomic_batch::create(std::size_t index, const std::filesystem::path& path) {
  auto& e = m_entries.at(index);
  // The no-clobber rename; where the file system has none, link() fails with EEXIST instead
  // of replacing, and the temporary name is then removed.
  if (::renameat2(AT_FDCWD, e.temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) != 0) {
    if (errno == EEXIST) return false;
    if (errno != EINVAL && errno != ENOSYS) fail(path, errno);
    if (::link(e.temp.c_str(), path.c_str()) != 0) {
      if (errno == EEXIST) return false;
      fail(path, errno);
    }
    ::unlink(e.temp.c_str());
  }
  e.temp.clear();
  m_folders.insert(folder_of(path));
  return true;
}

void atomic_batch::remove(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0)
    throw io_error(fmt::format("cannot remove \"{}\": {}", path.string(), std::strerror(errno)));
  m_folders.insert(folder_of(path));
}

void atomic_batch::finish() {
  for (const auto& dir : m_folders) sync_folder(dir);
  m_folders.clear();
}

}  // namespace chronicle
