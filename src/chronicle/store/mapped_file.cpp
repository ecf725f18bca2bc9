#include "chronicle/store/mapped_file.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/model/diagnostic.hpp"

namespace chronicle {

namespace {

io_error cannot_read(const std::string& name, int error) {
  return io_error(fmt::format("cannot read \"{}\": {}", name, std::strerror(error)));
}

/// Closes a descriptor this file opened.
struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

mapped_file::mapped_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw cannot_read(path.string(), errno);
  const fd_closer guard{fd};
  open(fd, path.string());
}

mapped_file::mapped_file(int fd, std::string name) {
  open(fd, name);
}

void mapped_file::open(int fd, const std::string& name) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw cannot_read(name, errno);
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) throw cannot_read(name, errno);
    // Read front to back, once: the kernel may read ahead and drop what was read.
    ::madvise(p, size, MADV_SEQUENTIAL);
    m_data = static_cast<const char*>(p);
    m_size = size;
    return;
  }
  // A pipe, a device, a file without a size: read in steps (a folder fails here, EISDIR).
  std::array<char, 1 << 16> chunk{};
  for (;;) {
    const auto n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw cannot_read(name, errno);
    if (n == 0) break;
    m_read.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

mapped_file::mapped_file(mapped_file&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)),
      m_size(std::exchange(other.m_size, 0)),
      m_read(std::move(other.m_read)) {}

mapped_file& mapped_file::operator=(mapped_file&& other) noexcept {
  if (this != &other) {
    if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
    m_read = std::move(other.m_read);
  }
  return *this;
}

mapped_file::~mapped_file() {
  if (m_data) ::munmap(const_cast<char*>(m_data), m_size);
}

mapped_file map_standard_input(const std::filesystem::path& spool_dir) {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) throw cannot_read("<stdin>", errno);
  if (S_ISREG(st.st_mode)) return mapped_file(STDIN_FILENO, "<stdin>");
  const auto cannot_spool = [&](int error) {
    return io_error(fmt::format("cannot keep standard input in \"{}\": {}", spool_dir.string(),
                                std::strerror(error)));
  };
  // A file with no name (O_TMPFILE); where the file system has none, a hidden name removed at
  // once. Either way nothing outlives this process, even one killed.
  int fd = ::open(spool_dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    auto name = (spool_dir / ".chronicle-stdin.XXXXXX").string();
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.c_str());
  }
  // A folder that cannot be written (a dry run in a read-only timeline): read into memory.
  if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
    return mapped_file(STDIN_FILENO, "<stdin>");
  if (fd < 0) throw cannot_spool(errno);
  const fd_closer guard{fd};
  std::array<char, 1 << 16> chunk{};
  for (;;) {
    auto n = ::read(STDIN_FILENO, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw cannot_read("<stdin>", errno);
    if (n == 0) break;
    for (const char* p = chunk.data(); n > 0;) {
      const auto w = ::write(fd, p, static_cast<std::size_t>(n));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) throw cannot_spool(errno);
      p += w;
      n -= w;
    }
  }
  return mapped_file(fd, "<stdin>");
}

}  // namespace chronicle
