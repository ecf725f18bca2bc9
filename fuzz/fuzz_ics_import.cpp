// Fuzzes the iCalendar importer: parse_ics, then plan_import into an empty timeline, then the
// export of what would be added. Never a crash, a leak or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/ops/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chronicle::timeline existing;
  existing.info.time_zone = "Europe/Moscow";
  auto imported = chronicle::parse_ics(text, "fuzz.ics", existing.info);
  for (const auto& d : imported.diagnostics) (void)chronicle::to_string(d);
  auto plan = chronicle::plan_import(existing, std::move(imported.events), {"fuzz"});
  chronicle::timeline added;
  added.info = existing.info;
  added.events = std::move(plan.added);
  if (chronicle::has_errors(chronicle::check_relations(added))) return 0;
  chronicle::sort_chronologically(added);
  (void)chronicle::export_ics(added, {});
  return 0;
}
