#pragma once
/// The options `export ics` and `export vdir` share: how month- and year-precise events are
/// written (--coarse) and in which language (--lang), and the export options they make.

#include <string>

#include <CLI/CLI.hpp>

#include "chronicle/exchange/ical/export.hpp"
#include "command.hpp"

namespace chronicle::cli {

struct ics_choices {
  std::string coarse = "span";
  std::string lang;
};

/// Adds --coarse and --lang to `cmd`, filling `c`.
void add_ics_choices(CLI::App& cmd, ics_choices& c);

/// The export options `c` asks for, with DTSTAMP from SOURCE_DATE_EPOCH when it is set.
ics_options to_ics_options(const context& ctx, const ics_choices& c);

}  // namespace chronicle::cli
