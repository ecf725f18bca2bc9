// The library behind init, config and finding the timeline: the configuration file read with
// every problem placed, the timeline found as git finds its repository, the precedence of
// options, environment, configuration file and defaults, and the settings init plans.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/init.hpp"
#include "chronicle/ops/settings.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/user_config.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::temp_dir;
using test::write_file;

std::vector<std::string> messages(const std::vector<diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(to_string(d));
  return out;
}

TEST(user_config_path, follows_the_xdg_rules) {
  EXPECT_EQ(user_config_path("/x/config", "/home/a"),
            std::filesystem::path("/x/config/chronicle/config.toml"));
  // A relative XDG_CONFIG_HOME is ignored, as the XDG Base Directory rules say.
  EXPECT_EQ(user_config_path("config", "/home/a"),
            std::filesystem::path("/home/a/.config/chronicle/config.toml"));
  EXPECT_EQ(user_config_path("", "/home/a"),
            std::filesystem::path("/home/a/.config/chronicle/config.toml"));
  EXPECT_EQ(user_config_path("", ""), std::nullopt);
}

TEST(parse_user_config, reads_every_key_with_its_position) {
  const auto c = parse_user_config(
      "# mine\ntimeline = \"~/t/travel\"\nlanguage = \"ru\"\ncolor = \"never\"\nwidth = 72\n"
      "editor = \"vim -n\"\ncalendar_url = \"https://dav.example.org/cal/\"\n",
      "c.toml", "/home/a");
  ASSERT_TRUE(c.ok()) << testing::PrintToString(messages(c.diagnostics));
  EXPECT_EQ(c->file, "c.toml");
  EXPECT_EQ(c->timeline->value, "/home/a/t/travel");
  EXPECT_EQ(c->timeline->line, 2);
  EXPECT_EQ(c->timeline->column, 12);
  EXPECT_EQ(c->language->value, "ru");
  EXPECT_EQ(c->color->value, "never");
  EXPECT_EQ(c->width->value, 72u);
  EXPECT_EQ(c->width->line, 5);
  EXPECT_EQ(c->editor->value, "vim -n");
  EXPECT_EQ(c->calendar_url->value, "https://dav.example.org/cal/");
}

TEST(parse_user_config, places_every_problem_and_says_what_was_expected) {
  const auto c = parse_user_config(
      "colour = \"never\"\nwidth = \"wide\"\ncolor = \"sometimes\"\nlanguage = \"de\"\n"
      "timeline = \"notes\"\ncalendar_url = \"ftp://x\"\neditor = \" \"\n[language2]\n",
      "c.toml", "/home/a");
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(
      messages(c.diagnostics),
      (std::vector<std::string>{
          "c.toml:1:1: error: unknown key \"colour\"; expected one of: timeline, color, width, "
          "language, editor, calendar_url",
          "c.toml:2:9: error: \"width\" must be an integer (columns; 0 wraps nothing), not a "
          "string",
          "c.toml:3:9: error: \"color\" \"sometimes\" is unknown; expected \"auto\", \"always\" "
          "or \"never\"",
          "c.toml:4:12: error: \"language\" \"de\" is not a language Chronicle writes in; "
          "expected \"en\" or \"ru\"",
          "c.toml:5:12: error: \"timeline\" \"notes\" is not an absolute path; expected one such "
          "as \"~/timelines/travel\" or \"/srv/timeline\"",
          "c.toml:6:16: error: \"calendar_url\" \"ftp://x\" is not an http(s) URL; expected one "
          "such as \"https://dav.example.org/cal/\"",
          "c.toml:7:10: error: \"editor\" is empty; expected a command such as \"vim\"",
          "c.toml:8:2: error: unknown key \"language2\"; expected one of: timeline, color, "
          "width, language, editor, calendar_url"}));
  EXPECT_EQ(messages(parse_user_config("width = 2000\n", "c.toml", "").diagnostics),
            (std::vector<std::string>{"c.toml:1:9: error: \"width\" 2000 is out of range; "
                                      "expected 0 (no wrapping) to 1000"}));
  EXPECT_EQ(messages(parse_user_config("width = \n", "c.toml", "").diagnostics),
            (std::vector<std::string>{
                "c.toml:1:9: error: malformed TOML: Error while parsing key-value pair: "
                "expected value, saw "
                "'\\n'"}));
}

