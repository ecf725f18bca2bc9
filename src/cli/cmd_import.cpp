// chronicle import: events from a calendar app's .ics file into the timeline.

#include <array>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/exchange/json_import.hpp"
#include "chronicle/ops/import_plan.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/storage.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct import_args {
  std::string file;
  bool dry_run = false;
  bool skip_invalid = false;
  std::string format = "ics";
  std::vector<std::string> tags;
};

/// The calendar, at most `k_max_ics_file_bytes` of it (standard input is read in chunks, so
/// the limit holds for a pipe too).
std::string read_input(const std::string& file) {
  if (file != "-") return read_file(file, k_max_ics_file_bytes);
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (std::cin.read(chunk.data(), chunk.size()) || std::cin.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > k_max_ics_file_bytes)
      throw io_error(
          fmt::format("cannot read standard input: too large (over the limit of {} bytes)",
                      k_max_ics_file_bytes));
  }
  if (std::cin.bad()) throw io_error("cannot read standard input");
  return text;
}

/// The settings of a timeline that does not exist yet: those a Chronicle export embeds, else
/// the calendar's name and zone.
timeline_info new_timeline_info(const ics_import& parsed, const std::string& file) {
  if (parsed.timeline) return *parsed.timeline;
  timeline_info info;
  const auto stem = std::filesystem::path(file == "-" ? "imported" : file).stem().string();
  info.name = {{"en", parsed.calendar_name.empty() ? stem : parsed.calendar_name}};
  if (!parsed.calendar_time_zone.empty()) info.time_zone = parsed.calendar_time_zone;
  return info;
}

/// Events from the JSON that `list --format json` and `export json` write, as an import.
ics_import from_chronicle_json(std::string_view text, const std::string& source,
                               const timeline_info& target) {
  auto json = parse_timeline_json(text, source);
  ics_import out;
  out.diagnostics = std::move(json.diagnostics);
  out.timeline = json.info;
  const auto& info = json.info ? *json.info : target;
  for (auto& e : json.events) {
    imported_event in;
    in.uid = uid_of(e, info);
    in.event = std::move(e);
    out.events.push_back(std::move(in));
  }
  return out;
}

std::string title_of(const event& e, const std::string& lang) {
  const auto* t = pick(e.title, lang);
  return t ? *t : e.id;
}

int run_import(const context& ctx, const import_args& args) {
  const std::filesystem::path dir = ctx.events_dir;
  const std::string text = read_input(args.file);
  const std::string source = args.file == "-" ? "<stdin>" : args.file;

  const bool fresh = !std::filesystem::exists(dir / "timeline.toml");
  timeline target;
  if (!fresh) {
    auto loaded = load_or_report(ctx);
    if (!loaded) return k_bad_data;
    target = std::move(*loaded);
  }
  ics_import parsed;
  if (args.format == "json") {
    parsed = from_chronicle_json(text, source, target.info);
    if (has_errors(parsed.diagnostics)) {
      for (const auto& d : parsed.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
      complain(fmt::format("nothing imported: \"{}\" is not valid Chronicle JSON (listed above)",
                           source));
      return k_bad_data;
    }
    if (fresh) target.info = new_timeline_info(parsed, args.file);
  } else {
    // A first pass with default settings reads what the calendar says about itself.
    parsed = parse_ics(text, source, target.info);
    if (!parsed.is_icalendar) {
      for (const auto& d : parsed.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
      complain(fmt::format("nothing imported: \"{}\" is not an iCalendar file", source));
      return k_bad_data;
    }
    if (fresh) {
      target.info = new_timeline_info(parsed, args.file);
      parsed = parse_ics(text, source, target.info);
    }
  }
  auto plan = plan_import(target, std::move(parsed.events), args.tags);
  std::vector<diagnostic> all = std::move(parsed.diagnostics);
  all.insert(all.end(), plan.diagnostics.begin(), plan.diagnostics.end());
  for (const auto& d : all) std::fprintf(stderr, "%s\n", to_string(d).c_str());

  const auto& lang = target.info.default_language;
  const auto summary =
      fmt::format("{} added, {} updated, {} unchanged, {} rejected", plan.added.size(),
                  plan.updated.size(), plan.unchanged, plan.rejected);
  if (plan.rejected > 0 && !args.skip_invalid) {
    complain(
        fmt::format("nothing imported: {} of the events in \"{}\" cannot be imported (listed "
                    "above); fix them, or use --skip-invalid to import the others",
                    plan.rejected, source));
    return k_bad_data;
  }
  std::string report;
  for (const auto& e : plan.added)
    report += fmt::format("{} {}  {}  {}\n", args.dry_run ? "would add" : "added", e.id,
                          format_when(e, lang), title_of(e, lang));
  for (const auto& e : plan.updated)
    report += fmt::format("{} {}  {}  {}\n", args.dry_run ? "would update" : "updated", e.id,
                          format_when(e, lang), title_of(e, lang));
  if (args.dry_run) {
    emit(report + "dry run: " + summary + "\n", "");
    return k_ok;
  }

  if (fresh) {
    std::filesystem::create_directories(dir);
    write_file_atomically(dir / "timeline.toml", to_toml(target.info));
  }
  for (auto& e : plan.added) {
    // Another writer may take the name first: then the next free suffix.
    const auto base = e.id;
    for (int n = 2; !create_file_atomically(dir / (e.id + ".toml"), to_toml(e, lang)); ++n)
      e.id = fmt::format("{}-{}", base, n);
  }
  for (const auto& e : plan.updated)
    write_file_atomically(dir / (e.id + ".toml"), to_toml(e, lang));
  emit(report + summary + "\n", "");
  return k_ok;
}

}  // namespace

void add_import_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<import_args>();
  auto* cmd = app.add_subcommand("import", "Import events from an iCalendar (.ics) file");
  cmd->add_option("file", args->file, "The .ics file, or - for standard input")
      ->required()
      ->option_text("FILE.ics|-");
  cmd->add_flag("--dry-run", args->dry_run, "Print what would be added and updated; write nothing");
  cmd->add_option("--format", args->format,
                  "ics (default), or json: the JSON of list --format json and export json")
      ->check(CLI::IsMember({"ics", "json"}));
  cmd->add_flag("--skip-invalid", args->skip_invalid,
                "Import the valid events even when some cannot be imported (they are listed)");
  cmd->add_option("--tag", args->tags, "Add this tag to every imported event (repeatable)")
      ->option_text("TAG");
  cmd->footer(
      "Events are matched by UID: importing the same file again changes nothing, and a newer\n"
      "version (higher SEQUENCE, then later LAST-MODIFIED) updates exactly the events that "
      "changed.\n"
      "By default nothing is written if any event is invalid.\n\n"
      "Examples:\n"
      "  chronicle import ~/Downloads/calendar.ics --dry-run\n"
      "  chronicle import team.ics --tag team\n"
      "  curl -s https://example.org/cal.ics | chronicle import - --skip-invalid");
  cmd->callback([&ctx, args] { ctx.exit = run_import(ctx, *args); });
}

}  // namespace chronicle::cli
