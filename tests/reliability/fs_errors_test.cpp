// Every command against every file-system failure it can meet: a file where a folder is expected,
// a folder that does not exist or cannot be read, a broken symbolic link or a folder where an
// event file should be, an output path that cannot be written. Each must end with a clear
// "chronicle: ..." or "file: error: ..." message naming the path, and exit 1 (bad data), 2
// (usage) or 3 (I/O): never `terminate`, a signal, or 70 (the exit of an internal error).
#include <gtest/gtest.h>

#include <unistd.h>

#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

constexpr const char* k_event = "2024-02-08-x";

const char* const k_ics =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
    "UID:fs-errors-1\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240301\r\n"
    "SUMMARY:Imported\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

/// One run of a command: its arguments after `--events DIR`.
struct command {
  std::string name;
  std::vector<std::string> args;
};

/// Every command, with `id` as the event it names (show, edit, remove).
std::vector<command> every_command(const std::string& id = k_event) {
  return {
      {"list", {"list"}},
      {"show", {"show", id}},
      {"check", {"check"}},
      {"add", {"add", "New event", "--date", "2024-02-09"}},
      {"edit", {"edit", id, "--set", "title=Changed"}},
      {"remove", {"remove", id, "--force"}},
      {"import", {"import", "in.ics"}},
      {"export ics", {"export", "ics"}},
      {"export html", {"export", "html"}},
      {"export json", {"export", "json"}},
      {"export markdown", {"export", "markdown"}},
      {"export csv", {"export", "csv"}},
      {"export timelinejs", {"export", "timelinejs"}},
  };
}

std::vector<command> export_commands() {
  std::vector<command> out;
  for (auto& c : every_command())
    if (c.name.starts_with("export")) out.push_back(std::move(c));
  return out;
}

/// A timeline with one valid event and an .ics file to import beside it.
struct fixture {
  test::scratch_timeline t{
      test::files{{std::string(k_event) + ".toml", "date = \"2024-02-08\"\ntitle = \"X\"\n"}}};
  fixture() { test::write_file(t.root() / "in.ics", k_ics); }

  test::run_result run(const std::string& events, const std::vector<std::string>& args) const {
    std::vector<std::string> all{"--events", events};
    all.insert(all.end(), args.begin(), args.end());
    return t.run(all);
  }
};

/// The failure is reported, not crashed on: exit 1, 2 or 3, a message naming `path` (on
/// standard error, or standard output for `check`, which prints its report there), and no trace
/// of an internal error or of an exception that escaped.
void expect_reported(const test::run_result& r, const std::string& what, const std::string& path) {
  EXPECT_TRUE(r.exit == 1 || r.exit == 2 || r.exit == 3) << what << ": exit " << r.exit << "\n"
                                                         << r.err;
  const auto& message = what.starts_with("check") ? r.out + r.err : r.err;
  EXPECT_TRUE(has(message, path)) << what << ": the message does not name \"" << path << "\"\n"
                                  << message;
  EXPECT_FALSE(has(r.err, "terminate")) << what << "\n" << r.err;
  EXPECT_FALSE(has(r.err, "internal error")) << what << "\n" << r.err;
  EXPECT_FALSE(has(r.err, "filesystem error")) << what << "\n" << r.err;
}

void expect_exit(const test::run_result& r, int code, const std::string& what) {
  EXPECT_EQ(r.exit, code) << what << "\n" << r.err;
}

bool is_root() {
  return ::geteuid() == 0;
}

TEST(fs_errors, events_folder_is_a_file) {
  fixture f;
  test::write_file(f.t.root() / "file.json", "{}\n");
  for (const auto& c : every_command()) {
    const auto r = f.run("file.json", c.args);
    expect_reported(r, c.name, "file.json");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "chronicle: ")) << c.name << "\n" << r.err;
  }
  EXPECT_EQ(test::slurp(f.t.root() / "file.json"), "{}\n");
}

