// --dry-run on every command that changes the timeline: the plan as a unified diff, and not a
// byte written. Through the real binary.
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";

/// Every file under the timeline folder with its text.
std::map<std::string, std::string> snapshot(const timeline_copy& t) {
  std::map<std::string, std::string> out;
  for (const auto& name : t.files()) out[name] = test::slurp(t.events() / name);
  return out;
}

/// `text` as a diff deleting every line of it, as diff(1) writes one.
std::string deletion(const std::string& path, const std::string& text) {
  std::string body;
  int lines = 0;
  for (std::size_t at = 0; at < text.size(); ++lines) {
    const auto nl = text.find('\n', at);
    body += "-" + text.substr(at, nl - at + 1);
    at = nl + 1;
  }
  return "--- a/" + path + "\n+++ /dev/null\n@@ -1," + std::to_string(lines) + " +0,0 @@\n" + body;
}

TEST(dry_run, add_shows_the_new_file_as_a_diff_from_nothing) {
  timeline_copy t;
  const auto before = snapshot(t);
  const auto r =
      t.run({"add", "Meeting in Astana", "--date", "2024-05-10", "--city", "Astana", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "--- /dev/null\n"
            "+++ b/events/2024-05-10-meeting-in-astana.toml\n"
            "@@ -0,0 +1,8 @@\n"
            "+title = \"Meeting in Astana\"\n"
            "+date = \"2024-05-10\"\n"
            "+status = \"confirmed\"\n"
            "+revision = 1\n"
            "+last_modified = 2026-05-28T20:26:40Z\n"
            "+\n"
            "+[place]\n"
            "+city = \"Astana\"\n");
  EXPECT_EQ(r.err,
            "would write events/2024-05-10-meeting-in-astana.toml (nothing written: --dry-run)\n");
  EXPECT_EQ(snapshot(t), before);
}

TEST(dry_run, edit_shows_the_change_as_a_diff) {
  timeline_copy t;
  const auto before = snapshot(t);
  const auto r = t.run({"edit", "2024-03-03", "--set", "status=cancelled", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(
      r.out.starts_with("--- a/events/2024-03-03-pdac-2024-convention.toml\n"
                        "+++ b/events/2024-03-03-pdac-2024-convention.toml\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "-status = \"confirmed\"\n+status = \"cancelled\"\n")) << r.out;
  EXPECT_EQ(snapshot(t), before);
}

TEST(dry_run, remove_shows_the_deletion_after_the_relations_it_drops) {
  timeline_copy t;
  const auto before = snapshot(t);
  const auto r = t.run({"remove", "2024-02-08", "--force", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  const auto path = "events/" + k_meeting + ".toml";
  const auto gone = deletion(path, t.text(k_meeting));
  EXPECT_TRUE(r.out.starts_with("--- a/events/2024-03-sharlapayev-visit-to-pdac-toronto.toml\n"))
      << r.out;
  ASSERT_GE(r.out.size(), gone.size());
  EXPECT_EQ(r.out.substr(r.out.size() - gone.size()), gone);
  EXPECT_EQ(r.err, "would remove " + path +
                       " (nothing written: --dry-run)\n"
                       "would keep a tombstone, events/.chronicle/removed/" +
                       k_meeting +
                       ".toml: \"export ics\" cancels the event in calendars that imported it\n");
  EXPECT_EQ(snapshot(t), before);
}

TEST(dry_run, import_shows_the_files_it_would_write_then_its_summary) {
  test::temp_dir dir;
  test::write_file(dir / "one.ics",
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
                   "X-WR-CALNAME:Team\r\nX-WR-TIMEZONE:Europe/Moscow\r\n"
                   "BEGIN:VEVENT\r\nUID:1@t\r\nDTSTART;VALUE=DATE:20240208\r\nSUMMARY:One\r\n"
                   "END:VEVENT\r\nEND:VCALENDAR\r\n");
  std::filesystem::create_directory(dir / "events");
  const auto r =
      test::run_chronicle({"--events", "events", "import", "one.ics", "--dry-run"}, dir.path());
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "--- /dev/null\n"
            "+++ b/events/timeline.toml\n"
            "@@ -0,0 +1,4 @@\n"
            "+name = 'Team'\n"
            "+default_language = 'en'\n"
            "+time_zone = 'Europe/Moscow'\n"
            "+uid_domain = 'chronicle.invalid'\n"
            "--- /dev/null\n"
            "+++ b/events/2024-02-08-one.toml\n"
            "@@ -0,0 +1,5 @@\n"
            "+title = 'One'\n"
            "+date = '2024-02-08'\n"
            "+status = 'confirmed'\n"
            "+uid = '1@t'\n"
            "+revision = 1\n"
            "would add 2024-02-08-one  8 Feb 2024  One\n"
            "dry run: 1 added, 0 updated, 0 unchanged, 0 rejected\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir / "events")) << "a dry run writes nothing";
}

}  // namespace
}  // namespace chronicle
