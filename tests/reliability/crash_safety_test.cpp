// Crash safety: add, edit, import and export killed with SIGKILL at random points leave every
// file in events/ and exports/ either old or new, and valid; leftover temporary files are never
// read by list or check. A full disk (RLIMIT_FSIZE, SIGXFSZ ignored so write() fails with EFBIG)
// gives exit code 3 and a clear message, with the old files intact.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <random>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

/// Starts the binary in `cwd` with stdout and stderr discarded; `fsize` limits written files.
pid_t start(const std::vector<std::string>& args, const std::filesystem::path& cwd,
            rlim_t fsize = RLIM_INFINITY) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    if (fsize != RLIM_INFINITY) {
      ::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing
      const rlimit limit{fsize, fsize};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8",
                                     "SOURCE_DATE_EPOCH=1780000000"};
    if (const char* asan = std::getenv("ASAN_OPTIONS"))
      envs.push_back(std::string("ASAN_OPTIONS=") + asan);
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

int wait_status(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

/// How long an uninterrupted run takes, in microseconds.
long time_run(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(wait_status(start(args, cwd)), 0);
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count());
}

const std::string k_calendar =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:k1\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240601\r\n"
    "SUMMARY:Imported one\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:k2\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240602T100000Z\r\n"
    "SUMMARY:Imported two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// Every event file loads without errors; temporaries start with ".".
void expect_events_whole(const std::filesystem::path& events) {
  const auto loaded = load_timeline(events);
  for (const auto& d : loaded.diagnostics)
    if (d.severity == severity::error) ADD_FAILURE() << to_string(d);
  for (const auto& e : std::filesystem::directory_iterator(events)) {
    const auto name = e.path().filename().string();
    EXPECT_TRUE(name.ends_with(".toml") || name.starts_with(".")) << name;
  }
}

/// The export is the previous one or a whole calendar libical reads.
void expect_export_whole(const std::filesystem::path& file, const std::string& previous) {
  if (!std::filesystem::exists(file)) return;
  const auto now = test::slurp(file);
  if (now == previous) return;
  EXPECT_TRUE(now.ends_with("END:VCALENDAR\r\n")) << now.size();
  const auto c = test::census(now);
  EXPECT_EQ(c.components.count("VCALENDAR"), 1u);
  EXPECT_GE(c.components.count("VEVENT") ? c.components.at("VEVENT") : 0, 5);
}

TEST(crash_safety, sigkill_at_random_points_leaves_old_or_new_files) {
  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  std::filesystem::create_directories(dir / "exports");
  test::write_file(dir / "in.ics", k_calendar);
  const std::string edited = "2024-03-03-pdac-2024-convention";
  const auto export_args = std::vector<std::string>{"export", "ics", "-o", "exports/out.ics"};

  // An uninterrupted run of each, to aim the kills over its whole duration.
  const long export_us = time_run(export_args, dir.path());
  const long add_us = time_run({"add", "Timing run", "--date", "2024-06-03"}, dir.path());
  const long edit_us = time_run({"edit", edited, "--set", "title=Timing"}, dir.path());
  const long import_us = time_run({"import", "in.ics"}, dir.path());

  std::mt19937 random(20240208);
  int killed = 0, finished = 0;
  constexpr int k_rounds = 55;  // 4 commands each: 220 runs
  for (int i = 0; i < k_rounds; ++i) {
    const auto title = "Title " + std::to_string(i);
    const std::vector<std::pair<std::vector<std::string>, long>> runs = {
        {{"add", "Killed add " + std::to_string(i), "--date", "2024-06-04"}, add_us},
        {{"edit", edited, "--set", "title=" + title}, edit_us},
        {{"import", "in.ics"}, import_us},
        {export_args, export_us}};
    for (const auto& [args, duration] : runs) {
      const auto old_edited = test::slurp(events / (edited + ".toml"));
      const auto old_export = test::slurp(dir / "exports/out.ics");
      if (args[0] == "import") {
        // Import into a fresh state each time: remove what an earlier import added.
        for (const auto& e : std::filesystem::directory_iterator(events))
          if (e.path().filename().string().starts_with("2024-06-0") &&
              has(test::slurp(e.path()), "Imported"))
            std::filesystem::remove(e.path());
      }
      const pid_t pid = start(args, dir.path());
      ::usleep(
          static_cast<useconds_t>(random() % static_cast<unsigned long>(duration * 12 / 10 + 1)));
      ::kill(pid, SIGKILL);
      (wait_status(pid) == -SIGKILL ? killed : finished)++;

      const auto now_edited = test::slurp(events / (edited + ".toml"));
      if (args[0] == "edit")
        EXPECT_TRUE(now_edited == old_edited || has(now_edited, "\"" + title + "\"")) << now_edited;
      else
        EXPECT_EQ(now_edited, old_edited);
      expect_export_whole(dir / "exports/out.ics", old_export);
    }
    expect_events_whole(events);
  }
  EXPECT_GT(killed, 50) << "kills must land while the commands run";
  std::cout << "runs: " << killed + finished << ", killed " << killed << ", finished " << finished
            << "\n";

  // Leftover temporaries are never read as events: list and check succeed.
  test::run_result list = test::run_chronicle({"list"}, dir.path());
  EXPECT_EQ(list.exit, 0) << list.err;
  test::run_result check = test::run_chronicle({"check"}, dir.path());
  EXPECT_NE(check.exit, 1) << check.err << check.out;
}

