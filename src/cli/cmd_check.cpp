// chronicle check: every problem of the timeline, for people and for CI.

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "chronicle/check/check.hpp"
#include "chronicle/model/edtf.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct check_args {
  std::string exports;
  std::string today;
  bool strict = false;
};

int run_check(const context& ctx, const check_args& a) {
  check_options o;
  o.today = ctx.today();
  if (!a.today.empty()) {
    const auto parsed = parse_edtf(a.today);
    if (!parsed.value) throw usage_error(fmt::format("--today \"{}\": {}", a.today, parsed.error));
    if (parsed.value->is_range() || parsed.value->precision() != precision::day)
      throw usage_error(
          fmt::format("--today \"{}\": expected one day, such as 2024-05-10", a.today));
    o.today = parsed.value->first_day();
  }
  o.exports = a.exports;
  const auto report = check_timeline(ctx.events_dir, o);
  std::string out;
  std::size_t errors = 0;
  for (const auto& d : report.diagnostics) {
    out += to_string(d) + "\n";
    if (d.severity == severity::error) ++errors;
  }
  emit(out, "");
  const auto warnings = report.diagnostics.size() - errors;
  auto count = [](std::size_t n, const char* what) {
    return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s");
  };
  std::fprintf(
      stderr, "checked %s in %s: %s\n", count(report.files, "event file").c_str(),
      ctx.events_dir.c_str(),
      report.diagnostics.empty()
          ? "no problems"
          : fmt::format("{}, {}", count(errors, "error"), count(warnings, "warning")).c_str());
  return errors > 0 || (a.strict && warnings > 0) ? k_bad_data : k_ok;
}

}  // namespace

void add_check_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<check_args>();
  auto* cmd = app.add_subcommand("check", "Check the whole timeline; exit 1 on any error");
  cmd->add_option("--events", ctx.events_option, "Timeline folder (as chronicle --events)")
      ->option_text("DIR");
  cmd->add_option("--exports", a->exports,
                  "Also check that the *.ics files in DIR match a fresh export")
      ->option_text("DIR");
  cmd->add_option("--today", a->today,
                  "The day past events are judged against (default: the current date)")
      ->option_text("DATE");
  cmd->add_flag("--strict", a->strict, "Exit 1 on warnings too");
  cmd->footer(
      "Checks what loading checks (TOML, keys, types, dates, zones, statuses, languages,\n"
      "countries, coordinates, source URLs, relations to missing events), and across events:\n"
      "cycles of follows or part_of, a follows that points forward in time, duplicate UIDs,\n"
      "past events still planned or tentative (a warning), and with --exports whether the\n"
      "committed exports are current. Prints file:line:col: severity: message.\n\n"
      "Examples:\n"
      "  chronicle check\n"
      "  chronicle check --events events --exports exports     # in CI\n"
      "  chronicle check --today 2024-03-01 --strict");
  cmd->callback([&ctx, a] { ctx.exit = run_check(ctx, *a); });
}

}  // namespace chronicle::cli
