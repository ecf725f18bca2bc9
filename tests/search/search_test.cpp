// search/: the matcher (folding, Hunspell word forms, prefixes), the score and the ranking, the
// highlights and notes render_text shows, the JSON, and the tags nearest to a missing one.

#include "chronicle/search/search.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chronicle/model/edtf.hpp"
#include "chronicle/render/render.hpp"

namespace chronicle {
namespace {

event make(const std::string& id, const std::string& day, localized_text title) {
  event e;
  e.id = id;
  e.date = *parse_edtf(day).value;
  e.title = std::move(title);
  return e;
}

/// A small timeline: the events of the tests below, in chronological order.
struct fixture : ::testing::Test {
  fixture() {
    auto astana =
        make("astana-forum", "2024-01-10", {{"en", "Mining forum"}, {"ru", "Горный форум"}});
    astana.place = place{"Palace of Independence", "Астана", "KZ", {}, {}};
    astana.tags = {"mining"};
    auto toronto = make("pdac", "2024-03-03",
                        {{"en", "PDAC convention in Toronto"}, {"ru", "Конвенция PDAC в Торонто"}});
    toronto.place = place{"Metro Toronto Convention Centre", "Toronto", "CA", {}, {}};
    toronto.tags = {"pdac", "critical-minerals"};
    auto eire = make("eire", "2024-04-01", {{"en", "Trade mission to Éire"}});
    eire.description = {{"en", "Talks in Dublin on mineral exploration."}};
    auto visit = make("visit", "2024-05-01", {{"en", "Working visit"}});
    visit.participants = {{"Kanat Sharlapayev", "Minister of Industry", "KZ"}};
    visit.description = {{"en", "Meetings in Toronto with investors."},
                         {"ru", "Министр провёл встречи в Торонто."}};
    visit.tags = {"visit"};
    auto russian = make("ru-only", "2024-06-01",
                        {{"en", "Signing"}, {"ru", "Подписание соглашения в Астане"}});
    t.info.default_language = "en";
    t.events = {astana, toronto, eire, visit, russian};
    for (const auto& e : t.events) all.push_back(&e);
  }

  /// The ids found for `text`, ranked, with their scores: "pdac 64".
  std::vector<std::string> found(const std::string& text) {
    const search_query q(text);
    auto hits = search_events(all, q);
    rank_hits(hits);
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.e->id + " " + std::to_string(h.score));
    return out;
  }

