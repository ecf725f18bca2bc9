#include "chronicle/store/storage.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "chronicle/model/validate.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/toml_node.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

source_pos pos_of(const toml::source_region& r) {
  return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

using path_set = std::set<std::string, std::less<>>;
using position_map = std::map<std::string, source_pos, std::less<>>;

/// Reads typed values out of one TOML document, collecting a diagnostic for each value of the
/// wrong type. What the values must be is the validator's (model/validate.hpp) to say: the
/// reader records where each one is written (`positions`) and which it could not read
/// (`unreadable`, so that the validator does not report them again).
class reader {
 public:
  reader(const std::string& file, std::vector<diagnostic>& out, position_map& positions,
         path_set& unreadable)
      : m_file(file), m_out(out), m_positions(positions), m_unreadable(unreadable) {}

  void error(source_pos p, std::string message) {
    m_out.push_back({m_file, p.line, p.column, severity::error, std::move(message)});
  }
  void error(const toml::node& n, std::string message) { error(pos_of(n.source()), message); }

  /// Records where the value at `path` is written.
  void at(const std::string& path, const toml::node& n) {
    m_positions.insert_or_assign(path, pos_of(n.source()));
  }
  /// Reports that the value at `path` cannot be read, and why.
  void unreadable(const std::string& path, const toml::node& n, std::string message) {
    error(n, std::move(message));
    m_unreadable.insert(path);
  }
  void unreadable(const std::string& path, source_pos p, std::string message) {
    error(p, std::move(message));
    m_unreadable.insert(path);
  }

  /// Reports every key of `table` not in `known`.
  void reject_unknown(const toml::table& table, std::string_view where,
                      std::initializer_list<std::string_view> known) {
    for (const auto& [k, v] : table) {
      if (std::find(known.begin(), known.end(), k.str()) != known.end()) continue;
      std::string list;
      for (auto name : known) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
      error(pos_of(k.source()),
            fmt::format("unknown key \"{}\"{}; expected one of: {}", k.str(), where, list));
    }
  }

  /// The string at `path` (named `key` in messages), or "" when it is not a string.
  std::string string(const toml::node& n, std::string_view key, const std::string& path) {
    at(path, n);
    if (auto s = n.value_exact<std::string>()) return std::move(*s);
    unreadable(path, n,
               fmt::format("\"{}\" must be a string, not {}", key, detail::toml_type_name(n)));
    return {};
  }

  /// A string (in `default_lang`) or a table of language -> string, at `key`.
  localized_text localized(const toml::node& n, const std::string& key,
                           const std::string& default_lang) {
    localized_text out;
    if (n.is_string()) {
      out.emplace(default_lang, string(n, key, key));
      return out;
    }
    const auto* t = n.as_table();
    if (!t) {
      unreadable(key, n,
                 fmt::format("\"{}\" must be a string or a table of languages such as "
                             "{{ en = \"...\", ru = \"...\" }}, not {}",
                             key, detail::toml_type_name(n)));
      return out;
    }
    for (const auto& [lang, text] : *t) {
      const auto path = fmt::format("{}.{}", key, lang.str());
      m_positions.insert_or_assign(key_position(path), pos_of(lang.source()));
      out.emplace(std::string(lang.str()), string(text, path, path));
    }
    return out;
  }

  /// An array of strings at `key`; its items are at `key[0]`, `key[1]`, ...
  std::vector<std::string> strings(const toml::node& n, const std::string& key) {
    std::vector<std::string> out;
    const auto* a = n.as_array();
    if (!a) {
      unreadable(key, n,
                 fmt::format("\"{}\" must be an array of strings, not {}", key,
                             detail::toml_type_name(n)));
      return out;
    }
    for (const auto& item : *a) {
      if (!item.is_string()) {
        error(item,
              fmt::format("\"{}\" must be a string, not {}", key, detail::toml_type_name(item)));
        continue;
      }
      out.push_back(string(item, key, fmt::format("{}[{}]", key, out.size())));
    }
    return out;
  }

  /// Calls `fn(table, node, path)` for each table of the array of tables `key`.
  template <class Fn>
  void each_table(const toml::node& n, const std::string& key, Fn fn) {
    const auto* a = n.as_array();
    if (!a)
      return unreadable(key, n,
                        fmt::format("\"{}\" must be an array of tables ([[{}]]), not {}", key, key,
                                    detail::toml_type_name(n)));
    std::size_t i = 0;
    for (const auto& item : *a) {
      if (const auto* t = item.as_table()) {
        const auto path = fmt::format("{}[{}]", key, i++);
        at(path, item);
        fn(*t, item, path);
      } else {
        error(item, fmt::format("each entry of \"{}\" must be a table, not {}", key,
                                detail::toml_type_name(item)));
      }
    }
  }

 private:
  const std::string& m_file;
  std::vector<diagnostic>& m_out;
  position_map& m_positions;
  path_set& m_unreadable;
};

std::optional<toml::table> parse_toml(std::string_view text, const std::string& file,
                                      std::vector<diagnostic>& out) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    out.push_back({file, static_cast<int>(e.source().begin.line),
                   static_cast<int>(e.source().begin.column), severity::error,
                   fmt::format("malformed TOML: {}", e.description())});
    return std::nullopt;
  }
}

