// Writes that never lose an event: concurrent adds, interrupted adds and edits, and the export
// of what add and edit wrote, read back by libical.
#include <gtest/gtest.h>
#include <libical/ical.h>

#include <memory>
#include <random>
#include <set>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

TEST(concurrent_add, fifty_processes_make_fifty_valid_distinct_files) {
  timeline_copy t;
  constexpr int k_count = 50;
  const auto before = t.files().size();
  std::vector<pid_t> pids;
  for (int i = 0; i < k_count; ++i)
    pids.push_back(test::start_chronicle({"add", "Parallel meeting", "--date", "2024-06-01",
                                          "--note", "written by process " + std::to_string(i)},
                                         t.root()));
  for (auto pid : pids) EXPECT_EQ(test::wait_for(pid, 60000), 0);

  const auto loaded = load_timeline(t.events());
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
  std::set<std::string> ids, notes;
  for (const auto& e : loaded.timeline.events) {
    if (!e.id.starts_with("2024-06-01-parallel-meeting")) continue;
    ids.insert(e.id);
    notes.insert(e.date_note);
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(k_count));
  EXPECT_EQ(notes.size(), static_cast<std::size_t>(k_count)) << "every process's event is there";
  EXPECT_TRUE(ids.contains("2024-06-01-parallel-meeting"));
  EXPECT_TRUE(ids.contains("2024-06-01-parallel-meeting-50"));
  EXPECT_EQ(t.files().size(), before + k_count) << "and no temporary file is left";
}

