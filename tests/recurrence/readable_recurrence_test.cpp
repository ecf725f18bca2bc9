// Recurring events in event files a person can read and edit (issue 12, point 6): an imported
// calendar's recurrence is written as `repeat`, `also`, `except` and `[[changed]]` tables, with
// local times in the event's zone instead of iCalendar content lines; a file written by hand in
// that form is listed and exported as calendar apps expect; and Chronicle's own export imports
// back without a single warning and to the same files.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using chronicle::test::k_source_dir;
using chronicle::test::run_chronicle;
using chronicle::test::slurp;
using chronicle::test::temp_dir;
using chronicle::test::write_file;

const auto k_calendars = k_source_dir / "tests" / "recurrence" / "calendars";

std::string new_timeline(const temp_dir& dir, const std::string& name) {
  const auto events = dir / name;
  write_file(events / "timeline.toml", chronicle::test::timeline_toml("Europe/Moscow"));
  return events.string();
}

/// The text of every file under `dir` (the hidden folder too), by path relative to it.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& f : fs::recursive_directory_iterator(dir))
    if (f.is_regular_file()) out[fs::relative(f.path(), dir).string()] = slurp(f.path());
  return out;
}

TEST(readable_recurrence, an_imported_calendar_is_written_as_readable_keys) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  const auto r = run_chronicle(
      {"--events", events, "import", (k_calendars / "google_weekly_moved_retitled.ics").string()});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto text = slurp(fs::path(events) / "2024-02-19-yezhenedelnaya-vstrecha.toml");
  EXPECT_NE(text.find("repeat = 'FREQ=WEEKLY;UNTIL=20240325T070000Z;BYDAY=MO'\n"), text.npos)
      << text;
  EXPECT_NE(text.find("except = [ '2024-02-26T10:00' ]\n"), text.npos) << text;
  EXPECT_NE(text.find("\n[[changed]]\n"
                      "occurrence = '2024-03-11T10:00'\n"
                      "start = '2024-03-11T12:00'\n"
                      "end = '2024-03-11T13:00'\n"
                      "title.ru = 'Еженедельная встреча (перенесена)'\n"
                      "sequence = 1\n"),
            text.npos)
      << text;
  // No iCalendar content lines, no carriage returns, no keys of the old form.
  for (const char* absent : {"\r", "\\r", "EXDATE", "BEGIN:VEVENT", "rrule", "ical_overrides"})
    EXPECT_EQ(text.find(absent), text.npos) << absent << " in\n" << text;
}

TEST(readable_recurrence, an_exdate_in_utc_or_another_zone_becomes_a_local_time_of_the_event) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  ASSERT_EQ(
      run_chronicle({"--events", events, "import", (k_calendars / "exdate_forms.ics").string()})
          .exit,
      0);
  const auto text =
      slurp(fs::path(events) / "2024-04-01-daily-exdate-with-tzid-two-per-line-and-in-utc.toml");
  // 20240405T070000Z is 09:00 in Berlin (CEST).
  EXPECT_NE(text.find("except = [ '2024-04-02T09:00', '2024-04-03T09:00', '2024-04-05T09:00', "
                      "'2024-04-07T09:00' ]\n"),
            text.npos)
      << text;
  const auto days = slurp(fs::path(events) / "2024-05-06-all-day-weekly-exdate-as-date.toml");
  EXPECT_NE(days.find("except = [ '2024-05-13', '2024-05-27' ]\n"), days.npos) << days;
}

TEST(readable_recurrence, a_recurrence_written_by_hand_is_listed_and_exported) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  write_file(fs::path(events) / "reading-group.toml", R"toml(title = "Reading group"
start = "2024-03-04T18:00"
end = "2024-03-04T19:30"
tz = "Europe/Moscow"
repeat = "FREQ=WEEKLY;COUNT=4"
except = [ "2024-03-11T18:00" ]
also = [ "2024-03-30T12:00/2024-03-30T14:00" ]

[[changed]]
occurrence = "2024-03-18T18:00"
start = "2024-03-19T18:00"
end = "2024-03-19T19:30"
title = "Reading group (Tuesday)"
location = "Library"
)toml");
  const auto list =
      run_chronicle({"--events", events, "list", "--from", "2024-03-01", "--to", "2024-03-31"});
  ASSERT_EQ(list.exit, 0) << list.err;
  EXPECT_EQ(list.err, "");
  for (const char* day : {"  4 Mar 2024, 18:00", "  19 Mar 2024, 18:00", "  25 Mar 2024, 18:00",
                          "  30 Mar 2024, 12:00–14:00"})
    EXPECT_NE(list.out.find(day), list.out.npos) << day << "\n" << list.out;
  for (const char* day : {"11 Mar 2024", "18 Mar 2024"})
    EXPECT_EQ(list.out.find(day), list.out.npos) << day << "\n" << list.out;
  EXPECT_NE(list.out.find("Reading group (Tuesday)"), list.out.npos) << list.out;
  EXPECT_NE(list.out.find("Library"), list.out.npos) << list.out;

  const auto ics = run_chronicle({"--events", events, "export", "ics"});
  ASSERT_EQ(ics.exit, 0) << ics.err;
  for (const char* line :
       {"\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n", "\r\nEXDATE;TZID=Europe/Moscow:20240311T180000\r\n",
        "\r\nRDATE;VALUE=PERIOD;TZID=Europe/Moscow:20240330T120000/"
        "20240330T140000\r\n",
        "\r\nRECURRENCE-ID;TZID=Europe/Moscow:20240318T180000\r\n",
        "\r\nDTSTART;TZID=Europe/Moscow:20240319T180000\r\n", "\r\nLOCATION:Library\r\n"})
    EXPECT_NE(ics.out.find(line), ics.out.npos) << line << " missing from\n" << ics.out;
}

