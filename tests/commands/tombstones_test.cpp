// Removed events leave calendars too (issue 12, point 8): `remove` keeps a tombstone in
// .chronicle/removed/, `export ics` writes it as a cancelled VEVENT with a higher SEQUENCE, read
// back with libical; nothing else shows it. Through the real binary and the library.
#include <libical/ical.h>

#include <memory>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/ops/remove.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/tombstones.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

const std::string k_pavilion = "2024-03-04-kazakhstan-pavilion-opens-at-pdac";
const std::string k_pavilion_uid = k_pavilion + "@c5plus1.chronicle.invalid";

struct ical_free {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using calendar = std::unique_ptr<icalcomponent, ical_free>;

calendar parse(const std::string& text) {
  calendar c{icalparser_parse_string(text.c_str())};
  EXPECT_NE(c, nullptr);
  return c;
}

/// The VEVENTs with this UID.
std::vector<icalcomponent*> with_uid(icalcomponent* cal, const std::string& uid) {
  std::vector<icalcomponent*> out;
  for (auto* e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
    if (uid == icalcomponent_get_uid(e)) out.push_back(e);
  return out;
}

int count_vevents(icalcomponent* cal) {
  return icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
}

int sequence_of(icalcomponent* e) {
  auto* p = icalcomponent_get_first_property(e, ICAL_SEQUENCE_PROPERTY);
  return p ? icalproperty_get_sequence(p) : -1;
}

std::string exported(const timeline_copy& t, std::vector<std::string> options = {}) {
  std::vector<std::string> args{"export", "ics", "-o", "out.ics"};
  args.insert(args.end(), options.begin(), options.end());
  const auto r = t.run(args);
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return test::slurp(t.root() / "out.ics");
}

TEST(tombstones, remove_keeps_the_event_as_it_was_one_revision_on) {
  timeline_copy t;
  const auto original = t.text(k_pavilion);
  const auto r = t.run({"remove", k_pavilion});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "removed events/" + k_pavilion +
                       ".toml\n"
                       "kept a tombstone, events/.chronicle/removed/" +
                       k_pavilion +
                       ".toml: \"export ics\" cancels the event in calendars that imported it\n");
  EXPECT_FALSE(std::filesystem::exists(t.event(k_pavilion)));
  auto want = original;
  want.replace(want.find("revision = 1"), 12, "revision = 2");
  want.replace(want.find("last_modified = 2026-11-26T10:00:00Z"), 36,
               "last_modified = 2026-11-26T10:00:01Z");
  EXPECT_EQ(test::slurp(tombstone_file(t.events(), k_pavilion)), want);
  const auto readme = test::slurp(t.events() / ".chronicle" / "README");
  EXPECT_TRUE(contains(readme, "removed/ID.toml\n")) << readme;
  EXPECT_TRUE(contains(readme, "later exports no longer cancel the removed event")) << readme;
}

TEST(tombstones, export_ics_cancels_the_removed_event_with_a_higher_sequence) {
  timeline_copy t;
  auto before = parse(exported(t));
  ASSERT_EQ(count_vevents(before.get()), 5);
  const auto live = with_uid(before.get(), k_pavilion_uid);
  ASSERT_EQ(live.size(), 1U);
  EXPECT_EQ(icalcomponent_get_status(live[0]), ICAL_STATUS_CONFIRMED);
  const int last_sequence = sequence_of(live[0]);
  EXPECT_EQ(last_sequence, 0);

  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  auto after = parse(exported(t));
  EXPECT_EQ(count_vevents(after.get()), 5) << "four events and one cancelled";
  const auto gone = with_uid(after.get(), k_pavilion_uid);
  ASSERT_EQ(gone.size(), 1U);
  auto* e = gone[0];
  EXPECT_EQ(icalcomponent_get_status(e), ICAL_STATUS_CANCELLED);
  EXPECT_GT(sequence_of(e), last_sequence);
  EXPECT_EQ(sequence_of(e), 1);
  EXPECT_EQ(std::string(icaltime_as_ical_string(icalcomponent_get_dtstart(e))), "20240304");
  EXPECT_EQ(std::string(icalcomponent_get_summary(e)),
            "Minister Sharlapaev opens Kazakhstan's national pavilion at PDAC 2024");
  auto* modified = icalcomponent_get_first_property(e, ICAL_LASTMODIFIED_PROPERTY);
  ASSERT_NE(modified, nullptr);
  EXPECT_EQ(std::string(icaltime_as_ical_string(icalproperty_get_lastmodified(modified))),
            "20261126T100001Z");
  // The live events are as before.
  for (auto* v = icalcomponent_get_first_component(after.get(), ICAL_VEVENT_COMPONENT); v;
       v = icalcomponent_get_next_component(after.get(), ICAL_VEVENT_COMPONENT)) {
    if (v != e) {
      EXPECT_NE(icalcomponent_get_status(v), ICAL_STATUS_CANCELLED);
    }
  }
}

TEST(tombstones, no_tombstones_leaves_the_removed_event_out) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  auto cal = parse(exported(t, {"--no-tombstones"}));
  EXPECT_EQ(count_vevents(cal.get()), 4);
  EXPECT_TRUE(with_uid(cal.get(), k_pavilion_uid).empty());
}

