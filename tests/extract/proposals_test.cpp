// propose_events and its parts (find_sentences, find_places, proposal_to_event) on the shipped
// press note (the seed text of ../shared/seed/, when it is there) and on sentences written for
// these tests. Russian case forms need the Hunspell dictionaries of text/ (scripts/deps.d/).

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "chronicle/extract/proposals.hpp"
#include "chronicle/text/words.hpp"
#include "support.hpp"

namespace {

using namespace chronicle;

document_date day(int y, unsigned m, unsigned d) {
  return {y, m, d};
}

std::vector<std::string> sentences_of(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const auto s : find_sentences(text, lang))
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

/// "name/country" of each place, as written in the text: "Нью-Йорке=New York/US".
std::vector<std::string> places_of(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const auto& p : find_places(text, lang))
    out.push_back(std::string(text.substr(p.begin, p.end - p.begin)) + "=" + p.name + "/" +
                  p.country + (p.located ? " located" : ""));
  return out;
}

std::string places_line(const proposal& p) {
  std::string out;
  for (const auto& pl : p.places) out += (out.empty() ? "" : ", ") + pl.name + "/" + pl.country;
  return out;
}

/// Checks one proposal's date, title and places (as places_line writes them).
void expect_proposal(const proposal& p, const std::string& date, const std::string& title,
                     const std::string& places) {
  EXPECT_EQ(p.date, date);
  EXPECT_EQ(p.title, title);
  EXPECT_EQ(places_line(p), places);
}

/// The press note's three milestones, as issue 14 measures them.
void expect_seed_proposals(const std::string& text) {
  const auto ps = propose_events(text, "ru", day(2024, 2, 12));
  ASSERT_EQ(ps.size(), 3u);

  EXPECT_EQ(ps[0].date, "2024-02-08");
  EXPECT_EQ(ps[0].year, year_source::document);
  EXPECT_EQ(ps[0].title,
            "Государственный департамент США провел первую встречу в рамках Диалога C5+1 по "
            "вопросам критически важных минералов");
  EXPECT_EQ(places_line(ps[0]), "");  // "США" there is whose department, not where
  EXPECT_EQ(ps[0].people, std::vector<found_person>{});
  ASSERT_EQ(ps[0].evidence.size(), 1u);
  EXPECT_EQ(ps[0].evidence[0].begin, 0u);
  EXPECT_EQ(ps[0].evidence[0].end, 236u);
  EXPECT_EQ(ps[0].evidence[0].sentence.substr(ps[0].evidence[0].sentence.size() - 6), "(CMD).");
  EXPECT_EQ(ps[0].evidence[0].date_begin, 0u);
  EXPECT_EQ(ps[0].evidence[0].date_end, 16u);
  EXPECT_EQ(ps[0].evidence[0].date_text, "8 февраля");

  EXPECT_EQ(ps[1].date, "2023-09-19");
  EXPECT_EQ(ps[1].year, year_source::text);
  EXPECT_EQ(ps[1].title, "Саммите C5+1, состоявшемся в Нью-Йорке");
  EXPECT_EQ(places_line(ps[1]), "New York/US");
  // "президентом США Джо Байденом и президентами Казахстана, …": one person (the plural names
  // no one).
  EXPECT_EQ(ps[1].people, (std::vector<found_person>{{"Джо Байден", "президент США"}}));
  ASSERT_EQ(ps[1].evidence.size(), 1u);
  EXPECT_EQ(ps[1].evidence[0].begin, 237u);
  EXPECT_EQ(ps[1].evidence[0].end, 627u);
  EXPECT_EQ(ps[1].evidence[0].date_text, "19 сентября 2023 года");
  EXPECT_EQ(text.substr(ps[1].evidence[0].date_begin,
                        ps[1].evidence[0].date_end - ps[1].evidence[0].date_begin),
            "19 сентября 2023 года");

  EXPECT_EQ(ps[2].date, "2024-03");
  EXPECT_EQ(ps[2].title,
            "В рамках рабочей поездки министр промышленности и строительства РК Шарлапаев Канат "
            "Бисимбаевич посетит PDAC в Торонто");
  EXPECT_EQ(places_line(ps[2]), "Toronto/CA");
  EXPECT_EQ(ps[2].people,
            (std::vector<found_person>{
                {"Шарлапаев Канат Бисимбаевич", "министр промышленности и строительства РК"}}));
  ASSERT_EQ(ps[2].evidence.size(), 1u);
  EXPECT_EQ(ps[2].evidence[0].date_text, "марте");
  EXPECT_EQ(ps[2].evidence[0].sentence.substr(0, std::string("В марте").size()), "В марте");
}

}  // namespace

