#pragma once
/// `chronicle remove` as a use case: an event file deleted, refused while other events relate
/// to it unless forced, which also drops those relations (in place, keeping the other files'
/// layout); a tombstone of the event kept in `.chronicle/removed/`, so that exports cancel it.

#include <filesystem>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/result.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "chronicle/store/lookup.hpp"

namespace chronicle {

struct remove_request {
  std::string id;         ///< an id, or a unique start of one
  bool force = false;     ///< remove it even when other events relate to it, dropping the relations
  date::sys_seconds now;  ///< last_modified of the tombstone and of the events whose relations drop
};

/// A planned removal.
struct remove_plan {
  /// The events that relate to it, changed first (each a new revision without the relations),
  /// then the event's file deleted; empty while there are errors. Its `derived` part keeps the
  /// event's tombstone (`tombstone_file`, store/tombstones.hpp): the file as it was, with
  /// `revision` one higher and `last_modified` the removal time, written over an older
  /// tombstone of the same id; with `.chronicle/README` when the folder needs it.
  change_plan plan;
  std::string id;
  std::filesystem::path path;
  /// Where the tombstone is kept; empty when the event's file is not TOML (it leaves none).
  std::filesystem::path tombstone;
  std::vector<referrer> referrers;  ///< the events that relate to it, and how
  bool unreadable_files = false;    ///< some event files are not TOML: their relations unknown
};

/// Plans the removal `request` asks for in `base`. Fails without a value, naming "id" in the
/// diagnostic's `file`, when the id names no single event. With a value beside errors, it is
/// refused for the data: files that are not TOML, whose relations cannot be known
/// (`unreadable_files`, their problems as the diagnostics), or, without `force`, other events
/// that relate to it (`referrers`, and an error naming them). Throws `io_error`.
result<remove_plan> plan_remove(const change_base& base, const remove_request& request);

}  // namespace chronicle
