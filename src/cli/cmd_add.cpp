// chronicle add: the options as an add_request, planned by the library (ops/add.hpp), shown as a
// diff (--dry-run) or written without ever replacing another file. Asking at the terminal stays
// here.

#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/ops/add.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/toml_edit.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

struct add_args {
  std::string title;
  std::string date;
  std::string time;
  std::string end;
  std::string tz;
  std::string place;
  std::string city;
  std::string country;
  std::vector<double> geo;
  std::vector<std::string> tags;
  std::vector<std::string> sources;
  std::vector<std::string> publishers;
  std::string status;
  std::vector<std::string> follows;
  std::vector<std::string> part_of;
  std::vector<std::string> related;
  std::string lang;
  std::string title_en;
  std::string title_ru;
  std::string note;
  std::string description;
  bool dry_run = false;
};

constexpr const char* k_date_help =
    "EDTF: a day 2024-05-10, a month 2024-05, a year 2024, a range 2024-05-10/2024-05-12; end "
    "a part with ? (uncertain) or ~ (approximate)";

/// Asks for what is missing when a person is at the terminal; otherwise a usage error, at once.
void fill_in_missing(add_args& a, const context& ctx) {
  if (!a.title.empty() && !a.date.empty()) return;
  if (!ctx.stdin_is_terminal) {
    std::vector<std::string> missing;
    if (a.title.empty()) missing.push_back("TITLE");
    if (a.date.empty()) missing.push_back("--date EDTF");
    throw usage_error(fmt::format(
        "missing {}; for example: chronicle add \"Second ministerial meeting\" --date 2024-05-10 "
        "(add asks for them only when run at a terminal)",
        fmt::join(missing, " and ")));
  }
  while (a.title.empty()) {
    auto answer = ask("Title: ");
    if (!answer) throw usage_error("no title given");
    a.title = *answer;
    if (a.title.empty()) std::fprintf(stderr, "  the title must not be empty\n");
  }
  while (a.date.empty()) {
    auto answer = ask(fmt::format("Date ({}): ", k_date_help));
    if (!answer) throw usage_error("no date given");
    if (auto parsed = parse_edtf(*answer); parsed.value)
      a.date = *answer;
    else
      std::fprintf(stderr, "  %s\n", parsed.error.c_str());
  }
}

/// Pairs each --publisher with the --source before it.
std::vector<source_ref> sources_of(const add_args& a, const CLI::App& cmd) {
  std::vector<source_ref> out;
  std::size_t publisher = 0;
  for (const auto* opt : cmd.parse_order()) {
    if (opt->get_name() == "--source") {
      out.push_back({a.sources.at(out.size()), "", "", "", ""});
    } else if (opt->get_name() == "--publisher") {
      if (out.empty())
        throw usage_error("--publisher must follow the --source it names the publisher of");
      if (!out.back().publisher.empty())
        throw usage_error(
            fmt::format("two --publisher options for --source \"{}\"", out.back().url));
      out.back().publisher = a.publishers.at(publisher++);
    }
  }
  return out;
}

/// The option a value of the event file came from, to name it in messages.
std::string option_for(const std::string& key, const add_args& a, const std::string& lang) {
  if (key.starts_with("title")) {
    const auto l = key.size() > 6 ? key.substr(6) : lang;
    return l == lang ? "TITLE" : fmt::format("--title-{}", l);
  }
  if (key.starts_with("description")) return "--description";
  if (key == "lang") return "--lang";
  if (key == "date") return "--date";
  if (key == "start") return a.time.empty() ? "--date" : "--time";
  if (key == "end") return "--end";
  if (key == "tz") return "--tz";
  if (key == "status") return "--status";
  if (key == "tags") return "--tag";
  if (key == "follows") return "--follows";
  if (key == "part_of") return "--part-of";
  if (key == "related") return "--related";
  if (key == "date_note") return "--note";
  if (key == "place" || key == "place.name") return "--place";
  if (key == "place.city") return "--city";
  if (key == "place.country") return "--country";
  if (key == "place.latitude" || key == "place.longitude") return "--geo";
  if (key == "sources.url" || key == "sources") return "--source";
  if (key == "sources.publisher") return "--publisher";
  return {};
}