TEST(Proposals, TheShippedPressNote) {
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  expect_seed_proposals(test::slurp(test::k_source_dir / "sources/press-note-2024-02.ru.txt"));
}

TEST(Proposals, TheSeedTextOfTheSharedMaterial) {
  // ../shared/seed/ beside the checkout (or beside the folder of worktrees); skipped without it.
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  for (const char* shared : {"../shared/seed", "../../shared/seed"}) {
    const auto dir = test::k_source_dir / shared;
    if (!std::filesystem::is_directory(dir)) continue;
    const auto file = dir / "000_d1e7f4929de0f2c6.txt";
    if (!std::filesystem::is_regular_file(file)) continue;
    expect_seed_proposals(test::slurp(file));
    return;
  }
  GTEST_SKIP() << "no ../shared/seed";
}

TEST(People, RussianRolesAndCases) {
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  EXPECT_EQ(find_people("В марте министр промышленности и строительства Казахстана Канат "
                        "Шарлапаев посетит Торонто.",
                        "ru"),
            (std::vector<found_person>{
                {"Канат Шарлапаев", "министр промышленности и строительства Казахстана"}}));
  // Genitive after "под председательством", an initial joined to the surname.
  EXPECT_EQ(find_people("Встреча, проходившая под председательством заместителя госсекретаря по "
                        "вопросам экономического роста, энергетики и окружающей среды Хосе "
                        "У.Фернандеса, собрала представителей.",
                        "ru"),
            (std::vector<found_person>{
                {"Хосе У.Фернандес",
                 "заместитель госсекретаря по вопросам экономического роста, энергетики и "
                 "окружающей среды"}}));
  // No role word, or a plural one: nobody.
  EXPECT_EQ(find_people("Государственный департамент США провел встречу в Центральной Азии.", "ru"),
            std::vector<found_person>{});
  EXPECT_EQ(find_people("Её предложили президентами Казахстана, Кыргызской Республики.", "ru"),
            std::vector<found_person>{});
}

TEST(People, English) {
  EXPECT_EQ(find_people("Kazakh Minister of Industry Kanat Sharlapayev will visit PDAC.", "en"),
            (std::vector<found_person>{{"Kanat Sharlapayev", "Kazakh Minister of Industry"}}));
  EXPECT_EQ(find_people("It was proposed by President Joe Biden in New York.", "en"),
            (std::vector<found_person>{{"Joe Biden", "President"}}));
  EXPECT_EQ(find_people("The minister arrived.", "en"), std::vector<found_person>{});
  EXPECT_EQ(find_people("министр Канат Шарлапаев", "de"), std::vector<found_person>{});
}

TEST(Sentences, AbbreviationsAndInitialsDoNotEndASentence) {
  EXPECT_EQ(
      sentences_of("Форум прошёл в 2023 г. в Астане. К. Токаев выступил на нём. Дальше.", "ru"),
      (std::vector<std::string>{"Форум прошёл в 2023 г. в Астане.", "К. Токаев выступил на нём.",
                                "Дальше."}));
  EXPECT_EQ(
      sentences_of("Встречу вёл Хосе У.Фернандес. Говорил Х. У. Фернандес.", "ru"),
      (std::vector<std::string>{"Встречу вёл Хосе У.Фернандес.", "Говорил Х. У. Фернандес."}));
  EXPECT_EQ(
      sentences_of("J. Smith met Mr. Brown in Toronto. They left.\nNext line", "en"),
      (std::vector<std::string>{"J. Smith met Mr. Brown in Toronto.", "They left.", "Next line"}));
}

