// The use cases' change plans, from the library: what each would write, computed without
// writing anything, and the problems that stop it, named by request field or file position.
#include <gtest/gtest.h>

#include "chronicle/ops/add.hpp"
#include "chronicle/ops/edit.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/ops/remove.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/toml_edit.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

using namespace std::chrono_literals;

const date::sys_seconds k_now = date::sys_days{date::year{2026} / 5 / 28} + 20h + 26min + 40s;
const date::sys_days k_today = date::sys_days{date::year{2026} / 5 / 28};
const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";
const std::string k_visit = "2024-03-sharlapayev-visit-to-pdac-toronto";

/// Every file in `dir` with its text, to show that planning writes nothing.
std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out[e.path().filename().string()] = test::slurp(e.path());
  return out;
}

class plans : public ::testing::Test {
 protected:
  void SetUp() override {
    m_events = test::copy_shipped_events(m_dir);
    auto loaded = load_for_change(m_events);
    ASSERT_TRUE(loaded.ok());
    base = std::move(*loaded);
    before = snapshot(m_events);
  }
  void TearDown() override { EXPECT_EQ(snapshot(m_events), before) << "a plan writes nothing"; }

  std::filesystem::path file(const std::string& id) const { return m_events / (id + ".toml"); }

  add_request add(std::string title, std::string date) const {
    add_request r;
    r.title = std::move(title);
    r.date = std::move(date);
    r.now = k_now;
    r.today = k_today;
    return r;
  }

  test::temp_dir m_dir;
  std::filesystem::path m_events;
  change_base base;
  std::map<std::string, std::string> before;
};

TEST_F(plans, add_plans_one_new_file_named_from_date_and_title) {
  auto r = add("Signing", "2024-06~");
  r.status = "tentative";
  r.follows = {"2024-02-08"};  // a unique start of an id
  const auto planned = plan_add(base, r);
  ASSERT_TRUE(planned.ok()) << (planned.diagnostics.empty() ? "" : planned.diagnostics[0].message);
  const auto& p = *planned;
  EXPECT_EQ(p.id, "2024-06-signing");
  EXPECT_EQ(p.path, file("2024-06-signing"));
  const std::string text =
      "title = \"Signing\"\n"
      "date = \"2024-06~\"\n"
      "status = \"tentative\"\n"
      "follows = [\"" +
      k_meeting +
      "\"]\n"
      "revision = 1\n"
      "last_modified = 2026-05-28T20:26:40Z\n";
  EXPECT_EQ(p.text, text);
  ASSERT_EQ(p.plan.changes.size(), 1u);
  EXPECT_EQ(p.plan.changes[0],
            (file_change{change_kind::create, "2024-06-signing", p.path, text, ""}));
  // The stale-status warning of loading comes beside the plan.
  ASSERT_EQ(planned.diagnostics.size(), 1u);
  EXPECT_EQ(planned.diagnostics[0].severity, severity::warning);
  EXPECT_NE(planned.diagnostics[0].message.find("but still \"tentative\""), std::string::npos);
}

TEST_F(plans, add_makes_a_future_event_planned_unless_told_otherwise) {
  auto planned = plan_add(base, add("Third meeting", "2027-02"));
  ASSERT_TRUE(planned.ok());
  EXPECT_NE(planned->text.find("status = \"planned\"\n"), std::string::npos) << planned->text;
  auto r = add("Third meeting", "2027-02");
  r.status = "tentative";
  planned = plan_add(base, r);
  ASSERT_TRUE(planned.ok());
  EXPECT_NE(planned->text.find("status = \"tentative\"\n"), std::string::npos) << planned->text;
  planned = plan_add(base, add("Past meeting", "2026-05-28"));  // today is not the future
  ASSERT_TRUE(planned.ok());
  EXPECT_NE(planned->text.find("status = \"confirmed\"\n"), std::string::npos) << planned->text;
}

