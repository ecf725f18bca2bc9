// chronicle check, through the real binary, as a user's CI runs it.
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

TEST(cli_check, a_clean_timeline_passes) {
  timeline_copy t;
  std::filesystem::copy(test::k_source_dir / "exports", t.root() / "exports");
  const auto r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "checked 5 event files in events: no problems\n");
}

TEST(cli_check, prints_every_problem_with_its_position_and_exits_1) {
  timeline_copy t;
  test::write_file(t.event("2024-04-bad"),
                   "title = \"bad\"\ndate = \"2024-04\"\nstatus = \"planned\"\ntz = \"Mars/Base\"\n"
                   "follows = [\"2024-05-later\"]\n");
  test::write_file(t.event("2024-05-later"),
                   "title = \"later\"\ndate = \"2024-05\"\nstatus = \"tentative\"\n"
                   "part_of = [\"2024-05-later\"]\n\n[[sources]]\nurl = \"www.example.org\"\n");
  const auto r = t.run({"--events", "events", "check", "--today", "2024-06-01"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out,
            "events/2024-04-bad.toml:4:6: error: \"tz\" applies only to timed events (with "
            "\"start\")\n"
            "events/2024-05-later.toml:4:12: error: event \"2024-05-later\" cannot be related to "
            "itself\n"
            "events/2024-05-later.toml:7:7: error: \"www.example.org\" is not a web address; "
            "expected one starting with https:// or http://\n");
  EXPECT_EQ(r.err, "checked 7 event files in events: 3 errors, 0 warnings\n");
}

TEST(cli_check, finds_problems_across_events) {
  timeline_copy t;
  test::write_file(t.event("2024-04-a"),
                   "title = \"a\"\ndate = \"2024-04-01\"\nfollows = [\"2024-04-b\"]\n");
  test::write_file(t.event("2024-04-b"),
                   "title = \"b\"\ndate = \"2024-04-02\"\nstatus = \"planned\"\n"
                   "follows = [\"2024-04-a\"]\n");
  const auto r = t.run({"check", "--events", "events", "--today", "2024-06-01"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out,
            "events/2024-04-a.toml:3:12: error: follows goes round in a cycle: \"2024-04-a\" → "
            "\"2024-04-b\" → \"2024-04-a\"; an event cannot follow itself, even through others\n"
            "events/2024-04-a.toml:3:12: error: follows \"2024-04-b\" (2024-04-02), which begins "
            "after this event (2024-04-01) ends; \"follows\" names an earlier event\n"
            "events/2024-04-b.toml:3:10: warning: the event (2024-04-02) is past, as of "
            "2024-06-01, but still \"planned\"; set its status to confirmed or cancelled\n");
}

TEST(cli_check, stale_statuses_are_warnings_unless_strict) {
  timeline_copy t;
  test::write_file(t.event("2024-04-planned"),
                   "title = \"p\"\ndate = \"2024-04\"\nstatus = \"planned\"\n");
  auto r = t.run({"check", "--today", "2024-05-01"});
  EXPECT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.out,
            "events/2024-04-planned.toml:3:10: warning: the event (2024-04) is past, as of "
            "2024-05-01, but still \"planned\"; set its status to confirmed or cancelled\n");
  EXPECT_EQ(r.err, "checked 6 event files in events: 0 errors, 1 warning\n");
  r = t.run({"check", "--today", "2024-04-30"});
  EXPECT_EQ(r.out, "") << "April is not over yet";
  r = t.run({"check", "--today", "2024-05-01", "--strict"});
  EXPECT_EQ(r.exit, 1);
  // Without --today, today is the clock's date (pinned by SOURCE_DATE_EPOCH): 2026-05-28.
  r = t.run({"check"});
  EXPECT_TRUE(contains(r.out, "as of 2026-05-28")) << r.out;
}

TEST(cli_check, a_stale_export_is_an_error_at_the_first_line_that_differs) {
  timeline_copy t;
  std::filesystem::copy(test::k_source_dir / "exports", t.root() / "exports");
  ASSERT_EQ(t.run({"edit", "2024-03-03", "--set", "status=cancelled"}).exit, 0);
  auto r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(r.out.starts_with("exports/c5plus1.ics:")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       ":1: error: export is out of date: \"LAST-MODIFIED:20261126T100000Z\" "
                       "here, \"LAST-MODIFIED:20261126T100001Z\" in a fresh export, in the "
                       "event with UID "
                       "\"2024-03-03-pdac-2024-convention@c5plus1.chronicle.invalid\"; "
                       "regenerate it with \"chronicle export ics -o exports/c5plus1.ics\"\n"))
      << r.out;
  // A new event: the counts say so.
  ASSERT_EQ(t.run({"add", "Later", "--date", "2025-01"}).exit, 0);
  r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_TRUE(contains(r.out, "; it has 5 events, a fresh export 6; regenerate it")) << r.out;
  // Following the advice makes it current; a Russian export is recognised as one too.
  ASSERT_EQ(t.run({"export", "ics", "-o", "exports/c5plus1.ics"}).exit, 0);
  ASSERT_EQ(
      t.run({"export", "ics", "--lang", "ru", "--coarse", "start", "-o", "exports/ru.ics"}).exit,
      0);
  r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.out, "");
}

TEST(cli_check, rejects_a_today_that_is_not_a_day) {
  timeline_copy t;
  const auto r = t.run({"check", "--today", "2024-05"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --today \"2024-05\": expected one day, such as 2024-05-10\n");
}

}  // namespace
}  // namespace chronicle