/// Reports the problems of the request as problems of the options they came from: an
/// unpositioned one names its key in `file`; a positioned one is in the generated `text`.
void report(const std::vector<diagnostic>& ds, const std::string& text, const add_args& a,
            const std::string& lang) {
  for (const auto& d : ds) {
    const auto key = d.line > 0 ? key_at(text, d.line, d.column) : d.file;
    const auto option = option_for(key, a, lang);
    const auto where = option.empty() ? std::string() : option + ": ";
    complain(fmt::format("{}{}{}", d.severity == severity::warning ? "warning: " : "", where,
                         d.message));
  }
}

/// Refuses arguments that are not UTF-8 text: event files are TOML, which holds only UTF-8.
void require_utf8(const add_args& a) {
  const std::pair<const char*, const std::string*> single[] = {{"TITLE", &a.title},
                                                               {"--date", &a.date},
                                                               {"--time", &a.time},
                                                               {"--end", &a.end},
                                                               {"--tz", &a.tz},
                                                               {"--place", &a.place},
                                                               {"--city", &a.city},
                                                               {"--country", &a.country},
                                                               {"--status", &a.status},
                                                               {"--lang", &a.lang},
                                                               {"--title-en", &a.title_en},
                                                               {"--title-ru", &a.title_ru},
                                                               {"--note", &a.note},
                                                               {"--description", &a.description}};
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"--tag", &a.tags},        {"--source", &a.sources},  {"--publisher", &a.publishers},
      {"--follows", &a.follows}, {"--part-of", &a.part_of}, {"--related", &a.related}};
  const auto check = [](const char* option, const std::string& value) {
    if (!is_valid_utf8(value))
      throw usage_error(
          fmt::format("{} is not valid UTF-8 text; event files hold only UTF-8", option));
  };
  for (const auto& [option, value] : single) check(option, *value);
  for (const auto& [option, values] : lists)
    for (const auto& value : *values) check(option, value);
}

add_request request_of(const add_args& a, const CLI::App& cmd, const context& ctx) {
  add_request r;
  r.title = a.title;
  r.lang = a.lang;
  if (!a.title_en.empty()) r.other_titles["en"] = a.title_en;
  if (!a.title_ru.empty()) r.other_titles["ru"] = a.title_ru;
  r.date = a.date;
  r.time = a.time;
  r.end = a.end;
  r.tz = a.tz;
  r.place = a.place;
  r.city = a.city;
  r.country = a.country;
  if (a.geo.size() == 2) {
    r.latitude = a.geo[0];
    r.longitude = a.geo[1];
  }
  r.tags = a.tags;
  r.sources = sources_of(a, cmd);
  r.status = a.status;
  r.follows = a.follows;
  r.part_of = a.part_of;
  r.related = a.related;
  r.note = a.note;
  r.description = a.description;
  r.now = ctx.now;
  r.today = ctx.today();
  return r;
}

/// Reads "--date 2025-05-12T09:30", the ISO form people paste, as "--date 2025-05-12 --time
/// 09:30" (as --end takes YYYY-MM-DDTHH:MM).
void split_date_time(add_args& a) {
  if (a.date.size() <= 11 || a.date[10] != 'T' || a.date.find('/') != std::string::npos) return;
  if (!a.time.empty())
    throw usage_error(fmt::format(
        "--date \"{}\" holds a time of day and --time gives one too; give the time once", a.date));
  a.time = a.date.substr(11);
  a.date.resize(10);
}

int run_add(const context& ctx, add_args a, const CLI::App& cmd) {
  split_date_time(a);
  if (!a.end.empty() && a.time.empty()) throw usage_error("--end needs --time");
  if (!a.tz.empty() && a.time.empty()) throw usage_error("--tz applies only with --time");
  if (!a.geo.empty() && a.geo.size() != 2)
    throw usage_error("--geo takes LAT,LON such as 51.1283,71.4305");
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  fill_in_missing(a, ctx);
  require_utf8(a);
  const auto planned = plan_add(*base, request_of(a, cmd, ctx));
  const auto& default_language = base->timeline.info.default_language;
  const auto lang = planned.value && !planned.value->language.empty() ? planned.value->language
                    : a.lang.empty()                                  ? default_language
                                                                      : a.lang;
  const auto text = planned.value ? planned.value->text : std::string();
  report(planned.diagnostics, text, a, lang);
  if (!planned.ok()) return k_usage;
  const auto& p = *planned.value;
  if (a.lang.empty() && lang != default_language)
    std::fprintf(stderr,
                 "title language: %s (detected from the Cyrillic script; use --lang to choose)\n",
                 lang.c_str());

  if (a.dry_run) {
    emit(to_diff(p.plan), "");
    std::fprintf(stderr, "would write %s (nothing written: --dry-run)\n", p.path.c_str());
    return k_ok;
  }
  const auto written = apply_plan(p.plan, ctx.events_dir).at(0);
  auto& t = base->timeline;
  auto added = parse_event(p.text, written.id, written.path.string(), t.info);
  t.events.push_back(std::move(*added.event));
  sort_chronologically(t);
  emit(list_entry(t, *find_event(t, written.id), ctx) +
           fmt::format("added {}\n", written.path.string()),
       "");
  return k_ok;
}

}  // namespace

