// The HTML page: self-contained, escaped, and drawing each date at its real precision.
#include <regex>

#include <gtest/gtest.h>

#include "chronicle/render/html.hpp"
#include "visual_support.hpp"

namespace chronicle {
namespace {

using test::all_events;
using test::contains;
using test::make_timeline;

std::string page(const timeline& t, const std::string& lang = "en") {
  html_options o;
  o.lang = lang;
  return render_html(t, all_events(t), o);
}

/// The opening tag of the chart element for `id` in the chart `chart` ("chart-h", "chart-v").
std::string group_of(const std::string& html, const std::string& chart, const std::string& id) {
  const auto start = html.find("<svg class=\"chart " + chart + "\"");
  const auto end = html.find("</svg>", start);
  const auto at = html.find("<g class=\"ev", start);
  for (auto p = at; p != std::string::npos && p < end; p = html.find("<g class=\"ev", p + 1)) {
    const auto tag = html.substr(p, html.find('>', p) - p + 1);
    if (contains(tag, "data-event-id=\"" + id + "\"")) return tag;
  }
  return {};
}

TEST(html_escape, replaces_markup_characters) {
  EXPECT_EQ(html_escape("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(html_escape("Саммит «C5+1»"), "Саммит «C5+1»");
}

TEST(is_safe_link, accepts_only_web_addresses) {
  EXPECT_TRUE(is_safe_link("https://example.org/a?b=1&c=2"));
  EXPECT_TRUE(is_safe_link("HTTP://example.org"));
  EXPECT_FALSE(is_safe_link("javascript:alert(1)"));
  EXPECT_FALSE(is_safe_link(" https://example.org"));
  EXPECT_FALSE(is_safe_link("https://"));
  EXPECT_FALSE(is_safe_link("https://example.org/\"onmouseover=x"));
  EXPECT_FALSE(is_safe_link("data:text/html,hi"));
  EXPECT_FALSE(is_safe_link("file:///etc/passwd"));
}

TEST(render_html, is_one_self_contained_page_without_script) {
  const auto html = page(test::shipped_timeline());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">")) << html.substr(0, 80);
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, " src="));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_FALSE(contains(html, "@import"));
  EXPECT_FALSE(contains(html, "url(http"));
  EXPECT_TRUE(contains(html, "default-src 'none'"));
  EXPECT_TRUE(contains(html, "prefers-color-scheme:dark"));
  EXPECT_EQ(html, page(test::shipped_timeline())) << "the same input gives the same bytes";
}

TEST(render_html, draws_days_as_points_months_as_bands_and_ranges_as_bars) {
  const auto html = page(test::shipped_timeline());
  for (const auto* chart : {"chart-h", "chart-v"}) {
    const auto visit = group_of(html, chart, "2024-03-sharlapayev-visit-to-pdac-toronto");
    EXPECT_TRUE(contains(visit, "data-precision=\"month\" data-shape=\"band\"")) << visit;
    EXPECT_TRUE(contains(visit, "data-start=\"2024-03-01\" data-end=\"2024-03-31\"")) << visit;
    const auto pavilion = group_of(html, chart, "2024-03-04-kazakhstan-pavilion-opens-at-pdac");
    EXPECT_TRUE(contains(pavilion, "data-precision=\"day\" data-shape=\"point\"")) << pavilion;
    const auto pdac = group_of(html, chart, "2024-03-03-pdac-2024-convention");
    EXPECT_TRUE(contains(pdac, "data-shape=\"bar\"")) << pdac;
  }
}

TEST(render_html, places_events_along_the_axis_in_chronological_order) {
  const auto t = test::shipped_timeline();
  const auto html = page(t);
  for (const auto* chart : {"chart-h", "chart-v"}) {
    double last = -1;
    for (const auto& e : t.events) {
      const auto tag = group_of(html, chart, e.id);
      std::smatch m;
      ASSERT_TRUE(std::regex_search(tag, m, std::regex("data-pos=\"([0-9.]+)\""))) << tag;
      const double pos = std::stod(m[1]);
      EXPECT_GT(pos, last) << chart << " " << e.id;
      last = pos;
    }
  }
}

TEST(render_html, draws_and_names_relations) {
  const auto html = page(test::shipped_timeline());
  EXPECT_TRUE(contains(html,
                       "<path class=\"rel rel-follows\" "
                       "data-from=\"2024-02-08-inaugural-critical-minerals-dialogue\" "
                       "data-to=\"2023-09-19-c5plus1-summit-new-york\" data-kind=\"follows\""));
  EXPECT_TRUE(contains(html, "marker-end=\"url(#h-arrow)\""));
  EXPECT_TRUE(contains(html,
                       "4 months 20 days after <a "
                       "href=\"#ev-2023-09-19-c5plus1-summit-new-york\">“C5+1 presidential "
                       "summit in New York”</a>"));
  EXPECT_TRUE(contains(html,
                       "followed by <a "
                       "href=\"#ev-2024-02-08-inaugural-critical-minerals-dialogue\">"));
  EXPECT_TRUE(contains(html,
                       "data-from=\"2024-03-04-kazakhstan-pavilion-opens-at-pdac\" "
                       "data-to=\"2024-03-sharlapayev-visit-to-pdac-toronto\" "
                       "data-kind=\"part_of\""));
}

