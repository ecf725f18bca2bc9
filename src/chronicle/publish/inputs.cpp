// The fingerprint of what publishing a timeline reads, so that a publish of an unchanged
// timeline reads none of it.

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chronicle/publish/caldav.hpp"
#include "chronicle/util/content_hash.hpp"

namespace chronicle {

namespace {

/// How recent a modification time may be for a later change to be told apart from it: two
/// writes within one tick of the file system's clock can leave the same time (and size). Times
/// in whole seconds (a file system without sub-second times) need two seconds.
constexpr long long k_racy_ns = 100'000'000;
constexpr long long k_racy_coarse_ns = 2'000'000'000;

long long ns_of(const timespec& t) {
  return static_cast<long long>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

/// Appends a line per visible entry of `dir` to `lines`; false when `dir` cannot be listed or an
/// entry is too recent. A missing `dir` is one line saying so.
bool describe_folder(const std::filesystem::path& dir, const std::string& prefix, long long now_ns,
                     std::vector<std::string>& lines) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      lines.push_back(prefix + "\tnone");
      return true;
    }
    return false;
  }
  for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.starts_with(".")) continue;  // as loading leaves them out
    struct stat st {};
    if (::stat(it->path().c_str(), &st) != 0) {
      lines.push_back(fmt::format("{}{}\tmissing {}", prefix, name, errno));
      continue;
    }
    const auto mtime = ns_of(st.st_mtim);
    if (now_ns - mtime < (st.st_mtim.tv_nsec == 0 ? k_racy_coarse_ns : k_racy_ns)) return false;
    lines.push_back(fmt::format("{}{}\t{:o}\t{}\t{}\t{}:{}", prefix, name, st.st_mode, st.st_size,
                                mtime, st.st_dev, st.st_ino));
  }
  return !ec;
}

}  // namespace

std::string publish_inputs_fingerprint(const std::filesystem::path& timeline_dir,
                                       std::string_view settings) {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const auto now_ns = ns_of(now);
  std::vector<std::string> lines;
  if (!describe_folder(timeline_dir, "", now_ns, lines) ||
      !describe_folder(timeline_dir / ".chronicle" / "removed", ".chronicle/removed/", now_ns,
                       lines))
    return {};
  std::sort(lines.begin(), lines.end());
  std::string text(settings);
  text += '\n';
  for (const auto& l : lines) text += l + '\n';
  return content_hash(text);
}

}  // namespace chronicle
