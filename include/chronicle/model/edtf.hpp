#pragma once
/// Dates at their real precision, read and written as EDTF (ISO 8601-2) level-1 strings.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace chronicle {

/// How finely a date is known. Ordered from finest to coarsest.
enum class precision { day, month, year };

/// A calendar date known to the day, the month or the year; never a made-up day.
struct date_point {
  date::year year{0};
  std::optional<date::month> month;  ///< absent for year precision
  std::optional<date::day> day;      ///< absent for month and year precision
  bool uncertain = false;            ///< EDTF `?`: the source may be wrong
  bool approximate = false;          ///< EDTF `~`: about this date

  /// The precision this point is known to.
  chronicle::precision precision() const;
  /// The first day the point may denote (1 March for "2024-03").
  date::sys_days first_day() const;
  /// The last day the point may denote (31 March for "2024-03").
  date::sys_days last_day() const;

  friend bool operator==(const date_point&, const date_point&) = default;
};

/// A single date or an inclusive range of dates.
struct edtf_date {
  date_point start;
  std::optional<date_point> end;  ///< set for ranges such as `2024-03-03/2024-03-06`

  /// The coarsest precision of its parts.
  chronicle::precision precision() const;
  bool is_range() const { return end.has_value(); }
  bool uncertain() const;
  bool approximate() const;
  date::sys_days first_day() const { return start.first_day(); }
  date::sys_days last_day() const { return (end ? *end : start).last_day(); }

  friend bool operator==(const edtf_date&, const edtf_date&) = default;
};

/// Outcome of `parse_edtf`: a value, or a message and the 0-based offset it refers to.
struct edtf_parse_result {
  std::optional<edtf_date> value;
  std::string error;
  std::size_t offset = 0;
};

/// Parses `2024-02-08`, `2024-03`, `2023`, `2024-03-03/2024-03-06`, each part optionally
/// followed by `?`, `~` or `%`. Fails with a message for malformed text and impossible dates
/// (`2024-02-30`), years outside 0001-9999 and ranges that end before they start.
edtf_parse_result parse_edtf(std::string_view text);

/// Parses a single point (no `/`); the same rules as `parse_edtf`.
edtf_parse_result parse_edtf_point(std::string_view text);

/// The canonical EDTF text of `d` (what `parse_edtf` reads back to the same value).
std::string to_edtf(const edtf_date& d);
std::string to_edtf(const date_point& p);

/// A point for a whole day.
date_point day_point(date::year_month_day ymd);

}  // namespace chronicle
