// chronicle add, through the real binary.
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

const std::string k_second = "2024-05-second-meeting-of-the-c5-1-critical-minerals-dialogue";

TEST(cli_add, writes_the_event_and_prints_it_as_list_does) {
  timeline_copy t;
  const auto before = t.files();
  const auto r = t.run({"add", "Second meeting of the C5+1 Critical Minerals Dialogue", "--date",
                        "2024-05", "--follows", "2024-02-08", "--tag", "c5plus1", "--source",
                        "https://www.state.gov/second-cmd", "--publisher",
                        "U.S. Department of State", "--city", "Astana", "--country", "KZ"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "2024\n"
            "  May 2024  Second meeting of the C5+1 Critical Minerals Dialogue\n"
            "            Astana, KZ\n"
            "            c. 3 months after “Inaugural meeting of the C5+1 Critical Minerals "
            "Dialogue”\n"
            "added events/" +
                k_second + ".toml\n");
  EXPECT_EQ(t.text(k_second),
            "title = \"Second meeting of the C5+1 Critical Minerals Dialogue\"\n"
            "date = \"2024-05\"\n"
            "status = \"confirmed\"\n"
            "tags = [\"c5plus1\"]\n"
            "follows = [\"2024-02-08-inaugural-critical-minerals-dialogue\"]\n"
            "revision = 1\n"
            "last_modified = 2026-05-28T20:26:40Z\n"
            "\n"
            "[place]\n"
            "city = \"Astana\"\n"
            "country = \"KZ\"\n"
            "\n"
            "[[sources]]\n"
            "url = \"https://www.state.gov/second-cmd\"\n"
            "publisher = \"U.S. Department of State\"\n");
  EXPECT_EQ(t.files().size(), before.size() + 1) << "one new file, no temporary left";
  EXPECT_EQ(t.run({"list"}).exit, 0);
}

TEST(cli_add, transliterates_cyrillic_titles_and_writes_timed_events) {
  timeline_copy t;
  const auto r = t.run({"add",        "Встреча в Астане",
                        "--lang",     "ru",
                        "--title-en", "Meeting in Astana",
                        "--date",     "2024-05-10",
                        "--time",     "10:00",
                        "--end",      "12:30",
                        "--tz",       "Asia/Almaty",
                        "--place",    "Ministry of Industry",
                        "--city",     "Astana",
                        "--country",  "KZ",
                        "--geo",      "51.1283,71.4305"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "added events/2024-05-10-meeting-in-astana.toml\n")) << r.out;
  // A timed event's date is longer than the date column: it gets a line of its own (list's
  // layout), with the title below it in the title column.
  EXPECT_TRUE(contains(r.out, "  10 May 2024, 10:00–12:30 Asia/Almaty\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "Asia/Almaty\n    Meeting in Astana\n")) << r.out;
  EXPECT_EQ(t.text("2024-05-10-meeting-in-astana"),
            "start = \"2024-05-10T10:00\"\n"
            "end = \"2024-05-10T12:30\"\n"
            "tz = \"Asia/Almaty\"\n"
            "status = \"confirmed\"\n"
            "revision = 1\n"
            "last_modified = 2026-05-28T20:26:40Z\n"
            "\n"
            "[title]\n"
            "en = \"Meeting in Astana\"\n"
            "ru = \"Встреча в Астане\"\n"
            "\n"
            "[place]\n"
            "name = \"Ministry of Industry\"\n"
            "city = \"Astana\"\n"
            "country = \"KZ\"\n"
            "latitude = 51.1283\n"
            "longitude = 71.4305\n");
  // A Russian title alone gives a transliterated id.
  const auto ru = t.run({"add", "Встреча в Астане", "--lang", "ru", "--date", "2024-05-11"});
  ASSERT_EQ(ru.exit, 0) << ru.err;
  EXPECT_TRUE(contains(ru.out, "added events/2024-05-11-vstrecha-v-astane.toml\n")) << ru.out;
}

TEST(cli_add, takes_a_date_with_a_time_as_date_and_time) {
  timeline_copy t;
  const auto r = t.run({"add", "Porto day trip", "--date", "2024-05-10T09:30", "--end", "18:00"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(t.text("2024-05-10-porto-day-trip"),
                       "start = \"2024-05-10T09:30\"\nend = \"2024-05-10T18:00\"\n"))
      << t.text("2024-05-10-porto-day-trip");
  const auto before = t.files();
  const auto twice = t.run({"add", "X", "--date", "2024-05-10T09:30", "--time", "10:00"});
  EXPECT_EQ(twice.exit, 2);
  EXPECT_EQ(twice.err,
            "chronicle: --date \"2024-05-10T09:30\" holds a time of day and --time gives one "
            "too; give the time once\n");
  const auto bad = t.run({"add", "X", "--date", "2024-05-10T9h"});
  EXPECT_EQ(bad.exit, 2);
  EXPECT_TRUE(contains(bad.err, "chronicle: --time: ")) << bad.err;
  EXPECT_EQ(t.files(), before);
}

TEST(cli_add, tells_a_cyrillic_titles_language_and_says_so) {
  timeline_copy t;
  auto r = t.run({"add", "Еженедельная встреча", "--date", "2024-05-13"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err,
            "title language: ru (detected from the Cyrillic script; use --lang to choose)\n");
  EXPECT_TRUE(contains(r.out, "added events/2024-05-13-yezhenedelnaya-vstrecha.toml\n")) << r.out;
  EXPECT_TRUE(contains(t.text("2024-05-13-yezhenedelnaya-vstrecha"),
                       "[title]\nru = \"Еженедельная встреча\"\n"))
      << t.text("2024-05-13-yezhenedelnaya-vstrecha");
  const auto ics = t.run({"export", "ics"});
  EXPECT_TRUE(contains(ics.out, "SUMMARY;LANGUAGE=ru:Еженедельная встреча")) << ics.out;
  // --lang decides; a Latin title stays in the timeline's language, silently.
  r = t.run({"add", "Подъезд", "--lang", "kk", "--date", "2024-05-14"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(contains(t.text("2024-05-14-podyezd"), "kk = \"Подъезд\"")) << r.out;
  r = t.run({"add", "Weekly call", "--date", "2024-05-15"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(t.text("2024-05-15-weekly-call").starts_with("title = \"Weekly call\"\n"));
}

TEST(cli_add, never_replaces_a_file_and_numbers_the_clash) {
  timeline_copy t;
  const auto original = t.text("2024-03-03-pdac-2024-convention");
  const auto r = t.run({"add", "PDAC 2024 convention", "--date", "2024-03-03"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "added events/2024-03-03-pdac-2024-convention-2.toml\n")) << r.out;
  EXPECT_EQ(t.text("2024-03-03-pdac-2024-convention"), original);
}

TEST(cli_add, dry_run_prints_the_file_as_a_diff_and_writes_nothing) {
  timeline_copy t;
  const auto before = t.files();
  const auto r = t.run({"add", "Signing", "--date", "2024-06~", "--status", "tentative", "--note",
                        "The \"June\" date is approximate", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "--- /dev/null\n"
            "+++ b/events/2024-06-signing.toml\n"
            "@@ -0,0 +1,6 @@\n"
            "+title = \"Signing\"\n"
            "+date = \"2024-06~\"\n"
            "+status = \"tentative\"\n"
            "+date_note = \"The \\\"June\\\" date is approximate\"\n"
            "+revision = 1\n"
            "+last_modified = 2026-05-28T20:26:40Z\n");
  EXPECT_EQ(r.err,
            "chronicle: warning: --status: the event (2024-06~) is past, as of 2026-05-28, but "
            "still \"tentative\"; set its status to confirmed or cancelled\n"
            "would write events/2024-06-signing.toml (nothing written: --dry-run)\n");
  EXPECT_EQ(t.files(), before);
}

TEST(cli_add, future_events_are_planned_unless_told_otherwise) {
  timeline_copy t;
  const auto r = t.run({"add", "Third meeting", "--date", "2027-02", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\n+status = \"planned\"\n")) << r.out;
}

TEST(cli_add, rejects_values_with_the_messages_loading_gives) {
  timeline_copy t;
  const auto before = t.files();
  auto r = t.run({"add", "X", "--date", "2024-02-30"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --date: day 30 does not exist in 2024-02 (\"2024-02-30\")\n");
  r = t.run({"add", "X", "--date", "2024-05", "--city", "Astana", "--country", "kz", "--source",
             "https://exa mple.org/", "--status", "done"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --status: unknown status \"done\"; expected confirmed, tentative, planned "
            "or cancelled\n"
            "chronicle: --country: country \"kz\" is not an ISO 3166-1 code; expected two capital "
            "letters such as \"US\" or \"KZ\"\n"
            "chronicle: --source: \"https://exa mple.org/\" is not a web address: it has a space "
            "at character 12\n");
  r = t.run({"add", "X", "--date", "2024-05-10", "--time", "25:00", "--tz", "Mars/Base"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err,
                       "chronicle: --time: \"start\" = \"2024-05-10T25:00\" is not a local "
                       "date-time"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "chronicle: --tz: unknown time zone \"Mars/Base\"")) << r.err;
  r = t.run({"add", "X", "--date", "2024-05", "--time", "10:00"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --time: a time of day needs a date that is one day, such as 2024-05-10, "
            "not \"2024-05\"\n");
  r = t.run({"add", "X", "--date", "2024-05", "--publisher", "P", "--source", "https://a.org/"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --publisher must follow the --source it names the publisher of\n");
  EXPECT_EQ(t.files(), before);
}

TEST(cli_add, resolves_relation_prefixes_and_lists_candidates) {
  timeline_copy t;
  auto r = t.run({"add", "X", "--date", "2024-05", "--part-of", "2024-03"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --part-of: \"2024-03\" is ambiguous; it may be:\n"
            "  2024-03-03-pdac-2024-convention  PDAC 2024 convention\n"
            "  2024-03-04-kazakhstan-pavilion-opens-at-pdac  Minister Sharlapaev opens "
            "Kazakhstan's national pavilion at PDAC 2024\n"
            "  2024-03-sharlapayev-visit-to-pdac-toronto  Minister Kanat Sharlapayev's working "
            "visit to PDAC in Toronto\n");
  r = t.run({"add", "X", "--date", "2024-05", "--related", "2025"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --related: no event \"2025\" in \"events\"; expected an event id, the "
            "start of one, or a part of a title (see \"chronicle list --ids\")\n");
  // A unique part of a title names the event too.
  r = t.run({"add", "X", "--date", "2024-05", "--related", "new york"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(t.text("2024-05-x"), "related = [\"2023-09-19-c5plus1-summit-new-york\"]"))
      << t.text("2024-05-x");
  r = t.run({"add", "X", "--date", "2023-01", "--follows", "2024-02-08"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err,
                       "chronicle: --follows: follows "
                       "\"2024-02-08-inaugural-critical-minerals-dialogue\" (2024-02-08), "
                       "which begins after this event (2023-01) ends"))
      << r.err;
}

TEST(cli_add, fails_at_once_without_a_terminal_when_fields_are_missing) {
  timeline_copy t;
  int in[2];
  ASSERT_EQ(::pipe(in), 0);
  // stdin stays open and silent: a command that waited for it would never end.
  const pid_t pid = test::start_chronicle({"add", "Untitled"}, t.root(), in[0]);
  const int exit = test::wait_for(pid, 10000);
  ::close(in[0]);
  ::close(in[1]);
  if (exit == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  EXPECT_EQ(exit, 2);
  const auto r = t.run({"add"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: missing TITLE and --date EDTF; for example: chronicle add \"Second "
            "ministerial meeting\" --date 2024-05-10 (add asks for them only when run at a "
            "terminal)\n");
}

TEST(cli_add, asks_at_a_terminal_and_asks_again_after_invalid_answers) {
  timeline_copy t;
  test::terminal_session s({"add", "--tag", "astana"}, t.root());
  ASSERT_TRUE(s.expect("Title: ")) << s.output();
  s.send("");
  ASSERT_TRUE(s.expect("the title must not be empty")) << s.output();
  ASSERT_TRUE(s.expect("Title: ")) << s.output();
  s.send("Meeting in Astana");
  ASSERT_TRUE(s.expect("Date (EDTF: a day 2024-05-10, a month 2024-05")) << s.output();
  s.send("2024-02-30");
  ASSERT_TRUE(s.expect("day 30 does not exist in 2024-02 (\"2024-02-30\")")) << s.output();
  ASSERT_TRUE(s.expect("Date (")) << s.output();
  s.send("2024-05-10");
  EXPECT_EQ(s.finish(), 0) << s.output();
  EXPECT_TRUE(contains(s.output(), "added events/2024-05-10-meeting-in-astana.toml")) << s.output();
  EXPECT_TRUE(contains(t.text("2024-05-10-meeting-in-astana"), "tags = [\"astana\"]\n"));
}

TEST(cli_add, an_answer_that_never_comes_is_a_usage_error) {
  timeline_copy t;
  test::terminal_session s({"add", "Meeting"}, t.root());
  ASSERT_TRUE(s.expect("Date (")) << s.output();
  s.send("\x04");  // Ctrl-D: end of input
  EXPECT_EQ(s.finish(), 2) << s.output();
  EXPECT_TRUE(contains(s.output(), "chronicle: no date given")) << s.output();
}

}  // namespace
}  // namespace chronicle