void read_place(reader& r, const toml::node& n, event& e) {
  const auto* t = n.as_table();
  if (!t)
    return r.unreadable(
        "place", n, fmt::format("\"place\" must be a table, not {}", detail::toml_type_name(n)));
  r.reject_unknown(*t, " in [place]", {"name", "city", "country", "latitude", "longitude"});
  chronicle::place p;
  if (auto v = t->get("name")) p.name = r.string(*v, "place.name", "place.name");
  if (auto v = t->get("city")) p.city = r.string(*v, "place.city", "place.city");
  if (auto v = t->get("country")) p.country = r.string(*v, "place.country", "place.country");
  auto coordinate = [&](const char* key) -> std::optional<double> {
    const auto* v = t->get(key);
    if (!v) return std::nullopt;
    const auto path = fmt::format("place.{}", key);
    r.at(path, *v);
    auto d = v->value<double>();
    if (!d || !(v->is_number())) {
      r.unreadable(
          path, *v,
          fmt::format("\"{}\" must be a number, not {}", path, detail::toml_type_name(*v)));
      return std::nullopt;
    }
    return d;
  };
  p.latitude = coordinate("latitude");
  p.longitude = coordinate("longitude");
  e.place = std::move(p);
}

/// The clock times of a timed event: `start` (and `end`) in `tz` or the timeline's zone.
void read_time(reader& r, const toml::table& doc, const toml::node& start_node, event& e,
               const timeline_info& info) {
  event_time t;
  t.tz = info.time_zone;
  if (auto v = doc.get("tz")) t.tz = r.string(*v, "tz", "tz");
  auto read = [&](const toml::node& n, const char* key) -> std::optional<date::local_seconds> {
    auto s = n.value_exact<std::string>();
    if (!s) {
      r.unreadable(key, n,
                   fmt::format("\"{}\" must be a string, not {}", key, detail::toml_type_name(n)));
      return std::nullopt;
    }
    auto lt = parse_local_time(*s);
    if (!lt)
      r.unreadable(key, n,
                   fmt::format("\"{}\" = \"{}\" is not a local date-time; expected "
                               "\"YYYY-MM-DDTHH:MM\" such as \"2024-02-08T10:00\"",
                               key, *s));
    return lt;
  };
  const auto start = read(start_node, "start");
  std::optional<date::local_seconds> end;
  if (auto v = doc.get("end")) end = read(*v, "end");
  if (!start) {
    // Kept so that the zone is still checked; the start is already reported.
    e.time = t;
    return;
  }
  t.start = *start;
  t.end = end;
  const auto first = date::floor<date::days>(*start);
  e.date.start = day_point(date::year_month_day{first});
  if (end && *end >= *start && date::floor<date::days>(*end) != first)
    e.date.end = day_point(date::year_month_day{date::floor<date::days>(*end)});
  e.time = t;
}

