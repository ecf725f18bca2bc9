// chronicle show: one event in full, with its relations in both directions.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "chronicle/exchange/ical/recurrence.hpp"
#include "chronicle/render/details.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct show_args {
  std::string id;
  std::string lang;
  std::optional<std::size_t> width;
};

int run_show(const context& ctx, const show_args& args) {
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  const auto id = resolve_event_arg(base->timeline, base->ids, args.id, ctx);
  const auto file = (std::filesystem::path(ctx.events_dir) / (id + ".toml")).string();
  std::vector<diagnostic> own;
  std::size_t elsewhere = 0;
  for (const auto& d : base->diagnostics) {
    if (d.file == file)
      own.push_back(d);
    else if (d.severity == severity::error)
      ++elsewhere;
  }
  print_diagnostics(own);
  const auto* e = find_event(base->timeline, id);
  if (!e) {
    complain(fmt::format("\"{}\" has errors; fix them with \"chronicle edit {}\"", id, id));
    return k_bad_data;
  }
  if (elsewhere > 0)
    std::fprintf(stderr, "note: %zu error%s in other event files; run \"chronicle check\"\n",
                 elsewhere, elsewhere == 1 ? "" : "s");
  const auto lang = ctx.output_language(args.lang, base->timeline.info.default_language);
  std::optional<repetition_details> repeats;
  if (is_recurring(*e)) {
    // The next occurrences: from today (the user's date) on, the first few.
    expansion_limits limits;
    limits.from = ctx.today();
    limits.open_ended_limit = 5;
    std::vector<diagnostic> notes;
    repeats = repetition_details{summarize_recurrence(*e), occurrences_of(*e, limits, notes)};
  }
  emit(render_details(base->timeline, *e, lang, ctx.use_color(), repeats ? &*repeats : nullptr,
                      args.width.value_or(ctx.width)),
       "");
  return k_ok;
}

}  // namespace

void add_show_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<show_args>();
  auto* cmd = app.add_subcommand("show", "Show one event in full, with its relations both ways");
  cmd->add_option("ID", args->id, "Event id, or any unique start of one")->required();
  cmd->add_option("--lang", args->lang, "Language of dates and texts: en or ru")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->add_option("--width", args->width,
                  "Wrap text to this many columns, 0 for none (default: the terminal's width, "
                  "else COLUMNS; none when writing to a pipe)");
  cmd->footer(
      "Examples:\n"
      "  chronicle show 2024-02-08-inaugural-critical-minerals-dialogue\n"
      "  chronicle show 2024-02 --lang ru     # any unique start of an id\n"
      "  chronicle show 2024-02-08 --width 60 # wrapped as on a 60-column terminal");
  cmd->callback([&ctx, args] { ctx.exit = run_show(ctx, *args); });
}

}  // namespace chronicle::cli