  timeline t;
  std::vector<const event*> all;
};

using strings = std::vector<std::string>;

TEST(SearchQuery, MatchesFoldedFormsAndPrefixes) {
  const search_query q("Астане toronto Eire мин");
  ASSERT_EQ(q.words(), (strings{"Астане", "toronto", "Eire", "мин"}));
  EXPECT_EQ(q.match(0, "Астана"), match_kind::form);
  EXPECT_EQ(q.match(0, "АСТАНЕ"), match_kind::exact);
  EXPECT_EQ(q.match(0, "Алматы"), match_kind::none);
  EXPECT_EQ(q.match(1, "TORONTO"), match_kind::exact);
  EXPECT_EQ(q.match(1, "Torontonian"), match_kind::prefix);
  EXPECT_EQ(q.match(2, "Éire"), match_kind::exact);
  EXPECT_EQ(q.match(3, "министр"), match_kind::prefix);
  const search_query two("мi");  // fewer than three letters: no prefix
  EXPECT_EQ(two.match(0, "мир"), match_kind::none);
}

TEST(SearchQuery, EnglishWordFormsMatch) {
  const search_query q("meetings");
  EXPECT_EQ(q.match(0, "meeting"), match_kind::form);
  const search_query back("meeting");
  EXPECT_EQ(back.match(0, "Meetings"), match_kind::form);
}

TEST(SearchQuery, MarksMatchingWordsByBytes) {
  const search_query q("торонто");
  const std::string text = "Конвенция PDAC в Торонто";
  EXPECT_EQ(q.marks(text), (std::vector<word_span>{{27, 41}}));
  EXPECT_EQ(text.substr(27), "Торонто");
}

TEST_F(fixture, RussianCaseFindsThePlaceAndTheTitle) {
  // "Астане" (prepositional) finds the city "Астана" (form, place: 3 × 3) and the title with
  // "Астане" itself (exact, title: 8 × 4).
  EXPECT_EQ(found("Астане"), (strings{"ru-only 32", "astana-forum 9"}));
  EXPECT_EQ(found("астана"), (strings{"ru-only 24", "astana-forum 12"}));
}

TEST_F(fixture, CaseAndDiacriticsAreIgnored) {
  EXPECT_EQ(found("TORONTO"), (strings{"pdac 32", "visit 4"}));
  EXPECT_EQ(found("toronto"), found("Toronto"));
  EXPECT_EQ(found("Eire"), (strings{"eire 32"}));
  EXPECT_EQ(found("ÉIRE"), (strings{"eire 32"}));
}

TEST_F(fixture, DescriptionsParticipantsAndTags) {
  EXPECT_EQ(found("Dublin"), (strings{"eire 4"}));
  EXPECT_EQ(found("sharlapayev"), (strings{"visit 12"}));
  EXPECT_EQ(found("minister"), (strings{"visit 12"}));  // a participant's role
  EXPECT_EQ(found("critical"), (strings{"pdac 16"}));
  // "minerals" is a tag word of pdac (exact, 16), "mineral" a form in eire's description (3).
  EXPECT_EQ(found("minerals"), (strings{"pdac 16", "eire 3"}));
}

TEST_F(fixture, AMultiLanguageEventIsFoundByItsRussianTitle) {
  EXPECT_EQ(found("подписание соглашения"), (strings{"ru-only 64"}));
  EXPECT_EQ(found("конвенция"), (strings{"pdac 32"}));
}

TEST_F(fixture, EveryWordMustMatch) {
  EXPECT_EQ(found("toronto investors"), (strings{"visit 8"}));
  EXPECT_EQ(found("toronto nowhere"), strings{});
  EXPECT_EQ(found("— ,"), strings{});
}

TEST_F(fixture, RankedByScoreThenTimelineOrder) {
  // Prefix "min": the tag "mining" (4 × 1) and the title "Mining" (8 × 1) of the forum; the tag
  // words "minerals" (4 × 1) of pdac; "mineral" of eire's description (1); the role "Minister"
  // and "Министр" (3 × 1 and 1 × 1) of the visit. Equal scores keep the timeline's order.
  EXPECT_EQ(found("min"), (strings{"astana-forum 8", "pdac 4", "visit 3", "eire 1"}));
}

TEST_F(fixture, FieldsMatchedAreReported) {
  const search_query q("Торонто");
  const auto hits = search_events(all, q);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].e->id, "pdac");
  EXPECT_EQ(hits[0].fields, (std::vector<field_match>{{"title.ru", {"Торонто"}}}));
  EXPECT_EQ(hits[1].fields, (std::vector<field_match>{{"description.ru", {"Торонто"}}}));
}

TEST_F(fixture, TextShowsHighlightsAndNotesOfOtherFields) {
  const search_query q("toronto");
  auto hits = search_events(all, q);
  rank_hits(hits);
  std::vector<const event*> events;
  for (const auto& h : hits) events.push_back(h.e);
  list_options o;
  o.headings = false;
  EXPECT_EQ(render_text(t, events, with_highlights(o, q, true)),
            "  3 Mar 2024  PDAC convention in Toronto\n"
            "              Metro Toronto Convention Centre, Toronto, CA\n"
            "  1 May 2024  Working visit\n"
            "              description.en: Meetings in Toronto with investors.\n");
  o.color = true;
  EXPECT_EQ(render_text(t, {events[1]}, with_highlights(o, q, true)),
            "  \x1b[36m1 May 2024\x1b[0m  Working visit\n"
            "              \x1b[2mdescription.en\x1b[0m: Meetings in \x1b[1;31mToronto\x1b[0m "
            "with investors.\n");
}

TEST_F(fixture, JsonCarriesScoreAndMatches) {
  const search_query q("Dublin");
  const auto hits = search_events(all, q);
  const auto json = render_search_json(t, hits, q, list_options{});
  EXPECT_NE(json.find("\"query\": [\n    \"Dublin\"\n  ],\n  \"events\""), std::string::npos)
      << json;
  EXPECT_NE(json.find("\"search\": {\n        \"score\": 4,\n        \"matches\": [\n          {\n"
                      "            \"field\": \"description.en\",\n            \"words\": [\n"
                      "              \"Dublin\"\n            ]\n          }\n        ]\n      }"),
            std::string::npos)
      << json;
}

TEST_F(fixture, NearestTagsForATagNoEventHas) {
  EXPECT_TRUE(has_tag(t, "pdac"));
  EXPECT_FALSE(has_tag(t, "minerals"));
  EXPECT_EQ(nearest_tags(t, "minerals"), (strings{"critical-minerals"}));
  EXPECT_EQ(nearest_tags(t, "Minig"), (strings{"mining"}));
  EXPECT_EQ(nearest_tags(t, "vist"), (strings{"visit"}));
  EXPECT_EQ(nearest_tags(t, "pdca"), (strings{"pdac"}));
  EXPECT_EQ(nearest_tags(t, "ocean"), strings{});
}

}  // namespace
}  // namespace chronicle
