// find_dates (extract/dates.hpp): every form issue 14 lists, with exact spans and values, in
// sentences written for these tests (the gold standard of real news is bench/'s business).

#include "chronicle/extract/dates.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using chronicle::date_modifier;
using chronicle::document_date;
using chronicle::find_dates;
using chronicle::find_document_date;
using chronicle::found_date;
using chronicle::year_source;

namespace {

struct expected {
  std::string text;
  std::string value;
  date_modifier mod = date_modifier::none;
};

document_date day(int y, unsigned m, unsigned d) {
  return {y, m, d};
}

/// Each found date as (text, value, modifier), checking that its span holds its text.
std::vector<expected> found(const std::string& text, const std::string& lang,
                            const document_date& dct = {}) {
  std::vector<expected> out;
  for (const found_date& f : find_dates(text, lang, dct)) {
    EXPECT_EQ(text.substr(f.begin, f.end - f.begin), f.text);
    out.push_back({f.text, f.value, f.modifier});
  }
  return out;
}

void PrintTo(const expected& e, std::ostream* os) {
  *os << "{\"" << e.text << "\", " << e.value << ", " << chronicle::modifier_name(e.mod) << "}";
}

bool operator==(const expected& a, const expected& b) {
  return a.text == b.text && a.value == b.value && a.mod == b.mod;
}

using list = std::vector<expected>;

}  // namespace

TEST(DatesRu, DayMonthYearWithItsYearWord) {
  const std::string text = "Саммит состоялся 19 сентября 2023 года в Нью-Йорке.";
  const auto dates = find_dates(text, "ru", {});
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].begin, text.find("19"));
  EXPECT_EQ(dates[0].end, text.find(" в Нью"));
  EXPECT_EQ(dates[0].text, "19 сентября 2023 года");
  EXPECT_EQ(dates[0].value, "2023-09-19");
  EXPECT_EQ(dates[0].year, year_source::text);
}

TEST(DatesRu, DayMonthTakesTheYearOfTheDocumentDate) {
  const std::string text = "8 февраля Государственный департамент провел встречу.";
  auto dates = find_dates(text, "ru", day(2024, 2, 9));
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].begin, 0u);
  EXPECT_EQ(dates[0].text, "8 февраля");
  EXPECT_EQ(dates[0].value, "2024-02-08");
  EXPECT_EQ(dates[0].year, year_source::document);
  // Without a document date the year stays unknown, never today's.
  dates = find_dates(text, "ru", {});
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0].value, "XXXX-02-08");
  EXPECT_EQ(dates[0].year, year_source::unknown);
}

TEST(DatesRu, MonthsInEveryCaseAreMonthsNotDays) {
  EXPECT_EQ(found("В марте министр посетит Торонто.", "ru", day(2024, 2, 12)),
            (list{{"марте", "2024-03"}}));
  EXPECT_EQ(found("Февраль выдался холодным, а в мае потеплело.", "ru", day(2024, 6, 1)),
            (list{{"Февраль", "2024-02"}, {"мае", "2024-05"}}));
  EXPECT_EQ(found("Доклад ожидается к декабрю, отчёт за январь готов.", "ru", {}),
            (list{{"декабрю", "XXXX-12"}, {"январь", "XXXX-01"}}));
  EXPECT_EQ(found("В феврале 2010 г. завод закрыли.", "ru"),
            (list{{"феврале 2010 г.", "2010-02"}}));
}

TEST(DatesRu, Years) {
  EXPECT_EQ(
      found("В 2023 году и до 2015 года, а также в 2010 г. и 2009-м.", "ru"),
      (list{
          {"2023 году", "2023"}, {"2015 года", "2015"}, {"2010 г.", "2010"}, {"2009-м", "2009"}}));
  EXPECT_EQ(found("Отчёт 2023 г. опубликован.", "ru"), (list{{"2023 г.", "2023"}}));
  // Counts and sums are not years.
  EXPECT_EQ(found("Собрали 2010 рублей, пришли 1500 человек.", "ru"), list{});
  EXPECT_EQ(found("В 98-м году.", "ru"), (list{{"98-м году", "1998"}}));
}

