#include "chronicle/model/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace chronicle {

std::string to_string(const diagnostic& d) {
  std::string out = d.file;
  if (d.line > 0) {
    out += fmt::format(":{}", d.line);
    if (d.column > 0) out += fmt::format(":{}", d.column);
  }
  if (!out.empty()) out += ": ";
  out += d.severity == severity::error ? "error: " : "warning: ";
  out += d.message;
  return out;
}

bool has_errors(const std::vector<diagnostic>& ds) {
  return std::any_of(ds.begin(), ds.end(),
                     [](const diagnostic& d) { return d.severity == severity::error; });
}

}  // namespace chronicle
