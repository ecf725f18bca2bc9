// chronicle list: the chronology, as text, JSON or Markdown.

#include <memory>
#include <optional>

#include <fmt/format.h>

#include "chronicle/render/localize.hpp"
#include "chronicle/render/render.hpp"
#include "chronicle/search/search.hpp"
#include "command.hpp"
#include "export_filters.hpp"

namespace chronicle::cli {

namespace {

struct list_args {
  export_filters filters;
  std::string grep;
  std::string format = "text";
  std::string color;  ///< empty: the context's (NO_COLOR, the configuration file, auto)
  std::optional<std::size_t> width;
  bool ids = false;
};

int run_list(const context& ctx, const list_args& args) {
  auto o = to_list_options(args.filters, "");
  o.width = args.width.value_or(ctx.width);
  o.ids = args.ids;
  o.color = ctx.use_color(args.color);
  const search_query query(args.grep);
  if (!args.grep.empty() && query.empty())
    throw usage_error(fmt::format("--grep \"{}\": no words to look for", args.grep));
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  check_tags(*t, o.tags);
  t = with_occurrences(std::move(*t), o.from, o.to);
  o.lang = ctx.output_language(args.filters.lang, t->info.default_language);
  auto events = select_events(*t, o);
  if (!query.empty()) {
    // The same matcher as search, keeping list's order; matched words highlighted in colour.
    const auto hits = search_events(events, query);
    events.clear();
    for (const auto& h : hits) events.push_back(h.e);
    o = with_highlights(std::move(o), query, false);
  }
  if (args.format == "json")
    emit(render_json(*t, events, o), "");
  else if (args.format == "markdown")
    emit(render_markdown(*t, events, o), "");
  else
    emit(render_text(*t, events, o), "");
  return k_ok;
}

}  // namespace

void add_list_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<list_args>();
  auto* cmd = app.add_subcommand("list", "Print the chronology, grouped by year");
  add_export_filters(*cmd, args->filters);
  cmd->add_option("--grep", args->grep,
                  "Only events with these words, as search finds them (in any order, case, "
                  "accents or word form), in the list's order")
      ->option_text("TEXT");
  cmd->add_option("--format", args->format, "Output format: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("--color", args->color,
                  "Colour: auto (on a terminal, unless NO_COLOR is set), always or never "
                  "(default: the configuration file's color, else auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--width", args->width,
                  "Wrap text to this many columns, 0 for none (default: COLUMNS, else the "
                  "configuration file's width, else the terminal's, else none)")
      ->option_text("N")
      ->check(CLI::Range(0, 100000));
  cmd->add_flag("--ids", args->ids,
                "Show each event's id under its title, for show, edit and remove (text output)");
  cmd->footer(
      "Examples:\n"
      "  chronicle list\n"
      "  chronicle list --ids\n"
      "  chronicle list --lang ru\n"
      "  chronicle list --width 60 | less    # wrapped as on a 60-column terminal\n"
      "  chronicle list --from 2024-02 --to 2024-03 --tag pdac\n"
      "  chronicle list --grep toronto\n"
      "  chronicle list --format json | jq '.events[].id'");
  cmd->callback([&ctx, args] { ctx.exit = run_list(ctx, *args); });
}

}  // namespace chronicle::cli
