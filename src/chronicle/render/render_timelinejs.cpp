#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/render/formats.hpp"
#include "chronicle/render/html.hpp"
#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"

namespace chronicle {

namespace {

using nlohmann::ordered_json;

/// A TimelineJS date with only the parts of `p` that are known.
ordered_json date_object(const date_point& p) {
  ordered_json j;
  j["year"] = static_cast<int>(p.year);
  if (p.month) j["month"] = static_cast<unsigned>(*p.month);
  if (p.day) j["day"] = static_cast<unsigned>(*p.day);
  return j;
}

/// A TimelineJS date for a local clock time (TimelineJS has no notion of a zone).
ordered_json time_object(date::local_seconds t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{t - day};
  ordered_json j;
  j["year"] = static_cast<int>(ymd.year());
  j["month"] = static_cast<unsigned>(ymd.month());
  j["day"] = static_cast<unsigned>(ymd.day());
  j["hour"] = hms.hours().count();
  j["minute"] = hms.minutes().count();
  return j;
}

std::string paragraph(const std::string& html) {
  return "<p>" + html + "</p>";
}

/// The slide's body: description, place, status, relations and sources, as escaped HTML.
std::string body(const timeline& t, const event& e, std::string_view lang) {
  std::string out;
  if (const auto d = detail::pick_text(e.description, lang); !d.text.empty())
    out += paragraph(html_escape(d.text));
  if (e.place) out += paragraph(html_escape(detail::place_text(*e.place)));
  if (e.status != status::confirmed) out += paragraph(html_escape(status_name(e.status, lang)));
  for (const auto& r : detail::relation_phrases(t, e, lang, false))
    out += paragraph(html_escape(r.text()));
  std::vector<std::string> links;
  for (const auto& s : e.sources) {
    const auto label = html_escape(!s.title.empty()       ? s.title
                                   : !s.publisher.empty() ? s.publisher
                                                          : s.url);
    if (is_safe_link(s.url))
      links.push_back(fmt::format("<a href=\"{}\">{}</a>", html_escape(s.url), label));
    else
      links.push_back(label);
  }
  if (!links.empty()) out += paragraph(fmt::format("{}", fmt::join(links, "<br>")));
  return out;
}

}  // namespace

std::string render_timelinejs(const timeline& t, const std::vector<const event*>& events,
                              const list_options& o) {
  ordered_json root;
  if (const auto name = detail::pick_text(t.info.name, o.lang); !name.text.empty())
    root["title"] = {{"text", {{"headline", html_escape(name.text)}, {"text", ""}}}};
  ordered_json list = ordered_json::array();
  for (const auto* ep : events) {
    const auto& e = *ep;
    ordered_json j;
    j["unique_id"] = e.id;
    if (e.time) {
      j["start_date"] = time_object(e.time->start);
      if (e.time->end) j["end_date"] = time_object(*e.time->end);
    } else {
      j["start_date"] = date_object(e.date.start);
      if (e.date.end) j["end_date"] = date_object(*e.date.end);
    }
    // TimelineJS would show "March 2024" as a day in March, and knows neither "?" nor "c.":
    // Chronicle's own wording says what is known.
    if (e.date.precision() != precision::day || e.date.uncertain() || e.date.approximate() ||
        e.time)
      j["display_date"] = format_when(e, o.lang);
    j["text"] = {{"headline", html_escape(detail::title_of(e, o.lang))},
                 {"text", body(t, e, o.lang)}};
    if (!e.tags.empty()) j["group"] = e.tags.front();
    list.push_back(std::move(j));
  }
  root["events"] = std::move(list);
  return root.dump(2) + "\n";
}

}  // namespace chronicle
