// chronicle undo and chronicle log, through the real binary: each changing command recorded,
// reverted to the exact bytes one step back at a time, refused after a hand edit, --dry-run.
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

const std::string k_visit = "2024-03-sharlapayev-visit-to-pdac-toronto";
const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";
const std::string k_pavilion = "2024-03-04-kazakhstan-pavilion-opens-at-pdac";

/// Every file under the events folder (hidden ones too, but the journal), with its text.
std::map<std::string, std::string> snapshot(const timeline_copy& t) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(t.events())) {
    const auto rel = e.path().lexically_relative(t.events()).generic_string();
    if (e.is_regular_file() && !rel.starts_with(".chronicle/journal/") &&
        rel != ".chronicle/README")
      out[rel] = test::slurp(e.path());
  }
  return out;
}

TEST(cli_undo, with_no_journal_log_and_undo_say_there_is_nothing_to_undo) {
  timeline_copy t;
  auto r = t.run({"log"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "nothing to undo: no change is recorded in events/.chronicle/journal\n");
  EXPECT_EQ(r.err, "");
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "chronicle: nothing to undo: no change is recorded in "
            "events/.chronicle/journal\n");
  EXPECT_FALSE(std::filesystem::exists(t.events() / ".chronicle"));
}

TEST(cli_undo, an_added_event_is_removed_and_nothing_else_is_left) {
  timeline_copy t;
  const auto before = snapshot(t);
  auto r = t.run({"add", "Signing", "--date", "2024-06"});
  ASSERT_EQ(r.exit, 0) << r.err;
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "--- a/events/2024-06-signing.toml\n"
            "+++ /dev/null\n"
            "@@ -1,5 +0,0 @@\n"
            "-title = \"Signing\"\n"
            "-date = \"2024-06\"\n"
            "-status = \"confirmed\"\n"
            "-revision = 1\n"
            "-last_modified = 2026-05-28T20:26:40Z\n"
            "removed events/2024-06-signing.toml\n"
            "undid change 1 (add 2024-06-signing)\n");
  EXPECT_EQ(snapshot(t), before);
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "chronicle: nothing to undo: every change recorded in "
            "events/.chronicle/journal is undone\n");
}

