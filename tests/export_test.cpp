// The export, read back by libical as an independent parser, property by property.
#include "chronicle/exchange/ical/export.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <map>
#include <memory>

#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

struct ical_free {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using calendar = std::unique_ptr<icalcomponent, ical_free>;

timeline shipped() {
  auto r = load_timeline(test::k_source_dir / "events");
  EXPECT_FALSE(has_errors(r.diagnostics));
  return r.timeline;
}

calendar parse(const std::string& text) {
  calendar c{icalparser_parse_string(text.c_str())};
  EXPECT_NE(c, nullptr);
  return c;
}

std::map<std::string, icalcomponent*> events_by_uid(icalcomponent* cal) {
  std::map<std::string, icalcomponent*> out;
  for (auto* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    out[icalcomponent_get_uid(e)] = e;
  return out;
}

std::string date_of(icaltimetype t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%s", t.year, t.month, t.day, t.is_date ? "" : "T");
  return buf;
}

std::string x_property(icalcomponent* e, const char* name) {
  for (auto* p = icalcomponent_get_first_property(e, ICAL_X_PROPERTY); p;
       p = icalcomponent_get_next_property(e, ICAL_X_PROPERTY))
    if (std::string_view(icalproperty_get_x_name(p)) == name) return icalproperty_get_x(p);
  return {};
}

TEST(export_ics, gives_every_event_a_stable_uid_and_its_dates) {
  const auto t = shipped();
  const auto cal = parse(*export_ics(t, {}));
  const auto events = events_by_uid(cal.get());
  ASSERT_EQ(events.size(), 5u);
  struct expected {
    const char* id;
    const char* start;
    const char* end;
    const char* edtf;
  };
  for (const auto& x :
       {expected{"2023-09-19-c5plus1-summit-new-york", "20230919", "20230920", "2023-09-19"},
        expected{"2024-02-08-inaugural-critical-minerals-dialogue", "20240208", "20240209",
                 "2024-02-08"},
        expected{"2024-03-sharlapayev-visit-to-pdac-toronto", "20240301", "20240401", "2024-03"},
        expected{"2024-03-03-pdac-2024-convention", "20240303", "20240307",
                 "2024-03-03/2024-03-06"},
        expected{"2024-03-04-kazakhstan-pavilion-opens-at-pdac", "20240304", "20240305",
                 "2024-03-04"}}) {
    const auto uid = std::string(x.id) + "@c5plus1.chronicle.invalid";
    ASSERT_TRUE(events.contains(uid)) << uid;
    auto* e = events.at(uid);
    EXPECT_EQ(date_of(icalcomponent_get_dtstart(e)), x.start) << uid;
    EXPECT_EQ(date_of(icalcomponent_get_dtend(e)), x.end) << uid;
    EXPECT_EQ(x_property(e, "X-CHRONICLE-DATE"), x.edtf) << uid;
    EXPECT_EQ(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
    EXPECT_NE(icalcomponent_get_first_property(e, ICAL_DTSTAMP_PROPERTY), nullptr);
  }
  auto* visit = events.at("2024-03-sharlapayev-visit-to-pdac-toronto@c5plus1.chronicle.invalid");
  EXPECT_NE(std::string(icalcomponent_get_description(visit)).find("known to the month only"),
            std::string::npos);
  EXPECT_STREQ(icalcomponent_get_location(visit), "PDAC 2024, Toronto, CA");
}

TEST(export_ics, writes_relations_with_a_fitting_reltype) {
  const auto cal = parse(*export_ics(shipped(), {}));
  const auto events = events_by_uid(cal.get());
  auto reltypes = [&](const char* id) {
    std::map<std::string, std::string> out;
    auto* e = events.at(std::string(id) + "@c5plus1.chronicle.invalid");
    for (auto* p = icalcomponent_get_first_property(e, ICAL_RELATEDTO_PROPERTY); p;
         p = icalcomponent_get_next_property(e, ICAL_RELATEDTO_PROPERTY)) {
      auto* param = icalproperty_get_first_parameter(p, ICAL_RELTYPE_PARAMETER);
      out[icalproperty_get_relatedto(p)] = param ? icalparameter_as_ical_string(param) : "";
    }
    return out;
  };
  EXPECT_EQ(reltypes("2024-03-04-kazakhstan-pavilion-opens-at-pdac"),
            (std::map<std::string, std::string>{
                {"2024-03-sharlapayev-visit-to-pdac-toronto@c5plus1.chronicle.invalid",
                 "RELTYPE=PARENT"}}));
  EXPECT_EQ(reltypes("2024-02-08-inaugural-critical-minerals-dialogue"),
            (std::map<std::string, std::string>{
                {"2023-09-19-c5plus1-summit-new-york@c5plus1.chronicle.invalid",
                 "RELTYPE=FINISHTOSTART"}}));
}

TEST(export_ics, maps_statuses_and_keeps_commas_in_categories) {
  auto t = shipped();
  t.events[0].status = status::planned;
  t.events[1].status = status::tentative;
  t.events[2].status = status::cancelled;
  t.events[3].tags = {"minerals, critical", "semi;colon"};
  const auto cal = parse(*export_ics(t, {}));
  std::vector<icalproperty_status> statuses;
  for (auto* e = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT))
    statuses.push_back(icalcomponent_get_status(e));
  EXPECT_EQ(statuses, (std::vector<icalproperty_status>{
                          ICAL_STATUS_TENTATIVE, ICAL_STATUS_TENTATIVE, ICAL_STATUS_CANCELLED,
                          ICAL_STATUS_CONFIRMED, ICAL_STATUS_CONFIRMED}));
  auto* convention =
      events_by_uid(cal.get()).at("2024-03-03-pdac-2024-convention@c5plus1.chronicle.invalid");
  std::vector<std::string> categories;
  for (auto* p = icalcomponent_get_first_property(convention, ICAL_CATEGORIES_PROPERTY); p;
       p = icalcomponent_get_next_property(convention, ICAL_CATEGORIES_PROPERTY))
    categories.push_back(icalproperty_get_categories(p));
  EXPECT_EQ(categories, (std::vector<std::string>{"minerals, critical", "semi;colon"}));
}

TEST(export_ics, folds_at_75_octets_with_crlf_and_never_splits_a_character) {
  auto t = shipped();
  t.events[0].description["en"] = std::string(300, 'x') + " " + std::string(200, 'y');
  for (const char* lang : {"en", "ru"}) {
    ics_options o;
    o.lang = lang;
    const auto text = *export_ics(t, o);
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = text.find("\r\n", start);
      ASSERT_NE(end, std::string::npos) << "every line ends with CRLF";
      const auto line = text.substr(start, end - start);
      EXPECT_LE(line.size(), 75u) << line;
      EXPECT_EQ(line.find('\n'), std::string::npos) << "no bare LF";
      EXPECT_EQ(line.find('\r'), std::string::npos) << "no bare CR";
      if (!line.empty()) {
        EXPECT_NE(static_cast<unsigned char>(line[0]) & 0xC0, 0x80u)
            << "line starts inside a character";
        if (line.size() > 1 && line[0] == ' ') {
          EXPECT_NE(static_cast<unsigned char>(line[1]) & 0xC0, 0x80u)
              << "continuation starts inside a character";
        }
      }
      start = end + 2;
    }
    EXPECT_NE(parse(text), nullptr);
  }
}

TEST(export_ics, is_byte_identical_for_an_unchanged_timeline) {
  const auto t = shipped();
  EXPECT_EQ(*export_ics(t, {}), *export_ics(t, {}));
  ics_options fixed;
  fixed.dtstamp = date::sys_seconds{std::chrono::seconds{1700000000}};
  const auto text = *export_ics(t, fixed);
  EXPECT_NE(text.find("DTSTAMP:20231114T221320Z"), std::string::npos);
  EXPECT_NE(text.find("LAST-MODIFIED:20261126T100000Z"), std::string::npos);
}

TEST(export_ics, applies_the_coarse_policy) {
  const auto t = shipped();
  ics_options o;
  o.coarse = coarse_policy::start;
  auto cal = parse(*export_ics(t, o));
  auto* visit = events_by_uid(cal.get()).at(
      "2024-03-sharlapayev-visit-to-pdac-toronto@c5plus1.chronicle.invalid");
  EXPECT_EQ(date_of(icalcomponent_get_dtstart(visit)), "20240301");
  EXPECT_EQ(date_of(icalcomponent_get_dtend(visit)), "20240302");
  o.coarse = coarse_policy::skip;
  cal = parse(*export_ics(t, o));
  EXPECT_EQ(events_by_uid(cal.get()).size(), 4u);
}

TEST(export_ics, gives_timed_events_a_plain_iana_tzid_and_its_vtimezone) {
  test::temp_dir dir;
  test::write_file(dir / "timeline.toml", test::timeline_toml());
  test::write_file(
      dir / "a.toml",
      "title = \"Meeting\"\nstart = \"2024-02-08T10:00\"\nend = \"2024-02-08T11:30\"\ntz = "
      "\"America/New_York\"\nlast_modified = 2024-02-09T00:00:00Z\n");
  test::write_file(dir / "b.toml",
                   "title = \"Almaty\"\nstart = \"2024-03-10T09:00\"\ntz = \"Asia/Almaty\"\n");
  const auto r = load_timeline(dir.path());
  ASSERT_FALSE(has_errors(r.diagnostics));
  const auto text = *export_ics(r.timeline, {});
  EXPECT_NE(text.find("DTSTART;TZID=America/New_York:20240208T100000"), std::string::npos) << text;
  EXPECT_EQ(text.find("freeassociation"), std::string::npos);
  const auto cal = parse(text);
  std::vector<std::string> tzids;
  for (auto* z = icalcomponent_get_first_component(cal.get(), ICAL_VTIMEZONE_COMPONENT); z;
       z = icalcomponent_get_next_component(cal.get(), ICAL_VTIMEZONE_COMPONENT))
    tzids.push_back(icalproperty_get_tzid(icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY)));
  EXPECT_EQ(tzids, (std::vector<std::string>{"America/New_York", "Asia/Almaty"}));
  // The instant, resolved through the exported VTIMEZONE: 10:00 EST is 15:00 UTC.
  auto* meeting = events_by_uid(cal.get()).at("a@test.invalid");
  auto* zone = icalcomponent_get_timezone(cal.get(), "America/New_York");
  ASSERT_NE(zone, nullptr);
  auto start = icalcomponent_get_dtstart(meeting);
  EXPECT_EQ(icaltime_as_timet_with_zone(start, zone), 1707404400);
  EXPECT_EQ(icaltime_as_timet_with_zone(icalcomponent_get_dtend(meeting), zone), 1707404400 + 5400);
}

}  // namespace
}  // namespace chronicle
