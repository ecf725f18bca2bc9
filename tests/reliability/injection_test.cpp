// Text that looks like iCalendar syntax never becomes iCalendar structure: CR, LF,
// "\r\nBEGIN:VALARM", ";", ",", "\" and ":" in titles, descriptions, places and tags are escaped
// on export. libical reads the export back: one VEVENT, no VALARM, no injected property, and
// each value exactly as written.
#include <gtest/gtest.h>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::census;
using test::has;

/// The documented repair: a line end in text (CR LF, LF or CR alone) is written as one escaped
/// line feed (`\n`), a lone CR is dropped.
std::string repaired(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] != '\r') out += s[i];
  return out;
}

const std::string k_payload =
    "a;b,c\\d:e\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nX-EVIL:1\nATTENDEE:x\rEND:"
    "VEVENT";

event hostile_event() {
  event e;
  e.id = "2024-02-08-hostile";
  e.title["en"] = "title " + k_payload;
  e.description["en"] = "description " + k_payload;
  e.date = *parse_edtf("2024-02-08").value;
  e.place =
      chronicle::place{"place " + k_payload, "city " + k_payload, "KZ", std::nullopt, std::nullopt};
  e.tags = {"tag " + k_payload, "plain"};
  e.date_note = "note " + k_payload;
  return e;
}

TEST(injection, export_escapes_every_text_field) {
  timeline t;
  t.events.push_back(hostile_event());
  const auto ics = *export_ics(t, {});
  // No line of the export starts a component or a property the payload spelled out.
  EXPECT_FALSE(has(ics, "\r\nBEGIN:VALARM")) << ics;
  EXPECT_FALSE(has(ics, "\r\nX-EVIL")) << ics;
  EXPECT_FALSE(has(ics, "\r\nATTENDEE")) << ics;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\r') {
      EXPECT_EQ(ics[i + 1], '\n') << "a bare CR at " << i;
    }
    if (ics[i] == '\n') {
      EXPECT_EQ(ics[i - 1], '\r') << "a bare LF at " << i;
    }
  }
  const auto c = census(ics);
  EXPECT_EQ(c.components.at("VCALENDAR"), 1);
  EXPECT_EQ(c.components.at("VEVENT"), 1);
  EXPECT_EQ(c.components.count("VALARM"), 0u);
  EXPECT_EQ(c.properties.count("X-EVIL"), 0u);
  EXPECT_EQ(c.properties.count("ATTENDEE"), 0u);
  EXPECT_EQ(c.properties.at("SUMMARY"), 1);
  EXPECT_EQ(c.properties.at("DESCRIPTION"), 1);
  EXPECT_EQ(c.properties.at("LOCATION"), 1);
  ASSERT_EQ(c.values.at("SUMMARY").size(), 1u);
  EXPECT_EQ(c.values.at("SUMMARY")[0], repaired("title " + k_payload));
  EXPECT_TRUE(has(c.values.at("LOCATION")[0], repaired("place " + k_payload)));
  EXPECT_TRUE(has(c.values.at("DESCRIPTION")[0], repaired("description " + k_payload)));
}

TEST(injection, export_reimports_to_the_same_text) {
  timeline t;
  t.events.push_back(hostile_event());
  const auto parsed = parse_ics(*export_ics(t, {}), "x.ics", t.info);
  ASSERT_EQ(parsed.events.size(), 1u);
  ASSERT_TRUE(parsed.events[0].event);
  const auto& e = *parsed.events[0].event;
  EXPECT_EQ(e.title.at("en"), repaired("title " + k_payload));
  EXPECT_TRUE(has(e.description.at("en"), repaired("description " + k_payload)));
  EXPECT_EQ(e.tags, (std::vector<std::string>{repaired("tag " + k_payload), "plain"}));
  ASSERT_TRUE(e.place);
  EXPECT_TRUE(has(e.place->name, repaired("place " + k_payload)));
}

TEST(injection, event_file_round_trip_keeps_the_text) {
  const auto e = hostile_event();
  timeline_info info;
  const auto parsed = parse_event(to_toml(e, "en"), e.id, "x.toml", info);
  for (const auto& d : parsed.diagnostics) ADD_FAILURE() << to_string(d);
  ASSERT_TRUE(parsed.event);
  EXPECT_EQ(parsed.event->title.at("en"), e.title.at("en"));
  EXPECT_EQ(parsed.event->tags, e.tags);
}

TEST(injection, cli_add_then_export_ics_has_one_vevent) {
  test::scratch_timeline t;
  const auto add = t.run({"add", "Meeting\r\nBEGIN:VALARM\r\nACTION:AUDIO", "--date", "2024-02-08",
                          "--place", "Hall;A,B\\C:D\nLOCATION:evil", "--description",
                          "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected", "--tag", "a,b;c"});
  if (add.exit != 0) {
    // A refusal is fine (documented), as long as it is clear and writes nothing.
    EXPECT_EQ(add.exit, 2) << add.err;
    EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
    GTEST_SKIP() << "add refuses: " << add.err;
  }
  const auto out = t.run({"export", "ics"});
  ASSERT_EQ(out.exit, 0) << out.err;
  const auto c = census(out.out);
  EXPECT_EQ(c.components.at("VEVENT"), 1) << out.out;
  EXPECT_EQ(c.components.count("VALARM"), 0u) << out.out;
  EXPECT_EQ(c.properties.at("SUMMARY"), 1) << out.out;
  EXPECT_EQ(c.properties.at("LOCATION"), 1) << out.out;
}

TEST(injection, imported_text_stays_text_on_export) {
  // Escaped text in an import (\n, \; and \,) comes back escaped, never as structure.
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
      "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240208\r\n"
      "SUMMARY:a\\nBEGIN:VALARM\\nACTION:DISPLAY\\nEND:VALARM\\;x\\,y\r\n"
      "LOCATION:l\\nX-EVIL:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  test::scratch_timeline t;
  test::write_file(t.root() / "in.ics", ics);
  const auto imp = t.run({"import", "in.ics"});
  ASSERT_EQ(imp.exit, 0) << imp.err;
  const auto out = t.run({"export", "ics"});
  ASSERT_EQ(out.exit, 0) << out.err;
  const auto c = census(out.out);
  EXPECT_EQ(c.components.at("VEVENT"), 1);
  EXPECT_EQ(c.components.count("VALARM"), 0u);
  EXPECT_EQ(c.properties.count("X-EVIL"), 0u);
  EXPECT_EQ(c.values.at("SUMMARY").at(0), "a\nBEGIN:VALARM\nACTION:DISPLAY\nEND:VALARM;x,y");
}

}  // namespace
}  // namespace chronicle
