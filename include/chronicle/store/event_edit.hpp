#pragma once
/// Changing one event file the way `chronicle edit` does: field by field, in place, keeping the
/// file's comments, key order and layout (through `toml_document`).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "chronicle/model/event.hpp"
#include "chronicle/store/toml_edit.hpp"

namespace chronicle {

/// The keys `set` accepts, in the order help texts list them.
const std::vector<std::string_view>& settable_keys();

/// The order `to_toml` writes an event's keys and tables in: where a new key is inserted.
std::span<const std::string_view> event_key_order();

/// Edits the text of one event file. Mutators return an empty string on success, else a
/// problem message (an unknown key, a value of the wrong kind); the rules for the values
/// themselves are those of `parse_event`, which the caller runs on `text()` afterwards.
class event_editor {
 public:
  /// `doc` is the event file; `default_language` that of its plain-string title and description.
  event_editor(toml_document doc, std::string default_language)
      : m_doc(std::move(doc)), m_default_language(std::move(default_language)) {}

  const std::string& text() const { return m_doc.text(); }

  /// Sets `key` to `value` as typed on a command line: text for "title", "title.LANG",
  /// "description", "description.LANG", "date", "start", "end", "tz", "status", "date_note",
  /// "uid", "place.name", "place.city" and "place.country"; a number for "place.latitude" and
  /// "place.longitude". "title" and "description" without a language mean the default one; a
  /// plain-string title becomes a [title] table when a second language is added. "date" and
  /// "start" exclude each other: setting "date" removes "start", "end" and "tz"; setting "start"
  /// removes "date".
  std::string set(std::string_view key, std::string_view value);

  /// Replaces the list "tags", "follows", "part_of" or "related"; an empty list removes it.
  std::string set_list(std::string_view key, const std::vector<std::string>& items);

  /// Removes `key`: any key `set` accepts, a list, or "description", "place", "participants"
  /// and "sources" whole. A problem when the key is unknown or not in the file.
  std::string unset(std::string_view key);

  /// Adds `item` to the list `key` unless it is there already; false when it was.
  bool add_to_list(std::string_view key, const std::string& item);

  /// Removes `item` from the list `key`; false when it was not there.
  bool remove_from_list(std::string_view key, std::string_view item);

  /// Appends a [[sources]] entry.
  void add_source(const source_ref& s);

  /// Removes every source with this URL; false when there was none.
  bool remove_source(std::string_view url);

  /// Records a change: `revision` one past `old_revision` (kept if the text already has a higher
  /// one), `last_modified` set to `now`, or one second past `old_modified` when the clock is not
  /// ahead of it, so both always advance.
  void touch(int old_revision, std::optional<date::sys_seconds> old_modified,
             date::sys_seconds now);

 private:
  std::string set_text(std::string_view base, std::string_view lang, const std::string& value);

  toml_document m_doc;
  std::string m_default_language;
};

}  // namespace chronicle
