// The journal apply_plan keeps (.chronicle/journal/) and plan_undo: each change reverted to the
// exact bytes, step by step back; a file changed since refuses the undo, writing nothing; an
// entry of a change that stopped half-way; a corrupt entry; the journal kept short.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chronicle/ops/add.hpp"
#include "chronicle/ops/edit.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/ops/remove.hpp"
#include "chronicle/ops/undo.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/content_hash.hpp"
#include "commands_support.hpp"

namespace chronicle {
namespace {

using namespace std::chrono_literals;
using test::contains;

const date::sys_seconds k_now = date::sys_days{date::year{2026} / 5 / 28} + 20h;
const date::sys_seconds k_later = k_now + 1h;
const std::string k_meeting = "2024-02-08-inaugural-critical-minerals-dialogue";
const std::string k_visit = "2024-03-sharlapayev-visit-to-pdac-toronto";

/// The names in the timeline folder but its hidden one, sorted.
std::vector<std::string> event_names(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename() != ".chronicle") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class undo : public ::testing::Test {
 protected:
  void SetUp() override { dir = test::copy_shipped_events(m_dir); }
  change_base base() const {
    auto loaded = load_for_change(dir);
    EXPECT_TRUE(loaded.ok());
    return std::move(*loaded);
  }
  std::filesystem::path file(const std::string& id) const { return dir / (id + ".toml"); }
  std::string text(const std::string& id) const { return test::slurp(file(id)); }
  std::vector<journal_entry> journal() const {
    auto j = read_journal(dir);
    EXPECT_TRUE(j.ok()) << (j.diagnostics.empty() ? "" : j.diagnostics[0].message);
    return j.value.value_or(std::vector<journal_entry>{});
  }
  void edit(const std::string& id, const std::string& set) {
    edit_request r;
    r.id = id;
    r.set = {set};
    r.now = k_now;
    const auto planned = plan_edit(base(), r);
    ASSERT_TRUE(planned.ok());
    (void)apply_plan(planned->plan, dir);
  }
  /// Plans the undo, expecting one, and writes it.
  undo_plan undo_once() {
    auto planned = plan_undo(dir, k_later);
    EXPECT_TRUE(planned.ok()) << (planned.diagnostics.empty() ? ""
                                                              : planned.diagnostics[0].message);
    EXPECT_TRUE(planned.value && *planned.value);
    auto p = std::move(**planned.value);
    (void)apply_plan(p.plan, dir);
    return p;
  }

  test::temp_dir m_dir;
  std::filesystem::path dir;
};

TEST_F(undo, there_is_nothing_to_undo_without_a_journal) {
  EXPECT_TRUE(journal().empty());
  const auto planned = plan_undo(dir, k_later);
  ASSERT_TRUE(planned.ok());
  EXPECT_FALSE(*planned.value);
}

TEST_F(undo, an_added_event_is_removed_and_the_undo_is_recorded) {
  add_request r;
  r.title = "Signing";
  r.date = "2024-06";
  r.now = k_now;
  const auto planned = plan_add(base(), r);
  ASSERT_TRUE(planned.ok());
  const auto before = event_names(dir);
  (void)apply_plan(planned->plan, dir);
  auto entries = journal();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].number, 1u);
  EXPECT_EQ(entries[0].note, (journal_note{"add", "2024-06-signing", k_now, 0}));
  EXPECT_TRUE(entries[0].complete);
  ASSERT_EQ(entries[0].files.size(), 1u);
  EXPECT_EQ(entries[0].files[0], (journal_file{change_kind::create, "2024-06-signing.toml",
                                               std::nullopt, content_hash(planned->text)}));
  EXPECT_FALSE(contains(test::slurp(entries[0].file), "Signing"))
      << "the text written is kept as its fingerprint only";