TEST(DatesRu, Ranges) {
  EXPECT_EQ(found("Выставка пройдёт с 3 по 6 марта 2024 года.", "ru"),
            (list{{"3 по 6 марта 2024 года", "2024-03-03/2024-03-06"}}));
  EXPECT_EQ(found("Работы шли с ноября по декабрь 2010 года.", "ru"),
            (list{{"ноября по декабрь 2010 года", "2010-11/2010-12"}}));
  EXPECT_EQ(found("Программа рассчитана на реализацию в 2025–2026 годах.", "ru"),
            (list{{"2025–2026 годах", "2025/2026"}}));
  EXPECT_EQ(found("Форум прошёл 3-4 июня 2010 г. в Москве.", "ru"),
            (list{{"3-4 июня 2010 г.", "2010-06-03/2010-06-04"}}));
  EXPECT_EQ(found("С 20 апреля по 15 июня 2010 года.", "ru"),
            (list{{"20 апреля по 15 июня 2010 года", "2010-04-20/2010-06-15"}}));
  EXPECT_EQ(found("С 2008 по 2010 год.", "ru"), (list{{"2008 по 2010 год", "2008/2010"}}));
}

TEST(DatesRu, CoordinatedDaysAreSeparateExpressions) {
  EXPECT_EQ(
      found("Заседания 18, 23 и 26 января 2006 года.", "ru"),
      (list{{"18", "2006-01-18"}, {"23", "2006-01-23"}, {"26 января 2006 года", "2006-01-26"}}));
}

TEST(DatesRu, SeasonsQuartersHalvesDecadesCenturies) {
  EXPECT_EQ(found("Осенью 2010 года начали стройку.", "ru"),
            (list{{"Осенью 2010 года", "2010-23"}}));
  EXPECT_EQ(found("В первом квартале 2015 года рост.", "ru"),
            (list{{"первом квартале 2015 года", "2015-33"}}));
  EXPECT_EQ(found("Во второй половине 2013 года спад.", "ru"),
            (list{{"второй половине 2013 года", "2013-41"}}));
  EXPECT_EQ(found("За первое полугодие 2009 года.", "ru"),
            (list{{"первое полугодие 2009 года", "2009-40"}}));
  EXPECT_EQ(found("В 2000-х годах и в 90-е годы.", "ru"),
            (list{{"2000-х годах", "200X"}, {"90-е годы", "199X"}}));
  EXPECT_EQ(found("В XX веке.", "ru"), (list{{"XX веке", "19XX"}}));
  EXPECT_EQ(found("Весной нынешнего года.", "ru", day(2011, 5, 1)),
            (list{{"Весной нынешнего года", "2011-21"}}));
}

TEST(DatesRu, ApproximateAndModifiers) {
  EXPECT_EQ(found("Около 2010 года компания выросла.", "ru"), (list{{"Около 2010 года", "2010~"}}));
  EXPECT_EQ(found("В начале марта подпишут договор.", "ru", day(2024, 2, 12)),
            (list{{"начале марта", "2024-03", date_modifier::start}}));
  EXPECT_EQ(found("В середине 2012 года и в конце 2012 года.", "ru"),
            (list{{"середине 2012 года", "2012", date_modifier::mid},
                  {"конце 2012 года", "2012", date_modifier::end}}));
  EXPECT_EQ(found("В начале 90-х годов прошлого века.", "ru"),
            (list{{"начале 90-х годов прошлого века", "199X", date_modifier::start}}));
}

