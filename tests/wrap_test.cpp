#include "chronicle/render/wrap.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace chronicle {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(display_width, counts_columns_not_bytes_nor_colours) {
  EXPECT_EQ(display_width("Sep 2023"), 8u);
  EXPECT_EQ(display_width("сентября"), 8u);
  EXPECT_EQ(display_width("\x1b[36m19 Sep\x1b[0m"), 6u);
  EXPECT_EQ(display_width("日本"), 4u) << "East Asian wide characters take two columns";
  EXPECT_EQ(display_width("e\xcc\x81"), 1u) << "a combining accent takes none";
}

TEST(fold_line_breaks, joins_the_lines_of_a_value_with_one_space) {
  EXPECT_EQ(fold_line_breaks("Metro Toronto Convention Centre\n255 Front St W"),
            "Metro Toronto Convention Centre 255 Front St W");
  EXPECT_EQ(fold_line_breaks("a \r\n\r\n  b\n"), "a b");
  EXPECT_EQ(fold_line_breaks("one line"), "one line");
}

TEST(wrap, leaves_text_alone_without_a_width) {
  EXPECT_EQ(wrap("  a long line that would not fit in ten columns", 0, 4),
            "  a long line that would not fit in ten columns");
}

TEST(wrap, breaks_between_words_with_a_hanging_indent) {
  const auto text = wrap("  19 Sep 2023  C5+1 presidential summit in New York", 30, 15);
  EXPECT_EQ(text,
            "  19 Sep 2023  C5+1\n"
            "               presidential\n"
            "               summit in New\n"
            "               York");
}

TEST(wrap, breaks_russian_between_words) {
  const auto text = wrap("Саммит C5+1 в Нью-Йорке, посвящённый критически важным минералам", 24, 2);
  for (const auto& line : lines_of(text)) EXPECT_LE(display_width(line), 24u) << text;
  EXPECT_NE(text.find("посвящённый"), std::string::npos) << text;
  EXPECT_NE(text.find("критически"), std::string::npos) << text;
  EXPECT_NE(text.find("минералам"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  "), std::string::npos) << text;
}

TEST(wrap, cuts_a_word_longer_than_the_line_at_the_width) {
  EXPECT_EQ(wrap("see Pneumonoultramicroscopicsilicovolcanoconiosis", 12, 2),
            "see\n  Pneumonoul\n  tramicrosc\n  opicsilico\n  volcanocon\n  iosis");
}

TEST(wrap, closes_a_colour_at_a_break_and_reopens_it_after_the_indent) {
  const auto text = wrap("  \x1b[2mfour months after the summit\x1b[0m", 16, 2);
  EXPECT_EQ(text, "  \x1b[2mfour months\x1b[0m\n  \x1b[2mafter the\x1b[0m\n  \x1b[2msummit\x1b[0m");
}

TEST(wrap, folds_line_breaks_in_the_text) {
  EXPECT_EQ(wrap("    Metro Toronto\nConvention Centre", 80, 4),
            "    Metro Toronto Convention Centre");
}

TEST(wrap, keeps_an_indent_wider_than_half_the_line_to_half) {
  EXPECT_EQ(wrap("aaaa bbbb cccc", 8, 20), "aaaa\n    bbbb\n    cccc");
}

}  // namespace
}  // namespace chronicle
