#include "chronicle/util/content_hash.hpp"

#include <fmt/format.h>

namespace chronicle {

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string content_hash(std::string_view text) {
  return fmt::format("{:016x}", fnv1a64(text));
}

}  // namespace chronicle
