#pragma once
/// The two C libraries behind `serve`'s wall (internal): zlib for gzip and OpenSSL's libcrypto
/// for SHA-256. No other file includes them.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace chronicle::serve_detail {

/// `bytes` as a gzip member (RFC 1952) at zlib's default level, with no file name and a zero
/// modification time, so equal input gives equal output. Throws std::bad_alloc when zlib runs
/// out of memory.
std::string gzip(std::string_view bytes);

/// The SHA-256 digest of `bytes`.
std::array<std::uint8_t, 32> sha256(std::string_view bytes);

}  // namespace chronicle::serve_detail
