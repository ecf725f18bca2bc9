#include <fmt/format.h>

#include "chronicle/render/formats.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"

namespace chronicle {

namespace {

constexpr std::string_view k_columns[] = {
    "id",        "date",         "display_date", "precision", "first_day", "last_day",
    "uncertain", "approximate",  "start",        "end",       "time_zone", "title",
    "place",     "city",         "country",      "latitude",  "longitude", "status",
    "tags",      "participants", "description",  "sources",   "relations", "date_note"};

/// One RFC 4180 field: quoted when it holds a comma, a quote or a line break.
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string participant_text(const participant& p) {
  std::vector<std::string> about;
  if (!p.role.empty()) about.push_back(p.role);
  if (!p.country.empty()) about.push_back(p.country);
  return about.empty() ? p.name : fmt::format("{} ({})", p.name, fmt::join(about, ", "));
}

std::string source_text(const source_ref& s) {
  std::vector<std::string> parts;
  for (const auto* v : {&s.publisher, &s.title, &s.published, &s.url})
    if (!v->empty()) parts.push_back(*v);
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string render_csv(const timeline& /*t*/, const std::vector<const event*>& events,
                       const list_options& o) {
  std::string out;
  auto row = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += ',';
      out += field(cells[i]);
    }
    out += "\r\n";
  };
  row({std::begin(k_columns), std::end(k_columns)});
  for (const auto* ep : events) {
    const auto& e = *ep;
    std::vector<std::string> cells;
    cells.push_back(e.id);
    cells.push_back(to_edtf(e.date));
    cells.push_back(format_when(e, o.lang));
    cells.push_back(std::string(detail::precision_name(e.date.precision())));
    cells.push_back(detail::iso_day(e.date.first_day()));
    cells.push_back(detail::iso_day(e.date.last_day()));
    cells.push_back(e.date.uncertain() ? "true" : "false");
    cells.push_back(e.date.approximate() ? "true" : "false");
    cells.push_back(e.time ? detail::iso_minute(e.time->start) : "");
    cells.push_back(e.time && e.time->end ? detail::iso_minute(*e.time->end) : "");
    cells.push_back(e.time ? e.time->tz : "");
    cells.push_back(detail::title_of(e, o.lang));
    cells.push_back(e.place ? e.place->name : "");
    cells.push_back(e.place ? e.place->city : "");
    cells.push_back(e.place ? e.place->country : "");
    cells.push_back(e.place && e.place->latitude ? fmt::format("{}", *e.place->latitude) : "");
    cells.push_back(e.place && e.place->longitude ? fmt::format("{}", *e.place->longitude) : "");
    cells.push_back(std::string(to_string(e.status)));
    cells.push_back(fmt::format("{}", fmt::join(e.tags, "; ")));
    std::vector<std::string> list;
    for (const auto& p : e.participants) list.push_back(participant_text(p));
    cells.push_back(fmt::format("{}", fmt::join(list, "; ")));
    cells.push_back(detail::pick_text(e.description, o.lang).text);
    list.clear();
    for (const auto& s : e.sources) list.push_back(source_text(s));
    cells.push_back(fmt::format("{}", fmt::join(list, "\n")));
    list.clear();
    for (const auto& r : e.relations)
      list.push_back(fmt::format("{} {}", to_string(r.kind), r.target));
    cells.push_back(fmt::format("{}", fmt::join(list, "; ")));
    cells.push_back(e.date_note);
    row(cells);
  }
  return out;
}

}  // namespace chronicle
