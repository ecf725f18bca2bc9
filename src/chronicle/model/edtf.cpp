#include "chronicle/model/edtf.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include <fmt/format.h>

namespace chronicle {

precision date_point::precision() const {
  if (day) return precision::day;
  if (month) return precision::month;
  return precision::year;
}

date::sys_days date_point::first_day() const {
  return date::year_month_day{year, month.value_or(date::January), day.value_or(date::day{1})};
}

date::sys_days date_point::last_day() const {
  if (day) return date::year_month_day{year, *month, *day};
  return date::year_month_day_last{year, date::month_day_last{month.value_or(date::December)}};
}

precision edtf_date::precision() const {
  auto p = start.precision();
  if (end && end->precision() > p) p = end->precision();
  return p;
}

bool edtf_date::uncertain() const {
  return start.uncertain || (end && end->uncertain);
}
bool edtf_date::approximate() const {
  return start.approximate || (end && end->approximate);
}

date_point day_point(date::year_month_day ymd) {
  return date_point{ymd.year(), ymd.month(), ymd.day()};
}

namespace {

constexpr std::string_view k_expected =
    R"(expected an EDTF date such as "2024-02-08", "2024-03", "2023" or "2024-03-03/2024-03-06")";

bool is_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

unsigned to_number(std::string_view s) {
  unsigned v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

edtf_parse_result fail(std::size_t offset, std::string message) {
  return {std::nullopt, std::move(message), offset};
}

}  // namespace

edtf_parse_result parse_edtf_point(std::string_view text) {
  date_point p;
  std::string_view body = text;
  if (!body.empty()) {
    switch (body.back()) {
      case '?': p.uncertain = true; break;
      case '~': p.approximate = true; break;
      case '%': p.uncertain = p.approximate = true; break;
      default: break;
    }
    if (p.uncertain || p.approximate) body.remove_suffix(1);
  }
  if (body.empty()) return fail(0, fmt::format("{}, got \"{}\"", k_expected, text));
  if (body.front() == '-' || body.front() == 'Y')
    return fail(0, fmt::format("year in \"{}\" is outside the supported range 0001-9999", text));

  // Split into at most three dash-separated fields: YYYY[-MM[-DD]].
  std::string_view fields[3];
  std::size_t count = 0;
  std::size_t offsets[3] = {0, 0, 0};
  for (std::size_t pos = 0;;) {
    const auto dash = body.find('-', pos);
    if (count == 3) return fail(pos, fmt::format("{}, got \"{}\"", k_expected, text));
    offsets[count] = pos;
    fields[count++] = body.substr(pos, dash == std::string_view::npos ? dash : dash - pos);
    if (dash == std::string_view::npos) break;
    pos = dash + 1;
  }
  const std::size_t widths[3] = {4, 2, 2};
  static constexpr const char* k_names[3] = {"year", "month", "day"};
  for (std::size_t i = 0; i < count; ++i) {
    if (fields[i].size() != widths[i] || !is_digits(fields[i]))
      return fail(offsets[i], fmt::format("{}, got \"{}\" (the {} needs {} digits)", k_expected,
                                          text, k_names[i], widths[i]));
  }

  const unsigned y = to_number(fields[0]);
  if (y == 0) return fail(0, "year 0000 is outside the supported range 0001-9999");
  p.year = date::year{static_cast<int>(y)};
  if (count >= 2) {
    const unsigned m = to_number(fields[1]);
    if (m >= 21 && m <= 24 && count == 2)
      return fail(offsets[1], fmt::format("seasons such as \"{}\" are not supported; use a month "
                                          "range such as \"{}-03/{}-05\"",
                                          text, fields[0], fields[0]));
    if (m < 1 || m > 12)
      return fail(offsets[1], fmt::format("month {} in \"{}\" is out of range (01-12)", m, text));
    p.month = date::month{m};
  }
  if (count == 3) {
    const unsigned d = to_number(fields[2]);
    const date::year_month_day ymd{p.year, *p.month, date::day{d}};
    if (!ymd.ok())
      return fail(offsets[2], fmt::format("day {} does not exist in {}-{} (\"{}\")", d, fields[0],
                                          fields[1], text));
    p.day = date::day{d};
  }
  return {edtf_date{p, std::nullopt}, {}, 0};
}

namespace {

/// The month's English name, for saying how a date was understood.
std::string_view month_name(unsigned m) {
  static constexpr const char* k_months[12] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};
  return m >= 1 && m <= 12 ? k_months[m - 1] : "?";
}

/// Splits `s` at every `sep`; nothing when a part is not 1-4 digits.
std::optional<std::vector<std::string_view>> digit_groups(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t pos = 0;;) {
    const auto at = s.find(sep, pos);
    const auto part = s.substr(pos, at == std::string_view::npos ? at : at - pos);
    if (!is_digits(part) || part.size() > 4) return std::nullopt;
    out.push_back(part);
    if (at == std::string_view::npos) break;
    pos = at + 1;
  }
  return out;
}

/// A reading of `y`, `m` and `d` (`d` 0 for a month) as an ISO date, when it is a real one.
struct reading {
  std::string iso;
  std::string said;  ///< how it was understood, in words
};
std::optional<reading> read_as(unsigned y, unsigned m, unsigned d, std::string_view order) {
  if (y < 1 || y > 9999 || m < 1 || m > 12) return std::nullopt;
  if (d == 0)
    return reading{fmt::format("{:04}-{:02}", y, m), fmt::format("{} {}", month_name(m), y)};
  if (d > 31) return std::nullopt;
  if (!date::year_month_day{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}}.ok())
    return reading{"", fmt::format("day {} of {} {} ({}), a day that does not exist", d,
                                   month_name(m), y, order)};
  return reading{fmt::format("{:04}-{:02}-{:02}", y, m, d),
                 fmt::format("{} {} {} ({})", d, month_name(m), y, order)};
}