TEST(fs_errors, events_folder_is_below_a_file) {
  fixture f;
  test::write_file(f.t.root() / "file.json", "{}\n");
  for (const auto& c : every_command()) {
    const auto r = f.run("file.json/sub", c.args);
    expect_reported(r, c.name, "file.json/sub");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "Not a directory")) << c.name << ": the system's reason\n" << r.err;
  }
}

TEST(fs_errors, events_folder_does_not_exist) {
  fixture f;
  for (const auto& c : every_command()) {
    const auto r = f.run("missing", c.args);
    expect_reported(r, c.name, "missing");
    expect_exit(r, 3, c.name);
    if (c.name == "import")  // a mistyped folder is not a new timeline
      EXPECT_EQ(r.err,
                "chronicle: no timeline folder \"missing\"; create it with mkdir missing, or give "
                "an existing one with --events\n");
    else
      EXPECT_TRUE(has(r.err, "No such file or directory")) << c.name << "\n" << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(f.t.root() / "missing"));
  // An existing empty folder is where a new timeline starts.
  std::filesystem::create_directory(f.t.root() / "missing");
  const auto r = f.run("missing", {"import", "in.ics"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(f.t.root() / "missing" / "timeline.toml"));
}

TEST(fs_errors, events_folder_cannot_be_read) {
  if (is_root()) GTEST_SKIP() << "root reads any folder";
  fixture f;
  std::filesystem::permissions(f.t.events(), std::filesystem::perms::none);
  for (const auto& c : every_command()) {
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "events");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "Permission denied")) << c.name << "\n" << r.err;
  }
  std::filesystem::permissions(f.t.events(), std::filesystem::perms::owner_all);
}

TEST(fs_errors, events_folder_can_be_listed_but_not_entered) {
  if (is_root()) GTEST_SKIP() << "root reads any folder";
  fixture f;
  std::filesystem::permissions(
      f.t.events(), std::filesystem::perms::owner_read | std::filesystem::perms::group_read);
  for (const auto& c : every_command()) {
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "events");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "Permission denied")) << c.name << "\n" << r.err;
  }
  std::filesystem::permissions(f.t.events(), std::filesystem::perms::owner_all);
}

TEST(fs_errors, an_event_file_that_cannot_be_read) {
  if (is_root()) GTEST_SKIP() << "root reads any file";
  fixture f;
  const auto file = f.t.events() / (std::string(k_event) + ".toml");
  std::filesystem::permissions(file, std::filesystem::perms::none);
  for (const auto& c : every_command()) {
    const auto r = f.run("events", c.args);
    if (c.name == "add" || c.name == "import") {
      // Neither needs that file: an event whose file cannot be read is not the one written.
      EXPECT_TRUE(r.exit == 0 || r.exit == 3) << c.name << ": exit " << r.exit << "\n" << r.err;
      if (r.exit == 0) continue;
    }
    expect_reported(r, c.name, std::string(k_event) + ".toml");
    expect_exit(r, 3, c.name);
  }
}

/// Runs every command on a fresh timeline whose folder also holds `make_entry(events)` at
/// `2024-03-01-y.toml`, and checks how each reports it.
template <class Make>
void expect_every_command_reports_the_entry(Make make_entry, const std::string& reason) {
  const std::string name = "2024-03-01-y.toml";
  for (const auto& c : every_command("2024-03-01-y")) {
    fixture f;
    const auto entry = f.t.events() / name;
    make_entry(entry);
    const auto r = f.run("events", c.args);
    if (c.name == "add" || c.name == "import") {
      // They write other files: the broken entry may be reported, never followed or replaced.
      EXPECT_TRUE(r.exit == 0 || r.exit == 1) << c.name << ": exit " << r.exit << "\n" << r.err;
    } else if (c.name == "remove" && r.exit == 0) {
      // Removing the broken event is what was asked.
      EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(entry))) << c.name;
      continue;
    } else {
      expect_reported(r, c.name, name);
    }
    if (c.name == "list" || c.name == "show" || c.name == "check" || c.name.starts_with("export")) {
      // Data, not I/O: the folder is wrong for anyone who reads it, and check lists it with
      // every other problem.
      expect_exit(r, 1, c.name);
      EXPECT_TRUE(has(r.out + r.err, reason)) << c.name << "\n" << r.out << r.err;
    }
    EXPECT_TRUE(std::filesystem::is_symlink(std::filesystem::symlink_status(entry)) ||
                std::filesystem::is_directory(entry))
        << c.name << ": the entry was replaced";
    EXPECT_FALSE(std::filesystem::exists(f.t.events() / "nowhere.toml")) << c.name;
  }
}

