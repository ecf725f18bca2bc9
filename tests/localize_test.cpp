#include "chronicle/render/localize.hpp"

#include <gtest/gtest.h>

namespace chronicle {
namespace {

edtf_date d(std::string_view text) {
  return parse_edtf(text).value.value();
}

TEST(format_date, shows_each_precision_in_english) {
  EXPECT_EQ(format_date(d("2023-09-19"), "en"), "19 Sep 2023");
  EXPECT_EQ(format_date(d("2024-02-08"), "en"), "8 Feb 2024");
  EXPECT_EQ(format_date(d("2024-03"), "en"), "Mar 2024");
  EXPECT_EQ(format_date(d("2023"), "en"), "2023");
}

TEST(format_date, uses_the_russian_case_each_form_needs) {
  EXPECT_EQ(format_date(d("2024-02-08"), "ru"), "8 февраля 2024");
  EXPECT_EQ(format_date(d("2024-03"), "ru"), "март 2024");
  EXPECT_EQ(format_date(d("2024-03-03/2024-03-06"), "ru"), "3–6 марта 2024");
}

TEST(format_date, shows_ranges_compactly) {
  EXPECT_EQ(format_date(d("2024-03-03/2024-03-06"), "en"), "3–6 Mar 2024");
  EXPECT_EQ(format_date(d("2024-02-28/2024-03-02"), "en"), "28 Feb – 2 Mar 2024");
  EXPECT_EQ(format_date(d("2024-03/2024-05"), "en"), "Mar – May 2024");
  EXPECT_EQ(format_date(d("2023-12-30/2024-01-02"), "en"), "30 Dec 2023 – 2 Jan 2024");
  EXPECT_EQ(format_date(d("2023/2024"), "en"), "2023–2024");
}

TEST(format_date, marks_approximate_and_uncertain_dates) {
  EXPECT_EQ(format_date(d("2024-03~"), "en"), "c. Mar 2024");
  EXPECT_EQ(format_date(d("2024-03?"), "en"), "Mar 2024?");
  EXPECT_EQ(format_date(d("2024-03%"), "ru"), "ок. март 2024?");
}

TEST(format_date, counts_years_before_the_gregorian_reform_proleptically) {
  EXPECT_EQ(format_date(d("1500-03-01"), "en"), "1 Mar 1500");
}

TEST(format_interval, counts_months_then_days) {
  EXPECT_EQ(format_interval(d("2023-09-19"), d("2024-02-08"), "en"), "4 months 20 days");
  EXPECT_EQ(format_interval(d("2023-09-19"), d("2024-02-08"), "ru"), "4 месяца 20 дней");
  EXPECT_EQ(format_interval(d("2024-01-31"), d("2024-03-01"), "en"), "1 month 1 day");
  EXPECT_EQ(format_interval(d("2022-02-08"), d("2024-02-09"), "en"), "2 years 1 day");
  EXPECT_EQ(format_interval(d("2024-02-08"), d("2024-02-29"), "ru"), "21 день");
}

TEST(format_interval, stays_at_the_coarser_precision) {
  EXPECT_EQ(format_interval(d("2024-02-08"), d("2024-03"), "en"), "c. 1 month");
  EXPECT_EQ(format_interval(d("2022"), d("2024-03"), "en"), "c. 2 years");
  EXPECT_EQ(format_interval(d("2024-03-08"), d("2024-02-08"), "en"), "");
}

}  // namespace
}  // namespace chronicle
