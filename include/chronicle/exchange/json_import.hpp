#pragma once
/// Reading back the JSON that `render_json` writes (`list --format json`, `export json`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/timeline.hpp"

namespace chronicle {

/// A timeline read from JSON, with every problem found. The events are complete only when
/// `has_errors(diagnostics)` is false; an event with an error in its values is left out.
struct json_import_result {
  std::optional<timeline_info> info;  ///< the `timeline` object, when present and valid
  std::vector<event> events;          ///< in the order of the file
  std::vector<diagnostic> diagnostics;
};

/// Parses the "chronicle-timeline" JSON, version 1 (docs/FORMATS.md). Everything an event holds
/// is read back, so that `render_json` of the result gives the same text; fields that
/// `render_json` derives (precision, first_day, display, start_utc, ...) are ignored. A `uid` of
/// the form `id@uid_domain` reads back as no explicit UID. Malformed JSON is an error at its
/// line and column; a wrong or missing value is an error naming its path
/// (`events[2].date.edtf`); unknown keys are warnings. `file` names the text in diagnostics.
json_import_result parse_timeline_json(std::string_view text, const std::string& file);

}  // namespace chronicle
