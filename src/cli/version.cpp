// chronicle --version: what a bug report needs to know about the build and what it runs with.

#include <fmt/format.h>

#include "chronicle/util/versions.hpp"
#include "command.hpp"

#ifndef CHRONICLE_VERSION
#define CHRONICLE_VERSION "unknown"
#endif
#ifndef CHRONICLE_COMMIT
#define CHRONICLE_COMMIT ""
#endif

namespace chronicle::cli {

std::string version_text() {
  const auto v = versions_in_use();
  const std::string commit = CHRONICLE_COMMIT;
  return fmt::format(
      "chronicle {}\n"
      "commit: {}\n"
      "libical: {}\n"
      "ICU: {}\n"
      "time-zone database: {}",
      CHRONICLE_VERSION, commit.empty() ? "unknown (built outside a git checkout)" : commit,
      v.libical, v.icu, v.tzdb);
}

}  // namespace chronicle::cli
