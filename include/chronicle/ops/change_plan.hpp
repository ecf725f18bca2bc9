#pragma once
/// Change plans: what a use case (add, edit, remove, import) would do to a timeline folder,
/// computed without writing anything, shown as a diff for --dry-run, and written by `apply_plan`.
///
/// Every use case works in two steps: a `plan_*` function reads and decides (returning a
/// `result` holding the plan and its warnings, or the problems that stop it), then `apply_plan`
/// writes. Between the two, nothing is written; `apply_plan` refuses to write over a file that
/// changed since the plan read it.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

enum class change_kind { create, replace, remove };

/// One file a plan creates, replaces or deletes.
struct file_change {
  change_kind kind = change_kind::create;
  /// The event's id; for `create`, the id wished for (a clash at write time adds -2, -3, …).
  /// Empty for the timeline's settings, `timeline.toml`, which only a new timeline creates.
  std::string id;
  std::filesystem::path path;  ///< the timeline folder / the file's name, as messages show it
  std::string text;            ///< the new text (create, replace)
  std::string original;        ///< the file's text the plan was computed from (replace, remove)

  friend bool operator==(const file_change&, const file_change&) = default;
};

/// What the journal (`.chronicle/journal/`, ops/undo.hpp) records about a plan beside its files:
/// which command made it, in one line what it does, and when.
struct journal_note {
  std::string command;  ///< "add", "edit", "remove", "import", "init", "pull", "undo"
  /// What, in one line, after the command's name: "2024-03-pdac-visit" (add), "cal.ics: 3 new,
  /// 2 changed" (import); `log` shows "add 2024-03-pdac-visit".
  std::string summary;
  date::sys_seconds time{};
  /// For an undo: the number of the journal entry it reverts; 0 otherwise.
  std::uint64_t undoes = 0;

  friend bool operator==(const journal_note&, const journal_note&) = default;
};

/// The files a use case changes, in the order `apply_plan` writes them: an order that leaves the
/// timeline consistent if the writing stops half-way (`remove` changes the events that relate
/// to an event before it deletes it; a new timeline's settings come before its events).
struct change_plan {
  std::vector<file_change> changes;
  /// Files of the timeline's hidden folder for derived state, `.chronicle/` (see
  /// docs/FORMAT.md): what an import records as the calendar's versions. Written after
  /// `changes`, each atomically, at its `path` (which must lie in `.chronicle/`); a `replace`
  /// is checked like an event file, a `create` writes over whatever is there (the folder holds
  /// nothing a user wrote). Not part of `to_diff`, nor of what `apply_plan` returns.
  std::vector<file_change> derived;
  /// Recorded in the journal by `apply_plan` (every plan that changes a file is; a plan made
  /// without a note is recorded as the command "change").
  journal_note note;

  bool empty() const { return changes.empty(); }
};

/// A file `apply_plan` wrote or deleted.
struct applied_change {
  change_kind kind = change_kind::create;
  std::string id;              ///< the id written: for `create`, with its -2, -3, … if it clashed
  std::filesystem::path path;  ///< the file written or deleted

  friend bool operator==(const applied_change&, const applied_change&) = default;
};

/// Writes `plan` into the timeline folder `dir` through the event-files layer: each file
/// atomically, new events never over another file (a clash takes the next free -2, -3, …),
/// nothing outside `dir`. Every new text is first written beside its file under a temporary
/// name and all are made durable together (`store/atomic_batch.hpp`); then the files are put
/// in place one by one, in plan order, a rename each, and the folders flushed once. Before anything
/// is written, and again just before each replace or delete, every file the plan read must still
/// hold exactly the text it was computed from (and a file the plan creates as `timeline.toml` must
/// still not exist); otherwise `io_error`
/// (`"events/x.toml" changed since it was read; nothing written, run the command again`), so
/// that two commands changing one file at the same moment never lose either change silently.
/// Returns what was written, in plan order. Throws `io_error` for every I/O failure; the
/// changes written before it stay written (the plan's order keeps the timeline consistent).
///
/// A plan with `changes` is recorded in the timeline's journal (ops/undo.hpp): after the checks
/// and before the first write, an entry with the note and the text of every file before and
/// after (the intent, written atomically), marked complete with the paths written once all is
/// written; so `undo` can revert it, even after a crash half-way. The journal keeps the newest
/// `k_journal_keep` entries. A plan with only `derived` files (what publish records) is not
/// recorded.
std::vector<applied_change> apply_plan(const change_plan& plan, const std::filesystem::path& dir);

/// Puts `.chronicle/README`, the text saying what that folder holds and what deleting each part
/// costs, first in `plan.derived` when the plan writes derived state and the timeline folder
/// `dir` has no README with that text (none yet, or one written by an older Chronicle).
/// Throws `io_error` when the README there cannot be read.
void add_derived_readme(change_plan& plan, const std::filesystem::path& dir);

/// The plan as a unified diff, file after file: a new file as a diff from /dev/null, a deleted
/// one as a diff to /dev/null, a replaced one from `a/PATH` to `b/PATH`.
std::string to_diff(const change_plan& plan);

/// A timeline read to be changed: its settings must be valid; events with errors are left out
/// (as loading does) but their ids are still known, so that nothing new takes their names and
/// relations to them are not lost.
struct change_base {
  std::filesystem::path dir;            ///< the timeline folder
  chronicle::timeline timeline;         ///< the events that loaded, sorted
  std::vector<std::string> ids;         ///< every event file's id, loadable or not
  std::vector<diagnostic> diagnostics;  ///< everything loading reported
};

/// Loads the timeline in `dir` to be changed. Fails, with the problems of `timeline.toml`, when
/// the settings have errors (the other diagnostics are in the value's `diagnostics`). Throws
/// `io_error` when the folder or a file cannot be read.
result<change_base> load_for_change(const std::filesystem::path& dir);

}  // namespace chronicle
