#include "chronicle/store/storage.hpp"
#include "chronicle/model/language.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "support.hpp"

namespace chronicle {
namespace {

using test::temp_dir;
using test::write_file;

const timeline_info k_info{{{"en", "t"}}, "en", "America/New_York", "test.invalid"};

event_parse_result parse(const std::string& text, const std::string& id = "2024-02-08-x") {
  return parse_event(text, id, "events/" + id + ".toml", k_info);
}

/// The one diagnostic a bad file gives, as text.
std::string only_problem(const std::string& text) {
  const auto r = parse(text);
  EXPECT_TRUE(has_errors(r.diagnostics));
  EXPECT_EQ(r.diagnostics.size(), 1u);
  return r.diagnostics.empty() ? "" : to_string(r.diagnostics.front());
}

TEST(shipped_timeline, loads_without_problems) {
  const auto r = load_timeline(test::k_source_dir / "events");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << to_string(d);
  ASSERT_EQ(r.timeline.events.size(), 5u);
  EXPECT_EQ(r.timeline.info.uid_domain, "c5plus1.chronicle.invalid");
  std::vector<std::string> ids;
  for (const auto& e : r.timeline.events) ids.push_back(e.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"2023-09-19-c5plus1-summit-new-york",
                                           "2024-02-08-inaugural-critical-minerals-dialogue",
                                           "2024-03-sharlapayev-visit-to-pdac-toronto",
                                           "2024-03-03-pdac-2024-convention",
                                           "2024-03-04-kazakhstan-pavilion-opens-at-pdac"}));
}

TEST(shipped_timeline, records_what_the_sources_state) {
  const auto r = load_timeline(test::k_source_dir / "events");
  const auto* meeting = find_event(r.timeline, "2024-02-08-inaugural-critical-minerals-dialogue");
  ASSERT_NE(meeting, nullptr);
  EXPECT_EQ(to_edtf(meeting->date), "2024-02-08");
  ASSERT_EQ(meeting->relations.size(), 1u);
  EXPECT_EQ(meeting->relations[0].kind, relation_kind::follows);
  EXPECT_NE(meeting->date_note.find("without a year"), std::string::npos);
  EXPECT_EQ(meeting->participants.at(0).name, "Jose W. Fernandez");
  EXPECT_TRUE(meeting->title.contains("en") && meeting->title.contains("ru"));

  const auto* visit = find_event(r.timeline, "2024-03-sharlapayev-visit-to-pdac-toronto");
  ASSERT_NE(visit, nullptr);
  EXPECT_EQ(visit->date.precision(), precision::month) << "the source gives the month only";
  EXPECT_EQ(visit->status, status::confirmed);
  EXPECT_NE(visit->date_note.find("planned"), std::string::npos);
  EXPECT_EQ(visit->sources.size(), 2u);

  const auto* pavilion = find_event(r.timeline, "2024-03-04-kazakhstan-pavilion-opens-at-pdac");
  ASSERT_NE(pavilion, nullptr);
  EXPECT_EQ(pavilion->relations.at(0).kind, relation_kind::part_of);
  EXPECT_EQ(pavilion->relations.at(0).target, visit->id);
}

TEST(loading, orders_finer_precision_first_for_the_same_start) {
  temp_dir dir;
  write_file(dir / "timeline.toml", test::timeline_toml());
  write_file(dir / "a-year.toml", "title = \"year\"\ndate = \"2024\"\n");
  write_file(dir / "b-month.toml", "title = \"month\"\ndate = \"2024-01\"\n");
  write_file(dir / "c-day.toml", "title = \"day\"\ndate = \"2024-01-01\"\n");
  write_file(dir / "d-timed.toml",
             "title = \"timed\"\nstart = \"2024-01-01T00:00\"\ntz = \"America/New_York\"\n");
  write_file(dir / "e-earlier.toml", "title = \"earlier\"\ndate = \"2023-12-31\"\n");
  const auto r = load_timeline(dir.path());
  ASSERT_TRUE(r.diagnostics.empty()) << to_string(r.diagnostics.front());
  std::vector<std::string> ids;
  for (const auto& e : r.timeline.events) ids.push_back(e.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"e-earlier", "d-timed", "c-day", "b-month", "a-year"}));
}

TEST(loading, rejects_malformed_toml_with_its_position) {
  EXPECT_EQ(only_problem("title = \"x\"\ndate = \"2024-02-08\n"),
            "events/2024-02-08-x.toml:2:19: error: malformed TOML: Error while parsing string: "
            "unescaped control characters other than TAB (U+0009) are explicitly prohibited");
}

TEST(loading, rejects_an_unknown_key_naming_the_expected_ones) {
  const auto p = only_problem("title = \"x\"\ndate = \"2024-02-08\"\nlocation = \"Paris\"\n");
  EXPECT_EQ(p.substr(0, p.find(';')),
            "events/2024-02-08-x.toml:3:1: error: unknown key \"location\"");
  EXPECT_NE(p.find("expected one of: title, date"), std::string::npos) << p;
}

