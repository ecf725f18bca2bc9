#include "chronicle/store/atomic_batch.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include "chronicle/model/diagnostic.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

std::vector<std::string> names(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(atomic_batch, writes_nothing_visible_until_each_file_is_put_in_place) {
  test::temp_dir dir;
  test::write_file(dir / "old.toml", "old");
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i) texts.push_back("text " + std::to_string(i));
  atomic_batch batch;
  std::vector<std::size_t> staged;
  for (int i = 0; i < 300; ++i)
    staged.push_back(batch.add(dir / ("f" + std::to_string(i) + ".toml"), texts[i]));
  const auto replaced = batch.add(dir / "old.toml", "new");
  batch.write();
  batch.sync();
  // Only temporary files, named ".NAME.XXXXXX", beside the old file.
  auto now = names(dir.path());
  EXPECT_EQ(now.size(), 302u);
  for (const auto& n : now) EXPECT_TRUE(n == "old.toml" || n.starts_with(".")) << n;
  EXPECT_EQ(test::slurp(dir / "old.toml"), "old");

  for (int i = 0; i < 300; ++i)
    EXPECT_TRUE(batch.create(staged[i], dir / ("f" + std::to_string(i) + ".toml")));
  batch.replace(replaced);
  batch.finish();
  EXPECT_EQ(names(dir.path()).size(), 301u) << "no temporary left";
  EXPECT_EQ(test::slurp(dir / "f299.toml"), "text 299");
  EXPECT_EQ(test::slurp(dir / "old.toml"), "new");
}

TEST(atomic_batch, create_never_replaces_and_keeps_the_file_for_another_name) {
  test::temp_dir dir;
  test::write_file(dir / "a.toml", "first");
  std::filesystem::create_symlink("nowhere", dir / "b.toml");
  atomic_batch batch;
  const auto i = batch.add(dir / "a.toml", "second");
  batch.write();
  batch.sync();
  EXPECT_FALSE(batch.create(i, dir / "a.toml"));
  EXPECT_FALSE(batch.create(i, dir / "b.toml")) << "a link to nothing is a name taken";
  EXPECT_TRUE(batch.create(i, dir / "a-2.toml"));
  batch.finish();
  EXPECT_EQ(test::slurp(dir / "a.toml"), "first");
  EXPECT_EQ(test::slurp(dir / "a-2.toml"), "second");
  EXPECT_EQ(names(dir.path()), (std::vector<std::string>{"a-2.toml", "a.toml", "b.toml"}));
}

TEST(atomic_batch, removes_every_temporary_file_not_put_in_place) {
  test::temp_dir dir;
  {
    atomic_batch batch;
    const auto a = batch.add(dir / "a.toml", "a");
    batch.add(dir / "b.toml", "b");
    batch.write();
    batch.sync();
    batch.replace(a);
  }
  EXPECT_EQ(names(dir.path()), std::vector<std::string>{"a.toml"});
}

TEST(atomic_batch, a_failed_write_names_the_file_and_leaves_nothing) {
  test::temp_dir dir;
  std::filesystem::create_directories(dir / "in");
  test::write_file(dir / "in/x.toml", "old");
  try {
    atomic_batch batch;
    batch.add(dir / "in/x.toml", "new");
    batch.add(dir / "missing/y.toml", "y");
    batch.add(dir / "in/z.toml", "z");
    batch.write();
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write \"" + (dir / "missing/y.toml").string() +
                                         "\": No such file or directory");
  }
  EXPECT_EQ(names(dir / "in"), std::vector<std::string>{"x.toml"});
  EXPECT_EQ(test::slurp(dir / "in/x.toml"), "old");
}

TEST(atomic_batch, remove_reports_the_system_reason) {
  test::temp_dir dir;
  atomic_batch batch;
  try {
    batch.remove(dir / "none.toml");
    FAIL() << "expected io_error";
  } catch (const io_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot remove \"" + (dir / "none.toml").string() + "\": No such file or directory");
  }
}

}  // namespace
}  // namespace chronicle
