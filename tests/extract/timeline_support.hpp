#pragma once
// What the extract CLI tests share: a new timeline to put proposals in, and extract's
// --format toml output saved as the event files it names.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support.hpp"

namespace chronicle::test {

/// A new, empty timeline "Extracted" (Russian, UTC) made by `chronicle init` in `dir`/t; its
/// folder.
inline std::filesystem::path new_extract_timeline(const temp_dir& dir) {
  const auto t = dir / "t";
  const auto r =
      run_chronicle({"init", t.string(), "--name", "Extracted", "--language", "ru", "--tz", "UTC"});
  EXPECT_EQ(r.exit, 0) << r.err;
  return t;
}

/// Saves `extract --format toml` output in `folder`, each file as its "# file: NAME" comment
/// names it; the number of files.
inline std::size_t save_event_files(const std::string& output,
                                    const std::filesystem::path& folder) {
  std::size_t files = 0;
  std::ofstream out;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# file: ", 0) == 0) {
      out.close();
      out.open(folder / line.substr(8));
      ++files;
      continue;
    }
    out << line << "\n";
  }
  return files;
}

}  // namespace chronicle::test
