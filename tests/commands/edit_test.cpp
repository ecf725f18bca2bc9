// chronicle edit, with options and in a scripted $EDITOR, through the real binary.
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

const std::string k_id = "2024-05-12-curated";

/// A hand-curated file: comments everywhere, keys in an unusual order, odd spacing.
const std::string k_curated =
    "# Curated by hand; keep these notes.\n"
    "title = \"Curated meeting\"   # the short title\n"
    "\n"
    "# Date from the readout.\n"
    "date    = \"2024-05-12\"\n"
    "status = \"tentative\"\n"
    "tags = [\"c5plus1\",   \"dialogue\"]  # two tags\n"
    "follows = [\n"
    "  \"2024-02-08-inaugural-critical-minerals-dialogue\",  # the first meeting\n"
    "]\n"
    "revision = 4\n"
    "last_modified = 2026-01-01T00:00:00Z\n"
    "\n"
    "# Where.\n"
    "[place]\n"
    "city = \"Astana\"    # capital\n"
    "name = \"Palace of Independence\"\n"
    "\n"
    "[[sources]]   # the readout\n"
    "url = \"https://www.state.gov/readout\"\n";

/// `text` with `from` replaced by `to`, once; fails the test when `from` is missing.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class cli_edit : public ::testing::Test {
 protected:
  void SetUp() override { test::write_file(t.event(k_id), k_curated); }
  timeline_copy t;
};