/// The timeline's files, hidden ones too (tombstones, import bases), without temporaries, the
/// journal and the README: what an undo must put back exactly.
std::map<std::string, std::string> timeline_files(const std::filesystem::path& events) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(events)) {
    const auto rel = e.path().lexically_relative(events).generic_string();
    if (!e.is_regular_file() || e.path().filename().string().starts_with(".") ||
        rel.starts_with(".chronicle/journal/") || rel == ".chronicle/README")
      continue;
    out[rel] = test::slurp(e.path());
  }
  return out;
}

// A remove --force (three files: the referrer, the event, the tombstone) or its undo killed at
// a random point: the undo that follows (or the one run again) brings back exactly the
// timeline from before, whatever was written when the process died.
TEST(crash_safety, sigkill_of_a_change_or_of_its_undo_is_undone_exactly) {
  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  const auto original = timeline_files(events);
  const std::vector<std::string> remove_args = {"remove", "2024-02-08", "--force"};
  const long remove_us = time_run(remove_args, dir.path());
  const long undo_us = time_run({"undo"}, dir.path());
  ASSERT_EQ(timeline_files(events), original);

  std::mt19937 random(20261202);
  int killed = 0;
  constexpr int k_rounds = 40;
  for (int i = 0; i < k_rounds; ++i) {
    const bool kill_undo = i % 2 == 1;
    pid_t pid = start(remove_args, dir.path());
    if (!kill_undo) {
      ::usleep(
          static_cast<useconds_t>(random() % static_cast<unsigned long>(remove_us * 12 / 10 + 1)));
      ::kill(pid, SIGKILL);
    }
    const int removed = wait_status(pid);
    if (removed == -SIGKILL) ++killed;
    if (kill_undo) {
      ASSERT_EQ(removed, 0);
      pid = start({"undo"}, dir.path());
      ::usleep(
          static_cast<useconds_t>(random() % static_cast<unsigned long>(undo_us * 12 / 10 + 1)));
      ::kill(pid, SIGKILL);
      if (wait_status(pid) == -SIGKILL) ++killed;
    }
    const auto r = test::run_chronicle({"undo"}, dir.path());
    EXPECT_TRUE(r.exit == 0 || (r.exit == 1 && has(r.err, "nothing to undo")))
        << "round " << i << ": " << r.exit << " " << r.err;
    EXPECT_EQ(timeline_files(events), original) << "round " << i << ": " << r.out << r.err;
    expect_events_whole(events);
  }
  EXPECT_GT(killed, 20) << "kills must land while the commands run";
  const auto log = test::run_chronicle({"log"}, dir.path());
  EXPECT_EQ(log.exit, 0) << log.err;
}

/// A calendar of `n` all-day events, each with its own UID and title.
std::string many_events(int n) {
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
  for (int i = 0; i < n; ++i)
    out += "BEGIN:VEVENT\r\nUID:many-" + std::to_string(i) +
           "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:202407" + (i % 28 < 9 ? "0" : "") +
           std::to_string(i % 28 + 1) + "\r\nSUMMARY:Batch event " + std::to_string(i) +
           "\r\nDESCRIPTION:" + std::string(200, 'x') + "\r\nEND:VEVENT\r\n";
  return out + "END:VCALENDAR\r\n";
}

