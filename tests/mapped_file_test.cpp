#include "chronicle/store/mapped_file.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

TEST(mapped_file, maps_a_regular_file_with_the_bytes_read_file_gives) {
  test::temp_dir dir;
  std::string text = "BEGIN:VCALENDAR\r\n";
  for (int i = 0; i < 5000; ++i) text += "X-LINE:" + std::to_string(i) + "\r\n";
  text += "END:VCALENDAR\r\n";
  test::write_file(dir / "c.ics", text);
  const mapped_file m(dir / "c.ics");
  EXPECT_TRUE(m.mapped());
  EXPECT_EQ(m.text(), read_file(dir / "c.ics", text.size()));
}

TEST(mapped_file, an_empty_file_is_empty) {
  test::temp_dir dir;
  test::write_file(dir / "e.ics", "");
  const mapped_file m(dir / "e.ics");
  EXPECT_FALSE(m.mapped());
  EXPECT_EQ(m.text(), "");
}

TEST(mapped_file, reads_a_pipe_that_cannot_be_mapped) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
  ASSERT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  const mapped_file m(fds[0], "<pipe>");
  ::close(fds[0]);
  EXPECT_FALSE(m.mapped());
  EXPECT_EQ(m.text(), text);
}

TEST(mapped_file, names_the_path_and_the_system_reason) {
  test::temp_dir dir;
  try {
    const mapped_file m(dir / "missing.ics");
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot read \"" + (dir / "missing.ics").string() + "\": No such file or directory");
  }
  try {
    const mapped_file m(dir.path());
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read \"" + dir.path().string() + "\": Is a directory");
  }
}

TEST(mapped_file, survives_a_move) {
  test::temp_dir dir;
  test::write_file(dir / "c.ics", "abc");
  mapped_file a(dir / "c.ics");
  mapped_file b = std::move(a);
  EXPECT_EQ(b.text(), "abc");
  EXPECT_EQ(a.text(), "");  // NOLINT(bugprone-use-after-move): moved-from is empty
}

/// A calendar planned from its mapped file is planned exactly as from the same text in memory.
TEST(mapped_file, a_mapped_calendar_plans_the_same_import_as_its_text) {
  test::temp_dir dir;
  const auto events = dir / "events";
  std::filesystem::create_directory(events);
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nX-WR-CALNAME:Team\r\n";
  for (int i = 1; i <= 300; ++i)
    ics += "BEGIN:VEVENT\r\nUID:" + std::to_string(i) + "@t\r\nDTSTART;VALUE=DATE:202402" +
           (i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1) + "\r\nSUMMARY:Meeting " +
           std::to_string(i % 7) + "\r\nEND:VEVENT\r\n";
  ics += "BEGIN:VEVENT\r\nUID:bad@t\r\nSUMMARY:No date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  test::write_file(dir / "team.ics", ics);
  const auto target = load_import_target(events);
  ASSERT_TRUE(target.ok());

  import_request in_memory;
  in_memory.text = ics;
  in_memory.source = "team.ics";
  in_memory.skip_invalid = true;
  const mapped_file m(dir / "team.ics");
  import_request mapped = in_memory;
  mapped.text.clear();
  mapped.view = m.text();
  const auto a = plan_import_changes(*target, in_memory);
  const auto b = plan_import_changes(*target, mapped);
  ASSERT_TRUE(a.value && b.value);
  EXPECT_EQ(a.diagnostics.size(), b.diagnostics.size());
  for (std::size_t i = 0; i < a.diagnostics.size() && i < b.diagnostics.size(); ++i)
    EXPECT_EQ(a.diagnostics[i].message, b.diagnostics[i].message);
  EXPECT_TRUE(has_errors(b.diagnostics)) << "the rejected event is reported";
  ASSERT_EQ(a->plan.changes.size(), 301u) << "timeline.toml and 300 events";
  ASSERT_EQ(b->plan.changes.size(), a->plan.changes.size());
  for (std::size_t i = 0; i < a->plan.changes.size(); ++i) {
    EXPECT_EQ(b->plan.changes[i].path, a->plan.changes[i].path);
    EXPECT_EQ(b->plan.changes[i].text, a->plan.changes[i].text);
  }
  EXPECT_EQ(b->plan.derived.size(), a->plan.derived.size());
}

}  // namespace
}  // namespace chronicle
