#include "chronicle/model/edtf.hpp"

#include <gtest/gtest.h>

namespace chronicle {
namespace {

using namespace date::literals;

edtf_date parse_ok(std::string_view text) {
  auto r = parse_edtf(text);
  EXPECT_TRUE(r.value.has_value()) << text << ": " << r.error;
  return r.value.value_or(edtf_date{});
}

TEST(edtf, reads_a_day) {
  const auto d = parse_ok("2024-02-08");
  EXPECT_EQ(d.precision(), precision::day);
  EXPECT_EQ(d.first_day(), date::sys_days{2024_y / date::February / 8});
  EXPECT_EQ(d.last_day(), d.first_day());
  EXPECT_FALSE(d.is_range());
}

TEST(edtf, reads_a_month_as_its_whole_span) {
  const auto d = parse_ok("2024-03");
  EXPECT_EQ(d.precision(), precision::month);
  EXPECT_FALSE(d.start.day.has_value()) << "no day may be invented";
  EXPECT_EQ(d.first_day(), date::sys_days{2024_y / date::March / 1});
  EXPECT_EQ(d.last_day(), date::sys_days{2024_y / date::March / 31});
}

TEST(edtf, reads_a_year_as_its_whole_span) {
  const auto d = parse_ok("2023");
  EXPECT_EQ(d.precision(), precision::year);
  EXPECT_EQ(d.first_day(), date::sys_days{2023_y / date::January / 1});
  EXPECT_EQ(d.last_day(), date::sys_days{2023_y / date::December / 31});
}

TEST(edtf, february_span_knows_leap_years) {
  EXPECT_EQ(parse_ok("2024-02").last_day(), date::sys_days{2024_y / date::February / 29});
  EXPECT_EQ(parse_ok("2023-02").last_day(), date::sys_days{2023_y / date::February / 28});
}

TEST(edtf, reads_an_inclusive_range) {
  const auto d = parse_ok("2024-03-03/2024-03-06");
  ASSERT_TRUE(d.is_range());
  EXPECT_EQ(d.first_day(), date::sys_days{2024_y / date::March / 3});
  EXPECT_EQ(d.last_day(), date::sys_days{2024_y / date::March / 6});
}

TEST(edtf, reads_qualifiers) {
  EXPECT_TRUE(parse_ok("2024-03~").approximate());
  EXPECT_FALSE(parse_ok("2024-03~").uncertain());
  EXPECT_TRUE(parse_ok("2024-03?").uncertain());
  const auto both = parse_ok("2024%");
  EXPECT_TRUE(both.uncertain());
  EXPECT_TRUE(both.approximate());
  EXPECT_TRUE(parse_ok("2024-03-01?/2024-03-05").uncertain());
}

TEST(edtf, writes_back_what_it_reads) {
  for (const char* text : {"2024-02-08", "2024-03", "2023", "2024-03-03/2024-03-06", "2024-03~",
                           "2024-03-08?", "2024%", "0001-01-01", "9999-12-31", "2023/2024"})
    EXPECT_EQ(to_edtf(parse_ok(text)), text);
}

struct rejection {
  const char* text;
  const char* message_part;
  std::size_t offset;
};

class edtf_rejects : public testing::TestWithParam<rejection> {};

TEST_P(edtf_rejects, with_a_message_and_position) {
  const auto& c = GetParam();
  const auto r = parse_edtf(c.text);
  ASSERT_FALSE(r.value.has_value()) << c.text;
  EXPECT_NE(r.error.find(c.message_part), std::string::npos) << r.error;
  EXPECT_EQ(r.offset, c.offset) << r.error;
}

INSTANTIATE_TEST_SUITE_P(
    edtf, edtf_rejects,
    testing::Values(rejection{"2024-02-30", "day 30 does not exist in 2024-02", 8},
                    rejection{"2023-02-29", "day 29 does not exist in 2023-02", 8},
                    rejection{"2024-13", "month 13", 5}, rejection{"2024-00", "month 0", 5},
                    rejection{"2024-21", "seasons", 5},
                    rejection{"24-02-08", "the year needs 4 digits", 0},
                    rejection{"2024-2-8", "2 digits", 5}, rejection{"", "expected an EDTF date", 0},
                    rejection{"next week", "expected an EDTF date", 0},
                    rejection{"0000", "0001-9999", 0}, rejection{"-0500", "0001-9999", 0},
                    rejection{"2024-03-06/2024-03-03", "ends before it starts", 11},
                    rejection{"2024-03-01/..", "open-ended", 11},
                    rejection{"2024-03-01/2024-03-40", "day 40", 19},
                    rejection{"2024-03-01-05", "expected an EDTF date", 11}));

/// Dates written the other usual ways are read as what they most likely mean, and the ISO
/// form is offered, so that the user need not work out what "the year needs 4 digits" means.
struct suggested {
  std::string_view text;
  std::string_view message;
  std::size_t offset;
};

class edtf_suggests : public testing::TestWithParam<suggested> {};

TEST_P(edtf_suggests, the_iso_form) {
  const auto& c = GetParam();
  const auto r = parse_edtf(c.text);
  ASSERT_FALSE(r.value.has_value()) << c.text;
  EXPECT_EQ(r.error, c.message);
  EXPECT_EQ(r.offset, c.offset);
}

INSTANTIATE_TEST_SUITE_P(
    edtf, edtf_suggests,
    testing::Values(
        suggested{"2024/03/05",
                  "\"2024/03/05\" is not an EDTF date; read as 5 March 2024 (year, month, day): "
                  "did you mean 2024-03-05?",
                  0},
        suggested{"05.03.2024",
                  "\"05.03.2024\" is not an EDTF date; read as 5 March 2024 (day, month, year): "
                  "did you mean 2024-03-05?",
                  0},
        suggested{"5.3.2024",
                  "\"5.3.2024\" is not an EDTF date; read as 5 March 2024 (day, month, year): "
                  "did you mean 2024-03-05?",
                  0},
        suggested{"03/05/2024",
                  "\"03/05/2024\" is not an EDTF date; it may be 3 May 2024 (day, month, year) or "
                  "5 March 2024 (month, day, year): did you mean 2024-05-03 or 2024-03-05?",
                  0},
        suggested{"25/03/2024",
                  "\"25/03/2024\" is not an EDTF date; read as 25 March 2024 (day, month, year): "
                  "did you mean 2024-03-25?",
                  0},
        suggested{"20240305",
                  "\"20240305\" is not an EDTF date; read as 5 March 2024 (year, month, day): "
                  "did you mean 2024-03-05?",
                  0},
        suggested{"03.2024",
                  "\"03.2024\" is not an EDTF date; read as March 2024: did you mean 2024-03?", 0},
        suggested{"2024-2-8",
                  "expected an EDTF date such as \"2024-02-08\", \"2024-03\", \"2023\" or "
                  "\"2024-03-03/2024-03-06\", got \"2024-2-8\" (the month needs 2 digits); read "
                  "as 8 February 2024 (year, month, day): did you mean 2024-02-08?",
                  5},
        suggested{"31.02.2024",
                  "\"31.02.2024\" is not an EDTF date; read as day 31 of February 2024 (day, "
                  "month, year), a day that does not exist",
                  0},
        // Not a date in any reading: the parser's own message, unchanged.
        suggested{"13.13.2024",
                  "expected an EDTF date such as \"2024-02-08\", \"2024-03\", \"2023\" or "
                  "\"2024-03-03/2024-03-06\", got \"13.13.2024\" (the year needs 4 digits)",
                  0}));

}  // namespace
}  // namespace chronicle
