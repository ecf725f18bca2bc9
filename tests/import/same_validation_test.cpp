// The same invalid event through every way into a timeline: loading its file, JSON import
// (library and real binary) and iCalendar import, with the same message from the one validator.
#include <gtest/gtest.h>

#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/exchange/json_import.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

const timeline_info k_target{{{"en", "t"}}, "en", "America/New_York", "test.invalid"};

/// One invalid value, as an event file, a JSON event and (where iCalendar can carry it) a
/// VEVENT's properties, with the one message every entry point gives.
struct invalid_case {
  std::string name;
  std::string toml;       ///< the whole event file
  std::string json;       ///< the members of the JSON event beside its "id"
  std::string json_path;  ///< where in the JSON event the value is
  std::string ics;        ///< VEVENT properties beside UID and DTSTART; empty: not expressible
  std::string message;
  severity level = severity::error;
};

const std::string k_title_date = R"("title": {"en": "X"}, "date": {"edtf": "2024-02-08"}, )";

std::vector<invalid_case> cases() {
  return {
      {"bad_country",
       "title = \"X\"\ndate = \"2024-02-08\"\n[place]\nname = \"Hall\"\ncountry = \"usa\"\n",
       k_title_date + R"("place": {"name": "Hall", "country": "usa"})", "place.country", "",
       "country \"usa\" is not an ISO 3166-1 code; expected two capital letters such as \"US\" "
       "or \"KZ\""},
      {"bad_participant_country",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[participants]]\nname = \"A\"\ncountry = \"kz\"\n",
       k_title_date + R"("participants": [{"name": "A", "country": "kz"}])",
       "participants[0].country", "",
       "country \"kz\" is not an ISO 3166-1 code; expected two capital letters such as \"KZ\""},
      {"bad_language_tag", "date = \"2024-02-08\"\n[title]\n\"EN!\" = \"X\"\n",
       R"("title": {"EN!": "X"}, "date": {"edtf": "2024-02-08"})", "title.EN!", "",
       "\"EN!\" is not a language tag; expected one such as \"en\" or \"ru\""},
      {"bad_url",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[sources]]\nurl = \"https://exa mple.org/\"\n",
       k_title_date + R"("sources": [{"url": "https://exa mple.org/"}])", "sources[0].url",
       "SUMMARY:X\nURL:https://exa mple.org/\n",
       "\"https://exa mple.org/\" is not a web address: it has a space at character 12"},
      {"url_without_scheme",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[sources]]\nurl = \"www.example.org\"\n",
       k_title_date + R"("sources": [{"url": "www.example.org"}])", "sources[0].url", "",
       "\"www.example.org\" is not a web address; expected one starting with https:// or "
       "http://"},
      {"february_30", "title = \"X\"\ndate = \"2024-02-30\"\n",
       R"("title": {"en": "X"}, "date": {"edtf": "2024-02-30"})", "date.edtf", "",
       "day 30 does not exist in 2024-02 (\"2024-02-30\")"},
      {"unknown_status", "title = \"X\"\ndate = \"2024-02-08\"\nstatus = \"maybe\"\n",
       k_title_date + R"("status": "maybe")", "status", "",
       "unknown status \"maybe\"; expected confirmed, tentative, planned or cancelled"},
      {"blank_title", "title = \" \"\ndate = \"2024-02-08\"\n",
       R"("title": {"en": " "}, "date": {"edtf": "2024-02-08"})", "title.en", "",
       "\"title\" must not be empty"},
      {"blank_tag", "title = \"X\"\ndate = \"2024-02-08\"\ntags = [\" \"]\n",
       k_title_date + R"("tags": [" "])", "tags[0]", "", "\"tags\" must not be empty"},
      {"blank_participant",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[participants]]\nname = \" \"\n",
       k_title_date + R"("participants": [{"name": " "}])", "participants[0].name",
       "SUMMARY:X\nATTENDEE;CN=\" \":mailto:a@example.org\n",
       "\"participants.name\" must not be empty"},
      {"source_without_url_or_title",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[sources]]\npublisher = \"P\"\n",
       k_title_date + R"("sources": [{"publisher": "P"}])", "sources[0]", "",
       "a source needs a \"url\" or a \"title\""},
      {"published_not_edtf",
       "title = \"X\"\ndate = \"2024-02-08\"\n[[sources]]\ntitle = \"T\"\npublished = "
       "\"2024-13\"\n",
       k_title_date + R"("sources": [{"title": "T", "published": "2024-13"}])",
       "sources[0].published", "", "\"published\" = \"2024-13\": " + parse_edtf("2024-13").error},
      {"latitude_out_of_range",
       "title = \"X\"\ndate = \"2024-02-08\"\n[place]\nname = \"Hall\"\nlatitude = 91.0\n"
       "longitude = 0.0\n",
       k_title_date + R"("place": {"name": "Hall", "latitude": 91.0, "longitude": 0.0})",
       "place.latitude", "", "\"place.latitude\" 91 is out of range (-90..90)"},
      {"latitude_without_longitude",
       "title = \"X\"\ndate = \"2024-02-08\"\n[place]\nname = \"Hall\"\nlatitude = 1.0\n",
       k_title_date + R"("place": {"name": "Hall", "latitude": 1.0})", "place", "",
       "give both \"latitude\" and \"longitude\", or neither"},
      {"place_without_name_or_city",
       "title = \"X\"\ndate = \"2024-02-08\"\n[place]\ncountry = \"KZ\"\n",
       k_title_date + R"("place": {"country": "KZ"})", "place", "",
       "a place needs at least a \"name\" or a \"city\""},
      {"end_before_start",
       "title = \"X\"\nstart = \"2024-02-08T10:00\"\nend = \"2024-02-08T09:00\"\ntz = \"UTC\"\n",
       R"("title": {"en": "X"}, "date": {"edtf": "2024-02-08"},
          "time": {"start": "2024-02-08T10:00:00", "end": "2024-02-08T09:00:00", "tz": "UTC"})",
       "time.end", "", "\"end\" is before \"start\""},
      {"unknown_zone", "title = \"X\"\nstart = \"2024-02-08T10:00\"\ntz = \"Mars/Base\"\n",
       R"("title": {"en": "X"}, "date": {"edtf": "2024-02-08"},
          "time": {"start": "2024-02-08T10:00:00", "tz": "Mars/Base"})",
       "time.tz", "",
       "unknown time zone \"Mars/Base\"; expected an IANA name such as \"America/New_York\""},
      {"start_in_a_dst_gap",
       "title = \"X\"\nstart = \"2024-03-10T02:30\"\ntz = \"America/New_York\"\n",
       R"("title": {"en": "X"}, "date": {"edtf": "2024-03-10"},
          "time": {"start": "2024-03-10T02:30:00", "tz": "America/New_York"})",
       "time.start", "SUMMARY:X\nDTSTART;TZID=America/New_York:20240310T023000\n",
       "start time does not exist in America/New_York (clocks jump forward); it is taken as the "
       "instant the jump happens",
       severity::warning},
      {"repeat_without_freq", "title = \"X\"\ndate = \"2024-02-08\"\nrepeat = \"COUNT=3\"\n",
       k_title_date + R"("recurrence": {"repeat": "COUNT=3"})", "recurrence.repeat", "",
       "\"repeat\" = \"COUNT=3\" has no FREQ; expected an iCalendar RRULE value such as "
       "\"FREQ=WEEKLY;BYDAY=TH\""},
      {"revision_zero", "title = \"X\"\ndate = \"2024-02-08\"\nrevision = 0\n",
       k_title_date + R"("revision": 0)", "revision", "",
       "\"revision\" must be a positive integer"},
  };
}

