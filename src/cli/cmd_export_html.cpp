// chronicle export html: the timeline as one self-contained web page.

#include <memory>

#include "chronicle/render/html.hpp"
#include "command.hpp"
#include "export_filters.hpp"

namespace chronicle::cli {

namespace {

struct html_args {
  std::string output;
  export_filters filters;
};

int run_export_html(const context& ctx, const html_args& args) {
  // Check the options before reading the timeline, so that usage errors come first.
  (void)to_list_options(args.filters, "en");
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  check_tags(*t, args.filters.tags);
  const auto o = to_list_options(args.filters, ctx.output_language({}, t->info.default_language));
  t = with_occurrences(std::move(*t), o.from, o.to);
  html_options h;
  h.lang = o.lang;
  emit(render_html(*t, select_events(*t, o), h), args.output);
  return k_ok;
}

}  // namespace

void add_export_html_command(CLI::App& export_cmd, context& ctx) {
  auto args = std::make_shared<html_args>();
  auto* cmd = export_cmd.add_subcommand(
      "html", "Export a self-contained web page: the events on a time axis, and their details");
  cmd->add_option("-o,--output", args->output,
                  "Write to FILE atomically (default: standard output)")
      ->option_text("FILE");
  add_export_filters(*cmd, args->filters);
  cmd->footer(
      "The page needs nothing from the network: open it from disk, mail it, or print it.\n\n"
      "Examples:\n"
      "  chronicle export html -o exports/c5plus1.html\n"
      "  chronicle export html --lang ru -o c5plus1-ru.html\n"
      "  chronicle export html --from 2024-03 --tag pdac > pdac.html");
  cmd->callback([&ctx, args] { ctx.exit = run_export_html(ctx, *args); });
}

}  // namespace chronicle::cli