TEST(DatesRu, RelativeToTheDocumentDate) {
  const auto dct = day(2010, 6, 30);  // a Wednesday
  EXPECT_EQ(found("Вчера, сегодня и завтра.", "ru", dct),
            (list{{"Вчера", "2010-06-29"}, {"сегодня", "2010-06-30"}, {"завтра", "2010-07-01"}}));
  EXPECT_EQ(found("В понедельник мэр заявил.", "ru", dct), (list{{"понедельник", "2010-06-28"}}));
  EXPECT_EQ(found("В среду мэр заявил.", "ru", dct), (list{{"среду", "2010-06-30"}}));
  EXPECT_EQ(found("В текущем году, в прошлом году и до конца текущего года.", "ru", dct),
            (list{{"текущем году", "2010"},
                  {"прошлом году", "2009"},
                  {"конца текущего года", "2010", date_modifier::end}}));
  EXPECT_EQ(found("Итоги прошлого месяца.", "ru", dct), (list{{"прошлого месяца", "2010-05"}}));
  EXPECT_EQ(found("На прошлой неделе.", "ru", day(2010, 6, 28)),
            (list{{"прошлой неделе", "2010-06-21/2010-06-27"}}));
  EXPECT_EQ(found("Это было 15 лет назад.", "ru", dct), (list{{"15 лет назад", "1995"}}));
  EXPECT_EQ(found("Вчера в среду.", "ru", {}),
            (list{{"Вчера", "XXXX-XX-XX"}, {"среду", "XXXX-XX-XX"}}));
  EXPECT_EQ(found("В апреле этого года.", "ru", {}), (list{{"апреле этого года", "XXXX-04"}}));
  EXPECT_EQ(found("В мае прошлого года.", "ru", dct), (list{{"мае прошлого года", "2009-05"}}));
}

TEST(DatesRu, WeekdayWithItsDateIsOneExpression) {
  EXPECT_EQ(found("В понедельник 28 июня мэр заявил.", "ru", day(2010, 6, 28)),
            (list{{"понедельник 28 июня", "2010-06-28"}}));
  EXPECT_EQ(found("В пятницу, 21 января, суд.", "ru", day(2011, 1, 24)),
            (list{{"пятницу, 21 января", "2011-01-21"}}));
  EXPECT_EQ(found("Каждый понедельник и каждую весну.", "ru", day(2011, 1, 24)), list{});
  // "среда" is also the environment.
  EXPECT_EQ(found("Министр охраны окружающей среды заявил.", "ru", day(2011, 1, 24)), list{});
  EXPECT_EQ(found("До среды и в прошедшее воскресенье.", "ru", day(2011, 1, 24)),
            (list{{"среды", "2011-01-19"}, {"прошедшее воскресенье", "2011-01-23"}}));
}

TEST(DatesRu, AbbreviatedMonthOfADateline) {
  EXPECT_EQ(found("АСТАНА, 9 фев – Sputnik.", "ru"), (list{{"9 фев", "XXXX-02-09"}}));
  const auto d = find_document_date("АСТАНА, 9 фев – Sputnik. Президент заявил.", "ru");
  ASSERT_TRUE(d);
  EXPECT_EQ(chronicle::to_edtf(*d), "XXXX-02-09");
  EXPECT_FALSE(find_document_date("8 февраля департамент провел встречу.", "ru"));
}

TEST(DatesRu, NotDates) {
  EXPECT_EQ(found("Три года подряд, в течение месяца, 30-летний мужчина, недавно.", "ru"), list{});
  EXPECT_EQ(found("Субботней ночью ноябрьских выборов.", "ru"), list{});
}

TEST(DatesEn, DaysMonthsAndRanges) {
  const auto dct = day(2024, 2, 12);
  EXPECT_EQ(found("The meeting was held on Feb. 8 in Washington.", "en", dct),
            (list{{"Feb. 8", "2024-02-08"}}));
  EXPECT_EQ(found("The fair runs 3–6 March.", "en", dct),
            (list{{"3–6 March", "2024-03-03/2024-03-06"}}));
  EXPECT_EQ(found("It opened on September 19, 2023, in New York.", "en"),
            (list{{"September 19, 2023", "2023-09-19"}}));
  EXPECT_EQ(found("On 19 September 2023 the leaders met.", "en"),
            (list{{"19 September 2023", "2023-09-19"}}));
  EXPECT_EQ(found("The minister will visit Toronto in March.", "en", dct),
            (list{{"March", "2024-03"}}));
  EXPECT_EQ(found("Sales fell in March 2024 and in 2023.", "en"),
            (list{{"March 2024", "2024-03"}, {"2023", "2023"}}));
  EXPECT_EQ(found("Prices rose from 2008 to 2010.", "en"), (list{{"2008 to 2010", "2008/2010"}}));
  EXPECT_EQ(found("She may come.", "en"), list{});
}

