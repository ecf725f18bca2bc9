// `chronicle extract FILE --review`: the real binary on the shipped press note, answered through
// a pipe (as a script answers) and through a real pseudo-terminal (as a person does), into a
// new timeline; then check, log, a second review and undo on that timeline.

#include <gtest/gtest.h>

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"
#include "timeline_support.hpp"

using chronicle::test::k_source_dir;
using chronicle::test::run_chronicle;
using chronicle::test::slurp;
using chronicle::test::temp_dir;

namespace {

const std::string k_note = "sources/press-note-2024-02.ru.txt";

/// The clock of every run: 2024-02-15T00:00:00Z, three days after the press note.
const std::string k_now = "1707955200";

/// extract --review of the press note into the timeline `t`, answered with `answers`.
chronicle::test::run_result review(const std::filesystem::path& t, const std::string& answers) {
  return run_chronicle({"--events", t.string(), "extract", k_note, "--dct", "2024-02-12", "--lang",
                        "ru", "--review"},
                       k_source_dir, {{"SOURCE_DATE_EPOCH", k_now}}, answers);
}

/// The event files of the timeline `t`, by name, sorted.
std::vector<std::string> event_files(const std::filesystem::path& t) {
  std::vector<std::string> out;
  for (const auto& f : std::filesystem::directory_iterator(t))
    if (f.path().extension() == ".toml" && f.path().filename() != "timeline.toml")
      out.push_back(f.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const std::vector<std::string> k_three = {
    "2023-09-19-sammite-c5-1-sostoyavshemsya-v-nyu-yorke.toml",
    "2024-02-08-gosudarstvennyy-departament-ssha-provel-pervuyu-vstrechu-v.toml",
    "2024-03-v-ramkakh-rabochey-poyezdki-ministr-promyshlennosti-i.toml"};

}  // namespace

TEST(ExtractReview, AcceptAllThenCheckAgainAndUndo) {
  temp_dir dir;
  const auto t = chronicle::test::new_extract_timeline(dir);
  const auto r = review(t, "a\na\na\n");
  ASSERT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("\n[1/3]")),
            "document date: 2024-02-12\n"
            "3 proposals from sources/press-note-2024-02.ru.txt; keys: a accept, s skip, t edit "
            "the title, d edit the date, p mark as planned, q quit\n");
  EXPECT_NE(r.out.find("\n[1/3] 2024-02-08  (year taken from the document date 2024-02-12: "
                       "\"8 февраля\")\n"
                       "  title:    Государственный департамент США провел первую встречу в "
                       "рамках Диалога C5+1 по вопросам критически важных минералов\n"
                       "  status:   tentative\n"
                       "  places:   none found\n"
                       "  evidence: 8 февраля Государственный департамент США провел первую "
                       "встречу в рамках Диалога C5+1 по вопросам критически важных минералов "
                       "(CMD).\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n[2/3] 2023-09-19  (as the text gives it: \"19 сентября 2023 года\")\n"
                       "  title:    Саммите C5+1, состоявшемся в Нью-Йорке\n"
                       "  status:   tentative\n"
                       "  places:   New York (US)\n"
                       "  people:   Джо Байден (президент США)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nadded 3 events (chronicle undo takes them all back):\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(count(r.err, "Accept? [a/s/t/d/p/q]: a\n"), 3u) << r.err;
  ASSERT_EQ(event_files(t), k_three);

  // The source points at the file, and the date note says how the date was found.
  const auto march = slurp(t / k_three[2]);
  EXPECT_EQ(march,
            "title = \"В рамках рабочей поездки министр промышленности и строительства РК "
            "Шарлапаев Канат Бисимбаевич посетит PDAC в Торонто\"\n"
            "date = \"2024-03\"\n"
            "status = \"planned\"\n"
            "date_note = \"Proposed by chronicle extract from “марте” in "
            "sources/press-note-2024-02.ru.txt; the year taken from the document date "
            "2024-02-12.\"\n"
            "revision = 1\n"
            "last_modified = 2024-02-15T00:00:00Z\n"
            "\n"
            "[description]\n"
            "ru = \"В марте в рамках рабочей поездки министр промышленности и строительства РК "
            "Шарлапаев Канат Бисимбаевич посетит PDAC в Торонто, где пройдут встречи в сфере "
            "развития критических минералов.\"\n"
            "\n"
            "[place]\n"
            "city = \"Toronto\"\n"
            "country = \"CA\"\n"
            "\n"
            "[[participants]]\n"
            "name = \"Шарлапаев Канат Бисимбаевич\"\n"
            "role = \"министр промышленности и строительства РК\"\n"
            "\n"
            "[[sources]]\n"
            "title = \"sources/press-note-2024-02.ru.txt\"\n"
            "language = \"ru\"\n"
            "published = \"2024-02-12\"\n");

  const auto check = run_chronicle({"--events", t.string(), "check"}, k_source_dir,
                                   {{"SOURCE_DATE_EPOCH", k_now}});
  EXPECT_EQ(check.exit, 0) << check.out << check.err;
  const auto log =
      run_chronicle({"--events", t.string(), "log"}, k_source_dir, {{"SOURCE_DATE_EPOCH", k_now}});
  EXPECT_EQ(log.exit, 0) << log.err;
  EXPECT_NE(log.out.find("extract sources/press-note-2024-02.ru.txt: 3 events ("),
            std::string::npos)
      << log.out;

  // Again: every proposal is shown as already in the timeline, and nothing is asked or added.
  const auto again = review(t, "a\na\na\n");
  ASSERT_EQ(again.exit, 0) << again.err;
  EXPECT_EQ(count(again.out, "  already in the timeline: "), 3u) << again.out;
  EXPECT_NE(again.out.find("  already in the timeline: 2023-09-19-sammite-c5-1-sostoyavshemsya-v-"
                           "nyu-yorke (not added again)\n"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(count(again.err, "Accept?"), 0u) << again.err;
  EXPECT_TRUE(again.out.ends_with("\nnothing added\n")) << again.out;
  EXPECT_EQ(event_files(t), k_three);

  // One undo takes the three back.
  const auto undo =
      run_chronicle({"--events", t.string(), "undo"}, k_source_dir, {{"SOURCE_DATE_EPOCH", k_now}});
  EXPECT_EQ(undo.exit, 0) << undo.err;
  EXPECT_EQ(event_files(t), std::vector<std::string>{});
}

TEST(ExtractReview, EditsAndABadDateAskedAgain) {
  temp_dir dir;
  const auto t = chronicle::test::new_extract_timeline(dir);
  // 1: a new title, planned, accepted; 2: a bad date, then a good one, accepted; 3: quit.
  const auto r = review(t,
                        "t\nПервая встреча Диалога C5+1 по минералам\np\na\n"
                        "d\n2024-13-45\n2023-09\na\nq\n");
  ASSERT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("Date (EDTF: 2024-02-08, 2024-03, 2024; Enter keeps it): 2024-13-45\n"
                       "  \"2024-13-45\" is not a date: "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("; try again\nDate (EDTF: 2024-02-08, 2024-03, 2024; Enter keeps it): "
                       "2023-09\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("\n[2/3] 2023-09  (set at the review; the text gave 2023-09-19)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(count(r.out, "[3/3]"), 1u);  // shown, then quit
  const auto files = event_files(t);
  ASSERT_EQ(files, (std::vector<std::string>{
                       "2023-09-sammite-c5-1-sostoyavshemsya-v-nyu-yorke.toml",
                       "2024-02-08-pervaya-vstrecha-dialoga-c5-1-po-mineralam.toml"}));
  const auto first = slurp(t / files[1]);
  EXPECT_NE(first.find("status = \"planned\"\n"), std::string::npos) << first;
  EXPECT_TRUE(first.starts_with("title = \"Первая встреча Диалога C5+1 по минералам\"\n")) << first;
  const auto second = slurp(t / files[0]);
  EXPECT_NE(second.find("date = \"2023-09\"\n"), std::string::npos) << second;
  EXPECT_NE(second.find("; the date set to 2023-09 at the review (the text gave 2023-09-19).\"\n"),
            std::string::npos)
      << second;
  EXPECT_EQ(
      run_chronicle({"--events", t.string(), "check"}, k_source_dir, {{"SOURCE_DATE_EPOCH", k_now}})
          .exit,
      0);
}

TEST(ExtractReview, TheEndOfTheInputInAnEditAddsNothingHalfDone) {
  temp_dir dir;
  const auto t = chronicle::test::new_extract_timeline(dir);
  const auto r = review(t, "t\n");  // the input ends where the title was asked
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("\nnothing added\n")) << r.out;
  EXPECT_EQ(event_files(t), std::vector<std::string>{});
  // The end of the input after an accepted one: that one is added, in one change.
  const auto one = review(t, "s\na\n");
  ASSERT_EQ(one.exit, 0) << one.err;
  EXPECT_EQ(event_files(t), std::vector<std::string>{k_three[0]});
}

TEST(ExtractReview, AnUnknownKeyIsExplained) {
  temp_dir dir;
  const auto t = chronicle::test::new_extract_timeline(dir);
  const auto r = review(t, "x\ns\ns\ns\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.err.find("Accept? [a/s/t/d/p/q]: x\n  \"x\": expected one of a accept, s skip, t "
                       "edit the title, d edit the date, p mark as planned, q quit\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(event_files(t), std::vector<std::string>{});
}

TEST(ExtractReview, StandardInputIsForTheAnswers) {
  const auto r = run_chronicle({"extract", "-", "--review"}, k_source_dir, {}, "8 февраля\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --review reads its answers from standard input; give the text as a FILE, "
            "not -\n");
}

TEST(ExtractReview, TheShippedTimelineHasThePressNoteAlready) {
  // The shipped timeline was written by hand from this press note: the proposals it already
  // holds are recognised.
  temp_dir dir;
  const auto events = chronicle::test::copy_shipped_events(dir);
  const auto r = review(events, "s\ns\ns\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  for (const char* id :
       {"2024-02-08-inaugural-critical-minerals-dialogue", "2023-09-19-c5plus1-summit-new-york",
        "2024-03-sharlapayev-visit-to-pdac-toronto"})
    EXPECT_NE(r.out.find(std::string("  already in the timeline: ") + id + " (not added again)\n"),
              std::string::npos)
        << id << "\n"
        << r.out;
  EXPECT_EQ(count(r.err, "Accept?"), 0u) << r.err;
}

TEST(ExtractReview, AtARealTerminal) {
  // The same dialogue through a pseudo-terminal: stdin is a terminal, the answers are typed.
  temp_dir dir;
  const auto t = chronicle::test::new_extract_timeline(dir);
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::chdir(k_source_dir.c_str()) != 0) ::_exit(127);
    const std::string events = t.string();
    const char* argv[] = {CHRONICLE_BINARY, "--events",   events.c_str(), "extract", k_note.c_str(),
                          "--dct",          "2024-02-12", "--lang",       "ru",      "--review",
                          nullptr};
    const char* envp[] = {"PATH=/usr/bin:/bin",           "TZ=UTC", "LC_ALL=C.UTF-8", "TERM=dumb",
                          "SOURCE_DATE_EPOCH=1707955200", nullptr};
    ::execve(CHRONICLE_BINARY, const_cast<char* const*>(argv), const_cast<char* const*>(envp));
    ::_exit(127);
  }
  // Answer each question as it comes: skip, accept, quit.
  const std::vector<std::string> answers = {"s\n", "a\n", "q\n"};
  std::size_t asked = 0;
  std::string screen;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 30000) <= 0) break;
    char buf[4096];
    const auto n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the program has ended
    screen.append(buf, static_cast<std::size_t>(n));
    if (asked < answers.size() && count(screen, "Accept? [a/s/t/d/p/q]: ") > asked) {
      const auto& a = answers[asked++];
      ASSERT_EQ(::write(master, a.data(), a.size()), static_cast<ssize_t>(a.size()));
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(master);
  ASSERT_TRUE(WIFEXITED(status)) << screen;
  EXPECT_EQ(WEXITSTATUS(status), 0) << screen;
  EXPECT_EQ(asked, 3u) << screen;
  EXPECT_NE(screen.find("added 1 event (chronicle undo takes it back):"), std::string::npos)
      << screen;
  EXPECT_EQ(event_files(t), std::vector<std::string>{k_three[0]});
}
