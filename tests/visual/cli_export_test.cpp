// The export subcommands through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support.hpp"

namespace chronicle {
namespace {

using test::run_chronicle;
using test::temp_dir;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(cli_export_html, matches_the_committed_page) {
  const auto r = run_chronicle({"export", "html"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(r.out == test::slurp(test::k_source_dir / "exports/c5plus1.html"))
      << "exports/c5plus1.html is stale: run ./scripts/run to regenerate it";
}

TEST(cli_export_html, writes_a_file_in_the_chosen_language) {
  temp_dir dir;
  const auto out = (dir / "ru.html").string();
  const auto r = run_chronicle({"export", "html", "--lang", "ru", "-o", out});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const auto html = test::slurp(out);
  EXPECT_TRUE(contains(html, "<html lang=\"ru\">"));
  EXPECT_TRUE(contains(html, "8 февраля 2024"));
}

TEST(cli_export_html, filters_like_list) {
  const auto r = run_chronicle({"export", "html", "--from", "2024-03", "--tag", "pdac"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Events: 3"));
  EXPECT_FALSE(contains(r.out, "id=\"ev-2023-09-19-c5plus1-summit-new-york\""));
}

TEST(cli_export_formats, json_is_what_list_prints) {
  const auto exported = run_chronicle({"export", "json", "--lang", "ru"});
  const auto listed = run_chronicle({"list", "--format", "json", "--lang", "ru"});
  ASSERT_EQ(exported.exit, 0) << exported.err;
  EXPECT_EQ(exported.out, listed.out);
  EXPECT_EQ(nlohmann::json::parse(exported.out)["format"], "chronicle-timeline");
}

TEST(cli_export_formats, markdown_csv_and_timelinejs_write_files) {
  temp_dir dir;
  for (const auto* format : {"markdown", "csv", "timelinejs"}) {
    const auto out = (dir / (std::string("c.") + format)).string();
    const auto r = run_chronicle({"export", format, "-o", out});
    ASSERT_EQ(r.exit, 0) << format << ": " << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_FALSE(test::slurp(out).empty()) << format;
  }
  EXPECT_TRUE(test::slurp(dir / "c.markdown").starts_with("# C5+1 Critical Minerals Dialogue"));
  EXPECT_TRUE(test::slurp(dir / "c.csv").starts_with("id,date,display_date,"));
  EXPECT_EQ(nlohmann::json::parse(test::slurp(dir / "c.timelinejs"))["events"].size(), 5u);
}

TEST(cli_export_formats, usage_and_io_errors) {
  auto r = run_chronicle({"export", "csv", "--from", "someday"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err, "chronicle: --from \"someday\": expected an EDTF date")) << r.err;
  r = run_chronicle({"export", "html", "--lang", "fr"});
  EXPECT_EQ(r.exit, 2);
  r = run_chronicle({"export", "html", "--from", "2024-03", "--to", "2024-01"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.err, "is before --from")) << r.err;
  r = run_chronicle({"export", "timelinejs", "-o", "/nonexistent/dir/t.json"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "cannot write \"/nonexistent/dir/t.json\"")) << r.err;
}

TEST(cli_export_formats, bad_data_exits_1_and_writes_nothing) {
  temp_dir dir;
  test::write_file(dir / "events/timeline.toml", test::timeline_toml());
  test::write_file(dir / "events/a.toml", "title = \"a\"\ndate = \"2024-13\"\n");
  test::write_file(dir / "old.html", "old");
  const auto r = run_chronicle({"export", "html", "-o", "old.html"}, dir.path());
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.err, "events/a.toml:2:")) << r.err;
  EXPECT_EQ(test::slurp(dir / "old.html"), "old");
}

TEST(cli_export_help, every_export_has_help_with_examples) {
  for (const auto* format : {"html", "markdown", "json", "csv", "timelinejs"}) {
    const auto r = run_chronicle({"export", format, "--help"});
    EXPECT_EQ(r.exit, 0) << format;
    EXPECT_TRUE(contains(r.out, "Examples:\n  chronicle export ")) << r.out;
  }
}

}  // namespace
}  // namespace chronicle
