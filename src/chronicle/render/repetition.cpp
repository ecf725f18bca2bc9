#include "chronicle/render/repetition.hpp"

#include <array>
#include <memory>

#include <fmt/format.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include "chronicle/render/localize.hpp"

namespace chronicle {

namespace {

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

/// The city ICU names a zone after ("Moscow", "Москва"); the IANA name when it knows none.
std::string zone_city(const std::string& tz, std::string_view lang) {
  if (tz == "UTC" || tz == "Etc/UTC") return "UTC";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::TimeZoneNames> names{
      icu::TimeZoneNames::createInstance(icu::Locale(std::string(lang).c_str()), status)};
  if (U_FAILURE(status) || !names) return tz;
  icu::UnicodeString city;
  names->getExemplarLocationName(icu::UnicodeString::fromUTF8(tz), city);
  return city.isEmpty() ? tz : to_utf8(city);
}

struct weekday_words {
  std::string_view en;
  std::string_view ru_every;  ///< "по понедельникам"
  std::string_view ru_one;    ///< accusative: "понедельник", "среду"
  char ru_gender;  ///< m, f, n: "последний", "последнюю", "последнее"
};

constexpr std::array<weekday_words, 7> k_weekdays{{
    {"Sunday", "по воскресеньям", "воскресенье", 'n'},
    {"Monday", "по понедельникам", "понедельник", 'm'},
    {"Tuesday", "по вторникам", "вторник", 'm'},
    {"Wednesday", "по средам", "среду", 'f'},
    {"Thursday", "по четвергам", "четверг", 'm'},
    {"Friday", "по пятницам", "пятницу", 'f'},
    {"Saturday", "по субботам", "субботу", 'f'},
}};

constexpr std::array<std::string_view, 12> k_months_en{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> k_months_ru_genitive{
    "января", "февраля", "марта",    "апреля",  "мая",    "июня",
    "июля",   "августа", "сентября", "октября", "ноября", "декабря"};

std::string join_words(const std::vector<std::string>& parts, bool ru) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? (ru ? " и " : " and ") : ", ";
    out += parts[i];
  }
  return out;
}

std::string english_ordinal(int n) {
  if (n == -1) return "last";
  if (n < 0) return english_ordinal(-n) + " to last";
  const auto suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                      : n % 10 == 1                    ? "st"
                      : n % 10 == 2                    ? "nd"
                      : n % 10 == 3                    ? "rd"
                                                       : "th";
  return fmt::format("{}{}", n, suffix);
}

/// "2nd Tuesday", "last Friday"; in Russian in the accusative after «в»: "2-й вторник",
/// "последнюю пятницу".
std::string ordinal_weekday(const weekday_rule& d, bool ru) {
  const auto& w = k_weekdays[d.day.c_encoding()];
  if (!ru) return english_ordinal(d.ordinal) + " " + std::string(w.en);
  const auto ending = w.ru_gender == 'f' ? "ю" : w.ru_gender == 'n' ? "е" : "й";
  if (d.ordinal == -1)
    return fmt::format("{} {}",
                       w.ru_gender == 'f'   ? "последнюю"
                       : w.ru_gender == 'n' ? "последнее"
                                            : "последний",
                       w.ru_one);
  if (d.ordinal < 0) return fmt::format("{}-{} с конца {}", -d.ordinal, ending, w.ru_one);
  return fmt::format("{}-{} {}", d.ordinal, ending, w.ru_one);
}

/// «в …», or «во …» where Russian needs it: «во вторник», «во 2-й (второй) вторник».
std::string in_prefix(const std::string& words) {
  return (words.starts_with("вторник") || words.starts_with("2-") ? "во " : "в ") + words;
}

std::string month_day(int d, bool ru) {
  if (ru)
    return d == -1 ? "в последний день"
           : d < 0 ? fmt::format("в {}-й день с конца", -d)
                   : fmt::format("{}-го числа", d);
  return d == -1 ? "on the last day"
         : d < 0 ? fmt::format("on the {} day", english_ordinal(d))
                 : fmt::format("on the {}", english_ordinal(d));
}

std::string short_date(date::local_seconds t, std::string_view lang) {
  const date::sys_days day{date::floor<date::days>(t).time_since_epoch()};
  return format_date(edtf_date{day_point(date::year_month_day{day}), std::nullopt}, lang);
}

std::string clock(date::local_seconds t) {
  return date::format("%H:%M", t);
}

/// The rule's frequency and days: "every Monday", "every 2 weeks on Monday and Thursday",
/// "every month on the 2nd Tuesday"; empty when the words cannot say it.
std::string cadence(const rule_parts& r, date::local_seconds start, bool ru) {
  const date::year_month_day ymd{date::floor<date::days>(start)};
  const date::weekday start_day{date::floor<date::days>(start)};
  std::vector<weekday_rule> days = r.by_day;
  const auto every_n = [&](std::string_view en, std::string_view ru_pattern) {
    return ru ? plural("ru", ru_pattern, r.interval) : fmt::format("every {} {}", r.interval, en);
  };
  switch (r.freq) {
    case frequency::secondly:
    case frequency::minutely:
    case frequency::hourly: {
      if (!days.empty() || !r.by_month_day.empty() || !r.by_month.empty()) return {};
      const bool hours = r.freq == frequency::hourly;
      const bool minutes = r.freq == frequency::minutely;
      if (r.interval == 1)
        return ru ? (hours     ? "каждый час"
                     : minutes ? "каждую минуту"
                               : "каждую секунду")
                  : (hours     ? "every hour"
                     : minutes ? "every minute"
                               : "every second");
      return hours     ? every_n("hours",
                                 "{0,plural,one{каждый # час} few{каждые # часа} "
                                     "other{каждые # часов}}")
             : minutes ? every_n("minutes",
                                 "{0,plural,one{каждую # минуту} few{каждые # минуты} "
                                 "other{каждые # минут}}")
                       : every_n("seconds",
                                 "{0,plural,one{каждую # секунду} few{каждые # секунды} "
                                 "other{каждые # секунд}}");
    }
    case frequency::daily: {
      if (!r.by_month_day.empty() || !r.by_month.empty()) return {};
      if (!days.empty() && r.interval == 1) {
        std::vector<std::string> names;
        for (const auto& d : days) {
          if (d.ordinal != 0) return {};
          names.emplace_back(ru ? k_weekdays[d.day.c_encoding()].ru_every
                                : k_weekdays[d.day.c_encoding()].en);
        }
        return ru ? join_words(names, true) : "every " + join_words(names, false);
      }
      if (!days.empty()) return {};
      if (r.interval == 1) return ru ? "каждый день" : "every day";
      return every_n("days",
                     "{0,plural,one{каждый # день} few{каждые # дня} other{каждые # дней}}");
    }
    case frequency::weekly: {
      if (!r.by_month_day.empty() || !r.by_month.empty()) return {};
      if (days.empty()) days.push_back({0, start_day});
      std::vector<std::string> names;
      for (const auto& d : days) {
        if (d.ordinal != 0) return {};
        names.emplace_back(ru ? k_weekdays[d.day.c_encoding()].ru_every
                              : k_weekdays[d.day.c_encoding()].en);
      }
      if (r.interval == 1)
        return ru ? join_words(names, true) : "every " + join_words(names, false);
      return every_n("weeks on",
                     "{0,plural,one{каждую # неделю} few{каждые # недели} "
                     "other{каждые # недель}}") +
             " " + join_words(names, ru);
    }
    case frequency::monthly: {
      if (!r.by_month.empty()) return {};
      std::string head = r.interval == 1
                             ? (ru ? "каждый месяц" : "every month")
                             : every_n("months",
                                       "{0,plural,one{каждый # месяц} few{каждые # месяца} "
                                       "other{каждые # месяцев}}");
      if (!days.empty() && !r.by_month_day.empty()) return {};
      if (!days.empty()) {
        std::vector<std::string> names;
        for (const auto& d : days) {
          if (d.ordinal == 0) return {};
          names.push_back(ordinal_weekday(d, ru));
        }
        const auto list = join_words(names, ru);
        return head + (ru ? " " + in_prefix(list) : " on the " + list);
      }
      std::vector<std::string> parts;
      if (r.by_month_day.empty())
        parts.push_back(month_day(static_cast<int>(unsigned(ymd.day())), ru));
      for (const auto d : r.by_month_day) parts.push_back(month_day(d, ru));
      return head + " " + join_words(parts, ru);
    }
    case frequency::yearly: {
      std::string head =
          r.interval == 1
              ? (ru ? "каждый год" : "every year")
              : every_n("years",
                        "{0,plural,one{каждый # год} few{каждые # года} other{каждые # лет}}");
      std::vector<unsigned> months = r.by_month;
      if (months.size() > 1) return {};
      const unsigned month = months.empty() ? unsigned(ymd.month()) : months.front();
      if (month < 1 || month > 12) return {};
      if (!days.empty()) {
        if (days.size() != 1 || days.front().ordinal == 0 || months.empty()) return {};
        const auto one = ordinal_weekday(days.front(), ru);
        return ru ? fmt::format("{} {} {}", head, in_prefix(one), k_months_ru_genitive[month - 1])
                  : fmt::format("{} on the {} of {}", head, one, k_months_en[month - 1]);
      }
      if (r.by_month_day.size() > 1) return {};
      const int day =
          r.by_month_day.empty() ? static_cast<int>(unsigned(ymd.day())) : r.by_month_day.front();
      if (day < 1) return {};
      return ru ? fmt::format("{} {} {}", head, day, k_months_ru_genitive[month - 1])
                : fmt::format("{} on {} {}", head, day, k_months_en[month - 1]);
    }
  }
  return {};
}

}  // namespace

