// Fuzzes the EDTF parser: any text gives a value or an error, never a crash; a value's canonical
// text reads back to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chronicle/model/edtf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& parsed : {chronicle::parse_edtf(text), chronicle::parse_edtf_point(text)}) {
    if (!parsed.value) {
      if (parsed.offset > size) __builtin_trap();  // an error points inside the text
      continue;
    }
    const auto& d = *parsed.value;
    (void)d.first_day();
    (void)d.last_day();
    const auto again = chronicle::parse_edtf(chronicle::to_edtf(d));
    if (!again.value || !(*again.value == d)) __builtin_trap();
  }
  return 0;
}
