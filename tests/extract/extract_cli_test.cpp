// `chronicle extract`: the real binary on a text of the tests' own (in the manner of the
// shipped press note), on standard input, and with bad arguments.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "support.hpp"
#include "timeline_support.hpp"

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
  // The proposals beside the dates (docs/FORMAT.md).
  ASSERT_EQ(j["proposals"].size(), 3u);
  const auto& p = j["proposals"];
  EXPECT_EQ(p[0], nlohmann::json::parse(R"({"date": "2024-02-08", "year": "document",
              "title": "Государственный департамент США провел первую встречу Диалога C5+1",
              "places": [], "people": [], "evidence": [{"start": 0, "end": 139, "text": "8 февраля Государственный департамент США провел первую встречу Диалога C5+1.",
              "date_start": 0, "date_end": 16, "date_text": "8 февраля"}]})"));
  EXPECT_EQ(p[1]["date"], "2023-09-19");
  EXPECT_EQ(p[1]["places"], nlohmann::json::parse(R"([{"name": "New York", "country": "US"}])"));
  EXPECT_EQ(p[2]["date"], "2024-03");
  EXPECT_EQ(p[2]["title"], "Министр посетит PDAC в Торонто");
  EXPECT_EQ(p[2]["places"], nlohmann::json::parse(R"([{"name": "Toronto", "country": "CA"}])"));
  EXPECT_EQ(p[2]["evidence"][0]["text"], "В марте министр посетит PDAC в Торонто.");
}

TEST(ExtractCli, ProposalsAsEventFiles) {
  const auto r = run_chronicle({"extract", "-", "--format", "toml", "--lang", "ru"},
                               chronicle::test::k_source_dir, {},
                               "В марте 2024 года министр посетит PDAC в Торонто.\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      r.out,
      "# file: 2024-03-ministr-posetit-pdac-v-toronto.toml\n"
      "date = '2024-03'\n"
      "status = 'tentative'\n"
      "date_note = 'Proposed by chronicle extract from “марте 2024 года” in standard input.'\n"
      "revision = 1\n"
      "\n"
      "[title]\n"
      "ru = 'Министр посетит PDAC в Торонто'\n"
      "\n"
      "[description]\n"
      "ru = 'В марте 2024 года министр посетит PDAC в Торонто.'\n"
      "\n"
      "[place]\n"
      "city = 'Toronto'\n"
      "country = 'CA'\n"
      "\n"
      "[[sources]]\n"
      "title = 'standard input'\n"
      "language = 'ru'\n");
}