TEST(Sentences, AFullStopBeforeANumberEndsOne) {
  // ICU alone reads "форум. 12 мая" as one sentence (a number, then a lower-case word).
  EXPECT_EQ(sentences_of("Прошёл форум. 12 мая министр выступил.", "ru"),
            (std::vector<std::string>{"Прошёл форум.", "12 мая министр выступил."}));
}

TEST(Places, RussianCaseFormsAndMultiWordNames) {
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  EXPECT_EQ(places_of("Встреча в Торонто, в Нью-Йорке и в Астане; президент Казахстана.", "ru"),
            (std::vector<std::string>{"Торонто=Toronto/CA located", "Нью-Йорке=New York/US located",
                                      "Астане=Astana/KZ located", "Казахстана=Kazakhstan/KZ"}));
  EXPECT_EQ(places_of("Из Москвы в Санкт-Петербург, затем в Соединённые Штаты и в США.", "ru"),
            (std::vector<std::string>{
                "Москвы=Moscow/RU", "Санкт-Петербург=Saint Petersburg/RU located",
                "Соединённые Штаты=United States/US located", "США=United States/US located"}));
  // Lower-case words and common words are not places ("того" is no Togo, "мира" no place).
  EXPECT_EQ(places_of("Того же дня министр мира выступил в торонто.", "ru"),
            std::vector<std::string>{});
}

TEST(Places, English) {
  EXPECT_EQ(places_of("Talks in New York and Toronto, Canada; the Kazakhstan pavilion.", "en"),
            (std::vector<std::string>{"New York=New York/US located", "Toronto=Toronto/CA",
                                      "Canada=Canada/CA", "Kazakhstan=Kazakhstan/KZ"}));
  EXPECT_EQ(places_of("в Торонто", "de"), std::vector<std::string>{});
}

TEST(Proposals, OneEventMentionedTwiceMerges) {
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  const std::string text =
      "В 2023 г. в Астане прошёл форум. 12 мая 2024 года К. Токаев посетил Нью-Йорк. Позже, "
      "12 мая 2024 года, в Нью-Йорке президент выступил в ООН. 12 мая 2024 года в Торонто "
      "открылась выставка.";
  const auto ps = propose_events(text, "ru", {});
  ASSERT_EQ(ps.size(), 3u);
  expect_proposal(ps[0], "2023", "В Астане прошёл форум", "Astana/KZ");
  expect_proposal(ps[1], "2024-05-12", "К. Токаев посетил Нью-Йорк", "New York/US");
  ASSERT_EQ(ps[1].evidence.size(), 2u);
  EXPECT_EQ(ps[1].evidence[0].sentence, "12 мая 2024 года К. Токаев посетил Нью-Йорк.");
  EXPECT_EQ(ps[1].evidence[1].sentence,
            "Позже, 12 мая 2024 года, в Нью-Йорке президент выступил в ООН.");
  // The same day in another city is another event.
  expect_proposal(ps[2], "2024-05-12", "В Торонто открылась выставка", "Toronto/CA");
}

TEST(Proposals, OneProposalPerDateEachTitledFromItsClause) {
  if (!has_word_forms("ru")) GTEST_SKIP() << "no Russian dictionary";
  const auto ps = propose_events(
      "Встреча в Казахстане прошла 3 марта 2024 года, а 5 марта 2024 года делегация прибыла в "
      "Санкт-Петербург.",
      "ru", {});
  ASSERT_EQ(ps.size(), 2u);
  expect_proposal(ps[0], "2024-03-03", "Встреча в Казахстане прошла", "Kazakhstan/KZ");
  expect_proposal(ps[1], "2024-03-05", "Делегация прибыла в Санкт-Петербург",
                  "Saint Petersburg/RU");
  EXPECT_EQ(ps[0].evidence[0].begin, ps[1].evidence[0].begin);  // one sentence
}

