#pragma once
/// A timeline: its settings and its events, in chronological order.

#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/event.hpp"

namespace chronicle {

/// The settings in `timeline.toml`.
struct timeline_info {
  localized_text name;
  std::string default_language = "en";
  std::string time_zone = "UTC";  ///< IANA zone in which all-day dates begin and end
  std::string uid_domain = "chronicle.invalid";
};

struct timeline {
  timeline_info info;
  std::vector<event> events;  ///< chronological after `sort_chronologically`
};

/// The span an event may cover, as instants, and how finely it is known.
struct event_span {
  date::sys_seconds earliest;
  date::sys_seconds latest;  ///< end of the last possible day or the end time
  int rank = 0;              ///< 0 timed, 1 day, 2 month, 3 year: finer sorts first
};

/// The zone of an IANA name ("Asia/Almaty"), or nullptr when the tz database has none by that
/// name (an empty name included).
const date::time_zone* find_time_zone(std::string_view name);

/// Where `e` lies in time; day dates begin at midnight in `zone`.
event_span span_of(const event& e, const date::time_zone& zone);

/// Sorts by earliest possible instant; for the same start, finer precision first, then the
/// shorter span, then id. Stable and total, so output is deterministic.
void sort_chronologically(timeline& t);

/// The event with exactly this id, or nullptr.
const event* find_event(const timeline& t, std::string_view id);

/// Checks what spans events: duplicate ids, relations to missing or the same event.
/// `unloaded_ids` are events that exist but failed to load: relations to them are not reported.
std::vector<diagnostic> check_relations(const timeline& t,
                                        const std::vector<std::string>& unloaded_ids = {});

/// The iCalendar UID of `e`: its imported UID, else `id@domain`.
std::string uid_of(const event& e, const timeline_info& info);

}  // namespace chronicle
