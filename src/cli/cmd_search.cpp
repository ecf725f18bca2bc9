// chronicle search: the events whose words match a query, best first.

#include <memory>
#include <optional>

#include <fmt/format.h>

#include "chronicle/render/render.hpp"
#include "chronicle/search/search.hpp"
#include "command.hpp"
#include "export_filters.hpp"

namespace chronicle::cli {

namespace {

struct search_args {
  std::vector<std::string> text;
  export_filters filters;
  std::optional<std::size_t> limit;
  std::string format = "text";
  std::string color;  ///< empty: the context's (NO_COLOR, the configuration file, auto)
  std::optional<std::size_t> width;
  bool ids = false;
};

int run_search(const context& ctx, const search_args& args) {
  const auto text = fmt::format("{}", fmt::join(args.text, " "));
  const search_query query(text);
  if (query.empty()) throw usage_error(fmt::format("search \"{}\": no words to look for", text));
  auto o = to_list_options(args.filters, "");
  o.width = args.width.value_or(ctx.width);
  o.ids = args.ids;
  o.color = ctx.use_color(args.color);
  o.headings = false;
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  check_tags(*t, o.tags);
  o.lang = ctx.output_language(args.filters.lang, t->info.default_language);
  auto hits = search_events(select_events(*t, o), query);
  rank_hits(hits);
  if (args.limit && hits.size() > *args.limit) hits.resize(*args.limit);
  if (args.format == "json") {
    emit(render_search_json(*t, hits, query, o), "");
  } else if (!hits.empty()) {
    std::vector<const event*> events;
    for (const auto& h : hits) events.push_back(h.e);
    emit(render_text(*t, events, with_highlights(o, query, true)), "");
  } else {
    std::fprintf(stderr, "no event matches \"%s\"\n", text.c_str());
  }
  return hits.empty() ? k_bad_data : k_ok;
}

}  // namespace

void add_search_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<search_args>();
  auto* cmd = app.add_subcommand(
      "search",
      "Find events by the words of their titles, descriptions, places, participants "
      "and tags, best first");
  cmd->add_option("text", args->text,
                  "Words to find, all of them (any order, case, accents or word form)")
      ->option_text("TEXT...")
      ->required();
  add_export_filters(*cmd, args->filters);
  cmd->add_option("--limit", args->limit, "Show at most N events, the best")
      ->option_text("N")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--format", args->format, "Output format: text or json (with scores)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", args->color,
                  "Colour, with the matched words highlighted: auto (on a terminal, unless "
                  "NO_COLOR is set), always or never (default: the configuration file's color, "
                  "else auto)")
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
      "  chronicle search toronto\n"
      "  chronicle search Астане            # finds \"Астана\": Russian word forms\n"
      "  chronicle search critical minerals --limit 3\n"
      "  chronicle search pdac --tag visit --ids\n"
      "  chronicle search eire --format json | jq '.events[].search.score'\n\n"
      "Exit status: 0 when an event matched, 1 when none did (like grep), 2 for a usage error.");
  cmd->callback([&ctx, args] { ctx.exit = run_search(ctx, *args); });
}

}  // namespace chronicle::cli
