#include "ics_options.hpp"

namespace chronicle::cli {

void add_ics_choices(CLI::App& cmd, ics_choices& c) {
  cmd.add_option("--coarse", c.coarse,
                 "Month- and year-precise events: span (an all-day event over the whole month or "
                 "year), start (its first day) or skip")
      ->check(CLI::IsMember({"span", "start", "skip"}));
  cmd.add_option("--lang", c.lang, "Language of titles and descriptions (default: the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
}

ics_options to_ics_options(const context& ctx, const ics_choices& c) {
  ics_options o;
  o.coarse = c.coarse == "start"  ? coarse_policy::start
             : c.coarse == "skip" ? coarse_policy::skip
                                  : coarse_policy::span;
  o.dtstamp = ctx.source_date_epoch;
  o.lang = c.lang;
  return o;
}

}  // namespace chronicle::cli
