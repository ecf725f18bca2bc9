// chronicle search and list --grep, the real binary: on the shipped timeline and on timelines
// the tests write; text, colour on a terminal, JSON, exit codes and --tag's suggestions.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "commands_support.hpp"

namespace chronicle::test {
namespace {

/// A timeline of three events, one of them in Astana with a Russian title.
class small_timeline : public ::testing::Test {
 protected:
  small_timeline() {
    write_file(m_dir / "events" / "timeline.toml", timeline_toml());
    write_file(m_dir / "events" / "2024-01-10-forum.toml",
               "date = \"2024-01-10\"\ntags = [\"mining\", \"minerals\"]\n"
               "[title]\nen = \"Mining forum\"\nru = \"Горный форум\"\n"
               "[place]\nname = \"Дворец Независимости\"\ncity = \"Астана\"\ncountry = \"KZ\"\n");
    write_file(m_dir / "events" / "2024-04-01-eire.toml",
               "date = \"2024-04-01\"\ntags = [\"trade\"]\n"
               "[title]\nen = \"Trade mission to Éire\"\n"
               "[description]\nen = \"Talks in Dublin on mining.\"\n");
    write_file(m_dir / "events" / "2024-06-01-signing.toml",
               "date = \"2024-06-01\"\n"
               "[title]\nen = \"Signing\"\nru = \"Подписание соглашения в Астане\"\n"
               "[[participants]]\nname = \"Roza Sultanova\"\nrole = \"minister\"\n");
  }

  run_result run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--events", "events"});
    return run_chronicle(args, m_dir.path());
  }

