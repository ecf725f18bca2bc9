#include "chronicle/model/edtf.hpp"

#include <charconv>

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

edtf_parse_result parse_edtf(std::string_view text) {
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
