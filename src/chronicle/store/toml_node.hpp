#pragma once
/// How a TOML value's type is named in messages ("\"title\" must be a string, not an integer").
/// Internal: included by the two readers of TOML files, storage.cpp (event files and
/// timeline.toml) and user_config.cpp (the configuration file).

#include <string_view>

#include <toml++/toml.h>

namespace chronicle::detail {

inline std::string_view toml_type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

}  // namespace chronicle::detail