  temp_dir m_dir;
};

TEST(search_cli, finds_toronto_on_the_shipped_timeline_best_first) {
  const auto r = run_chronicle({"search", "TORONTO"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      r.out,
      "  Mar 2024      Minister Kanat Sharlapayev's working visit to PDAC in Toronto\n"
      "                PDAC 2024, Toronto, CA\n"
      "                related to “Inaugural meeting of the C5+1 Critical Minerals Dialogue”\n"
      "                related to “PDAC 2024 convention”\n"
      "  3–6 Mar 2024  PDAC 2024 convention\n"
      "                Metro Toronto Convention Centre, Toronto, CA\n"
      "  4 Mar 2024    Minister Sharlapaev opens Kazakhstan's national pavilion at PDAC 2024\n"
      "                PDAC 2024, Toronto, CA\n"
      "                part of “Minister Kanat Sharlapayev's working visit to PDAC in Toronto”\n");
}

TEST(search_cli, explains_matches_outside_the_title_and_limits) {
  // The word is in the Russian title only: the note says where; the best of two, by --limit.
  const auto r = run_chronicle({"search", "минералам", "--limit", "1", "--ids"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "  8 Feb 2024  Inaugural meeting of the C5+1 Critical Minerals Dialogue\n"
            "              2024-02-08-inaugural-critical-minerals-dialogue\n"
            "              U.S. Department of State, Washington, US\n"
            "              title.ru: Первая встреча Диалога C5+1 по критически важным минералам\n"
            "              4 months 20 days after “C5+1 presidential summit in New York”\n");
  // Without --limit, two more: "минералов" in their Russian descriptions, a form (1 × 3), equal
  // scores in the timeline's order.
  const auto all =
      nlohmann::json::parse(run_chronicle({"search", "минералам", "--format", "json"}).out);
  ASSERT_EQ(all["events"].size(), 3u);
  EXPECT_EQ(all["events"][0]["search"]["score"], 32);
  EXPECT_EQ(all["events"][1]["id"], "2023-09-19-c5plus1-summit-new-york");
  EXPECT_EQ(all["events"][1]["search"].dump(),
            R"({"matches":[{"field":"description.ru","words":["минералов"]}],"score":3})");
  EXPECT_EQ(all["events"][2]["id"], "2024-03-sharlapayev-visit-to-pdac-toronto");
}

TEST(search_cli, exits_1_when_nothing_matches_and_2_without_words) {
  auto r = run_chronicle({"search", "tokyo"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "no event matches \"tokyo\"\n");
  r = run_chronicle({"search", "tokyo", "--format", "json"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["events"].size(), 0u);
  r = run_chronicle({"search", "—", "!"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: search \"— !\": no words to look for\n");
  r = run_chronicle({"list", "--grep", ","});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --grep \",\": no words to look for\n");
}

TEST(search_cli, a_tag_no_event_has_names_the_nearest) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list", "--tag", "minerls"},
        std::vector<std::string>{"search", "toronto", "--tag", "minerls"},
        std::vector<std::string>{"export", "json", "--tag", "minerls"},
        std::vector<std::string>{"export", "html", "--tag", "minerls"}}) {
    const auto r = run_chronicle(args);
    EXPECT_EQ(r.exit, 2) << args[0];
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "chronicle: --tag \"minerls\": no event has this tag\n"
              "did you mean \"critical-minerals\"?\n");
  }
  const auto r = run_chronicle({"list", "--tag", "ocean"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err, "chronicle: --tag \"ocean\": no event has this tag\n");
}

TEST(search_cli, highlights_on_a_terminal_and_when_asked) {
  const std::string coloured =
      "  \x1b[36m4 Mar 2024\x1b[0m  Minister Sharlapaev opens Kazakhstan's national "
      "\x1b[1;31mpavilion\x1b[0m at PDAC 2024\n"
      "              PDAC 2024, Toronto, CA\n"
      "              \x1b[2mpart of “Minister Kanat Sharlapayev's working visit to PDAC in "
      "Toronto”\x1b[0m\n";
  const auto r = run_chronicle({"search", "pavilion", "--color", "always"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, coloured);
  // On a terminal (the pseudo-terminal turns "\n" into "\r\n"), colour is the default...
  const auto crlf = [](std::string s) {
    for (auto at = s.find('\n'); at != std::string::npos; at = s.find('\n', at + 2))
      s.replace(at, 1, "\r\n");
    return s;
  };
  terminal_session tty({"search", "pavilion", "--width", "0"}, k_source_dir);
  EXPECT_EQ(tty.finish(), 0);
  EXPECT_EQ(tty.output(), crlf(coloured));
  // ...unless NO_COLOR says otherwise; and never in a pipe.
  const std::string plain_text =
      "  4 Mar 2024  Minister Sharlapaev opens Kazakhstan's national pavilion at PDAC 2024\n"
      "              PDAC 2024, Toronto, CA\n"
      "              part of “Minister Kanat Sharlapayev's working visit to PDAC in Toronto”\n";
  terminal_session plain({"search", "pavilion", "--width", "0"}, k_source_dir, {"NO_COLOR=1"});
  EXPECT_EQ(plain.finish(), 0);
  EXPECT_EQ(plain.output(), crlf(plain_text));
  EXPECT_EQ(run_chronicle({"search", "pavilion"}).out, plain_text);
}

TEST_F(small_timeline, russian_word_forms_case_and_diacritics) {
  // The title holds "Астане" itself (8 × 4); the forum's place "Астана" is a form (3 × 3).
  auto r = run({"search", "Астане"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "  1 Jun 2024   Signing\n"
            "               title.ru: Подписание соглашения в Астане\n"
            "  10 Jan 2024  Mining forum\n"
            "               Дворец Независимости, Астана, KZ\n");
  r = run({"search", "eire"});
  EXPECT_EQ(r.out, "  1 Apr 2024  Trade mission to Éire\n");
  EXPECT_EQ(run({"search", "ÉIRE"}).out, r.out);
  r = run({"search", "SULTANOVA", "--lang", "ru"});
  EXPECT_EQ(r.out,
            "  1 июня 2024  Подписание соглашения в Астане\n"
            "               participants: Roza Sultanova (minister)\n");
}

TEST_F(small_timeline, json_has_scores_and_matched_fields) {
  const auto r = run({"search", "mining", "--format", "json"});
  EXPECT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["query"], nlohmann::json::array({"mining"}));
  ASSERT_EQ(j["events"].size(), 2u);
  EXPECT_EQ(j["events"][0]["id"], "2024-01-10-forum");
  EXPECT_EQ(j["events"][0]["search"].dump(),
            R"({"matches":[{"field":"title.en","words":["Mining"]},)"
            R"({"field":"tags","words":["mining"]}],"score":32})");
  EXPECT_EQ(j["events"][1]["id"], "2024-04-01-eire");
  EXPECT_EQ(j["events"][1]["search"].dump(),
            R"({"matches":[{"field":"description.en","words":["mining"]}],"score":4})");
}

TEST_F(small_timeline, list_grep_keeps_the_list_order_and_filters) {
  // Chronological, with list's headings: not ranked (the title "Астане" would rank first).
  auto r = run({"list", "--grep", "Астана"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out,
            "Test timeline\n\n2024\n"
            "  10 Jan 2024  Mining forum\n"
            "               Дворец Независимости, Астана, KZ\n"
            "  1 Jun 2024   Signing\n");
  r = run({"list", "--grep", "астана", "--tag", "mining", "--format", "json"});
  EXPECT_EQ(r.exit, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["events"].size(), 1u);
  EXPECT_EQ(j["events"][0]["id"], "2024-01-10-forum");
  r = run({"list", "--grep", "nowhere"});
  EXPECT_EQ(r.exit, 0);
  EXPECT_EQ(r.out, "Test timeline\n(no events)\n");
}

}  // namespace
}  // namespace chronicle::test
