#include "chronicle/render/html.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "chronicle/render/localize.hpp"
#include "chronicle/render/presentation.hpp"

namespace chronicle {

namespace {

// ---------------------------------------------------------------------------------------------
// Words of the page itself. Dates, intervals, relations and statuses come from localize.hpp.

struct page_words {
  std::string_view skip, chart, chart_label, legend, events, count, span_sep, no_events;
  std::string_view legend_day, legend_band, legend_bar, legend_uncertain, legend_approximate;
  std::string_view legend_planned, legend_cancelled, legend_follows, legend_part_of, legend_related;
  std::string_view known_day, known_month, known_year, known_time;
  std::string_view place, status, participants, tags, relations, sources, date_note, footer;
};

constexpr page_words k_english{
    "Skip to the list of events",
    "Timeline",
    "Events on a time axis proportional to time. The same events, with all details, are listed "
    "below.",
    "How to read the chart",
    "Events",
    "Events: {}",
    " – ",
    "No events.",
    "a point: the day is known",
    "a band: only the month or year is known; the event lies somewhere inside it",
    "a bar: a range of dates, from its first to its last day",
    "dashed outline and “?”: the date is uncertain",
    "faded, with “c.”: the date is approximate",
    "hollow: planned or tentative",
    "crossed out: cancelled",
    "arrow: follows",
    "dotted line: part of",
    "dashed line: related",
    "known to the day",
    "known to the month",
    "known to the year",
    "local time",
    "Place",
    "Status",
    "Participants",
    "Tags",
    "Relations",
    "Sources",
    "How the date is known",
    "Made with Chronicle. Dates are shown at the precision the sources give."};

constexpr page_words k_russian{
    "Перейти к списку событий",
    "Хронология",
    "События на оси времени, пропорциональной времени. Те же события со всеми подробностями "
    "перечислены ниже.",
    "Как читать диаграмму",
    "События",
    "Событий: {}",
    " – ",
    "Событий нет.",
    "точка: известен день",
    "полоса: известен только месяц или год; событие произошло где-то внутри",
    "отрезок: период дат, от первого до последнего дня",
    "пунктирный контур и «?»: дата недостоверна",
    "бледнее, с «ок.»: дата приблизительна",
    "полый знак: запланировано или предварительно",
    "перечёркнуто: отменено",
    "стрелка: следует за",
    "точечная линия: часть события",
    "штриховая линия: связано",
    "с точностью до дня",
    "с точностью до месяца",
    "с точностью до года",
    "местное время",
    "Место",
    "Статус",
    "Участники",
    "Теги",
    "Связи",
    "Источники",
    "Как установлена дата",
    "Создано в Chronicle. Даты показаны с той точностью, которую дают источники."};

const page_words& words(std::string_view lang) {
  return lang == "ru" ? k_russian : k_english;
}

std::string_view page_language(std::string_view lang) {
  return lang == "ru" ? "ru" : "en";
}

// ---------------------------------------------------------------------------------------------
// Text metrics. The layout is computed here, so label widths are estimated from per-character
// advances of DejaVu Sans (among the widest common sans-serif faces, so estimates stay on the
// safe side for narrower fonts) plus a margin.

/// Decodes one code point of UTF-8 at `i`, advancing `i`; invalid bytes count as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i++]);
  if (b < 0x80) return b;
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  char32_t c = extra == 3 ? (b & 0x07u) : extra == 2 ? (b & 0x0Fu) : (b & 0x1Fu);
  if (extra == 0) return U'\uFFFD';
  while (extra-- > 0 && i < s.size()) c = (c << 6) | (static_cast<unsigned char>(s[i++]) & 0x3Fu);
  return c;
}

/// Advance width of `c` in em.
double advance(char32_t c) {
  if (c == U' ') return 0.32;
  if (c < 0x80) {
    const auto a = static_cast<char>(c);
    if (std::string_view("iljI.,:;'!|").find(a) != std::string_view::npos) return 0.32;
    if (std::string_view("ftr()[]{}/\\-\"J").find(a) != std::string_view::npos) return 0.42;
    if (std::string_view("mMW").find(a) != std::string_view::npos) return 0.99;
    if (std::string_view("w&%@").find(a) != std::string_view::npos) return 0.9;
    if (a >= 'A' && a <= 'Z') return 0.73;
    return 0.64;
  }
  if (c >= 0x0400 && c <= 0x04FF) {
    if (std::u32string_view(U"ЖМФШЩЫЮжмфшщыю").find(c) != std::u32string_view::npos) return 1.08;
    if ((c >= 0x0400 && c <= 0x042F)) return 0.75;
    return 0.62;
  }
  if (c == U'…' || c == U'—' || c == U'№') return 1.0;
  if (c == U'–' || c == U'“' || c == U'”' || c == U'«' || c == U'»' || c == U'’') return 0.62;
  if (c >= 0x2E80) return 1.05;  // CJK and other wide scripts
  return 0.8;
}

double text_width(std::string_view s, double font_px, bool bold) {
  double em = 0;
  for (std::size_t i = 0; i < s.size();) em += advance(next_code_point(s, i));
  return em * font_px * (bold ? 1.12 : 1.0);
}

/// `text` broken at spaces into at most `max_lines` lines of at most `width` px; the last line
/// ends in "…" when text is left over.
std::vector<std::string> wrap(std::string_view text, double font_px, bool bold, double width,
                              std::size_t max_lines) {
  std::vector<std::string> words_list;
  for (std::size_t at = 0; at <= text.size();) {
    const auto end = std::min(text.find(' ', at), text.size());
    if (end > at) words_list.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  std::vector<std::string> lines;
  std::string line;
  std::size_t i = 0;
  for (; i < words_list.size(); ++i) {
    const auto candidate = line.empty() ? words_list[i] : line + " " + words_list[i];
    if (text_width(candidate, font_px, bold) <= width || line.empty()) {
      line = candidate;
      continue;
    }
    lines.push_back(line);
    line = words_list[i];
    if (lines.size() == max_lines) break;
  }
  if (lines.size() < max_lines && !line.empty()) {
    lines.push_back(line);
    line.clear();
    i = words_list.size();
  }
  const bool cut = i < words_list.size() || !line.empty();
  if (lines.empty()) return {std::string(text)};
  if (cut) lines.back() += " …";
  // A word wider than the line: cut it to fit.
  for (auto& l : lines)
    while (text_width(l, font_px, bold) > width && detail::code_points(l) > 2)
      l = detail::truncate(l, detail::code_points(l) - 1);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Escaping and small output helpers.

std::string num(double v) {
  auto s = fmt::format("{:.1f}", v);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

std::string lang_attr(const std::string& text_lang, std::string_view page_lang) {
  return text_lang.empty() || text_lang == page_lang
             ? std::string{}
             : fmt::format(" lang=\"{}\"", html_escape(text_lang));
}

/// The machine-readable form of an event's date for `<time datetime>`.
std::string datetime_of(const event& e) {
  if (e.time) return detail::iso_minute(e.time->start);
  const auto& p = e.date.start;
  switch (p.precision()) {
    case precision::day: return detail::iso_day(p.first_day());
    case precision::month: return date::format("%Y-%m", p.first_day());
    case precision::year: return fmt::format("{:04}", static_cast<int>(p.year));
  }
  return detail::iso_day(p.first_day());
}

// ---------------------------------------------------------------------------------------------
// The time axis: instants as days since 1970 (UTC), so that positions follow the timeline's
// chronological order exactly. Day dates begin and end at midnight in the timeline's zone.

using days_d = double;

days_d to_axis(date::sys_seconds s) {
  return static_cast<double>(s.time_since_epoch().count()) / 86400.0;
}

enum class shape { point, band, bar };

std::string_view shape_name(shape s) {
  switch (s) {
    case shape::point: return "point";
    case shape::band: return "band";
    case shape::bar: return "bar";
  }
  return "point";
}

/// One event as drawn.
struct item {
  const event* e = nullptr;
  shape kind = shape::point;
  days_d t0 = 0, t1 = 0;  ///< where it lies; for a point both are its instant
  std::string title, title_lang, when;
  std::string classes;  ///< CSS classes for precision, certainty and status
  // Geometry, per chart.
  double a0 = 0, a1 = 0;  ///< along the axis: mark start and end (equal for points)
  double c = 0;           ///< across the axis: the mark's centre line
  int row = 0;
};

struct axis {
  days_d d0 = 0, d1 = 1;
  double p0 = 0, p1 = 1;
  double operator()(days_d t) const { return p0 + (t - d0) * (p1 - p0) / (d1 - d0); }
};

/// A tick of the axis: the start of a year or month, at local midnight in the timeline's zone.
struct tick {
  days_d at = 0;
  bool year = false;
  std::string label;  ///< empty when not labelled
};

days_d local_midnight(const date::time_zone& zone, date::year_month_day ymd) {
  return to_axis(zone.to_sys(date::local_days{ymd}, date::choose::earliest));
}

date::year_month_day local_day(const date::time_zone& zone, days_d t) {
  const date::sys_seconds s{std::chrono::seconds{static_cast<std::int64_t>(std::floor(t * 86400))}};
  return date::year_month_day{date::floor<date::days>(zone.to_local(s))};
}

/// "Mar", "март": a month's name without its year.
std::string month_label(date::year_month ym, std::string_view lang) {
  edtf_date d;
  d.start.year = ym.year();
  d.start.month = ym.month();
  auto text = format_date(d, lang);
  if (const auto space = text.rfind(' '); space != std::string::npos) text.resize(space);
  return text;
}

struct domain {
  days_d d0 = 0, d1 = 1;
  std::string from, to;    ///< the local days the axis starts and ends at, ISO 8601
  double label_width = 0;  ///< the widest tick label, in px
  std::vector<tick> ticks;
};

/// The whole months (or years, for long spans) around the events, with ticks labelled as often
/// as `px` pixels along the axis leave room for.
domain make_domain(const std::vector<item>& items, const date::time_zone& zone, double px,
                   std::string_view lang, bool horizontal) {
  days_d lo = items.front().t0, hi = items.front().t1;
  for (const auto& it : items) {
    lo = std::min(lo, it.t0);
    hi = std::max(hi, it.t1);
  }
  const auto first = local_day(zone, lo);
  auto last = local_day(zone, std::max(lo, hi - 1e-6));
  date::year_month from = first.year() / first.month();
  date::year_month to = last.year() / last.month() + date::months{1};
  const auto months = (to - from).count();
  const bool by_year = months > 96;
  if (by_year) {
    from = first.year() / date::January;
    to = (last.year() + date::years{1}) / date::January;
  }
  domain d;
  d.d0 = local_midnight(zone, from / 1);
  d.d1 = local_midnight(zone, to / 1);
  d.from = detail::iso_day(date::sys_days{from / 1});
  d.to = detail::iso_day(date::sys_days{to / 1});
  const double px_per_day = px / (d.d1 - d.d0);
  const double year_px = px_per_day * 365.25;
  const double month_px = year_px / 12;
  // Years: every 1, 2, 5, 10, ... years so that labels keep apart.
  const double need = horizontal ? 56 : 30;
  int step = 1;
  for (int k : {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000}) {
    step = k;
    if (year_px * k >= need) break;
  }
  // Months: labelled every month, every quarter, or not at all.
  double widest = 0;
  for (unsigned m = 1; m <= 12; ++m)
    widest = std::max(widest,
                      text_width(month_label(date::year{2000} / date::month{m}, lang), 11, false));
  const double month_need = horizontal ? widest + 10 : 15;
  const int month_every = month_px >= month_need ? 1 : month_px * 3 >= month_need ? 3 : 0;
  d.label_width = std::max(text_width("0000", 13, true), month_every > 0 ? widest : 0.0);
  for (auto ym = from; ym < to; ym += date::months{1}) {
    const bool january = ym.month() == date::January;
    const int y = static_cast<int>(ym.year());
    const bool labelled_year = y % step == 0;
    const auto at = local_midnight(zone, ym / 1);
    // The axis names its first year even when it does not start in January.
    if (january || ym == from) {
      if (labelled_year || year_px >= 4 || ym == from)
        d.ticks.push_back({at, true, labelled_year || ym == from ? fmt::format("{}", y) : ""});
    }
    if (january || month_px < 5) continue;  // a January is its year's tick; too dense to draw
    const bool labelled_month =
        month_every > 0 &&
        (static_cast<unsigned>(ym.month()) - 1) % static_cast<unsigned>(month_every) == 0;
    d.ticks.push_back({at, false, labelled_month ? month_label(ym, lang) : ""});
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Drawing shared by both charts.

std::string event_title_tooltip(const item& it) {
  return fmt::format("<title>{} — {}</title>", html_escape(it.when), html_escape(it.title));
}

std::string group_open(const item& it, std::string_view extra) {
  const auto& e = *it.e;
  return fmt::format(
      "<g class=\"ev{}\" data-event-id=\"{}\" data-precision=\"{}\" data-shape=\"{}\" "
      "data-start=\"{}\" data-end=\"{}\" data-pos=\"{}\"{}>",
      it.classes, html_escape(e.id), detail::precision_name(e.date.precision()),
      shape_name(it.kind), detail::iso_day(e.date.first_day()), detail::iso_day(e.date.last_day()),
      num(it.a0),
      e.time ? fmt::format(" data-time=\"{}\"", html_escape(datetime_of(e))) + std::string(extra)
             : std::string(extra));
}

std::string link_open(const item& it) {
  return fmt::format("<a href=\"#ev-{}\" tabindex=\"-1\">", html_escape(it.e->id));
}

/// The mark of `it` along a horizontal (`horizontal`) or vertical axis.
std::string draw_mark(const item& it, bool horizontal) {
  std::string out;
  const auto rect = [&](double a0, double a1, double thick, double rx) {
    const double len = std::max(a1 - a0, 3.0);
    const double start = a1 - a0 < 3.0 ? (a0 + a1) / 2 - 1.5 : a0;
    return horizontal ? fmt::format(
                            "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" "
                            "height=\"{}\" rx=\"{}\"/>",
                            num(start), num(it.c - thick / 2), num(len), num(thick), num(rx))
                      : fmt::format(
                            "<rect class=\"mark\" x=\"{}\" y=\"{}\" width=\"{}\" "
                            "height=\"{}\" rx=\"{}\"/>",
                            num(it.c - thick / 2), num(start), num(thick), num(len), num(rx));
  };
  switch (it.kind) {
    case shape::point:
      out = horizontal ? fmt::format("<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"5.5\"/>",
                                     num(it.a0), num(it.c))
                       : fmt::format("<circle class=\"mark\" cx=\"{}\" cy=\"{}\" r=\"5\"/>",
                                     num(it.c), num(it.a0));
      break;
    case shape::band: out = rect(it.a0, it.a1, horizontal ? 14 : 9, 2); break;
    case shape::bar: out = rect(it.a0, it.a1, horizontal ? 8 : 6, 3); break;
  }
  if (it.e->status == status::cancelled) {
    const double m = it.kind == shape::point ? it.a0 : (it.a0 + it.a1) / 2;
    out += horizontal ? fmt::format("<path class=\"strike\" d=\"M{} {}L{} {}\"/>", num(m - 7),
                                    num(it.c + 7), num(m + 7), num(it.c - 7))
                      : fmt::format("<path class=\"strike\" d=\"M{} {}L{} {}\"/>", num(it.c - 7),
                                    num(m + 7), num(it.c + 7), num(m - 7));
  }
  return out;
}

std::string arrow_defs(std::string_view prefix) {
  return fmt::format(
      "<defs><marker id=\"{0}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
      "<path class=\"arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker>"
      "<marker id=\"{0}-dot\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"5\" "
      "markerHeight=\"5\"><circle class=\"arrowhead\" cx=\"5\" cy=\"5\" r=\"4\"/></marker></defs>",
      prefix);
}

/// Where a relation's connector leaves or reaches `it`: along the axis at `a`, across at `c`.
struct anchor {
  double a = 0, c = 0;
};

std::string relation_path(const item& from, const item& to, const relation& r,
                          const std::string& name, bool horizontal, std::string_view prefix) {
  // `from` holds the relation; the connector runs from the earlier event to the later one.
  anchor s, e;
  std::string marker_end, marker_start;
  switch (r.kind) {
    case relation_kind::follows:
      s = {to.kind == shape::point ? to.a0 + 6 : to.a1, to.c};
      e = {from.kind == shape::point ? from.a0 - 7 : from.a0 - 2, from.c};
      marker_end = fmt::format(" marker-end=\"url(#{}-arrow)\"", prefix);
      break;
    case relation_kind::part_of: {
      // From the part straight across to the whole, which contains it in time.
      const double a = from.kind == shape::point ? from.a0 : (from.a0 + from.a1) / 2;
      s = {a, from.c + (to.c > from.c ? 6 : -6)};
      e = {std::clamp(a, to.a0, std::max(to.a0, to.a1)), to.c + (to.c > from.c ? -7 : 7)};
      marker_end = fmt::format(" marker-end=\"url(#{}-dot)\"", prefix);
      break;
    }
    case relation_kind::related: {
      const auto mid = [](const item& i) {
        return i.kind == shape::point ? i.a0 : (i.a0 + i.a1) / 2;
      };
      s = {mid(from), from.c};
      e = {mid(to), to.c};
      break;
    }
  }
  const auto pt = [&](double a, double c) {
    return horizontal ? fmt::format("{} {}", num(a), num(c)) : fmt::format("{} {}", num(c), num(a));
  };
  std::string d;
  if (r.kind == relation_kind::part_of) {
    d = fmt::format("M{}L{}", pt(s.a, s.c), pt(e.a, e.c));
  } else {
    // A curve that leaves and arrives along the axis; the bulge keeps it off the marks.
    const double da = std::max(std::abs(e.a - s.a) / 2, 24.0);
    if (horizontal || r.kind == relation_kind::related) {
      d = fmt::format("M{}C{} {} {}", pt(s.a, s.c), pt(s.a + (e.a >= s.a ? da : -da), s.c),
                      pt(e.a + (e.a >= s.a ? -da : da), e.c), pt(e.a, e.c));
    } else {
      const double bend = std::min(s.c, e.c) - 14;
      d = fmt::format("M{}C{} {} {}", pt(s.a, s.c), pt(s.a + da / 2, bend), pt(e.a - da / 2, bend),
                      pt(e.a, e.c));
    }
  }
  return fmt::format(
      "<path class=\"rel rel-{}\" data-from=\"{}\" data-to=\"{}\" data-kind=\"{}\" d=\"{}\"{}{}>"
      "<title>{}</title></path>",
      to_string(r.kind), html_escape(from.e->id), html_escape(to.e->id), to_string(r.kind), d,
      marker_start, marker_end, html_escape(name));
}

std::string draw_relations(const timeline& t, const std::vector<item>& items, std::string_view lang,
                           bool horizontal, std::string_view prefix) {
  std::string out = "<g class=\"rels\">";
  for (const auto& it : items) {
    const auto phrases = detail::relation_phrases(t, *it.e, lang, false);
    for (std::size_t k = 0; k < it.e->relations.size(); ++k) {
      const auto& r = it.e->relations[k];
      const auto target = std::find_if(items.begin(), items.end(),
                                       [&](const item& o) { return o.e->id == r.target; });
      if (target == items.end() || &*target == &it) continue;  // not on this chart
      out += relation_path(it, *target, r, it.title + ": " + phrases[k].text(), horizontal, prefix);
    }
  }
  return out + "</g>";
}

/// The chart's root, declaring its axis for scripts and tests: the local days it runs from and
/// to, and where they lie along it in user units.
std::string chart_open(std::string_view cls, double w, double h, const domain& dom, double p0,
                       double p1, std::string_view label) {
  return fmt::format(
      "<svg class=\"chart {0}\" id=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
      "role=\"img\" aria-labelledby=\"{0}-t\" data-axis-from=\"{3}\" data-axis-to=\"{4}\" "
      "data-axis-p0=\"{5}\" data-axis-p1=\"{6}\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title id=\"{0}-t\">{7}</title>",
      cls, num(w), num(h), dom.from, dom.to, num(p0), num(p1), html_escape(label));
}

// ---------------------------------------------------------------------------------------------
// The horizontal chart, for wide screens and print: time runs left to right, each event has a
// row slot holding its mark and, under it, its title and date; a slot goes in the first row
// where it does not overlap another, so no two labels meet.

constexpr double k_h_width = 1360;
constexpr double k_h_margin = 20;
constexpr double k_h_axis = 48;          // the axis line, under the year and month labels
constexpr double k_h_top = 58;           // the first row
constexpr double k_h_gap = 16;           // least space between two slots in a row
constexpr double k_h_title_width = 340;  // titles wrap onto a second line past this...
constexpr double k_h_dense_width = 190;  // ...or this, when many events share the axis
constexpr double k_h_title_line = 16;
constexpr double k_h_date_line = 15;

std::string horizontal_chart(const timeline& t, std::vector<item> items,
                             const date::time_zone& zone, std::string_view lang,
                             const std::string& label) {
  const auto dom = make_domain(items, zone, k_h_width - 2 * k_h_margin, lang, true);
  const axis x{dom.d0, dom.d1, k_h_margin, k_h_width - k_h_margin};
  struct slot {
    double left = 0, right = 0, text_x = 0;
    bool anchor_end = false;
    std::vector<std::string> title;
  };
  // Narrower labels on a crowded axis keep the chart from growing tall.
  const double title_width =
      std::clamp(6 * (k_h_width - 2 * k_h_margin) / static_cast<double>(items.size()),
                 k_h_dense_width, k_h_title_width);
  std::vector<slot> slots;
  for (auto& it : items) {
    it.a0 = x(it.t0);
    it.a1 = it.kind == shape::point ? it.a0 : x(it.t1);
    const double mark_left = it.kind == shape::point ? it.a0 - 6 : it.a0;
    const double mark_right = it.kind == shape::point ? it.a0 + 6 : std::max(it.a1, it.a0 + 3);
    slot s;
    s.title = wrap(it.title, 13, true, title_width, 2);
    double w = text_width(it.when, 11.5, false);
    for (const auto& line : s.title) w = std::max(w, text_width(line, 13, true));
    s.text_x = it.kind == shape::point ? it.a0 - 5 : it.a0;
    if (s.text_x + w > k_h_width - 6) {
      // No room to the right: the label ends where the mark ends, or at the chart's edge.
      s.anchor_end = true;
      s.text_x = std::min(k_h_width - 6, std::max(mark_right, 6 + w));
    }
    s.left = std::min(mark_left, s.anchor_end ? s.text_x - w : s.text_x);
    s.right = std::max(mark_right, s.anchor_end ? s.text_x : s.text_x + w);
    slots.push_back(std::move(s));
  }
  // First fit in chronological order, so that rows read top to bottom: a slot goes in the
  // first row where it keeps a gap from every slot already there.
  std::vector<std::vector<std::pair<double, double>>> rows;
  std::vector<std::size_t> row_lines;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& s = slots[i];
    const auto fits = [&](const std::vector<std::pair<double, double>>& row) {
      return std::none_of(row.begin(), row.end(), [&](const auto& o) {
        return s.left < o.second + k_h_gap && o.first < s.right + k_h_gap;
      });
    };
    std::size_t r = 0;
    while (r < rows.size() && !fits(rows[r])) ++r;
    if (r == rows.size()) {
      rows.emplace_back();
      row_lines.push_back(1);
    }
    rows[r].emplace_back(s.left, s.right);
    row_lines[r] = std::max(row_lines[r], s.title.size());
    items[i].row = static_cast<int>(r);
  }
  // Rows are as tall as their tallest label.
  std::vector<double> row_top(rows.size() + 1, k_h_top);
  for (std::size_t r = 0; r < rows.size(); ++r)
    row_top[r + 1] =
        row_top[r] + 18 + static_cast<double>(row_lines[r]) * k_h_title_line + k_h_date_line + 10;
  for (auto& it : items) it.c = row_top[static_cast<std::size_t>(it.row)] + 8;
  const double height = row_top.back() + 4;

  std::string out = chart_open("chart-h", k_h_width, height, dom, x.p0, x.p1, label);
  out += arrow_defs("h");
  out += "<g class=\"axis\" aria-hidden=\"true\">";
  for (const auto& tk : dom.ticks) {
    const double px = x(tk.at);
    out += fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                       tk.year ? "grid year" : "grid", num(px), num(tk.year ? 6 : k_h_axis - 6),
                       num(px), num(height - 4));
    if (!tk.label.empty())
      out += fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\">{}</text>",
                         tk.year ? "tick year" : "tick", num(px + 4), tk.year ? 18 : 38,
                         html_escape(tk.label));
  }
  out += fmt::format("<line class=\"axis-line\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                     num(k_h_margin), num(k_h_axis), num(k_h_width - k_h_margin), num(k_h_axis));
  out += "</g>";
  out += draw_relations(t, items, lang, true, "h");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const auto& s = slots[i];
    out += group_open(it, fmt::format(" data-row=\"{}\"", it.row));
    out += link_open(it) + event_title_tooltip(it) + draw_mark(it, true);
    const auto anchor = s.anchor_end ? " text-anchor=\"end\"" : "";
    out += "<g class=\"label\">";
    double line_y = it.c + 25;
    for (const auto& line : s.title) {
      out += fmt::format("<text class=\"lt\" x=\"{}\" y=\"{}\"{}{}>{}</text>", num(s.text_x),
                         num(line_y), anchor, lang_attr(it.title_lang, lang), html_escape(line));
      line_y += k_h_title_line;
    }
    out += fmt::format("<text class=\"ld\" x=\"{}\" y=\"{}\"{}>{}</text></g>", num(s.text_x),
                       num(line_y - 1), anchor, html_escape(it.when));
    out += "</a></g>";
  }
  return out + "</svg>";
}

// ---------------------------------------------------------------------------------------------
// The vertical chart, for narrow screens: time runs down, marks sit in a few lanes beside the
// axis, and labels in one column to their right, each pushed down below the one before and tied
// to its mark by a leader line.

constexpr double k_v_width = 360;
constexpr double k_v_lane = 12;
constexpr std::size_t k_v_max_lanes = 6;
constexpr double k_v_top = 28;

std::string vertical_chart(const timeline& t, std::vector<item> items, const date::time_zone& zone,
                           std::string_view lang, const std::string& label) {
  const double plot = std::clamp(static_cast<double>(items.size()) * 48.0, 560.0, 40000.0);
  const auto dom = make_domain(items, zone, plot, lang, false);
  const axis y{dom.d0, dom.d1, k_v_top, k_v_top + plot};
  // The gutter left of the axis fits the longest tick label ("сентябрь").
  const double axis_x = std::max(52.0, dom.label_width + 10);
  const double lane0 = axis_x + 8;
  // Lanes: first fit by extent along the axis; past the last lane, the lane that frees first.
  std::vector<double> lane_end;
  for (auto& it : items) {
    it.a0 = y(it.t0);
    it.a1 = it.kind == shape::point ? it.a0 : std::max(y(it.t1), it.a0 + 3);
    const double lo = it.a0 - (it.kind == shape::point ? 7 : 1);
    const double hi = it.a1 + (it.kind == shape::point ? 7 : 1);
    std::size_t l = 0;
    while (l < lane_end.size() && lane_end[l] > lo) ++l;
    if (l == lane_end.size()) {
      if (lane_end.size() < k_v_max_lanes) {
        lane_end.push_back(hi);
      } else {
        l = static_cast<std::size_t>(std::min_element(lane_end.begin(), lane_end.end()) -
                                     lane_end.begin());
        lane_end[l] = std::max(lane_end[l], hi);
      }
    } else {
      lane_end[l] = hi;
    }
    it.row = static_cast<int>(l);
    it.c = lane0 + k_v_lane / 2 + static_cast<double>(l) * k_v_lane;
  }
  const double label_x =
      lane0 + static_cast<double>(std::max<std::size_t>(lane_end.size(), 1)) * k_v_lane + 14;
  const double avail = k_v_width - 4 - label_x;
  struct block {
    double top;
    std::vector<std::string> title, when;
  };
  std::vector<block> blocks;
  double next_free = 0;
  for (const auto& it : items) {
    block b;
    b.title = wrap(it.title, 12.5, true, avail, 2);
    b.when = wrap(it.when, 11, false, avail, 2);
    const double h =
        static_cast<double>(b.title.size()) * 15 + static_cast<double>(b.when.size()) * 13;
    b.top = std::max(it.a0 - 9, next_free);
    next_free = b.top + h + 9;
    blocks.push_back(std::move(b));
  }
  const double height = std::max(k_v_top + plot + 12, next_free + 4);

  std::string out = chart_open("chart-v", k_v_width, height, dom, y.p0, y.p1, label);
  out += arrow_defs("v");
  out += "<g class=\"axis\" aria-hidden=\"true\">";
  for (const auto& tk : dom.ticks) {
    const double py = y(tk.at);
    out += fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                       tk.year ? "grid year" : "grid", num(tk.year ? 2 : axis_x - 5), num(py),
                       num(tk.year ? label_x - 6 : axis_x + 5), num(py));
    // In the gutter a year's label takes the place of its month's.
    const bool covered =
        !tk.year && std::any_of(dom.ticks.begin(), dom.ticks.end(),
                                [&](const tick& o) { return o.year && o.at == tk.at; });
    if (!tk.label.empty() && !covered)
      out += fmt::format("<text class=\"{}\" x=\"2\" y=\"{}\">{}</text>",
                         tk.year ? "tick year" : "tick", num(py + (tk.year ? 14 : 12)),
                         html_escape(tk.label));
  }
  out += fmt::format("<line class=\"axis-line\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>",
                     num(axis_x), num(k_v_top), num(k_v_top + plot));
  out += "</g>";
  out += draw_relations(t, items, lang, false, "v");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    const auto& b = blocks[i];
    out += group_open(it, fmt::format(" data-lane=\"{}\"", it.row));
    out += link_open(it) + event_title_tooltip(it);
    const double from_a = it.kind == shape::point ? it.a0 : it.a0 + 3;
    out += fmt::format("<path class=\"leader\" d=\"M{} {}H{}L{} {}\"/>", num(it.c + 6), num(from_a),
                       num(label_x - 12), num(label_x - 3), num(b.top + 10));
    out += draw_mark(it, false);
    out += "<g class=\"label\">";
    double line_y = b.top + 12;
    for (const auto& line : b.title) {
      out += fmt::format("<text class=\"lt\" x=\"{}\" y=\"{}\"{}>{}</text>", num(label_x),
                         num(line_y), lang_attr(it.title_lang, lang), html_escape(line));
      line_y += 15;
    }
    line_y -= 1;
    for (const auto& line : b.when) {
      out += fmt::format("<text class=\"ld\" x=\"{}\" y=\"{}\">{}</text>", num(label_x),
                         num(line_y), html_escape(line));
      line_y += 13;
    }
    out += "</g></a></g>";
  }
  return out + "</svg>";
}

// ---------------------------------------------------------------------------------------------
// The legend and the list.

std::string swatch(std::string_view inner) {
  return fmt::format(
      "<svg class=\"swatch\" viewBox=\"0 0 36 16\" width=\"36\" height=\"16\" "
      "aria-hidden=\"true\">{}</svg>",
      inner);
}

std::string legend(const std::vector<item>& items, const page_words& w) {
  const auto has = [&](auto pred) { return std::any_of(items.begin(), items.end(), pred); };
  std::string out =
      fmt::format("<h3 class=\"legend-title\">{}</h3><ul class=\"legend\" role=\"list\">",
                  html_escape(w.legend));
  const auto entry = [&](std::string_view cls, std::string_view inner, std::string_view text) {
    out += fmt::format("<li><span class=\"ev{}\">{}</span> {}</li>", cls, swatch(inner),
                       html_escape(text));
  };
  entry(" p-day", "<circle class=\"mark\" cx=\"18\" cy=\"8\" r=\"5.5\"/>", w.legend_day);
  entry(" p-month s-band",
        "<rect class=\"mark\" x=\"3\" y=\"1\" width=\"30\" height=\"14\" rx=\"2\"/>",
        w.legend_band);
  entry(" p-day s-bar", "<rect class=\"mark\" x=\"3\" y=\"4\" width=\"30\" height=\"8\" rx=\"3\"/>",
        w.legend_bar);
  entry(" p-day unc", "<circle class=\"mark\" cx=\"18\" cy=\"8\" r=\"5.5\"/>", w.legend_uncertain);
  entry(" p-day apx", "<circle class=\"mark\" cx=\"18\" cy=\"8\" r=\"5.5\"/>",
        w.legend_approximate);
  if (has([](const item& i) {
        return i.e->status == status::planned || i.e->status == status::tentative;
      }))
    entry(" p-day st-open", "<circle class=\"mark\" cx=\"18\" cy=\"8\" r=\"5.5\"/>",
          w.legend_planned);
  if (has([](const item& i) { return i.e->status == status::cancelled; }))
    entry(" p-day st-cancelled",
          "<circle class=\"mark\" cx=\"18\" cy=\"8\" r=\"5.5\"/><path class=\"strike\" "
          "d=\"M11 15L25 1\"/>",
          w.legend_cancelled);
  entry("",
        "<path class=\"rel rel-follows\" d=\"M3 8H27\"/><path class=\"arrowhead\" d=\"M26 4L34 "
        "8L26 12z\"/>",
        w.legend_follows);
  entry("",
        "<path class=\"rel rel-part_of\" d=\"M3 8H30\"/><circle class=\"arrowhead\" cx=\"31\" "
        "cy=\"8\" r=\"2.5\"/>",
        w.legend_part_of);
  entry("", "<path class=\"rel rel-related\" d=\"M3 8H33\"/>", w.legend_related);
  return out + "</ul>";
}

std::string source_item(const source_ref& s, std::string_view lang) {
  std::string label = !s.title.empty() ? s.title : !s.publisher.empty() ? s.publisher : s.url;
  const auto label_lang = !s.title.empty() ? lang_attr(s.language, lang) : std::string{};
  std::string out = "<li>";
  if (is_safe_link(s.url))
    out += fmt::format("<a href=\"{}\"{}{} rel=\"noopener noreferrer\">{}</a>", html_escape(s.url),
                       s.language.empty() || s.language == lang
                           ? std::string{}
                           : fmt::format(" hreflang=\"{}\"", html_escape(s.language)),
                       label_lang, html_escape(label));
  else
    out += fmt::format("<cite{}>{}</cite>", label_lang, html_escape(label));
  std::vector<std::string> about;
  if (!s.title.empty() && !s.publisher.empty()) about.push_back(html_escape(s.publisher));
  if (!s.published.empty()) {
    const auto d = parse_edtf(s.published);
    about.push_back(d.value
                        ? fmt::format("<time datetime=\"{}\">{}</time>", html_escape(s.published),
                                      html_escape(format_date(*d.value, lang)))
                        : html_escape(s.published));
  }
  if (!about.empty())
    out += fmt::format(" <span class=\"about\">— {}</span>", fmt::join(about, ", "));
  return out + "</li>";
}

std::string event_card(const timeline& t, const item& it, const std::set<std::string>& shown,
                       std::string_view lang, const page_words& w) {
  const auto& e = *it.e;
  const auto id = html_escape(e.id);
  std::string known = std::string(e.date.precision() == precision::day     ? w.known_day
                                  : e.date.precision() == precision::month ? w.known_month
                                                                           : w.known_year);
  if (e.time) known = std::string(w.known_time);
  std::string out = fmt::format(
      "<li class=\"event{}\" id=\"ev-{}\" data-event-id=\"{}\" data-precision=\"{}\">"
      "<article aria-labelledby=\"ev-{}-t\">",
      it.classes, id, id, detail::precision_name(e.date.precision()), id);
  out += fmt::format(
      "<p class=\"when\"><time datetime=\"{}\">{}</time> <span class=\"known\">{}</span></p>",
      html_escape(datetime_of(e)), html_escape(it.when), html_escape(known));
  out += fmt::format("<h3 id=\"ev-{}-t\"{}>{}</h3>", id, lang_attr(it.title_lang, lang),
                     html_escape(it.title));
  out += "<dl class=\"facts\">";
  if (e.place)
    out += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", html_escape(w.place),
                       html_escape(detail::place_text(*e.place)));
  out += fmt::format("<div><dt>{}</dt><dd class=\"status status-{}\">{}</dd></div>",
                     html_escape(w.status), to_string(e.status),
                     html_escape(status_name(e.status, lang)));
  if (!e.participants.empty()) {
    std::vector<std::string> names;
    for (const auto& p : e.participants)
      names.push_back(p.role.empty() ? html_escape(p.name)
                                     : fmt::format("{} <span class=\"role\">({})</span>",
                                                   html_escape(p.name), html_escape(p.role)));
    out += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>", html_escape(w.participants),
                       fmt::join(names, "; "));
  }
  if (!e.tags.empty()) {
    std::vector<std::string> tags;
    for (const auto& tag : e.tags) tags.push_back(html_escape(tag));
    out += fmt::format("<div><dt>{}</dt><dd class=\"tags\">{}</dd></div>", html_escape(w.tags),
                       fmt::join(tags, ", "));
  }
  out += "</dl>";
  if (const auto d = detail::pick_text(e.description, lang); !d.text.empty())
    out += fmt::format("<p class=\"desc\"{}>{}</p>", lang_attr(d.lang, lang), html_escape(d.text));
  const auto relations = detail::relation_phrases(t, e, lang, true);
  if (!relations.empty()) {
    out += fmt::format("<h4>{}</h4><ul class=\"rels-list\">", html_escape(w.relations));
    for (const auto& r : relations) {
      const auto name = r.other && shown.contains(r.other->id)
                            ? fmt::format("<a href=\"#ev-{}\">{}</a>", html_escape(r.other->id),
                                          html_escape(r.name))
                            : html_escape(r.name);
      out += fmt::format("<li class=\"rel-{}\" data-kind=\"{}\" data-other=\"{}\">{}{}{}</li>",
                         to_string(r.kind), to_string(r.kind), html_escape(r.other_id),
                         html_escape(r.before), name, html_escape(r.after));
    }
    out += "</ul>";
  }
  if (!e.date_note.empty())
    out +=
        fmt::format("<p class=\"note\"><span class=\"note-label\">{}:</span> <span{}>{}</span></p>",
                    html_escape(w.date_note), lang_attr(t.info.default_language, lang),
                    html_escape(e.date_note));
  if (!e.sources.empty()) {
    out += fmt::format("<h4>{}</h4><ul class=\"sources\">", html_escape(w.sources));
    for (const auto& s : e.sources) out += source_item(s, lang);
    out += "</ul>";
  }
  return out + "</article></li>";
}

