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
#include "chronicle/store/storage.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

/// The largest text `extract` reads: 64 MiB (a file or standard input).
constexpr std::uintmax_t k_max_text_bytes = std::uintmax_t{64} << 20;

struct extract_args {
  std::string file;
  std::string lang = "auto";
  std::string dct;
  std::string format = "text";
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

std::string proposals_text(const std::vector<proposal>& proposals) {
  std::string out = proposals.empty() ? "\nno proposals\n" : "\nproposals:\n";
  for (const auto& p : proposals) {
    std::string mod(modifier_name(p.modifier));
    out += fmt::format("{}{}\t{}\n  places: {}\n", p.date, mod.empty() ? "" : " " + mod, p.title,
                       place_list(p));
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

int run_extract(const extract_args& args) {
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
  const auto proposals = propose_events(text, lang, document);
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
  cmd->footer(
      "Examples:\n"
      "  chronicle extract sources/press-note-2024-02.ru.txt --dct 2024-02-12\n"
      "  chronicle extract news.txt --lang en --format json | jq '.proposals[].title'\n"
      "  chronicle extract sources/press-note-2024-02.ru.txt --dct 2024-02-12 --format toml\n"
      "  curl -s URL | chronicle extract -");
  cmd->callback([&ctx, args] { ctx.exit = run_extract(*args); });
}

}  // namespace chronicle::cli
