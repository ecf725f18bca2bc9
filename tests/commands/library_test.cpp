// The library parts behind the commands: id lookup, guarded writes, diffs, checks and
// validation of a changed event.
#include <gtest/gtest.h>

#include "chronicle/check/check.hpp"
#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/text_diff.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::temp_dir;
using test::write_file;

const std::vector<std::string> k_ids{"2024-02-08-meeting", "2024-03-03-pdac", "2024-03-visit"};

TEST(resolve_id, takes_an_exact_id_or_a_unique_prefix) {
  EXPECT_EQ(resolve_id(k_ids, "2024-03-visit").id, "2024-03-visit");
  EXPECT_EQ(resolve_id(k_ids, "2024-02").id, "2024-02-08-meeting");
  EXPECT_EQ(resolve_id(k_ids, "2024-03-v").id, "2024-03-visit");
}

TEST(resolve_id, lists_the_candidates_of_an_ambiguous_prefix) {
  const auto m = resolve_id(k_ids, "2024-03");
  EXPECT_EQ(m.id, "");
  EXPECT_EQ(m.candidates, (std::vector<std::string>{"2024-03-03-pdac", "2024-03-visit"}));
  EXPECT_EQ(describe_mismatch(m, "2024-03", "events"),
            "\"2024-03\" is ambiguous; it may be:\n  2024-03-03-pdac\n  2024-03-visit");
  EXPECT_EQ(describe_mismatch(resolve_id(k_ids, "2025"), "2025", "events"),
            "no event \"2025\" in \"events\"; expected an event id, the start of one, or a part "
            "of a title (see \"chronicle list --ids\")");
}

TEST(event_file, refuses_ids_and_links_that_leave_the_folder) {
  temp_dir dir;
  std::filesystem::create_directories(dir / "events");
  // An invalid id is a bug of the caller (the command line reports it as a usage error first).
  EXPECT_THROW(event_file(dir / "events", "../x"), std::invalid_argument);
  EXPECT_THROW(event_file(dir / "events", "a/b"), std::invalid_argument);
  write_file(dir / "outside.toml", "title = \"x\"\n");
  std::filesystem::create_symlink(dir / "outside.toml", dir / "events/evil.toml");
  try {
    replace_event_file(dir / "events", "evil", "broken");
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_TRUE(test::contains(e.what(), "outside the timeline folder")) << e.what();
  }
  EXPECT_EQ(test::slurp(dir / "outside.toml"), "title = \"x\"\n");
}

TEST(create_event_file, never_replaces_and_numbers_clashes) {
  temp_dir dir;
  EXPECT_EQ(create_event_file(dir.path(), "2024-05-x", "one"), "2024-05-x");
  EXPECT_EQ(create_event_file(dir.path(), "2024-05-x", "two"), "2024-05-x-2");
  EXPECT_EQ(create_event_file(dir.path(), "2024-05-x", "three"), "2024-05-x-3");
  EXPECT_EQ(test::slurp(dir / "2024-05-x.toml"), "one");
  EXPECT_EQ(test::slurp(dir / "2024-05-x-3.toml"), "three");
}

TEST(unified_diff, shows_changed_lines_with_context) {
  EXPECT_EQ(unified_diff("a\nb\nc\n", "a\nb\nc\n", "x", "x"), "");
  EXPECT_EQ(
      unified_diff("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nD\ne\nf\ng\nh\ni\n", "a/x", "b/x", 1),
      "--- a/x\n+++ b/x\n@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n@@ -8 +8,2 @@\n h\n+i\n");
}

// ---- check ----

/// A timeline folder with these event files (id -> text).
void make_timeline(const temp_dir& dir, const std::map<std::string, std::string>& events) {
  write_file(dir / "events/timeline.toml", test::timeline_toml());
  for (const auto& [id, text] : events) write_file(dir / ("events/" + id + ".toml"), text);
}

std::vector<std::string> texts(const std::vector<diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(to_string(d));
  return out;
}

check_options on(date::year_month_day today) {
  check_options o;
  o.today = date::sys_days{today};
  return o;
}

TEST(check_timeline, finds_cycles_forward_follows_and_duplicate_uids) {
  temp_dir dir;
  make_timeline(dir, {{"a", "title = \"a\"\ndate = \"2024-01-01\"\nfollows = [\"c\"]\n"},
                      {"b", "title = \"b\"\ndate = \"2024-02-01\"\nfollows = [\"a\"]\n"},
                      {"c", "title = \"c\"\ndate = \"2024-03-01\"\nfollows = [\"b\"]\n"},
                      {"d", "title = \"d\"\ndate = \"2024-04\"\nuid = \"a@test.invalid\"\n"}});
  const auto r = check_timeline(dir / "events", on(date::year{2024} / 5 / 1));
  const auto e = (dir / "events/").string();
  EXPECT_EQ(texts(r.diagnostics),
            (std::vector<std::string>{
                e + "a.toml:3:12: error: follows goes round in a cycle: \"a\" → \"c\" → \"b\" → "
                    "\"a\"; an event cannot follow itself, even through others",
                e + "a.toml:3:12: error: follows \"c\" (2024-03-01), which begins after this "
                    "event (2024-01-01) ends; \"follows\" names an earlier event",
                e + "d.toml:3:7: error: duplicate UID \"a@test.invalid\": event \"a\" has it too; "
                    "calendar apps would merge the two events"}));
  EXPECT_EQ(r.files, 4u);
}