  const auto p = undo_once();
  EXPECT_EQ(p.entry.number, 1u);
  EXPECT_TRUE(p.unchanged.empty());
  EXPECT_FALSE(std::filesystem::exists(file("2024-06-signing")));
  EXPECT_EQ(event_names(dir), before);
  entries = journal();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].note, (journal_note{"undo", "1 (add 2024-06-signing)", k_later, 1}));
  EXPECT_EQ(entries[0].files[0].kind, change_kind::remove);
  EXPECT_EQ(next_to_undo(entries), nullptr) << "an undo is not undone by the next one";
}

TEST_F(undo, a_new_event_that_took_another_name_is_recorded_under_it) {
  add_request r;
  r.title = "Signing";
  r.date = "2024-06";
  r.now = k_now;
  const auto planned = plan_add(base(), r);
  ASSERT_TRUE(planned.ok());
  test::write_file(file("2024-06-signing"), "title = \"Theirs\"\ndate = \"2024-06\"\n");
  (void)apply_plan(planned->plan, dir);
  EXPECT_EQ(journal()[0].files[0].path, "2024-06-signing-2.toml");
  undo_once();
  EXPECT_FALSE(std::filesystem::exists(file("2024-06-signing-2")));
  EXPECT_EQ(text("2024-06-signing"), "title = \"Theirs\"\ndate = \"2024-06\"\n");
}

TEST_F(undo, each_undo_goes_one_change_further_back_to_the_exact_bytes) {
  const auto original = text(k_visit);
  edit(k_visit, "status=cancelled");
  const auto first = text(k_visit);
  edit(k_visit, "status=planned");
  ASSERT_NE(text(k_visit), first);

  EXPECT_EQ(undo_once().entry.number, 2u);
  EXPECT_EQ(text(k_visit), first);
  EXPECT_EQ(undo_once().entry.number, 1u);
  EXPECT_EQ(text(k_visit), original);
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].note.undoes, 1u);
  EXPECT_EQ(entries[1].note.undoes, 2u);
  EXPECT_EQ(undone_by(entries),
            (std::vector<std::pair<std::uint64_t, std::uint64_t>>{{1, 4}, {2, 3}}));
  const auto none = plan_undo(dir, k_later);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none.value);
}

TEST_F(undo, a_removal_comes_back_with_the_relations_it_dropped_and_without_its_tombstone) {
  const auto meeting = text(k_meeting);
  const auto visit = text(k_visit);
  const auto planned = plan_remove(base(), {"2024-02-08", true, k_now});
  ASSERT_TRUE(planned.ok());
  ASSERT_FALSE(planned->referrers.empty());
  (void)apply_plan(planned->plan, dir);
  ASSERT_TRUE(std::filesystem::exists(planned->tombstone));
  EXPECT_EQ(journal()[0].note.summary, k_meeting + ", dropping the relations of 1 event(s) to it");

  const auto p = undo_once();
  ASSERT_EQ(p.plan.changes.size(), 2u);
  EXPECT_EQ(p.plan.changes[0].kind, change_kind::create) << "the event first, then its referrers";
  EXPECT_EQ(text(k_meeting), meeting);
  EXPECT_EQ(text(k_visit), visit);
  EXPECT_FALSE(std::filesystem::exists(planned->tombstone));
  EXPECT_TRUE(std::filesystem::exists(dir / ".chronicle" / "README"));
}

TEST_F(undo, an_import_is_undone_with_its_bases) {
  const auto target = load_import_target(dir);
  ASSERT_TRUE(target.ok());
  import_request r;
  r.text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
      "DTSTART;VALUE=DATE:20240208\r\nSUMMARY:One\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  r.source = "one.ics";
  r.now = k_now;
  const auto planned = plan_import_changes(*target, r);
  ASSERT_TRUE(planned.ok());
  const auto before = event_names(dir);
  (void)apply_plan(planned->plan, dir);
  const auto base_file = import_base_file(dir, "2024-02-08-one");
  ASSERT_TRUE(std::filesystem::exists(base_file));
  const auto entry = journal()[0];
  EXPECT_EQ(entry.note.summary, "one.ics: 1 new, 0 changed");
  ASSERT_EQ(entry.derived.size(), 1u) << "the README is not recorded";
  EXPECT_EQ(entry.derived[0].path,
            std::filesystem::path(".chronicle/import-base/2024-02-08-one.toml"));

  undo_once();
  EXPECT_FALSE(std::filesystem::exists(file("2024-02-08-one")));
  EXPECT_FALSE(std::filesystem::exists(base_file));
  EXPECT_EQ(event_names(dir), before);
}

