// Editing TOML in place: the changed values change, every other byte stays.
#include "chronicle/store/toml_edit.hpp"

#include <gtest/gtest.h>

#include "chronicle/store/event_edit.hpp"

namespace chronicle {
namespace {

toml_document doc(const std::string& text) {
  std::vector<diagnostic> problems;
  auto d = toml_document::parse(text, "x.toml", problems);
  EXPECT_TRUE(d.has_value()) << (problems.empty() ? "" : to_string(problems[0]));
  return *d;
}

const std::string k_curated =
    "# A hand-curated event.\n"
    "date = \"2024-02-08\"   # from the readout\n"
    "status = \"confirmed\"\n"
    "tags = [\"c5plus1\", \"dialogue\"]\n"
    "follows = [\n"
    "  \"a\",  # the summit\n"
    "  \"b\",\n"
    "]\n"
    "revision = 1\n"
    "\n"
    "[title]\n"
    "en = \"Meeting\"   # short\n"
    "\n"
    "# Where it happened.\n"
    "[place]\n"
    "name = \"State\"\n"
    "city = \"Washington\"\n"
    "\n"
    "[[sources]]\n"
    "url = \"https://a.example.org/\"\n"
    "\n"
    "[[sources]]\n"
    "url = \"https://b.example.org/\"\n"
    "publisher = \"B\"\n";

TEST(toml_document, replaces_a_value_and_keeps_its_comment) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.set("date", std::string("2024-03")), "");
  auto want = k_curated;
  want.replace(want.find("\"2024-02-08\""), 12, "\"2024-03\"");
  EXPECT_EQ(d.text(), want);
}

TEST(toml_document, escapes_values_with_tomlplusplus) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.set("title.en", std::string("The \"CMD\" \\ meeting")), "");
  EXPECT_TRUE(d.text().find("en = \"The \\\"CMD\\\" \\\\ meeting\"   # short\n") !=
              std::string::npos)
      << d.text();
  EXPECT_EQ(d.string_at("title.en"), "The \"CMD\" \\ meeting");
}

TEST(toml_document, inserts_a_new_key_after_those_before_it_in_order) {
  auto d = doc(k_curated);
  const auto order = event_key_order();
  EXPECT_EQ(d.set("date_note", std::string("inferred"), order), "");
  EXPECT_TRUE(d.text().find("]\ndate_note = \"inferred\"\nrevision = 1\n") != std::string::npos)
      << d.text();
  EXPECT_EQ(d.set("last_modified", date::sys_seconds{std::chrono::seconds{1700000000}}, order), "");
  EXPECT_TRUE(d.text().find("revision = 1\nlast_modified = 2023-11-14T22:13:20Z\n\n[title]") !=
              std::string::npos)
      << d.text();
}

TEST(toml_document, inserts_into_a_table_and_creates_missing_tables) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.set("place.country", std::string("US"), event_key_order()), "");
  EXPECT_TRUE(d.text().find("city = \"Washington\"\ncountry = \"US\"\n\n[[sources]]") !=
              std::string::npos)
      << d.text();
  EXPECT_EQ(d.set("description.en", std::string("Text"), event_key_order()), "");
  EXPECT_TRUE(
      d.text().find("en = \"Meeting\"   # short\n\n[description]\nen = \"Text\"\n\n# Where it") !=
      std::string::npos)
      << d.text();
}

TEST(toml_document, writes_numbers_as_short_as_they_read_back) {
  auto d = doc("[place]\nname = \"x\"\n");
  EXPECT_EQ(d.set("place.latitude", 38.8946), "");
  EXPECT_EQ(d.set("place.longitude", -77.0), "");
  EXPECT_EQ(d.text(), "[place]\nname = \"x\"\nlatitude = 38.8946\nlongitude = -77.0\n");
}

TEST(toml_document, removes_a_key_with_its_lines_only) {
  auto d = doc(k_curated);
  EXPECT_TRUE(d.remove("follows"));
  auto want = k_curated;
  want.erase(want.find("follows = ["),
             std::string("follows = [\n  \"a\",  # the summit\n  \"b\",\n]\n").size());
  EXPECT_EQ(d.text(), want);
  EXPECT_FALSE(d.remove("follows"));
}

