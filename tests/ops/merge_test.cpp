// The three-way merge of a re-import, from the library (merge3) and through the real binary:
// local edits kept, calendar changes taken, conflicts reported with both values and written
// nowhere unless --prefer settles them, and revision and last_modified never going backwards.
#include <gtest/gtest.h>

#include "chronicle/ops/import.hpp"
#include "chronicle/ops/merge.hpp"
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using namespace std::chrono_literals;

const date::sys_seconds k_now = date::sys_days{date::year{2026} / 5 / 28} + 20h;

event imported() {
  event e;
  e.id = "2024-03-11-team-sync";
  e.title = {{"en", "Team sync"}};
  e.date = *parse_edtf("2024-03-11").value;
  e.tags = {"work", "misc"};
  e.place = place{"Office", "", "", {}, {}};
  e.uid = "w1@t";
  return e;
}

TEST(merge3, a_field_changed_only_locally_is_kept_one_changed_only_in_the_calendar_taken) {
  const auto base = imported();
  auto local = base;
  local.tags.push_back("weekly");
  local.place->city = "Moscow";
  local.revision = 2;
  local.last_modified = k_now + 1h;  // edited "later" than the import runs: clocks differ
  auto incoming = base;
  incoming.title["en"] = "Team sync renamed";
  incoming.revision = 2;
  const auto r = merge3(&base, local, incoming, k_now);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.merged.title.at("en"), "Team sync renamed");
  EXPECT_EQ(r.merged.place->city, "Moscow");
  EXPECT_EQ(r.merged.tags, (std::vector<std::string>{"work", "misc", "weekly"}));
  EXPECT_EQ(r.kept_local, (std::vector<std::string>{"place.city", "tags"}));
  EXPECT_EQ(r.taken, (std::vector<std::string>{"title.en"}));
  EXPECT_EQ(r.merged.revision, 3) << "above local's and base's";
  EXPECT_EQ(r.merged.last_modified, local.last_modified.value() + 1s) << "never backwards";
}

TEST(merge3, a_field_changed_on_both_sides_is_a_conflict_with_both_values) {
  const auto base = imported();
  auto local = base;
  local.place->city = "Moscow";
  auto incoming = base;
  incoming.place->city = "Kazan";
  const auto r = merge3(&base, local, incoming, k_now);
  ASSERT_EQ(r.conflicts.size(), 1u);
  EXPECT_EQ(r.conflicts[0], (merge_conflict{"place.city", "\"Moscow\"", "\"Kazan\""}));
  EXPECT_TRUE(r.has_unresolved_conflicts());
  EXPECT_EQ(merge3(&base, local, incoming, k_now, merge_preference::ours).merged.place->city,
            "Moscow");
  const auto theirs = merge3(&base, local, incoming, k_now, merge_preference::theirs);
  EXPECT_FALSE(theirs.has_unresolved_conflicts());
  EXPECT_EQ(theirs.merged.place->city, "Kazan");
  EXPECT_EQ(theirs.merged.last_modified, k_now);
}

TEST(merge3, the_same_change_on_both_sides_is_no_conflict) {
  const auto base = imported();
  auto local = base;
  local.status = status::cancelled;
  auto incoming = local;
  const auto r = merge3(&base, local, incoming, k_now);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.merged, local) << "nothing to write: revision and last_modified stay";
}

TEST(merge3, tags_merge_as_a_set_a_calendar_removal_of_an_untouched_tag_is_taken) {
  const auto base = imported();  // work, misc
  auto local = base;
  local.tags = {"work", "misc", "weekly"};  // added here
  auto incoming = base;
  incoming.tags = {"work", "team"};  // misc removed, team added in the calendar
  const auto r = merge3(&base, local, incoming, k_now);
  EXPECT_TRUE(r.conflicts.empty());
  EXPECT_EQ(r.merged.tags, (std::vector<std::string>{"work", "weekly", "team"}));
}

TEST(merge3, without_a_base_every_field_that_differs_is_a_conflict) {
  const auto base = imported();
  auto local = base;
  local.place->city = "Moscow";
  auto incoming = base;
  incoming.title["en"] = "Team sync renamed";
  const auto r = merge3(nullptr, local, incoming, k_now);
  ASSERT_EQ(r.conflicts.size(), 2u);
  EXPECT_EQ(r.conflicts[0], (merge_conflict{"title.en", "\"Team sync\"", "\"Team sync renamed\""}));
  EXPECT_EQ(r.conflicts[1], (merge_conflict{"place.city", "\"Moscow\"", "\"\""}));
  const auto theirs = merge3(nullptr, local, incoming, k_now, merge_preference::theirs);
  EXPECT_EQ(theirs.merged.title.at("en"), "Team sync renamed");
  EXPECT_FALSE(theirs.merged.place->city.size());
}

