// chronicle init, chronicle config and how every command finds its timeline, through the real
// binary, with a home folder of its own (HOME, XDG_CONFIG_HOME) and fresh folders.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include "commands_support.hpp"

namespace chronicle {
namespace {

using test::contains;
using test::run_result;
using test::slurp;
using test::write_file;

const std::string k_config_keys =
    "expected one of: timeline, color, width, language, editor, calendar_url";

/// A port on 127.0.0.1 nothing listens on: bound, read and closed again.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size), 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

class cli_habits : public ::testing::Test {
 protected:
  void SetUp() override {
    root = std::filesystem::canonical(m_dir.path());
    home = root / "home";
    std::filesystem::create_directories(home);
    config = home / ".config" / "chronicle" / "config.toml";
  }

  run_result run(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                 std::map<std::string, std::string> env = {}, const std::string& input = {}) {
    env.emplace("SOURCE_DATE_EPOCH", test::k_epoch);
    env.emplace("HOME", home.string());
    return test::run_chronicle(args, cwd, env, input);
  }

  void write_config(const std::string& text) {
    std::filesystem::create_directories(config.parent_path());
    write_file(config, text);
  }

  /// A new timeline `name` in the root folder, with one event titled `title`.
  void make_timeline(const std::string& name, const std::string& title) {
    auto r = run({"init", name, "--name", name, "--language", "en", "--tz", "UTC"}, root);
    ASSERT_EQ(r.exit, 0) << r.err;
    r = run({"--events", name, "add", title, "--date", "2025-05-10"}, root);
    ASSERT_EQ(r.exit, 0) << r.err;
  }

  test::temp_dir m_dir;
  std::filesystem::path root, home, config;
};

TEST_F(cli_habits, init_writes_a_timeline_that_add_list_and_export_use) {
  auto r =
      run({"init", "trip", "--name", "Trips", "--language", "en", "--tz", "Europe/Lisbon"}, root);
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "created trip/timeline.toml: \"Trips\", language en, time zone Europe/Lisbon\n");
  EXPECT_EQ(slurp(root / "trip" / "timeline.toml"),
            "name = 'Trips'\ndefault_language = 'en'\ntime_zone = 'Europe/Lisbon'\n"
            "uid_domain = 'trip.chronicle.invalid'\n");
  // In the folder, commands find it without --events, and say nothing about it.
  r = run({"add", "Lisbon", "--date", "2025-05-10"}, root / "trip");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(r.out.ends_with("added ./2025-05-10-lisbon.toml\n")) << r.out;
  r = run({"list"}, root / "trip");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "Trips\n\n2025\n  10 May 2025  Lisbon\n");
  r = run({"export", "ics"}, root / "trip");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "UID:2025-05-10-lisbon@trip.chronicle.invalid")) << r.out;
  EXPECT_TRUE(contains(r.out, "X-WR-CALNAME:Trips")) << r.out;
}

TEST_F(cli_habits, init_never_writes_over_a_timeline) {
  ASSERT_EQ(run({"init", "trip", "--name", "Trips"}, root).exit, 0);
  const auto before = slurp(root / "trip" / "timeline.toml");
  const auto r = run({"init", "trip", "--name", "Other"}, root);
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "trip/timeline.toml: error: already exists: \"trip\" is a timeline already; init "
            "writes over no timeline (edit timeline.toml to change its settings)\n");
  EXPECT_EQ(slurp(root / "trip" / "timeline.toml"), before);
}

TEST_F(cli_habits, init_refuses_bad_values_naming_their_options_and_writes_nothing) {
  const auto r = run({"init", "trip", "--language", "EN!", "--tz", "Mars/Base"}, root);
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "--language: error: \"EN!\" is not a language tag; expected one such as \"en\"\n"
            "--tz: error: unknown time zone \"Mars/Base\"; expected an IANA name such as "
            "\"America/New_York\"\n");
  EXPECT_FALSE(std::filesystem::exists(root / "trip"));
}

TEST_F(cli_habits, init_without_options_off_a_terminal_takes_the_defaults) {
  std::filesystem::create_directories(root / "notes");
  // The configuration file's language is the default language of a new timeline.
  write_config("language = \"ru\"\n");
  const auto r = run({"init"}, root / "notes");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "created ./timeline.toml: \"notes\", language ru, time zone Etc/UTC\n");
  EXPECT_EQ(slurp(root / "notes" / "timeline.toml"),
            "name = 'notes'\ndefault_language = 'ru'\ntime_zone = 'Etc/UTC'\n"
            "uid_domain = 'notes.chronicle.invalid'\n");
}

