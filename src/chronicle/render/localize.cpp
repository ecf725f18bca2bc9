#include "chronicle/render/localize.hpp"

#include <cassert>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <unicode/gregocal.h>
#include <unicode/msgfmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace chronicle {

namespace {

std::string_view ui_language(std::string_view lang) {
  return lang == "ru" ? "ru" : "en";
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

/// Formats a day with an ICU pattern; formatters are cached per language and pattern.
std::string format_pattern(date::sys_days day, std::string_view lang, std::string_view pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>, std::less<>> cache;
  const std::string key = fmt::format("{}|{}", lang, pattern);
  std::lock_guard lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    auto f = std::make_unique<icu::SimpleDateFormat>(
        icu::UnicodeString::fromUTF8(
            icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
        icu::Locale(std::string(lang).c_str()), status);
    // Cannot fail: the patterns are constants of this file, each used by the tests, and ICU
    // falls back to its root locale for a language it lacks. Should ICU's data be missing
    // altogether, the day is written as ISO 8601 rather than not at all.
    assert(U_SUCCESS(status) && "an ICU date pattern of localize.cpp is invalid");
    if (U_FAILURE(status)) return date::format("%F", day);
    f->setTimeZone(*icu::TimeZone::getGMT());
    // Proleptic Gregorian, as EDTF and the date library count.
    if (auto* cal = const_cast<icu::Calendar*>(f->getCalendar()))
      if (auto* greg = dynamic_cast<icu::GregorianCalendar*>(cal)) {
        UErrorCode s2 = U_ZERO_ERROR;
        greg->setGregorianChange(-8.64e15, s2);
      }
    it = cache.emplace(key, std::move(f)).first;
  }
  const auto ms = static_cast<UDate>(day.time_since_epoch().count()) * 86'400'000.0;
  icu::UnicodeString out;
  it->second->format(ms, out);
  return to_utf8(out);
}

}  // namespace

std::string plural(std::string_view lang, std::string_view pattern, long n) {
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat f(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
                       icu::Locale(std::string(lang).c_str()), status);
  icu::Formattable args[] = {icu::Formattable(static_cast<int32_t>(n))};
  icu::UnicodeString out;
  icu::FieldPosition pos;
  f.format(args, 1, out, pos, status);
  // Cannot fail, as for the date patterns: the plural patterns are constants of the code.
  assert(U_SUCCESS(status) && "an ICU plural pattern is invalid");
  if (U_FAILURE(status)) return std::to_string(n);
  return to_utf8(out);
}

namespace {

struct unit_patterns {
  std::string_view years, months, days;
};

unit_patterns units(std::string_view lang) {
  if (lang == "ru")
    return {"{0,plural,one{# год} few{# года} many{# лет} other{# года}}",
            "{0,plural,one{# месяц} few{# месяца} many{# месяцев} other{# месяца}}",
            "{0,plural,one{# день} few{# дня} many{# дней} other{# дня}}"};
  return {"{0,plural,one{# year} other{# years}}", "{0,plural,one{# month} other{# months}}",
          "{0,plural,one{# day} other{# days}}"};
}

// ICU patterns: "format" month names (genitive in Russian) next to a day, "stand-alone"
// month names (nominative) without one.
struct patterns {
  std::string_view day_month_year, day_month, day, month_year, month;
};
patterns date_patterns(std::string_view lang) {
  if (lang == "ru") return {"d MMMM y", "d MMMM", "d", "LLLL y", "LLLL"};
  return {"d MMM y", "d MMM", "d", "MMM y", "MMM"};
}

std::string qualify(std::string text, const date_point& p, std::string_view lang) {
  if (p.approximate) text = (lang == "ru" ? "ок. " : "c. ") + text;
  if (p.uncertain) text += '?';
  return text;
}

std::string format_point(const date_point& p, std::string_view lang) {
  const auto pat = date_patterns(lang);
  std::string text;
  switch (p.precision()) {
    case precision::day: text = format_pattern(p.first_day(), lang, pat.day_month_year); break;
    case precision::month: text = format_pattern(p.first_day(), lang, pat.month_year); break;
    case precision::year: text = fmt::format("{}", static_cast<int>(p.year)); break;
  }
  return qualify(std::move(text), p, lang);
}

}  // namespace

bool is_supported_language(std::string_view lang) {
  return lang == "en" || lang == "ru";
}

std::string format_date(const edtf_date& d, std::string_view lang) {
  lang = ui_language(lang);
  if (!d.end) return format_point(d.start, lang);
  const auto& a = d.start;
  const auto& b = *d.end;
  const auto pat = date_patterns(lang);
  const bool plain = !a.uncertain && !a.approximate && !b.uncertain && !b.approximate;
  if (plain && a.precision() == b.precision() && a.year == b.year) {
    if (a.precision() == precision::day && a.month == b.month)
      return format_pattern(a.first_day(), lang, pat.day) + "–" +
             format_pattern(b.first_day(), lang, pat.day_month_year);
    if (a.precision() == precision::day)
      return format_pattern(a.first_day(), lang, pat.day_month) + " – " +
             format_pattern(b.first_day(), lang, pat.day_month_year);
    if (a.precision() == precision::month)
      return format_pattern(a.first_day(), lang, pat.month) + " – " +
             format_pattern(b.first_day(), lang, pat.month_year);
  }
  const bool years = a.precision() == precision::year && b.precision() == precision::year;
  return format_point(a, lang) + (years ? "–" : " – ") + format_point(b, lang);
}

std::string format_when(const event& e, std::string_view lang) {
  std::string out = format_date(e.date, lang);
  if (!e.time) return out;
  const auto clock = [](date::local_seconds t) { return date::format("%H:%M", t); };
  out += ", " + clock(e.time->start);
  if (e.time->end) {
    if (e.date.end) out += " – " + format_date(edtf_date{*e.date.end, std::nullopt}, lang) + ",";
    out += (e.date.end ? " " : "–") + clock(*e.time->end);
  }
  return out + " " + e.time->tz;
}

std::string format_interval(const edtf_date& from, const edtf_date& to, std::string_view lang) {
  lang = ui_language(lang);
  const auto u = units(lang);
  const auto coarse = std::max(from.precision(), to.precision());
  const date::year_month_day a{from.first_day()};
  const date::year_month_day b{to.first_day()};
  if (to.first_day() <= from.first_day()) return {};
  std::string out;
  const auto join = [&](std::string part) {
    if (!out.empty()) out += ' ';
    out += part;
  };
  long months = (b.year() / b.month() - a.year() / a.month()).count();
  if (coarse == precision::year) {
    const long years = static_cast<int>(b.year()) - static_cast<int>(a.year());
    if (years > 0) join(plural(lang, u.years, years));
  } else if (coarse == precision::month) {
    if (months / 12 > 0) join(plural(lang, u.years, months / 12));
    if (months % 12 > 0) join(plural(lang, u.months, months % 12));
  } else {
    if (b.day() < a.day()) --months;
    auto mid = a.year() / a.month() / a.day() + date::months{months};
    if (!mid.ok()) mid = mid.year() / mid.month() / date::last;
    const long days = (to.first_day() - date::sys_days{mid}).count();
    if (months / 12 > 0) join(plural(lang, u.years, months / 12));
    if (months % 12 > 0) join(plural(lang, u.months, months % 12));
    if (days > 0) join(plural(lang, u.days, days));
  }
  if (out.empty()) return {};
  if (coarse != precision::day) out = (lang == "ru" ? "ок. " : "c. ") + out;
  return out;
}

std::string quote(std::string_view text, std::string_view lang) {
  return ui_language(lang) == "ru" ? fmt::format("«{}»", text) : fmt::format("“{}”", text);
}

std::string say(phrase p, std::string_view lang, std::string_view arg) {
  const bool ru = ui_language(lang) == "ru";
  switch (p) {
    case phrase::after:
      return ru ? fmt::format("через {} после события", arg) : fmt::format("{} after", arg);
    case phrase::follows:
      return ru ? fmt::format("после события {}", arg) : fmt::format("follows {}", arg);
    case phrase::part_of:
      return ru ? fmt::format("часть события {}", arg) : fmt::format("part of {}", arg);
    case phrase::related_to:
      return ru ? fmt::format("связано с событием {}", arg) : fmt::format("related to {}", arg);
    case phrase::followed_by:
      return ru ? fmt::format("за ним последовало {}", arg) : fmt::format("followed by {}", arg);
    case phrase::has_part:
      return ru ? fmt::format("включает {}", arg) : fmt::format("includes {}", arg);
    case phrase::same_day_as: return ru ? "в тот же день" : "the same day";
    case phrase::status_confirmed: return ru ? "подтверждено" : "confirmed";
    case phrase::status_tentative: return ru ? "предварительно" : "tentative";
    case phrase::status_planned: return ru ? "запланировано" : "planned";
    case phrase::status_cancelled: return ru ? "отменено" : "cancelled";
  }
  return {};
}

std::string status_name(status s, std::string_view lang) {
  switch (s) {
    case status::confirmed: return say(phrase::status_confirmed, lang);
    case status::tentative: return say(phrase::status_tentative, lang);
    case status::planned: return say(phrase::status_planned, lang);
    case status::cancelled: return say(phrase::status_cancelled, lang);
  }
  return {};
}

}  // namespace chronicle
