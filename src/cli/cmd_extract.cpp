// chronicle extract: the date expressions of a news text, with their values at the precision
// the text gives, and the milestones they propose (issue 14): as text, JSON or event files.

#include <array>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include <fmt/format.h>

#include "chronicle/extract/dates.hpp"
#include "chronicle/extract/proposals.hpp"
#include "chronicle/model/diagnostic.hpp"
#include "chronicle/model/language.hpp"
#include "chronicle/model/validate.hpp"
#include "chronicle/ops/review.hpp"
#include "chronicle/store/storage.hpp"
#include "command.hpp"
#include "event_args.hpp"

namespace chronicle::cli {

namespace {

/// The largest text `extract` reads: 64 MiB (a file or standard input).
constexpr std::uintmax_t k_max_text_bytes = std::uintmax_t{64} << 20;

struct extract_args {
  std::string file;
  std::string lang = "auto";
  std::string dct;
  std::string format = "text";
  bool review = false;
};

std::string read_text(const std::string& file) {
  if (file != "-") return read_file(file, k_max_text_bytes);
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (std::cin.read(chunk.data(), chunk.size()) || std::cin.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > k_max_text_bytes)
      throw io_error(fmt::format(
          "cannot read standard input: too large (over the limit of {} bytes)", k_max_text_bytes));
  }
  if (std::cin.bad()) throw io_error("cannot read standard input");
  return text;
}

/// --dct: a day, a month or a year (`2024-02-12`, `2024-02`, `2024`).
document_date parse_dct(const std::string& text) {
  const auto parsed = parse_edtf(text);
  if (!parsed.value || parsed.value->is_range() || parsed.value->uncertain() ||
      parsed.value->approximate())
    throw usage_error(
        fmt::format("--dct \"{}\": expected a date such as 2024-02-12 (or 2024-02, 2024)", text));
  const date_point& p = parsed.value->start;
  document_date d;
  d.year = static_cast<int>(p.year);
  if (p.month) d.month = static_cast<unsigned>(*p.month);
  if (p.day) d.day = static_cast<unsigned>(*p.day);
  return d;
}

std::string year_note(const found_date& d, const document_date& document) {
  switch (d.year) {
    case year_source::document:
      return fmt::format("  (from the document date {})", to_edtf(document));
    case year_source::unknown:
      return document.year ? "  (year unknown)" : "  (year unknown: no document year)";
    case year_source::text: break;
  }
  return {};
}

std::string place_list(const proposal& p) {
  std::string out;
  for (const auto& pl : p.places)
    out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", pl.name, pl.country);
  return out.empty() ? "none found" : out;
}

std::string people_list(const proposal& p) {
  std::string out;
  for (const auto& person : p.people)
    out += fmt::format("{}{}{}", out.empty() ? "" : "; ", person.name,
                       person.role.empty() ? "" : " (" + person.role + ")");
  return out;
}

std::string proposals_text(const std::vector<proposal>& proposals) {
  std::string out = proposals.empty() ? "\nno proposals\n" : "\nproposals:\n";
  for (const auto& p : proposals) {
    std::string mod(modifier_name(p.modifier));
    out += fmt::format("{}{}\t{}\n  places: {}\n", p.date, mod.empty() ? "" : " " + mod, p.title,
                       place_list(p));
    if (!p.people.empty()) out += fmt::format("  people: {}\n", people_list(p));
    for (const auto& e : p.evidence)
      out += fmt::format("  evidence {}-{} (\"{}\" at {}-{}): {}\n", e.begin, e.end, e.date_text,
                         e.date_begin, e.date_end, e.sentence);
  }
  return out;
}

/// --format toml: each proposal as an event file, after a comment naming the file; those that
/// cannot be events are named on standard error.
std::string proposals_toml(const std::vector<proposal>& proposals, const std::string& lang,
                           const document_date& document, const std::string& source_name) {
  std::string out;
  std::set<std::string> ids;
  timeline_info info;
  info.default_language = lang;
  for (std::size_t i = 0; i < proposals.size(); ++i) {
    const proposal& p = proposals[i];
    std::string why;
    auto e = proposal_to_event(p, lang, document, source_name, &why);
    if (e) {
      std::string id = derive_event_id(*e, lang);
      for (int n = 2; ids.count(id); ++n) id = fmt::format("{}-{}", derive_event_id(*e, lang), n);
      e->id = id;
      if (const auto problems = validate(*e, info); !problems.empty()) {
        e.reset();
        why = problems.front().diag.message;
      } else {
        ids.insert(id);
        out += fmt::format("{}# file: {}.toml\n{}", out.empty() ? "" : "\n", id, to_toml(*e, ""));
      }
    }
    if (!e)
      std::fprintf(stderr, "chronicle extract: proposal %zu (%s \"%s\") is not an event: %s\n",
                   i + 1, p.date.c_str(), p.title.c_str(), why.c_str());
  }
  return out;
}

// --review: the dialogue. What is matched and how events are built is ops/review.hpp's; here
// are the questions and the answers.

constexpr const char* k_review_keys =
    "a accept, s skip, t edit the title, d edit the date, p mark as planned, q quit";

/// How the date of `p` was found, in words.
std::string how_found(const proposal& p, const document_date& document) {
  std::string out;
  switch (p.year) {
    case year_source::text: out = "as the text gives it"; break;
    case year_source::document:
      out = fmt::format("year taken from the document date {}", to_edtf(document));
      break;
    case year_source::unknown: out = "year unknown"; break;
  }
  if (p.modifier != date_modifier::none)
    out += fmt::format("; the {} of the period", modifier_name(p.modifier));
  return out;
}

std::string show_item(const review_item& item, std::size_t n, std::size_t count,
                      const document_date& document, const std::string& lang) {
  const proposal& p = item.found;
  std::string out = fmt::format("\n[{}/{}] ", n, count);
  if (item.draft) {
    const std::string date = to_edtf(item.draft->date);
    out += date == p.date
               ? fmt::format("{}  ({}: \"{}\")\n", date, how_found(p, document),
                             p.evidence.front().date_text)
               : fmt::format("{}  (set at the review; the text gave {})\n", date, p.date);
    const auto* title = pick(item.draft->title, lang);
    out += fmt::format("  title:    {}\n", title ? *title : p.title);
    out += fmt::format("  status:   {}\n", to_string(item.draft->status));
  } else {
    out += fmt::format("{}  ({}: \"{}\")\n", p.date, how_found(p, document),
                       p.evidence.front().date_text);
    out += fmt::format("  title:    {}\n", p.title);
  }
  out += fmt::format("  places:   {}\n", place_list(p));
  if (!p.people.empty()) out += fmt::format("  people:   {}\n", people_list(p));
  for (const auto& e : p.evidence) out += fmt::format("  evidence: {}\n", e.sentence);
  if (!item.existing.empty())
    out += fmt::format("  already in the timeline: {} (not added again)\n", item.existing);
  else if (!item.draft)
    out += fmt::format("  not an event as it stands: {}; d gives it a date\n", item.why_not);
  return out;
}

/// ask(), with the answer echoed when it was not typed at a terminal, so that a transcript of a
/// scripted review reads as one at the terminal.
std::optional<std::string> answer(const std::string& prompt, const context& ctx) {
  auto a = ask(prompt);
  if (a && !ctx.stdin_is_terminal) std::fprintf(stderr, "%s\n", a->c_str());
  return a;
}

enum class verdict { accepted, skipped, quit };

/// Asks what to do with `item` until it is accepted or skipped, or the review ends.
verdict review_one(review_item& item, std::size_t n, std::size_t count, const timeline& t,
                   const std::string& lang, const document_date& document,
                   const std::string& source_name, const context& ctx) {
  std::fputs(show_item(item, n, count, document, lang).c_str(), stdout);
  std::fflush(stdout);
  if (!item.existing.empty()) return verdict::skipped;
  for (;;) {
    const auto key =
        answer(item.draft ? "Accept? [a/s/t/d/p/q]: " : "Give it a date? [d/s/q]: ", ctx);
    if (!key || *key == "q") return verdict::quit;
    if (*key == "s") return verdict::skipped;
    if (*key == "a" && item.draft) return verdict::accepted;
    if (*key == "t" && item.draft) {
      const auto title = answer("Title (Enter keeps it): ", ctx);
      if (!title) return verdict::quit;
      if (!title->empty()) item.draft->title[lang] = *title;
    } else if (*key == "p" && item.draft) {
      item.draft->status = status::planned;
    } else if (*key == "d") {
      for (;;) {
        const auto date = answer("Date (EDTF: 2024-02-08, 2024-03, 2024; Enter keeps it): ", ctx);
        if (!date) return verdict::quit;
        if (date->empty()) break;
        const auto why = set_review_date(item, *date, t, lang, document, source_name);
        if (why.empty()) break;
        std::fprintf(stderr, "  \"%s\" is not a date: %s; try again\n", date->c_str(), why.c_str());
      }
    } else {
      std::fprintf(stderr, "  \"%s\": expected one of %s\n", key->c_str(),
                   item.draft ? k_review_keys : "d give a date, s skip, q quit");
      continue;
    }
    std::fputs(show_item(item, n, count, document, lang).c_str(), stdout);
    std::fflush(stdout);
    if (!item.existing.empty()) return verdict::skipped;
  }
}

int run_review(const context& ctx, const std::vector<proposal>& proposals, const std::string& lang,
               const document_date& document, const std::string& file) {
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  auto items = review_items(base->timeline, proposals, lang, document, file);
  std::fputs(fmt::format("{} proposal{} from {}; keys: {}\n", items.size(),
                         items.size() == 1 ? "" : "s", file, k_review_keys)
                 .c_str(),
             stdout);
  std::vector<event> accepted;
  std::size_t n = 0;
  for (auto& item : items) {
    const auto v = review_one(item, ++n, items.size(), base->timeline, lang, document, file, ctx);
    if (v == verdict::quit) break;
    if (v == verdict::accepted) accepted.push_back(*item.draft);
  }
  if (accepted.empty()) {
    std::fputs("\nnothing added\n", stdout);
    return k_ok;
  }
  auto planned = plan_review(*base, accepted, lang, file, ctx.now, ctx.today());
  for (const auto& d : planned.diagnostics)
    complain(fmt::format("{}{}: {}", d.severity == severity::warning ? "warning: " : "", d.file,
                         d.message));
  if (!planned.ok()) return k_bad_data;
  const auto written = apply_plan(planned.value->plan, ctx.events_dir);
  std::string out =
      fmt::format("\nadded {} event{} (chronicle undo takes {} back):\n", written.size(),
                  written.size() == 1 ? "" : "s", written.size() == 1 ? "it" : "them all");
  for (const auto& w : written) out += fmt::format("  {}\n", w.path.string());
  std::fputs(out.c_str(), stdout);
  return k_ok;
}

int run_extract(const context& ctx, const extract_args& args) {
  if (args.review && args.file == "-")
    throw usage_error(
        "--review reads its answers from standard input; give the text as a FILE, not -");
  if (args.review && args.format != "text")
    throw usage_error("--review is a dialogue; it takes no --format");
  const std::string text = read_text(args.file);
  const std::string lang = args.lang == "auto" ? detect_language(text, "en") : args.lang;
  document_date document;
  std::string document_note;
  if (!args.dct.empty()) {
    document = parse_dct(args.dct);
  } else if (auto found = find_document_date(text, lang)) {
    document = *found;
    document_note = " (from the text's dateline)";
  }
  const auto dates = find_dates(text, lang, document);
  const auto proposals = propose_events(text, lang, document, dates);
  if (args.review) {
    std::fputs(fmt::format("document date: {}{}\n",
                           document.empty() ? "unknown" : to_edtf(document), document_note)
                   .c_str(),
               stdout);
    return run_review(ctx, proposals, lang, document, args.file);
  }
  if (args.format == "json") {
    std::fputs(extract_to_json(document, dates, proposals).c_str(), stdout);
    return k_ok;
  }
  if (args.format == "toml") {
    const std::string source_name = args.file == "-"
                                        ? std::string("standard input")
                                        : std::filesystem::path(args.file).filename().string();
    std::fputs(proposals_toml(proposals, lang, document, source_name).c_str(), stdout);
    return k_ok;
  }
  std::string out = fmt::format("document date: {}{}\n",
                                document.empty() ? "unknown" : to_edtf(document), document_note);
  for (const auto& d : dates) {
    std::string mod(modifier_name(d.modifier));
    out += fmt::format("{}-{}\t{}{}\t{}{}\n", d.begin, d.end, d.value, mod.empty() ? "" : " " + mod,
                       d.text, year_note(d, document));
  }
  if (dates.empty()) out += "no dates found\n";
  out += proposals_text(proposals);
  std::fputs(out.c_str(), stdout);
  return k_ok;
}

}  // namespace