TEST(load_user_config, is_empty_without_a_file) {
  temp_dir dir;
  const auto c = load_user_config(dir / "none.toml", "/home/a");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->file, "");
  EXPECT_FALSE(c->timeline);
  write_file(dir / "c.toml", "width = 50\n");
  EXPECT_EQ(load_user_config(dir / "c.toml", "")->width->value, 50u);
  EXPECT_THROW((void)load_user_config(dir.path(), ""), io_error);
}

class locate : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::canonical(m_dir.path());
    std::filesystem::create_directories(root / "trip" / "a" / "b");
    write_file(root / "trip" / "timeline.toml", "name = \"Trip\"\n");
  }
  temp_dir m_dir;
  std::filesystem::path root;
};

TEST_F(locate, finds_the_nearest_folder_upwards_named_relative_to_the_current_one) {
  const auto from_b = locate_timeline({{}, {}, root / "trip" / "a" / "b", nullptr});
  EXPECT_EQ(from_b.dir, std::filesystem::path("../.."));
  EXPECT_EQ(from_b.source, timeline_source::upward);
  EXPECT_EQ(from_b.origin, "found upwards from the current folder");
  EXPECT_FALSE(from_b.obvious);
  const auto here = locate_timeline({{}, {}, root / "trip", nullptr});
  EXPECT_EQ(here.dir, std::filesystem::path("."));
  EXPECT_TRUE(here.obvious);
  // A nearer timeline hides a farther one.
  write_file(root / "trip" / "a" / "timeline.toml", "name = \"A\"\n");
  EXPECT_EQ(locate_timeline({{}, {}, root / "trip" / "a" / "b", nullptr}).dir,
            std::filesystem::path(".."));
}

TEST_F(locate, takes_the_option_then_the_environment_then_upwards_then_config_then_events) {
  user_config config;
  config.file = "/c/config.toml";
  config.timeline = config_entry<std::string>{"/srv/t", 3, 12};
  const auto sub = root / "trip" / "a";
  auto l = locate_timeline({"opt", "env", sub, &config});
  EXPECT_EQ(l.dir, std::filesystem::path("opt"));
  EXPECT_EQ(l.origin, "option --events");
  l = locate_timeline({{}, "env", sub, &config});
  EXPECT_EQ(l.dir, std::filesystem::path("env"));
  EXPECT_EQ(l.origin, "environment CHRONICLE_EVENTS");
  EXPECT_TRUE(l.obvious);
  EXPECT_EQ(locate_timeline({{}, {}, sub, &config}).dir, std::filesystem::path(".."));
  l = locate_timeline({{}, {}, root, &config});
  EXPECT_EQ(l.dir, std::filesystem::path("/srv/t"));
  EXPECT_EQ(l.source, timeline_source::config);
  EXPECT_EQ(l.origin, "/c/config.toml:3");
  EXPECT_FALSE(l.obvious);
  l = locate_timeline({{}, {}, root, nullptr});
  EXPECT_EQ(l.dir, std::filesystem::path("events"));
  EXPECT_EQ(l.source, timeline_source::fallback);
  EXPECT_EQ(l.origin, "default");
  EXPECT_TRUE(l.obvious);
}