std::string describe_repetition(const recurrence_summary& s, const event& e,
                                std::string_view lang) {
  const bool ru = lang == "ru";
  const auto start =
      e.time ? e.time->start
             : date::local_seconds{date::local_days{e.date.first_day().time_since_epoch()}};
  std::string out;
  if (s.rule) {
    const auto& r = *s.rule;
    auto words = r.other_parts ? std::string{} : cadence(r, start, ru);
    if (words.empty()) {
      out = ru ? fmt::format("повторяется по правилу {}", r.text)
               : fmt::format("repeats by the rule {}", r.text);
    } else {
      out = words;
      const bool daily_or_slower = r.freq != frequency::hourly && r.freq != frequency::minutely &&
                                   r.freq != frequency::secondly;
      if (e.time && daily_or_slower) {
        const auto city = zone_city(e.time->tz, ru ? "ru" : "en");
        out += ru ? fmt::format(" в {} ({})", clock(start), city)
                  : fmt::format(" at {} {}", clock(start),
                                city == "UTC" ? std::string("UTC") : city + " time");
      }
      if (r.until)
        out += (ru ? " до " : " until ") + short_date(*r.until, lang);
      else if (r.count)
        out += ", " + plural(ru ? "ru" : "en",
                             ru ? "{0,plural,one{# раз} few{# раза} other{# раз}}"
                                : "{0,plural,one{# time} other{# times}}",
                             *r.count);
    }
  } else {
    out = ru ? "в отдельные дни" : "on separate dates";
  }
  const auto dates = [&](const std::vector<date::local_seconds>& list) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < list.size() && i < 6; ++i)
      parts.push_back(short_date(list[i], lang));
    if (list.size() > 6)
      parts.push_back(ru ? fmt::format("ещё {}", list.size() - 6)
                         : fmt::format("{} more", list.size() - 6));
    return join_words(parts, ru);
  };
  if (!s.added.empty()) out += (ru ? "; а также " : "; also ") + dates(s.added);
  if (!s.removed.empty()) out += (ru ? ", кроме " : ", except ") + dates(s.removed);
  for (const auto& c : s.changes) {
    std::vector<std::string> what;
    if (c.cancelled) what.emplace_back(ru ? "отменено" : "cancelled");
    if (c.start) {
      const bool same_day =
          date::floor<date::days>(*c.start) == date::floor<date::days>(c.recurrence_id);
      const auto to = same_day && e.time ? clock(*c.start)
                      : e.time           ? short_date(*c.start, lang) + ", " + clock(*c.start)
                                         : short_date(*c.start, lang);
      what.push_back((ru ? "перенесено на " : "moved to ") + to);
    }
    if (!c.title.empty())
      what.push_back((ru ? "переименовано в " : "retitled ") + quote(c.title, lang));
    if (what.empty()) what.emplace_back(ru ? "изменено" : "changed");
    const auto when = short_date(c.recurrence_id, lang);
    out += "; " +
           (c.this_and_future
                ? (ru ? fmt::format("с {} и далее", when) : fmt::format("from {} on", when))
                : when) +
           " " + join_words(what, ru);
  }
  return out;
}

}  // namespace chronicle