std::vector<std::string> messages(const std::vector<diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(to_string(d));
  return out;
}

class same_validation : public ::testing::TestWithParam<invalid_case> {};

TEST_P(same_validation, loading_the_event_file) {
  const auto& c = GetParam();
  test::temp_dir dir;
  test::write_file(dir / "timeline.toml", test::timeline_toml());
  test::write_file(dir / "2024-02-08-x.toml", c.toml);
  const auto r = load_timeline(dir.path());
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::PrintToString(messages(r.diagnostics));
  const auto& d = r.diagnostics[0];
  EXPECT_EQ(d.message, c.message);
  EXPECT_EQ(d.severity, c.level);
  EXPECT_EQ(d.file, (dir / "2024-02-08-x.toml").string());
  EXPECT_GT(d.line, 0) << "placed in the file";
  EXPECT_EQ(r.timeline.events.size(), c.level == severity::error ? 0u : 1u);
}

TEST_P(same_validation, json_import) {
  const auto& c = GetParam();
  const auto r = parse_timeline_json(
      R"({"format": "chronicle-timeline", "version": 1, "events": [{"id": "x", )" + c.json + "}]}",
      "in.json");
  ASSERT_EQ(r.diagnostics.size(), 1u) << testing::PrintToString(messages(r.diagnostics));
  EXPECT_EQ(r.diagnostics[0].message, "events[0]." + c.json_path + ": " + c.message);
  EXPECT_EQ(r.diagnostics[0].severity, c.level);
  EXPECT_EQ(r.events.size(), c.level == severity::error ? 0u : 1u);
}