TEST(ExtractCli, AnUnknownYearIsNoEventFile) {
  const auto r =
      run_chronicle({"extract", "-", "--format", "toml", "--lang", "ru"},
                    chronicle::test::k_source_dir, {}, "8 февраля прошла встреча в Астане.\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "chronicle extract: proposal 1 (XXXX-02-08 \"Прошла встреча в Астане\") is not an "
            "event: the year of XXXX-02-08 is unknown (no document date: give one with --dct)\n");
}

TEST(ExtractCli, EventFilesOfThePressNoteLoadInANewTimeline) {
  // extract --format toml, each file saved as its comment names it, then chronicle list.
  temp_dir dir;
  const auto r = run_chronicle(
      {"extract", "sources/press-note-2024-02.ru.txt", "--format", "toml", "--dct", "2024-02-12"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const auto t = chronicle::test::new_extract_timeline(dir);
  const auto files = chronicle::test::save_event_files(r.out, t);
  EXPECT_EQ(files, 3u);
  const auto list = run_chronicle({"--events", (dir / "t").string(), "list"});
  EXPECT_EQ(list.exit, 0) << list.err;
  EXPECT_EQ(list.err, "");
  EXPECT_EQ(
      list.out,
      "Extracted\n"
      "\n"
      "2023\n"
      "  19 сентября 2023  Саммите C5+1, состоявшемся в Нью-Йорке [предварительно]\n"
      "                    New York, US\n"
      "\n"
      "2024\n"
      "  8 февраля 2024    Государственный департамент США провел первую встречу в рамках "
      "Диалога C5+1 по вопросам критически важных минералов [предварительно]\n"
      "  март 2024         В рамках рабочей поездки министр промышленности и строительства РК "
      "Шарлапаев Канат Бисимбаевич посетит PDAC в Торонто [запланировано]\n"
      "                    Toronto, CA\n");
  const auto check = run_chronicle({"--events", (dir / "t").string(), "check"});
  EXPECT_EQ(check.exit, 0) << check.out << check.err;
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
            "3252-3262\t2024-03\tмарте  (from the document date 2024-02-12)\n"
            "\n"
            "proposals:\n"
            "2024-02-08\tГосударственный департамент США провел первую встречу в рамках Диалога "
            "C5+1 по вопросам критически важных минералов\n"
            "  places: none found\n"
            "  evidence 0-236 (\"8 февраля\" at 0-16): 8 февраля Государственный департамент США "
            "провел первую встречу в рамках Диалога C5+1 по вопросам критически важных минералов "
            "(CMD).\n"
            "2023-09-19\tСаммите C5+1, состоявшемся в Нью-Йорке\n"
            "  places: New York (US)\n"
            "  people: Джо Байден (президент США)\n"
            "  evidence 237-627 (\"19 сентября 2023 года\" at 572-605): Эта инициатива была "
            "предложена президентом США Джо Байденом и президентами Казахстана, Кыргызской "
            "Республики, Таджикистана, Туркменистана и Узбекистана на саммите C5+1, состоявшемся "
            "19 сентября 2023 года в Нью-Йорке.\n"
            "2024-03\tВ рамках рабочей поездки министр промышленности и строительства РК "
            "Шарлапаев Канат Бисимбаевич посетит PDAC в Торонто\n"
            "  places: Toronto (CA)\n"
            "  people: Шарлапаев Канат Бисимбаевич (министр промышленности и строительства "
            "РК)\n"
            "  evidence 3249-3590 (\"марте\" at 3252-3262): В марте в рамках рабочей поездки "
            "министр промышленности и строительства РК Шарлапаев Канат Бисимбаевич посетит PDAC в "
            "Торонто, где пройдут встречи в сфере развития критических минералов.\n");
}

TEST(ExtractCli, TextFromStandardInputWithoutADocumentDate) {
  const auto r = run_chronicle({"extract", "-"}, chronicle::test::k_source_dir, {}, k_note);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "document date: unknown\n"
            "0-16\tXXXX-02-08\t8 февраля  (year unknown: no document year)\n"
            "237-270\t2023-09-19\t19 сентября 2023 года\n"
            "296-306\tXXXX-03\tмарте  (year unknown: no document year)\n"
            "\n"
            "proposals:\n"
            "XXXX-02-08\tГосударственный департамент США провел первую встречу Диалога C5+1\n"
            "  places: none found\n"
            "  evidence 0-139 (\"8 февраля\" at 0-16): 8 февраля Государственный департамент США "
            "провел первую встречу Диалога C5+1.\n"
            "2023-09-19\tСаммите, состоявшемся в Нью-Йорке\n"
            "  places: New York (US)\n"
            "  evidence 140-292 (\"19 сентября 2023 года\" at 237-270): Инициатива была "
            "предложена на саммите, состоявшемся 19 сентября 2023 года в Нью-Йорке.\n"
            "XXXX-03\tМинистр посетит PDAC в Торонто\n"
            "  places: Toronto (CA)\n"
            "  evidence 293-360 (\"марте\" at 296-306): В марте министр посетит PDAC в Торонто.\n");
}

TEST(ExtractCli, DatelineGivesTheDocumentDate) {
  const auto r = run_chronicle({"extract", "-", "--lang", "en"}, chronicle::test::k_source_dir, {},
                               "Astana. 5 March. KAZAKHSTAN TODAY - Talks resumed yesterday.\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "document date: XXXX-03-05 (from the text's dateline)\n"
            "8-15\tXXXX-03-05\t5 March  (year unknown: no document year)\n"
            "50-59\tXXXX-XX-XX\tyesterday  (year unknown: no document year)\n"
            "\n"
            "proposals:\n"  // the dateline's date is the document's, no milestone
            "XXXX-XX-XX\tKAZAKHSTAN TODAY - Talks resumed\n"
            "  places: none found\n"
            "  evidence 17-60 (\"yesterday\" at 50-59): KAZAKHSTAN TODAY - Talks resumed "
            "yesterday.\n");
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
