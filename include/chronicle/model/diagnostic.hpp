#pragma once
/// Recoverable problems as values: what went wrong, and where.

#include <stdexcept>
#include <string>
#include <vector>

namespace chronicle {

enum class severity { warning, error };

/// One problem found in the user's data, with its position (1-based; 0 when unknown).
struct diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  chronicle::severity severity = severity::error;
  std::string message;

  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

/// Formats `d` as `file:line:col: severity: message`, omitting unknown parts.
std::string to_string(const diagnostic& d);

/// True when any of `ds` is an error (warnings alone do not fail a command).
bool has_errors(const std::vector<diagnostic>& ds);

/// Thrown for I/O failures only (unreadable folder, failed write); data problems are diagnostics.
struct io_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace chronicle
