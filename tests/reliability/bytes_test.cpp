// Hostile bytes in event files and in .ics imports: control characters, invalid and overlong
// UTF-8, a BOM, NUL bytes. Each gives a clear error (file and position) or a documented repair;
// never a crash, and nothing is written on error.
#include <gtest/gtest.h>

#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

struct byte_case {
  std::string name;
  std::string title;  ///< raw TOML string body for the title
  bool accepted;      ///< documented outcome: loads (repair or as is) or error
  std::string message;
};

std::string event_with_title(const std::string& raw) {
  return "date = \"2024-02-08\"\ntitle = \"" + raw + "\"\n";
}

class event_file_bytes : public ::testing::TestWithParam<byte_case> {};

TEST_P(event_file_bytes, gives_documented_outcome_and_writes_nothing_on_error) {
  const auto& c = GetParam();
  test::scratch_timeline t(test::files{{"2024-02-08-x.toml", event_with_title(c.title)}});
  const auto list = t.run({"list"});
  const auto exp = t.run({"export", "ics", "-o", "out.ics"});
  if (c.accepted) {
    EXPECT_EQ(list.exit, 0) << list.err;
    EXPECT_EQ(exp.exit, 0) << exp.err;
    EXPECT_TRUE(std::filesystem::exists(t.root() / "out.ics"));
  } else {
    EXPECT_EQ(list.exit, 1) << list.err;
    EXPECT_TRUE(has(list.err, "2024-02-08-x.toml:")) << list.err;
    EXPECT_TRUE(has(list.err, c.message)) << list.err;
    EXPECT_EQ(exp.exit, 1) << exp.err;
    EXPECT_FALSE(std::filesystem::exists(t.root() / "out.ics"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    hostile, event_file_bytes,
    ::testing::Values(byte_case{"plain", "Meeting", true, ""},
                      byte_case{"escaped_control", "Bell\\u0007 tab\\t", true, ""},
                      byte_case{"raw_control", "Bell\x07", false, "error"},
                      byte_case{"raw_escape_sequence", "\x1b[31mred", false, "error"},
                      byte_case{"nul_byte", std::string("a\0b", 3), false, "error"},
                      byte_case{"invalid_utf8", "caf\xe9", false, "error"},
                      byte_case{"overlong_utf8_slash", "a\xc0\xaf", false, "error"},
                      byte_case{"overlong_utf8_nul", "a\xc0\x80", false, "error"},
                      byte_case{"surrogate_utf8", "a\xed\xa0\x80", false, "error"},
                      byte_case{"truncated_utf8", "a\xe2\x82", false, "error"}),
    [](const auto& p) { return p.param.name; });

TEST(event_file_bytes, a_bom_is_accepted) {
  test::scratch_timeline t(
      test::files{{"2024-02-08-x.toml", "\xef\xbb\xbf" + event_with_title("Meeting")}});
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 0) << list.err;
  EXPECT_TRUE(has(list.out, "Meeting"));
}

TEST(event_file_bytes, nul_bytes_outside_strings_are_an_error) {
  const auto text = std::string("date = \"2024-02-08\"") + '\0' + "\ntitle = \"x\"\n";
  test::scratch_timeline t(test::files{{"2024-02-08-x.toml", text}});
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 1) << list.err;
  EXPECT_TRUE(has(list.err, "2024-02-08-x.toml:")) << list.err;
}

const std::string k_head =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
    "DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240208\r\n";
const std::string k_tail = "END:VEVENT\r\nEND:VCALENDAR\r\n";

struct ics_case {
  std::string name;
  std::string summary;  ///< raw SUMMARY value bytes
};

class ics_bytes : public ::testing::TestWithParam<ics_case> {};

/// Whatever the bytes, import either takes the event with text that is valid UTF-8 and has no
/// control characters but tab and line feed, or rejects it with the line; a rejection writes
/// nothing, and whatever is written loads and exports.
TEST_P(ics_bytes, import_repairs_or_rejects_and_the_result_loads) {
  test::scratch_timeline t;
  test::write_file(t.root() / "in.ics", k_head + "SUMMARY:" + GetParam().summary + "\r\n" + k_tail);
  const auto imp = t.run({"import", "in.ics"});
  ASSERT_TRUE(imp.exit == 0 || imp.exit == 1) << imp.exit << imp.err;
  if (imp.exit == 1) {
    EXPECT_TRUE(has(imp.err, "in.ics:")) << imp.err;
    EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
    return;
  }
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 0) << list.err;
  const auto exp = t.run({"export", "ics"});
  EXPECT_EQ(exp.exit, 0) << exp.err;
  EXPECT_FALSE(has(exp.out, std::string(1, '\0'))) << "never a NUL byte in an export";
  const auto c = test::census(exp.out);
  EXPECT_EQ(c.components.at("VCALENDAR"), 1);
  EXPECT_LE(c.components.count("VEVENT") ? c.components.at("VEVENT") : 0, 1);
}

INSTANTIATE_TEST_SUITE_P(hostile, ics_bytes,
                         ::testing::Values(ics_case{"control", "Bell\x07 esc\x1b[31m"},
                                           ics_case{"nul_byte", std::string("a\0b", 3)},
                                           ics_case{"invalid_utf8", "caf\xe9"},
                                           ics_case{"overlong_utf8", "a\xc0\xaf\xc0\x80"},
                                           ics_case{"surrogate_utf8", "a\xed\xa0\x80"},
                                           ics_case{"lone_cr", "a\rb"}),
                         [](const auto& p) { return p.param.name; });

TEST(ics_bytes, a_bom_is_accepted) {
  test::scratch_timeline t;
  test::write_file(t.root() / "in.ics", "\xef\xbb\xbf" + k_head + "SUMMARY:Bom\r\n" + k_tail);
  const auto imp = t.run({"import", "in.ics"});
  EXPECT_EQ(imp.exit, 0) << imp.err;
  EXPECT_TRUE(has(t.run({"list"}).out, "Bom"));
}

}  // namespace
}  // namespace chronicle