TEST(loading, rejects_a_missing_title) {
  EXPECT_EQ(only_problem("date = \"2024-02-08\"\n"),
            "events/2024-02-08-x.toml:1:1: error: missing \"title\"; expected title = \"...\" or "
            "a [title] table of languages");
}

TEST(loading, rejects_an_impossible_date_pointing_at_the_day) {
  EXPECT_EQ(
      only_problem("title = \"x\"\ndate = \"2024-02-30\"\n"),
      "events/2024-02-08-x.toml:2:17: error: day 30 does not exist in 2024-02 (\"2024-02-30\")");
}

TEST(loading, rejects_an_unknown_time_zone) {
  EXPECT_EQ(
      only_problem("title = \"x\"\nstart = \"2024-02-08T10:00\"\ntz = \"Mars/Olympus_Mons\"\n"),
      "events/2024-02-08-x.toml:3:6: error: unknown time zone \"Mars/Olympus_Mons\"; expected "
      "an IANA name such as \"America/New_York\"");
}

TEST(loading, rejects_wrong_types_and_values) {
  const auto r = parse(
      "title = 5\ndate = \"2024-02-08\"\nstatus = \"done\"\ntags = \"a\"\n"
      "[place]\ncity = \"Toronto\"\ncountry = \"Canada\"\n");
  ASSERT_EQ(r.diagnostics.size(), 4u);
  EXPECT_EQ(to_string(r.diagnostics[0]).substr(0, 72),
            "events/2024-02-08-x.toml:1:9: error: \"title\" must be a string or a table");
  EXPECT_NE(to_string(r.diagnostics[1]).find(":3:10: error: unknown status \"done\""),
            std::string::npos)
      << "sorted by position";
  EXPECT_NE(to_string(r.diagnostics[2]).find(":4:8: error: \"tags\" must be an array of strings"),
            std::string::npos);
  EXPECT_NE(to_string(r.diagnostics[3])
                .find(":7:11: error: country \"Canada\" is not an ISO 3166-1 code"),
            std::string::npos);
}

TEST(loading, warns_about_a_local_time_in_a_dst_gap) {
  const auto r = parse("title = \"x\"\nstart = \"2024-03-10T02:30\"\ntz = \"America/New_York\"\n");
  ASSERT_TRUE(r.event.has_value());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, severity::warning);
  EXPECT_NE(r.diagnostics[0].message.find("does not exist in America/New_York"), std::string::npos);
}

TEST(loading, reports_every_problem_in_every_file_and_relations_to_missing_ids) {
  temp_dir dir;
  write_file(dir / "timeline.toml", test::timeline_toml());
  write_file(dir / "a.toml", "title = \"a\"\ndate = \"2024-02-30\"\n");
  write_file(dir / "b.toml", "date = \"2024-02-01\"\nfollows = [\"nope\"]\n");
  write_file(dir / "c.toml", "title = \"c\"\ndate = \"2024\"\nrelated = [\"a\", \"ghost\"]\n");
  write_file(dir / ".c.toml.Ab12Cd", "garbage from an interrupted write");
  write_file(dir / ".hidden.toml", "garbage");
  const auto r = load_timeline(dir.path());
  std::vector<std::string> lines;
  for (const auto& d : r.diagnostics) lines.push_back(to_string(d));
  const auto f = [&](const char* name) { return (dir / name).string(); };
  ASSERT_EQ(lines.size(), 4u) << testing::PrintToString(lines);
  EXPECT_EQ(lines[0],
            f("a.toml") + ":2:17: error: day 30 does not exist in 2024-02 (\"2024-02-30\")");
  EXPECT_EQ(lines[1].substr(0, lines[1].find(';')), f("b.toml") + ":1:1: error: missing \"title\"");
  EXPECT_EQ(lines[2].substr(0, lines[2].find(',')),
            f("b.toml") + ":2:12: error: follows refers to \"nope\"");
  EXPECT_EQ(lines[3], f("c.toml") +
                          ":3:17: error: related refers to \"ghost\", which is not an "
                          "event of this timeline; expected the id of an event file");
}

TEST(loading, leaves_events_with_errors_out_of_the_timeline) {
  temp_dir dir;
  write_file(dir / "timeline.toml", test::timeline_toml());
  write_file(dir / "good.toml", "title = \"good\"\ndate = \"2024\"\n");
  write_file(dir / "bad.toml", "title = \"bad\"\ndate = \"2024\"\nstatus = \"maybe\"\n");
  const auto r = load_timeline(dir.path());
  EXPECT_TRUE(has_errors(r.diagnostics));
  ASSERT_EQ(r.timeline.events.size(), 1u);
  EXPECT_EQ(r.timeline.events[0].id, "good");
}