/// The days or local times of `also` or `except` (`periods`: "start/end" is allowed).
std::vector<recurrence_date> read_dates(reader& r, const toml::node& n, const std::string& key,
                                        bool periods) {
  std::vector<recurrence_date> out;
  const auto* a = n.as_array();
  if (!a) {
    r.unreadable(key, n,
                 fmt::format("\"{}\" must be an array of days or local times such as "
                             "[ \"2024-03-04T10:00\" ], not {}",
                             key, detail::toml_type_name(n)));
    return out;
  }
  for (const auto& item : *a) {
    const auto path = fmt::format("{}[{}]", key, out.size());
    const auto s = item.value_exact<std::string>();
    auto d = s ? parse_recurrence_date(*s) : std::nullopt;
    if (d && d->end && !periods) d.reset();
    if (!d) {
      r.error(item,
              fmt::format("\"{}\" holds {}; expected a day (\"2024-03-04\") or a local "
                          "time in the event's zone (\"2024-03-04T10:00\"){}",
                          key,
                          s ? fmt::format("\"{}\"", *s) : std::string(detail::toml_type_name(item)),
                          periods ? ", or a start and end (\"2024-03-04T10:00/"
                                    "2024-03-04T12:00\")"
                                  : ""));
      continue;
    }
    r.at(path, item);
    out.push_back(*d);
  }
  return out;
}

