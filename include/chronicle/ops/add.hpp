#pragma once
/// `chronicle add` as a use case: a new event file from a few values, checked as loading checks
/// it, planned but not written.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "chronicle/model/event.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace chronicle {

/// The values of a new event, as a person types them.
struct add_request {
  std::string title;  ///< in `lang`; required
  std::string lang;   ///< language of `title` and `description`; empty: told from the title's
                      ///< script (`detect_language`), Cyrillic as ru, else the timeline's
  localized_text other_titles;  ///< the title in further languages, by language tag
  std::string date;             ///< EDTF, as typed ("2024-05", "2024-06~"); required
  std::string time;             ///< local start time on `date` ("10:00"): a timed event
  std::string end;              ///< with `time`: "12:30" on `date`, or "2024-05-11T09:00"
  std::string tz;               ///< with `time`: IANA zone; empty: the timeline's
  std::string place;            ///< name of the place
  std::string city;
  std::string country;  ///< ISO 3166-1 code
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::vector<std::string> tags;
  std::vector<participant> participants;
  std::vector<source_ref> sources;
  std::string status;  ///< empty: "planned" when `date` begins after `today`, else confirmed
  std::vector<std::string> follows;  ///< ids, or unique starts of ids, of events
  std::vector<std::string> part_of;
  std::vector<std::string> related;
  std::string note;  ///< how the date was established (date_note)
  std::string description;
  date::sys_seconds now;  ///< recorded as last_modified
  date::sys_days today;   ///< where the user is: decides "planned", and stale-status warnings
};

/// A planned new event.
struct add_plan {
  change_plan plan;  ///< one `create`, empty while there are errors
  std::string id;    ///< derived from date and title (the file may get -2, -3, … on a clash)
  std::filesystem::path path;  ///< the file it would be
  std::string text;            ///< the file's text, as generated
  std::string language;        ///< of the title: `lang`, else told from its script
};

/// Plans the new event `request` describes in the timeline `base`. Values that need parsing go
/// into the file as typed, so that loading's own rules and messages judge them (`parse_event`,
/// then `validate_event_text` with relations and the stale-status warning).
///
/// Every problem is about a value of the request, and names it in the diagnostic's `file`:
/// problems found before the file is generated are unpositioned, with `file` the event-file key
/// the value would fill ("date", "start" for `time`, "end", "tz", "follows", …, or "lang");
/// problems of the generated file are positioned in `text` (find the key with `key_at`), with
/// `file` the new file's path. The value is set beside those positioned errors, holding the
/// text (and an empty plan); warnings come beside a valid plan.
result<add_plan> plan_add(const change_base& base, const add_request& request);

}  // namespace chronicle