TEST(DatesEn, DecadesSeasonsPartsModifiers) {
  const auto dct = day(2024, 2, 12);
  EXPECT_EQ(found("Since the 1990s the town has grown.", "en"), (list{{"the 1990s", "199X"}}));
  EXPECT_EQ(found("Talks resume in early March.", "en", dct),
            (list{{"early March", "2024-03", date_modifier::start}}));
  EXPECT_EQ(found("Elections in mid-January.", "en", dct),
            (list{{"mid-January", "2024-01", date_modifier::mid}}));
  EXPECT_EQ(found("By the end of 2012 it closed.", "en"),
            (list{{"end of 2012", "2012", date_modifier::end}}));
  EXPECT_EQ(
      found("Growth in the first quarter of 2015 and the second half of 2013.", "en"),
      (list{{"the first quarter of 2015", "2015-33"}, {"the second half of 2013", "2013-41"}}));
  EXPECT_EQ(found("Built in autumn 2010, around 2010.", "en"),
            (list{{"autumn 2010", "2010-23"}, {"around 2010", "2010~"}}));
}

TEST(DatesEn, Relative) {
  const auto dct = day(2024, 2, 14);  // a Wednesday
  EXPECT_EQ(found("Yesterday the board met; last month sales fell.", "en", dct),
            (list{{"Yesterday", "2024-02-13"}, {"last month", "2024-01"}}));
  EXPECT_EQ(found("On Friday the minister spoke, and last year too.", "en", dct),
            (list{{"Friday", "2024-02-09"}, {"last year", "2023"}}));
  EXPECT_EQ(
      found("Three years ago, today, tomorrow.", "en", dct),
      (list{{"Three years ago", "2021"}, {"today", "2024-02-14"}, {"tomorrow", "2024-02-15"}}));
  EXPECT_EQ(found("This week and next year.", "en", dct),
            (list{{"This week", "2024-02-12/2024-02-18"}, {"next year", "2025"}}));
  EXPECT_EQ(found("Friday.", "en", {}), (list{{"Friday", "XXXX-XX-XX"}}));
}

TEST(DatesEn, Dateline) {
  const auto d = find_document_date("Astana. 5 March. KAZAKHSTAN TODAY - The minister said.", "en");
  ASSERT_TRUE(d);
  EXPECT_EQ(chronicle::to_edtf(*d), "XXXX-03-05");
}

TEST(Dates, NeverFailsOnGarbage) {
  EXPECT_TRUE(find_dates("", "ru", {}).empty());
  EXPECT_TRUE(find_dates("", "en", {}).empty());
  EXPECT_TRUE(find_dates("8 февраля", "de", {}).empty());
  // Invalid UTF-8 around a date: the date is found at its own bytes.
  const std::string bad = "\xff\xfe 8 февраля \xc3\x28 \xe2\x82 2023 года \x80";
  const auto dates = find_dates(bad, "ru", {});
  for (const auto& d : dates) {
    EXPECT_LE(d.begin, d.end);
    EXPECT_LE(d.end, bad.size());
  }
  // Much text, with numbers, dashes and month names in every arrangement.
  std::string huge;
  for (int i = 0; i < 20000; ++i)
    huge += std::to_string(i % 40) + (i % 3 ? " марта – " : "-") + std::to_string(i) +
            (i % 7 ? " года, " : " по ") + "\xd0";
  const auto many = find_dates(huge, "ru", day(2024, 2, 12));
  EXPECT_FALSE(many.empty());
  for (const auto& d : many) EXPECT_LE(d.end, huge.size());
  const auto json = chronicle::dates_to_json({}, find_dates(bad, "ru", {}));
  EXPECT_NE(json.find("\"dates\""), std::string::npos);
}