TEST_F(cli_edit, changes_only_the_values_asked_for) {
  const auto r =
      t.run({"edit", "2024-05-12", "--set", "status=confirmed", "--add-tag", "astana", "--set",
             "place.country=KZ", "--set", "title.ru=Встреча в Астане", "--add-source",
             "https://astanatimes.com/x", "--publisher", "The Astana Times"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "2024\n"
            "  12 May 2024  Curated meeting\n"
            "               Palace of Independence, Astana, KZ\n"
            "               3 months 4 days after “Inaugural meeting of the C5+1 Critical "
            "Minerals Dialogue”\n"
            "updated events/2024-05-12-curated.toml (revision 5)\n");
  EXPECT_EQ(t.text(k_id),
            "# Curated by hand; keep these notes.\n"
            "\n"
            "# Date from the readout.\n"
            "date    = \"2024-05-12\"\n"
            "status = \"confirmed\"\n"
            "tags = [\"c5plus1\",   \"dialogue\", \"astana\"]  # two tags\n"
            "follows = [\n"
            "  \"2024-02-08-inaugural-critical-minerals-dialogue\",  # the first meeting\n"
            "]\n"
            "revision = 5\n"
            "last_modified = 2026-05-28T20:26:40Z\n"
            "\n"
            "[title]\n"
            "en = \"Curated meeting\"\n"
            "ru = \"Встреча в Астане\"\n"
            "\n"
            "# Where.\n"
            "[place]\n"
            "city = \"Astana\"    # capital\n"
            "name = \"Palace of Independence\"\n"
            "country = \"KZ\"\n"
            "\n"
            "[[sources]]   # the readout\n"
            "url = \"https://www.state.gov/readout\"\n"
            "\n"
            "[[sources]]\n"
            "url = \"https://astanatimes.com/x\"\n"
            "publisher = \"The Astana Times\"\n");
}

TEST_F(cli_edit, keeps_every_untouched_line_byte_for_byte) {
  const auto r = t.run({"edit", k_id, "--set", "date=2024-05-13"});
  ASSERT_EQ(r.exit, 0) << r.err;
  auto want = replaced(k_curated, "date    = \"2024-05-12\"", "date    = \"2024-05-13\"");
  want = replaced(want, "revision = 4", "revision = 5");
  want = replaced(want, "2026-01-01T00:00:00Z", "2026-05-28T20:26:40Z");
  EXPECT_EQ(t.text(k_id), want);
}

TEST_F(cli_edit, every_change_advances_revision_and_last_modified) {
  ASSERT_EQ(t.run({"edit", k_id, "--set", "status=confirmed"}).exit, 0);
  ASSERT_EQ(t.run({"edit", k_id, "--unset", "place.name"}).exit, 0);
  const auto e = parse_event(t.text(k_id), k_id, "x", {});
  ASSERT_TRUE(e.event);
  EXPECT_EQ(e.event->revision, 6);
  EXPECT_EQ(date::format("%FT%TZ", *e.event->last_modified), "2026-05-28T20:26:41Z")
      << "a second edit at the same clock still moves last_modified on";
  EXPECT_FALSE(contains(t.text(k_id), "Palace"));
  EXPECT_TRUE(contains(t.text(k_id), "[place]\ncity = \"Astana\"    # capital\n\n[[sources]]"));
}

TEST_F(cli_edit, dry_run_prints_a_diff_and_writes_nothing) {
  const auto r = t.run({"edit", k_id, "--remove-tag", "dialogue", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "--- a/events/2024-05-12-curated.toml\n"
            "+++ b/events/2024-05-12-curated.toml\n"
            "@@ -4,12 +4,12 @@\n"
            " # Date from the readout.\n"
            " date    = \"2024-05-12\"\n"
            " status = \"tentative\"\n"
            "-tags = [\"c5plus1\",   \"dialogue\"]  # two tags\n"
            "+tags = [\"c5plus1\"]  # two tags\n"
            " follows = [\n"
            "   \"2024-02-08-inaugural-critical-minerals-dialogue\",  # the first meeting\n"
            " ]\n"
            "-revision = 4\n"
            "-last_modified = 2026-01-01T00:00:00Z\n"
            "+revision = 5\n"
            "+last_modified = 2026-05-28T20:26:40Z\n"
            " \n"
            " # Where.\n"
            " [place]\n");
  EXPECT_EQ(t.text(k_id), k_curated);
}

TEST_F(cli_edit, refuses_a_change_that_would_make_the_file_invalid) {
  auto r = t.run({"edit", k_id, "--set", "date=2024-13", "--set", "place.country=Kazakhstan"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "chronicle: the change would make \"events/2024-05-12-curated.toml\" invalid; nothing "
            "written:\n"
            "events/2024-05-12-curated.toml:5:17: error: month 13 in \"2024-13\" is out of range "
            "(01-12)\n"
            "events/2024-05-12-curated.toml:18:11: error: country \"Kazakhstan\" is not an ISO "
            "3166-1 code; expected two capital letters such as \"US\" or \"KZ\"\n");
  r = t.run({"edit", k_id, "--set", "date=2024-01-01"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.err,
                       "follows \"2024-02-08-inaugural-critical-minerals-dialogue\" "
                       "(2024-02-08), which begins after this event (2024-01-01) ends"))
      << r.err;
  r = t.run({"edit", k_id, "--unset", "title"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.err, "error: missing \"title\"")) << r.err;
  EXPECT_EQ(t.text(k_id), k_curated);
}

TEST_F(cli_edit, usage_errors_name_the_option) {
  auto r = t.run({"edit", k_id, "--set", "colour=red"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(
      r.err.starts_with("chronicle: --set \"colour=red\": unknown key \"colour\"; "
                        "expected one of: title, title.LANG, date,"))
      << r.err;
  r = t.run({"edit", k_id, "--set", "status"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --set \"status\": expected KEY=VALUE, such as status=confirmed\n");
  r = t.run({"edit", k_id, "--remove-tag", "visit"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --remove-tag \"visit\": the event has no such tag\n");
  r = t.run({"edit", k_id, "--add-related", "2024-03"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(r.err.starts_with("chronicle: --add-related: \"2024-03\" is ambiguous")) << r.err;
  r = t.run({"edit", k_id, "--set", "revision=9"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --set \"revision=9\": \"revision\" is kept by chronicle and advances on "
            "every edit\n");
  EXPECT_EQ(t.text(k_id), k_curated);
}

TEST_F(cli_edit, relations_take_id_prefixes_and_can_be_removed) {
  auto r = t.run({"edit", k_id, "--add-related", "2024-03-03", "--remove-relation", "2024-02"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto text = t.text(k_id);
  EXPECT_FALSE(contains(text, "follows")) << text;
  EXPECT_TRUE(contains(text,
                       "tags = [\"c5plus1\",   \"dialogue\"]  # two tags\nrelated = "
                       "[\"2024-03-03-pdac-2024-convention\"]\nrevision = 5\n"))
      << text;
}

TEST_F(cli_edit, nothing_to_change_changes_nothing) {
  const auto r = t.run({"edit", k_id, "--add-tag", "dialogue"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "nothing to change; \"events/2024-05-12-curated.toml\" is unchanged\n");
  EXPECT_EQ(t.text(k_id), k_curated);
}

// ---- $EDITOR ----

/// Writes an executable shell script and returns its path.
std::string script(const timeline_copy& t, const std::string& name, const std::string& body) {
  const auto path = t.root() / name;
  test::write_file(path, "#!/bin/sh\n" + body);
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path.string();
}

/// The dot files an edit might leave in the events folder.
std::vector<std::string> leftovers(const timeline_copy& t) {
  std::vector<std::string> out;
  for (const auto& name : t.files())
    if (name.starts_with(".")) out.push_back(name);
  return out;
}

TEST_F(cli_edit, saves_a_valid_edit_made_in_the_editor) {
  const auto editor =
      script(t, "edit.sh", "sed -i 's/^status = \"tentative\"/status = \"cancelled\"/' \"$1\"\n");
  const auto r = t.run({"edit", "2024-05-12"}, {{"EDITOR", editor}});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  12 May 2024  Curated meeting [cancelled]\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "updated events/2024-05-12-curated.toml (revision 5)\n"));
  auto want = replaced(k_curated, "status = \"tentative\"", "status = \"cancelled\"");
  want = replaced(want, "revision = 4", "revision = 5");
  want = replaced(want, "2026-01-01T00:00:00Z", "2026-05-28T20:26:40Z");
  EXPECT_EQ(t.text(k_id), want);
  EXPECT_EQ(leftovers(t), std::vector<std::string>{});
}

TEST_F(cli_edit, reopens_an_invalid_edit_with_the_errors_on_top) {
  // First save: an impossible date. Second: the user sees the errors, and fixes the date.
  const auto editor = script(t, "edit.sh",
                             "if [ ! -f \"$0.count\" ]; then\n"
                             "  touch \"$0.count\"\n"
                             "  sed -i 's/^date    = .*/date    = \"2024-05-32\"/' \"$1\"\n"
                             "else\n"
                             "  cp \"$1\" \"$0.seen\"\n"
                             "  sed -i 's/^date    = .*/date    = \"2024-05-31\"/' \"$1\"\n"
                             "fi\n");
  const auto r = t.run({"edit", k_id}, {{"VISUAL", editor}, {"EDITOR", "false"}});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto seen = test::slurp(t.root() / "edit.sh.seen");
  EXPECT_TRUE(seen.starts_with(
      "# chronicle: this edit is not valid, so it was not saved. Fix the problems below and "
      "save, or quit\n"
      "# chronicle: without saving to abandon it. These \"# chronicle:\" lines are removed when "
      "you save.\n"
      "# chronicle: line 8:20: error: day 32 does not exist in 2024-05 (\"2024-05-32\")\n"
      "# Curated by hand; keep these notes.\n"))
      << seen;
  auto want = replaced(k_curated, "\"2024-05-12\"", "\"2024-05-31\"");
  want = replaced(want, "revision = 4", "revision = 5");
  want = replaced(want, "2026-01-01T00:00:00Z", "2026-05-28T20:26:40Z");
  EXPECT_EQ(t.text(k_id), want);
  EXPECT_EQ(leftovers(t), std::vector<std::string>{});
}

TEST_F(cli_edit, quitting_the_editor_unchanged_changes_nothing) {
  const auto r = t.run({"edit", k_id}, {{"EDITOR", script(t, "quit.sh", "exit 0\n")}});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "no changes; \"events/2024-05-12-curated.toml\" is unchanged\n");
  EXPECT_EQ(t.text(k_id), k_curated);
  EXPECT_EQ(leftovers(t), std::vector<std::string>{});
}

TEST_F(cli_edit, abandoning_an_invalid_edit_keeps_the_original) {
  const auto editor = script(t, "edit.sh",
                             "if [ ! -f \"$0.count\" ]; then\n"
                             "  touch \"$0.count\"\n"
                             "  sed -i 's/^status = .*/status = \"done\"/' \"$1\"\n"
                             "fi\n");
  const auto r = t.run({"edit", k_id}, {{"EDITOR", editor}});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err, "chronicle: edit abandoned; \"events/2024-05-12-curated.toml\" is unchanged\n");
  EXPECT_EQ(t.text(k_id), k_curated);
  EXPECT_EQ(leftovers(t), std::vector<std::string>{});
}

TEST_F(cli_edit, a_failing_editor_or_none_changes_nothing) {
  auto r = t.run({"edit", k_id}, {{"EDITOR", "false"}});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "chronicle: the editor exited with status 1; \"events/2024-05-12-curated.toml\" is "
            "unchanged\n");
  r = t.run({"edit", k_id});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(r.err.starts_with("chronicle: no editor: set VISUAL or EDITOR")) << r.err;
  EXPECT_EQ(t.text(k_id), k_curated);
  EXPECT_EQ(leftovers(t), std::vector<std::string>{});
}

}  // namespace
}  // namespace chronicle
