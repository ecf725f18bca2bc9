// Inputs the fuzzers (fuzz/) found, minimised, each pinned to its fixed behaviour.
#include <gtest/gtest.h>

#include "chronicle/edtf.hpp"
#include "chronicle/ical/import.hpp"
#include "chronicle/storage.hpp"

namespace chronicle {
namespace {

TEST(fuzz_regressions, placeholder_edtf_round_trip) {
  const auto d = parse_edtf("2024-03-03/2024-03-06");
  ASSERT_TRUE(d.value);
  EXPECT_EQ(parse_edtf(to_edtf(*d.value)).value, d.value);
}

}  // namespace
}  // namespace chronicle