TEST(toml_document, removes_a_section_with_the_comment_above_it) {
  auto d = doc(k_curated);
  EXPECT_TRUE(d.remove("place"));
  auto want = k_curated;
  want.erase(
      want.find("# Where it happened."),
      std::string("# Where it happened.\n[place]\nname = \"State\"\ncity = \"Washington\"\n\n")
          .size());
  EXPECT_EQ(d.text(), want);
}

TEST(toml_document, appends_to_arrays_in_their_own_layout) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.append("tags", "visit"), "");
  EXPECT_EQ(d.append("follows", "c"), "");
  EXPECT_TRUE(d.text().find("tags = [\"c5plus1\", \"dialogue\", \"visit\"]\n") != std::string::npos)
      << d.text();
  EXPECT_TRUE(d.text().find("follows = [\n  \"a\",  # the summit\n  \"b\",\n  \"c\",\n]\n") !=
              std::string::npos)
      << d.text();
  EXPECT_EQ(d.append("related", "x", event_key_order()), "");
  EXPECT_TRUE(d.text().find("]\nrelated = [\"x\"]\nrevision = 1") != std::string::npos) << d.text();
}

TEST(toml_document, removes_array_items_with_their_commas) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.remove_items("follows", "a"), 1);
  EXPECT_TRUE(d.text().find("follows = [\n  \"b\",\n]\n") != std::string::npos) << d.text();
  EXPECT_EQ(d.remove_items("tags", "dialogue"), 1);
  EXPECT_TRUE(d.text().find("tags = [\"c5plus1\"]\n") != std::string::npos) << d.text();
  EXPECT_EQ(d.remove_items("tags", "c5plus1"), 1);
  EXPECT_EQ(d.kind_of("tags"), toml_kind::absent) << "an emptied list goes";
  EXPECT_EQ(d.remove_items("tags", "c5plus1"), 0);
}

TEST(toml_document, appends_and_removes_array_of_tables_sections) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.append_table("sources", {{"url", std::string("https://c.example.org/")},
                                       {"publisher", std::string("C")}}),
            "");
  EXPECT_TRUE(
      d.text().ends_with("publisher = \"B\"\n\n[[sources]]\nurl = "
                         "\"https://c.example.org/\"\npublisher = \"C\"\n"))
      << d.text();
  EXPECT_EQ(d.remove_tables("sources", "url", "https://b.example.org/"), 1);
  EXPECT_TRUE(
      d.text().ends_with("url = \"https://a.example.org/\"\n\n[[sources]]\nurl = "
                         "\"https://c.example.org/\"\npublisher = \"C\"\n"))
      << d.text();
}

TEST(toml_document, rewrites_inline_tables_whole) {
  auto d = doc("title = { en = \"A\" }\nplace.city = \"X\"\n");
  EXPECT_EQ(d.set("title.ru", std::string("Б")), "");
  EXPECT_EQ(d.set("place.name", std::string("N")), "");
  EXPECT_EQ(d.text(),
            "title = { en = \"A\", ru = \"Б\" }\nplace.city = \"X\"\nplace.name = \"N\"\n");
  EXPECT_TRUE(d.remove("place"));
  EXPECT_TRUE(d.remove("title.en"));
  EXPECT_EQ(d.text(), "title = { ru = \"Б\" }\n");
}

TEST(toml_document, refuses_what_cannot_be_done_in_place) {
  auto d = doc(k_curated);
  EXPECT_EQ(d.set("place", std::string("x")), "\"place\" is a table; set one of its keys instead");
  EXPECT_EQ(d.set("date.day", std::string("x")),
            "cannot set \"date.day\": \"date\" is not a table");
  EXPECT_EQ(d.append("date", "x"), "\"date\" is not an array");
}

TEST(toml_document, restyles_generated_values_like_hand_written_ones) {
  auto d = doc("title = 'It'\ntags = [ 'a', 'b' ]\nlatitude = 38.894599999999997\n");
  d.restyle();
  EXPECT_EQ(d.text(), "title = \"It\"\ntags = [\"a\", \"b\"]\nlatitude = 38.8946\n");
}