TEST(resolve_settings, puts_the_environment_over_the_config_file_over_the_defaults) {
  user_config config;
  config.file = "/c/config.toml";
  config.language = config_entry<std::string>{"ru", 1, 12};
  config.color = config_entry<std::string>{"always", 2, 9};
  config.width = config_entry<std::size_t>{72, 3, 9};
  config.editor = config_entry<std::string>{"nano", 4, 10};
  config.calendar_url = config_entry<std::string>{"https://a/cal/", 5, 16};
  settings_query q;
  q.timeline.cwd = "/";
  q.terminal_width = 120;
  auto s = resolve_settings(q, config);
  EXPECT_EQ(s.language.value, "ru");
  EXPECT_EQ(s.language.origin, "/c/config.toml:1");
  EXPECT_EQ(s.color.value, "always");
  EXPECT_EQ(s.width.value, "72");
  EXPECT_EQ(s.width.origin, "/c/config.toml:3");
  EXPECT_EQ(s.columns, 72u);  // the config file's width wins over the terminal's
  EXPECT_EQ(s.editor.value, "nano");
  EXPECT_EQ(s.calendar_url.origin, "/c/config.toml:5");

  q.environment = {{"CHRONICLE_LANG", "en"}, {"NO_COLOR", "1"},
                   {"COLUMNS", "60"},        {"EDITOR", "vi"},
                   {"VISUAL", "code"},       {"CHRONICLE_CALENDAR_URL", "http://b/"}};
  s = resolve_settings(q, config);
  EXPECT_EQ(s.language.value, "en");
  EXPECT_EQ(s.language.origin, "environment CHRONICLE_LANG");
  EXPECT_EQ(s.color.value, "never");
  EXPECT_EQ(s.color.origin, "environment NO_COLOR");
  EXPECT_EQ(s.columns, 60u);
  EXPECT_EQ(s.width.origin, "environment COLUMNS");
  EXPECT_EQ(s.editor.value, "code");
  EXPECT_EQ(s.editor.origin, "environment VISUAL");
  EXPECT_EQ(s.calendar_url.value, "http://b/");

  // COLUMNS that is not a number is ignored, as before; without a config file the terminal's
  // width is taken, then nothing.
  q.environment = {{"COLUMNS", "wide"}};
  s = resolve_settings(q, {});
  EXPECT_EQ(s.columns, 120u);
  EXPECT_EQ(s.width.origin, "the terminal");
  EXPECT_EQ(s.language.value, "");
  EXPECT_EQ(s.color.value, "auto");
  EXPECT_EQ(s.color.origin, "default");
  q.terminal_width = 0;
  EXPECT_EQ(resolve_settings(q, {}).width.value, "0");
}

TEST(plan_init, writes_settings_that_load) {
  temp_dir dir;
  init_request r;
  r.dir = dir / "Family Trips!";
  r.cwd = "/";
  r.name = "Семейные поездки";
  r.language = "ru";
  r.time_zone = "Asia/Almaty";
  const auto p = plan_init(r);
  ASSERT_TRUE(p.ok()) << testing::PrintToString(messages(p.diagnostics));
  ASSERT_EQ(p->changes.size(), 1u);
  EXPECT_EQ(p->changes[0].text,
            "name = 'Семейные поездки'\ndefault_language = 'ru'\ntime_zone = "
            "'Asia/Almaty'\nuid_domain = 'family-trips.chronicle.invalid'\n");
  apply_plan(*p, r.dir);
  const auto loaded = load_timeline(r.dir);
  EXPECT_TRUE(loaded.diagnostics.empty()) << testing::PrintToString(messages(loaded.diagnostics));
  EXPECT_EQ(loaded.timeline.info.name.at("ru"), "Семейные поездки");
  EXPECT_EQ(loaded.timeline.info.time_zone, "Asia/Almaty");
  // A relative folder is named in the UID domain by its own name.
  r.dir = "./notes/";
  r.cwd = "/home/a";
  EXPECT_EQ(plan_init(r)->changes[0].path, std::filesystem::path("./notes/timeline.toml"));
  EXPECT_TRUE(plan_init(r)->changes[0].text.ends_with("'notes.chronicle.invalid'\n"));
}

TEST(plan_init, names_the_option_of_each_bad_value) {
  init_request r;
  r.dir = "t";
  r.cwd = "/";
  r.name = "";
  r.language = "EN!";
  r.time_zone = "Mars/Base";
  const auto p = plan_init(r);
  EXPECT_FALSE(p.ok());
  EXPECT_EQ(messages(p.diagnostics),
            (std::vector<std::string>{
                "--language: error: \"EN!\" is not a language tag; expected one such as \"en\"",
                "--name: error: missing \"name\": the timeline's name, used as the calendar name",
                "--tz: error: unknown time zone \"Mars/Base\"; expected an IANA name such as "
                "\"America/New_York\""}));
}

TEST(plan_init, never_writes_over_a_timeline) {
  temp_dir dir;
  write_file(dir / "timeline.toml", "name = \"Old\"\n");
  init_request r;
  r.dir = dir.path();
  r.cwd = "/";
  r.name = "New";
  const auto p = plan_init(r);
  EXPECT_FALSE(p.ok());
  EXPECT_EQ(messages(p.diagnostics),
            (std::vector<std::string>{fmt::format(
                "{0}/timeline.toml: error: already exists: \"{0}\" is a timeline already; init "
                "writes over no timeline (edit timeline.toml to change its settings)",
                dir.path().string())}));
  EXPECT_EQ(test::slurp(dir / "timeline.toml"), "name = \"Old\"\n");
}

}  // namespace
}  // namespace chronicle
