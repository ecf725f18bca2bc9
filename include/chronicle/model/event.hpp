#pragma once
/// The event: a plain, copyable value describing one dated happening.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <date/date.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/model/occurrence.hpp"

namespace chronicle {

/// Text in several languages, keyed by BCP 47 tag ("en", "ru").
using localized_text = std::map<std::string, std::string, std::less<>>;

/// The text in `lang`, else in `fallback`, else any; nullptr when `text` is empty.
const std::string* pick(const localized_text& text, std::string_view lang,
                        std::string_view fallback = "en");

/// A 1-based position in an event file.
struct source_pos {
  int line = 0;
  int column = 0;
  friend bool operator==(const source_pos&, const source_pos&) = default;
};

struct place {
  std::string name;
  std::string city;
  std::string country;  ///< ISO 3166-1 alpha-2, upper case
  std::optional<double> latitude;
  std::optional<double> longitude;
  friend bool operator==(const place&, const place&) = default;
};

struct participant {
  std::string name;
  std::string role;
  std::string country;
  friend bool operator==(const participant&, const participant&) = default;
};

enum class status { confirmed, tentative, planned, cancelled };

/// Parses "confirmed", "tentative", "planned" or "cancelled".
std::optional<status> parse_status(std::string_view text);
std::string_view to_string(status s);

/// Where a fact comes from.
struct source_ref {
  std::string url;
  std::string publisher;
  std::string title;
  std::string language;
  std::string published;  ///< EDTF date of publication, when known
  friend bool operator==(const source_ref&, const source_ref&) = default;
};

enum class relation_kind { follows, part_of, related };

std::string_view to_string(relation_kind k);

/// A link from the event that holds it to the event `target`.
struct relation {
  relation_kind kind = relation_kind::related;
  std::string target;
  source_pos pos;  ///< where the target id is written, for diagnostics
  friend bool operator==(const relation& a, const relation& b) {
    return a.kind == b.kind && a.target == b.target;
  }
};

/// A local clock time in an IANA zone, with an optional end in the same zone.
struct event_time {
  date::local_seconds start;
  std::optional<date::local_seconds> end;
  std::string tz;  ///< IANA name, e.g. "America/New_York"
  friend bool operator==(const event_time&, const event_time&) = default;
};

/// A start that a recurrence adds (RDATE) or takes out (EXDATE): a day for an all-day event
/// (or a day taken out of a timed one), else a local time in the event's zone. An added start
/// may last a time of its own (RDATE;VALUE=PERIOD), given by its end. Written in event files as
/// "2024-02-26", "2024-02-26T10:00" or "2024-03-01T10:00/2024-03-01T12:00".
struct recurrence_date {
  date::local_seconds start;
  bool all_day = false;
  std::optional<date::local_seconds> end;
  friend bool operator==(const recurrence_date&, const recurrence_date&) = default;
};

/// A local date-time as event files write it: "2024-02-08T10:00" or "2024-02-08T10:00:30";
/// nothing else (no zone, no fraction).
std::optional<date::local_seconds> parse_local_time(std::string_view text);
/// `t` as "2024-02-08T10:00", with ":SS" only when there are seconds.
std::string format_local_time(date::local_seconds t);

/// A `recurrence_date` as event files write it ("2024-02-26", "2024-02-26T10:00",
/// "2024-03-01T10:00/2024-03-01T12:00"); nothing for anything else.
std::optional<recurrence_date> parse_recurrence_date(std::string_view text);
std::string to_string(const recurrence_date& d);

/// How an event repeats: an iCalendar RRULE (RFC 5545 3.3.10, kept as written, e.g.
/// "FREQ=WEEKLY;BYDAY=MO;UNTIL=20240325T070000Z"), starts added and starts taken out.
struct recurrence {
  std::string rule;                     ///< `repeat` in event files
  std::vector<recurrence_date> also;    ///< RDATE
  std::vector<recurrence_date> except;  ///< EXDATE
  bool empty() const { return rule.empty() && also.empty() && except.empty(); }
  friend bool operator==(const recurrence&, const recurrence&) = default;
};

/// One changed occurrence of a recurring event (iCalendar: a VEVENT with the event's UID and a
/// RECURRENCE-ID): which occurrence, and what is different about it. What it does not give is
/// the event's own.
struct changed_occurrence {
  /// The occurrence's start as the recurrence gives it (a day for an all-day RECURRENCE-ID), in
  /// the event's zone; `end` unused.
  recurrence_date occurrence;
  bool and_following = false;  ///< RANGE=THISANDFUTURE: also every later occurrence
  /// The new start and end; local times in `tz` when it is set, else in the event's zone.
  std::optional<date::local_seconds> start;
  std::optional<date::local_seconds> end;
  bool all_day = false;  ///< the new start (and end, inclusive) are days
  std::string tz;        ///< a zone of its own, when not the event's
  localized_text title;
  localized_text description;
  std::optional<std::string> location;
  std::optional<chronicle::status> status;
  int sequence = 0;  ///< its SEQUENCE, which orders revisions of one occurrence
  /// Its iCalendar content lines Chronicle does not model, one per line (LF), unfolded.
  std::string ical_extra;
  source_pos pos;  ///< where it is written, for diagnostics
  friend bool operator==(const changed_occurrence& a, const changed_occurrence& b) {
    return std::tie(a.occurrence, a.and_following, a.start, a.end, a.all_day, a.tz, a.title,
                    a.description, a.location, a.status, a.sequence, a.ical_extra) ==
           std::tie(b.occurrence, b.and_following, b.start, b.end, b.all_day, b.tz, b.title,
                    b.description, b.location, b.status, b.sequence, b.ical_extra);
  }
};

/// One dated happening of the timeline.
struct event {
  std::string id;  ///< stable, the event file's name without `.toml`
  localized_text title;
  edtf_date date;                  ///< always set; for timed events the day(s) they span
  std::optional<event_time> time;  ///< set for events known to the minute
  std::optional<chronicle::place> place;
  std::vector<participant> participants;
  chronicle::status status = status::confirmed;
  std::vector<std::string> tags;
  localized_text description;
  std::vector<source_ref> sources;
  std::vector<relation> relations;
  std::string date_note;  ///< how the date was established
  std::string uid;        ///< iCalendar UID when imported; empty means `id@domain`
  chronicle::recurrence recurrence;
  /// iCalendar properties and components Chronicle does not model (ATTENDEE, VALARM, X-…), as
  /// the content lines they were imported from, unfolded, one per line (LF); written back on
  /// export so nothing is lost.
  std::string ical_extra;
  /// Changed occurrences of a recurring event, by their `occurrence`; `[[changed]]` in files.
  std::vector<changed_occurrence> changed;
  int revision = 1;
  std::optional<date::sys_seconds> last_modified;
  /// Set only on the copies `expand_recurrences` makes, one per occurrence; never stored.
  std::optional<occurrence_ref> occurrence;

  std::string file;                                          ///< where it was loaded from
  std::map<std::string, source_pos, std::less<>> positions;  ///< key path -> position

  /// Position of `key` in the file, or the file start when unknown.
  source_pos position_of(std::string_view key) const;

  friend bool operator==(const event& a, const event& b);
};

}  // namespace chronicle