TEST_F(plans, add_names_the_request_field_of_each_problem) {
  auto r = add("X", "2024-02-30");
  r.end = "12:00";
  r.part_of = {"2024-03"};
  r.lang = "EN!";
  const auto planned = plan_add(base, r);
  EXPECT_FALSE(planned.value) << "no file is generated from a request with such problems";
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& d : planned.diagnostics) got.emplace_back(d.file, d.message);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"lang", "\"EN!\" is not a language tag; expected one such as en, ru or kk"},
                     {"date", "day 30 does not exist in 2024-02 (\"2024-02-30\")"},
                     {"end", "an end time needs a start time"},
                     {"part_of",
                      "\"2024-03\" is ambiguous; it may be:\n"
                      "  2024-03-03-pdac-2024-convention  PDAC 2024 convention\n"
                      "  2024-03-04-kazakhstan-pavilion-opens-at-pdac  Minister Sharlapaev opens "
                      "Kazakhstan's national pavilion at PDAC 2024\n"
                      "  2024-03-sharlapayev-visit-to-pdac-toronto  Minister Kanat Sharlapayev's "
                      "working visit to PDAC in Toronto"}}));
  r = add("X", "2024-05");
  r.time = "10:00";
  const auto timed = plan_add(base, r);
  ASSERT_EQ(timed.diagnostics.size(), 1u);
  EXPECT_EQ(timed.diagnostics[0].file, "start");
  EXPECT_EQ(timed.diagnostics[0].message,
            "a time of day needs a date that is one day, such as 2024-05-10, not \"2024-05\"");
  r = add("Bad \xff title", "2024-05");
  const auto bytes = plan_add(base, r);
  ASSERT_FALSE(bytes.value);
  EXPECT_EQ(bytes.diagnostics.at(0).file, "title");
}

TEST_F(plans, add_positions_the_problems_of_the_generated_file_in_its_text) {
  auto r = add("X", "2024-05");
  r.country = "kz";
  r.city = "Astana";
  const auto planned = plan_add(base, r);
  ASSERT_TRUE(planned.value) << "the text is kept beside its errors";
  EXPECT_FALSE(planned.ok());
  EXPECT_TRUE(planned->plan.empty());
  ASSERT_EQ(planned.diagnostics.size(), 1u);
  const auto& d = planned.diagnostics[0];
  EXPECT_EQ(key_at(planned->text, d.line, d.column), "place.country");
  EXPECT_EQ(d.message,
            "country \"kz\" is not an ISO 3166-1 code; expected two capital letters such as "
            "\"US\" or \"KZ\"");
}

TEST_F(plans, edit_plans_a_replace_from_the_text_it_read) {
  edit_request r;
  r.id = "2024-03-03";
  r.set = {"status=cancelled"};
  r.add_tags = {"cancelled"};
  r.now = k_now;
  const auto planned = plan_edit(base, r);
  ASSERT_TRUE(planned.ok());
  const auto& p = *planned;
  const auto id = std::string("2024-03-03-pdac-2024-convention");
  ASSERT_EQ(p.plan.changes.size(), 1u);
  const auto& c = p.plan.changes[0];
  EXPECT_EQ(c.kind, change_kind::replace);
  EXPECT_EQ(c.id, id);
  EXPECT_EQ(c.path, file(id));
  EXPECT_EQ(c.original, before.at(id + ".toml"));
  EXPECT_EQ(c.text, p.text);
  const auto e = parse_event(c.text, id, "x", {});
  ASSERT_TRUE(e.event);
  EXPECT_EQ(e.event->status, status::cancelled);
  const auto old = parse_event(c.original, id, "x", {}).event;
  EXPECT_EQ(e.event->revision, old->revision + 1);
  // The file was last changed after k_now (2026-11-26): last_modified still moves on.
  EXPECT_EQ(e.event->last_modified, *old->last_modified + 1s);
}

TEST_F(plans, edit_names_the_request_field_and_value_of_each_problem) {
  edit_request r;
  r.id = k_visit;
  r.set = {"colour=red", "status"};
  r.remove_tags = {"nope"};
  r.add_related = {"2024-03"};
  const auto planned = plan_edit(base, r);
  EXPECT_FALSE(planned.value);
  std::vector<std::string> where;
  for (const auto& d : planned.diagnostics) where.push_back(d.file);
  EXPECT_EQ(where, (std::vector<std::string>{"remove_tag \"nope\"", "set \"colour=red\"",
                                             "set \"status\"", "add_related"}));
  r = {};
  r.id = "2025";
  r.add_tags = {"x"};
  const auto unknown = plan_edit(base, r);
  ASSERT_EQ(unknown.diagnostics.size(), 1u);
  EXPECT_EQ(unknown.diagnostics[0].file, "id");
  EXPECT_TRUE(unknown.diagnostics[0].message.starts_with("no event \"2025\" in \""))
      << unknown.diagnostics[0].message;
}

TEST_F(plans, edit_refuses_a_change_that_would_make_the_file_invalid) {
  edit_request r;
  r.id = k_visit;
  r.set = {"date=2024-13"};
  const auto planned = plan_edit(base, r);
  ASSERT_TRUE(planned.value) << "a problem of the data, not of the request";
  EXPECT_FALSE(planned.ok());
  EXPECT_TRUE(planned->plan.empty());
  ASSERT_EQ(planned.diagnostics.size(), 1u);
  EXPECT_EQ(planned.diagnostics[0].file, file(k_visit).string());
  EXPECT_EQ(key_at(planned->text, planned.diagnostics[0].line, planned.diagnostics[0].column),
            "date");
}

