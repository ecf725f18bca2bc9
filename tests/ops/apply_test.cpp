// apply_plan: writing a change plan through the event-files layer, and refusing to write over a
// file that changed since the plan read it (the stale-file check, for every command).
#include <gtest/gtest.h>

#include "chronicle/ops/add.hpp"
#include "chronicle/ops/edit.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/ops/remove.hpp"
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using namespace std::chrono_literals;
using test::contains;

const date::sys_seconds k_now = date::sys_days{date::year{2026} / 5 / 28} + 20h;
const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";
const std::string k_visit = "2024-03-sharlapayev-visit-to-pdac-toronto";

class apply : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = test::copy_shipped_events(m_dir);
    auto loaded = load_for_change(dir);
    ASSERT_TRUE(loaded.ok());
    base = std::move(*loaded);
  }
  std::filesystem::path file(const std::string& id) const { return dir / (id + ".toml"); }
  std::string text(const std::string& id) const { return test::slurp(file(id)); }

  /// The message of the io_error `f` throws, or a failure.
  template <class F>
  std::string io_error_of(F f) {
    try {
      f();
    } catch (const io_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "no io_error";
    return {};
  }

  test::temp_dir m_dir;
  std::filesystem::path dir;
  change_base base;
};

TEST_F(apply, writes_a_new_event_and_reports_the_name_it_took_on_a_clash) {
  add_request r;
  r.title = "Signing";
  r.date = "2024-06";
  r.now = k_now;
  const auto planned = plan_add(base, r);
  ASSERT_TRUE(planned.ok());
  // Another writer takes the name between plan and apply: the new event goes next to it.
  test::write_file(file("2024-06-signing"), "title = \"Theirs\"\ndate = \"2024-06\"\n");
  const auto written = apply_plan(planned->plan, dir);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0],
            (applied_change{change_kind::create, "2024-06-signing-2", file("2024-06-signing-2")}));
  EXPECT_EQ(text("2024-06-signing-2"), planned->text);
  EXPECT_EQ(text("2024-06-signing"), "title = \"Theirs\"\ndate = \"2024-06\"\n");
}

TEST_F(apply, refuses_to_replace_a_file_that_changed_since_the_plan_read_it) {
  edit_request r;
  r.id = k_visit;
  r.set = {"status=cancelled"};
  r.now = k_now;
  const auto planned = plan_edit(base, r);
  ASSERT_TRUE(planned.ok());
  // A second edit of the same file lands first.
  const auto theirs = text(k_visit) + "# their note\n";
  test::write_file(file(k_visit), theirs);
  EXPECT_EQ(io_error_of([&] { (void)apply_plan(planned->plan, dir); }),
            "\"" + file(k_visit).string() +
                "\" changed since it was read; nothing written, run the command again");
  EXPECT_EQ(text(k_visit), theirs) << "their change is kept";
}

TEST_F(apply, writes_nothing_of_a_removal_when_any_file_changed) {
  const auto planned = plan_remove(base, {"2024-02-08", true, k_now});
  ASSERT_TRUE(planned.ok());
  const auto visit = text(k_visit);
  const auto meeting = text(k_meeting) + "# edited meanwhile\n";
  test::write_file(file(k_meeting), meeting);
  EXPECT_TRUE(contains(io_error_of([&] { (void)apply_plan(planned->plan, dir); }),
                       k_meeting + ".toml\" changed since it was read; nothing written"));
  EXPECT_EQ(text(k_visit), visit) << "the other event keeps its relation";
  EXPECT_EQ(text(k_meeting), meeting);
}

TEST_F(apply, refuses_to_delete_a_file_that_is_gone_and_writes_in_order_otherwise) {
  auto planned = plan_remove(base, {"2024-02-08", true, k_now});
  ASSERT_TRUE(planned.ok());
  const auto visit = text(k_visit);
  std::filesystem::remove(file(k_meeting));
  EXPECT_TRUE(contains(io_error_of([&] { (void)apply_plan(planned->plan, dir); }),
                       k_meeting + ".toml\" was removed since it was read; nothing written"));
  EXPECT_EQ(text(k_visit), visit);

  // Unchanged: the event that related to it first, then the event itself.
  test::write_file(file(k_meeting), planned->plan.changes[1].original);
  const auto written = apply_plan(planned->plan, dir);
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0], (applied_change{change_kind::replace, k_visit, file(k_visit)}));
  EXPECT_EQ(written[1], (applied_change{change_kind::remove, k_meeting, file(k_meeting)}));
  EXPECT_EQ(text(k_visit), planned->plan.changes[0].text);
  EXPECT_FALSE(std::filesystem::exists(file(k_meeting)));
}

TEST_F(apply, a_new_timeline_is_not_created_over_one_made_meanwhile) {
  test::temp_dir other;
  const auto fresh = other / "events";
  std::filesystem::create_directory(fresh);
  const auto target = load_import_target(fresh);
  ASSERT_TRUE(target.ok());
  import_request r;
  r.text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
      "DTSTART;VALUE=DATE:20240208\r\nSUMMARY:One\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  r.source = "one.ics";
  const auto planned = plan_import_changes(*target, r);
  ASSERT_TRUE(planned.ok());
  test::write_file(fresh / "timeline.toml", test::timeline_toml());
  EXPECT_EQ(io_error_of([&] { (void)apply_plan(planned->plan, fresh); }),
            "\"" + (fresh / "timeline.toml").string() +
                "\" was created since it was read; nothing written, run the command again");
  EXPECT_EQ(test::slurp(fresh / "timeline.toml"), test::timeline_toml());
  EXPECT_FALSE(std::filesystem::exists(fresh / "2024-02-08-one.toml"));

  std::filesystem::remove(fresh / "timeline.toml");
  const auto written = apply_plan(planned->plan, fresh);
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].path, fresh / "timeline.toml");
  EXPECT_EQ(written[1].id, "2024-02-08-one");
  EXPECT_EQ(load_timeline(fresh).timeline.events.size(), 1u);
}

TEST_F(apply, an_empty_plan_writes_nothing) {
  EXPECT_TRUE(apply_plan({}, dir).empty());
  EXPECT_EQ(to_diff({}), "");
}

// Through the real binary: the race between two edits of one file, with the second writer
// simulated by the editor itself, ends in an I/O error (exit 3) naming the file.
TEST(cli_apply, an_edit_that_lost_a_race_is_an_io_error_and_keeps_the_other_change) {
  test::timeline_copy t;
  const auto editor = t.root() / "edit.sh";
  test::write_file(editor,
                   "#!/bin/sh\n"
                   "printf '# their note\\n' >> events/" +
                       k_visit +
                       ".toml\n"
                       "sed -i 's/^status = \"confirmed\"/status = \"cancelled\"/' \"$1\"\n");
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  const auto theirs = t.text(k_visit) + "# their note\n";
  const auto r = t.run({"edit", "2024-03-sh"}, {{"EDITOR", editor.string()}});
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_EQ(r.err, "chronicle: \"events/" + k_visit +
                       ".toml\" changed since it was read; nothing written, run the command "
                       "again\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(t.text(k_visit), theirs);
}

}  // namespace
}  // namespace chronicle