TEST(cli_undo, an_edit_is_undone_to_the_exact_bytes_and_two_undos_go_two_steps_back) {
  timeline_copy t;
  // A hand-laid-out file, comments and all: the undo gives back these bytes, not a rewrite.
  const auto original = t.text(k_visit) + "# kept by hand\n";
  test::write_file(t.event(k_visit), original);
  ASSERT_EQ(t.run({"edit", k_visit, "--set", "status=cancelled"}).exit, 0);
  const auto first = t.text(k_visit);
  ASSERT_EQ(t.run({"edit", k_visit, "--add-tag", "undo-me"}).exit, 0);

  auto r = t.run({"undo"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("restored events/" + k_visit + ".toml\nundid change 2 (edit " +
                              k_visit + ")\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out,
                       "-tags = [\"kazakhstan\", \"critical-minerals\", \"pdac\", "
                       "\"visit\", \"undo-me\"]\n"))
      << r.out;
  EXPECT_EQ(t.text(k_visit), first);
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("undid change 1 (edit " + k_visit + ")\n")) << r.out;
  EXPECT_EQ(t.text(k_visit), original);

  r = t.run({"log"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto file = "    replaced events/" + k_visit + ".toml\n";
  EXPECT_EQ(r.out, "4  2026-05-28 20:26:40 UTC  undo 1 (edit " + k_visit + ")\n" + file +
                       "3  2026-05-28 20:26:40 UTC  undo 2 (edit " + k_visit + ")\n" + file +
                       "2  2026-05-28 20:26:40 UTC  edit " + k_visit + "  [undone by 3]\n" + file +
                       "1  2026-05-28 20:26:40 UTC  edit " + k_visit + "  [undone by 4]\n" + file);
  r = t.run({"log", "--limit", "1"});
  EXPECT_EQ(r.out, "4  2026-05-28 20:26:40 UTC  undo 1 (edit " + k_visit + ")\n" + file);
  r = t.run({"log", "--limit", "0"});
  EXPECT_EQ(r.exit, 2);
}

TEST(cli_undo, a_removal_comes_back_with_the_relations_it_dropped) {
  timeline_copy t;
  const auto before = snapshot(t);
  auto r = t.run({"remove", "2024-02-08", "--force"});
  ASSERT_EQ(r.exit, 0) << r.err;
  ASSERT_FALSE(std::filesystem::exists(t.event(k_meeting)));
  r = t.run({"log"});
  EXPECT_EQ(r.out, "1  2026-05-28 20:26:40 UTC  remove " + k_meeting +
                       ", dropping the relations of 1 event(s) to it\n"
                       "    replaced events/" +
                       k_visit +
                       ".toml\n"
                       "    removed events/" +
                       k_meeting + ".toml\n");
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("brought back events/" + k_meeting + ".toml\nrestored events/" +
                              k_visit + ".toml\nundid change 1 (remove " + k_meeting +
                              ", dropping the relations of 1 event(s) to it)\n"))
      << r.out;
  EXPECT_EQ(snapshot(t), before) << "the tombstone is gone too";
  EXPECT_EQ(t.run({"check"}).exit, 0);
}

TEST(cli_undo, an_import_is_undone_and_imports_again_the_same_way) {
  timeline_copy t;
  const auto before = snapshot(t);
  const auto ics = t.root() / "cal.ics";
  test::write_file(ics,
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                   "UID:one@t\r\nDTSTART;VALUE=DATE:20240610\r\nSUMMARY:One\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nUID:two@t\r\nDTSTART;VALUE=DATE:20240611\r\nSUMMARY:Two\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n");
  auto r = t.run({"import", ics.string()});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto imported = snapshot(t);
  r = t.run({"log"});
  EXPECT_TRUE(r.out.starts_with("1  2026-05-28 20:26:40 UTC  import " + ics.string() +
                                ": 2 new, 0 changed\n    created events/2024-06-10-one.toml\n"
                                "    created events/2024-06-11-two.toml\n"))
      << r.out;
  r = t.run({"undo"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(snapshot(t), before) << "the events and their import bases are gone";
  r = t.run({"import", ics.string()});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(snapshot(t), imported);
}

TEST(cli_undo, a_hand_edit_since_refuses_the_undo_and_writes_nothing) {
  timeline_copy t;
  ASSERT_EQ(t.run({"edit", k_visit, "--set", "status=cancelled"}).exit, 0);
  const auto hand = t.text(k_visit) + "# a note by hand\n";
  test::write_file(t.event(k_visit), hand);
  const auto before = snapshot(t);
  auto r = t.run({"undo"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "events/" + k_visit + ".toml: error: changed since change 1 (edit " + k_visit +
                       ") wrote it, by hand or by a command that does not record its changes; "
                       "it holds neither that text nor the one before\n"
                       "chronicle: nothing undone\n");
  EXPECT_EQ(snapshot(t), before);
  EXPECT_EQ(t.text(k_visit), hand);
  r = t.run({"log"});
  EXPECT_TRUE(r.out.starts_with("1  ")) << "the refused undo is not recorded: " << r.out;
}

TEST(cli_undo, dry_run_prints_the_diff_and_writes_nothing) {
  timeline_copy t;
  ASSERT_EQ(t.run({"remove", k_pavilion}).exit, 0);
  const auto before = snapshot(t);
  const auto journal = t.run({"log"}).out;
  auto r = t.run({"undo", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("--- /dev/null\n+++ b/events/" + k_pavilion + ".toml\n")) << r.out;
  EXPECT_EQ(r.err,
            "would undo change 1 (remove " + k_pavilion + ") (nothing written: --dry-run)\n");
  EXPECT_EQ(snapshot(t), before);
  EXPECT_EQ(t.run({"log"}).out, journal);
}

TEST(cli_undo, a_corrupt_entry_is_named_and_nothing_is_undone) {
  timeline_copy t;
  ASSERT_EQ(t.run({"edit", k_visit, "--set", "status=cancelled"}).exit, 0);
  ASSERT_EQ(t.run({"edit", k_meeting, "--set", "status=cancelled"}).exit, 0);
  const auto entry = t.events() / ".chronicle" / "journal" / "00000002.json";
  test::write_file(entry, "{\"chronicle_journal\": 1, \"number\": 2,");
  const auto before = snapshot(t);
  auto r = t.run({"undo"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "events/.chronicle/journal/00000002.json: error: not a journal entry: not JSON\n"
            "chronicle: nothing undone\n");
  EXPECT_EQ(snapshot(t), before);
  r = t.run({"log"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "events/.chronicle/journal/00000002.json: error: not a journal entry: not JSON\n");
  EXPECT_TRUE(r.out.starts_with("1  2026-05-28 20:26:40 UTC  edit " + k_visit + "\n")) << r.out;
}

TEST(cli_undo, the_derived_readme_names_the_journal) {
  timeline_copy t;
  ASSERT_EQ(t.run({"edit", k_visit, "--set", "status=cancelled"}).exit, 0);
  EXPECT_TRUE(contains(test::slurp(t.events() / ".chronicle" / "README"), "journal/N.json\n"));
}

}  // namespace
}  // namespace chronicle