void add_add_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<add_args>();
  auto* cmd = app.add_subcommand("add", "Add an event: a new file in the timeline folder");
  cmd->add_option("TITLE", a->title, "Title, in the --lang language (asked for at a terminal)");
  cmd->add_option("--date", a->date,
                  fmt::format("Date, {}; a day with a time, 2024-05-10T10:00, is the same as "
                              "--time (asked for at a terminal)",
                              k_date_help))
      ->option_text("EDTF");
  cmd->add_option("--time", a->time, "Local start time on --date, for a timed event")
      ->option_text("HH:MM");
  cmd->add_option("--end", a->end, "Local end time (HH:MM, or YYYY-MM-DDTHH:MM on a later day)")
      ->option_text("HH:MM");
  cmd->add_option("--tz", a->tz, "IANA time zone of --time (default: the timeline's)")
      ->option_text("ZONE");
  cmd->add_option("--place", a->place, "Name of the place (a venue, an organisation)")
      ->option_text("NAME");
  cmd->add_option("--city", a->city, "City of the place")->option_text("CITY");
  cmd->add_option("--country", a->country, "ISO 3166-1 code of the place's country, such as KZ")
      ->option_text("CC");
  cmd->add_option("--geo", a->geo, "Coordinates of the place in degrees")
      ->delimiter(',')
      ->option_text("LAT,LON");
  cmd->add_option("--tag", a->tags, "A tag (repeat for several)")->option_text("TAG");
  cmd->add_option("--source", a->sources, "Web address of a source (repeat for several)")
      ->option_text("URL");
  cmd->add_option("--publisher", a->publishers, "Publisher of the --source before it")
      ->option_text("NAME");
  cmd->add_option("--status", a->status,
                  "confirmed, tentative, planned or cancelled (default: planned for a future "
                  "date, else confirmed)")
      ->option_text("STATUS");
  cmd->add_option("--follows", a->follows, "Id (or unique start of one) of an earlier event")
      ->option_text("ID");
  cmd->add_option("--part-of", a->part_of, "Id of the event this one is part of")
      ->option_text("ID");
  cmd->add_option("--related", a->related, "Id of a related event")->option_text("ID");
  cmd->add_option("--lang", a->lang,
                  "Language of TITLE and --description (default: ru for a title in Cyrillic, "
                  "else the timeline's)")
      ->option_text("LANG");
  cmd->add_option("--title-en", a->title_en, "The title in English as well")->option_text("TEXT");
  cmd->add_option("--title-ru", a->title_ru, "The title in Russian as well")->option_text("TEXT");
  cmd->add_option("--note", a->note, "How the date was established")->option_text("TEXT");
  cmd->add_option("--description", a->description, "What happened")->option_text("TEXT");
  cmd->add_flag("--dry-run", a->dry_run,
                "Print the file it would write, as a diff, and write nothing");
  cmd->footer(
      "The id and file name come from the date and the title (Cyrillic is transliterated);\n"
      "an existing file is never replaced: a clash gets -2, -3, ... The new file is checked\n"
      "as loading checks it; missing TITLE or --date are asked for at a terminal.\n\n"
      "Examples:\n"
      "  chronicle add \"Second C5+1 Critical Minerals Dialogue meeting\" --date 2024-05 \\\n"
      "      --follows 2024-02-08 --tag c5plus1 --source https://www.state.gov/ \\\n"
      "      --publisher \"U.S. Department of State\"\n"
      "  chronicle add \"Встреча в Астане\" --lang ru --date 2024-05-10 --time 10:00 \\\n"
      "      --end 12:00 --tz Asia/Almaty --city Astana --country KZ\n"
      "  chronicle add \"Signing\" --date 2024-06~ --dry-run");
  cmd->callback([&ctx, a, cmd] { ctx.exit = run_add(ctx, *a, *cmd); });
}

}  // namespace chronicle::cli
