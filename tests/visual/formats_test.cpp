// CSV and TimelineJS exports: their structure, quoting and dates at their real precision.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chronicle/render/formats.hpp"
#include "visual_support.hpp"

namespace chronicle {
namespace {

using test::all_events;
using test::contains;
using test::make_timeline;

/// Splits RFC 4180 text into records of fields, honouring quotes (an independent reader).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

const std::string k_tricky = R"(title = "Talks, \"round two\"\nin Astana"
date = "2024-05-20"
tags = ["a", "b"]
description = "Line one\nline two"
)";

TEST(render_csv, quotes_commas_quotes_and_line_breaks) {
  const auto t = make_timeline({{"tricky", k_tricky}});
  list_options o;
  const auto csv = render_csv(t, all_events(t), o);
  EXPECT_TRUE(contains(csv, "\"Talks, \"\"round two\"\"\nin Astana\"")) << csv;
  EXPECT_TRUE(contains(csv, ",\"Line one\nline two\",")) << csv;
  const auto rows = parse_csv(csv);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0].size(), rows[1].size());
  EXPECT_EQ(rows[0][0], "id");
  EXPECT_EQ(rows[1][0], "tricky");
  const auto column = [&](const std::string& name) {
    const auto it = std::find(rows[0].begin(), rows[0].end(), name);
    EXPECT_NE(it, rows[0].end()) << name;
    return rows[1][static_cast<std::size_t>(it - rows[0].begin())];
  };
  EXPECT_EQ(column("title"), "Talks, \"round two\"\nin Astana");
  EXPECT_EQ(column("date"), "2024-05-20");
  EXPECT_EQ(column("tags"), "a; b");
  EXPECT_EQ(column("status"), "confirmed");
}

TEST(render_csv, has_a_header_and_one_crlf_row_per_event) {
  const auto t = test::shipped_timeline();
  list_options o;
  const auto csv = render_csv(t, all_events(t), o);
  EXPECT_TRUE(csv.starts_with(
      "id,date,display_date,precision,first_day,last_day,uncertain,approximate,start,end,"
      "time_zone,title,place,city,country,latitude,longitude,status,tags,participants,"
      "description,sources,relations,date_note\r\n"))
      << csv;
  EXPECT_TRUE(csv.ends_with("\r\n"));
  const auto rows = parse_csv(csv);
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) EXPECT_EQ(row.size(), 24u);
  EXPECT_EQ(rows[3][0], "2024-03-sharlapayev-visit-to-pdac-toronto");
  EXPECT_EQ(rows[3][1], "2024-03");
  EXPECT_EQ(rows[3][2], "Mar 2024");
  EXPECT_EQ(rows[3][3], "month");
  EXPECT_EQ(rows[3][4], "2024-03-01");
  EXPECT_EQ(rows[3][5], "2024-03-31");
  EXPECT_EQ(rows[2][22], "follows 2023-09-19-c5plus1-summit-new-york");
}

TEST(render_csv, writes_titles_and_dates_in_the_chosen_language) {
  const auto t = test::shipped_timeline();
  list_options o;
  o.lang = "ru";
  const auto rows = parse_csv(render_csv(t, all_events(t), o));
  EXPECT_EQ(rows[2][2], "8 февраля 2024");
  EXPECT_EQ(rows[1][11], "Саммит C5+1 в Нью-Йорке");
}

