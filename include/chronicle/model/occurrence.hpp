#pragma once
/// Occurrences of recurring events: which occurrence an expanded copy is, and a recurrence read
/// into parts that can be put in words (`chronicle show`).

#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

namespace chronicle {

/// Set on each copy of a recurring event that stands for one of its occurrences.
struct occurrence_ref {
  /// The start the recurrence gave this occurrence (its RECURRENCE-ID), in the event's zone;
  /// midnight for all-day events. With the event's id it names the occurrence.
  date::local_seconds recurrence_id;
  bool changed = false;  ///< a changed occurrence (RECURRENCE-ID) moved, retitled or cancelled it
  friend bool operator==(const occurrence_ref&, const occurrence_ref&) = default;
};

enum class frequency { secondly, minutely, hourly, daily, weekly, monthly, yearly };

/// A BYDAY entry: a weekday, with an ordinal in the month or year (2 = second, -1 = last, 0 =
/// every).
struct weekday_rule {
  int ordinal = 0;
  date::weekday day;
  friend bool operator==(const weekday_rule&, const weekday_rule&) = default;
};

/// An RRULE in parts (RFC 5545 3.3.10).
struct rule_parts {
  frequency freq = frequency::daily;
  int interval = 1;
  std::vector<weekday_rule> by_day;
  std::vector<int> by_month_day;
  std::vector<unsigned> by_month;
  bool other_parts = false;                  ///< BYSETPOS, BYYEARDAY, BYWEEKNO, BYHOUR, …
  std::optional<date::local_seconds> until;  ///< the last possible start, in the event's zone
  std::optional<int> count;
  std::string text;  ///< the RRULE as written
};

/// One changed occurrence (a VEVENT with the event's UID and a RECURRENCE-ID).
struct occurrence_change {
  date::local_seconds recurrence_id;         ///< in the event's zone
  std::optional<date::local_seconds> start;  ///< the new start, in the event's zone, when moved
  std::string title;                         ///< the new title, when it changed
  bool cancelled = false;                    ///< STATUS:CANCELLED
  bool this_and_future = false;              ///< RANGE=THISANDFUTURE: this and every later one
};

/// What a recurring event's recurrence says, read into parts.
struct recurrence_summary {
  bool all_day = false;
  std::optional<rule_parts> rule;            ///< absent without RRULE (or one that cannot be read)
  std::vector<date::local_seconds> added;    ///< RDATE starts, in the event's zone
  std::vector<date::local_seconds> removed;  ///< EXDATE starts, in the event's zone
  std::vector<occurrence_change> changes;    ///< by RECURRENCE-ID
};

}  // namespace chronicle
