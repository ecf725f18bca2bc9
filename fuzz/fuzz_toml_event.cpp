// Fuzzes the TOML loader: the same text as timeline.toml and as an event file. Never a crash;
// an event without errors is written back by to_toml and reads back to an equal event.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/store/storage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<chronicle::diagnostic> diagnostics;
  (void)chronicle::parse_timeline_info(text, "timeline.toml", diagnostics);
  for (const auto& d : diagnostics) (void)chronicle::to_string(d);

  chronicle::timeline_info info;
  info.time_zone = "America/New_York";
  const auto parsed = chronicle::parse_event(text, "fuzz-event", "fuzz-event.toml", info);
  for (const auto& d : parsed.diagnostics) (void)chronicle::to_string(d);
  if (!parsed.event || chronicle::has_errors(parsed.diagnostics)) return 0;
  const auto written = chronicle::to_toml(*parsed.event, info.default_language);
  const auto again = chronicle::parse_event(written, "fuzz-event", "again.toml", info);
  if (!again.event || chronicle::has_errors(again.diagnostics)) __builtin_trap();
  return 0;
}