TEST(tombstones, a_reused_id_is_the_live_event_again) {
  timeline_copy t;
  const auto original = t.text(k_pavilion);
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  test::write_file(t.event(k_pavilion), original);  // the id in use again
  auto cal = parse(exported(t));
  EXPECT_EQ(count_vevents(cal.get()), 5);
  const auto found = with_uid(cal.get(), k_pavilion_uid);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(icalcomponent_get_status(found[0]), ICAL_STATUS_CONFIRMED);
  EXPECT_EQ(sequence_of(found[0]), 0);
  EXPECT_TRUE(std::filesystem::exists(tombstone_file(t.events(), k_pavilion)))
      << "kept, in case the live event is removed again";
}

TEST(tombstones, a_reused_uid_is_the_live_event_again) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  // Another id, the removed event's UID: an import that brought the event back.
  auto text = test::slurp(tombstone_file(t.events(), k_pavilion));
  text.insert(0, "uid = \"" + k_pavilion_uid + "\"\n");
  test::write_file(t.events() / "2024-03-04-pavilion-again.toml", text);
  auto cal = parse(exported(t));
  const auto found = with_uid(cal.get(), k_pavilion_uid);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(icalcomponent_get_status(found[0]), ICAL_STATUS_CANCELLED);
}

TEST(tombstones, other_outputs_and_check_ignore_them) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  const std::string title = "opens Kazakhstan's national pavilion";
  for (const auto& format : {"text", "json", "markdown"}) {
    const auto r = t.run({"list", "--format", format});
    EXPECT_EQ(r.exit, 0) << r.err;
    EXPECT_FALSE(contains(r.out, title)) << format << ": " << r.out;
    EXPECT_FALSE(contains(r.out, "pavilion-opens")) << format;
  }
  for (const auto& format : {"html", "json", "markdown", "csv", "timelinejs"}) {
    const auto r = t.run({"export", format, "-o", std::string("out.") + format});
    EXPECT_EQ(r.exit, 0) << format << ": " << r.err;
    const auto out = test::slurp(t.root() / (std::string("out.") + format));
    EXPECT_FALSE(contains(out, "national pavilion")) << format;
  }
  auto r = t.run({"show", "pavilion"});
  EXPECT_EQ(r.exit, 2) << "a removed event cannot be shown: " << r.out;
  r = t.run({"check", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  // A committed export with the cancelled event, and one without it, are both current.
  std::filesystem::create_directory(t.root() / "exports");
  ASSERT_EQ(t.run({"export", "ics", "-o", "exports/c5plus1.ics"}).exit, 0);
  ASSERT_EQ(t.run({"export", "ics", "--no-tombstones", "-o", "exports/current.ics"}).exit, 0);
  r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
}

TEST(tombstones, dry_run_says_the_tombstone_would_be_kept) {
  timeline_copy t;
  const auto before = t.files();
  const auto r = t.run({"remove", k_pavilion, "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "would remove events/" + k_pavilion +
                       ".toml (nothing written: --dry-run)\n"
                       "would keep a tombstone, events/.chronicle/removed/" +
                       k_pavilion +
                       ".toml: \"export ics\" cancels the event in calendars that imported it\n");
  EXPECT_EQ(t.files(), before);
  EXPECT_FALSE(std::filesystem::exists(t.events() / ".chronicle"));
}

TEST(tombstones, removing_again_replaces_the_tombstone) {
  timeline_copy t;
  const auto original = t.text(k_pavilion);
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  auto again = original;
  again.replace(again.find("revision = 1"), 12, "revision = 7");
  test::write_file(t.event(k_pavilion), again);
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  auto cal = parse(exported(t));
  const auto found = with_uid(cal.get(), k_pavilion_uid);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(icalcomponent_get_status(found[0]), ICAL_STATUS_CANCELLED);
  EXPECT_EQ(sequence_of(found[0]), 7) << "revision 8 in the tombstone";
}

TEST(tombstones, importing_the_export_never_adds_a_removed_event_back) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  exported(t);
  std::filesystem::create_directory(t.root() / "rebuilt");
  auto r = t.run({"--events", "rebuilt", "import", "out.ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "4 added, 0 updated, 1 unchanged, 0 rejected")) << r.out;
  const auto rebuilt = load_timeline(t.root() / "rebuilt");
  EXPECT_FALSE(has_errors(rebuilt.diagnostics));
  EXPECT_EQ(rebuilt.timeline.events.size(), 4U);
  for (const auto& e : rebuilt.timeline.events) EXPECT_NE(e.id, k_pavilion);
}

TEST(tombstones, importing_it_where_the_event_lives_cancels_it_and_keeps_the_rest) {
  timeline_copy t;
  exported(t);
  std::filesystem::create_directory(t.root() / "follower");
  auto r = t.run({"--events", "follower", "import", "out.ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto followed = test::slurp(t.root() / "follower" / (k_pavilion + ".toml"));
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  exported(t);
  r = t.run({"--events", "follower", "import", "out.ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "0 added, 1 updated, 4 unchanged, 0 rejected")) << r.out;
  const auto follower = load_timeline(t.root() / "follower");
  EXPECT_FALSE(has_errors(follower.diagnostics));
  ASSERT_EQ(follower.timeline.events.size(), 5U);
  for (const auto& e : follower.timeline.events) {
    if (e.id != k_pavilion) {
      EXPECT_EQ(e.status, status::confirmed) << e.id;
      continue;
    }
    EXPECT_EQ(e.status, status::cancelled);
    EXPECT_EQ(e.revision, 2);
    EXPECT_FALSE(e.description.empty()) << "kept: the tombstone carries only what identifies it";
    EXPECT_TRUE(e.place.has_value());
  }
  EXPECT_NE(test::slurp(t.root() / "follower" / (k_pavilion + ".toml")), followed);
}

TEST(tombstones, one_that_does_not_load_is_a_warning_for_export_and_check) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  test::write_file(tombstone_file(t.events(), k_pavilion), "title = \"x\"\ndate = 5\n");
  std::filesystem::create_directory(t.root() / "exports");
  auto r = t.run({"export", "ics", "-o", "exports/c5plus1.ics"});
  EXPECT_EQ(r.exit, 0) << r.err;
  const auto warning = "events/.chronicle/removed/" + k_pavilion + ".toml:2:8: warning: ";
  EXPECT_TRUE(contains(r.err, warning)) << r.err;
  EXPECT_TRUE(contains(r.err, "; this removed event is ignored\n")) << r.err;
  auto cal = parse(test::slurp(t.root() / "exports" / "c5plus1.ics"));
  EXPECT_EQ(count_vevents(cal.get()), 4);
  r = t.run({"check", "--exports", "exports", "--today", "2026-11-26"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out + r.err, warning)) << r.out << r.err;
}

// ---- the library ----

TEST(load_tombstones, skips_what_does_not_load_with_a_warning_and_sorts_by_id) {
  test::temp_dir dir;
  const auto events = dir / "events";
  test::write_file(events / "timeline.toml", test::timeline_toml("UTC"));
  const auto loaded = load_timeline(events);
  ASSERT_FALSE(has_errors(loaded.diagnostics));
  const auto folder = events / ".chronicle" / "removed";
  test::write_file(folder / "b-event.toml", "title = \"B\"\ndate = \"2024-01-02\"\nrevision = 3\n");
  test::write_file(folder / "a-event.toml", "title = \"A\"\ndate = \"2024-01-01\"\n");
  test::write_file(folder / "broken.toml", "title = \"C\"\ndate = \"2024-13-01\"\n");
  test::write_file(folder / ".tmp-a.toml", "not toml at all [");
  const auto got = load_tombstones(events, loaded.timeline);
  ASSERT_EQ(got.events.size(), 2U);
  EXPECT_EQ(got.events[0].id, "a-event");
  EXPECT_EQ(got.events[1].id, "b-event");
  EXPECT_EQ(got.events[1].revision, 3);
  ASSERT_EQ(got.diagnostics.size(), 1U);
  EXPECT_EQ(got.diagnostics[0].severity, severity::warning);
  EXPECT_EQ(got.diagnostics[0].file, (folder / "broken.toml").string());
  EXPECT_TRUE(contains(got.diagnostics[0].message, "; this removed event is ignored"))
      << got.diagnostics[0].message;
  // Loading never reads the folder.
  EXPECT_TRUE(load_timeline(events).timeline.events.empty());
}

TEST(load_tombstones, no_folder_no_tombstones) {
  test::temp_dir dir;
  test::write_file(dir / "timeline.toml", test::timeline_toml("UTC"));
  const auto loaded = load_timeline(dir.path());
  const auto got = load_tombstones(dir.path(), loaded.timeline);
  EXPECT_TRUE(got.events.empty());
  EXPECT_TRUE(got.diagnostics.empty());
}

TEST(plan_remove, plans_the_tombstone_after_the_deletion_as_derived_state) {
  timeline_copy t;
  auto base = load_for_change(t.events());
  ASSERT_TRUE(base.value);
  const auto now = date::sys_days{date::year{2027} / 1 / 2};
  const auto planned = plan_remove(*base.value, {k_pavilion, false, now});
  ASSERT_TRUE(planned.ok());
  const auto& p = *planned.value;
  EXPECT_EQ(p.tombstone, tombstone_file(t.events(), k_pavilion));
  ASSERT_EQ(p.plan.derived.size(), 2U);
  EXPECT_EQ(p.plan.derived[0].path, t.events() / ".chronicle" / "README");
  EXPECT_EQ(p.plan.derived[1].path, p.tombstone);
  EXPECT_TRUE(contains(p.plan.derived[1].text, "revision = 2\n"));
  EXPECT_TRUE(contains(p.plan.derived[1].text, "last_modified = 2027-01-02T00:00:00Z\n"));
  // The export of the tombstone the plan holds, through the library.
  const auto e = parse_event(p.plan.derived[1].text, k_pavilion, "x", base.value->timeline.info);
  ASSERT_TRUE(e.event);
  ics_options o;
  o.removed.push_back(*e.event);
  o.threads = 1;
  auto text = export_ics(timeline{base.value->timeline.info, {}}, o);
  ASSERT_TRUE(text.ok());
  auto cal = parse(*text);
  const auto found = with_uid(cal.get(), k_pavilion_uid);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(icalcomponent_get_status(found[0]), ICAL_STATUS_CANCELLED);
  EXPECT_EQ(sequence_of(found[0]), 1);
  // The parallel path writes the same bytes.
  o.threads = 2;
  EXPECT_EQ(*export_ics(timeline{base.value->timeline.info, {}}, o), *text);
}

}  // namespace
}  // namespace chronicle
