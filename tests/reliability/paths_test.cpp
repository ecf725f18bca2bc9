// Ids and file names that try to leave the timeline folder: "../", absolute paths, names the
// file system reserves. Ids are checked before any path is built; derived ids are slugs.
#include <gtest/gtest.h>

#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

TEST(hostile_ids, is_valid_event_id_refuses_path_syntax) {
  for (const char* id : {"../x", "..", ".", "/etc/passwd", "a/b", "a\\b", "", ".hidden", "-x", "x-",
                         "a--b", "CON", "x.toml", "a\nb", "a b"})
    EXPECT_FALSE(is_valid_event_id(id)) << id;
  EXPECT_TRUE(is_valid_event_id("2024-02-08-meeting"));
}

TEST(hostile_ids, derived_ids_are_slugs_whatever_the_title) {
  for (const char* title : {"../../etc/passwd", "/abs/path", "CON", "nul", "a\\b", "..",
                            "\xe2\x80\xae evil", "COM1.txt"}) {
    event e;
    e.title["en"] = title;
    e.date = *parse_edtf("2024-02-08").value;
    const auto id = derive_event_id(e, "en");
    EXPECT_TRUE(is_valid_event_id(id)) << title << " -> " << id;
    EXPECT_TRUE(id.starts_with("2024-02-08")) << id;  // never a bare reserved name such as "con"
  }
}

TEST(hostile_ids, commands_refuse_ids_with_paths_and_write_nothing) {
  test::scratch_timeline t(
      test::files{{"2024-02-08-x.toml", "date = \"2024-02-08\"\ntitle = \"X\"\n"}});
  test::write_file(t.root() / "outside.toml", "date = \"2024-02-08\"\ntitle = \"Outside\"\n");
  const auto before = test::slurp(t.root() / "outside.toml");
  for (const std::string& id : std::vector<std::string>{
           "../outside", (t.root() / "outside").string(), "..", "/etc/passwd"}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"show", id},
          {"edit", id, "--set", "title=Owned"},
          {"remove", id, "--force"},
          {"add", "Y", "--date", "2024-02-09", "--follows", id}}) {
      const auto r = t.run(args);
      EXPECT_EQ(r.exit, 2) << args[0] << " " << id << ": " << r.err;
      EXPECT_FALSE(r.err.empty());
    }
  }
  EXPECT_EQ(test::slurp(t.root() / "outside.toml"), before);
  EXPECT_EQ(t.files(), (std::vector<std::string>{"2024-02-08-x.toml", "timeline.toml"}));
}

TEST(hostile_ids, imported_uids_never_name_files) {
  test::scratch_timeline t;
  test::write_file(
      t.root() / "in.ics",
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
      "UID:../../outside\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240208\r\n"
      "SUMMARY:../../etc/passwd\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const auto r = t.run({"import", "in.ics"});
  ASSERT_EQ(r.exit, 0) << r.err;
  for (const auto& name : t.files()) {
    EXPECT_TRUE(name == "timeline.toml" || name == ".chronicle" || name.starts_with("2024-02-08-"))
        << name;
  }
  // The recorded base of the next import is named by the event's id too.
  const auto bases = t.events() / ".chronicle" / "import-base";
  for (const auto& entry : std::filesystem::directory_iterator(bases))
    EXPECT_TRUE(entry.path().filename().string().starts_with("2024-02-08-")) << entry.path();
  EXPECT_FALSE(std::filesystem::exists(t.root() / "outside.toml"));
}

TEST(hostile_ids, a_file_with_an_invalid_id_is_reported_not_loaded) {
  test::scratch_timeline t(
      test::files{{"Bad Name.toml", "date = \"2024-02-08\"\ntitle = \"X\"\n"}});
  const auto r = t.run({"list"});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "Bad Name.toml")) << r.err;
}

TEST(hostile_ids, output_paths_are_the_users_choice_but_written_atomically) {
  // -o names any path the user may write; a folder that does not exist is an I/O error (3).
  test::scratch_timeline t(
      test::files{{"2024-02-08-x.toml", "date = \"2024-02-08\"\ntitle = \"X\"\n"}});
  const auto r = t.run({"export", "ics", "-o", "no/such/folder/x.ics"});
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_TRUE(has(r.err, "no/such/folder/x.ics")) << r.err;
}

}  // namespace
}  // namespace chronicle
