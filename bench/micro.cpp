// Micro-benchmarks of the hot paths of loading and exporting a big timeline (Google Benchmark).
// Run: build/perf/bench/chronicle_micro [--benchmark_filter=REGEX]. Inputs are the shipped
// timeline's events (events/), so the figures follow the real mix of fields.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/model/edtf.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/store/storage.hpp"

namespace {

const std::filesystem::path k_events = std::filesystem::path(CHRONICLE_SOURCE_DIR) / "events";

const chronicle::timeline& shipped() {
  static const auto loaded = chronicle::load_timeline(k_events);
  return loaded.timeline;
}

void edtf_parse(benchmark::State& state) {
  const std::vector<std::string> texts{
      "2024-02-08", "2024-03", "2024",        "2024-03-03/2024-03-06",
      "2024-02?",   "2023~",   "2024-02-08%", "2024-03/2024-05"};
  for (auto _ : state)
    for (const auto& t : texts) benchmark::DoNotOptimize(chronicle::parse_edtf(t));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(texts.size()));
}
BENCHMARK(edtf_parse);

/// Parsing and checking one event file's text (the per-file work of load_timeline).
void parse_event_file(benchmark::State& state) {
  const auto& t = shipped();
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : t.events)
    files.emplace_back(e.id, chronicle::read_file(k_events / (e.id + ".toml")));
  for (auto _ : state)
    for (const auto& [id, text] : files)
      benchmark::DoNotOptimize(chronicle::parse_event(text, id, id + ".toml", t.info));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(files.size()));
}
BENCHMARK(parse_event_file);

/// Reading one event file from disk (what the parallel loader overlaps with parsing).
void read_event_file(benchmark::State& state) {
  const auto path = k_events / (shipped().events.front().id + ".toml");
  for (auto _ : state) benchmark::DoNotOptimize(chronicle::read_file(path));
}
BENCHMARK(read_event_file);

/// One VEVENT: the calendar of a timeline holding a single event, minus the empty calendar.
void build_one_vevent(benchmark::State& state) {
  chronicle::timeline one;
  one.info = shipped().info;
  one.events.push_back(shipped().events.at(1));
  const chronicle::ics_options o{chronicle::coarse_policy::span, std::nullopt, ""};
  for (auto _ : state) benchmark::DoNotOptimize(chronicle::export_ics(one, o));
}
BENCHMARK(build_one_vevent);

/// Sorting: the shipped events repeated to state.range(0) events, with unique ids.
void sort_events(benchmark::State& state) {
  chronicle::timeline big;
  big.info = shipped().info;
  const auto n = static_cast<std::size_t>(state.range(0));
  while (big.events.size() < n)
    for (const auto& e : shipped().events) {
      if (big.events.size() == n) break;
      big.events.push_back(e);
      big.events.back().id += "-" + std::to_string(big.events.size());
    }
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = big;
    state.ResumeTiming();
    chronicle::sort_chronologically(copy);
    benchmark::DoNotOptimize(copy.events.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(sort_events)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

/// Relation lookups: find_event of every relation target in a 10,000-event timeline.
void find_relation_targets(benchmark::State& state) {
  chronicle::timeline big;
  big.info = shipped().info;
  for (int i = 0; i < 10000; ++i) {
    big.events.push_back(
        shipped().events.at(static_cast<std::size_t>(i) % shipped().events.size()));
    big.events.back().id = "ev-" + std::to_string(i);
  }
  for (auto _ : state)
    for (int i = 0; i < 10000; i += 7)
      benchmark::DoNotOptimize(chronicle::find_event(big, "ev-" + std::to_string(i)));
  state.SetItemsProcessed(state.iterations() * (10000 / 7 + 1));
}
BENCHMARK(find_relation_targets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
