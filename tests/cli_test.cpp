// The real chronicle binary: arguments, stdout, stderr and exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <pty.h>

#include "support.hpp"

namespace chronicle {
namespace {

using test::run_chronicle;
using test::temp_dir;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(cli_list, prints_the_chronology_in_english) {
  const auto r = run_chronicle({"list"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(r.out.starts_with("C5+1 Critical Minerals Dialogue\n\n2023\n  19 Sep 2023 "))
      << r.out;
  EXPECT_TRUE(contains(
      r.out, "\n  8 Feb 2024    Inaugural meeting of the C5+1 Critical Minerals Dialogue\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "4 months 20 days after “C5+1 presidential summit in New York”"));
  EXPECT_TRUE(contains(
      r.out, "\n  Mar 2024      Minister Kanat Sharlapayev's working visit to PDAC in Toronto\n"));
  EXPECT_TRUE(contains(r.out, "\n  3–6 Mar 2024  PDAC 2024 convention\n"));
}

TEST(cli_list, prints_the_chronology_in_russian) {
  const auto r = run_chronicle({"list", "--lang", "ru"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  8 февраля 2024 ")) << r.out;
  EXPECT_TRUE(contains(r.out, "  март 2024 "));
  EXPECT_TRUE(contains(r.out, "через 4 месяца 20 дней после события «Саммит C5+1 в Нью-Йорке»"));
}

TEST(cli_list, filters_by_date_range_and_tag) {
  auto r = run_chronicle({"list", "--from", "2024-02", "--to", "2024-02"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "8 Feb 2024"));
  EXPECT_FALSE(contains(r.out, "2023"));
  EXPECT_FALSE(contains(r.out, "Mar 2024"));
  r = run_chronicle({"list", "--tag", "pdac", "--format", "json"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["events"].size(), 3u);
}

TEST(cli_list, prints_documented_json) {
  const auto r = run_chronicle({"list", "--format", "json", "--lang", "ru"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "chronicle-timeline");
  EXPECT_EQ(j["events"][1]["date"]["display"], "8 февраля 2024");
  EXPECT_EQ(j["events"][2]["date"]["precision"], "month");
}

TEST(cli_list, prints_markdown) {
  const auto r = run_chronicle({"list", "--format", "markdown"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "| Date | Event | Place | Status |"));
}

/// Runs chronicle on a pseudo-terminal, as a user at a terminal would.
std::string run_on_terminal(const std::vector<std::string>& args, bool no_color) {
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    if (::chdir(CHRONICLE_SOURCE_DIR) != 0) ::_exit(127);
    std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8"};
    if (no_color) envs.push_back("NO_COLOR=1");
    std::vector<char*> argv{const_cast<char*>(CHRONICLE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    ::execve(CHRONICLE_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    const auto n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

TEST(cli_list, colours_only_on_a_terminal_and_never_with_no_color) {
  EXPECT_TRUE(contains(run_on_terminal({"list"}, false), "\x1b[1m2024\x1b[0m"));
  EXPECT_FALSE(contains(run_on_terminal({"list"}, true), "\x1b["));
  EXPECT_FALSE(contains(run_chronicle({"list"}).out, "\x1b["));
  EXPECT_TRUE(contains(run_chronicle({"list", "--color", "always"}).out, "\x1b["));
}

TEST(cli_export, matches_the_committed_export) {
  const auto r = run_chronicle({"export", "ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out == test::slurp(test::k_source_dir / "exports/c5plus1.ics"))
      << "exports/c5plus1.ics is stale: run ./scripts/run to regenerate it";
}

TEST(cli_export, writes_a_file_and_honours_source_date_epoch) {
  temp_dir dir;
  const auto out = (dir / "c.ics").string();
  const auto r = run_chronicle({"export", "ics", "-o", out}, test::k_source_dir,
                               {{"SOURCE_DATE_EPOCH", "1700000000"}});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(test::slurp(out), "DTSTAMP:20231114T221320Z"));
}

TEST(cli_errors, bad_data_exits_1_with_every_problem_and_writes_nothing) {
  temp_dir dir;
  test::write_file(dir / "events/timeline.toml", test::timeline_toml());
  test::write_file(dir / "events/a.toml", "title = \"a\"\ndate = \"2024-02-30\"\n");
  test::write_file(dir / "events/b.toml",
                   "title = \"b\"\ndate = \"2024-02-01\"\nfollows = [\"ghost\"]\ncolour = 1\n");
  test::write_file(dir / "old.ics", "old");
  const auto r = run_chronicle({"export", "ics", "-o", "old.ics"}, dir.path());
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "events/a.toml:2:17: error: day 30 does not exist in 2024-02"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "events/b.toml:4:1: error: unknown key \"colour\"")) << r.err;
  EXPECT_TRUE(contains(r.err, "events/b.toml:3:12: error: follows refers to \"ghost\"")) << r.err;
  EXPECT_EQ(test::slurp(dir / "old.ics"), "old");
}

TEST(cli_errors, usage_errors_exit_2) {
  auto r = run_chronicle({"list", "--from", "yesterday"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err, "chronicle: --from \"yesterday\": expected an EDTF date")) << r.err;
  r = run_chronicle({"list", "--bogus"});
  EXPECT_EQ(r.exit, 2);
  r = run_chronicle({"list", "--lang", "fr"});
  EXPECT_EQ(r.exit, 2);
  r = run_chronicle({});
  EXPECT_EQ(r.exit, 2);
  r = run_chronicle({"list", "--from", "2024-03", "--to", "2024-01"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err, "is before --from")) << r.err;
}

TEST(cli_errors, io_errors_exit_3) {
  auto r = run_chronicle({"--events", "/nonexistent/events", "list"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "cannot read timeline folder \"/nonexistent/events\"")) << r.err;
  r = run_chronicle({"export", "ics", "-o", "/nonexistent/dir/c.ics"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "cannot write \"/nonexistent/dir/c.ics\": No such file or directory"))
      << r.err;
}

TEST(cli_errors, a_failed_write_names_the_file_meant) {
  temp_dir dir;
  const auto r = run_chronicle(
      {"--events", (test::k_source_dir / "events").string(), "export", "ics", "-o", "out/x.ics"},
      dir.path());
  EXPECT_EQ(r.exit, 3);
  EXPECT_EQ(r.err, "chronicle: cannot write \"out/x.ics\": No such file or directory\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "no temporary file left";
}

TEST(cli_errors, an_unknown_subcommand_or_option_suggests_the_nearest) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"lst"}, "unknown command \"lst\"\ndid you mean \"list\"?"},
      {{"improt", "x.ics"}, "unknown command \"improt\"\ndid you mean \"import\"?"},
      {{"list", "--frm", "2024"}, "unknown option \"--frm\"\ndid you mean --from?"},
      {{"list", "--from", "2024", "--tga", "pdac"},
       "unknown option \"--tga\"\ndid you mean --tag?"},
      {{"export", "icss"}, "unknown command \"icss\"\ndid you mean \"ics\"?"},
      {{"export", "ics", "--coarce", "skip"},
       "unknown option \"--coarce\"\ndid you mean --coarse?"},
      {{"--event", "events", "list"}, "unknown option \"--event\"\ndid you mean --events?"},
      {{"list", "--i"}, "unknown option \"--i\"\ndid you mean --ids?"},
      {{"list", "--zzzzzz"}, "unknown option \"--zzzzzz\""},  // nothing near: no guess
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_chronicle(args);
    EXPECT_EQ(r.exit, 2) << args[0];
    EXPECT_EQ(r.err, "chronicle: " + message + "\nrun \"chronicle --help\" for usage\n") << args[0];
  }
}

TEST(cli_help, every_command_has_help_with_examples) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--help"},
                                             {"list", "--help"},
                                             {"export", "--help"},
                                             {"export", "ics", "--help"},
                                             {"export", "html", "--help"},
                                             {"export", "markdown", "--help"},
                                             {"export", "json", "--help"},
                                             {"export", "csv", "--help"},
                                             {"export", "timelinejs", "--help"}}) {
    const auto r = run_chronicle(args);
    EXPECT_EQ(r.exit, 0);
    EXPECT_TRUE(contains(r.out, "Examples:")) << r.out;
    if (args[0] == "export" && args[1] != "--help") {  // each format its own examples
      EXPECT_TRUE(contains(r.out, "Examples:\n  chronicle export " + args[1] + " ")) << r.out;
    }
  }
  const auto r = run_chronicle({"export", "--help"});
  for (const auto* format : {"ics", "html", "markdown", "json", "csv"})
    EXPECT_TRUE(contains(r.out, std::string("\n  chronicle export ") + format + " ")) << r.out;
}

TEST(cli_list, ids_shows_each_events_id_under_its_title) {
  const auto plain = run_chronicle({"list"});
  const auto r = run_chronicle({"list", "--ids"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(
      contains(r.out,
               "\n  8 Feb 2024    Inaugural meeting of the C5+1 Critical Minerals Dialogue\n"
               "                2024-02-08-inaugural-critical-minerals-dialogue\n"))
      << r.out;
  EXPECT_FALSE(contains(plain.out, "2024-02-08-inaugural")) << "the default output is unchanged";
  // Every line of the plain output is in the same order in the --ids one.
  std::string rest = r.out;
  std::size_t at = 0;
  for (std::size_t begin = 0, end; (end = plain.out.find('\n', begin)) != std::string::npos;
       begin = end + 1) {
    const auto line = plain.out.substr(begin, end - begin + 1);
    at = rest.find(line, at);
    ASSERT_NE(at, std::string::npos) << line;
  }
}

}  // namespace
}  // namespace chronicle
