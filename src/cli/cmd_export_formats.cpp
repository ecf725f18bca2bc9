// chronicle export markdown|json|csv|timelinejs: the chronology for reports, scripts,
// spreadsheets and the TimelineJS viewer.

#include <functional>
#include <memory>

#include "chronicle/render/formats.hpp"
#include "chronicle/render/render.hpp"
#include "command.hpp"
#include "export_filters.hpp"

namespace chronicle::cli {

namespace {

using renderer = std::function<std::string(const timeline&, const std::vector<const event*>&,
                                           const list_options&)>;

struct format_args {
  std::string output;
  export_filters filters;
};

/// Markdown, CSV and TimelineJS show each occurrence of a recurring event; JSON keeps each event
/// once, with its recurrence, so that import reads it back (list --format json shows occurrences).
int run_export(const context& ctx, const format_args& args, const renderer& render,
               bool occurrences) {
  (void)to_list_options(args.filters, "en");
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  check_tags(*t, args.filters.tags);
  const auto o = to_list_options(args.filters, ctx.output_language({}, t->info.default_language));
  if (occurrences) t = with_occurrences(std::move(*t), o.from, o.to);
  emit(render(*t, select_events(*t, o), o), args.output);
  return k_ok;
}

void add_format(CLI::App& export_cmd, context& ctx, const char* name, const char* what,
                renderer render, const std::string& examples, bool occurrences = true) {
  auto args = std::make_shared<format_args>();
  auto* cmd = export_cmd.add_subcommand(name, what);
  cmd->add_option("-o,--output", args->output,
                  "Write to FILE atomically (default: standard output)")
      ->option_text("FILE");
  add_export_filters(*cmd, args->filters);
  cmd->footer("Examples:\n" + examples);
  cmd->callback([&ctx, args, render, occurrences] {
    ctx.exit = run_export(ctx, *args, render, occurrences);
  });
}

}  // namespace

void add_export_formats_command(CLI::App& export_cmd, context& ctx) {
  add_format(export_cmd, ctx, "markdown",
             "Export a Markdown chronology table with footnoted sources", render_markdown,
             "  chronicle export markdown -o c5plus1.md\n"
             "  chronicle export markdown --lang ru --from 2024");
  add_format(export_cmd, ctx, "json",
             "Export the documented JSON (the same as list --format json), which import reads back",
             render_json,
             "  chronicle export json -o c5plus1.json\n"
             "  chronicle export json --tag pdac | jq '.events[].date.edtf'",
             false);
  add_format(export_cmd, ctx, "csv", "Export CSV (RFC 4180, UTF-8): one row per event", render_csv,
             "  chronicle export csv -o c5plus1.csv\n"
             "  chronicle export csv --lang ru --to 2023 > early.csv");
  add_format(export_cmd, ctx, "timelinejs", "Export the JSON that the TimelineJS3 viewer loads",
             render_timelinejs,
             "  chronicle export timelinejs -o c5plus1.timeline.json\n"
             "  chronicle export timelinejs --lang ru -o ru.timeline.json");
}

}  // namespace chronicle::cli
