// The library parts of `export vdir` and `publish`: one calendar object per event, their names,
// comparing what a server sends back, and reading WebDAV multistatus answers.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>

#include "chronicle/exchange/ical/compare.hpp"
#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/publish/caldav.hpp"
#include "chronicle/publish/derived_state.hpp"
#include "chronicle/publish/webdav.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

timeline shipped() {
  auto r = load_timeline(test::k_source_dir / "events");
  EXPECT_FALSE(has_errors(r.diagnostics));
  return r.timeline;
}

/// The VEVENT blocks of a calendar text, in order.
std::vector<std::string> vevents(const std::string& text) {
  std::vector<std::string> out;
  for (auto at = text.find("BEGIN:VEVENT\r\n"); at != std::string::npos;
       at = text.find("BEGIN:VEVENT\r\n", at + 1)) {
    const auto end = text.find("END:VEVENT\r\n", at);
    out.push_back(text.substr(at, end + 12 - at));
  }
  return out;
}

TEST(CalendarObjects, EachHoldsTheVeventExportIcsWritesByteForByte) {
  const auto t = shipped();
  ics_options o;
  o.dtstamp = date::sys_seconds{std::chrono::seconds{1700000000}};
  const auto ics = export_ics(t, o);
  ASSERT_TRUE(ics);
  const auto objects = export_calendar_objects(t, o);
  ASSERT_TRUE(objects);
  ASSERT_EQ(objects->size(), t.events.size());
  std::vector<std::string> joined;
  for (std::size_t i = 0; i < objects->size(); ++i) {
    const auto& obj = (*objects)[i];
    EXPECT_EQ(obj.event_id, t.events[i].id);
    EXPECT_EQ(obj.uid, uid_of(t.events[i], t.info));
    EXPECT_EQ(obj.name, object_name(obj.uid));
    EXPECT_TRUE(obj.text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    EXPECT_TRUE(obj.text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    const auto mine = vevents(obj.text);
    ASSERT_EQ(mine.size(), 1u) << obj.name;
    joined.push_back(mine[0]);
  }
  EXPECT_EQ(joined, vevents(*ics));
  // The same bytes whatever the number of threads.
  o.threads = 1;
  const auto again = export_calendar_objects(t, o);
  ASSERT_TRUE(again);
  for (std::size_t i = 0; i < objects->size(); ++i) EXPECT_EQ((*again)[i].text, (*objects)[i].text);
}

TEST(CalendarObjects, CoarseSkipLeavesOutWhatExportIcsLeavesOut) {
  const auto t = shipped();
  ics_options o;
  o.coarse = coarse_policy::skip;
  const auto objects = export_calendar_objects(t, o);
  ASSERT_TRUE(objects);
  const auto ics = export_ics(t, o);
  ASSERT_TRUE(ics);
  EXPECT_EQ(objects->size(), vevents(*ics).size());
  EXPECT_LT(objects->size(), t.events.size());  // the shipped timeline has a month event
}

TEST(ObjectName, SafeUidsAreNamedAsVdirsyncerNamesThem) {
  EXPECT_EQ(object_name("abc-DEF_1.2+3"), "abc-DEF_1.2+3.ics");
}

TEST(ObjectName, OtherUidsGetAStableSafeName) {
  const auto name = object_name("c5plus1@chronicle.example");
  EXPECT_TRUE(std::regex_match(name, std::regex(R"(c5plus1_chronicle\.example-[0-9a-f]{16}\.ics)")))
      << name;
  EXPECT_EQ(name, object_name("c5plus1@chronicle.example"));
  EXPECT_NE(name, object_name("c5plus1#chronicle.example"));
  EXPECT_TRUE(std::regex_match(object_name(".."), std::regex(R"(\.\.-[0-9a-f]{16}\.ics)")));
  EXPECT_TRUE(std::regex_match(object_name("a/b"), std::regex(R"(a_b-[0-9a-f]{16}\.ics)")));
}

TEST(StateFileName, IsSafeStableAndDistinct) {
  const auto a = state_file_name("http://127.0.0.1:5232/alice/c5plus1/");
  EXPECT_TRUE(std::regex_match(
      a, std::regex(R"(http___127\.0\.0\.1_5232_alice_c5plus1_-[0-9a-f]{16}\.json)")))
      << a;
  EXPECT_NE(a, state_file_name("http://127.0.0.1:5232/alice/c5plus2/"));
  EXPECT_LE(state_file_name(std::string(500, 'x')).size(), 60u + 1 + 16 + 5);
}

constexpr const char* k_object =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@b\r\n"
    "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240101\r\nSUMMARY:Hello\\, world\r\n"
    "X-CHRONICLE-EVENT:a = [ 'x', 'y' ]\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

TEST(SameIcalendar, ReorderedAndRefoldedIsTheSame) {
  const std::string rewritten =
      "BEGIN:VCALENDAR\r\nPRODID:x\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20240101"
      "\r\nUID:a@b\r\nSUMMARY:Hello\\, wo\r\n rld\r\nDTSTAMP:20240101T000000Z\r\n"
      "X-CHRONICLE-EVENT:a = [ 'x', 'y' ]\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  EXPECT_TRUE(same_icalendar(k_object, rewritten));
}

TEST(SameIcalendar, AChangedPropertyIsAChange) {
  std::string changed = k_object;
  changed.replace(changed.find("Hello"), 5, "Howdy");
  EXPECT_FALSE(same_icalendar(k_object, changed));
  EXPECT_FALSE(same_icalendar(k_object, "not a calendar"));
}

TEST(SameIcalendar, XPropertiesCanBeLeftOut) {
  std::string cut = k_object;
  cut.replace(cut.find(", 'y' ]"), 7, "");  // what Radicale keeps of it
  EXPECT_FALSE(same_icalendar(k_object, cut));
  EXPECT_TRUE(same_icalendar(k_object, cut, false));
}

TEST(CancelledVersion, SetsStatusAndRaisesSequence) {
  std::string text = k_object;
  text.insert(text.find("END:VEVENT"), "SEQUENCE:4\r\nSTATUS:CONFIRMED\r\n");
  const auto cancelled = cancelled_version(text);
  ASSERT_TRUE(cancelled);
  EXPECT_NE(cancelled->find("STATUS:CANCELLED\r\n"), std::string::npos) << *cancelled;
  EXPECT_NE(cancelled->find("SEQUENCE:5\r\n"), std::string::npos) << *cancelled;
  EXPECT_EQ(cancelled->find("CONFIRMED"), std::string::npos);
  EXPECT_FALSE(cancelled_version("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"));
}

TEST(JoinCalendars, EachZoneOnceEveryEvent) {
  const std::string zone =
      "BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
      "TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";
  auto object = [&](const std::string& uid) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + zone + "BEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;TZID=Asia/Almaty:20240101T100000\r\n"
           "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  };
  const auto joined = join_calendars({object("a"), object("b"), "garbage"});
  EXPECT_EQ(first_uid(joined), "a");
  std::size_t zones = 0, events = 0;
  for (auto at = joined.find("BEGIN:VTIMEZONE"); at != std::string::npos;
       at = joined.find("BEGIN:VTIMEZONE", at + 1))
    ++zones;
  for (auto at = joined.find("BEGIN:VEVENT"); at != std::string::npos;
       at = joined.find("BEGIN:VEVENT", at + 1))
    ++events;
  EXPECT_EQ(zones, 1u);
  EXPECT_EQ(events, 2u);
  EXPECT_EQ(first_uid("not a calendar"), "");
}

TEST(Multistatus, ReadsResponsesWhateverThePrefixes) {
  const auto ms = webdav::parse_multistatus(
      R"(<?xml version="1.0"?><multistatus xmlns="DAV:"><response><href>/c/</href><propstat>)"
      R"(<prop><resourcetype><collection/></resourcetype></prop><status>HTTP/1.1 200 OK</status>)"
      R"(</propstat></response><response><href>/c/a%40b.ics</href><propstat><prop><getetag>)"
      R"("e1"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>)"
      R"(<x:response xmlns:x="DAV:"><x:href>/c/gone.ics</x:href><x:status>HTTP/1.1 404 Not )"
      R"(Found</x:status></x:response><sync-token>http://x/sync/7</sync-token></multistatus>)");
  ASSERT_TRUE(ms);
  ASSERT_EQ(ms->entries.size(), 3u);
  EXPECT_TRUE(ms->entries[0].collection);
  EXPECT_EQ(ms->entries[1].href, "/c/a%40b.ics");
  EXPECT_EQ(ms->entries[1].etag, "\"e1\"");
  EXPECT_FALSE(ms->entries[1].gone);
  EXPECT_TRUE(ms->entries[2].gone);
  EXPECT_EQ(ms->sync_token, "http://x/sync/7");
}

TEST(Multistatus, ElementsOfAnotherNamespaceAreNotDav) {
  EXPECT_FALSE(webdav::parse_multistatus(R"(<multistatus xmlns="urn:other"/>)"));
  EXPECT_FALSE(webdav::parse_multistatus("<html>not WebDAV"));
  EXPECT_FALSE(webdav::parse_multistatus(""));
  const auto ms = webdav::parse_multistatus(
      R"(<D:multistatus xmlns:D="DAV:" xmlns:O="urn:o"><D:response><D:href>/c/x.ics</D:href>)"
      R"(<D:propstat><D:prop><O:getetag>"no"</O:getetag></D:prop><D:status>HTTP/1.1 200 OK)"
      R"(</D:status></D:propstat></D:response></D:multistatus>)");
  ASSERT_TRUE(ms);
  ASSERT_EQ(ms->entries.size(), 1u);
  EXPECT_FALSE(ms->entries[0].etag);
}

TEST(Multistatus, ErrorConditions) {
  EXPECT_EQ(webdav::error_conditions(R"(<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>)"),
            std::vector<std::string>{"valid-sync-token"});
  EXPECT_TRUE(webdav::error_conditions("<html/>").empty());
}

TEST(RequestBodies, EscapeTheDisplayName) {
  const auto body = webdav::mkcalendar_body("R&D <team>");
  EXPECT_NE(body.find("<D:displayname>R&amp;D &lt;team&gt;</D:displayname>"), std::string::npos)
      << body;
  EXPECT_NE(webdav::sync_collection_body("t&1").find("<D:sync-token>t&amp;1</D:sync-token>"),
            std::string::npos);
}

/// Sets the time of everything in `dir` a minute back, past the time a fingerprint waits for.
void age(const std::filesystem::path& dir) {
  const auto then = std::filesystem::file_time_type::clock::now() - std::chrono::minutes(1);
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    std::filesystem::last_write_time(e.path(), then);
}

TEST(InputsFingerprint, SameFilesSameFingerprintAnyChangeAnother) {
  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  age(events);
  const auto first = publish_inputs_fingerprint(events, "settings");
  ASSERT_EQ(first.size(), 16u);
  EXPECT_EQ(publish_inputs_fingerprint(events, "settings"), first);
  EXPECT_NE(publish_inputs_fingerprint(events, "other settings"), first);
  // Derived state other than the tombstones is no input.
  test::write_file(events / ".chronicle" / "publish" / "x.json", "{}");
  age(events / ".chronicle");
  EXPECT_EQ(publish_inputs_fingerprint(events, "settings"), first);
  // A tombstone is.
  test::write_file(events / ".chronicle" / "removed" / "gone.toml", "x");
  age(events / ".chronicle");
  const auto with_tombstone = publish_inputs_fingerprint(events, "settings");
  EXPECT_NE(with_tombstone, first);
  // A file whose time changed (touched, or rewritten with the same size) is a change.
  const auto event = events / "2024-03-03-pdac-2024-convention.toml";
  std::filesystem::last_write_time(
      event, std::filesystem::last_write_time(event) + std::chrono::nanoseconds(1000));
  EXPECT_NE(publish_inputs_fingerprint(events, "settings"), with_tombstone);
}

TEST(InputsFingerprint, NoneWhileAFileIsTooRecentToTellLaterWritesApart) {
  test::temp_dir dir;
  const auto events = test::copy_shipped_events(dir);
  age(events);
  ASSERT_FALSE(publish_inputs_fingerprint(events, "").empty());
  test::write_file(events / "2024-03-03-pdac-2024-convention.toml",
                   test::slurp(events / "2024-03-03-pdac-2024-convention.toml"));
  EXPECT_EQ(publish_inputs_fingerprint(events, ""), "");
}

}  // namespace
}  // namespace chronicle
