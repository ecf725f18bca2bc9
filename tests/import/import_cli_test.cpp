// chronicle import through the real binary: files written, exit codes, idempotence.
#include <gtest/gtest.h>

#include "support.hpp"

namespace chronicle {
namespace {

using test::run_chronicle;
using test::temp_dir;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::size_t event_files(const std::filesystem::path& dir) {
  std::size_t n = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".toml" && f.path().filename() != "timeline.toml") ++n;
  return n;
}

const std::string k_two_good_one_bad =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nX-WR-CALNAME:Team\r\n"
    "X-WR-TIMEZONE:Europe/Moscow\r\n"
    "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20240208\r\nSUMMARY:Good one\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2@t\r\nSUMMARY:No date\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3@t\r\nDTSTART:20240209T100000\r\nSUMMARY:Встреча в "
    "Москве\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

TEST(cli_import, writes_nothing_when_any_event_is_invalid) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  test::write_file(dir / "team.ics", k_two_good_one_bad);
  const auto r = run_chronicle({"--events", "events", "import", "team.ics"}, dir.path());
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.err, "team.ics:11: error: event rejected: no DTSTART")) << r.err;
  EXPECT_TRUE(contains(r.err, "nothing imported: 1 of the events")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "events" / "timeline.toml"));
}

TEST(cli_import, a_file_that_is_not_a_calendar_fails_and_creates_nothing) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  test::write_file(dir / "notes.ics", "Meeting notes, not a calendar\n");
  for (const bool dry : {true, false}) {
    std::vector<std::string> args{"--events", "events", "import", "notes.ics"};
    if (dry) args.emplace_back("--dry-run");
    const auto r = run_chronicle(args, dir.path());
    EXPECT_EQ(r.exit, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "notes.ics:1: error: not an iCalendar file")) << r.err;
    EXPECT_TRUE(contains(r.err, "nothing imported: \"notes.ics\" is not an iCalendar file"))
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "events" / "timeline.toml"));
  }
}

TEST(cli_import, a_calendar_cut_short_keeps_its_complete_events_and_says_so) {
  // A download that stopped inside the third VEVENT: the two whole events are imported, the
  // cut one is left out, and both repairs are reported.
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  std::string cut = k_two_good_one_bad;
  cut.erase(cut.find("UID:3@t") + 7);
  const std::string no_date = "UID:2@t\r\nSUMMARY:No date";
  cut.replace(cut.find(no_date), no_date.size(),
              "UID:2@t\r\nDTSTART;VALUE=DATE:20240210\r\nSUMMARY:Two");
  test::write_file(dir / "cut.ics", cut);
  const auto r = run_chronicle({"--events", "events", "import", "cut.ics"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "cut.ics:16: warning: this VEVENT is cut short by the end of the "
                       "file; it is left out"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "warning: the file ends before END:VCALENDAR")) << r.err;
  EXPECT_EQ(event_files(dir / "events"), 2u);
}

TEST(cli_import, skip_invalid_imports_the_others_and_lists_the_rejected) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  test::write_file(dir / "team.ics", k_two_good_one_bad);
  auto r = run_chronicle(
      {"--events", "events", "import", "team.ics", "--skip-invalid", "--dry-run"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "would add 2024-02-08-good-one  8 Feb 2024  Good one\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "dry run: 2 added, 0 updated, 0 unchanged, 1 rejected")) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "events" / "timeline.toml"))
      << "a dry run writes nothing";

  r = run_chronicle({"--events", "events", "import", "team.ics", "--skip-invalid"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "error: event rejected: no DTSTART")) << r.err;
  EXPECT_EQ(event_files(dir / "events"), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir / "events/2024-02-09-vstrecha-v-moskve.toml"));
  const auto settings = test::slurp(dir / "events/timeline.toml");
  EXPECT_TRUE(contains(settings, "name = 'Team'")) << settings;
  EXPECT_TRUE(contains(settings, "time_zone = 'Europe/Moscow'")) << settings;

  r = run_chronicle({"--events", "events", "list"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  // A date with a time and zone has its own line, the title under it in the title column.
  EXPECT_TRUE(
      contains(r.out, "  9 Feb 2024, 10:00 Europe/Moscow\n              Встреча в Москве\n"))
      << r.out;
}

TEST(cli_import, reimporting_the_same_file_changes_nothing) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  const auto ics = run_chronicle({"export", "ics"}).out;
  test::write_file(dir / "c.ics", ics);
  auto r = run_chronicle({"--events", "events", "import", "c.ics"}, dir.path());
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "5 added, 0 updated, 0 unchanged, 0 rejected")) << r.out;
  const auto before = test::slurp(dir / "events/2024-03-sharlapayev-visit-to-pdac-toronto.toml");
  r = run_chronicle({"--events", "events", "import", "-"}, dir.path(), {}, ics);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "0 added, 0 updated, 5 unchanged, 0 rejected")) << r.out;
  EXPECT_EQ(test::slurp(dir / "events/2024-03-sharlapayev-visit-to-pdac-toronto.toml"), before);
  r = run_chronicle({"--events", "events", "export", "ics"}, dir.path());
  EXPECT_TRUE(r.out == ics) << "export, import, export is byte-identical";
}

