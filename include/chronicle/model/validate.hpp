#pragma once
/// The one validator of event values. Readers (event files, JSON, iCalendar) only turn their
/// syntax into an `event` and record where each value was written in `event::positions`; what
/// makes a value valid is decided here, once, with the same messages for every reader.
///
/// Key paths name the values of an event as its file writes them:
///   `title`, `title.en`, `description.ru`    text, and text in one language
///   `date`, `start`, `end`, `tz`, `status`   the dates, clock times and status
///   `place`, `place.country`, ...            the place and its fields
///   `participants[0]`, `participants[0].name`, `sources[1]`, `sources[1].url`, ...
///   `tags[2]`, `also[0]`, `except[0]`, `changed[0]`, `changed[0].title.en`, ...
///   `relations[3]`                           the target of `e.relations[3]`
///   `date_note`, `uid`, `repeat`, `ical_extra`, `revision`, `last_modified`
///   `id`                                     the event id (an event file's name)
/// Indexes count from 0 in the order of the event's vectors. `key_position(path)` is where a
/// key itself, rather than its value, is recorded (a language tag such as `EN!` in [title]).

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/event.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// A problem with one value of an event.
struct value_problem {
  std::string path;  ///< the key path of the value; "" for the event as a whole
  diagnostic diag;   ///< in the event's file, at the position recorded for `path`
  friend bool operator==(const value_problem&, const value_problem&) = default;
};

/// Every problem with the values of `e`, in the order of its fields: text that is not UTF-8 or
/// blank where a value is required, a missing title, language tags, ISO 3166-1 country codes,
/// http(s) web addresses, EDTF publication dates, a source without url or title, a place
/// without name or city, latitude and longitude (both or neither, in range), an end before the
/// start, an unknown time zone, clock times in a DST gap or overlap (warnings), an RRULE without
/// FREQ, the revision's range, the event id (when it has one; an import names events later).
/// Each diagnostic is placed in `e.file` at `e.positions[path]`, else at the nearest enclosing
/// path recorded there (`sources[1]`, then `sources`), else at 1:1. No problem is reported at a
/// path in `unreadable`: the reader has already said why it has no value there. `info` gives the
/// default language, which decides whether a title is written `title` or `title.en`.
std::vector<value_problem> validate(const event& e, const timeline_info& info,
                                    const std::set<std::string, std::less<>>& unreadable = {});

/// Every problem with timeline settings (`timeline.toml`, or the "timeline" of a JSON export):
/// the default language, the name (present, language tags, not blank), the time zone, the UID
/// domain. Placed in `file` through `positions` (key paths `name`, `name.en`, `time_zone`, ...),
/// skipping the paths in `unreadable`, as `validate(const event&, ...)` does.
std::vector<value_problem> validate(const timeline_info& info, const std::string& file,
                                    const std::map<std::string, source_pos, std::less<>>& positions,
                                    const std::set<std::string, std::less<>>& unreadable = {});

/// The diagnostics of `problems`, in their order.
std::vector<diagnostic> diagnostics_of(const std::vector<value_problem>& problems);

/// Where `event::positions` records the key at `path` itself (such as the language tag of
/// `title.en`), as opposed to its value.
std::string key_position(std::string_view path);

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF), as TOML requires of every string.
bool is_valid_utf8(std::string_view s);

/// True when `tag` is a language tag as event files accept it: a primary subtag of 2 or 3
/// lower-case letters ("en", "ru", "kk"), optionally followed by -subtags ("en-GB").
bool is_language_tag(std::string_view tag);

/// True when `id` may name an event: lower-case ASCII letters, digits and single hyphens.
bool is_valid_event_id(std::string_view id);

/// The message for a status that is none of confirmed, tentative, planned or cancelled (the
/// readers parse the status, which the event holds as an enum).
std::string unknown_status_message(std::string_view status);

}  // namespace chronicle
