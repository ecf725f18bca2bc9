#pragma once
/// Changing a TOML file in place: only the values asked for change, while comments, key order,
/// blank lines and the formatting of everything else stay byte for byte, so that a
/// hand-curated file stays readable in `git diff`.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <date/date.h>

#include "chronicle/model/diagnostic.hpp"

namespace chronicle {

/// A value to write: a string, an integer, a number, an offset date-time (written in UTC, as
/// `2026-11-26T10:00:00Z`) or an array of strings. toml++ formats it, so escaping is always valid.
using toml_value =
    std::variant<std::string, std::int64_t, double, date::sys_seconds, std::vector<std::string>>;

/// What a key holds, as far as an edit needs to know.
enum class toml_kind { absent, string, table, array, other };

/// The text of a TOML document, changed by splicing: toml++ parses it to locate each value's
/// source span, and the edit replaces, inserts or deletes only those bytes or lines.
///
/// Keys are dotted paths of bare keys ("date", "title.ru", "place.city"). Inline tables
/// (`place = { city = "Astana" }`) are rewritten whole when one of their keys changes; every
/// other value keeps its neighbours untouched. Comments on the lines of a deleted key go with
/// it; comments on lines of their own stay. Mutators return an empty string on success, else
/// a problem message in the style of the library's diagnostics.
class toml_document {
 public:
  /// Takes `text`; returns nothing, with a positioned diagnostic in `problems`, when it is not
  /// TOML. `file` names it in diagnostics.
  static std::optional<toml_document> parse(std::string text, const std::string& file,
                                            std::vector<diagnostic>& problems);

  const std::string& text() const { return m_text; }

  /// What `path` holds.
  toml_kind kind_of(std::string_view path) const;
  /// The string at `path`, if it is one.
  std::optional<std::string> string_at(std::string_view path) const;
  /// The integer at `path`, if it is one.
  std::optional<std::int64_t> integer_at(std::string_view path) const;
  /// The keys of the table at `path`, in file order.
  std::vector<std::string> keys_of(std::string_view path) const;

  /// Sets `path` to `value`: replaces the value where the key exists, else inserts a line
  /// `key = value` into its table, creating the table (`[place]`) when needed. `order` lists
  /// sibling keys (and, for new tables, top-level tables) in their preferred order, so a new
  /// key lands after the keys that come before it rather than at the end.
  std::string set(std::string_view path, const toml_value& value,
                  std::span<const std::string_view> order = {});

  /// Deletes `path`: the lines of a key and its value, a whole `[table]` section, or every
  /// `[[array]]` section. Returns false when it is absent.
  bool remove(std::string_view path);

  /// Appends `item` to the array of strings at `path` (creating it as with `set`), in the
  /// array's own layout: on the same line, or on a new line with the items' indentation.
  std::string append(std::string_view path, const std::string& item,
                     std::span<const std::string_view> order = {});

  /// Removes every `item` from the array of strings at `path`, with its comma; removes the key
  /// when the array is left empty. Returns how many items were removed.
  int remove_items(std::string_view path, std::string_view item);

  /// Appends a table to the array of tables at `path`: a new `[[path]]` section after the last
  /// one (or where `order` places it), or an inline table when the array is written inline.
  std::string append_table(std::string_view path,
                           const std::vector<std::pair<std::string, toml_value>>& fields,
                           std::span<const std::string_view> order = {});

  /// Rewrites every string, array of strings and number in the style of hand-written files,
  /// as `set` writes them: basic strings ("…"), `["a", "b"]` and the shortest decimal that
  /// reads back as the same number (toml++ alone prefers literal strings, '…', and prints
  /// 38.8946 as 38.894599999999997). Values in inline tables are left as they are.
  void restyle();

  /// Removes each table of the array of tables at `path` whose string `key` equals `value`.
  /// Returns how many were removed.
  int remove_tables(std::string_view path, std::string_view key, std::string_view value);

 private:
  explicit toml_document(std::string text, std::string file)
      : m_text(std::move(text)), m_file(std::move(file)) {}

  std::string m_text;
  std::string m_file;
};

/// The dotted key whose value covers 1-based `line`:`column` in `text` ("date",
/// "place.country", "sources.url"; array indices are left out), or empty when no value does.
std::string key_at(std::string_view text, int line, int column);

}  // namespace chronicle
