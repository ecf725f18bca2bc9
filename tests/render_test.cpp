#include "chronicle/render/render.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chronicle/render/details.hpp"
#include "chronicle/render/formats.hpp"
#include "chronicle/render/html.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

timeline shipped() {
  return load_timeline(test::k_source_dir / "events").timeline;
}

TEST(render_text, groups_by_year_with_dates_at_their_precision) {
  const auto t = shipped();
  list_options o;
  const auto text = render_text(t, select_events(t, o), o);
  EXPECT_NE(text.find("\n2023\n  19 Sep 2023 "), std::string::npos) << text;
  EXPECT_NE(text.find("\n2024\n  8 Feb 2024 "), std::string::npos) << text;
  EXPECT_NE(text.find("  Mar 2024 "), std::string::npos) << text;
  EXPECT_NE(text.find("4 months 20 days after “C5+1 presidential summit in New York”"),
            std::string::npos);
  EXPECT_EQ(text.find("\x1b["), std::string::npos) << "no colour unless asked";
}

TEST(render_text, shows_status_when_not_confirmed) {
  auto t = shipped();
  t.events[2].status = status::planned;
  list_options o;
  EXPECT_NE(render_text(t, select_events(t, o), o).find("[planned]"), std::string::npos);
  o.lang = "ru";
  EXPECT_NE(render_text(t, select_events(t, o), o).find("[запланировано]"), std::string::npos);
}

TEST(select_events, keeps_events_overlapping_the_range_and_with_all_tags) {
  const auto t = shipped();
  list_options o;
  o.from = parse_edtf("2024-03-05").value;
  auto ids = [&] {
    std::vector<std::string> out;
    for (const auto* e : select_events(t, o)) out.push_back(e->id);
    return out;
  };
  EXPECT_EQ(ids(), (std::vector<std::string>{"2024-03-sharlapayev-visit-to-pdac-toronto",
                                             "2024-03-03-pdac-2024-convention"}));
  o.from.reset();
  o.to = parse_edtf("2024-02").value;
  EXPECT_EQ(ids().size(), 2u);
  o.to.reset();
  o.tags = {"pdac", "visit"};
  EXPECT_EQ(ids(), (std::vector<std::string>{"2024-03-sharlapayev-visit-to-pdac-toronto"}));
}

TEST(render_json, follows_the_documented_schema) {
  const auto t = shipped();
  list_options o;
  const auto j = nlohmann::json::parse(render_json(t, select_events(t, o), o));
  EXPECT_EQ(j["format"], "chronicle-timeline");
  EXPECT_EQ(j["version"], 1);
  ASSERT_EQ(j["events"].size(), 5u);
  const auto& visit = j["events"][2];
  EXPECT_EQ(visit["id"], "2024-03-sharlapayev-visit-to-pdac-toronto");
  EXPECT_EQ(visit["uid"], "2024-03-sharlapayev-visit-to-pdac-toronto@c5plus1.chronicle.invalid");
  EXPECT_EQ(visit["date"]["edtf"], "2024-03");
  EXPECT_EQ(visit["date"]["precision"], "month");
  EXPECT_EQ(visit["date"]["first_day"], "2024-03-01");
  EXPECT_EQ(visit["date"]["last_day"], "2024-03-31");
  EXPECT_EQ(visit["date"]["display"], "Mar 2024");
  EXPECT_EQ(visit["status"], "confirmed");
  EXPECT_EQ(visit["title"]["ru"].get<std::string>().substr(0, 29), "Рабочая поездка");
  EXPECT_EQ(j["events"][1]["relations"][0]["type"], "follows");
}

TEST(render_markdown, puts_sources_in_footnotes) {
  const auto t = shipped();
  list_options o;
  const auto md = render_markdown(t, select_events(t, o), o);
  EXPECT_NE(md.find("| Date | Event | Place | Status |"), std::string::npos);
  EXPECT_NE(md.find("| 8 Feb 2024 | Inaugural meeting"), std::string::npos) << md;
  EXPECT_NE(md.find("[^1]: The White House, [Readout of President Biden’s Meeting"),
            std::string::npos)
      << md;
}

TEST(presentation, every_renderer_names_an_event_and_its_relations_alike) {
  auto t = shipped();
  auto& russian_only = t.events[1];  // follows the summit, 4 months 20 days after it
  russian_only.title = {{"ru", "Только по-русски"}};
  auto& untitled = t.events[0];
  untitled.title.clear();
  list_options o;
  const auto events = select_events(t, o);
  const auto relation = "4 months 20 days after “" + untitled.id + "”";
  for (const auto& [name, out] : {std::pair{"text", render_text(t, events, o)},
                                  {"markdown", render_markdown(t, events, o)},
                                  {"csv", render_csv(t, events, o)},
                                  {"timelinejs", render_timelinejs(t, events, o)},
                                  {"html", render_html(t, events, html_options{})}}) {
    EXPECT_NE(out.find("Только по-русски"), std::string::npos) << name;
    EXPECT_NE(out.find(untitled.id), std::string::npos) << name;
    if (std::string_view(name) != "csv") {  // CSV lists relations by id
      EXPECT_NE(out.find(relation), std::string::npos) << name << "\n" << out;
    }
  }
  const auto shown = render_details(t, russian_only, "en", false);
  EXPECT_TRUE(shown.starts_with("Только по-русски\n")) << shown;
  EXPECT_NE(shown.find(relation + " (" + untitled.id + ")"), std::string::npos) << shown;

  const auto title = detail::pick_title(russian_only, "en");
  EXPECT_EQ(title.text, "Только по-русски");
  EXPECT_EQ(title.lang, "ru");
  EXPECT_EQ(detail::pick_title(untitled, "en").text, untitled.id);
  EXPECT_EQ(detail::pick_title(untitled, "en").lang, "");
  EXPECT_EQ(detail::title_of(untitled, "ru"), untitled.id);
}

TEST(presentation, names_precisions_and_writes_iso_dates_once_for_every_format) {
  EXPECT_EQ(detail::precision_name(precision::day), "day");
  EXPECT_EQ(detail::precision_name(precision::month), "month");
  EXPECT_EQ(detail::precision_name(precision::year), "year");
  using namespace std::chrono;
  const date::sys_days day = date::year{2024} / 2 / 8;
  EXPECT_EQ(detail::iso_day(day), "2024-02-08");
  const date::local_seconds local{(day + hours{10} + minutes{5} + seconds{7}).time_since_epoch()};
  EXPECT_EQ(detail::iso_minute(local), "2024-02-08T10:05");
  EXPECT_EQ(detail::iso_second(local), "2024-02-08T10:05:07");
  EXPECT_EQ(detail::iso_utc(day + hours{15}), "2024-02-08T15:00:00Z");
}

}  // namespace
}  // namespace chronicle