TEST(crash_safety, sigkill_during_a_big_import_leaves_a_prefix_of_whole_files) {
  constexpr int k_events = 400;
  // An uninterrupted import into a copy: the files it writes, in the order it writes them.
  test::temp_dir reference;
  const auto ref_events = test::copy_shipped_events(reference);
  test::write_file(reference / "many.ics", many_events(k_events));
  const auto done = test::run_chronicle({"import", "many.ics"}, reference.path(),
                                        {{"SOURCE_DATE_EPOCH", "1780000000"}});
  ASSERT_EQ(done.exit, 0) << done.err;
  std::vector<std::string> order;
  for (std::size_t at = 0; (at = done.out.find("added ", at)) != std::string::npos;) {
    at += 6;
    order.push_back(done.out.substr(at, done.out.find(' ', at) - at));
  }
  ASSERT_EQ(order.size(), static_cast<std::size_t>(k_events)) << done.out;
  const auto base = [](const std::filesystem::path& events, const std::string& id) {
    return events / ".chronicle" / "import-base" / (id + ".toml");
  };
  std::vector<std::string> texts, bases;
  for (const auto& id : order) {
    texts.push_back(test::slurp(ref_events / (id + ".toml")));
    bases.push_back(test::slurp(base(ref_events, id)));
  }

  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  test::write_file(dir / "many.ics", many_events(k_events));
  const auto shipped = load_timeline(events).timeline.events.size();
  const long import_us = time_run({"import", "many.ics"}, dir.path());

  std::mt19937 random(20261202);
  int killed = 0, partial = 0, leftovers = 0;
  constexpr int k_rounds = 30;
  for (int round = 0; round < k_rounds; ++round) {
    // A fresh state each time: nothing of an earlier import, no temporary files.
    for (const auto& id : order) std::filesystem::remove(events / (id + ".toml"));
    std::filesystem::remove_all(events / ".chronicle");
    for (const auto& e : std::filesystem::directory_iterator(events))
      if (e.path().filename().string().starts_with(".")) std::filesystem::remove(e.path());

    const pid_t pid = start({"import", "many.ics"}, dir.path());
    if (round % 2 == 0) {
      // Anywhere in the run: reading, planning, writing the temporary files, syncing.
      ::usleep(
          static_cast<useconds_t>(random() % static_cast<unsigned long>(import_us * 12 / 10 + 1)));
    } else {
      // While the files are being put in place: once the first one is there.
      const auto first = events / (order.front() + ".toml");
      for (int waited = 0; !std::filesystem::exists(first) && waited < 20'000'000; waited += 100)
        ::usleep(100);
      ::usleep(static_cast<useconds_t>(random() % 20'000));
    }
    ::kill(pid, SIGKILL);
    if (wait_status(pid) == -SIGKILL) ++killed;

    // The files in place are the first ones of the plan, each whole; the rest are absent.
    std::size_t present = 0;
    while (present < order.size() && std::filesystem::exists(events / (order[present] + ".toml")))
      ++present;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const auto path = events / (order[i] + ".toml");
      if (i < present)
        EXPECT_EQ(test::slurp(path), texts[i]) << path;
      else
        EXPECT_FALSE(std::filesystem::exists(path)) << path << " after a gap at " << present;
      // The import's record of the calendar comes after every event file, each whole.
      if (std::filesystem::exists(base(events, order[i]))) {
        EXPECT_EQ(present, order.size()) << base(events, order[i]);
        EXPECT_EQ(test::slurp(base(events, order[i])), bases[i]);
      }
    }
    if (present > 0 && present < order.size()) ++partial;
    expect_events_whole(events);
    EXPECT_EQ(load_timeline(events).timeline.events.size(), shipped + present);
    for (const auto& e : std::filesystem::directory_iterator(events))
      if (e.path().filename().string().starts_with(".") && e.path().filename() != ".chronicle")
        ++leftovers;
  }
  EXPECT_GT(killed, k_rounds / 2) << "kills must land while the import runs";
  std::cout << "imports of " << k_events << " events: " << k_rounds << ", killed " << killed << ", "
            << partial << " killed while putting files in place; temporary files left " << leftovers
            << "\n";

  // Leftover temporaries are never read as events: list and check succeed.
  const auto list = test::run_chronicle({"list"}, dir.path());
  EXPECT_EQ(list.exit, 0) << list.err;
  const auto check = test::run_chronicle({"check"}, dir.path());
  EXPECT_NE(check.exit, 1) << check.err << check.out;
}

TEST(full_disk, a_failed_write_exits_3_and_keeps_the_old_files) {
  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  std::filesystem::create_directories(dir / "exports");
  test::write_file(dir / "exports/out.ics", "old export\n");
  test::write_file(dir / "in.ics", k_calendar);
  const std::string edited = "2024-03-03-pdac-2024-convention";
  const auto old_edited = test::slurp(events / (edited + ".toml"));
  const auto names = [&] {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(events))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto before = names();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"export", "ics", "-o", "exports/out.ics"},
        {"add", "Disk full", "--date", "2024-06-01"},
        {"edit", edited, "--set", "title=Disk full"},
        {"import", "in.ics"}}) {
    EXPECT_EQ(wait_status(start(args, dir.path(), 64)), 3) << args[0];
  }
  EXPECT_EQ(test::slurp(dir / "exports/out.ics"), "old export\n");
  EXPECT_EQ(test::slurp(events / (edited + ".toml")), old_edited);
  EXPECT_EQ(names(), before) << "no new file, no temporary left";

  // The message names the file and the system's reason.
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64, 64};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    const auto r = test::run_chronicle({"export", "ics", "-o", "exports/out.ics"}, dir.path());
    const bool ok = r.exit == 3 && has(r.err, "cannot write \"exports/out.ics\": File too large");
    if (!ok) std::fprintf(stderr, "exit %d: %s\n", r.exit, r.err.c_str());
    ::_exit(ok ? 0 : 1);
  }
  EXPECT_EQ(wait_status(pid), 0);
}

}  // namespace
}  // namespace chronicle
