// Fuzzes add's argument-to-event path: the input, split at NUL bytes, is the argument list of
// `chronicle add --dry-run ...`, run through the CLI's own add command (cmd_add.cpp) against a
// small timeline in a temporary folder. Usage errors and bad values are expected; a crash, a
// leak, an uncaught exception or a written file is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "chronicle/model/diagnostic.hpp"
#include "command.hpp"

namespace {

std::string g_events_dir;

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "chronicle-fuzz-add-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) std::abort();
  g_events_dir = tmpl;
  write(std::filesystem::path(tmpl) / "timeline.toml",
        "name = \"Fuzz\"\ndefault_language = \"en\"\ntime_zone = \"America/Toronto\"\n"
        "uid_domain = \"fuzz.invalid\"\n");
  write(std::filesystem::path(tmpl) / "2024-02-08-meeting.toml",
        "date = \"2024-02-08\"\ntitle = \"Meeting\"\ntags = [\"a\"]\n");
  // Read-only: a dry run writes nothing, and a write attempt would be an io_error.
  std::filesystem::permissions(
      tmpl, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  // --dry-run prints the file it would write: keep it out of the fuzzer's output.
  const int null = ::open("/dev/null", O_WRONLY);
  if (null >= 0) ::dup2(null, STDOUT_FILENO);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"chronicle", "add", "--dry-run"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  args.push_back(current);
  if (args.size() > 64) return -1;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());

  chronicle::cli::context ctx;
  ctx.events_dir = g_events_dir;
  ctx.now = date::sys_days{date::year{2024} / 6 / 1} + std::chrono::hours{12};
  ctx.set_today(date::sys_days{date::year{2024} / 6 / 1});
  CLI::App app{"fuzz", "chronicle"};
  chronicle::cli::add_add_command(app, ctx);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
  } catch (const chronicle::cli::usage_error&) {
  }
  return 0;
}
