#pragma once
/// Occurrences of recurring events (RRULE, RDATE, EXDATE), expanded by libical.

#include <cstddef>
#include <optional>
#include <vector>

#include <date/date.h>

#include "chronicle/model/diagnostic.hpp"
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

/// `t` with each recurring event replaced by its occurrences within the limits (each a copy of
/// the event on its own date), in chronological order. A note (warning) says when an event had
/// more occurrences than were shown.
timeline expand_recurrences(const timeline& t, const expansion_limits& limits,
                            std::vector<diagnostic>& notes);

}  // namespace chronicle