/// The `[[changed]]` tables: the changed occurrences of a recurring event. A title or
/// description given as one string is in `lang`.
void read_changed(reader& r, const toml::node& n, event& e, const std::string& lang) {
  r.each_table(
      n, "changed", [&](const toml::table& t, const toml::node& node, const std::string& path) {
        r.reject_unknown(t, " in [[changed]]",
                         {"occurrence", "and_following", "start", "end", "date", "tz", "title",
                          "description", "location", "status", "sequence", "ical_extra"});
        changed_occurrence x;
        x.pos = pos_of(node.source());
        const auto text = [&](const char* key) -> std::optional<std::string> {
          const auto* v = t.get(key);
          if (!v) return std::nullopt;
          return r.string(*v, key, fmt::format("{}.{}", path, key));
        };
        if (auto s = text("occurrence")) {
          if (auto d = parse_recurrence_date(*s); d && !d->end)
            x.occurrence = *d;
          else
            r.unreadable(
                path + ".occurrence", *t.get("occurrence"),
                fmt::format("\"occurrence\" = \"{}\" is not a day or a local time; expected "
                            "the start the occurrence would have, such as "
                            "\"2024-03-11T10:00\"",
                            *s));
        } else {
          r.unreadable(path + ".occurrence", node,
                       "a [[changed]] table needs \"occurrence\", the start the occurrence would "
                       "have, such as \"2024-03-11T10:00\"");
        }
        if (const auto* v = t.get("and_following")) {
          r.at(path + ".and_following", *v);
          if (auto b = v->value_exact<bool>())
            x.and_following = *b;
          else
            r.unreadable(path + ".and_following", *v,
                         fmt::format("\"and_following\" must be true or false, not {}",
                                     detail::toml_type_name(*v)));
        }
        const auto* date_node = t.get("date");
        if (date_node && t.get("start"))
          r.error(*date_node, "give either \"date\" (whole days) or \"start\", not both");
        const auto clock = [&](const char* key) -> std::optional<date::local_seconds> {
          auto s = text(key);
          if (!s) return std::nullopt;
          auto lt = parse_local_time(*s);
          if (!lt)
            r.unreadable(fmt::format("{}.{}", path, key), *t.get(key),
                         fmt::format("\"{}\" = \"{}\" is not a local date-time; expected "
                                     "\"YYYY-MM-DDTHH:MM\" such as \"2024-03-11T12:00\"",
                                     key, *s));
          return lt;
        };
        if (date_node) {
          auto s = text("date");
          auto d = s ? parse_edtf(*s) : edtf_parse_result{};
          if (d.value && d.value->precision() == precision::day) {
            x.all_day = true;
            x.start =
                date::local_seconds{date::local_days{d.value->first_day().time_since_epoch()}};
            if (d.value->end)
              x.end = date::local_seconds{date::local_days{d.value->last_day().time_since_epoch()}};
          } else if (s) {
            r.unreadable(path + ".date", *date_node,
                         fmt::format("\"date\" = \"{}\" is not a day or a range of days; expected "
                                     "\"2024-03-11\" or \"2024-03-11/2024-03-12\"",
                                     *s));
          }
        } else {
          x.start = clock("start");
          x.end = clock("end");
        }
        if (auto s = text("tz")) x.tz = *s;
        if (const auto* v = t.get("title")) x.title = r.localized(*v, path + ".title", lang);
        if (const auto* v = t.get("description"))
          x.description = r.localized(*v, path + ".description", lang);
        x.location = text("location");
        if (auto s = text("status")) {
          if (auto st = parse_status(*s))
            x.status = *st;
          else
            r.unreadable(path + ".status", *t.get("status"), unknown_status_message(*s));
        }
        if (const auto* v = t.get("sequence")) {
          r.at(path + ".sequence", *v);
          if (auto i = v->value_exact<int64_t>())
            x.sequence = static_cast<int>(std::clamp<int64_t>(*i, -1, 1'000'000'000));
          else
            r.unreadable(
                path + ".sequence", *v,
                fmt::format("\"sequence\" must be an integer, not {}", detail::toml_type_name(*v)));
        }
        if (auto s = text("ical_extra")) x.ical_extra = *s;
        e.changed.push_back(std::move(x));
      });
}

}  // namespace

std::optional<timeline_info> parse_timeline_info(std::string_view text, const std::string& file,
                                                 std::vector<diagnostic>& diagnostics) {
  const auto before = diagnostics.size();
  auto doc = parse_toml(text, file, diagnostics);
  if (!doc) return std::nullopt;
  position_map positions;
  path_set unreadable;
  reader r(file, diagnostics, positions, unreadable);
  r.reject_unknown(*doc, "", {"name", "default_language", "time_zone", "uid_domain"});
  for (const auto& [k, v] : *doc) positions.emplace(std::string(k.str()), pos_of(v.source()));
  timeline_info info;
  // A value of the wrong type is reported here and leaves the default in its place.
  for (auto [key, field] :
       {std::pair{"default_language", &info.default_language},
        std::pair{"time_zone", &info.time_zone}, std::pair{"uid_domain", &info.uid_domain}})
    if (auto v = doc->get(key))
      if (auto s = r.string(*v, key, key); !unreadable.contains(key)) *field = std::move(s);
  if (auto v = doc->get("name")) info.name = r.localized(*v, "name", info.default_language);
  for (auto& p : validate(info, file, positions, unreadable))
    diagnostics.push_back(std::move(p.diag));
  if (has_errors({diagnostics.begin() + static_cast<std::ptrdiff_t>(before), diagnostics.end()}))
    return std::nullopt;
  return info;
}

event_parse_result parse_event(std::string_view text, const std::string& id,
                               const std::string& file, const timeline_info& info) {
  event_parse_result result;
  auto& diags = result.diagnostics;
  auto doc = parse_toml(text, file, diags);
  if (!doc) return result;
  event e;
  e.id = id;
  e.file = file;
  path_set unreadable;
  reader r(file, diags, e.positions, unreadable);
  r.reject_unknown(*doc, "", {"title",   "date",          "start",         "end",     "tz",
                              "status",  "place",         "participants",  "tags",    "description",
                              "sources", "follows",       "part_of",       "related", "date_note",
                              "uid",     "revision",      "last_modified", "repeat",  "also",
                              "except",  "changed",       "ical_extra",    "rrule",   "rdate",
                              "exdate",  "ical_overrides"});
  // The keys of recurrence before it was readable: said plainly, since only an older Chronicle
  // wrote them.
  for (auto [old_key, now] : {std::pair{"rrule", "repeat = \"FREQ=…\""},
                              std::pair{"rdate", "also = [ \"2024-03-01T10:00\" ]"},
                              std::pair{"exdate", "except = [ \"2024-03-01T10:00\" ]"},
                              std::pair{"ical_overrides", "[[changed]] tables"}})
    if (auto v = doc->get(old_key))
      r.error(*v, fmt::format("\"{}\" is how an older Chronicle wrote recurrence; write {} "
                              "(docs/FORMAT.md), or import the calendar again into a new folder",
                              old_key, now));
  for (const auto& [k, v] : *doc) e.positions.emplace(std::string(k.str()), pos_of(v.source()));
  if (!is_valid_event_id(id))  // the id is the file's name, and said so
    r.unreadable("id", {1, 1},
                 fmt::format("file name \"{}.toml\" is not a valid event id; expected "
                             "lower-case letters, digits and hyphens",
                             id));

  if (auto v = doc->get("title")) e.title = r.localized(*v, "title", info.default_language);

  const auto* date_node = doc->get("date");
  const auto* start_node = doc->get("start");
  if (date_node && start_node)
    r.error(*start_node,
            "give either \"date\" (a day, month or year) or \"start\" (a local "
            "date-time), not both");
  if (!date_node && !start_node)
    r.error({1, 1},
            "missing \"date\"; expected an EDTF date such as date = \"2024-02-08\", or "
            "start = \"2024-02-08T10:00\" with tz");
  if (date_node && !start_node) {
    if (auto s = date_node->value_exact<std::string>()) {
      auto parsed = parse_edtf(*s);
      if (parsed.value) {
        e.date = *parsed.value;
      } else {
        auto p = pos_of(date_node->source());
        p.column += static_cast<int>(parsed.offset) + 1;  // skip the opening quote
        r.error(p, parsed.error);
      }
    } else {
      r.error(*date_node,
              fmt::format("\"date\" must be a string, not {}", detail::toml_type_name(*date_node)));
    }
    for (const char* key : {"end", "tz"})
      if (auto v = doc->get(key))
        r.error(*v, fmt::format("\"{}\" applies only to timed events (with \"start\")", key));
  }
  if (start_node) read_time(r, *doc, *start_node, e, info);

  if (auto v = doc->get("status")) {
    if (auto s = v->value_exact<std::string>()) {
      if (auto st = parse_status(*s))
        e.status = *st;
      else
        r.error(*v, unknown_status_message(*s));
    } else {
      r.error(*v, fmt::format("\"status\" must be a string, not {}", detail::toml_type_name(*v)));
    }
  }
  if (auto v = doc->get("place")) read_place(r, *v, e);
  if (auto v = doc->get("participants")) {
    r.each_table(*v, "participants",
                 [&](const toml::table& t, const toml::node& n, const std::string& path) {
                   r.reject_unknown(t, " in [[participants]]", {"name", "role", "country"});
                   participant p;
                   if (auto x = t.get("name"))
                     p.name = r.string(*x, "participants.name", path + ".name");
                   else
                     r.unreadable(path + ".name", n, "a participant needs a \"name\"");
                   if (auto x = t.get("role"))
                     p.role = r.string(*x, "participants.role", path + ".role");
                   if (auto x = t.get("country"))
                     p.country = r.string(*x, "participants.country", path + ".country");
                   e.participants.push_back(std::move(p));
                 });
  }
  if (auto v = doc->get("tags")) e.tags = r.strings(*v, "tags");
  if (auto v = doc->get("description"))
    e.description = r.localized(*v, "description", info.default_language);
  if (auto v = doc->get("sources")) {
    r.each_table(
        *v, "sources", [&](const toml::table& t, const toml::node&, const std::string& path) {
          r.reject_unknown(t, " in [[sources]]",
                           {"url", "publisher", "title", "language", "published"});
          source_ref s;
          for (auto [key, field] :
               {std::pair{"url", &s.url}, std::pair{"publisher", &s.publisher},
                std::pair{"title", &s.title}, std::pair{"language", &s.language},
                std::pair{"published", &s.published}})
            if (auto x = t.get(key))
              *field =
                  r.string(*x, fmt::format("sources.{}", key), fmt::format("{}.{}", path, key));
          e.sources.push_back(std::move(s));
        });
  }
  for (auto [key, kind] :
       {std::pair{"follows", relation_kind::follows}, std::pair{"part_of", relation_kind::part_of},
        std::pair{"related", relation_kind::related}}) {
    const auto* v = doc->get(key);
    if (!v) continue;
    const auto* a = v->as_array();
    if (!a) {
      r.error(*v, fmt::format("\"{}\" must be an array of event ids, not {}", key,
                              detail::toml_type_name(*v)));
      continue;
    }
    for (const auto& item : *a) {
      const auto path = fmt::format("relations[{}]", e.relations.size());
      if (!item.is_string()) {
        r.error(item,
                fmt::format("\"{}\" must be a string, not {}", key, detail::toml_type_name(item)));
        continue;
      }
      e.relations.push_back({kind, r.string(item, key, path), pos_of(item.source())});
    }
  }
  for (auto [key, field] :
       {std::pair{"date_note", &e.date_note}, std::pair{"uid", &e.uid},
        std::pair{"repeat", &e.recurrence.rule}, std::pair{"ical_extra", &e.ical_extra}})
    if (auto v = doc->get(key)) *field = r.string(*v, key, key);
  if (auto v = doc->get("also")) e.recurrence.also = read_dates(r, *v, "also", true);
  if (auto v = doc->get("except")) e.recurrence.except = read_dates(r, *v, "except", false);
  if (auto v = doc->get("changed"))  // a lone text is in the language of the event's title
    read_changed(r, *v, e, e.title.size() == 1 ? e.title.begin()->first : info.default_language);
  if (auto v = doc->get("revision")) {
    if (auto n = v->value_exact<int64_t>())
      // Out of range stays out of range, for the validator to say so.
      e.revision = static_cast<int>(std::clamp<int64_t>(*n, 0, int64_t{1'000'000'001}));
    else
      r.unreadable("revision", *v, "\"revision\" must be a positive integer");
  }
  if (auto v = doc->get("last_modified")) {
    const auto* dt = v->as_date_time();
    if (!dt || !dt->get().offset) {
      r.error(*v, "\"last_modified\" must be an offset date-time such as 2024-02-09T12:00:00Z");
    } else {
      const auto& d = dt->get();
      const auto day = date::sys_days{date::year{d.date.year} / d.date.month / d.date.day};
      e.last_modified = day + std::chrono::hours{d.time.hour} +
                        std::chrono::minutes{d.time.minute} + std::chrono::seconds{d.time.second} -
                        std::chrono::minutes{d.offset->minutes};
    }
  }
  for (auto& p : validate(e, info, unreadable)) diags.push_back(std::move(p.diag));
  std::stable_sort(diags.begin(), diags.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  result.event = std::move(e);  // also when invalid: its relations are still checked
  return result;
}

std::string too_large_message(const std::string& name, std::uintmax_t size,
                              std::uintmax_t max_bytes) {
  return fmt::format("cannot read \"{}\": file too large ({} bytes; the limit is {} bytes)", name,
                     size, max_bytes);
}

std::string read_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  const auto failed = [&](int error) {
    return io_error(fmt::format("cannot read \"{}\": {}", path.string(), std::strerror(error)));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw failed(errno);
  const struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw failed(errno);
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (S_ISREG(st.st_mode) && size > max_bytes)
    throw io_error(too_large_message(path.string(), size, max_bytes));
  // One read for a regular file of known size; pipes and files that grow are read in steps,
  // never past the limit.
  std::string out(S_ISREG(st.st_mode) ? static_cast<std::size_t>(size) + 1 : 4096, '\0');
  std::size_t used = 0;
  for (;;) {
    if (used == out.size()) out.resize(out.size() * 2);
    const auto n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw failed(errno);
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (used > max_bytes) throw io_error(too_large_message(path.string(), used, max_bytes));
  }
  out.resize(used);
  return out;
}

namespace {

/// Reads and parses the event files on every core (each file is independent). The results are
/// in the order of `files`. An io_error is thrown for the first file (in that order) that failed.
std::vector<event_parse_result> parse_event_files(const std::vector<std::filesystem::path>& files,
                                                  const timeline_info& info) {
  std::vector<event_parse_result> out(files.size());
  parallel_for(files.size(), 64, [&](std::size_t i) {
    const auto& p = files[i];
    out[i] = parse_event(read_file(p), p.stem().string(), p.string(), info);
  });
  return out;
}

}  // namespace

load_result load_timeline(const std::filesystem::path& dir) {
  load_result result;
  // The folder first: one that cannot be listed is named as such, before any file in it.
  auto folder = scan_event_folder(dir);
  const auto settings = dir / "timeline.toml";
  auto found = find_regular_file(settings, "the timeline's settings file");
  result.diagnostics = std::move(found.diagnostics);
  if (found.value && *found.value) {
    if (auto info = parse_timeline_info(read_file(settings), settings.string(), result.diagnostics))
      result.timeline.info = std::move(*info);
  } else if (found.value) {
    result.diagnostics.push_back({settings.string(), 0, 0, severity::error,
                                  "missing timeline settings; expected a timeline.toml with the "
                                  "timeline's name, default_language, time_zone and uid_domain"});
  }
  result.diagnostics.insert(result.diagnostics.end(), folder.diagnostics.begin(),
                            folder.diagnostics.end());
  const auto& files = folder.value->files;
  auto all_parsed = parse_event_files(files, result.timeline.info);
  // Not a file, or not even TOML: their relations are unknown.
  std::vector<std::string> unparsed;
  for (const auto& d : folder.diagnostics)
    unparsed.push_back(std::filesystem::path(d.file).stem().string());
  std::vector<bool> valid;
  result.timeline.events.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& p = files[i];
    auto parsed = std::move(all_parsed[i]);
    result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(),
                              parsed.diagnostics.end());
    if (parsed.event) {
      result.timeline.events.push_back(std::move(*parsed.event));
      valid.push_back(!has_errors(parsed.diagnostics));
    } else {
      unparsed.push_back(p.stem().string());
    }
  }
  // Relations are checked across every event that parsed, even one with other errors, so that
  // one run reports every problem; events with errors are then left out of the timeline.
  auto relation_problems = check_relations(result.timeline, unparsed);
  result.diagnostics.insert(result.diagnostics.end(), relation_problems.begin(),
                            relation_problems.end());
  std::vector<event> kept;
  for (std::size_t i = 0; i < valid.size(); ++i)
    if (valid[i]) kept.push_back(std::move(result.timeline.events[i]));
  result.timeline.events = std::move(kept);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const diagnostic& a, const diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                   });
  sort_chronologically(result.timeline);
  return result;
}

}  // namespace chronicle
