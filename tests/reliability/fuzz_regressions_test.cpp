// Inputs the fuzzers (fuzz/) found, each pinned to its fixed behaviour.
#include <gtest/gtest.h>

#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

// fuzz_add, after about 20,000 runs: a title with bytes that are not UTF-8 (a stray 0x80 and
// 0xA3 continuation bytes) made toml++ write a file it could not read back, and `add` aborted
// on its internal check ("to_toml wrote something that is not TOML"). Arguments that are not
// UTF-8 are now a usage error, before anything is built.
TEST(fuzz_regressions, add_with_a_title_that_is_not_utf8_is_a_usage_error) {
  const std::string title =
      "\xd0\x92\xd1\x81\xd1\x82\xd1help\x80\xd0\xb5\xa3\xa3\xa3\xa3\xa3\xa3\xa3\xa3\xa3\xd1\x87"
      "\xd0\xb0 \xd0\xb2 \xd0\x90\xd1\x81\xd1\x82\xd0\xb0\xd0\xbd\xd0\xb5";
  test::scratch_timeline t;
  const auto add = t.run({"add", title, "--lang", "ru", "--date", "2024-05-10"});
  EXPECT_EQ(add.exit, 2) << add.err;
  EXPECT_TRUE(has(add.err, "TITLE is not valid UTF-8 text")) << add.err;
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
  const auto tag = t.run({"add", "Fine", "--date", "2024-05-10", "--tag", "\xff"});
  EXPECT_EQ(tag.exit, 2) << tag.err;
  EXPECT_TRUE(has(tag.err, "--tag is not valid UTF-8 text")) << tag.err;
}

// fuzz_add, second 10-minute run: `--lang --&ru` became a key of the [title] table that is not
// a valid TOML key, and add aborted on the same internal check. --lang must be a language tag.
TEST(fuzz_regressions, add_with_a_lang_that_is_not_a_language_tag_is_a_usage_error) {
  test::scratch_timeline t;
  for (const char* lang : {"--&ru", "r u", "RU", "x", "ru=1"}) {
    const auto add = t.run({"add", "Встреча в Астане", "--lang", lang, "--date", "2024-05-10",
                            "--time", "10:00", "--end", "10:20", "--tz", "Asia/Almaty"});
    EXPECT_EQ(add.exit, 2) << lang << ": " << add.err;
    EXPECT_TRUE(has(add.err, "is not a language tag")) << lang << ": " << add.err;
  }
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
  const auto ok = t.run({"add", "Встреча в Астане", "--lang", "ru", "--date", "2024-05-10"});
  EXPECT_EQ(ok.exit, 0) << ok.err;
}

// fuzz_add, third run (UndefinedBehaviorSanitizer): `--date 2262-05-10 --time 10:0:` made
// date::parse read an empty seconds field as NaN and convert it to an integer. A seconds field
// must now be two digits; anything else is the usual "not a local date-time" error (add
// reports it against --time, exit 2).
TEST(fuzz_regressions, a_time_with_an_empty_seconds_field_is_an_error) {
  test::scratch_timeline t;
  for (const char* time : {"10:0:", "10:00:", "10:00:5", "10:00:.", "10:00:+1"}) {
    const auto add = t.run({"add", "Meeting", "--date", "2262-05-10", "--time", time});
    EXPECT_EQ(add.exit, 2) << time << ": " << add.err;  // a usage error of --time
    EXPECT_TRUE(has(add.err, "is not a local date-time")) << time << ": " << add.err;
  }
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
  const auto ok = t.run({"add", "Meeting", "--date", "2262-05-10", "--time", "10:00:05"});
  EXPECT_EQ(ok.exit, 0) << ok.err;
}

// fuzz_add, CI smoke run (UndefinedBehaviorSanitizer): `--date 2025-05-11 --time
// 23:0::::::45` ended in two digits, so the seconds check passed, and date::parse read the
// empty fields between the colons as NaN. The whole time must now be H:M or H:M:SS.
TEST(fuzz_regressions, a_time_with_extra_colons_is_an_error) {
  test::scratch_timeline t;
  for (const char* time : {"23:0::::::45", "23::45", "23:00:00:00", ":00", "1:2:3", "123:00"}) {
    const auto add = t.run({"add", "Meeting", "--date", "2025-05-11", "--time", time});
    EXPECT_EQ(add.exit, 2) << time << ": " << add.err;
    EXPECT_TRUE(has(add.err, "is not a local date-time")) << time << ": " << add.err;
  }
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
  for (const char* time : {"9:05", "23:00", "23:00:45"}) {
    const auto ok = t.run({"add", "Meeting", "--date", "2025-05-11", "--time", time, "--dry-run"});
    EXPECT_EQ(ok.exit, 0) << time << ": " << ok.err;
  }
}

TEST(fuzz_regressions, utf8_validation_refuses_every_ill_formed_sequence) {
  for (const char* bad : {"\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xd1", "a\xffz"})
    EXPECT_FALSE(is_valid_utf8(bad)) << bad;
  for (const char* good : {"", "plain", "Встреча", "\xf0\x9f\x93\x85", "\xef\xbf\xbd"})
    EXPECT_TRUE(is_valid_utf8(good)) << good;
}

}  // namespace
}  // namespace chronicle
