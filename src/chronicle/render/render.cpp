#include "chronicle/render/render.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/render/wrap.hpp"

namespace chronicle {

namespace {

constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_cyan = "\x1b[36m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_dim = "\x1b[2m";
constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_match = "\x1b[1;31m";

std::string paint(std::string_view text, std::string_view code, bool color) {
  return color ? fmt::format("{}{}{}", code, text, k_reset) : std::string(text);
}

/// The widest date kept in the date column: a day in the longest month name Chronicle
/// writes ("30 сентября 2023"). Longer ones (times, ranges across months) get their own line.
constexpr std::size_t k_date_column = 16;

/// What `list` says of each relation: "4 months 20 days after “C5+1 summit”", "part of “…”".
std::vector<std::string> relation_lines(const timeline& t, const event& e, std::string_view lang) {
  std::vector<std::string> out;
  for (const auto& p : detail::relation_phrases(t, e, lang, false)) out.push_back(p.text());
  return out;
}

/// How `e` repeats, with the keys of its event file: `repeat`, `also`, `except`, `changed`.
nlohmann::ordered_json recurrence_json(const event& e) {
  using nlohmann::ordered_json;
  const auto dates = [](const std::vector<recurrence_date>& v) {
    auto out = ordered_json::array();
    for (const auto& d : v) out.push_back(to_string(d));
    return out;
  };
  const auto texts = [](const localized_text& t) {
    auto out = ordered_json::object();
    for (const auto& [lang, text] : t) out[lang] = text;
    return out;
  };
  ordered_json r = {{"repeat", e.recurrence.rule},
                    {"also", dates(e.recurrence.also)},
                    {"except", dates(e.recurrence.except)}};
  auto changed = ordered_json::array();
  for (const auto& c : e.changed) {
    ordered_json x = {{"occurrence", to_string(c.occurrence)}};
    if (c.and_following) x["and_following"] = true;
    if (c.start && c.all_day) {
      auto days = to_string(recurrence_date{*c.start, true, std::nullopt});
      if (c.end) days += "/" + to_string(recurrence_date{*c.end, true, std::nullopt});
      x["date"] = days;
    } else {
      if (c.start) x["start"] = format_local_time(*c.start);
      if (c.end) x["end"] = format_local_time(*c.end);
    }
    if (!c.tz.empty()) x["tz"] = c.tz;
    if (!c.title.empty()) x["title"] = texts(c.title);
    if (!c.description.empty()) x["description"] = texts(c.description);
    if (c.location) x["location"] = *c.location;
    if (c.status) x["status"] = std::string(to_string(*c.status));
    if (c.sequence) x["sequence"] = c.sequence;
    if (!c.ical_extra.empty()) x["ical_extra"] = c.ical_extra;
    changed.push_back(std::move(x));
  }
  r["changed"] = std::move(changed);
  return r;
}

/// `text` with what `o.highlight` finds in it painted.
std::string highlighted(const std::string& text, const list_options& o) {
  return o.highlight && o.color ? paint_spans(text, o.highlight(text), true) : text;
}

}  // namespace

std::string paint_spans(std::string_view text, const std::vector<word_span>& spans, bool color) {
  if (!color || spans.empty()) return std::string(text);
  std::string out;
  std::size_t at = 0;
  for (const auto& s : spans) {
    if (s.begin < at || s.end > text.size() || s.end < s.begin) continue;
    out.append(text.substr(at, s.begin - at));
    out += k_match;
    out.append(text.substr(s.begin, s.end - s.begin));
    out += k_reset;
    at = s.end;
  }
  out.append(text.substr(at));
  return out;
}

std::vector<const event*> select_events(const timeline& t, const list_options& o) {
  std::vector<const event*> out;
  for (const auto& e : t.events) {
    if (o.from && e.date.last_day() < o.from->first_day()) continue;
    if (o.to && e.date.first_day() > o.to->last_day()) continue;
    const bool tagged = std::all_of(o.tags.begin(), o.tags.end(), [&](const std::string& tag) {
      return std::find(e.tags.begin(), e.tags.end(), tag) != e.tags.end();
    });
    if (tagged) out.push_back(&e);
  }
  return out;
}

std::string render_text(const timeline& t, const std::vector<const event*>& events,
                        const list_options& o) {
  std::string out;
  if (const auto* name = pick(t.info.name, o.lang); name && o.headings)
    out += wrap(paint(fold_line_breaks(*name), k_bold, o.color), o.width, 0) + "\n";
  if (events.empty()) return out + "(no events)\n";
  std::vector<std::string> dates;
  std::size_t column = 0;
  for (const auto* e : events) {
    dates.push_back(fold_line_breaks(format_when(*e, o.lang)));
    if (!e->time && display_width(dates.back()) <= k_date_column)
      column = std::max(column, display_width(dates.back()));
  }
  const std::size_t hang = column + 4;
  const std::string indent(hang, ' ');
  const auto line = [&](const std::string& text, std::size_t continuation) {
    out += wrap(text, o.width, continuation) + "\n";
  };
  int year = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = *events[i];
    const int y = static_cast<int>(e.date.start.year);
    if (y != year && o.headings) {
      year = y;
      // Joined with fmt: `"\n" + paint(…)` makes GCC 12 warn falsely (-Wrestrict, GCC bug 105329).
      out += fmt::format("\n{}\n", paint(fmt::format("{}", y), k_bold, o.color));
    }
    const auto& when = dates[i];
    std::string head;
    if (e.time || display_width(when) > k_date_column) {
      line("  " + paint(when, k_cyan, o.color), 4);
      head = indent;
    } else {
      head = fmt::format("  {}{}  ", paint(when, k_cyan, o.color),
                         std::string(column - display_width(when), ' '));
    }
    head += highlighted(fold_line_breaks(detail::title_of(e, o.lang)), o);
    if (e.status != status::confirmed)
      head += fmt::format(
          " {}", paint(fmt::format("[{}]", status_name(e.status, o.lang)), k_yellow, o.color));
    line(head, hang);
    if (o.ids) line(indent + paint(e.id, k_dim, o.color), hang);
    if (e.place)
      line(indent + highlighted(fold_line_breaks(detail::place_text(*e.place)), o), hang);
    if (o.notes)
      for (const auto& note : o.notes(e)) line(indent + note, hang);
    for (const auto& r : relation_lines(t, e, o.lang))
      line(indent + paint(fold_line_breaks(r), k_dim, o.color), hang);
  }
  return out;
}

std::string render_json(const timeline& t, const std::vector<const event*>& events,
                        const list_options& o) {
  using nlohmann::ordered_json;
  auto texts = [](const localized_text& m) {
    ordered_json j = ordered_json::object();
    for (const auto& [k, v] : m) j[k] = v;
    return j;
  };
  ordered_json root;
  root["format"] = "chronicle-timeline";
  root["version"] = 1;
  root["timeline"] = {{"name", texts(t.info.name)},
                      {"default_language", t.info.default_language},
                      {"time_zone", t.info.time_zone},
                      {"uid_domain", t.info.uid_domain}};
  ordered_json list = ordered_json::array();
  for (const auto* ep : events) {
    const auto& e = *ep;
    ordered_json j;
    j["id"] = e.id;
    j["uid"] = uid_of(e, t.info);
    j["title"] = texts(e.title);
    j["date"] = {{"edtf", to_edtf(e.date)},
                 {"precision", std::string(detail::precision_name(e.date.precision()))},
                 {"first_day", detail::iso_day(e.date.first_day())},
                 {"last_day", detail::iso_day(e.date.last_day())},
                 {"uncertain", e.date.uncertain()},
                 {"approximate", e.date.approximate()},
                 {"display", format_when(e, o.lang)}};
    if (e.time) {
      const auto* zone = date::locate_zone(e.time->tz);
      ordered_json tj = {
          {"start", detail::iso_second(e.time->start)},
          {"tz", e.time->tz},
          {"start_utc", detail::iso_utc(zone->to_sys(e.time->start, date::choose::earliest))}};
      if (e.time->end) {
        tj["end"] = detail::iso_second(*e.time->end);
        tj["end_utc"] = detail::iso_utc(zone->to_sys(*e.time->end, date::choose::earliest));
      }
      j["time"] = tj;
    } else {
      j["time"] = nullptr;
    }
    if (e.place) {
      ordered_json pj = {
          {"name", e.place->name}, {"city", e.place->city}, {"country", e.place->country}};
      if (e.place->latitude) {
        pj["latitude"] = *e.place->latitude;
        pj["longitude"] = *e.place->longitude;
      }
      j["place"] = pj;
    } else {
      j["place"] = nullptr;
    }
    j["participants"] = ordered_json::array();
    for (const auto& p : e.participants)
      j["participants"].push_back({{"name", p.name}, {"role", p.role}, {"country", p.country}});
    j["status"] = std::string(to_string(e.status));
    j["tags"] = e.tags;
    j["description"] = texts(e.description);
    j["sources"] = ordered_json::array();
    for (const auto& s : e.sources)
      j["sources"].push_back({{"url", s.url},
                              {"publisher", s.publisher},
                              {"title", s.title},
                              {"language", s.language},
                              {"published", s.published}});
    j["relations"] = ordered_json::array();
    for (const auto& r : e.relations)
      j["relations"].push_back({{"type", std::string(to_string(r.kind))}, {"id", r.target}});
    j["date_note"] = e.date_note;
    // Only on events imported with them, so that other events read as before.
    if (!e.recurrence.empty() || !e.changed.empty()) j["recurrence"] = recurrence_json(e);
    if (e.occurrence)
      j["occurrence"] = {
          {"recurrence_id", e.time ? date::format("%FT%T", e.occurrence->recurrence_id)
                                   : date::format("%F", e.occurrence->recurrence_id)},
          {"changed", e.occurrence->changed}};
    if (!e.ical_extra.empty()) j["ical_extra"] = e.ical_extra;
    j["revision"] = e.revision;
    j["last_modified"] =
        e.last_modified ? ordered_json(detail::iso_utc(*e.last_modified)) : ordered_json(nullptr);
    list.push_back(std::move(j));
  }
  root["events"] = std::move(list);
  return root.dump(2) + "\n";
}

std::string render_markdown(const timeline& t, const std::vector<const event*>& events,
                            const list_options& o) {
  auto cell = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '|')
        out += "\\|";
      else if (c == '\n' || c == '\r')
        out += ' ';
      else
        out += c;
    }
    return out;
  };
  const bool ru = o.lang == "ru";
  std::string out;
  if (const auto* name = pick(t.info.name, o.lang)) out += "# " + cell(*name) + "\n\n";
  out += ru ? "| Дата | Событие | Место | Статус |\n" : "| Date | Event | Place | Status |\n";
  out += "| --- | --- | --- | --- |\n";
  std::vector<const source_ref*> notes;
  for (const auto* e : events) {
    std::string what = cell(detail::title_of(*e, o.lang));
    for (const auto& r : relation_lines(t, *e, o.lang)) what += "<br>" + cell(r);
    for (const auto& s : e->sources) {
      auto it =
          std::find_if(notes.begin(), notes.end(), [&](const source_ref* n) { return *n == s; });
      if (it == notes.end()) it = notes.insert(notes.end(), &s);
      what += fmt::format("[^{}]", it - notes.begin() + 1);
    }
    out += fmt::format("| {} | {} | {} | {} |\n", cell(format_when(*e, o.lang)), what,
                       e->place ? cell(detail::place_text(*e->place)) : "",
                       status_name(e->status, o.lang));
  }
  if (!notes.empty()) out += "\n";
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const auto& s = *notes[i];
    std::vector<std::string> parts;
    if (!s.publisher.empty()) parts.push_back(s.publisher);
    if (!s.title.empty())
      parts.push_back(s.url.empty() ? "“" + s.title + "”"
                                    : fmt::format("[{}]({})", s.title, s.url));
    else if (!s.url.empty())
      parts.push_back(fmt::format("<{}>", s.url));
    if (!s.published.empty()) parts.push_back(s.published);
    out += fmt::format("[^{}]: {}\n", i + 1, fmt::join(parts, ", "));
  }
  return out;
}

}  // namespace chronicle
