#pragma once
/// A short fingerprint of a text, to tell whether it changed. Not for security.

#include <cstdint>
#include <string>
#include <string_view>

namespace chronicle {

/// The 64-bit FNV-1a hash of `text`: the same value on every machine and every run.
std::uint64_t fnv1a64(std::string_view text);

/// `fnv1a64(text)` as 16 lowercase hex digits.
std::string content_hash(std::string_view text);

}  // namespace chronicle