void add_extract_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<extract_args>();
  auto* cmd = app.add_subcommand(
      "extract",
      "Find the dates of a news text, at the precision the text gives them, and the milestones "
      "they propose");
  cmd->add_option("FILE", args->file, "The text (UTF-8), or - for standard input")->required();
  cmd->add_option("--lang", args->lang,
                  "Language of the text: ru, en, or auto (from its script; the default)")
      ->check(CLI::IsMember({"ru", "en", "auto"}));
  cmd->add_option("--dct", args->dct,
                  "The document's date, for missing years and relative dates (default: the "
                  "text's dateline, else unknown: XXXX)")
      ->option_text("DATE");
  cmd->add_option("--format", args->format,
                  "Output: text (the default), json, or toml (each proposal as an event file)")
      ->check(CLI::IsMember({"text", "json", "toml"}));
  cmd->add_flag("--review", args->review,
                "Go through the proposals one by one (accept, skip, edit the title or date, mark "
                "as planned) and add the accepted ones to the timeline, as one change undo takes "
                "back; the answers are read from standard input, a terminal or a pipe");
  cmd->footer(
      "Examples:\n"
      "  chronicle extract sources/press-note-2024-02.ru.txt --dct 2024-02-12\n"
      "  chronicle extract news.txt --lang en --format json | jq '.proposals[].title'\n"
      "  chronicle extract sources/press-note-2024-02.ru.txt --dct 2024-02-12 --format toml\n"
      "  chronicle extract sources/press-note-2024-02.ru.txt --dct 2024-02-12 --review\n"
      "  curl -s URL | chronicle extract -");
  cmd->callback([&ctx, args] { ctx.exit = run_extract(ctx, *args); });
}

}  // namespace chronicle::cli
