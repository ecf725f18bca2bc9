// Recurring events through the real binary: a Google Calendar export with a weekly meeting, an
// EXDATE and one occurrence moved and retitled (a second VEVENT with a RECURRENCE-ID) is shown
// where the meeting really is, in every output.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace {

using chronicle::test::k_source_dir;
using chronicle::test::run_chronicle;
using chronicle::test::temp_dir;

const auto k_calendars = k_source_dir / "tests" / "recurrence" / "calendars";

/// A timeline in `dir`/events with `calendar` (a file of calendars/) imported into it.
std::string imported(const temp_dir& dir, const std::string& calendar) {
  const auto events = (dir / "events").string();
  chronicle::test::write_file(dir / "events" / "timeline.toml",
                              chronicle::test::timeline_toml("Europe/Moscow"));
  const auto r = run_chronicle({"--events", events, "import", (k_calendars / calendar).string()});
  EXPECT_EQ(r.exit, 0) << r.err;
  return events;
}

/// The rows of a list (a line at the left margin of the events, with the lines indented under
/// it appended after two spaces: a timed event's title sits below its date) that contain
/// `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("   ") && !rows.empty())
      rows.back() += "  " + line.substr(line.find_first_not_of(' '));
    else
      rows.push_back(line);
  }
  std::vector<std::string> out;
  for (const auto& row : rows)
    if (row.find(needle) != std::string::npos) out.push_back(row);
  return out;
}

