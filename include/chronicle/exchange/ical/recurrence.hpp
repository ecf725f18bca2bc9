#pragma once
/// Occurrences of recurring events (RRULE, RDATE, EXDATE and changed occurrences), expanded
/// with libical's rule iterator, and recurrences read into parts for putting them in words.

#include <cstddef>
#include <optional>
#include <vector>

#include <date/date.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/occurrence.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// Bounds on an expansion. Without `to`, each event shows at most `open_ended_limit`
/// occurrences; in any case at most `limit`, and libical is stepped at most `max_steps` times
/// per event (FREQ=SECONDLY over years stays bounded).
struct expansion_limits {
  std::optional<date::sys_days> from;
  std::optional<date::sys_days> to;
  std::size_t limit = 10'000;
  std::size_t open_ended_limit = 20;
  std::size_t max_steps = 1'000'000;
};

/// True when `e` has occurrences to expand: a recurrence, or changed occurrences.
bool is_recurring(const event& e);

/// The occurrences of `e` that overlap the days `limits.from`..`limits.to`, in chronological
/// order, each a copy of `e` with its own date, time, title, description, place and status and
/// with `occurrence` set. The recurrence set is RFC 5545's (3.8.5): the event's start, the
/// rule's starts (an UNTIL in UTC or as a DATE is read in the event's zone, 3.3.10), the `also`
/// starts (days, times, and periods with their own length), less the `except` starts (a day
/// removes that day's occurrence). A changed occurrence replaces the occurrence it names: its
/// start, end, title, description, location and status where it gives them; with
/// `and_following` (RANGE=THISANDFUTURE) its time shift and properties also apply to every later
/// occurrence that has no change of its own. One that names no occurrence is shown at its own
/// start, as other calendar programs do. A cancelled occurrence stays, with status cancelled.
/// An event without recurrence gives itself. Warnings in `notes`: a rule that cannot be read,
/// more occurrences than the limits let through.
std::vector<event> occurrences_of(const event& e, const expansion_limits& limits,
                                  std::vector<diagnostic>& notes);

/// `t` with each recurring event replaced by its `occurrences_of` within the limits, in
/// chronological order.
timeline expand_recurrences(const timeline& t, const expansion_limits& limits,
                            std::vector<diagnostic>& notes);

/// What the recurrence of `e` says, in parts (see occurrence.hpp); times are in the event's
/// zone. Parts that cannot be read are left out.
recurrence_summary summarize_recurrence(const event& e);

}  // namespace chronicle