TEST(loading, requires_timeline_settings) {
  temp_dir dir;
  write_file(dir / "x.toml", "title = \"x\"\ndate = \"2024\"\n");
  const auto r = load_timeline(dir.path());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_NE(r.diagnostics[0].message.find("missing timeline settings"), std::string::npos);
}

TEST(loading, fails_with_an_io_error_for_a_missing_folder) {
  EXPECT_THROW(load_timeline("/nonexistent/chronicle"), io_error);
}

TEST(serializing, writes_what_parsing_reads_back) {
  const auto r = load_timeline(test::k_source_dir / "events");
  for (const auto& e : r.timeline.events) {
    const auto text = to_toml(e, "en");
    const auto back = parse_event(text, e.id, e.file, r.timeline.info);
    ASSERT_FALSE(has_errors(back.diagnostics)) << text << to_string(back.diagnostics.at(0));
    EXPECT_EQ(*back.event, e) << text;
  }
}

TEST(serializing, escapes_quotes_newlines_and_control_characters) {
  event e;
  e.id = "2024-x";
  e.title = {{"en", "Say \"hi\"\nthen 'bye' \\ \x01 end"}};
  e.date = parse_edtf("2024").value.value();
  e.time = event_time{date::local_days{date::year{2024} / 3 / 10} + std::chrono::hours{10},
                      std::nullopt, "Asia/Almaty"};
  e.date = edtf_date{day_point(date::year{2024} / 3 / 10), std::nullopt};
  const auto back = parse_event(to_toml(e, "en"), e.id, "x", k_info);
  ASSERT_FALSE(has_errors(back.diagnostics)) << to_toml(e, "en");
  EXPECT_EQ(back.event->title, e.title);
  EXPECT_EQ(back.event->time, e.time);
}

