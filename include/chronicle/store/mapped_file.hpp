#pragma once
/// A file's bytes, read-only, without copying them onto the heap: a regular file is mapped into
/// memory (the kernel pages it in as it is read and may drop the pages again), so its size is
/// bounded by the address space, not by a limit of Chronicle's.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace chronicle {

class mapped_file {
 public:
  /// Maps the file at `path`. What is not a regular file (a pipe, a device, /dev/stdin) is read
  /// into memory instead, in steps. Throws `io_error`: `cannot read "x.ics": No such file or
  /// directory` (the path and the system's reason; a folder is `Is a directory`).
  explicit mapped_file(const std::filesystem::path& path);

  /// Maps (or reads) the open file `fd`, named `name` in errors; `fd` stays the caller's.
  mapped_file(int fd, std::string name);

  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  mapped_file(mapped_file&& other) noexcept;
  mapped_file& operator=(mapped_file&& other) noexcept;
  ~mapped_file();

  /// The bytes, valid while this object lives.
  std::string_view text() const {
    return m_read.empty() ? std::string_view{m_data, m_size} : m_read;
  }
  /// True when the bytes are mapped, false when they were read (or the file is empty).
  bool mapped() const { return m_data != nullptr; }

 private:
  void open(int fd, const std::string& name);
  const char* m_data = nullptr;  ///< the mapping, when there is one
  std::size_t m_size = 0;
  std::string m_read;  ///< the bytes of what cannot be mapped
};

/// Standard input as a `mapped_file`: mapped when it is a regular file (`< cal.ics`); anything
/// else (a pipe) is first copied, in steps, into a file without a name in the folder `spool_dir`
/// (removed at once, so nothing is left behind, whatever happens), which is then mapped: memory
/// does not grow with what is piped in. A folder that cannot be written (read-only) is not
/// used: standard input is then read into memory. Throws `io_error` naming standard input or the
/// folder.
mapped_file map_standard_input(const std::filesystem::path& spool_dir);

}  // namespace chronicle