// ---------------------------------------------------------------------------------------------
// Style. Colours are custom properties, switched for dark mode; shapes, dashes and text carry
// every distinction too, so colour is never the only signal.

constexpr std::string_view k_style = R"css(
:root{color-scheme:light dark;--bg:#f6f5f1;--surface:#fff;--fg:#1b222c;--muted:#5a6470;
--line:#d8d4cb;--grid:#ebe8e1;--year:#c9c3b6;--accent:#1f5aa6;--band:#2a8a7e;--rel:#b3541e;
--focus:#c2410c;--shadow:0 1px 2px rgba(20,24,31,.06),0 2px 8px rgba(20,24,31,.05)}
@media (prefers-color-scheme:dark){:root{--bg:#11151b;--surface:#1a2029;--fg:#e6e9ed;
--muted:#9ba5b2;--line:#2d3643;--grid:#202833;--year:#3a4554;--accent:#80b3ff;--band:#4fc7b6;
--rel:#f29b63;--focus:#fdba74;--shadow:none}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;overflow-wrap:anywhere}
a{color:var(--accent)}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--surface);padding:.5em 1em}
.skip:focus{left:1em;z-index:1}
.page{max-width:1440px;margin:0 auto;padding:28px 40px 40px}
header h1{font-size:clamp(1.5rem,1.1rem + 1.6vw,2.25rem);line-height:1.2;margin:0 0 .25em;
letter-spacing:-.01em}
.summary{margin:0;color:var(--muted)}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
figure{margin:0}
.chart-box{background:var(--surface);border:1px solid var(--line);border-radius:12px;
box-shadow:var(--shadow);padding:8px 4px}
.scroll{overflow-x:auto}
.chart{display:block;font-family:inherit;height:auto}
.chart-h{width:100%;min-width:1000px}
.chart-v{display:none;width:100%;max-width:560px;margin:0 auto}
.grid{stroke:var(--grid);stroke-width:1}
.grid.year{stroke:var(--year)}
.axis-line{stroke:var(--muted);stroke-width:1.5}
.tick{fill:var(--muted);font-size:11px}
.tick.year{fill:var(--fg);font-size:13px;font-weight:700}
.mark{fill:var(--accent);stroke:var(--surface);stroke-width:1.5}
.s-band .mark{fill:var(--band);fill-opacity:.28;stroke:var(--band);stroke-width:1.5}
.s-bar .mark{fill:var(--accent);stroke:var(--accent);stroke-width:1}
.unc .mark{fill-opacity:.25;stroke:var(--accent);stroke-dasharray:3 2;stroke-width:1.5}
.s-band.unc .mark{stroke:var(--band)}
.apx .mark{opacity:.5}
.apx.s-band .mark{fill-opacity:.14}
.st-open .mark{fill:var(--surface);fill-opacity:1;stroke:var(--accent);stroke-width:2}
.strike{stroke:var(--fg);stroke-width:1.75}
.st-cancelled .lt{text-decoration:line-through}
.lt,.ld{paint-order:stroke;stroke:var(--surface);stroke-width:3px;stroke-linejoin:round}
.lt{fill:var(--fg);font-size:13px;font-weight:600}
.ld{fill:var(--muted);font-size:11.5px}
.chart-v .lt{font-size:12.5px}
.chart-v .ld{font-size:11px}
.leader{fill:none;stroke:var(--line);stroke-width:1}
.ev a:hover .lt{fill:var(--accent);text-decoration:underline}
.rel{fill:none;stroke:var(--rel);stroke-width:1.6}
.rel-part_of{stroke-dasharray:1.5 3;stroke-linecap:round;stroke-width:2}
.rel-related{stroke-dasharray:6 4}
.arrowhead{fill:var(--rel)}
.legend-title{font-size:.95rem;margin:1rem 0 .5rem}
.legend{list-style:none;margin:0;padding:0;display:grid;gap:.35rem 1.5rem;
grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr));font-size:.875rem;
color:var(--muted)}
.legend li{display:flex;gap:.6rem;align-items:center}
.swatch{flex:none;overflow:visible}
.events{list-style:none;margin:0;padding:0;display:grid;gap:14px}
.event article{background:var(--surface);border:1px solid var(--line);border-left:4px solid
var(--accent);border-radius:10px;padding:14px 18px;box-shadow:var(--shadow)}
.event.s-band article{border-left-color:var(--band);border-left-style:double;border-left-width:6px}
.event.unc article{border-left-style:dashed}
.event.apx article{border-left-style:dotted}
.event:target article{outline:3px solid var(--focus);outline-offset:2px}
.when{margin:0;color:var(--accent);font-weight:600;font-size:.95rem}
.known{color:var(--muted);font-weight:400}
.known::before{content:"· "}
.event h3{margin:.15rem 0 .5rem;font-size:1.15rem;line-height:1.3}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 .5rem;
font-size:.925rem}
.facts div{display:contents}
.facts dt{color:var(--muted)}
.facts dd{margin:0}
.role{color:var(--muted)}
.status-planned,.status-tentative{font-style:italic}
.status-cancelled{text-decoration:line-through}
.desc{margin:.5rem 0;max-width:75ch}
.event h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);
margin:.9rem 0 .25rem}
.rels-list,.sources{margin:0;padding-left:1.2rem;font-size:.925rem}
.about{color:var(--muted)}
.note{font-size:.875rem;color:var(--muted);margin:.6rem 0 0;max-width:80ch}
.note-label{font-weight:600}
footer{color:var(--muted);font-size:.85rem;margin-top:2.5rem;border-top:1px solid var(--line);
padding-top:1rem}
@media (min-width:900px){.events{max-width:1120px}.event article{display:grid;
grid-template-columns:11rem minmax(0,1fr);column-gap:1.5rem;padding:16px 22px}
.event article>*{grid-column:2}.event article>.when{grid-column:1;grid-row:1/span 12;
padding-top:.2rem}.event article>.when .known{display:block;font-size:.85rem}.known::before{content:none}}
@media (max-width:760px){.page{padding:16px 12px 28px}.chart-h,.scroll{display:none}
.chart-v{display:block}.chart-box{padding:6px 2px}.event article{padding:12px 14px}
.facts{grid-template-columns:1fr}.facts dt{margin-top:.25rem}}
@media print{:root{--bg:#fff;--surface:#fff;--shadow:none}body{font-size:11pt}
.skip{display:none}.page{padding:0;max-width:none}.scroll{display:block;overflow:visible}
.chart-h{display:block;min-width:0}.chart-v{display:none}.chart-box{border:0;padding:0}
.event article{break-inside:avoid}a{color:inherit}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{size:landscape;margin:12mm}
)css";

std::string minify(std::string_view css) {
  std::string out;
  for (char c : css)
    if (c != '\n') out += c;
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool is_safe_link(std::string_view url) {
  const auto lower_starts = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    return true;
  };
  const auto scheme = lower_starts("https://") ? 8u : lower_starts("http://") ? 7u : 0u;
  if (scheme == 0 || url.size() <= scheme) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' ||
           c == '`' || c == 0x7F;
  });
}

