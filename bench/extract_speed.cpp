// The speed of extract's temporal tagger (issue 14: at least 5 MB/s per core): find_dates over
// news texts repeated to a given size (10 MB by default), one text at a time as `chronicle
// extract` reads them, single-threaded; beside it, in the same run, the floors of reading the
// same bytes: counting lines (what `wc -l` does) and ICU's word breaker (find_words, which the
// tagger's work includes). Also propose_events, the whole of `extract` after the tagger.
//
//   build/release/bench/extract_speed [DIR] [MB]
//
// DIR: a folder of UTF-8 .txt files, searched recursively (default ../shared/extract-dev, from
// the checkout); the texts are read from there and never copied. Prints, per stage, the bytes,
// the CPU time of this thread and MB/s per core (MB = 10^6 bytes). Recorded in docs/EXTRACT.md.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "chronicle/extract/dates.hpp"
#include "chronicle/extract/proposals.hpp"
#include "chronicle/text/words.hpp"

namespace {

double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::vector<std::string> read_texts(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir))
    if (f.is_regular_file() && f.path().extension() == ".txt") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!s.str().empty()) out.push_back(s.str());
  }
  return out;
}

/// Runs `work` on every text, returns the CPU seconds; `sink` keeps the compiler honest.
double timed(const std::vector<std::string>& texts,
             const std::function<std::size_t(const std::string&)>& work, std::size_t& sink) {
  const double start = thread_seconds();
  for (const auto& t : texts) sink += work(t);
  return thread_seconds() - start;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : "../shared/extract-dev";
  const double mb = argc > 2 ? std::atof(argv[2]) : 10.0;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::fprintf(stderr, "extract_speed: %s is not a folder of texts\n", dir.c_str());
    return 2;
  }
  const auto one = read_texts(dir);
  if (one.empty()) {
    std::fprintf(stderr, "extract_speed: no .txt files in %s\n", dir.c_str());
    return 2;
  }
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  const auto target = static_cast<std::size_t>(mb * 1e6);
  while (bytes < target)
    for (const auto& t : one) {
      texts.push_back(t);
      bytes += t.size();
      if (bytes >= target) break;
    }
  const chronicle::document_date dct{2024, 2, 12};
  std::size_t sink = 0;
  // Load the dictionaries and ICU's data before anything is timed (a one-off of about 0.2 s).
  (void)chronicle::find_dates(one.front(), "ru", dct);
  (void)chronicle::propose_events(one.front(), "ru", dct);

  struct stage {
    const char* name;
    std::function<std::size_t(const std::string&)> work;
  };
  const std::vector<stage> stages = {
      {"count lines (wc -l)",
       [](const std::string& t) {
         return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n'));
       }},
      {"find_words (ICU word breaker)",
       [](const std::string& t) { return chronicle::find_words(t).size(); }},
      {"find_dates (the tagger)",
       [&](const std::string& t) { return chronicle::find_dates(t, "ru", dct).size(); }},
      {"propose_events (tagger + proposals)",
       [&](const std::string& t) { return chronicle::propose_events(t, "ru", dct).size(); }},
  };
  std::printf("%zu texts from %s, %zu bytes (%.1f MB), one thread\n", texts.size(), dir.c_str(),
              bytes, static_cast<double>(bytes) / 1e6);
  std::printf("%-38s %10s %12s\n", "stage", "CPU s", "MB/s/core");
  for (const auto& s : stages) {
    const double secs = timed(texts, s.work, sink);
    std::printf("%-38s %10.3f %12.1f\n", s.name, secs, static_cast<double>(bytes) / 1e6 / secs);
  }
  std::fprintf(stderr, "(%zu)\n", sink);
  return 0;
}
