#pragma once
/// A UTC instant as the TOML offset date-time `last_modified` is written with. Internal: included
/// by the two places that write TOML (serialize.cpp, toml_edit.cpp).

#include <date/date.h>
#include <toml++/toml.h>

namespace chronicle::detail {

inline toml::date_time to_toml_time(date::sys_seconds s) {
  const auto day = date::floor<date::days>(s);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{s - day};
  return toml::date_time{
      toml::date{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                 static_cast<unsigned>(ymd.day())},
      toml::time{static_cast<unsigned>(hms.hours().count()),
                 static_cast<unsigned>(hms.minutes().count()),
                 static_cast<unsigned>(hms.seconds().count())},
      toml::time_offset{}};
}

}  // namespace chronicle::detail