TEST_F(undo, a_file_changed_since_refuses_the_undo_and_nothing_is_written) {
  const auto original = text(k_visit);
  edit(k_visit, "status=cancelled");
  edit(k_meeting, "status=cancelled");
  const auto hand = text(k_meeting) + "# a hand edit\n";
  test::write_file(file(k_meeting), hand);
  const auto refused = plan_undo(dir, k_later);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.diagnostics.size(), 1u);
  EXPECT_EQ(refused.diagnostics[0].file, file(k_meeting).string());
  EXPECT_EQ(refused.diagnostics[0].message,
            "changed since change 2 (edit " + k_meeting +
                ") wrote it, by hand or by a command that does not record its changes; it "
                "holds neither that text nor the one before");
  EXPECT_EQ(text(k_meeting), hand);
  EXPECT_EQ(journal().size(), 2u);

  // Removed by hand: said so.
  std::filesystem::remove(file(k_meeting));
  const auto gone = plan_undo(dir, k_later);
  ASSERT_FALSE(gone.ok());
  EXPECT_TRUE(gone.diagnostics[0].message.starts_with("was removed since change 2"))
      << gone.diagnostics[0].message;
  (void)original;
}

TEST_F(undo, a_change_stopped_half_way_reverts_what_it_wrote_and_leaves_the_rest) {
  const auto meeting = text(k_meeting);
  const auto visit = text(k_visit);
  const auto planned = plan_remove(base(), {"2024-02-08", true, k_now});
  ASSERT_TRUE(planned.ok());
  (void)apply_plan(planned->plan, dir);
  // As if the process had died after its first write: the intent entry, not complete, and the
  // removed event still there.
  auto entry_file = journal()[0].file;
  auto entry_text = test::slurp(entry_file);
  const auto at = entry_text.find("\"complete\": true");
  ASSERT_NE(at, std::string::npos);
  entry_text.replace(at, 16, "\"complete\": false");
  test::write_file(entry_file, entry_text);
  test::write_file(file(k_meeting), meeting);
  EXPECT_FALSE(journal()[0].complete);

  const auto p = undo_once();
  EXPECT_EQ(p.unchanged, (std::vector<std::filesystem::path>{file(k_meeting)}));
  EXPECT_EQ(text(k_meeting), meeting);
  EXPECT_EQ(text(k_visit), visit);
}

