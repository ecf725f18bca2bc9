#pragma once
/// `chronicle export vdir`: one file per event in a folder, the layout khal and vdirsyncer read
/// (https://vdirsyncer.pimutils.org/en/stable/vdir.html).

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "chronicle/exchange/ical/export.hpp"

namespace chronicle {

struct vdir_report {
  std::size_t written = 0;    ///< files created or replaced
  std::size_t unchanged = 0;  ///< files that already held the object: not rewritten
  std::size_t removed = 0;    ///< files this export wrote before whose event is gone
  /// Files this export wrote before whose event is gone but that someone changed since: left.
  std::vector<std::filesystem::path> kept;
};

/// `.chronicle/vdir/NAME.json` of the timeline folder `timeline_dir` for the vdir `dir`: the
/// files an export into `dir` wrote, with a hash of each.
std::filesystem::path vdir_state_file(const std::filesystem::path& timeline_dir,
                                      const std::filesystem::path& dir);

/// Writes each object into `dir` as `object.name` (creating `dir` when missing), atomically,
/// leaving alone a file that already holds the same bytes. Deletes the files an earlier export
/// recorded in `state_file` whose object is no longer among `objects`, unless someone changed
/// them since; never touches another file. Records what it wrote in `state_file`. Throws
/// `io_error`.
vdir_report write_vdir(const std::vector<calendar_object>& objects,
                       const std::filesystem::path& dir, const std::filesystem::path& state_file);

}  // namespace chronicle