TEST_F(cli_habits, init_at_a_terminal_asks_and_asks_again_for_a_wrong_answer) {
  test::terminal_session s({"init", "diary"}, root, {"HOME=" + home.string()});
  ASSERT_TRUE(s.expect("Name of the timeline [diary]: ")) << s.output();
  s.send("My diary");
  ASSERT_TRUE(s.expect("Default language [en]: ")) << s.output();
  s.send("EN!");
  ASSERT_TRUE(s.expect("Time zone [Etc/UTC]: ")) << s.output();
  s.send("Asia/Almaty");
  ASSERT_TRUE(s.expect("\"EN!\" is not a language tag; expected one such as \"en\"")) << s.output();
  ASSERT_TRUE(s.expect("Default language [EN!]: ")) << s.output();
  s.send("ru");
  ASSERT_TRUE(
      s.expect("created diary/timeline.toml: \"My diary\", language ru, time zone "
               "Asia/Almaty"))
      << s.output();
  EXPECT_EQ(s.finish(), 0) << s.output();
  EXPECT_EQ(slurp(root / "diary" / "timeline.toml"),
            "name = 'My diary'\ndefault_language = 'ru'\ntime_zone = 'Asia/Almaty'\n"
            "uid_domain = 'diary.chronicle.invalid'\n");
}

TEST_F(cli_habits, commands_find_the_timeline_upwards_and_say_so) {
  make_timeline("trip", "Lisbon");
  std::filesystem::create_directories(root / "trip" / "photos" / "day1");
  auto r = run({"list"}, root / "trip" / "photos" / "day1");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "trip\n\n2025\n  10 May 2025  Lisbon\n");
  EXPECT_EQ(r.err,
            "chronicle: using the timeline in ../.. (found upwards from the current folder)\n");
  r = run({"add", "Porto", "--date", "2025-05-12"}, root / "trip" / "photos");
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(r.out.ends_with("added ../2025-05-12-porto.toml\n")) << r.out;
  EXPECT_TRUE(std::filesystem::exists(root / "trip" / "2025-05-12-porto.toml"));
}

TEST_F(cli_habits, the_option_wins_over_the_environment_over_the_config_file) {
  make_timeline("a", "Event in A");
  make_timeline("b", "Event in B");
  make_timeline("c", "Event in C");
  write_config("timeline = \"" + (root / "a").string() + "\"\n");
  // No timeline here or above: the configuration file's, said on stderr.
  auto r = run({"list"}, root);
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, "a\n\n2025\n  10 May 2025  Event in A\n");
  EXPECT_EQ(r.err, fmt::format("chronicle: using the timeline in {}/a (set in {}:1)\n",
                               root.string(), config.string()));
  r = run({"list"}, root, {{"CHRONICLE_EVENTS", (root / "b").string()}});
  EXPECT_EQ(r.out, "b\n\n2025\n  10 May 2025  Event in B\n");
  EXPECT_EQ(r.err, "");
  r = run({"--events", "c", "list"}, root, {{"CHRONICLE_EVENTS", (root / "b").string()}});
  EXPECT_EQ(r.out, "c\n\n2025\n  10 May 2025  Event in C\n");
  EXPECT_EQ(r.err, "");
  // The environment wins over a timeline found upwards, too.
  r = run({"list"}, root / "c", {{"CHRONICLE_EVENTS", (root / "b").string()}});
  EXPECT_EQ(r.out, "b\n\n2025\n  10 May 2025  Event in B\n");
}

TEST_F(cli_habits, without_any_of_it_the_events_folder_here_is_used_as_before) {
  test::copy_shipped_events(m_dir);
  const auto r = run({"list", "--ids"}, root);
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, run({"--events", "events", "list", "--ids"}, root).out);
}

TEST_F(cli_habits, config_shows_every_setting_and_where_it_came_from) {
  make_timeline("trip", "Lisbon");
  write_config(
      "# mine\ncolor = \"never\"\nwidth = 72\n\ncalendar_url = \"https://dav.example.org/c/\"\n");
  auto r = run({"config"}, root / "trip", {{"EDITOR", "nano"}, {"CHRONICLE_LANG", "ru"}});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto c = config.string();
  EXPECT_EQ(r.out, fmt::format("# configuration file: {0}\n"
                               "timeline = \"{1}/trip\"  # found upwards from the current folder\n"
                               "color = \"never\"  # {0}:2\n"
                               "width = 72  # {0}:3\n"
                               "language = \"ru\"  # environment CHRONICLE_LANG\n"
                               "editor = \"nano\"  # environment EDITOR\n"
                               "calendar_url = \"https://dav.example.org/c/\"  # {0}:5\n",
                               c, root.string()));
  // XDG_CONFIG_HOME moves the file; none there: every value from the environment or default.
  r = run({"--events", "trip", "config"}, root,
          {{"XDG_CONFIG_HOME", (root / "xdg").string()}, {"COLUMNS", "100"}, {"NO_COLOR", "1"}});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.out, fmt::format("# configuration file: {0}/xdg/chronicle/config.toml (not there)\n"
                               "timeline = \"{0}/trip\"  # option --events\n"
                               "color = \"never\"  # environment NO_COLOR\n"
                               "width = 100  # environment COLUMNS\n"
                               "# language: not set; each timeline's default_language\n"
                               "# editor: not set; edit needs one, or changes given as options\n"
                               "# calendar_url: not set; publish, pull and sync need their URL\n",
                               root.string()));
}