TEST_F(plans, edit_of_a_file_that_is_not_toml_says_so) {
  const auto broken = file("2024-04-broken");
  test::write_file(broken, "title = \"b\n");
  before = snapshot(m_events);
  auto loaded = load_for_change(m_events);
  ASSERT_TRUE(loaded.ok());
  edit_request r;
  r.id = "2024-04-broken";
  r.add_tags = {"x"};
  const auto planned = plan_edit(*loaded, r);
  ASSERT_TRUE(planned.value);
  EXPECT_FALSE(planned->is_toml);
  EXPECT_TRUE(planned->plan.empty());
  ASSERT_FALSE(planned.diagnostics.empty());
  EXPECT_EQ(planned.diagnostics[0].file, broken.string());
}

TEST_F(plans, edit_that_changes_nothing_plans_nothing) {
  edit_request r;
  r.id = k_visit;
  r.add_tags = {"visit"};  // it has it already
  const auto planned = plan_edit(base, r);
  ASSERT_TRUE(planned.ok());
  EXPECT_TRUE(planned->plan.empty());
}

TEST_F(plans, edit_text_validates_then_records_a_new_revision) {
  const auto target = open_for_edit(base, k_visit);
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->original, before.at(k_visit + ".toml"));
  auto same = plan_edit_text(base, *target, target->original, k_now);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->plan.empty());

  std::string bad = target->original;
  bad.replace(bad.find("date = \"2024-03\""), 16, "date = \"2024-3\"");
  const auto invalid = plan_edit_text(base, *target, bad, k_now);
  ASSERT_TRUE(invalid.value);
  EXPECT_FALSE(invalid.ok());
  EXPECT_EQ(invalid->text, bad);
  EXPECT_TRUE(invalid->plan.empty());
  EXPECT_EQ(invalid.diagnostics.at(0).line, 1) << "positioned in the text as given";

  std::string good = target->original;
  good.replace(good.find("status = \"confirmed\""), 20, "status = \"cancelled\"");
  const auto valid = plan_edit_text(base, *target, good, k_now);
  ASSERT_TRUE(valid.ok());
  ASSERT_EQ(valid->plan.changes.size(), 1u);
  EXPECT_EQ(valid->plan.changes[0].original, target->original);
  EXPECT_NE(valid->text.find("status = \"cancelled\""), std::string::npos);
  EXPECT_NE(valid->text.find("revision = 2\n"), std::string::npos) << valid->text;
}

TEST_F(plans, remove_refuses_while_others_relate_unless_forced) {
  remove_request r{"2024-02-08", false, k_now};
  const auto refused = plan_remove(base, r);
  ASSERT_TRUE(refused.value);
  EXPECT_FALSE(refused.ok());
  EXPECT_TRUE(refused->plan.empty());
  EXPECT_FALSE(refused->unreadable_files);
  ASSERT_EQ(refused->referrers.size(), 1u);
  EXPECT_EQ(refused->referrers[0].id, k_visit);

  r.force = true;
  const auto forced = plan_remove(base, r);
  ASSERT_TRUE(forced.ok());
  const auto& changes = forced->plan.changes;
  ASSERT_EQ(changes.size(), 2u);
  // The event that relates to it first, so that no relation is ever left dangling.
  EXPECT_EQ(changes[0].kind, change_kind::replace);
  EXPECT_EQ(changes[0].id, k_visit);
  EXPECT_EQ(changes[0].original, before.at(k_visit + ".toml"));
  EXPECT_EQ(changes[0].text.find(k_meeting), std::string::npos);
  EXPECT_EQ(changes[1], (file_change{change_kind::remove, k_meeting, file(k_meeting), "",
                                     before.at(k_meeting + ".toml")}));

  const auto unknown = plan_remove(base, {"2025", false, k_now});
  EXPECT_FALSE(unknown.value);
  EXPECT_EQ(unknown.diagnostics.at(0).file, "id");
}

TEST_F(plans, remove_refuses_when_relations_cannot_be_known) {
  test::write_file(file("2024-04-broken"), "title = \"b\n");
  before = snapshot(m_events);
  const auto planned = plan_remove(base, {k_visit, true, k_now});
  ASSERT_TRUE(planned.value);
  EXPECT_TRUE(planned->unreadable_files);
  EXPECT_TRUE(planned->plan.empty());
  ASSERT_FALSE(planned.diagnostics.empty());
  EXPECT_EQ(planned.diagnostics[0].file, file("2024-04-broken").string());
}

const std::string k_calendar =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nX-WR-CALNAME:Team\r\n"
    "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20240208\r\nSUMMARY:Good one\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2@t\r\nSUMMARY:No date\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

