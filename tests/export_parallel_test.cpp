// The parallel, chunked export and the streamed import give the same results as reading and
// writing the calendar as one libical tree.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

/// The shipped events, copied to `n` events with their own ids and relations among the copies,
/// titles of every length (so that libical's folding lands at every place in a line end),
/// tags with commas, timed events in several zones and changed occurrences.
timeline many_events(std::size_t n) {
  auto loaded = load_timeline(test::k_source_dir / "events");
  EXPECT_FALSE(has_errors(loaded.diagnostics));
  const auto& base = loaded.timeline.events;
  timeline t;
  t.info = loaded.timeline.info;
  const char* zones[] = {"America/New_York", "Asia/Almaty", "Europe/Moscow", "UTC"};
  for (std::size_t i = 0; i < n; ++i) {
    auto e = base[i % base.size()];
    e.id = "copy-" + std::to_string(i);
    for (auto& r : e.relations) r.target = "copy-" + std::to_string(i > 3 ? i - 3 : i + 1);
    e.title["en"] += " " + std::string(i % 80, 'x') + "ж";
    if (i % 5 == 0) e.tags.push_back("minerals, critical");
    if (i % 7 == 3) {
      event_time time;
      time.tz = zones[i % 4];
      time.start = date::local_days{e.date.first_day().time_since_epoch()} + std::chrono::hours{9};
      time.end = time.start + std::chrono::minutes{90};
      e.time = time;
    }
    if (i % 50 == 10) {
      e.uid = "imported-" + std::to_string(i) + "@example.org";
      changed_occurrence moved;
      moved.occurrence = *parse_recurrence_date("2024-03-01");
      moved.start = parse_recurrence_date("2024-03-02")->start;
      moved.all_day = true;
      moved.title = {{"en", "moved"}};
      e.changed.push_back(moved);
    }
    t.events.push_back(std::move(e));
  }
  return t;
}

TEST(export_parallel, is_byte_identical_to_one_tree) {
  const auto t = many_events(700);
  for (const auto coarse : {coarse_policy::span, coarse_policy::start, coarse_policy::skip})
    for (const char* lang : {"", "ru"}) {
      ics_options one_tree{coarse, std::nullopt, lang};
      one_tree.threads = 1;
      const auto reference = *export_ics(t, one_tree);
      ASSERT_NE(reference.find("END:VCALENDAR\r\n"), std::string::npos);
      for (const auto& [threads, chunk] :
           {std::pair<unsigned, std::size_t>{2, 1}, {2, 7}, {3, 256}, {0, 0}, {2, 100000}}) {
        ics_options o = one_tree;
        o.threads = threads;
        o.chunk_events = chunk;
        EXPECT_EQ(*export_ics(t, o), reference)
            << "threads " << threads << ", chunk " << chunk << ", lang " << lang;
      }
    }
}

TEST(export_parallel, empty_timeline_is_identical) {
  timeline t;
  t.info.name = {{"en", "Empty"}};
  ics_options one_tree;
  one_tree.threads = 1;
  EXPECT_EQ(*export_ics(t, ics_options{}), *export_ics(t, one_tree));
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

/// The streamed import against the whole-file one: a lower-case component name is read alike
/// by libical, but only the whole-file path accepts it.
TEST(import_streamed, reads_what_the_whole_file_reading_reads) {
  const auto t = many_events(700);
  auto text = *export_ics(t, ics_options{});
  // Damage and repairs, so that diagnostics and their lines are compared too.
  text = replace_all(text, "\r\nSTATUS:", "\r\nGEO:north\r\nSTATUS:");
  const auto whole = replace_all(replace_all(text, "BEGIN:VCALENDAR", "BEGIN:vcalendar"),
                                 "END:VCALENDAR", "END:vcalendar");
  ASSERT_NE(whole, text);
  const auto streamed = parse_ics(text, "x.ics", t.info);
  const auto reference = parse_ics(whole, "x.ics", t.info);
  ASSERT_EQ(streamed.events.size(), reference.events.size());
  ASSERT_EQ(streamed.events.size(), t.events.size());
  for (std::size_t i = 0; i < streamed.events.size(); ++i) {
    const auto& a = streamed.events[i];
    const auto& b = reference.events[i];
    EXPECT_EQ(a.line, b.line);
    EXPECT_EQ(a.uid, b.uid);
    ASSERT_EQ(a.event.has_value(), b.event.has_value()) << i;
    if (a.event) {
      EXPECT_EQ(to_toml(*a.event, "en"), to_toml(*b.event, "en")) << i;
    }
    EXPECT_EQ(a.related_uids.size(), b.related_uids.size());
  }
  ASSERT_EQ(streamed.diagnostics.size(), reference.diagnostics.size());
  EXPECT_GT(streamed.diagnostics.size(), 0u);
  for (std::size_t i = 0; i < streamed.diagnostics.size(); ++i)
    EXPECT_EQ(to_string(streamed.diagnostics[i]), to_string(reference.diagnostics[i]));
  EXPECT_EQ(streamed.calendar_name, reference.calendar_name);
  EXPECT_EQ(streamed.calendar_time_zone, reference.calendar_time_zone);
  EXPECT_EQ(streamed.timeline.has_value(), reference.timeline.has_value());
}

}  // namespace
}  // namespace chronicle
