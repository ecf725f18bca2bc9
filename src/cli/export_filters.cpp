#include "export_filters.hpp"

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

edtf_date parse_bound(const std::string& text, const char* option) {
  auto parsed = parse_edtf(text);
  if (!parsed.value) throw usage_error(fmt::format("{} \"{}\": {}", option, text, parsed.error));
  return *parsed.value;
}

}  // namespace

void add_export_filters(CLI::App& cmd, export_filters& f) {
  cmd.add_option("--lang", f.lang,
                 "Language of dates and titles: en or ru (default: CHRONICLE_LANG, else the "
                 "configuration file's language, else the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd.add_option("--from", f.from, "Only events that end on or after this EDTF date")
      ->option_text("EDTF");
  cmd.add_option("--to", f.to, "Only events that start on or before this EDTF date")
      ->option_text("EDTF");
  cmd.add_option("--tag", f.tags, "Only events with this tag (repeat to require several)")
      ->option_text("TAG");
}

list_options to_list_options(const export_filters& f, const std::string& default_language) {
  list_options o;
  if (!f.from.empty()) o.from = parse_bound(f.from, "--from");
  if (!f.to.empty()) o.to = parse_bound(f.to, "--to");
  if (o.from && o.to && o.to->last_day() < o.from->first_day())
    throw usage_error(fmt::format("--to \"{}\" is before --from \"{}\"", f.to, f.from));
  o.tags = f.tags;
  o.lang = f.lang.empty() ? default_language : f.lang;
  return o;
}

}  // namespace chronicle::cli
