// `chronicle extract`: the real binary on a text of the tests' own (in the manner of the
// shipped press note), on standard input, and with bad arguments.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "support.hpp"

using chronicle::test::run_chronicle;
using chronicle::test::temp_dir;

namespace {

const std::string k_note =
    "8 февраля Государственный департамент США провел первую встречу Диалога C5+1. "
    "Инициатива была предложена на саммите, состоявшемся 19 сентября 2023 года в Нью-Йорке.\n"
    "В марте министр посетит PDAC в Торонто.\n";

}  // namespace

TEST(ExtractCli, PressNoteAsJsonWithTheDocumentDate) {
  temp_dir dir;
  const auto file = dir / "note.txt";
  std::ofstream(file) << k_note;
  const auto r = run_chronicle(
      {"extract", file.string(), "--format", "json", "--lang", "ru", "--dct", "2024-02-12"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["document_date"], "2024-02-12");
  ASSERT_EQ(j["dates"].size(), 3u);
  const auto& d = j["dates"];
  EXPECT_EQ(d[0]["start"], 0);
  EXPECT_EQ(d[0]["end"], std::string("8 февраля").size());
  EXPECT_EQ(d[0]["text"], "8 февраля");
  EXPECT_EQ(d[0]["value"], "2024-02-08");
  EXPECT_EQ(d[0]["year"], "document");
  EXPECT_EQ(d[1]["start"], k_note.find("19 сентября"));
  EXPECT_EQ(d[1]["text"], "19 сентября 2023 года");
  EXPECT_EQ(d[1]["value"], "2023-09-19");
  EXPECT_EQ(d[1]["year"], "text");
  EXPECT_EQ(d[2]["text"], "марте");
  EXPECT_EQ(d[2]["value"], "2024-03");
}

TEST(ExtractCli, TheShippedPressNote) {
  // The source the shipped timeline was built from by hand (issue 14's first measure): its
  // three dates, at their precision, and nothing else ("окружающей среды" is no Wednesday).
  const auto r = run_chronicle(
      {"extract", "sources/press-note-2024-02.ru.txt", "--dct", "2024-02-12", "--lang", "ru"});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "document date: 2024-02-12\n"
            "0-16\t2024-02-08\t8 февраля  (from the document date 2024-02-12)\n"
            "572-605\t2023-09-19\t19 сентября 2023 года\n"
            "3252-3262\t2024-03\tмарте  (from the document date 2024-02-12)\n");
}

TEST(ExtractCli, TextFromStandardInputWithoutADocumentDate) {
  const auto r = run_chronicle({"extract", "-"}, chronicle::test::k_source_dir, {}, k_note);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "document date: unknown\n"
            "0-16\tXXXX-02-08\t8 февраля  (year unknown: no document year)\n"
            "237-270\t2023-09-19\t19 сентября 2023 года\n"
            "296-306\tXXXX-03\tмарте  (year unknown: no document year)\n");
}

TEST(ExtractCli, DatelineGivesTheDocumentDate) {
  const auto r = run_chronicle({"extract", "-", "--lang", "en"}, chronicle::test::k_source_dir, {},
                               "Astana. 5 March. KAZAKHSTAN TODAY - Talks resumed yesterday.\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "document date: XXXX-03-05 (from the text's dateline)\n"
            "8-15\tXXXX-03-05\t5 March  (year unknown: no document year)\n"
            "50-59\tXXXX-XX-XX\tyesterday  (year unknown: no document year)\n");
}

TEST(ExtractCli, BadArgumentsAndMissingFiles) {
  auto r =
      run_chronicle({"extract", "-", "--dct", "yesterday"}, chronicle::test::k_source_dir, {}, "x");
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: --dct \"yesterday\": expected a date such as 2024-02-12 (or 2024-02, "
            "2024)\n");
  r = run_chronicle({"extract", "no-such-file.txt"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_NE(r.err.find("no-such-file.txt"), std::string::npos) << r.err;
  r = run_chronicle({"extract", "-", "--lang", "de"}, chronicle::test::k_source_dir, {}, "x");
  EXPECT_EQ(r.exit, 2);
}

TEST(ExtractCli, GarbageInputIsReadNotFatal) {
  std::string garbage("\xff\xfe\x00\x01 19 сентября 2023 года \xc3", 40);
  garbage += std::string(100000, '\x80');
  const auto r = run_chronicle({"extract", "-", "--lang", "ru", "--format", "json"},
                               chronicle::test::k_source_dir, {}, garbage);
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["dates"].size(), 1u);
  EXPECT_EQ(j["dates"][0]["value"], "2023-09-19");
}
