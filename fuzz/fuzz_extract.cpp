// Fuzzes `chronicle extract`: any bytes, in Russian or English, with or without a document
// date, give date expressions inside the text, in order, not overlapping, each with its own bytes
// and a value; proposals whose evidence lies inside the text; JSON that reads back; and event
// files (`--format toml`) that, when they pass the validator, load again. Never a crash or a hang.
// The first byte chooses the language (bit 0) and whether a document date is given (bit 1).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chronicle/extract/dates.hpp"
#include "chronicle/extract/proposals.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/model/validate.hpp"
#include "chronicle/store/storage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view language = (data[0] & 1) != 0 ? "en" : "ru";
  chronicle::document_date document;
  if ((data[0] & 2) != 0)
    document = {2024, 2u, 9u};
  else if (const auto own = chronicle::find_document_date(text, language))
    document = *own;
  const auto dates = chronicle::find_dates(text, language, document);
  std::size_t last_end = 0;
  for (const auto& d : dates) {
    if (d.begin < last_end || d.begin >= d.end || d.end > text.size()) __builtin_trap();
    if (d.text != text.substr(d.begin, d.end - d.begin)) __builtin_trap();
    if (d.value.empty()) __builtin_trap();
    last_end = d.end;
  }
  const auto json =
      nlohmann::json::parse(chronicle::dates_to_json(document, dates), nullptr, false);
  if (json.is_discarded() || json["dates"].size() != dates.size()) __builtin_trap();

  const auto proposals = chronicle::propose_events(text, language, document);
  for (const auto& p : proposals) {
    if (p.evidence.empty() || p.date.empty()) __builtin_trap();
    for (const auto& e : p.evidence) {
      if (e.begin > e.date_begin || e.date_begin >= e.date_end || e.date_end > e.end ||
          e.end > text.size())
        __builtin_trap();
      if (e.date_text != text.substr(e.date_begin, e.date_end - e.date_begin)) __builtin_trap();
    }
    std::string why;
    auto event = chronicle::proposal_to_event(p, language, document, "fuzz", &why);
    if (!event) continue;
    event->id = chronicle::derive_event_id(*event, language);
    const chronicle::timeline_info info{
        {{std::string(language), "t"}}, std::string(language), "UTC", "fuzz.invalid"};
    if (!chronicle::validate(*event, info).empty()) continue;  // extract skips it, saying why
    const auto toml = chronicle::to_toml(*event, std::string(language));
    const auto again = chronicle::parse_event(toml, event->id, event->id + ".toml", info);
    if (chronicle::has_errors(again.diagnostics)) __builtin_trap();
  }
  const auto all =
      nlohmann::json::parse(chronicle::extract_to_json(document, dates, proposals), nullptr, false);
  if (all.is_discarded() || all["proposals"].size() != proposals.size()) __builtin_trap();
  return 0;
}