TEST(cli_import, reports_io_errors_with_exit_3) {
  const auto r = run_chronicle({"import", "/nonexistent/cal.ics"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "cannot read \"/nonexistent/cal.ics\"")) << r.err;
}

}  // namespace
}  // namespace chronicle

namespace chronicle {
namespace {

TEST(cli_import, reads_back_chronicle_json_with_nothing_lost) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");  // import starts timelines only there
  const auto json = run_chronicle({"export", "json"});
  ASSERT_EQ(json.exit, 0) << json.err;
  test::write_file(dir / "c.json", json.out);
  auto r =
      run_chronicle({"--events", "events", "import", "--format", "json", "c.json"}, dir.path());
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "5 added, 0 updated, 0 unchanged, 0 rejected")) << r.out;
  r = run_chronicle({"--events", "events", "export", "json"}, dir.path());
  EXPECT_TRUE(r.out == json.out) << "export json, import --format json, export json is identical";
  r = run_chronicle({"--events", "events", "import", "--format", "json", "c.json"}, dir.path());
  EXPECT_TRUE(contains(r.out, "0 added, 0 updated, 5 unchanged, 0 rejected")) << r.out;
  test::write_file(dir / "bad.json",
                   "{\"format\": \"chronicle-timeline\", \"version\": 1, \"events\": [");
  r = run_chronicle({"--events", "events", "import", "--format", "json", "bad.json"}, dir.path());
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.err, "nothing imported: \"bad.json\" is not valid Chronicle JSON"))
      << r.err;
}

}  // namespace
}  // namespace chronicle

namespace chronicle {
namespace {

TEST(cli_import, tells_the_language_of_texts_without_one_once_per_calendar) {
  temp_dir dir;
  std::filesystem::create_directory(dir / "events");
  test::write_file(dir / "team.ics",
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                   "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20240311\r\n"
                   "SUMMARY:Еженедельная встреча\r\nDESCRIPTION:Обсуждение планов\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:2@t\r\nDTSTART;VALUE=DATE:20240312\r\n"
                   "SUMMARY;LANGUAGE=kk:Апталық кездесу\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:3@t\r\nDTSTART;VALUE=DATE:20240313\r\n"
                   "SUMMARY:Weekly call\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const auto r = run_chronicle({"--events", "events", "import", "team.ics"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.err,
                       "team.ics:4: warning: 2 titles or descriptions without a LANGUAGE parameter "
                       "taken as \"ru\" from the Cyrillic script (the first here)\n"))
      << r.err;
  EXPECT_EQ(r.err.find("LANGUAGE parameter"), r.err.rfind("LANGUAGE parameter")) << "said once";
  const auto ru = test::slurp(dir / "events" / "2024-03-11-yezhenedelnaya-vstrecha.toml");
  EXPECT_TRUE(contains(ru, "ru = 'Еженедельная встреча'") ||
              contains(ru, "ru = \"Еженедельная встреча\""))
      << ru;
  EXPECT_FALSE(contains(ru, "en = ")) << ru;
  const auto ics = run_chronicle({"--events", "events", "export", "ics"}, dir.path());
  EXPECT_TRUE(contains(ics.out, "SUMMARY;LANGUAGE=ru:Еженедельная встреча")) << ics.out;
  EXPECT_TRUE(contains(ics.out, "SUMMARY;LANGUAGE=kk:Апталық кездесу")) << ics.out;
  EXPECT_TRUE(contains(ics.out, "SUMMARY;LANGUAGE=en:Weekly call")) << ics.out;
}

}  // namespace
}  // namespace chronicle
