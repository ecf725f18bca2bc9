#include "chronicle/render/details.hpp"

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/repetition.hpp"

namespace chronicle {

namespace {

std::string bold(std::string_view s, bool color) {
  return color ? fmt::format("\x1b[1m{}\x1b[0m", s) : std::string(s);
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

std::string title_of(const event& e, std::string_view lang) {
  const auto* s = pick(e.title, lang);
  return s ? *s : e.id;
}

std::string utc(date::sys_seconds s) {
  return date::format("%FT%TZ", s);
}

/// The languages of `text`, `lang` first.
std::vector<std::string> languages(const localized_text& text, std::string_view lang) {
  std::vector<std::string> out;
  if (text.contains(lang)) out.emplace_back(lang);
  for (const auto& [l, _] : text)
    if (l != lang) out.push_back(l);
  return out;
}

}  // namespace

std::string render_details(const timeline& t, const event& e, std::string_view lang, bool color,
                           const repetition_details* repeats) {
  std::string out = bold(title_of(e, lang), color) + "\n";
  out += field("id", e.id);
  if (e.time)
    out += field("date", format_when(e, lang));
  else
    out += field("date", fmt::format("{} ({})", format_date(e.date, lang), to_edtf(e.date)));
  if (repeats) out += field("repeats", describe_repetition(repeats->summary, e, lang));
  out += field("status", status_name(e.status, lang));
  if (e.place) {
    std::vector<std::string> parts;
    for (const auto* s : {&e.place->name, &e.place->city, &e.place->country})
      if (!s->empty()) parts.push_back(*s);
    out += field("place", fmt::format("{}", fmt::join(parts, ", ")));
    if (e.place->latitude && e.place->longitude)
      out += field("coordinates", fmt::format("{}, {}", *e.place->latitude, *e.place->longitude));
  }
  if (!e.tags.empty()) out += field("tags", fmt::format("{}", fmt::join(e.tags, ", ")));
  const auto shown = pick(e.title, lang);
  for (const auto& [l, text] : e.title)
    if (&text != shown) out += field(fmt::format("title ({})", l), text);
  out += field("uid", uid_of(e, t.info));
  out += field("revision", e.last_modified ? fmt::format("{}, last modified {}", e.revision,
                                                         utc(*e.last_modified))
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
    const auto heading =
        e.description.size() == 1 ? std::string("Description") : fmt::format("Description ({})", l);
    out += "\n" + bold(heading, color) + "\n" + indented(e.description.at(l), "  ");
  }
  if (!e.date_note.empty())
    out += "\n" + bold("About the date", color) + "\n" + indented(e.date_note, "  ");
  if (!e.participants.empty()) {
    out += "\n" + bold("Participants", color) + "\n";
    for (const auto& p : e.participants) {
      out += "  " + p.name;
      if (!p.role.empty()) out += " — " + p.role;
      if (!p.country.empty()) out += fmt::format(" ({})", p.country);
      out += "\n";
    }
  }
  if (!e.sources.empty()) {
    out += "\n" + bold("Sources", color) + "\n";
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

  // Relations both ways: those this event holds, and those other events hold to it.
  std::vector<std::string> lines;
  auto named = [&](const event* other, const std::string& id) {
    return other ? fmt::format("{} ({})", quote(title_of(*other, lang), lang), id)
                 : quote(id, lang);
  };
  for (const auto& r : e.relations) {
    const auto* target = find_event(t, r.target);
    const auto name = named(target, r.target);
    switch (r.kind) {
      case relation_kind::follows: {
        const auto gap = target ? format_interval(target->date, e.date, lang) : std::string{};
        lines.push_back(gap.empty() ? say(phrase::follows, lang, name)
                                    : say(phrase::after, lang, gap) + " " + name);
        break;
      }
      case relation_kind::part_of: lines.push_back(say(phrase::part_of, lang, name)); break;
      case relation_kind::related: lines.push_back(say(phrase::related_to, lang, name)); break;
    }
  }
  for (const auto& other : t.events) {
    if (other.id == e.id) continue;
    for (const auto& r : other.relations) {
      if (r.target != e.id) continue;
      const auto name = named(&other, other.id);
      switch (r.kind) {
        case relation_kind::follows: lines.push_back(say(phrase::followed_by, lang, name)); break;
        case relation_kind::part_of: lines.push_back(say(phrase::has_part, lang, name)); break;
        case relation_kind::related: {
          const bool mutual = std::any_of(e.relations.begin(), e.relations.end(), [&](auto& mine) {
            return mine.kind == relation_kind::related && mine.target == other.id;
          });
          if (!mutual) lines.push_back(say(phrase::related_to, lang, name));
          break;
        }
      }
    }
  }
  if (!lines.empty()) {
    out += "\n" + bold("Relations", color) + "\n";
    for (const auto& l : lines) out += "  " + l + "\n";
  }
  return out;
}

}  // namespace chronicle
