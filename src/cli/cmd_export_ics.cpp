// chronicle export ics: the timeline as an iCalendar file for any calendar app, with the
// removed events (tombstones) as cancelled VEVENTs unless --no-tombstones.

#include <cstdio>
#include <memory>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/store/tombstones.hpp"
#include "command.hpp"
#include "ics_options.hpp"

namespace chronicle::cli {

namespace {

struct ics_args {
  std::string output;
  ics_choices choices;
  bool no_tombstones = false;
};

int run_export_ics(const context& ctx, const ics_args& args) {
  ics_options o = to_ics_options(ctx, args.choices);
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  if (!args.no_tombstones) {
    auto removed = load_tombstones(ctx.events_dir, *t);
    for (const auto& d : removed.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
    o.removed = std::move(removed.events);
  }
  auto ics = export_ics(*t, o);
  for (const auto& d : ics.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (!ics) return k_bad_data;
  emit(*ics, args.output);
  return k_ok;
}

}  // namespace

void add_export_ics_command(CLI::App& export_cmd, context& ctx) {
  auto* cmd = &export_cmd;
  auto args = std::make_shared<ics_args>();
  auto* ics = cmd->add_subcommand("ics", "Export to iCalendar (RFC 5545) for calendar apps");
  ics->add_option("-o,--output", args->output,
                  "Write to FILE atomically (default: standard output)")
      ->option_text("FILE");
  add_ics_choices(*ics, args->choices);
  ics->add_flag("--no-tombstones", args->no_tombstones,
                "Leave out the removed events (by default each is written as a cancelled event, "
                "so that calendars which imported it drop it too)");
  ics->footer(
      "Examples:\n"
      "  chronicle export ics -o exports/c5plus1.ics\n"
      "  chronicle export ics --coarse skip --lang ru > c5plus1-ru.ics\n"
      "  chronicle export ics --no-tombstones -o current-only.ics\n"
      "  SOURCE_DATE_EPOCH=1700000000 chronicle export ics   # fixed DTSTAMP");
  ics->callback([&ctx, args] { ctx.exit = run_export_ics(ctx, *args); });
}

}  // namespace chronicle::cli
