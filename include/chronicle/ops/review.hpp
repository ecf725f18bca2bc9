#pragma once
/// `chronicle extract FILE --review` as a use case: the proposals of a text (extract/
/// proposals.hpp) as the events they would add, each with the event already in the timeline it
/// matches, and the accepted ones planned as one change through `plan_add`, so that validation,
/// ids, the atomic write and the journal (one `undo` takes them all back) are those of `add`.
/// The dialogue at the terminal stays in the CLI (src/cli/cmd_extract.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "chronicle/extract/proposals.hpp"
#include "chronicle/model/event.hpp"
#include "chronicle/model/result.hpp"
#include "chronicle/model/timeline.hpp"
#include "chronicle/ops/change_plan.hpp"

namespace chronicle {

/// One proposal under review.
struct review_item {
  proposal found;              ///< as extract proposed it
  std::optional<event> draft;  ///< the event it would add (proposal_to_event); none: `why_not`
  std::string why_not;         ///< why the proposal is no event (an unknown year, a season)
  /// The id of the event of the timeline it matches (`matching_event`); empty when new.
  std::string existing;
};

/// The id of the first event of `t` that `draft` repeats: the same date (as EDTF, at the same
/// precision) and either a title word in common or the same place (the same city, else the same
/// place name, with the same country). Title words are compared folded (fold_text), only words
/// of four letters or more, by their first five letters ("встреча" and "встречу" are one word);
/// every title of both events counts. Empty when there is none.
std::string matching_event(const timeline& t, const event& draft);

/// The items of `proposals` found in a text in `language` with the document date `document`,
/// each drafted as an event whose source is titled `source_name` (the file as the user named it)
/// and matched against `t`.
std::vector<review_item> review_items(const timeline& t, const std::vector<proposal>& proposals,
                                      std::string_view language, const document_date& document,
                                      std::string_view source_name);

/// Sets the date of `item`'s event to `edtf`, as a person typed it at the review: an empty
/// string when done, else why not (the EDTF parser's message: the date stays as it was). An item
/// that had no event (an unknown year) gets one, from its proposal with this date. The date note
/// then says the date was set at the review, and `existing` is matched again against `t`.
std::string set_review_date(review_item& item, std::string_view edtf, const timeline& t,
                            std::string_view language, const document_date& document,
                            std::string_view source_name);

/// The accepted events, planned.
struct review_plan {
  change_plan plan;              ///< one `create` per event; empty while there are errors
  std::vector<std::string> ids;  ///< the id of each event, in the order given
};

/// Plans the events `accepted` (drafts of review_items, possibly edited) as new files of the
/// timeline `base`, each through `plan_add` (its title, description and source in `language`);
/// two with the same derived id get -2, -3, … as `add` would give them. The plan's journal note
/// is the command "extract" with the summary "SOURCE: N events (ID, …)". Fails with the first
/// event's problems (each diagnostic's `file` names the event's id) when one is not valid.
result<review_plan> plan_review(const change_base& base, const std::vector<event>& accepted,
                                std::string_view language, std::string_view source_name,
                                date::sys_seconds now, date::sys_days today);

}  // namespace chronicle