std::string render_html(const timeline& t, const std::vector<const event*>& events,
                        const html_options& o) {
  const auto lang = page_language(o.lang);
  const auto& w = words(lang);
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(t.info.time_zone);
  } catch (const std::runtime_error&) {
    zone = date::locate_zone("UTC");
  }

  std::vector<item> items;
  std::set<std::string> shown;
  for (const auto* e : events) {
    item it;
    it.e = e;
    const auto span = span_of(*e, *zone);
    it.t0 = to_axis(span.earliest);
    if (e->time) {
      it.t1 = to_axis(span.latest);
      it.kind = e->date.end ? shape::bar : shape::point;
    } else {
      it.t1 = to_axis(span.latest + std::chrono::seconds{1});
      it.kind = e->date.end                             ? shape::bar
                : e->date.precision() == precision::day ? shape::point
                                                        : shape::band;
      if (it.kind == shape::point) it.t0 = it.t1 = (it.t0 + it.t1) / 2;
    }
    auto title = detail::pick_title(*e, lang);
    it.title = std::move(title.text);
    it.title_lang = std::move(title.lang);
    it.when = format_when(*e, lang);
    it.classes =
        fmt::format(" p-{} s-{}", detail::precision_name(e->date.precision()), shape_name(it.kind));
    if (e->date.uncertain()) it.classes += " unc";
    if (e->date.approximate()) it.classes += " apx";
    if (e->status == status::planned || e->status == status::tentative) it.classes += " st-open";
    if (e->status == status::cancelled) it.classes += " st-cancelled";
    items.push_back(std::move(it));
    shown.insert(e->id);
  }

  const auto name = detail::pick_text(t.info.name, lang);
  const std::string heading = name.text.empty() ? std::string(w.chart) : name.text;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"color-scheme\" content=\"light dark\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"generator\" content=\"Chronicle\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n",
      lang, html_escape(heading), minify(k_style));
  out += fmt::format("<a class=\"skip\" href=\"#events\">{}</a>\n<div class=\"page\">\n",
                     html_escape(w.skip));
  std::string summary = fmt::format(fmt::runtime(w.count), items.size());
  if (!items.empty()) {
    summary += fmt::format(" · {}", format_date(items.front().e->date, lang));
    if (items.size() > 1) {
      // The latest end among the events, not the last to start.
      const auto* latest = items.front().e;
      for (const auto& it : items)
        if (it.e->date.last_day() > latest->date.last_day()) latest = it.e;
      if (latest != items.front().e)
        summary += std::string(w.span_sep) + format_date(latest->date, lang);
    }
  }
  out += fmt::format("<header>\n<h1{}>{}</h1>\n<p class=\"summary\">{}</p>\n</header>\n<main>\n",
                     lang_attr(name.lang, lang), html_escape(heading), html_escape(summary));
  if (items.empty()) {
    out += fmt::format("<p>{}</p>\n", html_escape(w.no_events));
  } else {
    const std::string chart_label = fmt::format("{}. {}", summary, w.chart_label);
    out += fmt::format(
        "<section aria-labelledby=\"chart\">\n<h2 id=\"chart\">{}</h2>\n<figure>\n"
        "<div class=\"chart-box\"><div class=\"scroll\">",
        html_escape(w.chart));
    out += horizontal_chart(t, items, *zone, lang, chart_label);
    out += "</div>\n";
    out += vertical_chart(t, items, *zone, lang, chart_label);
    out += "</div>\n<figcaption>";
    out += legend(items, w);
    out += "</figcaption>\n</figure>\n</section>\n";
  }
  out += fmt::format(
      "<section aria-labelledby=\"events-h\">\n<h2 id=\"events-h\">{}</h2>\n"
      "<ol class=\"events\" id=\"events\" role=\"list\">\n",
      html_escape(w.events));
  for (const auto& it : items) out += event_card(t, it, shown, lang, w) + "\n";
  out += "</ol>\n</section>\n</main>\n";
  out +=
      fmt::format("<footer><p>{}</p></footer>\n</div>\n</body>\n</html>\n", html_escape(w.footer));
  return out;
}

}  // namespace chronicle