/// The cases iCalendar can carry; the others it cannot express (a status, a country) or import
/// repairs loudly (a LANGUAGE that is no tag, GEO out of range, an end before the start, an
/// unknown TZID, an empty SUMMARY).
std::vector<invalid_case> ics_cases() {
  auto all = cases();
  std::erase_if(all, [](const invalid_case& c) { return c.ics.empty(); });
  return all;
}

class same_validation_ics : public same_validation {};

TEST_P(same_validation_ics, ics_import) {
  const auto& c = GetParam();
  std::string body = "BEGIN:VEVENT\r\nUID:a\r\n";
  if (c.ics.find("DTSTART") == std::string::npos) body += "DTSTART;VALUE=DATE:20240208\r\n";
  for (char ch : c.ics) body += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  const auto r = parse_ics("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body +
                               "END:VEVENT\r\nEND:VCALENDAR\r\n",
                           "in.ics", k_target);
  ASSERT_EQ(r.events.size(), 1u);
  const auto expected = c.level == severity::error ? "event rejected: " + c.message : c.message;
  const auto found = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                                  [&](const diagnostic& d) { return d.message == expected; });
  ASSERT_NE(found, r.diagnostics.end()) << testing::PrintToString(messages(r.diagnostics));
  EXPECT_EQ(found->line, 4) << "the VEVENT's line";
  EXPECT_EQ(found->severity, c.level);
  EXPECT_EQ(r.events[0].event.has_value(), c.level != severity::error);
}

INSTANTIATE_TEST_SUITE_P(values, same_validation, ::testing::ValuesIn(cases()),
                         [](const auto& p) { return p.param.name; });
INSTANTIATE_TEST_SUITE_P(values, same_validation_ics, ::testing::ValuesIn(ics_cases()),
                         [](const auto& p) { return p.param.name; });

/// A timeline folder `events/` in a scratch folder, and the real binary run on it.
class scratch {
 public:
  scratch() { test::write_file(events() / "timeline.toml", test::timeline_toml()); }
  const std::filesystem::path& root() const { return m_dir.path(); }
  std::filesystem::path events() const { return m_dir / "events"; }
  test::run_result run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--events", "events"});
    return test::run_chronicle(args, root(), {{"SOURCE_DATE_EPOCH", "1780000000"}});
  }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(events()))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  test::temp_dir m_dir;
};

