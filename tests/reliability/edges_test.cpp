// Dates at the edges and TOML that is wrong in every way a hand-edited file can be.
#include <gtest/gtest.h>

#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

event_parse_result parse(const std::string& text, const std::string& tz = "America/New_York") {
  timeline_info info;
  info.time_zone = tz;
  return parse_event(text, "2024-02-08-x", "x.toml", info);
}

std::string messages(const event_parse_result& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += to_string(d) + "\n";
  return out;
}

TEST(date_edges, years_0001_and_9999_are_valid) {
  for (const char* d : {"0001-01-01", "9999-12-31", "0001", "9999", "0001-01/9999-12"}) {
    const auto r = parse(std::string("date = \"") + d + "\"\ntitle = \"x\"\n");
    EXPECT_FALSE(has_errors(r.diagnostics)) << d << messages(r);
  }
  for (const char* d : {"0000-01-01", "10000-01-01", "-0001"})
    EXPECT_TRUE(has_errors(parse(std::string("date = \"") + d + "\"\ntitle = \"x\"\n").diagnostics))
        << d;
}

TEST(date_edges, the_export_of_year_edges_reads_back) {
  test::scratch_timeline t(
      test::files{{"0001-01-01-first.toml", "date = \"0001-01-01\"\ntitle = \"First\"\n"},
                  {"9999-12-last.toml", "date = \"9999-12\"\ntitle = \"Last\"\n"}});
  const auto r = t.run({"export", "ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(test::census(r.out).components.at("VEVENT"), 2) << r.out;
  EXPECT_EQ(t.run({"list"}).exit, 0);
}

TEST(date_edges, february_29_only_in_leap_years) {
  EXPECT_TRUE(parse_edtf("2024-02-29").value);
  EXPECT_TRUE(parse_edtf("2000-02-29").value);
  const auto common = parse_edtf("2023-02-29");
  EXPECT_FALSE(common.value);
  EXPECT_TRUE(has(common.error, "29")) << common.error;
  EXPECT_FALSE(parse_edtf("1900-02-29").value);
}

/// A timed event at a local time in `tz`; the diagnostics of loading it.
std::string load_timed(const std::string& start, const std::string& tz) {
  const auto r = parse("start = \"" + start + "\"\ntz = \"" + tz + "\"\ntitle = \"x\"\n");
  EXPECT_FALSE(has_errors(r.diagnostics)) << messages(r);
  return messages(r);
}

TEST(date_edges, dst_gap_and_overlap_warn_in_new_york_and_toronto) {
  for (const char* tz : {"America/New_York", "America/Toronto"}) {
    EXPECT_TRUE(has(load_timed("2024-03-10T02:30", tz), "warning")) << tz;  // the gap
    EXPECT_TRUE(has(load_timed("2024-11-03T01:30", tz), "warning")) << tz;  // the overlap
    EXPECT_EQ(load_timed("2024-03-10T04:30", tz), "") << tz;
  }
}

TEST(date_edges, dst_gap_and_overlap_resolve_by_the_documented_rule) {
  // The rule the warnings state: a time in the gap is the instant the clocks jump (02:00 EST,
  // 07:00Z), a time in the overlap is its first occurrence (01:30 EDT, 05:30Z). The JSON's
  // start_utc is that instant.
  for (const char* tz : {"America/New_York", "America/Toronto"}) {
    test::scratch_timeline t(test::files{
        {"2024-03-10-gap.toml",
         std::string("start = \"2024-03-10T02:30\"\ntz = \"") + tz + "\"\ntitle = \"Gap\"\n"},
        {"2024-11-03-overlap.toml",
         std::string("start = \"2024-11-03T01:30\"\ntz = \"") + tz + "\"\ntitle = \"Overlap\"\n"}});
    const auto r = t.run({"list", "--format", "json"});
    EXPECT_EQ(r.exit, 0) << r.err;
    EXPECT_TRUE(has(r.out, "\"start_utc\": \"2024-03-10T07:00:00Z\"")) << tz << r.out;
    EXPECT_TRUE(has(r.out, "\"start_utc\": \"2024-11-03T05:30:00Z\"")) << tz << r.out;
  }
}

TEST(date_edges, check_warns_about_the_gap) {
  test::scratch_timeline t(
      test::files{{"2024-03-10-gap.toml",
                   "start = \"2024-03-10T02:30\"\ntz = \"America/Toronto\"\ntitle = \"Gap\"\n"}});
  const auto r = t.run({"check"});
  EXPECT_TRUE(has(r.err + r.out, "warning")) << r.err << r.out;
}

TEST(date_edges, unknown_time_zones_are_errors) {
  const auto r = parse("start = \"2024-03-10T10:00\"\ntz = \"Mars/Olympus_Mons\"\ntitle = \"x\"\n");
  EXPECT_TRUE(has_errors(r.diagnostics));
  EXPECT_TRUE(has(messages(r), "Mars/Olympus_Mons")) << messages(r);
  std::vector<diagnostic> ds;
  parse_timeline_info("time_zone = \"Etc/Nowhere\"\n", "timeline.toml", ds);
  EXPECT_TRUE(has_errors(ds));
}

TEST(toml_hostile, duplicate_keys_are_an_error_with_position) {
  const auto r = parse("date = \"2024-02-08\"\ntitle = \"a\"\ntitle = \"b\"\n");
  ASSERT_TRUE(has_errors(r.diagnostics));
  EXPECT_EQ(r.diagnostics[0].line, 3) << messages(r);
}

TEST(toml_hostile, wrong_types_are_errors_naming_the_key) {
  for (const char* text :
       {"date = 2024\ntitle = \"x\"\n", "date = \"2024-02-08\"\ntitle = 5\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\ntags = \"a\"\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\nrevision = \"one\"\n",
        "date = 2024-02-08\ntitle = \"x\"\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\n[place]\nlatitude = \"north\"\n"}) {
    const auto r = parse(text);
    EXPECT_TRUE(has_errors(r.diagnostics)) << text;
    EXPECT_GT(r.diagnostics.at(0).line, 0) << text;
  }
}

TEST(toml_hostile, huge_integers_are_errors_not_overflow) {
  for (const char* text :
       {"date = \"2024-02-08\"\ntitle = \"x\"\nrevision = 99999999999999999999\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\nrevision = 9223372036854775807\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\nrevision = -9223372036854775808\n",
        "date = \"2024-02-08\"\ntitle = \"x\"\n[place]\nlatitude = 1e400\n"}) {
    const auto r = parse(text);
    EXPECT_TRUE(has_errors(r.diagnostics)) << text;
  }
}

TEST(toml_hostile, deeply_nested_tables_are_an_error) {
  std::string text = "date = \"2024-02-08\"\ntitle = \"x\"\n[";
  for (int i = 0; i < 5000; ++i) text += i ? ".a" : "a";
  text += "]\nb = 1\n";
  const auto r = parse(text);
  EXPECT_TRUE(has_errors(r.diagnostics));
  std::string inline_tables = "date = \"2024-02-08\"\ntitle = \"x\"\nx = ";
  for (int i = 0; i < 5000; ++i) inline_tables += "{a=";
  inline_tables += "1";
  for (int i = 0; i < 5000; ++i) inline_tables += "}";
  EXPECT_TRUE(has_errors(parse(inline_tables + "\n").diagnostics));
}

}  // namespace
}  // namespace chronicle
