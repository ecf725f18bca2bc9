#include "chronicle/store/atomic_file.hpp"

#include <gtest/gtest.h>

#include "chronicle/model/diagnostic.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

TEST(atomic_write, replaces_the_file_and_leaves_no_temporary) {
  test::temp_dir dir;
  test::write_file(dir / "a.ics", "old");
  write_file_atomically(dir / "a.ics", "new");
  EXPECT_EQ(test::slurp(dir / "a.ics"), "new");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(atomic_write, keeps_the_old_file_when_the_folder_is_not_writable) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  test::temp_dir dir;
  test::write_file(dir / "a.ics", "old");
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  EXPECT_THROW(write_file_atomically(dir / "a.ics", "new"), io_error);
  EXPECT_EQ(test::slurp(dir / "a.ics"), "old");
}

TEST(atomic_write, reports_the_system_reason) {
  try {
    write_file_atomically("/nonexistent-folder/x.ics", "x");
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_STREQ(e.what(), "cannot write \"/nonexistent-folder/x.ics\": No such file or directory");
  }
}

TEST(atomic_create, never_replaces_an_existing_file) {
  test::temp_dir dir;
  EXPECT_TRUE(create_file_atomically(dir / "a.toml", "first"));
  EXPECT_FALSE(create_file_atomically(dir / "a.toml", "second"));
  EXPECT_EQ(test::slurp(dir / "a.toml"), "first");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

}  // namespace
}  // namespace chronicle
