#include "chronicle/text/words.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using chronicle::find_words;
using chronicle::fold_text;
using chronicle::word_forms;
using chronicle::word_span;

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  for (word_span w : find_words(text)) out.push_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

}  // namespace

TEST(Words, FindsWordsByByteOffsetsWithoutPunctuation) {
  const std::string text = "АСТАНА, 9 фев – Sputnik. Встреча в Нью-Йорке!";
  EXPECT_EQ(words_of(text), (std::vector<std::string>{"АСТАНА", "9", "фев", "Sputnik", "Встреча",
                                                      "в", "Нью", "Йорке"}));
  std::vector<word_span> spans = find_words(text);
  ASSERT_EQ(spans.size(), 8u);
  EXPECT_EQ(spans[0], (word_span{0, 12}));  // six Cyrillic letters, two bytes each
  EXPECT_EQ(spans[1], (word_span{14, 15}));
}

TEST(Words, FindsNothingInEmptyOrPunctuation) {
  EXPECT_TRUE(find_words("").empty());
  EXPECT_TRUE(find_words(" — , .!").empty());
}

TEST(Words, FoldsCaseAndDiacritics) {
  EXPECT_EQ(fold_text("Éire"), "eire");
  EXPECT_EQ(fold_text("Ёлка"), "елка");
  EXPECT_EQ(fold_text("ASTANA Астана"), "astana астана");
  EXPECT_EQ(fold_text("Straße"), "strasse");
  EXPECT_EQ(fold_text("Qoʻshimcha Ўзбекистон"), "qoʻshimcha узбекистон");
}

TEST(Words, FoldingReplacesInvalidUtf8) {
  EXPECT_EQ(fold_text("a\xff"
                      "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(WordForms, RussianCasesGiveTheDictionaryForm) {
  ASSERT_TRUE(chronicle::has_word_forms("ru")) << "hunspell-ru is not installed";
  EXPECT_EQ(word_forms("Астане", "ru"), std::vector<std::string>{"Астана"});
  EXPECT_EQ(word_forms("марте", "ru"), std::vector<std::string>{"март"});
  EXPECT_EQ(word_forms("февраля", "ru"), std::vector<std::string>{"февраль"});
  EXPECT_EQ(word_forms("Ташкенте", "ru"), std::vector<std::string>{"Ташкент"});
}

TEST(WordForms, ALowerCaseNameIsTriedCapitalised) {
  EXPECT_EQ(word_forms("астане", "ru"), std::vector<std::string>{"Астана"});
  EXPECT_EQ(word_forms("казахстана", "ru"), std::vector<std::string>{"Казахстан"});
}

TEST(WordForms, EnglishInflectionsGiveTheDictionaryForm) {
  ASSERT_TRUE(chronicle::has_word_forms("en")) << "hunspell-en-us is not installed";
  EXPECT_EQ(word_forms("ministers", "en"), std::vector<std::string>{"minister"});
  EXPECT_EQ(word_forms("visits", "en"), std::vector<std::string>{"visit"});
  // en_US derives "meeting" from "meet" (its affix J), so that is the form it gives.
  EXPECT_EQ(word_forms("meetings", "en"), std::vector<std::string>{"meet"});
}

TEST(WordForms, UnknownWordsAndLanguagesHaveNone) {
  EXPECT_TRUE(word_forms("Шарлапаевъъ", "ru").empty());
  EXPECT_TRUE(word_forms("", "ru").empty());
  EXPECT_FALSE(chronicle::has_word_forms("xx"));
  EXPECT_TRUE(word_forms("марте", "xx").empty());
  EXPECT_FALSE(chronicle::has_word_forms("../ru"));
}

TEST(WordForms, DicpathIsSearchedFirst) {
  // A dictionary of one's own, found through DICPATH as Hunspell's tools find it.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "chronicle-dicpath-test";
  fs::create_directories(dir);
  std::ofstream(dir / "zz_ZZ.aff") << "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n";
  std::ofstream(dir / "zz_ZZ.dic") << "1\nmilestone/S\n";
  ::setenv("DICPATH", dir.c_str(), 1);
  EXPECT_TRUE(chronicle::has_word_forms("zz"));
  EXPECT_EQ(word_forms("milestones", "zz"), std::vector<std::string>{"milestone"});
  ::unsetenv("DICPATH");
  fs::remove_all(dir);
}

TEST(WordForms, SafeFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &ok] {
      for (int i = 0; i < 200; ++i)
        if (word_forms(i % 2 ? "Астане" : "марте", "ru").size() == 1) ++ok[t];
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok, (std::vector<int>{200, 200, 200, 200}));
}
