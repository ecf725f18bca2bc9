#pragma once
/// The timeline's one folder of derived state, `.chronicle/` (docs/FORMAT.md): its name, and
/// the README every command that writes into it puts there, naming each part and what
/// deleting it costs.

#include <string_view>

namespace chronicle {

inline constexpr std::string_view k_derived_folder = ".chronicle";

/// The text of `.chronicle/README`: one text for every part, whichever command writes first.
std::string_view derived_folder_readme();

}  // namespace chronicle