TEST(fs_errors, a_broken_symbolic_link_as_an_event_file) {
  expect_every_command_reports_the_entry(
      [](const std::filesystem::path& p) { std::filesystem::create_symlink("nowhere.toml", p); },
      "is a symbolic link to \"nowhere.toml\", which cannot be read (No such file or directory)");
}

TEST(fs_errors, a_symbolic_link_loop_as_an_event_file) {
  expect_every_command_reports_the_entry(
      [](const std::filesystem::path& p) { std::filesystem::create_symlink(p.filename(), p); },
      "is a symbolic link that cannot be followed (Too many levels of symbolic links)");
}

TEST(fs_errors, a_folder_named_like_an_event_file) {
  expect_every_command_reports_the_entry(
      [](const std::filesystem::path& p) { std::filesystem::create_directories(p / "inside"); },
      "is a folder, not an event file");
}

TEST(fs_errors, list_and_check_report_the_folder_and_the_link_at_their_paths) {
  fixture f;
  std::filesystem::create_directories(f.t.events() / "x.toml");
  std::filesystem::create_symlink("gone.toml", f.t.events() / "y.toml");
  const auto list = f.run("events", {"list"});
  EXPECT_EQ(list.exit, 1) << list.err;
  const auto x = (std::filesystem::path("events") / "x.toml").string();
  const auto y = (std::filesystem::path("events") / "y.toml").string();
  EXPECT_TRUE(has(list.err, x + ": error: \"x.toml\" is a folder, not an event file")) << list.err;
  EXPECT_TRUE(has(list.err, y + ": error:")) << list.err;
  const auto check = f.run("events", {"check"});
  EXPECT_EQ(check.exit, 1) << check.err;
  EXPECT_TRUE(has(check.out, x + ": error:")) << check.out;
  EXPECT_TRUE(has(check.out, y + ": error:")) << check.out;
  EXPECT_TRUE(has(check.err, "2 errors")) << check.err;
}

TEST(fs_errors, timeline_settings_that_are_a_folder) {
  fixture f;
  std::filesystem::remove(f.t.events() / "timeline.toml");
  std::filesystem::create_directories(f.t.events() / "timeline.toml");
  for (const auto& c : every_command()) {
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "timeline.toml");
    expect_exit(r, 1, c.name);
  }
}

TEST(fs_errors, output_in_a_folder_that_does_not_exist) {
  fixture f;
  for (auto c : export_commands()) {
    c.args.insert(c.args.end(), {"-o", "no/such/out.txt"});
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "no/such/out.txt");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "No such file or directory")) << c.name << "\n" << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(f.t.root() / "no"));
}

TEST(fs_errors, output_that_is_a_folder) {
  fixture f;
  std::filesystem::create_directories(f.t.root() / "out");
  for (auto c : export_commands()) {
    c.args.insert(c.args.end(), {"-o", "out"});
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "out");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "Is a directory")) << c.name << "\n" << r.err;
  }
  EXPECT_TRUE(std::filesystem::is_empty(f.t.root() / "out"));
}

TEST(fs_errors, output_below_a_file) {
  fixture f;
  test::write_file(f.t.root() / "file.json", "{}\n");
  for (auto c : export_commands()) {
    c.args.insert(c.args.end(), {"-o", "file.json/out"});
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "file.json/out");
    expect_exit(r, 3, c.name);
  }
  EXPECT_EQ(test::slurp(f.t.root() / "file.json"), "{}\n");
}