TEST(toml_document, keeps_crlf_line_ends) {
  auto d = doc("title = \"M\"\r\n\r\n[place]\r\ncity = \"X\"\r\n");
  EXPECT_EQ(d.set("place.country", std::string("KZ")), "");
  EXPECT_EQ(d.set("date", std::string("2024-05"), event_key_order()), "");
  EXPECT_EQ(d.text(),
            "title = \"M\"\r\ndate = \"2024-05\"\r\n\r\n[place]\r\ncity = \"X\"\r\ncountry = "
            "\"KZ\"\r\n");
  EXPECT_TRUE(d.remove("place"));
  EXPECT_EQ(d.text(), "title = \"M\"\r\ndate = \"2024-05\"\r\n");
}

TEST(toml_document, reports_text_that_is_not_toml) {
  std::vector<diagnostic> problems;
  EXPECT_FALSE(toml_document::parse("date = \n", "x.toml", problems));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "x.toml");
  EXPECT_EQ(problems[0].line, 1);
}

TEST(key_at, names_the_value_at_a_position) {
  EXPECT_EQ(key_at(k_curated, 2, 10), "date");
  EXPECT_EQ(key_at(k_curated, 16, 9), "place.name");
  EXPECT_EQ(key_at(k_curated, 23, 8), "sources.url");
  EXPECT_EQ(key_at(k_curated, 6, 4), "follows");
  EXPECT_EQ(key_at(k_curated, 1, 1), "");
}

TEST(event_editor, adds_a_second_language_by_making_a_table) {
  auto ed = event_editor(doc("title = \"Meeting\"\ndate = \"2024-05\"\n"), "en");
  EXPECT_EQ(ed.set("title.ru", "Встреча"), "");
  EXPECT_EQ(ed.text(), "date = \"2024-05\"\n\n[title]\nen = \"Meeting\"\nru = \"Встреча\"\n");
  EXPECT_EQ(ed.unset("title.ru"), "");
  EXPECT_EQ(ed.text(), "date = \"2024-05\"\n\n[title]\nen = \"Meeting\"\n");
}

TEST(event_editor, date_and_start_exclude_each_other) {
  auto ed = event_editor(
      doc("title = \"M\"\nstart = \"2024-05-10T10:00\"\nend = \"2024-05-10T11:00\"\ntz = "
          "\"Asia/Almaty\"\nstatus = \"planned\"\n"),
      "en");
  EXPECT_EQ(ed.set("date", "2024-05"), "");
  EXPECT_EQ(ed.text(), "title = \"M\"\ndate = \"2024-05\"\nstatus = \"planned\"\n");
  EXPECT_EQ(ed.set("start", "2024-05-11T09:00"), "");
  EXPECT_EQ(ed.text(), "title = \"M\"\nstart = \"2024-05-11T09:00\"\nstatus = \"planned\"\n");
}

TEST(event_editor, rejects_unknown_keys_and_bad_numbers) {
  auto ed = event_editor(doc("title = \"M\"\n"), "en");
  EXPECT_TRUE(
      ed.set("colour", "red").starts_with("unknown key \"colour\"; expected one of: title"));
  EXPECT_EQ(ed.set("place.latitude", "north"),
            "\"place.latitude\" = \"north\" is not a number; expected degrees such as 43.2383");
  EXPECT_EQ(ed.set("revision", "7"),
            "\"revision\" is kept by chronicle and advances on every edit");
  EXPECT_EQ(ed.unset("uid"), "the event has no \"uid\" to remove");
}

TEST(event_editor, touch_advances_revision_and_last_modified) {
  auto ed = event_editor(doc("title = \"M\"\nrevision = 3\nlast_modified = 2030-01-01T00:00:00Z\n"),
                         "en");
  const auto earlier = date::sys_days{date::year{2026} / 5 / 28} + std::chrono::hours{20};
  ed.touch(3, date::sys_days{date::year{2030} / 1 / 1}, earlier);
  EXPECT_EQ(ed.text(), "title = \"M\"\nrevision = 4\nlast_modified = 2030-01-01T00:00:01Z\n")
      << "a clock behind the file still moves last_modified forward";
}

}  // namespace
}  // namespace chronicle
