#include "chronicle/render/details.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/render/repetition.hpp"
#include "chronicle/render/wrap.hpp"

namespace chronicle {

namespace {

std::string bold(std::string_view s, bool color) {
  return color ? fmt::format("\x1b[1m{}\x1b[0m", s) : std::string(s);
}

/// A section's heading, after a blank line. (Written with fmt rather than `"\n" + bold(…)`, which
/// makes GCC 12 warn falsely with -Wrestrict at -O2 and above: GCC bug 105329.)
std::string heading(std::string_view title, bool color) {
  return fmt::format("\n{}\n", bold(title, color));
}

std::string field(std::string_view label, std::string_view value) {
  return fmt::format("  {:<14}{}\n", label, value);
}

/// `text` with every line indented by `indent`.
std::string indented(std::string_view text, std::string_view indent) {
  std::string out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    out += line.empty() ? "\n" : fmt::format("{}{}\n", indent, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

/// The languages of `text`, `lang` first.
std::vector<std::string> languages(const localized_text& text, std::string_view lang) {
  std::vector<std::string> out;
  if (text.contains(lang)) out.emplace_back(lang);
  for (const auto& [l, _] : text)
    if (l != lang) out.push_back(l);
  return out;
}

/// `text` (lines as details_text lays them out) broken to `width` columns, each line with the
/// hanging indent its kind wants: a field's value goes on under the value (column 16), a
/// numbered source under its text, other lines under their own start; ids, UIDs, paths and web
/// addresses are never broken; 0 leaves it as it is.
std::string fit_to_width(const std::string& text, std::size_t width) {
  if (width == 0) return text;
  std::string out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const auto line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    const auto lead = std::min(line.find_first_not_of(' '), line.size());
    std::size_t indent = lead == 0 ? 2 : lead;
    if (lead == 2 && line.size() > 16 && line[14] == ' ' && line[15] == ' ' && line[16] != ' ')
      indent = 16;  // "  label         value"
    else if (lead == 2 && line.size() > 4 && std::isdigit(static_cast<unsigned char>(line[2])))
      indent = std::min(line.find(". ", 2) + 2, line.size());  // "  1. source"
    // Ids, UIDs, paths and web addresses stay whole, so that they can be copied.
    const auto value = line.substr(std::min(indent, line.size()));
    const bool whole = (indent == 16 && (line.starts_with("  id ") || line.starts_with("  uid ") ||
                                         line.starts_with("  file "))) ||
                       (lead > 0 && line.substr(lead).find(' ') == std::string_view::npos) ||
                       value.starts_with("http://") || value.starts_with("https://");
    out += whole ? std::string(line) : wrap(line, width, indent);
    out += '\n';
  }
  return out;
}

}  // namespace

/// The details, one line per field, unwrapped.
std::string details_text(const timeline& t, const event& e, std::string_view lang, bool color,
                         const repetition_details* repeats) {
  std::string out = bold(detail::title_of(e, lang), color) + "\n";
  out += field("id", e.id);
  // The date as `list` says it; a date without a time also as written in the event file.
  out += field("date", e.time ? format_when(e, lang)
                              : fmt::format("{} ({})", format_date(e.date, lang), to_edtf(e.date)));
  if (repeats) out += field("repeats", describe_repetition(repeats->summary, e, lang));
  out += field("status", status_name(e.status, lang));
  if (e.place) {
    out += field("place", detail::place_text(*e.place));
    if (e.place->latitude && e.place->longitude)
      out += field("coordinates", fmt::format("{}, {}", *e.place->latitude, *e.place->longitude));
  }
  if (!e.tags.empty()) out += field("tags", fmt::format("{}", fmt::join(e.tags, ", ")));
  const auto shown = pick(e.title, lang);
  for (const auto& [l, text] : e.title)
    if (&text != shown) out += field(fmt::format("title ({})", l), text);
  out += field("uid", uid_of(e, t.info));
  out += field("revision", e.last_modified ? fmt::format("{}, last modified {}", e.revision,
                                                         detail::iso_utc(*e.last_modified))
                                           : fmt::format("{}", e.revision));
  if (!e.file.empty()) out += field("file", e.file);
  if (repeats) {
    out += "\n" + bold("Next occurrences", color) + "\n";
    if (repeats->next.empty()) out += "  (none)\n";
    for (const auto& o : repeats->next) {
      auto line = "  " + format_when(o, lang);
      if (const auto* title = pick(o.title, lang); title && o.title != e.title)
        line += "  " + *title;
      if (o.status != status::confirmed) line += fmt::format(" [{}]", status_name(o.status, lang));
      out += line + "\n";
    }
  }

  for (const auto& l : languages(e.description, lang)) {
    const auto title =
        e.description.size() == 1 ? std::string("Description") : fmt::format("Description ({})", l);
    out += heading(title, color) + indented(e.description.at(l), "  ");
  }
  if (!e.date_note.empty()) out += heading("About the date", color) + indented(e.date_note, "  ");
  if (!e.participants.empty()) {
    out += heading("Participants", color);
    for (const auto& p : e.participants) {
      out += "  " + p.name;
      if (!p.role.empty()) out += " — " + p.role;
      if (!p.country.empty()) out += fmt::format(" ({})", p.country);
      out += "\n";
    }
  }
  if (!e.sources.empty()) {
    out += heading("Sources", color);
    int n = 0;
    for (const auto& s : e.sources) {
      std::vector<std::string> parts;
      for (const auto* x : {&s.publisher, &s.title, &s.published})
        if (!x->empty()) parts.push_back(*x);
      auto line = parts.empty() ? s.url : fmt::format("{}", fmt::join(parts, ", "));
      if (!s.language.empty()) line += fmt::format(" ({})", s.language);
      out += fmt::format("  {}. {}\n", ++n, line);
      if (!parts.empty() && !s.url.empty()) out += fmt::format("     {}\n", s.url);
    }
  }

  // Relations both ways: those this event holds, and those other events hold to it, each
  // other event named with its id. A relation "related" held both ways is said once.
  std::vector<std::string> lines;
  const auto mutual = [&](const detail::relation_phrase& p) {
    return std::any_of(e.relations.begin(), e.relations.end(), [&](const relation& mine) {
      return mine.kind == relation_kind::related && mine.target == p.other_id;
    });
  };
  for (const auto& p : detail::relation_phrases(t, e, lang, true)) {
    if (p.inverse && (p.other_id == e.id || (p.kind == relation_kind::related && mutual(p))))
      continue;
    const auto name = p.other ? fmt::format("{} ({})", p.name, p.other_id) : p.name;
    lines.push_back(p.before + name + p.after);
  }
  if (!lines.empty()) {
    out += heading("Relations", color);
    for (const auto& l : lines) out += "  " + l + "\n";
  }
  return out;
}

std::string render_details(const timeline& t, const event& e, std::string_view lang, bool color,
                           const repetition_details* repeats, std::size_t width) {
  return fit_to_width(details_text(t, e, lang, color, repeats), width);
}

}  // namespace chronicle