TEST(fs_errors, output_in_a_folder_that_cannot_be_written) {
  if (is_root()) GTEST_SKIP() << "root writes any folder";
  fixture f;
  std::filesystem::create_directories(f.t.root() / "locked");
  std::filesystem::permissions(f.t.root() / "locked", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_exec);
  for (auto c : export_commands()) {
    c.args.insert(c.args.end(), {"-o", "locked/out.txt"});
    const auto r = f.run("events", c.args);
    expect_reported(r, c.name, "locked/out.txt");
    expect_exit(r, 3, c.name);
    EXPECT_TRUE(has(r.err, "Permission denied")) << c.name << "\n" << r.err;
  }
  std::filesystem::permissions(f.t.root() / "locked", std::filesystem::perms::owner_all);
}

TEST(fs_errors, import_input_that_is_missing_a_folder_or_below_a_file) {
  fixture f;
  std::filesystem::create_directories(f.t.root() / "folder.ics");
  test::write_file(f.t.root() / "file.json", "{}\n");
  for (const std::string input : {"missing.ics", "folder.ics", "file.json/in.ics"}) {
    const auto r = f.run("events", {"import", input});
    expect_reported(r, "import " + input, input);
    expect_exit(r, 3, "import " + input);
  }
}

TEST(fs_errors, check_exports_that_are_a_file_or_missing) {
  fixture f;
  test::write_file(f.t.root() / "file.json", "{}\n");
  for (const std::string exports : {"missing", "file.json", "file.json/sub"}) {
    const auto r = f.run("events", {"check", "--exports", exports});
    expect_reported(r, "check --exports " + exports, exports);
    expect_exit(r, 3, "check --exports " + exports);
  }
}

TEST(fs_errors, check_exports_with_a_broken_link_or_a_folder_named_ics) {
  fixture f;
  std::filesystem::create_directories(f.t.root() / "exports" / "folder.ics");
  std::filesystem::create_symlink("gone.ics", f.t.root() / "exports" / "broken.ics");
  const auto r = f.run("events", {"check", "--exports", "exports"});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.out, "folder.ics")) << r.out;
  EXPECT_TRUE(has(r.out, "broken.ics")) << r.out;
  EXPECT_FALSE(has(r.err, "terminate")) << r.err;
}

TEST(invalid_ids, on_the_command_line_are_usage_errors) {
  fixture f;
  test::write_file(f.t.events() / "Bad Name.toml", "date = \"2024-02-08\"\ntitle = \"Bad\"\n");
  for (const std::string id : {"../x", "Bad Id!", "a/b", "X"}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"show", id},
          {"edit", id, "--set", "title=Z"},
          {"remove", id, "--force"},
          {"add", "Y", "--date", "2024-02-09", "--follows", id}}) {
      const auto r = f.run("events", args);
      EXPECT_EQ(r.exit, 2) << args[0] << " " << id << "\n" << r.err;
      EXPECT_TRUE(has(r.err, "chronicle: ")) << r.err;
      EXPECT_TRUE(has(r.err, "\"" + id + "\" is not an event id")) << args[0] << "\n" << r.err;
    }
  }
  // A file whose name is not an id is reported by loading, and never written through.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", "Bad Name"},
                                               {"edit", "Bad Name", "--set", "title=Z"},
                                               {"remove", "Bad", "--force"}}) {
    const auto r = f.run("events", args);
    EXPECT_EQ(r.exit, 2) << args[0] << "\n" << r.err;
    EXPECT_TRUE(has(r.err, "whose name is not a valid event id")) << args[0] << "\n" << r.err;
    EXPECT_TRUE(has(r.err, "Bad Name.toml")) << args[0] << "\n" << r.err;
  }
  EXPECT_EQ(test::slurp(f.t.events() / "Bad Name.toml"),
            "date = \"2024-02-08\"\ntitle = \"Bad\"\n");
  // Removing an event the badly named file relates to would leave it pointing at nothing, and
  // it cannot be rewritten: refused. Once it no longer relates, the removal goes ahead.
  test::write_file(f.t.events() / "Bad Name.toml",
                   "date = \"2024-02-08\"\ntitle = \"Bad\"\nrelated = [\"2024-02-08-x\"]\n");
  auto r = f.run("events", {"remove", k_event, "--force"});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "Bad Name.toml")) << r.err;
  EXPECT_TRUE(std::filesystem::exists(f.t.events() / (std::string(k_event) + ".toml")));
  test::write_file(f.t.events() / "Bad Name.toml", "date = \"2024-02-08\"\ntitle = \"Bad\"\n");
  r = f.run("events", {"remove", k_event, "--force"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(f.t.events() / (std::string(k_event) + ".toml")));
}