TEST(readable_recurrence, a_bad_value_is_reported_where_it_is_written) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  write_file(fs::path(events) / "bad.toml", R"toml(title = "Bad"
date = "2024-03-04"
repeat = "FREQ=WEEKLY"
except = [ "2024-03-11T18:00", "next week" ]

[[changed]]
start = "2024-03-19"
)toml");
  auto r = run_chronicle({"--events", events, "check"});
  EXPECT_EQ(r.exit, 1);
  r.err = r.out + r.err;
  const auto file = (fs::path(events) / "bad.toml").string();
  EXPECT_NE(r.err.find(file + ":4:32: error: \"except\" holds \"next week\"; expected a day "
                              "(\"2024-03-04\") or a local time in the event's zone "
                              "(\"2024-03-04T10:00\")"),
            r.err.npos)
      << r.err;
  EXPECT_NE(
      r.err.find(file + ":4:12: error: \"2024-03-11T18:00\" is a time, but the event lasts whole "
                        "days; expected a day such as \"2024-03-01\""),
      r.err.npos)
      << r.err;
  EXPECT_NE(
      r.err.find(file + ":6:1: error: a [[changed]] table needs \"occurrence\", the start the "
                        "occurrence would have, such as \"2024-03-11T10:00\""),
      r.err.npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":7:9: error: \"start\" = \"2024-03-19\" is not a local date-time; "
                              "expected \"YYYY-MM-DDTHH:MM\" such as \"2024-03-11T12:00\""),
            r.err.npos)
      << r.err;
}

TEST(readable_recurrence, the_keys_of_the_old_form_say_what_to_write_instead) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  write_file(fs::path(events) / "old.toml",
             "title = \"Old\"\ndate = \"2024-03-04\"\nrrule = \"FREQ=WEEKLY\"\n"
             "exdate = [ \"EXDATE;VALUE=DATE:20240311\" ]\n");
  auto r = run_chronicle({"--events", events, "check"});
  EXPECT_EQ(r.exit, 1);
  r.err = r.out + r.err;
  const auto file = (fs::path(events) / "old.toml").string();
  EXPECT_NE(r.err.find(file + ":3:9: error: \"rrule\" is how an older Chronicle wrote recurrence; "
                              "write repeat = \"FREQ=…\" (docs/FORMAT.md), or import the calendar "
                              "again into a new folder"),
            r.err.npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":4:10: error: \"exdate\" is how an older Chronicle wrote"),
            r.err.npos)
      << r.err;
}

TEST(readable_recurrence, chronicles_own_export_imports_back_without_a_warning_to_the_same_files) {
  temp_dir dir;
  const auto events = new_timeline(dir, "events");
  for (const char* calendar :
       {"google_weekly_moved_retitled.ics", "exdate_forms.ics", "override_thisandfuture.ics",
        "override_cancelled.ics", "rdate_period.ics", "rdate_forms.ics", "allday_yearly.ics"}) {
    const auto r = run_chronicle({"--events", events, "import", (k_calendars / calendar).string()});
    ASSERT_EQ(r.exit, 0) << calendar << "\n" << r.err;
  }
  // The shipped timeline's events too: their DESCRIPTION, relations and sources.
  for (const auto& f : fs::directory_iterator(k_source_dir / "events"))
    if (f.path().filename() != "timeline.toml")
      fs::copy_file(f.path(), fs::path(events) / f.path().filename());
  const auto exported = dir / "out.ics";
  const auto e = run_chronicle({"--events", events, "export", "ics", "-o", exported.string()});
  ASSERT_EQ(e.exit, 0) << e.err;

  const auto again = new_timeline(dir, "again");
  const auto r = run_chronicle({"--events", again, "import", exported.string()});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "") << "no warning at all";
  // The same events, field for field (the shipped files are laid out by hand, so their text
  // differs from what import writes; what they say does not).
  const auto json_of = [](const std::string& folder) {
    auto out = run_chronicle({"--events", folder, "export", "json"}).out;
    return out.substr(out.find("\"events\""));
  };
  EXPECT_EQ(json_of(events), json_of(again));
  // The imported calendars' files, byte for byte.
  auto before = files_of(events);
  auto after = files_of(again);
  for (const auto& [name, text] : before) {
    if (text.find("uid = ") != text.npos && !name.starts_with(".chronicle")) {
      EXPECT_EQ(text, after[name]) << name;
    }
  }
}

}  // namespace