TEST_F(undo, a_corrupt_entry_is_an_error_naming_its_file) {
  edit(k_visit, "status=cancelled");
  const auto entry_file = journal()[0].file;
  for (const auto& [text, problem] : std::vector<std::pair<std::string, std::string>>{
           {"{\"chronicle_journal\": 1, \"numb", "not JSON"},
           {"[1]", "expected a JSON object"},
           {"{\"chronicle_journal\": 1, \"number\": 7}",
            "\"number\": expected 1, the number in the file's name"},
           {"{\"chronicle_journal\": 1, \"number\": 1, \"time\": \"yesterday\"}",
            "\"time\": expected a UTC time, YYYY-MM-DDTHH:MM:SSZ"},
           {"{\"chronicle_journal\": 1, \"number\": 1, \"time\": \"2026-05-28T20:00:00Z\", "
            "\"command\": \"edit\", \"summary\": \"x\", \"complete\": true, \"files\": [{\"kind\": "
            "\"replace\", \"path\": \"../outside.toml\", \"before\": \"a\", \"after\": \"b\"}], "
            "\"derived\": []}",
            "files[0].path: \"../outside.toml\" is not the name of an event file or timeline.toml"},
           {"{\"chronicle_journal\": 1, \"number\": 1, \"time\": \"2026-05-28T20:00:00Z\", "
            "\"command\": \"edit\", \"summary\": \"x\", \"complete\": true, \"files\": [], "
            "\"derived\": [{\"kind\": \"create\", \"path\": \"elsewhere/x\", \"before\": null, "
            "\"after\": \"b\"}]}",
            "derived[0].path: \"elsewhere/x\" is not a path inside .chronicle/"},
           {"{\"chronicle_journal\": 2, \"number\": 1, \"time\": \"2026-05-28T20:00:00Z\", "
            "\"command\": \"edit\", \"summary\": \"x\", \"complete\": true, \"files\": [{\"kind\": "
            "\"replace\", \"path\": \"x.toml\", \"before\": \"a\", \"after_hash\": \"b\"}], "
            "\"derived\": []}",
            "files[0].after_hash: expected 16 hexadecimal digits or null"},
           {"{\"chronicle_journal\": 3, \"number\": 1}",
            "\"chronicle_journal\": expected 1 to 2"}}) {
    test::write_file(entry_file, text);
    const auto read = read_journal(dir);
    ASSERT_EQ(read.diagnostics.size(), 1u) << text;
    EXPECT_EQ(read.diagnostics[0].file, entry_file.string());
    EXPECT_EQ(read.diagnostics[0].message, "not a journal entry: " + problem);
    const auto planned = plan_undo(dir, k_later);
    EXPECT_FALSE(planned.ok());
  }
  // A corrupt entry does not stop the next change from being recorded.
  edit(k_meeting, "status=cancelled");
  EXPECT_TRUE(std::filesystem::exists(journal_folder(dir) / "00000002.json"));
}

TEST_F(undo, an_entry_of_the_first_format_with_the_text_written_is_still_undone) {
  // Format 1 kept the whole text written ("after"); a journal from then still undoes.
  const auto original = text(k_visit);
  edit(k_visit, "status=cancelled");
  const auto entry_file = journal()[0].file;
  auto j = nlohmann::json::parse(test::slurp(entry_file));
  ASSERT_EQ(j["chronicle_journal"], 2);
  j["chronicle_journal"] = 1;
  for (auto& f : j["files"]) {
    f.erase("after_hash");
    f["after"] = text(k_visit);
  }
  test::write_file(entry_file, j.dump(1));
  const auto entries = journal();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].files[0].after_hash, content_hash(text(k_visit)));
  undo_once();
  EXPECT_EQ(text(k_visit), original);
}

TEST_F(undo, texts_that_are_not_utf8_are_kept_byte_for_byte) {
  const std::string bytes = "title = \"\xff\xfe broken\"\n";
  test::write_file(file("2020-broken"), bytes);
  const auto planned = plan_remove(base(), {"2020-broken", false, k_now});
  ASSERT_TRUE(planned.value);
  ASSERT_FALSE(planned->plan.changes.empty());
  (void)apply_plan(planned->plan, dir);
  ASSERT_FALSE(std::filesystem::exists(file("2020-broken")));
  EXPECT_TRUE(contains(test::slurp(journal()[0].file), "\"hex\": \"7469746c65"));
  undo_once();
  EXPECT_EQ(text("2020-broken"), bytes);
}

TEST_F(undo, the_journal_keeps_the_newest_entries_only) {
  for (std::size_t i = 0; i < k_journal_keep + 5; ++i)
    edit(k_visit, i % 2 ? "status=cancelled" : "status=planned");
  const auto entries = journal();
  ASSERT_EQ(entries.size(), k_journal_keep);
  EXPECT_EQ(entries.front().number, k_journal_keep + 5);
  EXPECT_EQ(entries.back().number, 6u);
}

}  // namespace
}  // namespace chronicle