TEST_F(plans, import_into_a_new_timeline_creates_its_settings_first) {
  test::temp_dir other;
  const auto dir = other / "events";
  std::filesystem::create_directory(dir);  // an empty folder: a new timeline starts there
  const auto target = load_import_target(dir);
  ASSERT_TRUE(target.ok());
  EXPECT_TRUE(target->fresh);
  import_request r;
  r.text = k_calendar;
  r.source = "team.ics";
  r.fallback_name = "team";
  const auto refused = plan_import_changes(*target, r);
  ASSERT_TRUE(refused.value);
  EXPECT_TRUE(refused->refused) << "one event is rejected";
  EXPECT_TRUE(refused->plan.empty());

  r.skip_invalid = true;
  const auto planned = plan_import_changes(*target, r);
  ASSERT_TRUE(planned.value);
  EXPECT_FALSE(planned->refused);
  EXPECT_TRUE(has_errors(planned.diagnostics)) << "the rejection is still reported";
  const auto& changes = planned->plan.changes;
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, change_kind::create);
  EXPECT_EQ(changes[0].id, "");
  EXPECT_EQ(changes[0].path, dir / "timeline.toml");
  EXPECT_NE(changes[0].text.find("Team"), std::string::npos) << changes[0].text;
  EXPECT_EQ(changes[1].kind, change_kind::create);
  EXPECT_EQ(changes[1].id, "2024-02-08-good-one");
  EXPECT_EQ(changes[1].path, dir / "2024-02-08-good-one.toml");
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a plan writes nothing";

  r.text = "not a calendar\n";
  const auto not_ics = plan_import_changes(*target, r);
  EXPECT_FALSE(not_ics.value);
  EXPECT_TRUE(has_errors(not_ics.diagnostics));
}

TEST_F(plans, import_updates_from_the_text_it_read_and_leaves_equal_events_alone) {
  const auto target = load_import_target(m_events);
  ASSERT_TRUE(target.ok());
  EXPECT_FALSE(target->fresh);
  // The visit as a newer version (SEQUENCE 5), with its own UID, and a new event.
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
      "BEGIN:VEVENT\r\nUID:" +
      k_visit +
      "@c5plus1.chronicle.invalid\r\nSEQUENCE:5\r\nDTSTART;VALUE=DATE:20240301\r\n"
      "DTEND;VALUE=DATE:20240401\r\nSUMMARY:Visit\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:new@t\r\nDTSTART;VALUE=DATE:20240601\r\nSUMMARY:New\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  import_request r;
  r.text = ics;
  r.source = "x.ics";
  // The visit was never imported: with no base recorded, every field where it differs from
  // the calendar is a conflict, and nothing is planned until a preference settles them.
  const auto conflicted = plan_import_changes(*target, r);
  ASSERT_TRUE(conflicted.value);
  EXPECT_TRUE(conflicted->conflicted);
  EXPECT_TRUE(conflicted->plan.empty());
  EXPECT_TRUE(conflicted->plan.derived.empty());
  EXPECT_EQ(conflicted->matched.conflicted, 1u);
  r.prefer = merge_preference::theirs;
  r.now = k_now;
  const auto planned = plan_import_changes(*target, r);
  ASSERT_TRUE(planned.ok()) << (planned.diagnostics.empty() ? ""
                                                            : to_string(planned.diagnostics[0]));
  const auto& changes = planned->plan.changes;
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, change_kind::create);
  EXPECT_EQ(changes[0].id, "2024-06-01-new");
  EXPECT_EQ(changes[1].kind, change_kind::replace);
  EXPECT_EQ(changes[1].id, k_visit);
  EXPECT_EQ(changes[1].original, before.at(k_visit + ".toml"));
  // SEQUENCE counts edits after the first version: revision 6. The file was last modified
  // after `now`: last_modified moves a second past it, never back.
  EXPECT_EQ(changes[1].text,
            "title = 'Visit'\n"
            "date = '2024-03-01/2024-03-31'\n"
            "status = 'confirmed'\n"
            "revision = 6\n"
            "last_modified = 2026-11-26T10:00:01Z\n");
  // The calendar's versions are recorded as the bases of the next import, after a README.
  const auto& derived = planned->plan.derived;
  ASSERT_EQ(derived.size(), 3u);
  EXPECT_EQ(derived[0].path, m_events / ".chronicle" / "README");
  EXPECT_EQ(derived[1].path, import_base_file(m_events, k_visit));
  EXPECT_EQ(derived[1].kind, change_kind::create);
  EXPECT_EQ(derived[2].path, import_base_file(m_events, "2024-06-01-new"));
}

}  // namespace
}  // namespace chronicle