TEST(render_html, lists_every_event_with_its_details_in_an_ordered_list) {
  const auto t = test::shipped_timeline();
  const auto html = page(t);
  const auto list = html.substr(html.find("<ol class=\"events\""));
  std::size_t last = 0;
  for (const auto& e : t.events) {
    const auto p = list.find("id=\"ev-" + e.id + "\"");
    ASSERT_NE(p, std::string::npos) << e.id;
    EXPECT_GT(p, last);
    last = p;
  }
  EXPECT_TRUE(contains(list, "<time datetime=\"2024-03\">Mar 2024</time>"));
  EXPECT_TRUE(contains(list, "known to the month"));
  EXPECT_TRUE(contains(list, "<dd>Metro Toronto Convention Centre, Toronto, CA</dd>"));
  EXPECT_TRUE(contains(list, "<dd class=\"status status-confirmed\">confirmed</dd>"));
  EXPECT_TRUE(contains(list,
                       "<a href=\"https://www.pdac.ca/convention\" rel=\"noopener "
                       "noreferrer\">PDAC 2024 Convention"));
  EXPECT_TRUE(contains(list, "Prospectors &amp; Developers Association of Canada"));
}

TEST(render_html, escapes_user_text_and_links_only_web_addresses) {
  auto t = make_timeline({{"x", R"(title = "<script>alert('x')</script>"
date = "2024-01-02"
description = "a & b <img src=x onerror=alert(1)>"
tags = ["\"><svg onload=alert(1)>"]
[place]
name = "<b>Hall</b>"
[[sources]]
url = "https://example.org/?a=1&b='2'"
title = "quote"
)"}});
  t.events[0].sources.push_back({"javascript:alert(1)", "", "Bad link", "", ""});
  const auto html = page(t);
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_FALSE(contains(html, "<svg onload"));
  EXPECT_FALSE(contains(html, "<b>Hall"));
  EXPECT_FALSE(contains(html, "href=\"javascript:"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "a &amp; b &lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(contains(html, "<cite>Bad link</cite>"));
  EXPECT_TRUE(contains(html, "<a href=\"https://example.org/?a=1&amp;b=&#39;2&#39;\""));
}

TEST(render_html, marks_uncertain_approximate_and_timed_dates) {
  const auto t =
      make_timeline({{"unsure", "title = \"U\"\ndate = \"2022-05-03?\"\n"},
                     {"about", "title = \"A\"\ndate = \"2022-07~\"\nstatus = \"planned\"\n"},
                     {"timed", R"(title = "T"
start = "2023-01-05T09:30"
end = "2023-01-05T11:00"
tz = "Europe/Moscow"
)"}});
  const auto html = page(t);
  EXPECT_TRUE(contains(group_of(html, "chart-h", "unsure"), "class=\"ev p-day s-point unc\""));
  EXPECT_TRUE(
      contains(group_of(html, "chart-h", "about"), "class=\"ev p-month s-band apx st-open\""));
  EXPECT_TRUE(contains(html, ">3 May 2022?</text>"));
  EXPECT_TRUE(contains(html, ">c. Jul 2022</text>"));
  EXPECT_TRUE(contains(html, "5 Jan 2023, 09:30–11:00 Europe/Moscow"));
  EXPECT_TRUE(contains(html, "<time datetime=\"2023-01-05T09:30\">"));
  EXPECT_TRUE(contains(html, "the date is uncertain"));
  EXPECT_TRUE(contains(html, "the date is approximate"));
  EXPECT_TRUE(contains(html, "hollow: planned or tentative"));
}

TEST(render_html, speaks_russian_throughout) {
  const auto html = page(test::shipped_timeline(), "ru");
  EXPECT_TRUE(contains(html, "<html lang=\"ru\">"));
  EXPECT_TRUE(contains(html, "<h1>Диалог C5+1 по критически важным минералам</h1>"));
  EXPECT_TRUE(contains(html, "<time datetime=\"2024-03\">март 2024</time>"));
  EXPECT_TRUE(contains(html, "с точностью до месяца"));
  EXPECT_TRUE(contains(html, "Как читать диаграмму"));
  EXPECT_TRUE(contains(html, "через 4 месяца 20 дней после события <a "));
  EXPECT_FALSE(contains(html, "known to the"));
  EXPECT_FALSE(contains(html, ">Events<"));
}

TEST(render_html, says_so_when_there_are_no_events) {
  timeline t;
  t.info = test::test_info();
  const auto html = page(t);
  EXPECT_TRUE(contains(html, "<p>No events.</p>"));
  EXPECT_FALSE(contains(html, "<svg class=\"chart"));
}

}  // namespace
}  // namespace chronicle
