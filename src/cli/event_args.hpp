#pragma once
/// What the commands that change or show one event share: resolving an id argument, loading
/// the timeline for a change, and showing an event as `list` does.

#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "command.hpp"

namespace chronicle::cli {

/// The full id that `text` (an id, a unique prefix of one, or a unique part of a title of an
/// event of `t`) names among `ids` (`resolve_event`). Throws `usage_error` naming `option` when
/// it names none (saying so when `text` cannot be an id, such as "../x"), when it names a file
/// whose name is not a valid id, or listing the candidates when it names several.
std::string resolve_event_arg(const chronicle::timeline& t, const std::vector<std::string>& ids,
                              std::string_view text, const context& ctx,
                              std::string_view option = "");

/// Loads the timeline in `ctx.events_dir` to be changed (`chronicle::load_for_change`).
/// Returns nothing, after printing the problems, when `timeline.toml` itself has errors.
std::optional<change_base> load_for_change(const context& ctx);

/// Prints each diagnostic to stderr.
void print_diagnostics(const std::vector<diagnostic>& ds);

/// `e` (a member of `t`) as `chronicle list` shows it, without the timeline's name.
std::string list_entry(const chronicle::timeline& t, const event& e, const context& ctx);

}  // namespace chronicle::cli