TEST(recurrence_cli, list_shows_the_moved_occurrence_at_its_new_time_with_its_new_title) {
  temp_dir dir;
  const auto events = imported(dir, "google_weekly_moved_retitled.ics");
  const auto r =
      run_chronicle({"--events", events, "list", "--from", "2024-03-01", "--to", "2024-03-31"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto moved = lines_with(r.out, "11 Mar 2024");
  ASSERT_EQ(moved.size(), 1u) << r.out;
  EXPECT_NE(moved[0].find("12:00–13:00 Europe/Moscow"), std::string::npos) << moved[0];
  EXPECT_NE(moved[0].find("Еженедельная встреча (перенесена)"), std::string::npos) << moved[0];
  // The other Mondays stay at 10:00, the last one (UNTIL in UTC, 07:00Z = 10:00 MSK) included.
  for (const auto* day : {"4 Mar 2024", "18 Mar 2024", "25 Mar 2024"}) {
    const auto l = lines_with(r.out, day);
    ASSERT_EQ(l.size(), 1u) << day << "\n" << r.out;
    EXPECT_NE(l[0].find("10:00–11:00 Europe/Moscow  Еженедельная встреча"), std::string::npos);
    EXPECT_EQ(l[0].find("перенесена"), std::string::npos) << l[0];
  }
  EXPECT_TRUE(lines_with(r.out, "10:00").size() == 3) << r.out;
}

TEST(recurrence_cli, list_leaves_out_the_excluded_day) {
  temp_dir dir;
  const auto events = imported(dir, "google_weekly_moved_retitled.ics");
  const auto r =
      run_chronicle({"--events", events, "list", "--from", "2024-02-01", "--to", "2024-03-31"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(lines_with(r.out, "19 Feb 2024").size(), 1u) << r.out;
  EXPECT_TRUE(lines_with(r.out, "26 Feb").empty()) << r.out;  // EXDATE
  EXPECT_EQ(lines_with(r.out, "Europe/Moscow").size(), 5u) << r.out;
}

TEST(recurrence_cli, json_gives_each_occurrence_its_own_time_title_and_recurrence_id) {
  temp_dir dir;
  const auto events = imported(dir, "google_weekly_moved_retitled.ics");
  const auto r = run_chronicle({"--events", events, "list", "--from", "2024-03-01", "--to",
                                "2024-03-31", "--format", "json"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::vector<std::string> starts;
  for (const auto& e : j["events"]) {
    starts.push_back(e["time"]["start"]);
    const auto title = e["title"].begin()->get<std::string>();
    if (e["date"]["first_day"] == "2024-03-11") {
      EXPECT_EQ(e["time"]["start"], "2024-03-11T12:00:00");
      EXPECT_EQ(e["time"]["end"], "2024-03-11T13:00:00");
      EXPECT_EQ(e["time"]["start_utc"], "2024-03-11T09:00:00Z");
      EXPECT_EQ(title, "Еженедельная встреча (перенесена)");
      EXPECT_EQ(e["occurrence"]["recurrence_id"], "2024-03-11T10:00:00");
      EXPECT_EQ(e["occurrence"]["changed"], true);
    } else {
      EXPECT_EQ(title, "Еженедельная встреча");
      EXPECT_EQ(e["occurrence"]["changed"], false);
    }
  }
  EXPECT_EQ(starts, (std::vector<std::string>{"2024-03-04T10:00:00", "2024-03-11T12:00:00",
                                              "2024-03-18T10:00:00", "2024-03-25T10:00:00"}));
  const auto feb = run_chronicle({"--events", events, "list", "--from", "2024-02-26", "--to",
                                  "2024-02-26", "--format", "json"});
  EXPECT_TRUE(nlohmann::json::parse(feb.out)["events"].empty()) << feb.out;
}

TEST(recurrence_cli, every_export_for_people_shows_the_moved_occurrence) {
  temp_dir dir;
  const auto events = imported(dir, "google_weekly_moved_retitled.ics");
  const std::vector<std::string> range{"--from", "2024-03-01", "--to", "2024-03-31"};
  for (const auto* format : {"markdown", "csv", "html", "timelinejs"}) {
    std::vector<std::string> args{"--events", events, "export", format};
    args.insert(args.end(), range.begin(), range.end());
    const auto r = run_chronicle(args);
    ASSERT_EQ(r.exit, 0) << format << ": " << r.err;
    EXPECT_NE(r.out.find("перенесена"), std::string::npos) << format;
    EXPECT_NE(r.out.find("11 Mar 2024, 12:00"), std::string::npos) << format;
    EXPECT_EQ(r.out.find("11 Mar 2024, 10:00"), std::string::npos) << format;
    EXPECT_EQ(r.out.find("26 Feb"), std::string::npos) << format;
  }
  // export json is the form import reads back: the event once, with its recurrence.
  const auto json = run_chronicle({"--events", events, "export", "json"});
  ASSERT_EQ(json.exit, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_FALSE(j["events"][0].contains("occurrence"));
  EXPECT_EQ(j["events"][0]["recurrence"]["repeat"], "FREQ=WEEKLY;UNTIL=20240325T070000Z;BYDAY=MO");
}

TEST(recurrence_cli, a_cancelled_occurrence_is_listed_as_cancelled) {
  temp_dir dir;
  const auto events = imported(dir, "override_cancelled.ics");
  const auto r =
      run_chronicle({"--events", events, "list", "--from", "2024-06-05", "--to", "2024-06-05"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto line = lines_with(r.out, "5 Jun 2024");
  ASSERT_EQ(line.size(), 1u) << r.out;
  EXPECT_NE(line[0].find("Standup [cancelled]"), std::string::npos) << line[0];
  const auto j = run_chronicle({"--events", events, "list", "--from", "2024-06-05", "--to",
                                "2024-06-05", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(j.out)["events"][0]["status"], "cancelled");
}

TEST(recurrence_cli, show_says_how_the_event_repeats_and_lists_the_next_occurrences) {
  temp_dir dir;
  const auto events = imported(dir, "google_weekly_moved_retitled.ics");
  // 5 March 2024, 12:00 UTC: the next occurrences are 11, 18 and 25 March.
  const std::map<std::string, std::string> env{{"SOURCE_DATE_EPOCH", "1709640000"}};
  const auto en = run_chronicle({"--events", events, "show", "2024-02-19"}, k_source_dir, env);
  ASSERT_EQ(en.exit, 0) << en.err;
  EXPECT_NE(en.out.find("  repeats       every Monday at 10:00 Moscow time until 25 Mar 2024, "
                        "except 26 Feb 2024; 11 Mar 2024 moved to 12:00 and retitled "
                        "“Еженедельная встреча (перенесена)”\n"),
            std::string::npos)
      << en.out;
  EXPECT_NE(en.out.find("Next occurrences\n"
                        "  11 Mar 2024, 12:00–13:00 Europe/Moscow  Еженедельная встреча "
                        "(перенесена)\n"
                        "  18 Mar 2024, 10:00–11:00 Europe/Moscow\n"
                        "  25 Mar 2024, 10:00–11:00 Europe/Moscow\n"),
            std::string::npos)
      << en.out;
  const auto ru =
      run_chronicle({"--events", events, "show", "2024-02-19", "--lang", "ru"}, k_source_dir, env);
  ASSERT_EQ(ru.exit, 0) << ru.err;
  EXPECT_NE(ru.out.find("  repeats       по понедельникам в 10:00 (Москва) до 25 марта 2024, "
                        "кроме 26 февраля 2024; 11 марта 2024 перенесено на 12:00 и "
                        "переименовано в «Еженедельная встреча (перенесена)»\n"),
            std::string::npos)
      << ru.out;
}

TEST(recurrence_cli, show_puts_a_change_for_this_and_every_later_occurrence_in_words) {
  temp_dir dir;
  const auto events = imported(dir, "override_thisandfuture.ics");
  const auto r = run_chronicle({"--events", events, "show", "2024-10-07"}, k_source_dir,
                               {{"SOURCE_DATE_EPOCH", "1730419200"}});  // 1 Nov 2024
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_NE(r.out.find("every Monday at 18:00 Berlin time, 8 times; from 28 Oct 2024 on moved "
                       "to 19:00 and retitled “Evening course (new room, one hour later)”"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  4 Nov 2024, 19:00–20:30 Europe/Berlin  Evening course (new room"),
            std::string::npos)
      << r.out;
}

}  // namespace
