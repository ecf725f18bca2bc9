#include "chronicle/store/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"

namespace chronicle {

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, int error) {
  throw io_error(fmt::format("cannot write \"{}\": {}", path.string(), std::strerror(error)));
}

/// Owns a temporary file until it is committed; removes it otherwise.
class temp_file {
 public:
  temp_file(const std::filesystem::path& target) : m_target(target) {
    const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    m_path = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    m_fd = ::mkstemp(m_path.data());
    if (m_fd < 0) fail(target, errno);
    ::fchmod(m_fd, 0644);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed) ::unlink(m_path.c_str());
  }

  void write_and_sync(std::string_view content) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
      const auto n = ::write(m_fd, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail(m_target, errno);
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    if (::fsync(m_fd) != 0) fail(m_target, errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail(m_target, errno);
  }

  const std::string& path() const { return m_path; }
  void committed() { m_committed = true; }

 private:
  std::filesystem::path m_target;
  std::string m_path;
  int m_fd = -1;
  bool m_committed = false;
};

void sync_folder(const std::filesystem::path& target) {
  const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // the rename is done; a folder that cannot be opened cannot be synced
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  temp_file tmp(path);
  tmp.write_and_sync(content);
  if (::rename(tmp.path().c_str(), path.c_str()) != 0) fail(path, errno);
  tmp.committed();
  sync_folder(path);
}

bool create_file_atomically(const std::filesystem::path& path, std::string_view content) {
  temp_file tmp(path);
  tmp.write_and_sync(content);
  // link() fails with EEXIST instead of replacing: the no-clobber rename.
  if (::link(tmp.path().c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) return false;
    fail(path, errno);
  }
  sync_folder(path);
  return true;  // the temporary name is unlinked by the destructor
}

}  // namespace chronicle