/// Kills `args` after `delay_us` microseconds; returns how it ended.
int run_and_kill(const timeline_copy& t, const std::vector<std::string>& args, int delay_us) {
  const pid_t pid = test::start_chronicle(args, t.root());
  ::usleep(static_cast<useconds_t>(delay_us));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

TEST(interrupted_writes, a_killed_edit_leaves_the_old_file_or_the_new_one) {
  timeline_copy t;
  const std::string id = "2024-03-03-pdac-2024-convention";
  std::mt19937 random(42);
  std::set<int> outcomes;
  for (int i = 0; i < 30; ++i) {
    const auto old_text = t.text(id);
    const auto status = i % 2 ? "cancelled" : "tentative";
    run_and_kill(t, {"edit", id, "--set", std::string("status=") + status},
                 static_cast<int>(random() % 40'000));
    const auto now = t.text(id);
    const bool unchanged = now == old_text;
    const bool changed = contains(now, std::string("status = \"") + status + "\"");
    EXPECT_TRUE(unchanged || changed) << now;
    outcomes.insert(unchanged ? 0 : 1);
    // Whatever is left behind, loading sees only whole files.
    const auto loaded = load_timeline(t.events());
    for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
  }
  // Temporaries of killed writes start with "." (never read); check points them out.
  std::size_t temporaries = 0;
  for (const auto& name : t.files()) {
    EXPECT_TRUE(name.ends_with(".toml") || name.starts_with(".")) << name;
    if (name.starts_with(".")) ++temporaries;
  }
  const auto r = t.run({"check", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out;
  std::size_t reported = 0;
  for (std::size_t at = 0;
       (at = r.out.find("temporary file left by an interrupted write", at)) != std::string::npos;
       ++at)
    ++reported;
  EXPECT_EQ(reported, temporaries) << r.out;
  RecordProperty("outcomes", static_cast<int>(outcomes.size()));
}

TEST(interrupted_writes, a_killed_add_leaves_a_whole_file_or_none) {
  timeline_copy t;
  std::mt19937 random(7);
  for (int i = 0; i < 30; ++i)
    run_and_kill(t, {"add", "Interrupted " + std::to_string(i), "--date", "2024-07-01"},
                 static_cast<int>(random() % 40'000));
  const auto loaded = load_timeline(t.events());
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
  for (const auto& name : t.files()) {
    if (name.starts_with(".") || !name.starts_with("2024-07-01")) continue;
    const auto text = test::slurp(t.events() / name);
    EXPECT_TRUE(text.ends_with("last_modified = 2026-05-28T20:26:40Z\n")) << name << ": " << text;
  }
}

// ---- the export of what add and edit wrote, read back by libical ----

struct ical_free {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using calendar = std::unique_ptr<icalcomponent, ical_free>;

icalcomponent* find_uid(icalcomponent* cal, const std::string& uid) {
  for (auto* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    if (uid == icalcomponent_get_uid(e)) return e;
  return nullptr;
}

calendar exported(const timeline_copy& t) {
  const auto loaded = load_timeline(t.events());
  EXPECT_FALSE(has_errors(loaded.diagnostics));
  calendar cal{icalparser_parse_string(export_ics(loaded.timeline, {}).value->c_str())};
  EXPECT_NE(cal, nullptr);
  return cal;
}

std::string utc_text(icaltimetype t) {
  return icaltime_as_ical_string(t);
}

TEST(add_then_export, the_new_milestone_has_its_uid_and_dates) {
  timeline_copy t;
  auto r = t.run({"add", "Second meeting of the C5+1 Critical Minerals Dialogue", "--date",
                  "2024-05", "--follows", "2024-02-08"});
  ASSERT_EQ(r.exit, 0) << r.err;
  r = t.run({"add", "Встреча в Астане", "--lang", "ru", "--date", "2024-05-10", "--time", "10:00",
             "--end", "12:30", "--tz", "Asia/Almaty"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto cal = exported(t);

  auto* month = find_uid(cal.get(),
                         "2024-05-second-meeting-of-the-c5-1-critical-minerals-dialogue@c5plus1."
                         "chronicle.invalid");
  ASSERT_NE(month, nullptr);
  EXPECT_EQ(std::string(icalcomponent_get_summary(month)),
            "Second meeting of the C5+1 Critical Minerals Dialogue");
  const auto start = icalcomponent_get_dtstart(month);
  const auto end = icalcomponent_get_dtend(month);
  EXPECT_TRUE(start.is_date);
  EXPECT_EQ(std::string(icaltime_as_ical_string(start)), "20240501") << "May, as the whole month";
  EXPECT_EQ(std::string(icaltime_as_ical_string(end)), "20240601");
  auto* seq = icalcomponent_get_first_property(month, ICAL_SEQUENCE_PROPERTY);
  ASSERT_NE(seq, nullptr);
  EXPECT_EQ(icalproperty_get_sequence(seq), 0);
  auto* modified = icalcomponent_get_first_property(month, ICAL_LASTMODIFIED_PROPERTY);
  ASSERT_NE(modified, nullptr);
  EXPECT_EQ(utc_text(icalproperty_get_lastmodified(modified)), "20260528T202640Z");

  auto* timed = find_uid(cal.get(), "2024-05-10-vstrecha-v-astane@c5plus1.chronicle.invalid");
  ASSERT_NE(timed, nullptr);
  auto* dtstart = icalcomponent_get_first_property(timed, ICAL_DTSTART_PROPERTY);
  ASSERT_NE(dtstart, nullptr);
  auto* tzid = icalproperty_get_first_parameter(dtstart, ICAL_TZID_PARAMETER);
  ASSERT_NE(tzid, nullptr);
  EXPECT_EQ(std::string(icalparameter_get_tzid(tzid)), "Asia/Almaty");
  EXPECT_EQ(std::string(icaltime_as_ical_string(icalproperty_get_dtstart(dtstart))),
            "20240510T100000");
  auto* dtend = icalcomponent_get_first_property(timed, ICAL_DTEND_PROPERTY);
  ASSERT_NE(dtend, nullptr);
  EXPECT_EQ(std::string(icaltime_as_ical_string(icalproperty_get_dtend(dtend))), "20240510T123000");
}

TEST(edit_then_export, sequence_and_last_modified_advance) {
  timeline_copy t;
  const std::string uid = "2024-03-03-pdac-2024-convention@c5plus1.chronicle.invalid";
  {
    const auto cal = exported(t);
    auto* e = find_uid(cal.get(), uid);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(
        icalproperty_get_sequence(icalcomponent_get_first_property(e, ICAL_SEQUENCE_PROPERTY)), 0);
  }
  ASSERT_EQ(t.run({"edit", "2024-03-03", "--set", "status=cancelled"}).exit, 0);
  ASSERT_EQ(t.run({"edit", "2024-03-03", "--add-tag", "archive"}).exit, 0);
  const auto cal = exported(t);
  auto* e = find_uid(cal.get(), uid);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(icalproperty_get_sequence(icalcomponent_get_first_property(e, ICAL_SEQUENCE_PROPERTY)),
            2);
  EXPECT_EQ(utc_text(icalproperty_get_lastmodified(
                icalcomponent_get_first_property(e, ICAL_LASTMODIFIED_PROPERTY))),
            "20261126T100002Z");
  EXPECT_EQ(icalcomponent_get_status(e), ICAL_STATUS_CANCELLED);
}

}  // namespace
}  // namespace chronicle