/// What `import --format json` accepts, the next `list` loads: a value loading refuses is
/// refused by the import, which then writes nothing.
class json_import_cli : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(json_import_cli, refuses_what_list_would_refuse_and_writes_nothing) {
  const auto& [members, message] = GetParam();
  scratch t;
  test::write_file(t.root() / "in.json",
                   std::string(R"({"format": "chronicle-timeline", "version": 1, "events": [)") +
                       R"({"id": "2024-02-08-x", )" + members + "}]}");
  const auto imp = t.run({"import", "--format", "json", "in.json"});
  EXPECT_EQ(imp.exit, 1) << imp.out << imp.err;
  EXPECT_NE(imp.err.find(message), std::string::npos) << imp.err;
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"}) << "nothing written";
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 0) << list.err;
}

INSTANTIATE_TEST_SUITE_P(
    values, json_import_cli,
    ::testing::Values(
        std::pair{R"("title": {"en": "X"}, "date": {"edtf": "2024-02-08"},
                     "place": {"name": "Hall", "country": "usa"})",
                  "in.json: error: events[0].place.country: country \"usa\" is not an ISO 3166-1 "
                  "code"},
        std::pair{R"("title": {"EN!": "X"}, "date": {"edtf": "2024-02-08"})",
                  "in.json: error: events[0].title.EN!: \"EN!\" is not a language tag"}));

TEST(json_import_cli, what_it_accepts_the_next_list_loads) {
  scratch t;
  test::write_file(
      t.root() / "in.json",
      R"({"format": "chronicle-timeline", "version": 1, "events": [{"id": "2024-02-08-x",
          "title": {"en": "X", "ru": "Икс"}, "date": {"edtf": "2024-02-08"},
          "place": {"name": "Hall", "country": "US", "latitude": 40.7, "longitude": -74.0},
          "sources": [{"url": "https://example.org/a", "language": "en", "published": "2024-02"}]}]})");
  const auto imp = t.run({"import", "--format", "json", "in.json"});
  ASSERT_EQ(imp.exit, 0) << imp.err;
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 0) << list.err;
  EXPECT_NE(list.out.find("X"), std::string::npos) << list.out;
}

TEST(same_validation_settings, timeline_toml_and_the_json_timeline_say_the_same) {
  // What import --format json takes as the settings of a new timeline, loading takes too.
  for (const auto& [toml, json, path, message] :
       {std::tuple{"name = \"T\"\ntime_zone = \"Mars/Base\"\n",
                   R"({"name": {"en": "T"}, "time_zone": "Mars/Base"})", "time_zone",
                   "unknown time zone \"Mars/Base\"; expected an IANA name such as "
                   "\"America/New_York\""},
        std::tuple{"name = \"T\"\ndefault_language = \"EN!\"\n",
                   R"({"name": {"en": "T"}, "default_language": "EN!"})", "default_language",
                   "\"EN!\" is not a language tag; expected one such as \"en\""},
        std::tuple{"name = \"T\"\nuid_domain = \"a@b\"\n",
                   R"({"name": {"en": "T"}, "uid_domain": "a@b"})", "uid_domain",
                   "\"a@b\" is not a domain name; expected one such as \"example.org\""},
        std::tuple{"default_language = \"en\"\n", R"({"default_language": "en"})", "name",
                   "missing \"name\": the timeline's name, used as the calendar name"}}) {
    std::vector<diagnostic> loaded;
    EXPECT_FALSE(parse_timeline_info(toml, "timeline.toml", loaded).has_value()) << toml;
    ASSERT_EQ(loaded.size(), 1u) << testing::PrintToString(messages(loaded));
    EXPECT_EQ(loaded[0].message, message);
    const auto r = parse_timeline_json(
        std::string(R"({"format": "chronicle-timeline", "version": 1, "timeline": )") + json +
            R"(, "events": []})",
        "in.json");
    EXPECT_FALSE(r.info.has_value()) << json;
    ASSERT_EQ(r.diagnostics.size(), 1u) << testing::PrintToString(messages(r.diagnostics));
    EXPECT_EQ(r.diagnostics[0].message, std::string("timeline.") + path + ": " + message);
  }
}

}  // namespace
}  // namespace chronicle