TEST(value_checks, agree_with_loading_the_written_file) {
  // validate (what import checks in memory) and parse_event of to_toml (what loading does)
  // must agree, case by case: validate accepts exactly the events whose file loads back as the
  // same event (text that is not UTF-8 is refused: to_toml could only write it changed).
  event base;
  base.id = "2024-03-10-x";
  base.title = {{"en", "Title"}};
  base.date = edtf_date{day_point(date::year{2024} / 3 / 10), std::nullopt};
  const auto loads = [](const event& e) {
    const auto back = parse_event(to_toml(e, "en"), e.id, "x", k_info);
    return !has_errors(back.diagnostics) && back.event && *back.event == e;
  };
  const auto problem = [](const event& e) {
    for (const auto& p : validate(e, k_info))
      if (p.diag.severity == severity::error) return p.diag.message;
    return std::string();
  };
  ASSERT_TRUE(problem(base).empty());
  ASSERT_TRUE(loads(base));
  std::vector<std::pair<std::string, std::function<void(event&)>>> cases = {
      {"blank title",
       [](event& e) {
         e.title = {{"en", " \t "}};
       }},
      {"no title", [](event& e) { e.title.clear(); }},
      {"invalid UTF-8",
       [](event& e) {
         e.title = {{"en", "a\xC0\xAF"}};
       }},
      {"surrogate",
       [](event& e) {
         e.description = {{"en", "a\xED\xA0\x80"}};
       }},
      {"truncated", [](event& e) { e.tags = {"\xD0"}; }},
      {"bad language",
       [](event& e) {
         e.title = {{"EN!", "x"}};
       }},
      {"blank tag", [](event& e) { e.tags = {" "}; }},
      {"blank place name only",
       [](event& e) {
         e.place = place{" ", "", "", {}, {}};
       }},
      {"bad country",
       [](event& e) {
         e.place = place{"Hall", "", "Kazakhstan", {}, {}};
       }},
      {"blank participant",
       [](event& e) {
         e.participants = {{"", "chair", ""}};
       }},
      {"bad url",
       [](event& e) {
         e.sources = {{"https://exa mple.org", "", "", "", ""}};
       }},
      {"source without url or title",
       [](event& e) {
         e.sources = {{"", "P", "", "", ""}};
       }},
      {"repeat without FREQ", [](event& e) { e.recurrence.rule = "COUNT=3"; }},
      {"a time taken out of an all-day event",
       [](event& e) {
         e.recurrence.except = {
             {date::local_days{date::year{2024} / 3 / 4} + std::chrono::hours{10}, false,
              std::nullopt}};
       }},
      {"revision too big", [](event& e) { e.revision = 1'000'000'001; }},
      {"control characters are fine",
       [](event& e) {
         e.title = {{"en", "a\x01\x7f b"}};
       }},
      {"Cyrillic is fine",
       [](event& e) {
         e.title = {{"ru", "Встреча"}};
       }},
      {"extra with newlines is fine", [](event& e) { e.ical_extra = "X-A:1\nX-B:2\n"; }},
  };
  for (const auto& [name, change] : cases) {
    event e = base;
    change(e);
    EXPECT_EQ(problem(e).empty(), loads(e)) << name << ": in memory \"" << problem(e) << "\"\n"
                                            << to_toml(e, "en");
  }
}

TEST(naming, derives_ids_from_date_and_transliterated_title) {
  event e;
  e.date = parse_edtf("2024-05").value.value();
  e.title = {{"ru", "Встреча в Астане"}};
  EXPECT_EQ(derive_event_id(e, "ru"), "2024-05-vstrecha-v-astane");
  e.title = {{"en", "C5+1 Summit: New York!"}};
  e.date = parse_edtf("2023-09-19~").value.value();
  EXPECT_EQ(derive_event_id(e, "en"), "2023-09-19-c5-1-summit-new-york");
  EXPECT_TRUE(is_valid_event_id(derive_event_id(e, "en")));
}

TEST(naming, transliterates_word_by_word_as_icu_does_whole_titles) {
  // Expected ids from transliterating each whole title with ICU's "Russian-Latin/BGN;
  // Any-Latin; Latin-ASCII; Lower" (the implementation before runs were cached): BGN's rules
  // for е, ё, ъ and ь at word starts and after vowels, other scripts, and punctuation.
  const std::pair<const char*, const char*> cases[] = {
      {"Встреча в Москве", "vstrecha-v-moskve"},
      {"Съезд объединённой партии", "syezd-obyedinennoy-partii"},
      {"Поезд Ёлка-2024", "poyezd-yelka-2024"},
      {"Ель и ёж", "yel-i-yezh"},
      {"Café Müller — Straße", "cafe-muller-strasse"},
      {"PDAC-2024 Конвенция в Торонто", "pdac-2024-konventsiya-v-toronto"},
      {"Астана’s «Минералы»", "astanas-mineraly"},
      {"Υπουργός Ελλάδας", "ypourgos-elladas"},
      {"東京会議", "dong-jing-hui-yi"},
      {"Қазақстан павильоны", "kazakstan-pavilony"},
      {"Шымкент-Алматы: объезд", "shymkent-almaty-obyezd"},
      {"ЮНЕСКО и ЕАЭС", "yunesko-i-yeaes"},
      {"подъезд Юрьев день", "podyezd-yuryev-den"},
  };
  event e;
  e.date = parse_edtf("2024-05-10").value.value();
  for (int round = 0; round < 2; ++round)  // the second round is served from the cache
    for (const auto& [title, slug] : cases) {
      e.title = {{"ru", title}};
      EXPECT_EQ(derive_event_id(e, "ru"), std::string("2024-05-10-") + slug) << title;
    }
}

TEST(naming, drops_the_soft_and_hard_signs_from_ids) {
  // BGN writes ь and ъ as apostrophes, and marks letters such as қ with ˌ: they are dropped, not
  // turned into hyphens.
  const std::pair<const char*, const char*> cases[] = {
      {"Еженедельная встреча", "yezhenedelnaya-vstrecha"},
      {"Подъезд", "podyezd"},
      {"Объединённые нации", "obyedinennyye-natsii"},
      {"Большой съезд", "bolshoy-syezd"},
      {"Қазақстан", "kazakstan"},
  };
  event e;
  e.date = parse_edtf("2024-03-11").value.value();
  for (const auto& [title, slug] : cases) {
    e.title = {{"ru", title}};
    EXPECT_EQ(derive_event_id(e, "ru"), std::string("2024-03-11-") + slug) << title;
  }
}

TEST(language, is_told_from_the_script) {
  EXPECT_EQ(detect_language("Еженедельная встреча", "en"), "ru");
  EXPECT_EQ(detect_language("PDAC 2024: встреча в Торонто", "en"), "ru");
  EXPECT_EQ(detect_language("Weekly call", "en"), "en");
  EXPECT_EQ(detect_language("Weekly call", "ru"), "ru");
  EXPECT_EQ(detect_language("Meeting with Министр", "en"), "en");  // mostly Latin
  EXPECT_EQ(detect_language("Қазақстан павильоны", "kk"), "kk");   // already Cyrillic
  EXPECT_EQ(detect_language("2024", "en"), "en");
  EXPECT_EQ(detect_language("\xff\xfe", "en"), "en");
}

TEST(naming, refuses_ids_that_could_escape_the_folder) {
  for (const char* id : {"../x", "/etc/passwd", "a/b", "CON", "", "-a", "a--b", "Ab"})
    EXPECT_FALSE(is_valid_event_id(id)) << id;
  EXPECT_TRUE(is_valid_event_id("2024-02-08-cmd"));
}

}  // namespace
}  // namespace chronicle
