// The real chronicle binary: arguments, stdout, stderr and exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <pty.h>
#include <sys/wait.h>

#include <sstream>

#include "support.hpp"

namespace chronicle {
namespace {

using test::run_chronicle;
using test::temp_dir;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(cli_version, names_the_version_commit_and_libraries_in_use) {
  const auto r = run_chronicle({"--version"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::istringstream lines(r.out);
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 5u) << r.out;
  EXPECT_EQ(got[0], "chronicle 0.1.0");
  EXPECT_TRUE(got[1].starts_with("commit: ")) << got[1];
  EXPECT_NE(got[1], "commit: ") << "an empty commit";
  EXPECT_TRUE(got[2].starts_with("libical: 3.")) << got[2];
  EXPECT_TRUE(got[3].starts_with("ICU: ")) << got[3];
  EXPECT_TRUE(got[3].size() > 5 && got[3][5] >= '1' && got[3][5] <= '9') << got[3];
  // Debian's tzdata names itself by year and letter, as the IANA releases: 2024a.
  EXPECT_TRUE(got[4].starts_with("time-zone database: 20")) << got[4];
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

/// Runs chronicle on a pseudo-terminal `columns` wide (TIOCSWINSZ through forkpty), in
/// `dir`, and returns what it printed with the terminal's "\r\n" turned back into "\n".
std::string run_in_window(const std::vector<std::string>& args, unsigned short columns, bool color,
                          const std::filesystem::path& dir = test::k_source_dir) {
  int master = -1;
  winsize size{};
  size.ws_row = 50;
  size.ws_col = columns;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    std::vector<std::string> envs = {"PATH=/usr/bin:/bin", "TZ=UTC", "LC_ALL=C.UTF-8"};
    if (!color) envs.push_back("NO_COLOR=1");
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
  std::string text;
  for (char c : out)
    if (c != '\r') text += c;
  return text;
}

/// Runs chronicle on a pseudo-terminal, as a user at a terminal would (its window size
/// unset, so nothing is wrapped).
std::string run_on_terminal(const std::vector<std::string>& args, bool no_color) {
  return run_in_window(args, 0, !no_color);
}

TEST(cli_list, colours_only_on_a_terminal_and_never_with_no_color) {
  EXPECT_TRUE(contains(run_on_terminal({"list"}, false), "\x1b[1m2024\x1b[0m"));
  EXPECT_FALSE(contains(run_on_terminal({"list"}, true), "\x1b["));
  EXPECT_FALSE(contains(run_chronicle({"list"}).out, "\x1b["));
  EXPECT_TRUE(contains(run_chronicle({"list", "--color", "always"}).out, "\x1b["));
}

std::string without_colour(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\x1b') {
      out += s[i];
      continue;
    }
    while (i < s.size() && !(s[i] >= 'A' && s[i] <= 'Z') && !(s[i] >= 'a' && s[i] <= 'z')) ++i;
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

/// The words of wrapped text, a word broken after its hyphen ("Нью-" / "Йорке") joined again.
std::vector<std::string> words_of_wrapped(const std::string& text) {
  std::vector<std::string> out;
  bool joins = false;
  for (const auto& line : lines_of(text)) {
    auto words = words_of(line);
    if (joins && !words.empty()) {
      out.back() += words.front();
      words.erase(words.begin());
    }
    out.insert(out.end(), words.begin(), words.end());
    joins = !out.empty() && out.back().ends_with('-') && !words.empty();
  }
  return out;
}

/// Columns of a line of Latin and Cyrillic text: its code points.
std::size_t columns_of(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xc0) != 0x80;
  return n;
}

std::size_t leading_spaces(const std::string& line) {
  return line.find_first_not_of(' ') == std::string::npos ? line.size()
                                                          : line.find_first_not_of(' ');
}

/// Checks `wrapped` (colour removed) against the same list unwrapped: the same words in the same
/// order (so none was cut or lost), no line wider than `width`, the rows starting where they
/// did, and every other line of an event at the hanging indent of the unwrapped places and
/// relations.
void expect_fits(const std::string& wrapped, const std::string& unwrapped, std::size_t width) {
  EXPECT_EQ(words_of_wrapped(wrapped), words_of(unwrapped)) << wrapped;
  std::size_t hang = 0;
  std::size_t rows = 0;
  for (const auto& line : lines_of(unwrapped)) {
    if (leading_spaces(line) > 2 && line.size() > leading_spaces(line)) {
      hang = leading_spaces(line);
    }
    if (leading_spaces(line) == 2) ++rows;
  }
  ASSERT_GT(hang, 0u) << unwrapped;
  std::size_t wrapped_rows = 0;
  for (const auto& line : lines_of(wrapped)) {
    EXPECT_LE(columns_of(line), width) << "too wide at " << width << ": \"" << line << "\"\n"
                                       << wrapped;
    const auto lead = leading_spaces(line);
    if (lead == 2) ++wrapped_rows;
    if (lead > 2 && lead < line.size()) {
      EXPECT_EQ(lead, hang) << "indent lost at " << width << ": \"" << line << "\"\n" << wrapped;
    }
  }
  EXPECT_EQ(wrapped_rows, rows) << wrapped;
}

TEST(cli_list_width, fits_the_terminal_in_english_and_russian_with_and_without_colour) {
  for (const std::string lang : {"en", "ru"}) {
    const auto unwrapped = run_chronicle({"list", "--lang", lang});
    ASSERT_EQ(unwrapped.exit, 0) << unwrapped.err;
    for (const unsigned short width : std::vector<unsigned short>{40, 60, 80, 120}) {
      for (bool color : {false, true}) {
        SCOPED_TRACE(lang + " at " + std::to_string(width) + (color ? " in colour" : ""));
        const auto out = run_in_window({"list", "--lang", lang}, width, color);
        EXPECT_EQ(contains(out, "\x1b["), color);
        expect_fits(without_colour(out), unwrapped.out, width);
        if (width == 120 && lang == "en") {
          EXPECT_EQ(without_colour(out), unwrapped.out) << "all fits in 120";
        }
      }
    }
    const auto narrow = run_in_window({"list", "--lang", lang}, 40, false);
    EXPECT_GT(lines_of(narrow).size(), lines_of(unwrapped.out).size()) << narrow;
  }
}

TEST(cli_list_width, honours_columns_and_width_off_a_terminal) {
  const auto unwrapped = run_chronicle({"list"});
  auto r = run_chronicle({"list"}, test::k_source_dir, {{"COLUMNS", "40"}});
  ASSERT_EQ(r.exit, 0) << r.err;
  expect_fits(r.out, unwrapped.out, 40);
  EXPECT_NE(r.out, unwrapped.out);
  r = run_chronicle({"list", "--width", "60", "--lang", "ru"});
  ASSERT_EQ(r.exit, 0) << r.err;
  expect_fits(r.out, run_chronicle({"list", "--lang", "ru"}).out, 60);
  EXPECT_EQ(run_chronicle({"list", "--width", "0"}, test::k_source_dir, {{"COLUMNS", "40"}}).out,
            unwrapped.out)
      << "--width 0 wraps nothing";
  EXPECT_EQ(run_chronicle({"list"}, test::k_source_dir, {{"COLUMNS", "wide"}}).out, unwrapped.out);
  EXPECT_EQ(run_chronicle({"list", "--width", "-3"}).exit, 2);
  // --width wins over the terminal's own width.
  expect_fits(run_in_window({"list", "--width", "50"}, 120, false), unwrapped.out, 50);
}

TEST(cli_show_width, fits_the_terminal_with_values_going_on_under_their_values) {
  const std::string id = "2024-03-sharlapayev-visit-to-pdac-toronto";
  for (const std::string lang : {"en", "ru"}) {
    const auto unwrapped = run_chronicle({"show", id, "--lang", lang});
    ASSERT_EQ(unwrapped.exit, 0) << unwrapped.err;
    for (const unsigned short width : std::vector<unsigned short>{40, 60, 80, 120}) {
      for (bool color : {false, true}) {
        SCOPED_TRACE(lang + " at " + std::to_string(width) + (color ? " in colour" : ""));
        const auto out = without_colour(run_in_window({"show", id, "--lang", lang}, width, color));
        EXPECT_EQ(words_of_wrapped(out), words_of(unwrapped.out)) << out;
        bool in_fields = true;
        for (const auto& line : lines_of(out)) {
          if (line.empty()) in_fields = false;  // the fields end at the first blank line
          const bool whole = contains(line, "https://") || contains(line, id);
          if (!whole) {
            EXPECT_LE(columns_of(line), width) << "too wide: \"" << line << "\"\n" << out;
          }
          // A field's value goes on at column 16, under the value.
          if (in_fields && !line.empty() && leading_spaces(line) > 2) {
            EXPECT_EQ(leading_spaces(line), 16u) << "\"" << line << "\"\n" << out;
          }
        }
        // Ids and web addresses are never broken, so that they can be copied.
        EXPECT_TRUE(contains(out, "  id            " + id + "\n")) << out;
        EXPECT_TRUE(contains(out,
                             "https://astanatimes.com/2024/03/kazakhstan-opens-national-"
                             "pavilion-at-mining-convention-in-toronto/\n"))
            << out;
        if (width == 40) {
          EXPECT_GT(lines_of(out).size(), lines_of(unwrapped.out).size() + 10) << out;
        }
      }
    }
  }
  // Off a terminal: as list, --width or COLUMNS, else lines whole.
  const auto whole = run_chronicle({"show", id});
  const auto narrow = run_chronicle({"show", id, "--width", "50"});
  ASSERT_EQ(narrow.exit, 0) << narrow.err;
  EXPECT_NE(narrow.out, whole.out);
  EXPECT_EQ(run_chronicle({"show", id}, test::k_source_dir, {{"COLUMNS", "50"}}).out, narrow.out);
  EXPECT_EQ(
      run_chronicle({"show", id, "--width", "0"}, test::k_source_dir, {{"COLUMNS", "50"}}).out,
      whole.out);
}

/// A timeline with a day event, a timed one, and a place written on two lines.
void write_timeline_with_a_timed_event(const temp_dir& dir) {
  test::write_file(dir / "events/timeline.toml", test::timeline_toml());
  test::write_file(dir / "events/a.toml",
                   "title = \"Opening of the exhibition of minerals\"\ndate = \"2024-03-04\"\n");
  test::write_file(dir / "events/b.toml",
                   "title = \"Closing press conference of the dialogue\"\n"
                   "start = \"2024-03-05T10:00\"\nend = \"2024-03-05T11:30\"\n"
                   "tz = \"America/Argentina/Buenos_Aires\"\n");
  test::write_file(dir / "events/c.toml",
                   "title = \"Convention\"\ndate = \"2024-03-06\"\n[place]\n"
                   "name = \"Metro Toronto Convention Centre\\n255 Front Street West\"\n"
                   "city = \"Toronto\"\ncountry = \"CA\"\n");
}

TEST(cli_list_width, a_timed_event_has_its_own_date_line_and_leaves_the_column_narrow) {
  const temp_dir dir;
  write_timeline_with_a_timed_event(dir);
  const auto r = run_chronicle({"list"}, dir.path());
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\n  4 Mar 2024  Opening of the exhibition of minerals\n")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "\n  5 Mar 2024, 10:00–11:30 America/Argentina/Buenos_Aires\n"
                       "              Closing press conference of the dialogue\n"))
      << r.out;
  for (const unsigned short width : std::vector<unsigned short>{40, 60}) {
    const auto out = run_in_window({"list"}, width, true, dir.path());
    for (const auto& line : lines_of(without_colour(out)))
      EXPECT_LE(columns_of(line), width) << line << "\n" << out;
    EXPECT_TRUE(contains(without_colour(out), "\n  4 Mar 2024  Opening of the")) << out;
  }
}

TEST(cli_list_width, a_place_on_two_lines_keeps_its_indent) {
  const temp_dir dir;
  write_timeline_with_a_timed_event(dir);
  const auto r = run_chronicle({"list"}, dir.path());
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(
      contains(r.out, "\n              Metro Toronto Convention Centre 255 Front Street West"))
      << r.out;
  const auto out = without_colour(run_in_window({"list"}, 40, false, dir.path()));
  EXPECT_TRUE(
      contains(out, "\n              Metro Toronto Convention\n              Centre 255 Front"))
      << out;
  for (const auto& line : lines_of(out)) EXPECT_NE(line.rfind("255", 0), 0u) << out;
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

TEST(cli_errors, without_a_timeline_anywhere_the_message_says_how_to_start_one) {
  temp_dir dir;
  const auto r = run_chronicle({"list"}, dir.path());
  EXPECT_EQ(r.exit, 3);
  EXPECT_EQ(r.err,
            "chronicle: cannot read timeline folder \"events\": No such file or directory\n"
            "no timeline here: no timeline.toml in this folder or any above it, and no folder "
            "\"events\"; start one with \"chronicle init\", or name one with --events DIR or "
            "CHRONICLE_EVENTS\n");
}

TEST(cli_usage, the_timeline_may_be_named_after_the_command) {
  // `chronicle list --events DIR`, as users type it, reads the same as `--events DIR list`.
  const auto events = (test::k_source_dir / "events").string();
  const auto before = run_chronicle({"--events", events, "list", "--color", "never"});
  const auto after = run_chronicle({"list", "--color", "never", "--events", events});
  EXPECT_EQ(after.exit, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
  EXPECT_FALSE(after.out.empty());
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
      {{"-q", "lsit"}, "unknown option \"-q\""},              // one letter: every other is as near
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
