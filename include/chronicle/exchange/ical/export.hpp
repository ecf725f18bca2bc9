#pragma once
/// The timeline as one RFC 5545 VCALENDAR. The only place, with the importer, that sees libical.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// What to do with events known only to the month or the year.
enum class coarse_policy {
  span,   ///< an all-day event covering the whole month or year (the default)
  start,  ///< an all-day event on the first day of the month or year
  skip,   ///< left out of the calendar
};

struct ics_options {
  coarse_policy coarse = coarse_policy::span;
  /// DTSTAMP of every event (from SOURCE_DATE_EPOCH); otherwise each event's last_modified.
  std::optional<date::sys_seconds> dtstamp;
  /// Language of SUMMARY and DESCRIPTION; the timeline's default language when empty.
  std::string lang;
  /// Threads that build VEVENTs; 0 uses every core. The output does not depend on it: 1 builds
  /// the whole calendar as one libical tree, the reference the parallel path is tested against.
  unsigned threads = 0;
  /// Events per chunk of work; 0 picks a size. The output does not depend on it.
  std::size_t chunk_events = 0;
  /// Removed events (tombstones, store/tombstones.hpp), each written after the events as a
  /// VEVENT with its UID, its DTSTART (and DTEND), SUMMARY, STATUS:CANCELLED and SEQUENCE
  /// `revision - 1`, higher than any export of the live event gave, so that a calendar which
  /// imported the event cancels or drops it. Their ids and UIDs must not be live events'.
  std::vector<event> removed = {};
  /// Write X-CHRONICLE-EVENT (the whole event, for a lossless round trip). Without it the
  /// VEVENT says only what other calendar apps read: how the importer sees an event that an
  /// app changed (ops/import.cpp compares such edits with it).
  bool embed_events = true;
};

/// The calendar text, CRLF line ends, folded at 75 octets. Deterministic: the same timeline and
/// options give the same bytes, whatever `threads` and `chunk_events` are. Needs a timeline
/// without errors. Builds the VEVENTs in chunks on several threads, one event at a time in
/// libical, so memory holds the text and not a libical tree of the whole calendar. Without a
/// value, an error at each event whose time zone libical does not know (its zone data may be
/// older than the tz database that loading checks zones against).
result<std::string> export_ics(const timeline& t, const ics_options& options);

/// One event as a calendar object resource (RFC 4791, 4.1): a VCALENDAR of its own holding the
/// event's VEVENT (with its changed occurrences) byte for byte as `export_ics` writes it, and the
/// VTIMEZONE it needs. What `export vdir` writes as one file and `publish` sends as one resource.
struct calendar_object {
  std::string event_id;
  std::string uid;
  std::string name;  ///< file or resource name: `object_name(uid)`
  std::string text;  ///< CRLF line ends, folded like `export_ics`
};

/// Every event of `t` as its own calendar object, in the timeline's order; an event that
/// `export_ics` leaves out (`coarse_policy::skip`) has none. Fails as `export_ics` does.
result<std::vector<calendar_object>> export_calendar_objects(const timeline& t,
                                                             const ics_options& options);

/// The file name of the object with this UID, as vdirsyncer names it: the UID and `.ics` when
/// the UID has only the characters vdirsyncer deems safe (`A-Za-z0-9_.-+`). Otherwise, where
/// vdirsyncer picks a random UUID, a name that is the same on every export: the UID with each
/// other byte as `_`, and 16 hex digits of a hash of the whole UID so that two UIDs (practically)
/// never share a name (`c5plus1@chronicle.example` gives
/// `c5plus1_chronicle.example-0123456789abcdef.ics`).
std::string object_name(std::string_view uid);

}  // namespace chronicle
