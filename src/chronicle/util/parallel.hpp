#pragma once
/// Running independent per-item work on every core: the one thread pool of Chronicle (loading
/// event files, reading and writing calendars, naming imported events).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace chronicle {

/// Calls `fn(state, i)` for every i in [0, n), on `threads` threads (0: as many as there are
/// cores; never more than there are chunks; the calling thread is one of them), in chunks of
/// `chunk` indices taken in turn, so that a slow item does not hold up one thread's whole
/// share. Each thread first makes its own `state` with `make_state()` (a libical calendar, a
/// scratch buffer: what must not be shared between threads) and passes it to every call it
/// makes; nothing is set up when `n` is 0. `fn` must be safe to call concurrently for different
/// indices with different states.
///
/// When calls throw, a thread stops at its first exception and no thread takes a new chunk;
/// once every thread has finished, the exception of the lowest index is rethrown. Chunks are
/// taken in order and a chunk once taken is run to its end or its first exception, so every
/// index below the lowest failing one was run, and the exception rethrown is the same as when
/// every index is run. An exception from `make_state` ranks before those of the items (the
/// lowest thread's, when several fail).
template <class MakeState, class Fn>
void parallel_for_each_worker(std::size_t n, std::size_t chunk, MakeState make_state, Fn fn,
                              std::size_t threads = 0) {
  if (n == 0) return;
  chunk = std::max<std::size_t>(chunk, 1);
  const std::size_t chunks = (n - 1) / chunk + 1;
  const std::size_t wanted = threads ? threads : std::thread::hardware_concurrency();
  const std::size_t workers = std::max<std::size_t>(1, std::min(wanted, chunks));
  struct failure {
    bool in_set_up = false;
    std::size_t index = 0;
    std::exception_ptr error;
  };
  std::vector<failure> failures(workers);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  const auto work = [&](std::size_t self) {
    auto& f = failures[self];
    try {
      f.in_set_up = true;
      auto state = make_state();
      f.in_set_up = false;
      for (std::size_t from; !stop.load() && (from = next.fetch_add(chunk)) < n;)
        for (f.index = from; f.index < std::min(from + chunk, n); ++f.index) fn(state, f.index);
    } catch (...) {
      f.error = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (std::size_t t = 1; t < workers; ++t) {
    try {
      pool.emplace_back(work, t);
    } catch (const std::system_error&) {
      break;  // no thread to be had: the threads running take the chunks left
    }
  }
  work(0);
  for (auto& t : pool) t.join();
  const failure* first = nullptr;
  for (const auto& f : failures) {
    if (!f.error) continue;
    const bool earlier =
        !first || (f.in_set_up && !first->in_set_up) ||
        (f.in_set_up == first->in_set_up && !f.in_set_up && f.index < first->index);
    if (earlier) first = &f;
  }
  if (first) std::rethrow_exception(first->error);
}

/// `parallel_for_each_worker` for work that needs no per-thread state: calls `fn(i)`.
template <class Fn>
void parallel_for(std::size_t n, std::size_t chunk, Fn fn, std::size_t threads = 0) {
  struct no_state {};
  parallel_for_each_worker(
      n, chunk, [] { return no_state{}; }, [&fn](no_state&, std::size_t i) { fn(i); }, threads);
}

}  // namespace chronicle
