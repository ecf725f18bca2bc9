#pragma once
/// The filters that choose events (--lang, --from, --to, --tag): one definition for `list`,
/// `search` and the export subcommands that render a selection of events.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chronicle/render/render.hpp"

namespace chronicle::cli {

struct export_filters {
  std::string lang;
  std::string from;
  std::string to;
  std::vector<std::string> tags;
};

/// Adds --lang, --from, --to and --tag to `cmd`, filling `f`.
void add_export_filters(CLI::App& cmd, export_filters& f);

/// The list options `f` asks for; the language defaults to `default_language`. Throws
/// `usage_error` for a malformed date or a --to before --from.
list_options to_list_options(const export_filters& f, const std::string& default_language);

}  // namespace chronicle::cli