TEST_F(cli_habits, options_win_over_the_environment_over_the_config_file_for_width) {
  test::copy_shipped_events(m_dir);
  const auto at = [&](const std::string& width) {
    return run({"list", "--width", width}, root).out;
  };
  ASSERT_NE(at("40"), at("60"));
  write_config("width = 40\n");
  EXPECT_EQ(run({"list"}, root).out, at("40"));
  EXPECT_EQ(run({"list"}, root, {{"COLUMNS", "60"}}).out, at("60"));
  EXPECT_EQ(run({"list", "--width", "0"}, root, {{"COLUMNS", "60"}}).out, at("0"));
  // The language and colour likewise.
  write_config("language = \"ru\"\ncolor = \"always\"\n");
  EXPECT_EQ(run({"list"}, root).out, run({"list", "--lang", "ru", "--color", "always"}, root).out);
  EXPECT_EQ(run({"list"}, root, {{"CHRONICLE_LANG", "en"}, {"NO_COLOR", "1"}}).out,
            run({"list", "--lang", "en", "--color", "never"}, root).out);
  EXPECT_EQ(run({"list", "--lang", "en", "--color", "never"}, root).out,
            run({"list", "--lang", "en"}, root, {{"NO_COLOR", "1"}}).out);
}

TEST_F(cli_habits, a_bad_config_file_stops_every_command_saying_where) {
  test::copy_shipped_events(m_dir);
  const auto c = config.string();
  const auto stops = fmt::format(
      "chronicle: the configuration file \"{}\" has errors (see docs/COMMANDS.md, \"chronicle "
      "config\"); nothing done\n",
      c);
  write_config("colour = \"never\"\nwidth = \"wide\"\n");
  auto r = run({"list"}, root);
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, fmt::format("{0}:1:1: error: unknown key \"colour\"; {1}\n"
                               "{0}:2:9: error: \"width\" must be an integer (columns; 0 wraps "
                               "nothing), not a string\n{2}",
                               c, k_config_keys, stops));
  write_config("width = 72\ncolor = \"never\n");
  r = run({"config"}, root);
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(r.err.starts_with(c + ":2:")) << r.err;
  EXPECT_TRUE(contains(r.err, "error: malformed TOML: ")) << r.err;
  EXPECT_TRUE(r.err.ends_with(stops)) << r.err;
}

TEST_F(cli_habits, publish_takes_its_url_from_the_config_file_or_asks_for_it) {
  test::copy_shipped_events(m_dir);
  const auto r = run({"publish", "--dry-run"}, root);
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(r.err,
            "chronicle: publish needs the calendar's URL: give it (chronicle publish URL), or "
            "set CHRONICLE_CALENDAR_URL or calendar_url in the configuration file\n");
  // The URL comes from the option, else CHRONICLE_CALENDAR_URL, else the configuration file:
  // each is the one pull reaches for (a port on 127.0.0.1 where nothing answers).
  const auto url = [](const char* path) {
    return fmt::format("http://127.0.0.1:{}/{}/", closed_port(), path);
  };
  const auto in_config = url("config"), in_env = url("env"), given = url("option");
  write_config("calendar_url = \"" + in_config + "\"\n");
  const auto reached = [&](const std::vector<std::string>& args,
                           std::map<std::string, std::string> env) {
    const auto p = run(args, root, std::move(env));
    EXPECT_EQ(p.exit, 3) << p.err;
    const auto at = p.err.find("REPORT ");
    return at == std::string::npos ? p.err : p.err.substr(at + 7, p.err.find(' ', at + 7) - at - 7);
  };
  EXPECT_EQ(reached({"pull"}, {}), in_config);
  EXPECT_EQ(reached({"pull"}, {{"CHRONICLE_CALENDAR_URL", in_env}}), in_env);
  EXPECT_EQ(reached({"pull", given}, {{"CHRONICLE_CALENDAR_URL", in_env}}), given);
  const auto bad = run({"list"}, root, {{"CHRONICLE_LANG", "de"}});
  EXPECT_EQ(bad.exit, 2);
  EXPECT_EQ(bad.err,
            "chronicle: CHRONICLE_LANG=\"de\" is not a language Chronicle writes in; expected en "
            "or ru\n");
}

}  // namespace
}  // namespace chronicle
