// chronicle show and chronicle remove, through the real binary.
#include "chronicle/store/storage.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::timeline_copy;

TEST(cli_show, shows_every_field_and_relations_in_both_directions) {
  timeline_copy t;
  const auto r = t.run({"show", "2024-03-03"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "PDAC 2024 convention\n"
            "  id            2024-03-03-pdac-2024-convention\n"
            "  date          3–6 Mar 2024 (2024-03-03/2024-03-06)\n"
            "  status        confirmed\n"
            "  place         Metro Toronto Convention Centre, Toronto, CA\n"
            "  tags          pdac, convention, critical-minerals\n"
            "  title (ru)    Конвенция PDAC 2024\n"
            "  uid           2024-03-03-pdac-2024-convention@c5plus1.chronicle.invalid\n"
            "  revision      1, last modified 2026-11-26T10:00:00Z\n"
            "  file          events/2024-03-03-pdac-2024-convention.toml\n"
            "\n"
            "Description (en)\n"
            "  The annual convention of the Prospectors & Developers Association of Canada "
            "(PDAC) at the Metro Toronto Convention Centre.\n"
            "\n"
            "Description (ru)\n"
            "  Ежегодная конвенция Ассоциации старателей и разработчиков Канады (PDAC) в Metro "
            "Toronto Convention Centre.\n"
            "\n"
            "About the date\n"
            "  The convention's own dates, 3–6 March 2024, from the organiser; the source text "
            "names PDAC without dates.\n"
            "\n"
            "Sources\n"
            "  1. Prospectors & Developers Association of Canada, PDAC 2024 Convention, 3–6 March "
            "2024, Metro Toronto Convention Centre, 2024 (en)\n"
            "     https://www.pdac.ca/convention\n"
            "\n"
            "Relations\n"
            "  related to “Minister Kanat Sharlapayev's working visit to PDAC in Toronto” "
            "(2024-03-sharlapayev-visit-to-pdac-toronto)\n");
}

TEST(cli_show, names_relations_held_by_other_events) {
  timeline_copy t;
  auto r = t.run({"show", "2023"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out,
                       "\nRelations\n  followed by “Inaugural meeting of the C5+1 Critical "
                       "Minerals Dialogue” (2024-02-08-inaugural-critical-minerals-"
                       "dialogue)\n"))
      << r.out;
  r = t.run({"show", "2024-03-sh", "--lang", "ru"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(
      r.out.starts_with("Рабочая поездка министра промышленности и строительства РК "
                        "Каната Шарлапаева на PDAC в Торонто\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "  date          март 2024 (2024-03)\n")) << r.out;
  EXPECT_TRUE(contains(r.out,
                       "  включает «Министр Шарлапаев открывает национальный павильон "
                       "Казахстана на PDAC 2024» (2024-03-04-kazakhstan-pavilion-opens-at-"
                       "pdac)\n"))
      << r.out;
}

TEST(cli_show, lists_the_candidates_of_an_ambiguous_prefix) {
  timeline_copy t;
  auto r = t.run({"show", "2024-03"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "chronicle: \"2024-03\" is ambiguous; it may be:\n"
            "  2024-03-03-pdac-2024-convention  PDAC 2024 convention\n"
            "  2024-03-04-kazakhstan-pavilion-opens-at-pdac  Minister Sharlapaev opens "
            "Kazakhstan's national pavilion at PDAC 2024\n"
            "  2024-03-sharlapayev-visit-to-pdac-toronto  Minister Kanat Sharlapayev's working "
            "visit to PDAC in Toronto\n");
  r = t.run({"show", "2025"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(r.err.starts_with("chronicle: no event \"2025\" in \"events\"")) << r.err;
}

TEST(cli_show, shows_an_event_named_by_a_unique_part_of_its_title) {
  timeline_copy t;
  // Any language of the title, in any case.
  for (const char* text : {"convention", "КОНВЕНЦИЯ", "working visit", "саммит"}) {
    const auto r = t.run({"show", text});
    EXPECT_EQ(r.exit, 0) << text << "\n" << r.err;
    EXPECT_TRUE(contains(r.out, "id ")) << r.out;
  }
  EXPECT_TRUE(contains(t.run({"show", "convention"}).out, "2024-03-03-pdac-2024-convention"));
  EXPECT_TRUE(contains(t.run({"show", "саммит"}).out, "2023-09-19-c5plus1-summit-new-york"));
  // An id and its prefix come first; a part of several titles lists them.
  const auto r = t.run({"show", "Minister"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: \"Minister\" is ambiguous; it may be:\n"
            "  2024-03-04-kazakhstan-pavilion-opens-at-pdac  Minister Sharlapaev opens "
            "Kazakhstan's national pavilion at PDAC 2024\n"
            "  2024-03-sharlapayev-visit-to-pdac-toronto  Minister Kanat Sharlapayev's working "
            "visit to PDAC in Toronto\n");
}

TEST(cli_edit_remove, accept_a_unique_part_of_the_title) {
  timeline_copy t;
  auto r = t.run({"edit", "Kanat Sharlapayev", "--add-tag", "visit"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(t.text("2024-03-sharlapayev-visit-to-pdac-toronto"), "visit")) << r.err;
  r = t.run({"remove", "Nothing like this title"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err, "no event \"Nothing like this title\" in \"events\"")) << r.err;
  r = t.run({"remove", "павильон", "--force"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(t.event("2024-03-04-kazakhstan-pavilion-opens-at-pdac")));
}

TEST(cli_show, reports_the_problems_of_an_invalid_event) {
  timeline_copy t;
  test::write_file(t.event("2024-04-broken"), "title = \"b\"\ndate = \"2024-04-31\"\n");
  const auto r = t.run({"show", "2024-04"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.err,
            "events/2024-04-broken.toml:2:17: error: day 31 does not exist in 2024-04 "
            "(\"2024-04-31\")\n"
            "chronicle: \"2024-04-broken\" has errors; fix them with \"chronicle edit "
            "2024-04-broken\"\n");
}

const std::string k_visit = "2024-03-sharlapayev-visit-to-pdac-toronto";
const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";

TEST(cli_remove, refuses_while_other_events_relate_and_names_them) {
  timeline_copy t;
  const auto before = t.files();
  const auto r = t.run({"remove", "2024-02-08"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "chronicle: not removing \"2024-02-08-inaugural-critical-minerals-dialogue\": other "
            "events relate to it:\n"
            "  2024-03-sharlapayev-visit-to-pdac-toronto (related)\n"
            "use --force to remove it and drop these relations\n");
  EXPECT_EQ(t.files(), before);
}

TEST(cli_remove, force_drops_the_relations_in_place) {
  timeline_copy t;
  const auto visit = t.text(k_visit);
  const auto r = t.run({"remove", "--force", "2024-02-08"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "dropped the relation to \"2024-02-08-inaugural-critical-minerals-dialogue\" from "
            "events/2024-03-sharlapayev-visit-to-pdac-toronto.toml\n"
            "removed events/2024-02-08-inaugural-critical-minerals-dialogue.toml\n"
            "kept a tombstone, "
            "events/.chronicle/removed/2024-02-08-inaugural-critical-minerals-dialogue.toml: "
            "\"export ics\" cancels the event in calendars that imported it\n");
  EXPECT_FALSE(std::filesystem::exists(t.event(k_meeting)));
  // Only the relation and the change record differ; every other byte is kept.
  auto want = visit;
  const std::string from =
      "related = [\"2024-02-08-inaugural-critical-minerals-dialogue\", "
      "\"2024-03-03-pdac-2024-convention\"]";
  want.replace(want.find(from), from.size(), "related = [\"2024-03-03-pdac-2024-convention\"]");
  want.replace(want.find("revision = 1"), 12, "revision = 2");
  want.replace(want.find("last_modified = 2026-11-26T10:00:00Z"), 36,
               "last_modified = 2026-11-26T10:00:01Z");
  EXPECT_EQ(t.text(k_visit), want);
  const auto loaded = load_timeline(t.events());
  for (const auto& d : loaded.diagnostics) ADD_FAILURE() << to_string(d);
}

/// The whole of `text` deleted, as a unified diff to /dev/null.
std::string deletion_diff(const std::string& path, const std::string& text) {
  std::string body;
  int lines = 0;
  for (std::size_t at = 0; at < text.size(); ++lines) {
    const auto nl = text.find('\n', at);
    body += "-" + text.substr(at, nl - at + 1);
    at = nl + 1;
  }
  return "--- a/" + path + "\n+++ /dev/null\n@@ -1," + std::to_string(lines) + " +0,0 @@\n" + body;
}

TEST(cli_remove, dry_run_shows_the_changes_and_writes_nothing) {
  timeline_copy t;
  const auto before = t.files();
  const auto visit = t.text(k_visit);
  const auto meeting = deletion_diff("events/" + k_meeting + ".toml", t.text(k_meeting));
  const auto r = t.run({"remove", "2024-02-08", "--force", "--dry-run"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "--- a/events/2024-03-sharlapayev-visit-to-pdac-toronto.toml\n"
            "+++ b/events/2024-03-sharlapayev-visit-to-pdac-toronto.toml\n"
            "@@ -1,14 +1,14 @@\n"
            " date = \"2024-03\"\n"
            " status = \"confirmed\"\n"
            " tags = [\"kazakhstan\", \"critical-minerals\", \"pdac\", \"visit\"]\n"
            "-related = [\"2024-02-08-inaugural-critical-minerals-dialogue\", "
            "\"2024-03-03-pdac-2024-convention\"]\n"
            "+related = [\"2024-03-03-pdac-2024-convention\"]\n"
            " date_note = \"\"\"\n"
            " The source text gives the month only (“в марте”, March 2024) and, written in "
            "February, \\\n"
            " announces the trip as planned; the days of the trip are not known. The Astana Times "
            "reported \\\n"
            " on 5 March 2024 that the minister opened Kazakhstan's pavilion at PDAC on 4 March "
            "2024, which \\\n"
            " confirms that the visit took place.\"\"\"\n"
            "-revision = 1\n"
            "-last_modified = 2026-11-26T10:00:00Z\n"
            "+revision = 2\n"
            "+last_modified = 2026-11-26T10:00:01Z\n"
            " \n"
            " [title]\n"
            " en = \"Minister Kanat Sharlapayev's working visit to PDAC in Toronto\"\n" +
                meeting);
  EXPECT_EQ(r.err,
            "would remove events/2024-02-08-inaugural-critical-minerals-dialogue.toml (nothing "
            "written: --dry-run)\n"
            "would keep a tombstone, "
            "events/.chronicle/removed/2024-02-08-inaugural-critical-minerals-dialogue.toml: "
            "\"export ics\" cancels the event in calendars that imported it\n");
  EXPECT_EQ(t.files(), before);
  EXPECT_EQ(t.text(k_visit), visit);
}

TEST(cli_remove, removes_an_event_nothing_relates_to) {
  timeline_copy t;
  const auto r = t.run({"remove", "2024-03-04"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "removed events/2024-03-04-kazakhstan-pavilion-opens-at-pdac.toml\n"
            "kept a tombstone, events/.chronicle/removed/"
            "2024-03-04-kazakhstan-pavilion-opens-at-pdac.toml: \"export ics\" cancels the "
            "event in calendars that imported it\n");
  EXPECT_FALSE(std::filesystem::exists(t.event("2024-03-04-kazakhstan-pavilion-opens-at-pdac")));
  EXPECT_EQ(t.run({"check", "--today", "2026-11-26"}).exit, 0);
}

TEST(cli_remove, refuses_a_file_that_resolves_outside_the_folder) {
  timeline_copy t;
  test::write_file(t.root() / "outside.toml", "title = \"o\"\ndate = \"2024-04-01\"\n");
  std::filesystem::create_symlink(t.root() / "outside.toml", t.event("2024-04-01-outside"));
  auto r = t.run({"remove", "2024-04-01"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "outside the timeline folder")) << r.err;
  r = t.run({"edit", "2024-04-01", "--set", "status=cancelled"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "outside the timeline folder")) << r.err;
  EXPECT_EQ(test::slurp(t.root() / "outside.toml"), "title = \"o\"\ndate = \"2024-04-01\"\n");
  EXPECT_TRUE(std::filesystem::is_symlink(t.event("2024-04-01-outside")));
}

TEST(cli_help, every_new_command_has_help_with_examples) {
  for (const char* command : {"add", "show", "edit", "remove", "check"}) {
    const auto r = test::run_chronicle({command, "--help"});
    EXPECT_EQ(r.exit, 0) << command;
    EXPECT_TRUE(contains(r.out, "Examples:")) << command << r.out;
  }
}

}  // namespace
}  // namespace chronicle