TEST(check_timeline, warns_about_past_events_still_planned) {
  temp_dir dir;
  make_timeline(dir, {{"a", "title = \"a\"\ndate = \"2024-03\"\nstatus = \"planned\"\n"},
                      {"b", "title = \"b\"\ndate = \"2024-06-01\"\nstatus = \"tentative\"\n"}});
  auto r = check_timeline(dir / "events", on(date::year{2024} / 4 / 1));
  EXPECT_EQ(texts(r.diagnostics),
            (std::vector<std::string>{(dir / "events/a.toml").string() +
                                      ":3:10: warning: the event (2024-03) is past, as of "
                                      "2024-04-01, but still \"planned\"; set its status to "
                                      "confirmed or cancelled"}));
  EXPECT_FALSE(has_errors(r.diagnostics));
  r = check_timeline(dir / "events", on(date::year{2024} / 3 / 31));
  EXPECT_TRUE(r.diagnostics.empty()) << "the month is not over on its last day";
}

TEST(check_timeline, reports_malformed_source_urls_where_they_are) {
  temp_dir dir;
  make_timeline(dir, {{"a",
                       "title = \"a\"\ndate = \"2024\"\n\n[[sources]]\nurl = "
                       "\"https://exa mple.org/\"\n\n[[sources]]\nurl = "
                       "\"https://example/x\"\n\n[[sources]]\nurl = \"https://ex.org/100%\"\n"
                       "\n[[sources]]\nurl = \"https://президент.рф/news\"\n"}});
  const auto r = check_timeline(dir / "events", on(date::year{2024} / 1 / 1));
  const auto f = (dir / "events/a.toml").string();
  EXPECT_EQ(texts(r.diagnostics),
            (std::vector<std::string>{
                f + ":5:7: error: \"https://exa mple.org/\" is not a web address: it has a "
                    "space at character 12",
                f + ":8:7: error: \"https://example/x\" is not a web address: host \"example\" is "
                    "not a domain name such as example.org",
                f + ":11:7: error: \"https://ex.org/100%\" is not a web address: \"%\" (character "
                    "19) does not start an escape such as %20"}));
}

TEST(check_timeline, the_shipped_timeline_and_its_export_are_clean) {
  check_options o = on(date::year{2026} / 11 / 26);
  o.exports = test::k_source_dir / "exports";
  const auto r = check_timeline(test::k_source_dir / "events", o);
  EXPECT_EQ(texts(r.diagnostics), std::vector<std::string>{});
}

TEST(check_exports, points_at_the_first_line_that_differs) {
  temp_dir dir;
  make_timeline(dir, {{"a", "title = \"a\"\ndate = \"2024-01-01\"\nrevision = 2\n"}});
  auto loaded = load_timeline(dir / "events");
  ASSERT_FALSE(has_errors(loaded.diagnostics));
  const auto committed = *export_ics(loaded.timeline, {});
  write_file(dir / "exports/current.ics", committed);
  // An export made before the revision changed: SEQUENCE 0 instead of 1.
  auto old_text = committed;
  old_text.replace(old_text.find("SEQUENCE:1"), 10, "SEQUENCE:0");
  write_file(dir / "exports/old.ics", old_text);
  const auto ds = check_exports(loaded.timeline, dir / "exports", dir / "events");
  ASSERT_EQ(ds.size(), 1u) << texts(ds).front();
  EXPECT_EQ(ds[0].file, (dir / "exports/old.ics").string());
  EXPECT_EQ(ds[0].message,
            "export is out of date: \"SEQUENCE:0\" here, \"SEQUENCE:1\" in a fresh export, in "
            "the event with UID \"a@test.invalid\"; regenerate it with \"chronicle --events " +
                (dir / "events").string() + " export ics -o " + (dir / "exports/old.ics").string() +
                "\"");
  EXPECT_GT(ds[0].line, 1);
}

TEST(validate_event_text, reports_what_a_change_would_break_elsewhere) {
  temp_dir dir;
  make_timeline(dir, {{"a", "title = \"a\"\ndate = \"2024-01-01\"\n"},
                      {"b", "title = \"b\"\ndate = \"2024-02-01\"\nfollows = [\"a\"]\n"}});
  const auto loaded = load_timeline(dir / "events");
  const std::vector<std::string> ids{"a", "b"};
  const auto a_file = (dir / "events/a.toml").string();
  // Moving "a" after "b" makes b's "follows" point forward in time.
  const auto ds = validate_event_text(loaded.timeline, ids, "a",
                                      "title = \"a\"\ndate = \"2024-03-01\"\n", a_file);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].file, (dir / "events/b.toml").string());
  EXPECT_EQ(ds[0].line, 3);
  // A relation to a missing event, in the file itself.
  const auto missing = validate_event_text(loaded.timeline, ids, "a",
                                           "title = \"a\"\ndate = \"2024-01-01\"\nrelated = "
                                           "[\"ghost\"]\n",
                                           a_file);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(to_string(missing[0]),
            a_file +
                ":3:12: error: related refers to \"ghost\", which is not an event of this "
                "timeline; expected the id of an event file");
}

}  // namespace
}  // namespace chronicle
