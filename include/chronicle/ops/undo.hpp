#pragma once
/// The journal of changes, and `chronicle undo`: what every applied plan changed, file by file,
/// kept in the timeline's `.chronicle/journal/` (docs/FORMAT.md), and the plan that reverts the
/// newest change not undone yet.
///
/// `apply_plan` writes the journal (change_plan.hpp): one entry per plan, written atomically
/// before the first file changes (the intent) and marked complete once every file is written.
/// So an entry may describe a change that stopped half-way; undo handles it the same way: each
/// file that holds the text the change wrote is reverted, each that still holds the text from
/// before is left, and any other text stops the undo before anything is written.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/result.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace chronicle {

/// How many entries the journal keeps: writing the next one deletes the oldest beyond these.
inline constexpr std::size_t k_journal_keep = 100;

/// The folder of the journal of timeline folder `dir`: `dir/.chronicle/journal`.
std::filesystem::path journal_folder(const std::filesystem::path& dir);

/// One file a recorded change wrote: its whole text before, to write back, and the
/// fingerprint (`content_hash`) of the text it wrote, to tell whether the file still holds it;
/// nothing for no file. Only the fingerprint is kept of the text after, so that an import into
/// a new timeline makes a small entry.
struct journal_file {
  change_kind kind = change_kind::create;
  /// Relative to the timeline folder: `x.toml`, `timeline.toml`, `.chronicle/removed/x.toml`.
  std::filesystem::path path;
  std::optional<std::string> before;
  std::optional<std::string> after_hash;

  friend bool operator==(const journal_file&, const journal_file&) = default;
};

/// One change, as the journal holds it.
struct journal_entry {
  std::uint64_t number = 0;  ///< 1, 2, …: one higher than the newest entry when it was written
  journal_note note;         ///< the command, summary, time (UTC) and what it undoes
  /// False when the command stopped before it had written every file (a crash, a full disk):
  /// some files may still hold their text from before.
  bool complete = false;
  std::vector<journal_file> files;    ///< event files and `timeline.toml`, in the order written
  std::vector<journal_file> derived;  ///< files of `.chronicle/` (import bases, tombstones)
  std::filesystem::path file;         ///< the entry's own file (`.chronicle/journal/N.json`)
};

/// Reads the journal of timeline folder `dir`, newest entry first; empty when there is none.
/// An entry that is not one (not JSON, a field missing or of the wrong kind, a path outside the
/// timeline) is an error diagnostic naming its file and what was expected; the value still
/// holds the entries that read. Throws `io_error` when the folder or a file cannot be read.
result<std::vector<journal_entry>> read_journal(const std::filesystem::path& dir);

/// The entry `undo` reverts among `entries` (newest first): the newest one that is not itself an
/// undo and that no complete undo reverted yet. Each undo so steps one change further back;
/// undoing an undo (a redo) is not offered. An undo stopped half-way (not complete) leaves its
/// change to be undone again: the files it reverted then hold their text from before and are
/// left, the others are reverted. Nothing when every change is undone.
const journal_entry* next_to_undo(const std::vector<journal_entry>& entries);

/// The numbers of the entries reverted, with the number of the (complete) undo that reverted
/// each.
std::vector<std::pair<std::uint64_t, std::uint64_t>> undone_by(
    const std::vector<journal_entry>& entries);

/// A planned undo.
struct undo_plan {
  journal_entry entry;  ///< the change reverted
  /// The files written back, in the reverse of the order the change wrote them, noted as the
  /// command "undo" of `entry.number`; `apply_plan` checks and writes it (and records it).
  change_plan plan;
  /// Files that already hold their text from before the change (it stopped before writing
  /// them, or someone put them back): left as they are.
  std::vector<std::filesystem::path> unchanged;
};

/// Plans reverting the newest change of timeline folder `dir` not undone yet (`next_to_undo`);
/// the value is nothing when there is none. Fails, with an error naming the file, when an entry
/// of the journal cannot be read, or when a file the change wrote holds neither the text it
/// wrote nor the text from before (changed since by something else: a hand edit, another
/// command that did not record it): nothing is planned then. Files of `.chronicle/` are put
/// back only while they still hold what the change wrote (a later publish or pull recorded
/// newer state, which stays). `now` is the undo's time. Throws `io_error` when a file cannot be
/// read.
result<std::optional<undo_plan>> plan_undo(const std::filesystem::path& dir, date::sys_seconds now);

}  // namespace chronicle
