#pragma once
/// Line differences between two versions of a file, shown as a unified diff.

#include <string>
#include <string_view>

namespace chronicle {

/// The changes from `before` to `after` in unified diff format (`--- name`, `+++ name`, `@@`
/// hunks with `context` unchanged lines around each change), or empty when they are equal.
/// `before_name` may be "/dev/null" for a new file, `after_name` for a removed one.
std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_name, std::string_view after_name,
                         int context = 3);

}  // namespace chronicle
