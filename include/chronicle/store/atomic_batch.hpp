#pragma once
/// Writing many files at once, each atomically (never half-written), with the cost of making
/// them durable paid once for the whole batch instead of once per file.

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {

/// A batch of atomic writes, in three steps:
///
///  1. `add` names each file to write and its new text; `write` writes every text added since
///     the last `write` to a temporary file `.NAME.XXXXXX` beside its target (names starting
///     with `.` are never read as events), on every core. Nothing a reader sees changes.
///  2. `sync` makes every temporary file written so far durable, all together (one `syncfs` of
///     their file system).
///  3. `replace`, `create` and `remove` then put the files in place one at a time, in the
///     caller's order: one rename (or deletion) each, so that a reader, or a process killed at
///     any moment, finds every file either old or new, never a part, and the files put in place
///     are a prefix of the caller's order. `finish` flushes every folder they touched, once.
///
/// Every failure throws `io_error` naming the target and the system's reason (`cannot write
/// "x.toml": No space left on device`); the temporary files not put in place are removed by
/// the destructor, whatever happened, and the folders of those put in place before a failure
/// flushed. A batch belongs to one thread.
class atomic_batch {
 public:
  atomic_batch() = default;
  atomic_batch(const atomic_batch&) = delete;
  atomic_batch& operator=(const atomic_batch&) = delete;
  ~atomic_batch();

  /// Adds the file `target` with `text` (which must stay alive until `write`); returns its
  /// index for `replace` and `create`. `target`'s folder must exist by `write`.
  std::size_t add(std::filesystem::path target, std::string_view text);

  /// Writes the temporary file of every file added since the last `write`. When writes fail,
  /// the error of the lowest index is thrown once all have finished.
  void write();

  /// Makes every temporary file written so far durable.
  void sync();

  /// Renames the temporary file of `index` over its target: the old file, if any, is replaced.
  void replace(std::size_t index);

  /// Puts the temporary file of `index` in place as `path` (in the target's folder; not
  /// necessarily its target: a clash takes another name) unless something is already there,
  /// even put there by another process at the same moment: then returns false, the temporary
  /// file stays for another try, and nothing changes.
  bool create(std::size_t index, const std::filesystem::path& path);

  /// Deletes `path`. Throws `io_error` (`cannot remove "x.toml": ...`).
  void remove(const std::filesystem::path& path);

  /// Flushes every folder `replace`, `create` and `remove` changed.
  void finish();

 private:
  struct entry {
    std::filesystem::path target;
    std::string_view text;
    std::string temp;  ///< the temporary file's path; empty once put in place (or never made)
  };
  std::vector<entry> m_entries;
  std::size_t m_written = 0;                  ///< entries below this were written by `write`
  std::set<std::filesystem::path> m_folders;  ///< folders changed, for `finish`
};

}  // namespace chronicle
