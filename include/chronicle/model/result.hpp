#pragma once
/// The one shape of a fallible library function: a value, or the diagnostics that explain why
/// there is none (and warnings beside a value). I/O failures are not results: they throw
/// `io_error` with the path and the system's reason, and `main` turns that into exit 3.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chronicle/model/diagnostic.hpp"

namespace chronicle {

/// A value of `T`, or why there is none. `diagnostics` holds every problem found, warnings
/// included, in the order they were found. Where a function documents it, `value` is also set
/// beside errors (a partial result, such as an event whose relations can still be checked);
/// `ok()` is the test for "use it as valid".
template <class T>
struct [[nodiscard]] result {
  std::optional<T> value;
  std::vector<diagnostic> diagnostics;

  result() = default;
  result(T v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor): return v;
  result(std::optional<T> v, std::vector<diagnostic> ds)
      : value(std::move(v)), diagnostics(std::move(ds)) {}

  /// A result without a value, holding one error.
  static result failure(diagnostic d) { return result(std::nullopt, {std::move(d)}); }
  /// A result without a value, holding `ds` (which should contain an error).
  static result failure(std::vector<diagnostic> ds) { return result(std::nullopt, std::move(ds)); }

  /// True when there is a value and no error.
  bool ok() const { return value.has_value() && !has_errors(diagnostics); }
  explicit operator bool() const { return ok(); }

  T& operator*() & { return *value; }
  const T& operator*() const& { return *value; }
  T&& operator*() && { return std::move(*value); }
  T* operator->() { return &*value; }
  const T* operator->() const { return &*value; }
};

/// The result of a fallible function with nothing to return but its diagnostics.
struct [[nodiscard]] status_result {
  std::vector<diagnostic> diagnostics;
  bool ok() const { return !has_errors(diagnostics); }
  explicit operator bool() const { return ok(); }
};

/// An error diagnostic with no position, for problems that are not in a file (an option's
/// value, a key given on the command line).
inline diagnostic error_at(std::string file, std::string message) {
  return {std::move(file), 0, 0, severity::error, std::move(message)};
}

}  // namespace chronicle