// Through the binary: the scenario.

std::string calendar(int sequence, const std::string& summary, const std::string& categories,
                     const std::string& location = "Office") {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:w1@t\r\n"
         "SEQUENCE:" +
         std::to_string(sequence) + "\r\nDTSTART;VALUE=DATE:20240311\r\nSUMMARY:" + summary +
         "\r\nCATEGORIES:" + categories + "\r\nLOCATION:" + location +
         "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

const std::string k_id = "2024-03-11-team-sync";

class reimport : public ::testing::Test {
 protected:
  test::run_result run(std::vector<std::string> args, const std::string& epoch = "1780000000") {
    args.insert(args.begin(), {"--events", "events"});
    return test::run_chronicle(args, m_dir.path(), {{"SOURCE_DATE_EPOCH", epoch}});
  }
  test::run_result import(const std::string& ics, std::vector<std::string> more = {},
                          const std::string& epoch = "1700000000") {
    test::write_file(m_dir / "cal.ics", ics);
    more.insert(more.begin(), {"import", "cal.ics"});
    return run(more, epoch);
  }
  std::string file() const { return test::slurp(m_dir / "events" / (k_id + ".toml")); }
  event loaded() const {
    const auto t = load_timeline(m_dir / "events").timeline;
    EXPECT_EQ(t.events.size(), 1u);
    return t.events.at(0);
  }
  void SetUp() override {
    std::filesystem::create_directory(m_dir / "events");  // import needs an existing folder
    const auto r = import(calendar(0, "Team sync", "work,misc"));
    ASSERT_EQ(r.exit, 0) << r.err;
    ASSERT_TRUE(std::filesystem::exists(m_dir / "events" / ".chronicle" / "README"));
    ASSERT_TRUE(std::filesystem::exists(m_dir / "events" / ".chronicle" / "import-base" /
                                        (k_id + ".toml")));
  }
  void edit() {
    const auto r =
        run({"edit", k_id, "--add-tag", "weekly", "--set", "place.city=Moscow"}, "1780000100");
    ASSERT_EQ(r.exit, 0) << r.err;
  }
  test::temp_dir m_dir;
};

TEST_F(reimport, keeps_the_local_tag_and_city_takes_the_new_summary_and_never_goes_back) {
  edit();
  const auto edited = loaded();
  const auto r = import(calendar(1, "Team sync renamed", "work,misc"));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(test::contains(r.out, k_id + ": kept local place.city, tags\n")) << r.out;
  EXPECT_TRUE(test::contains(r.out, k_id + ": took from the calendar title.en\n")) << r.out;
  const auto e = loaded();
  EXPECT_EQ(e.title.at("en"), "Team sync renamed");
  EXPECT_EQ(e.place->city, "Moscow");
  EXPECT_EQ(e.tags, (std::vector<std::string>{"work", "misc", "weekly"}));
  EXPECT_GT(e.revision, edited.revision);
  ASSERT_TRUE(e.last_modified && edited.last_modified);
  EXPECT_GT(*e.last_modified, *edited.last_modified) << "the import's clock is earlier";
  EXPECT_EQ(run({"check"}).exit, 0) << "check ignores .chronicle/";

  const auto before = file();
  const auto again = import(calendar(1, "Team sync renamed", "work,misc"));
  EXPECT_EQ(again.exit, 0) << again.err;
  EXPECT_EQ(again.out, "0 added, 0 updated, 1 unchanged, 0 rejected\n");
  EXPECT_EQ(file(), before) << "the same calendar again changes nothing";
}

TEST_F(reimport, a_conflict_is_reported_with_both_values_and_written_nowhere_until_chosen) {
  edit();
  // The title changed here and in the calendar, to different values.
  ASSERT_EQ(run({"edit", k_id, "--set", "title=Local title"}, "1780000200").exit, 0);
  const auto edited = file();
  const auto r = import(calendar(1, "Calendar title", "work,misc"));
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(test::contains(
      r.err,
      "conflict in " + k_id + ": title.en: local \"Local title\", calendar \"Calendar title\""))
      << r.err;
  EXPECT_TRUE(test::contains(r.err, "--prefer")) << r.err;
  EXPECT_EQ(file(), edited) << "nothing written";
  const auto dry = import(calendar(1, "Calendar title", "work,misc"), {"--dry-run"});
  EXPECT_EQ(dry.exit, 1);
  EXPECT_EQ(file(), edited);

  const auto ours = import(calendar(1, "Calendar title", "work,misc"), {"--prefer", "ours"});
  EXPECT_EQ(ours.exit, 0) << ours.err;
  EXPECT_EQ(loaded().title.at("en"), "Local title");
  EXPECT_EQ(loaded().place->city, "Moscow");

  const auto theirs = import(calendar(2, "Calendar title 2", "work,misc"), {"--prefer", "theirs"});
  EXPECT_EQ(theirs.exit, 0) << theirs.err;
  EXPECT_EQ(loaded().title.at("en"), "Calendar title 2");
  EXPECT_EQ(loaded().place->city, "Moscow") << "changed here only: kept";
}

TEST_F(reimport, a_preference_for_one_event_wins_over_the_one_for_all) {
  ASSERT_EQ(run({"edit", k_id, "--set", "title=Local title"}, "1780000200").exit, 0);
  const auto edited = file();
  // The conflict names the id; the user settles that event alone.
  const auto mine = import(calendar(1, "Calendar title", "work,misc"),
                           {"--prefer", "theirs", "--prefer", k_id + "=ours"});
  EXPECT_EQ(mine.exit, 0) << mine.err;
  EXPECT_TRUE(test::contains(mine.out, "conflict in " + k_id +
                                           ": title.en: local \"Local title\", calendar "
                                           "\"Calendar title\" (kept local)\n"))
      << mine.out;
  EXPECT_EQ(loaded().title.at("en"), "Local title");

  const auto before = file();
  for (const auto& bad : {std::string("nosuch-event=ours"), k_id + "=mine", std::string("maybe")}) {
    const auto r = import(calendar(2, "Calendar title 2", "work,misc"), {"--prefer", bad});
    EXPECT_EQ(r.exit, 2) << bad << "\n" << r.err;
    EXPECT_TRUE(test::contains(r.err, "--prefer " + bad + ": ")) << r.err;
    EXPECT_EQ(file(), before) << "nothing written";
  }
  const auto unknown =
      import(calendar(2, "Calendar title 2", "work,misc"), {"--prefer", "nosuch-event=ours"});
  EXPECT_TRUE(test::contains(unknown.err, "no event \"nosuch-event\"")) << unknown.err;
}

TEST_F(reimport, without_the_base_every_difference_is_a_conflict) {
  edit();
  std::filesystem::remove_all(m_dir / "events" / ".chronicle");
  const auto edited = file();
  const auto r = import(calendar(1, "Team sync renamed", "work,misc"));
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(test::contains(
      r.err,
      "conflict in " + k_id + ": title.en: local \"Team sync\", calendar \"Team sync renamed\""))
      << r.err;
  EXPECT_TRUE(test::contains(r.err, "place.city: local \"Moscow\", calendar \"\"")) << r.err;
  EXPECT_EQ(file(), edited);
  // Even the calendar first imported differs from the edited file: without a base, a conflict.
  const auto same = import(calendar(0, "Team sync", "work,misc"));
  EXPECT_EQ(same.exit, 1) << "the local edits differ from it: still conflicts";
  const auto theirs = import(calendar(1, "Team sync renamed", "work,misc"), {"--prefer", "theirs"});
  EXPECT_EQ(theirs.exit, 0) << theirs.err;
  EXPECT_EQ(loaded().title.at("en"), "Team sync renamed");
  EXPECT_TRUE(
      std::filesystem::exists(m_dir / "events" / ".chronicle" / "import-base" / (k_id + ".toml")))
      << "the base is recorded again";
}

TEST_F(reimport, a_tag_the_calendar_removes_and_the_user_did_not_touch_is_removed) {
  edit();
  const auto r = import(calendar(1, "Team sync", "work"));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(loaded().tags, (std::vector<std::string>{"work", "weekly"}));
}

TEST_F(reimport, the_same_calendar_again_changes_nothing) {
  const auto before = file();
  const auto r = import(calendar(0, "Team sync", "work,misc"));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "0 added, 0 updated, 1 unchanged, 0 rejected\n");
  EXPECT_EQ(file(), before);
}

TEST_F(reimport, a_base_changed_since_the_plan_read_it_is_not_overwritten) {
  const auto dir = m_dir / "events";
  const auto target = load_import_target(dir);
  ASSERT_TRUE(target.ok());
  import_request r;
  r.text = calendar(1, "Team sync renamed", "work,misc");
  r.source = "cal.ics";
  const auto planned = plan_import_changes(*target, r);
  ASSERT_TRUE(planned.ok());
  ASSERT_EQ(planned->plan.derived.size(), 1u);
  EXPECT_EQ(planned->plan.derived[0].kind, change_kind::replace);
  const auto base = import_base_file(dir, k_id);
  test::write_file(base, test::slurp(base) + "# changed meanwhile\n");
  const auto before = file();
  EXPECT_THROW((void)apply_plan(planned->plan, dir), io_error);
  EXPECT_EQ(file(), before) << "checked before anything is written";
}

}  // namespace
}  // namespace chronicle
