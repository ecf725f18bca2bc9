// Fuzzes the temporal tagger of `chronicle extract`: any bytes, in Russian or English, with or
// without a document date, give date expressions inside the text, in order, not overlapping,
// each with its own bytes and a value, and JSON that reads back. Never a crash or a hang.
// The first byte chooses the language (bit 0) and whether a document date is given (bit 1).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chronicle/extract/dates.hpp"

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
  return 0;
}
