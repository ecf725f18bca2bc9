#pragma once
/// Internal: how `apply_plan` writes the journal (ops/undo.hpp), before and after it writes a
/// plan's files.

#include <filesystem>
#include <vector>

#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/undo.hpp"

namespace chronicle {

/// Records `plan` as the next entry of the journal of `dir`, not complete yet: the text of each
/// file before (as the plan read it, or as it is now for a file of `.chronicle/`) and after,
/// each new event at the name `apply_plan` will give it (the first free of ID, ID-2, …).
/// Written atomically, never over another entry. Also writes `.chronicle/README` when it is
/// missing or old. Throws `io_error`.
journal_entry record_intent(const change_plan& plan, const std::filesystem::path& dir);

/// Marks `entry` complete, with the paths `written` (the names new events took), and deletes the
/// entries older than the newest `k_journal_keep`. Throws `io_error`.
void record_complete(journal_entry& entry, const std::vector<applied_change>& written,
                     const std::filesystem::path& dir);

/// Deletes the entry of a plan of which nothing was written. Throws `io_error`.
void forget_intent(const journal_entry& entry);

}  // namespace chronicle
