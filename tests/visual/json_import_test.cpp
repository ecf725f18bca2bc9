// Reading back Chronicle's JSON: nothing lost, and every problem reported with its place.
#include <gtest/gtest.h>

#include "chronicle/exchange/json_import.hpp"
#include "chronicle/render/render.hpp"
#include "visual_support.hpp"

namespace chronicle {
namespace {

using test::all_events;
using test::contains;
using test::make_timeline;

/// Renders `t` as JSON, reads it back and checks that the events and the text come back equal.
void expect_round_trip(const timeline& t) {
  list_options o;
  const auto text = render_json(t, all_events(t), o);
  const auto back = parse_timeline_json(text, "t.json");
  for (const auto& d : back.diagnostics) ADD_FAILURE() << to_string(d);
  ASSERT_TRUE(back.info);
  EXPECT_EQ(back.info->name, t.info.name);
  EXPECT_EQ(back.info->default_language, t.info.default_language);
  EXPECT_EQ(back.info->time_zone, t.info.time_zone);
  EXPECT_EQ(back.info->uid_domain, t.info.uid_domain);
  EXPECT_EQ(back.events, t.events);
  timeline again{*back.info, back.events};
  EXPECT_EQ(render_json(again, all_events(again), o), text);
}

TEST(parse_timeline_json, reads_back_the_shipped_timeline_with_nothing_lost) {
  expect_round_trip(test::shipped_timeline());
}

TEST(parse_timeline_json, reads_back_every_field_of_an_event) {
  auto t = make_timeline({{"full", R"(title = { en = "Full", ru = "Полный" }
start = "2024-03-30T22:15"
end = "2024-04-01T08:00"
tz = "Asia/Almaty"
status = "tentative"
tags = ["x", "y z"]
description = { en = "Line one\nline two <b>", ru = "Описание" }
date_note = "Announced \"late\""
uid = "abc-123@calendar.example"
revision = 7
last_modified = 2024-04-02T03:04:05Z
follows = ["other"]
related = ["third"]

[place]
name = "Hall"
city = "Astana"
country = "KZ"
latitude = 51.128207
longitude = 71.430411

[[participants]]
name = "A. Person"
role = "speaker"
country = "KZ"

[[sources]]
url = "https://example.org/x?y=1&z=2"
publisher = "Example"
title = "A page"
language = "en"
published = "2024-03~"
)"},
                          {"other", "title = \"Other\"\ndate = \"2023?\"\npart_of = [\"third\"]\n"},
                          {"third", "title = \"Third\"\ndate = \"2023-01/2023-03-05\"\n"}});
  expect_round_trip(t);
}

TEST(parse_timeline_json, reads_back_what_an_icalendar_import_keeps) {
  auto t = make_timeline({{"weekly", "title = \"Weekly call\"\ndate = \"2024-01-04\"\n"}});
  t.events[0].recurrence.rule = "FREQ=WEEKLY;BYDAY=TH";
  t.events[0].recurrence.also = {*parse_recurrence_date("2024-03-01")};
  t.events[0].recurrence.except = {*parse_recurrence_date("2024-01-11")};
  changed_occurrence moved;
  moved.occurrence = *parse_recurrence_date("2024-01-18");
  moved.start = parse_recurrence_date("2024-01-19")->start;
  moved.all_day = true;
  moved.title = {{"en", "Weekly call (Friday)"}};
  moved.location = "Room 2";
  moved.status = status::tentative;
  moved.sequence = 2;
  moved.ical_extra = "X-FOO:baz\n";
  t.events[0].changed.push_back(moved);
  changed_occurrence from_here;
  from_here.occurrence = *parse_recurrence_date("2024-02-01");
  from_here.and_following = true;
  t.events[0].changed.push_back(from_here);
  t.events[0].ical_extra = "ATTENDEE:mailto:a@example.org\nX-FOO:bar\n";
  expect_round_trip(t);
}

TEST(parse_timeline_json, reports_malformed_json_at_its_line_and_column) {
  const auto r =
      parse_timeline_json("{\n  \"format\": \"chronicle-timeline\",\n  oops\n}", "x.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const auto& d = r.diagnostics[0];
  EXPECT_EQ(d.file, "x.json");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 3);
  EXPECT_EQ(d.severity, severity::error);
  EXPECT_TRUE(d.message.starts_with("malformed JSON: ")) << d.message;
  EXPECT_TRUE(r.events.empty());
}

TEST(parse_timeline_json, names_the_path_of_each_bad_value_and_keeps_the_good_events) {
  const auto r = parse_timeline_json(R"({"format": "chronicle-timeline", "version": 1,
    "events": [
      {"id": "good", "title": {"en": "Good"}, "date": {"edtf": "2024-02-08"}},
      {"id": "bad", "title": {"en": "Bad"}, "date": {"edtf": "2024-02-30"}, "status": "maybe"},
      {"id": "Not An Id", "title": {}, "date": {"edtf": "2024"}, "colour": 1}
    ]})",
                                     "x.json");
  std::vector<std::string> messages;
  for (const auto& d : r.diagnostics) messages.push_back(to_string(d));
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "x.json: error: events[1].date.edtf: day 30 does not exist in 2024-02 "
                "(\"2024-02-30\")",
                "x.json: error: events[1].status: unknown status \"maybe\"; expected confirmed, "
                "tentative, planned or cancelled",
                "x.json: warning: events[2].colour: unknown key, ignored",
                "x.json: error: events[2].id: \"Not An Id\" is not a valid event id; expected "
                "lower-case letters, digits and hyphens",
                "x.json: error: events[2].title: must not be empty"}));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].id, "good");
  EXPECT_EQ(r.events[0].file, "x.json");
}

TEST(parse_timeline_json, rejects_other_formats_versions_and_duplicate_ids) {
  auto r = parse_timeline_json(R"({"format": "geojson", "version": 1, "events": []})", "x.json");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].message,
            "format: \"geojson\" is not a Chronicle timeline; expected \"chronicle-timeline\"");
  r = parse_timeline_json(R"({"format": "chronicle-timeline", "version": 2, "events": []})",
                          "x.json");
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].message, "version: version 2 is not supported; expected 1");
  r = parse_timeline_json(R"({"format": "chronicle-timeline", "version": 1, "events": [
      {"id": "a", "title": {"en": "A"}, "date": {"edtf": "2024"}},
      {"id": "a", "title": {"en": "B"}, "date": {"edtf": "2025"}}]})",
                          "x.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "events[1].id: duplicate event id \"a\"");
  EXPECT_EQ(r.events.size(), 1u);
}

TEST(parse_timeline_json, requires_a_timed_date_to_match_its_clock_times) {
  const auto r = parse_timeline_json(R"({"format": "chronicle-timeline", "version": 1,
    "events": [{"id": "a", "title": {"en": "A"}, "date": {"edtf": "2024-02-09"},
                "time": {"start": "2024-02-08T10:00:00", "tz": "UTC"}}]})",
                                     "x.json");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_TRUE(contains(r.diagnostics[0].message,
                       "events[0].date.edtf: \"2024-02-09\" does not match the days of \"time\" "
                       "(2024-02-08)"))
      << r.diagnostics[0].message;
  EXPECT_TRUE(r.events.empty());
}

}  // namespace
}  // namespace chronicle