TEST(scan_event_folder, lists_files_and_reports_what_is_not_one) {
  test::scratch_timeline t(test::files{{"2024-02-08-x.toml", "title = \"X\"\n"},
                                       {"notes.txt", "not an event\n"},
                                       {".2024-02-08-x.toml.abc123", "leftover\n"}});
  std::filesystem::create_directories(t.events() / "2024-03-01-folder.toml");
  std::filesystem::create_symlink("gone.toml", t.events() / "2024-03-02-broken.toml");
  std::filesystem::create_symlink("2024-02-08-x.toml", t.events() / "2024-03-03-alias.toml");
  const auto scan = scan_event_folder(t.events());
  ASSERT_TRUE(scan.value);
  EXPECT_FALSE(scan.ok());
  EXPECT_EQ(scan.value->files,
            (std::vector<std::filesystem::path>{t.events() / "2024-02-08-x.toml",
                                                t.events() / "2024-03-03-alias.toml"}));
  EXPECT_EQ(scan.value->ids, (std::vector<std::string>{"2024-02-08-x", "2024-03-01-folder",
                                                       "2024-03-02-broken", "2024-03-03-alias"}));
  ASSERT_EQ(scan.diagnostics.size(), 2u);
  EXPECT_EQ(scan.diagnostics[0].file, (t.events() / "2024-03-01-folder.toml").string());
  EXPECT_TRUE(has(scan.diagnostics[0].message, "is a folder, not an event file"));
  EXPECT_EQ(scan.diagnostics[1].file, (t.events() / "2024-03-02-broken.toml").string());
  EXPECT_TRUE(has(scan.diagnostics[1].message, "symbolic link to \"gone.toml\""));
  EXPECT_EQ(list_event_ids(t.events()), scan.value->ids);
}

TEST(scan_event_folder, throws_io_error_with_the_path_and_the_reason) {
  test::temp_dir dir;
  test::write_file(dir / "file.json", "{}\n");
  for (const std::string name : {"missing", "file.json", "file.json/sub"}) {
    try {
      (void)scan_event_folder(dir / name);
      ADD_FAILURE() << name << ": expected io_error";
    } catch (const io_error& e) {
      EXPECT_TRUE(has(e.what(), (dir / name).string())) << e.what();
    }
  }
}

TEST(find_regular_file, tells_a_file_from_nothing_and_from_what_is_not_a_file) {
  test::temp_dir dir;
  test::write_file(dir / "a.toml", "x = 1\n");
  std::filesystem::create_directories(dir / "b.toml");
  EXPECT_EQ(find_regular_file(dir / "a.toml", "an event file").value, true);
  EXPECT_EQ(find_regular_file(dir / "none.toml", "an event file").value, false);
  const auto folder = find_regular_file(dir / "b.toml", "the timeline's settings file");
  EXPECT_FALSE(folder.value);
  ASSERT_EQ(folder.diagnostics.size(), 1u);
  EXPECT_TRUE(has(folder.diagnostics[0].message,
                  "\"b.toml\" is a folder, not the timeline's settings file"));
}

}  // namespace
}  // namespace chronicle