TEST(Proposals, English) {
  const auto ps = propose_events(
      "On 12 May 2024 the minister arrived in New York. Talks in Toronto, Canada, began on 3 "
      "March 2024, and J. Smith flew to Washington on 5 March 2024.",
      "en", {});
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ps[0].title, "The minister arrived in New York");
  EXPECT_EQ(places_line(ps[0]), "New York/US");
  EXPECT_EQ(ps[1].date, "2024-03-03");
  EXPECT_EQ(ps[1].title, "Talks in Toronto, Canada, began");
  EXPECT_EQ(places_line(ps[1]), "Toronto/CA");
  EXPECT_EQ(ps[2].date, "2024-03-05");
  EXPECT_EQ(ps[2].title, "J. Smith flew to Washington");
  EXPECT_EQ(places_line(ps[2]), "Washington/US");
}

TEST(Proposals, ASentenceDoesNotEndInsideADate) {
  // "Feb." ends in a full stop before a number, which the splitter takes for a sentence's end;
  // the date expression "Feb. 8" keeps its sentence whole (found by fuzzing).
  const std::string text = "The ministers met on Feb. 8, 2024 in Astana. Talks went on.";
  const auto ps = propose_events(text, "en", {});
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].date, "2024-02-08");
  ASSERT_EQ(ps[0].evidence.size(), 1u);
  EXPECT_EQ(ps[0].evidence[0].sentence, "The ministers met on Feb. 8, 2024 in Astana.");
  EXPECT_EQ(ps[0].evidence[0].date_text, "Feb. 8, 2024");
  EXPECT_EQ(places_line(ps[0]), "Astana/KZ");
}

TEST(Proposals, ListItemsAreSentencesOfTheirOwn) {
  const std::string text =
      "Прогнозы такие. * 2060 год — наводнение затопит город. * 2242 год — наступит конец света.";
  EXPECT_EQ(sentences_of(text, "ru"),
            (std::vector<std::string>{"Прогнозы такие.", "* 2060 год — наводнение затопит город.",
                                      "* 2242 год — наступит конец света."}));
  const auto ps = propose_events(text, "ru", {});
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].date, "2060");
  EXPECT_EQ(ps[0].title, "Наводнение затопит город");
  EXPECT_EQ(ps[1].date, "2242");
  EXPECT_EQ(ps[1].title, "Наступит конец света");
}

TEST(Proposals, LongClausesAreCut) {
  const auto ps = propose_events(
      "On 5 March 2024 one two three four five six seven eight nine ten eleven twelve thirteen "
      "fourteen fifteen sixteen seventeen eighteen.",
      "en", {});
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].title,
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen…");
}

TEST(ProposalToEvent, TheDateDecidesWhetherItCanBeAnEvent) {
  proposal p;
  p.date = "XXXX-02-08";
  p.year = year_source::unknown;
  p.title = "Встреча";
  p.evidence.push_back({0, 10, "8 февраля встреча.", 0, 16, "8 февраля"});
  std::string why;
  EXPECT_FALSE(proposal_to_event(p, "ru", {}, "note.txt", &why));
  EXPECT_EQ(why, "the year of XXXX-02-08 is unknown (no document date: give one with --dct)");
  p.date = "2010-23";
  p.year = year_source::text;
  EXPECT_FALSE(proposal_to_event(p, "ru", {}, "note.txt", &why));
  EXPECT_EQ(why, "2010-23 (a season, quarter or half) is not a date an event file takes");

  p.date = "2024-03";
  p.year = year_source::document;
  p.places.push_back({0, 0, "Toronto", "CA", true, true});
  const auto e = proposal_to_event(p, "ru", day(2024, 2, 12), "note.txt", &why);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->title.at("ru"), "Встреча");
  EXPECT_EQ(e->status, status::planned);  // after the document's day
  ASSERT_TRUE(e->place);
  EXPECT_EQ(e->place->city, "Toronto");
  EXPECT_EQ(e->place->country, "CA");
  EXPECT_EQ(e->sources.at(0).published, "2024-02-12");
  EXPECT_EQ(e->date_note,
            "Proposed by chronicle extract from “8 февраля” in note.txt; the year taken from the "
            "document date 2024-02-12.");
  p.date = "2024-02-08";
  EXPECT_EQ(proposal_to_event(p, "ru", day(2024, 2, 12), "note.txt", &why)->status,
            status::tentative);
}
