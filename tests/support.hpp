#pragma once
// Test helpers: temporary folders, files, and running the real chronicle binary.

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace chronicle::test {

inline const std::filesystem::path k_source_dir{CHRONICLE_SOURCE_DIR};

/// A fresh folder under the system temporary directory, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "chronicle-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

inline void write_file(const std::filesystem::path& p, const std::string& content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A minimal valid timeline.toml.
inline std::string timeline_toml(const std::string& tz = "America/New_York") {
  return "name = \"Test timeline\"\ndefault_language = \"en\"\ntime_zone = \"" + tz +
         "\"\nuid_domain = \"test.invalid\"\n";
}

/// Copies the shipped timeline into `dir`/events.
inline std::filesystem::path copy_shipped_events(const temp_dir& dir) {
  const auto target = dir / "events";
  std::filesystem::copy(k_source_dir / "events", target, std::filesystem::copy_options::recursive);
  return target;
}

struct run_result {
  int exit = -1;
  std::string out;
  std::string err;
};

/// Runs the chronicle binary with `args` in `cwd`, with `env` added to a clean environment
/// (PATH, TZ=UTC, LC_ALL=C.UTF-8), feeding `input` on stdin.
inline run_result run_chronicle(const std::vector<std::string>& args,
                                const std::filesystem::path& cwd = k_source_dir,
                                const std::map<std::string, std::string>& env = {},
                                const std::string& input = {}) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) || ::pipe(out_pipe) || ::pipe(err_pipe)) throw std::runtime_error("pipe");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      ::close(fd);
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8"};
    if (const char* asan = std::getenv("ASAN_OPTIONS"))
      envs.push_back(std::string("ASAN_OPTIONS=") + asan);
    for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
    std::vector<char*> argv{const_cast<char*>(CHRONICLE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(CHRONICLE_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (!input.empty()) {
    auto n = ::write(in_pipe[1], input.data(), input.size());
    (void)n;
  }
  ::close(in_pipe[1]);
  run_result r;
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  int open = 2;
  char buf[65536];
  while (open > 0) {
    ::poll(fds.data(), fds.size(), -1);
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const auto n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace chronicle::test