TEST(render_csv, gives_timed_events_their_local_times_and_zone) {
  const auto t = make_timeline({{"call", R"(title = "Call"
start = "2024-02-08T10:00"
end = "2024-02-08T11:30"
tz = "Asia/Almaty"
)"}});
  list_options o;
  const auto rows = parse_csv(render_csv(t, all_events(t), o));
  EXPECT_EQ(rows[1][8], "2024-02-08T10:00");
  EXPECT_EQ(rows[1][9], "2024-02-08T11:30");
  EXPECT_EQ(rows[1][10], "Asia/Almaty");
  EXPECT_EQ(rows[1][2], "8 Feb 2024, 10:00–11:30 Asia/Almaty");
}

TEST(render_timelinejs, keeps_dates_to_the_precision_known) {
  const auto t = test::shipped_timeline();
  list_options o;
  const auto j = nlohmann::json::parse(render_timelinejs(t, all_events(t), o));
  EXPECT_EQ(j["title"]["text"]["headline"], "C5+1 Critical Minerals Dialogue");
  ASSERT_EQ(j["events"].size(), 5u);
  const auto& summit = j["events"][0];
  EXPECT_EQ(summit["start_date"], (nlohmann::json{{"year", 2023}, {"month", 9}, {"day", 19}}));
  EXPECT_FALSE(summit.contains("display_date")) << "a plain day needs no wording of its own";
  EXPECT_FALSE(summit.contains("end_date"));
  const auto& visit = j["events"][2];
  EXPECT_EQ(visit["unique_id"], "2024-03-sharlapayev-visit-to-pdac-toronto");
  EXPECT_EQ(visit["start_date"], (nlohmann::json{{"year", 2024}, {"month", 3}}));
  EXPECT_FALSE(visit["start_date"].contains("day"));
  EXPECT_EQ(visit["display_date"], "Mar 2024");
  EXPECT_EQ(visit["group"], "kazakhstan");
  const auto& pdac = j["events"][3];
  EXPECT_EQ(pdac["start_date"]["day"], 3);
  EXPECT_EQ(pdac["end_date"], (nlohmann::json{{"year", 2024}, {"month", 3}, {"day", 6}}));
  EXPECT_TRUE(
      contains(j["events"][1]["text"]["text"], "4 months 20 days after “C5+1 presidential"));
}

TEST(render_timelinejs, marks_years_uncertain_approximate_and_timed_dates_in_words) {
  const auto t = make_timeline({{"year", "title = \"Y\"\ndate = \"2021\"\n"},
                                {"unsure", "title = \"U\"\ndate = \"2022-05-03?\"\n"},
                                {"about", "title = \"A\"\ndate = \"2022-07~\"\n"},
                                {"timed", R"(title = "T"
start = "2023-01-05T09:30"
tz = "Europe/Moscow"
)"}});
  list_options o;
  const auto j = nlohmann::json::parse(render_timelinejs(t, all_events(t), o));
  ASSERT_EQ(j["events"].size(), 4u);
  EXPECT_EQ(j["events"][0]["start_date"], (nlohmann::json{{"year", 2021}}));
  EXPECT_EQ(j["events"][0]["display_date"], "2021");
  EXPECT_EQ(j["events"][1]["display_date"], "3 May 2022?");
  EXPECT_EQ(j["events"][2]["start_date"], (nlohmann::json{{"year", 2022}, {"month", 7}}));
  EXPECT_EQ(j["events"][2]["display_date"], "c. Jul 2022");
  EXPECT_EQ(
      j["events"][3]["start_date"],
      (nlohmann::json{{"year", 2023}, {"month", 1}, {"day", 5}, {"hour", 9}, {"minute", 30}}));
  EXPECT_EQ(j["events"][3]["display_date"], "5 Jan 2023, 09:30 Europe/Moscow");
}

TEST(render_timelinejs, escapes_html_and_links_only_web_addresses) {
  auto t = make_timeline({{"x", R"(title = "<script>alert(1)</script> & co"
date = "2024-01-02"
description = "<b>bold</b>"
[[sources]]
url = "https://example.org/a?b=1&c=2"
title = "Good \"source\""
)"}});
  t.events[0].sources.push_back({"javascript:alert(1)", "", "Bad", "", ""});
  list_options o;
  const auto j = nlohmann::json::parse(render_timelinejs(t, all_events(t), o));
  const auto& text = j["events"][0]["text"];
  EXPECT_EQ(text["headline"], "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  const std::string body = text["text"];
  EXPECT_TRUE(contains(body, "<p>&lt;b&gt;bold&lt;/b&gt;</p>")) << body;
  EXPECT_TRUE(
      contains(body, "<a href=\"https://example.org/a?b=1&amp;c=2\">Good &quot;source&quot;</a>"))
      << body;
  EXPECT_FALSE(contains(body, "javascript:")) << body;
  EXPECT_TRUE(contains(body, "Bad"));
}

TEST(render_timelinejs, speaks_russian) {
  const auto t = test::shipped_timeline();
  list_options o;
  o.lang = "ru";
  const auto j = nlohmann::json::parse(render_timelinejs(t, all_events(t), o));
  EXPECT_EQ(j["events"][2]["display_date"], "март 2024");
  EXPECT_EQ(j["events"][0]["text"]["headline"], "Саммит C5+1 в Нью-Йорке");
}

}  // namespace
}  // namespace chronicle
