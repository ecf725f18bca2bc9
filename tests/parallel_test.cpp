// The one thread pool: every index once, per-thread state, and the exception of the lowest
// index rethrown after every thread has finished.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "chronicle/util/parallel.hpp"

namespace chronicle {
namespace {

/// A thread's own state: which thread made it, and how many items it was given.
struct worker_state {
  std::thread::id owner = std::this_thread::get_id();
  std::size_t items = 0;
};

TEST(parallel, runs_every_index_once_with_the_state_of_its_own_thread) {
  for (const std::size_t threads : std::vector<std::size_t>{0, 1, 2, 3, 8}) {
    constexpr std::size_t n = 10'000;
    std::vector<std::atomic<int>> runs(n);
    std::atomic<std::size_t> states{0};
    std::atomic<bool> foreign{false};
    parallel_for_each_worker(
        n, 7,
        [&] {
          ++states;
          return worker_state{};
        },
        [&](worker_state& s, std::size_t i) {
          if (s.owner != std::this_thread::get_id()) foreign = true;
          ++s.items;
          ++runs[i];
        },
        threads);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(runs[i], 1) << "index " << i;
    EXPECT_FALSE(foreign) << "a state was used on a thread other than the one that made it";
    EXPECT_GE(states, 1u);
    if (threads > 0) {
      EXPECT_LE(states, threads);
    }
  }
}

TEST(parallel, uses_no_more_threads_than_asked_or_than_there_are_chunks) {
  std::mutex m;
  std::set<std::thread::id> seen;
  parallel_for(
      1000, 1,
      [&](std::size_t) {
        std::lock_guard lock(m);
        seen.insert(std::this_thread::get_id());
      },
      2);
  EXPECT_LE(seen.size(), 2u);
  seen.clear();
  std::atomic<std::size_t> states{0};
  parallel_for_each_worker(
      10, 10, [&] { return ++states; },
      [&](std::size_t, std::size_t) {
        std::lock_guard lock(m);
        seen.insert(std::this_thread::get_id());
      },
      8);
  EXPECT_EQ(seen.size(), 1u) << "one chunk is one thread's work";
  EXPECT_EQ(states, 1u);
}

TEST(parallel, sets_nothing_up_when_there_is_no_work) {
  bool made = false;
  parallel_for_each_worker(
      0, 16,
      [&] {
        made = true;
        return 0;
      },
      [](int&, std::size_t) { FAIL() << "called with no items"; });
  EXPECT_FALSE(made);
}

TEST(parallel, rethrows_the_exception_of_the_lowest_index_after_every_lower_index_ran) {
  for (int round = 0; round < 20; ++round) {
    constexpr std::size_t n = 2000;
    std::vector<std::atomic<int>> runs(n);
    try {
      parallel_for(
          n, 3,
          [&](std::size_t i) {
            ++runs[i];
            if (i == 1500 || i == 301 || i == 1999) throw std::runtime_error(std::to_string(i));
          },
          4);
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "301");
    }
    for (std::size_t i = 0; i <= 301; ++i) ASSERT_EQ(runs[i], 1) << "index " << i;
  }
}

TEST(parallel, rethrows_a_failed_set_up) {
  std::atomic<int> made{0};
  EXPECT_THROW(parallel_for_each_worker(
                   100, 1,
                   [&]() -> int {
                     if (made++ == 0) throw std::length_error("no state");
                     return 0;
                   },
                   [](int&, std::size_t i) {
                     if (i == 50) throw std::runtime_error("item");
                   },
                   3),
               std::length_error);
}

}  // namespace
}  // namespace chronicle