/// For a date written in a common non-EDTF way (2024/03/05, 05.03.2024, 3/5/2024, 20240305,
/// 2024-3-5, 03.2024), what it was understood as and its ISO form, as the end of a message;
/// empty when the text is none of these. Day and month that could be either way round are
/// both offered.
std::string suggestion(std::string_view text) {
  std::vector<reading> readings;
  const auto add = [&](std::optional<reading> r) {
    if (r && std::none_of(readings.begin(), readings.end(),
                          [&](const reading& x) { return x.iso == r->iso; }))
      readings.push_back(*r);
  };
  if (text.size() == 8 && is_digits(text)) {
    add(read_as(to_number(text.substr(0, 4)), to_number(text.substr(4, 2)),
                to_number(text.substr(6, 2)), "year, month, day"));
  }
  for (char sep : {'/', '.', '-'}) {
    const auto groups = digit_groups(text, sep);
    if (!groups || groups->size() < 2 || groups->size() > 3) continue;
    const auto& g = *groups;
    std::vector<unsigned> n;
    for (auto part : g) n.push_back(to_number(part));
    if (g.size() == 3 && g[0].size() == 4) {
      add(read_as(n[0], n[1], n[2], "year, month, day"));
    } else if (g.size() == 3 && g[2].size() == 4) {
      // 05.03.2024 and 05-03-2024 are day first; with slashes, 03/05/2024 may be either.
      add(read_as(n[2], n[1], n[0], "day, month, year"));
      if (sep == '/') add(read_as(n[2], n[0], n[1], "month, day, year"));
    } else if (g.size() == 2 && g[0].size() == 4) {
      add(read_as(n[0], n[1], 0, ""));
    } else if (g.size() == 2 && g[1].size() == 4) {
      add(read_as(n[1], n[0], 0, ""));
    }
  }
  // A reading that names no real day is reported only when no other reading does.
  if (std::any_of(readings.begin(), readings.end(),
                  [](const reading& r) { return !r.iso.empty(); }))
    std::erase_if(readings, [](const reading& r) { return r.iso.empty(); });
  if (readings.empty()) return {};
  if (readings[0].iso.empty()) return fmt::format("; read as {}", readings[0].said);
  if (readings.size() == 1)
    return fmt::format("; read as {}: did you mean {}?", readings[0].said, readings[0].iso);
  return fmt::format("; it may be {} or {}: did you mean {} or {}?", readings[0].said,
                     readings[1].said, readings[0].iso, readings[1].iso);
}

edtf_parse_result parse_edtf_range(std::string_view text);

}  // namespace

edtf_parse_result parse_edtf(std::string_view text) {
  auto parsed = parse_edtf_range(text);
  if (!parsed.value) {
    if (auto hint = suggestion(text); !hint.empty()) {
      // "2024-3-5" is EDTF's own shape, so what the parser found is right and the hint is
      // added; "2024/03/05" or "05.03.2024" would get a message about a part of it only.
      const bool edtf_shaped = text.size() > 4 && is_digits(text.substr(0, 4)) && text[4] == '-';
      if (edtf_shaped) {
        // Its own message already says which part is wrong; only a form to type is news.
        if (hint.find("did you mean") != std::string::npos) parsed.error += hint;
      } else {
        parsed.error = fmt::format("\"{}\" is not an EDTF date{}", text, hint);
        parsed.offset = 0;
      }
    }
  }
  return parsed;
}

namespace {

edtf_parse_result parse_edtf_range(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return parse_edtf_point(text);
  const auto left = text.substr(0, slash);
  const auto right = text.substr(slash + 1);
  if (left.empty() || left == ".." || right.empty() || right == "..")
    return fail(left.empty() || left == ".." ? 0 : slash + 1,
                fmt::format("open-ended range \"{}\" is not supported; give both ends", text));
  auto a = parse_edtf_point(left);
  if (!a.value) return a;
  auto b = parse_edtf_point(right);
  if (!b.value) {
    b.offset += slash + 1;
    return b;
  }
  edtf_date d{a.value->start, b.value->start};
  if (d.end->last_day() < d.start.first_day())
    return fail(slash + 1, fmt::format("range \"{}\" ends before it starts", text));
  if (d.start == *d.end)
    return fail(slash + 1, fmt::format("range \"{}\" starts and ends on the same date; "
                                       "write it once",
                                       text));
  return {d, {}, 0};
}

}  // namespace

std::string to_edtf(const date_point& p) {
  std::string out = fmt::format("{:04}", static_cast<int>(p.year));
  if (p.month) out += fmt::format("-{:02}", static_cast<unsigned>(*p.month));
  if (p.day) out += fmt::format("-{:02}", static_cast<unsigned>(*p.day));
  if (p.uncertain && p.approximate)
    out += '%';
  else if (p.uncertain)
    out += '?';
  else if (p.approximate)
    out += '~';
  return out;
}

std::string to_edtf(const edtf_date& d) {
  return d.end ? to_edtf(d.start) + "/" + to_edtf(*d.end) : to_edtf(d.start);
}

}  // namespace chronicle
