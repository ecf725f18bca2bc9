#pragma once
/// The versions of the libraries and data Chronicle runs with, for `chronicle --version` and bug
/// reports.

#include <string>

namespace chronicle {

struct component_versions {
  std::string libical;  ///< the libical Chronicle was built against ("3.0.16")
  std::string icu;      ///< the ICU loaded at run time ("72.1")
  std::string tzdb;     ///< the time-zone database in use ("2024a"); "unknown" when it has none
};

/// The versions in use. Reads the time-zone database (a few milliseconds the first time).
component_versions versions_in_use();

}  // namespace chronicle
