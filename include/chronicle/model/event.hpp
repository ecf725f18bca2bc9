#pragma once
/// The event: a plain, copyable value describing one dated happening.

#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/// A recurrence as iCalendar states it, kept verbatim so that an export writes it back unchanged.
struct recurrence {
  std::string rrule;                ///< RRULE value, e.g. "FREQ=WEEKLY;BYDAY=TH"
  std::vector<std::string> rdate;   ///< whole RDATE content lines, e.g. "RDATE;VALUE=DATE:20240301"
  std::vector<std::string> exdate;  ///< whole EXDATE content lines
  bool empty() const { return rrule.empty() && rdate.empty() && exdate.empty(); }
  friend bool operator==(const recurrence&, const recurrence&) = default;
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
  /// the content lines they were imported from; written back on export so nothing is lost.
  std::string ical_extra;
  /// Changed occurrences of a recurring event (VEVENTs with the same UID and a RECURRENCE-ID),
  /// each kept as the component text it was imported from and written back after the event.
  std::vector<std::string> ical_overrides;
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
