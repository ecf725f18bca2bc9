#pragma once
// Helpers for the tests of add, show, edit, remove and check: a copy of the shipped timeline,
// the binary with a pinned clock, a pseudo-terminal session, and processes left running.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.hpp"

namespace chronicle::test {

/// 2026-05-28T20:26:40Z: the clock every command test runs at (SOURCE_DATE_EPOCH).
inline constexpr const char* k_epoch = "1780000000";
inline constexpr const char* k_epoch_utc = "2026-05-28T20:26:40Z";

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// A temporary copy of the shipped timeline, and the binary run in it with a pinned clock.
class timeline_copy {
 public:
  timeline_copy() { copy_shipped_events(m_dir); }

  const std::filesystem::path& root() const { return m_dir.path(); }
  std::filesystem::path events() const { return m_dir / "events"; }
  std::filesystem::path event(const std::string& id) const { return events() / (id + ".toml"); }
  std::string text(const std::string& id) const { return slurp(event(id)); }

  run_result run(const std::vector<std::string>& args, std::map<std::string, std::string> env = {},
                 const std::string& input = {}) const {
    env.emplace("SOURCE_DATE_EPOCH", k_epoch);
    return run_chronicle(args, m_dir.path(), env, input);
  }

  /// Names in the events folder, sorted (dot files included), but the folder of derived state,
  /// `.chronicle/`, which every changing command now writes its journal into.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(events()))
      if (e.path().filename() != ".chronicle") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  temp_dir m_dir;
};

/// The chronicle binary on a pseudo-terminal, driven like a person at the keyboard.
class terminal_session {
 public:
  /// `env` is added to the environment (NAME=VALUE each).
  terminal_session(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                   const std::vector<std::string>& env = {}) {
    m_pid = ::forkpty(&m_master, nullptr, nullptr, nullptr);
    if (m_pid == 0) {
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8",
                                       std::string("SOURCE_DATE_EPOCH=") + k_epoch};
      envs.insert(envs.end(), env.begin(), env.end());
      std::vector<char*> argv{const_cast<char*>(CHRONICLE_BINARY)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      std::vector<char*> envp;
      for (auto& e : envs) envp.push_back(e.data());
      envp.push_back(nullptr);
      ::execve(CHRONICLE_BINARY, argv.data(), envp.data());
      ::_exit(127);
    }
  }
  terminal_session(const terminal_session&) = delete;
  terminal_session& operator=(const terminal_session&) = delete;
  ~terminal_session() {
    if (m_pid > 0 && !m_reaped) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    if (m_master >= 0) ::close(m_master);
  }

  /// Reads until the output since the last expectation contains `text`; false on timeout or
  /// when the program ends first.
  bool expect(const std::string& text, int timeout_ms = 10000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      if (const auto at = m_output.find(text, m_seen); at != std::string::npos) {
        m_seen = at + text.size();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0 || !read_some(static_cast<int>(left))) return false;
    }
  }

  void send(const std::string& line) {
    const auto text = line + "\n";
    EXPECT_EQ(::write(m_master, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

  /// Reads to the end and returns the exit code.
  int finish() {
    while (read_some(10000)) {
    }
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  const std::string& output() const { return m_output; }

 private:
  bool read_some(int timeout_ms) {
    pollfd p{m_master, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    const auto n = ::read(m_master, buf, sizeof buf);
    if (n <= 0) return false;  // EIO once the program has closed the terminal
    m_output.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int m_master = -1;
  pid_t m_pid = -1;
  bool m_reaped = false;
  std::string m_output;
  std::size_t m_seen = 0;
};

/// Starts the binary without waiting for it: stdin an open, silent pipe; stdout and stderr to
/// /dev/null.
inline pid_t start_chronicle(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                             int stdin_fd = -1) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (stdin_fd >= 0) ::dup2(stdin_fd, 0);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8",
                                     std::string("SOURCE_DATE_EPOCH=") + k_epoch};
    std::vector<char*> argv{const_cast<char*>(CHRONICLE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(CHRONICLE_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

/// Waits for `pid` up to `timeout_ms`; its exit code, or -1 when it is still running.
inline int wait_for(pid_t pid, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (std::chrono::steady_clock::now() > deadline) return -1;
    ::usleep(10'000);
  }
}

}  // namespace chronicle::test
