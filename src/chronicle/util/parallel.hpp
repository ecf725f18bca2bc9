#pragma once
/// Running independent per-item work on every core.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace chronicle {

/// Calls `fn(i)` for every i in [0, n), on as many threads as there are cores (the calling
/// thread is one of them), in chunks of `chunk` indices taken in turn, so that a slow item does
/// not hold up one thread's whole share. `fn` must be safe to call concurrently for different
/// indices. When calls throw, a thread stops at its first exception and, once every thread has
/// finished, the exception of the lowest index is rethrown (chunks are taken in order, so every
/// lower index was run).
template <class Fn>
void parallel_for(std::size_t n, std::size_t chunk, Fn fn) {
  const std::size_t chunks = (n + chunk - 1) / chunk;
  const std::size_t threads =
      std::max<std::size_t>(1, std::min<std::size_t>(std::thread::hardware_concurrency(), chunks));
  struct failure {
    std::size_t index = 0;
    std::exception_ptr error;
  };
  std::vector<failure> failures(threads);
  std::atomic<std::size_t> next{0};
  const auto work = [&](std::size_t self) {
    std::size_t i = 0;
    try {
      for (std::size_t from; (from = next.fetch_add(chunk)) < n;)
        for (i = from; i < std::min(from + chunk, n); ++i) fn(i);
    } catch (...) {
      failures[self] = {i, std::current_exception()};
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  const failure* first = nullptr;
  for (const auto& f : failures)
    if (f.error && (!first || f.index < first->index)) first = &f;
  if (first) std::rethrow_exception(first->error);
}

}  // namespace chronicle
