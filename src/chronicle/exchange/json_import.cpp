#include "chronicle/exchange/json_import.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <set>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/model/validate.hpp"

namespace chronicle {

namespace {

using nlohmann::json;

std::string_view type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    default: return "something else";
  }
}

/// Line and column (1-based, in code points) of the byte at `offset` of `text`.
source_pos position_at(std::string_view text, std::size_t offset) {
  source_pos p{1, 1};
  for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

/// Reads "2024-02-08T10:00:00" (with `zulu`, "2024-02-08T10:00:00Z"): the day as EDTF, the
/// clock as numbers in range. Returns the day and the time of day.
std::optional<std::pair<date::sys_days, std::chrono::seconds>> parse_date_time(
    std::string_view text, bool zulu) {
  if (text.size() != (zulu ? 20u : 19u) || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      (zulu && text[19] != 'Z'))
    return std::nullopt;
  const auto day = parse_edtf_point(text.substr(0, 10));
  if (!day.value || day.value->precision() != precision::day || day.value->uncertain() ||
      day.value->approximate())
    return std::nullopt;
  int parts[3] = {};
  for (int k = 0; k < 3; ++k) {
    const auto* begin = text.data() + 11 + 3 * k;
    if (std::from_chars(begin, begin + 2, parts[k]).ptr != begin + 2) return std::nullopt;
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59 || parts[0] < 0 || parts[1] < 0 ||
      parts[2] < 0)
    return std::nullopt;
  return std::pair{day.value->first_day(), std::chrono::hours{parts[0]} +
                                               std::chrono::minutes{parts[1]} +
                                               std::chrono::seconds{parts[2]}};
}

std::optional<date::local_seconds> parse_local(const std::string& text) {
  const auto dt = parse_date_time(text, false);
  if (!dt) return std::nullopt;
  return date::local_days{dt->first.time_since_epoch()} + dt->second;
}

std::optional<date::sys_seconds> parse_utc(const std::string& text) {
  const auto dt = parse_date_time(text, true);
  if (!dt) return std::nullopt;
  return dt->first + dt->second;
}

/// The keys of an event object, in the order they are read.
constexpr std::array<std::string_view, 17> k_event_keys = {
    "id",           "uid",        "title",      "date",        "time",         "place",
    "participants", "status",     "tags",       "description", "sources",      "relations",
    "date_note",    "recurrence", "ical_extra", "revision",    "last_modified"};

/// The JSON path, below an event, of the value at the validator's key `path`
/// (model/validate.hpp): the JSON groups the clock times under "time" and the recurrence under
/// "recurrence", gives the date as "date.edtf" and each relation as an object with an "id".
std::string json_path(std::string_view path) {
  if (path.ends_with("#key")) path.remove_suffix(4);  // a language tag: the key is the path
  const auto cut = std::min(path.find_first_of(".["), path.size());
  const auto head = path.substr(0, cut);
  const auto rest = path.substr(cut);
  if (head == "date") return fmt::format("date.edtf{}", rest);
  if (head == "start" || head == "end" || head == "tz") return fmt::format("time.{}{}", head, rest);
  if (head == "repeat" || head == "also" || head == "except" || head == "changed")
    return fmt::format("recurrence.{}{}", head, rest);
  if (head == "relations") return fmt::format("{}.id", path);
  return std::string(path);
}

/// Reads typed values out of the parsed document, with a diagnostic for each problem; paths
/// such as `events[2].date` say where.
class reader {
 public:
  reader(const std::string& file, std::vector<diagnostic>& out) : m_file(file), m_out(out) {}

  void error(const std::string& path, std::string_view message) {
    m_out.push_back({m_file, 0, 0, severity::error, fmt::format("{}: {}", path, message)});
  }
  void warning(const std::string& path, std::string_view message) {
    m_out.push_back({m_file, 0, 0, severity::warning, fmt::format("{}: {}", path, message)});
  }

  /// True when `j` is an object; warns about each key not in `known`.
  bool object(const json& j, const std::string& path,
              std::initializer_list<std::string_view> known) {
    return object(j, path, std::span(known.begin(), known.size()));
  }
  bool object(const json& j, const std::string& path, std::span<const std::string_view> known) {
    if (!j.is_object()) {
      error(path, fmt::format("expected an object, not {}", type_name(j)));
      return false;
    }
    for (const auto& [k, v] : j.items())
      if (std::find(known.begin(), known.end(), k) == known.end())
        warning(join(path, k), "unknown key, ignored");
    return true;
  }

  /// The member `key` of object `j`, or nullptr (an error when `required`).
  const json* member(const json& j, std::string_view key, const std::string& path, bool required) {
    auto it = j.find(key);
    if (it != j.end()) return &*it;
    if (required) error(join(path, key), "missing");
    return nullptr;
  }

  std::optional<std::string> string(const json& j, std::string_view key, const std::string& path,
                                    bool required = false) {
    const auto* v = member(j, key, path, required);
    if (!v) return std::nullopt;
    if (v->is_string()) return v->get<std::string>();
    error(join(path, key), fmt::format("expected a string, not {}", type_name(*v)));
    return std::nullopt;
  }

  localized_text texts(const json& j, std::string_view key, const std::string& path,
                       bool required = false) {
    localized_text out;
    const auto* v = member(j, key, path, required);
    if (!v) return out;
    const auto where = join(path, key);
    if (!v->is_object()) {
      error(where, fmt::format("expected an object of languages such as {{\"en\": \"...\"}}, "
                               "not {}",
                               type_name(*v)));
      return out;
    }
    for (const auto& [lang, text] : v->items()) {
      if (text.is_string())
        out.emplace(lang, text.get<std::string>());
      else
        error(join(where, lang), fmt::format("expected a string, not {}", type_name(text)));
    }
    if (required && out.empty()) error(where, "must not be empty");
    return out;
  }

  std::vector<std::string> strings(const json& j, std::string_view key, const std::string& path) {
    std::vector<std::string> out;
    const auto* v = member(j, key, path, false);
    if (!v) return out;
    if (!v->is_array()) {
      error(join(path, key), fmt::format("expected an array of strings, not {}", type_name(*v)));
      return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
      if ((*v)[i].is_string())
        out.push_back((*v)[i].get<std::string>());
      else
        error(index(join(path, key), i),
              fmt::format("expected a string, not {}", type_name((*v)[i])));
    }
    return out;
  }

  /// Calls `fn(item, path)` for each object of the array `key`.
  template <class Fn>
  void each(const json& j, std::string_view key, const std::string& path, Fn fn) {
    const auto* v = member(j, key, path, false);
    if (!v) return;
    if (!v->is_array()) {
      error(join(path, key), fmt::format("expected an array, not {}", type_name(*v)));
      return;
    }
    for (std::size_t i = 0; i < v->size(); ++i) fn((*v)[i], index(join(path, key), i));
  }

  std::size_t size() const { return m_out.size(); }

  /// Orders the diagnostics from `first` on, all of the event at `path`, as its fields are read
  /// (unknown keys first), as an event file's are by position.
  void sort_by_field(std::size_t first, const std::string& path) {
    const auto rank = [&](const diagnostic& d) {
      auto rest = std::string_view(d.message).substr(std::min(d.message.size(), path.size() + 1));
      rest = rest.substr(0, std::min(rest.find_first_of(".[:"), rest.size()));
      const auto it = std::find(k_event_keys.begin(), k_event_keys.end(), rest);
      return d.severity == severity::warning && d.message.ends_with("unknown key, ignored")
                 ? -1
                 : static_cast<int>(it - k_event_keys.begin());
    };
    std::stable_sort(m_out.begin() + static_cast<std::ptrdiff_t>(first), m_out.end(),
                     [&](const diagnostic& a, const diagnostic& b) { return rank(a) < rank(b); });
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }
  static std::string index(const std::string& path, std::size_t i) {
    return fmt::format("{}[{}]", path, i);
  }

 private:
  const std::string& m_file;
  std::vector<diagnostic>& m_out;
};

std::optional<timeline_info> read_info(reader& r, const json& j) {
  if (!r.object(j, "timeline", {"name", "default_language", "time_zone", "uid_domain"}))
    return std::nullopt;
  timeline_info info;
  info.name = r.texts(j, "name", "timeline");
  if (auto s = r.string(j, "default_language", "timeline")) info.default_language = *s;
  if (auto s = r.string(j, "time_zone", "timeline")) info.time_zone = *s;
  if (auto s = r.string(j, "uid_domain", "timeline")) info.uid_domain = *s;
  // As timeline.toml is checked when it is loaded: what import writes, list reads.
  bool ok = true;
  for (const auto& p : validate(info, "", {})) {
    r.error(reader::join("timeline", json_path(p.path)), p.diag.message);
    ok = ok && p.diag.severity != severity::error;
  }
  if (!ok) return std::nullopt;
  return info;
}

std::optional<event_time> read_time(reader& r, const json& j, const std::string& path) {
  if (!r.object(j, path, {"start", "tz", "start_utc", "end", "end_utc"})) return std::nullopt;
  event_time t;
  bool ok = true;
  const auto local = [&](std::string_view key,
                         bool required) -> std::optional<date::local_seconds> {
    auto s = r.string(j, key, path, required);
    if (!s) {
      if (required) ok = false;
      return std::nullopt;
    }
    auto v = parse_local(*s);
    if (!v) {
      r.error(reader::join(path, key),
              fmt::format("\"{}\" is not a local date-time such as \"2024-02-08T10:00:00\"", *s));
      ok = false;
    }
    return v;
  };
  if (auto s = local("start", true)) t.start = *s;
  t.end = local("end", false);
  if (auto s = r.string(j, "tz", path, true))
    t.tz = *s;
  else
    ok = false;
  if (!ok) return std::nullopt;
  return t;
}

std::optional<event> read_event(reader& r, const json& j, const std::string& path,
                                const timeline_info& info) {
  if (!r.object(j, path, k_event_keys)) return std::nullopt;
  event e;
  bool ok = true;
  const auto fail = [&ok](bool good) { ok = ok && good; };

  const auto first_diagnostic = r.size();
  std::set<std::string, std::less<>> unreadable;  // reported here, not again by the validator
  if (auto id = r.string(j, "id", path, true))
    e.id = *id;
  else
    ok = false;
  if (auto uid = r.string(j, "uid", path)) {
    // render_json writes the derived `id@domain` for events without their own UID.
    if (*uid != fmt::format("{}@{}", e.id, info.uid_domain)) e.uid = *uid;
  }
  e.title = r.texts(j, "title", path, true);
  if (e.title.empty()) {
    ok = false;
    unreadable.insert("title");
  }

  if (const auto* d = r.member(j, "date", path, true)) {
    const auto where = reader::join(path, "date");
    if (r.object(*d, where,
                 {"edtf", "precision", "first_day", "last_day", "uncertain", "approximate",
                  "display"})) {
      if (auto text = r.string(*d, "edtf", where, true)) {
        auto parsed = parse_edtf(*text);
        if (parsed.value)
          e.date = *parsed.value;
        else
          r.error(reader::join(where, "edtf"), parsed.error);
        fail(parsed.value.has_value());
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }

  if (const auto* v = r.member(j, "time", path, false); v && !v->is_null()) {
    e.time = read_time(r, *v, reader::join(path, "time"));
    fail(e.time.has_value());
    if (e.time && ok) {
      // The loader derives the date of a timed event from its clock times; they must agree.
      edtf_date derived;
      const auto first = date::floor<date::days>(e.time->start);
      derived.start = day_point(date::year_month_day{first});
      if (e.time->end && date::floor<date::days>(*e.time->end) != first)
        derived.end = day_point(date::year_month_day{date::floor<date::days>(*e.time->end)});
      if (derived != e.date) {
        r.error(reader::join(path, "date.edtf"),
                fmt::format("\"{}\" does not match the days of \"time\" ({})", to_edtf(e.date),
                            to_edtf(derived)));
        ok = false;
      }
    }
  }

  if (const auto* v = r.member(j, "place", path, false); v && !v->is_null()) {
    const auto where = reader::join(path, "place");
    if (r.object(*v, where, {"name", "city", "country", "latitude", "longitude"})) {
      place p;
      p.name = r.string(*v, "name", where).value_or("");
      p.city = r.string(*v, "city", where).value_or("");
      p.country = r.string(*v, "country", where).value_or("");
      for (auto [key, target] :
           {std::pair{"latitude", &p.latitude}, std::pair{"longitude", &p.longitude}}) {
        const auto* c = r.member(*v, key, where, false);
        if (!c || c->is_null()) continue;
        if (c->is_number())
          *target = c->get<double>();
        else
          r.error(reader::join(where, key),
                  fmt::format("expected a number, not {}", type_name(*c)));
      }
      e.place = std::move(p);
    } else {
      ok = false;
    }
  }

  r.each(j, "participants", path, [&](const json& item, const std::string& where) {
    if (!r.object(item, where, {"name", "role", "country"})) {
      ok = false;
      return;
    }
    participant p;
    if (auto s = r.string(item, "name", where, true)) {
      p.name = *s;
    } else {
      ok = false;
      unreadable.insert(fmt::format("participants[{}].name", e.participants.size()));
    }
    p.role = r.string(item, "role", where).value_or("");
    p.country = r.string(item, "country", where).value_or("");
    e.participants.push_back(std::move(p));
  });

  if (auto s = r.string(j, "status", path)) {
    if (auto st = parse_status(*s)) {
      e.status = *st;
    } else {
      r.error(reader::join(path, "status"), unknown_status_message(*s));
      ok = false;
    }
  }
  e.tags = r.strings(j, "tags", path);
  e.description = r.texts(j, "description", path);

  r.each(j, "sources", path, [&](const json& item, const std::string& where) {
    if (!r.object(item, where, {"url", "publisher", "title", "language", "published"})) {
      ok = false;
      return;
    }
    source_ref s;
    s.url = r.string(item, "url", where).value_or("");
    s.publisher = r.string(item, "publisher", where).value_or("");
    s.title = r.string(item, "title", where).value_or("");
    s.language = r.string(item, "language", where).value_or("");
    s.published = r.string(item, "published", where).value_or("");
    e.sources.push_back(std::move(s));
  });

  r.each(j, "relations", path, [&](const json& item, const std::string& where) {
    if (!r.object(item, where, {"type", "id"})) {
      ok = false;
      return;
    }
    relation rel;
    const auto type = r.string(item, "type", where, true);
    const auto target = r.string(item, "id", where, true);
    if (!type || !target) {
      ok = false;
      return;
    }
    if (*type == "follows") {
      rel.kind = relation_kind::follows;
    } else if (*type == "part_of") {
      rel.kind = relation_kind::part_of;
    } else if (*type == "related") {
      rel.kind = relation_kind::related;
    } else {
      r.error(reader::join(where, "type"),
              fmt::format("unknown relation \"{}\"; expected follows, part_of or related", *type));
      ok = false;
      return;
    }
    rel.target = *target;
    e.relations.push_back(std::move(rel));
  });

  e.date_note = r.string(j, "date_note", path).value_or("");
  if (const auto* v = r.member(j, "recurrence", path, false); v && !v->is_null()) {
    const auto where = reader::join(path, "recurrence");
    if (r.object(*v, where, {"repeat", "also", "except", "changed"})) {
      e.recurrence.rule = r.string(*v, "repeat", where).value_or("");
      const auto dates = [&](const char* key, bool periods) {
        std::vector<recurrence_date> out;
        const auto items = r.strings(*v, key, where);
        for (std::size_t i = 0; i < items.size(); ++i) {
          auto d = parse_recurrence_date(items[i]);
          if (d && (!d->end || periods)) {
            out.push_back(*d);
          } else {
            r.error(reader::index(reader::join(where, key), i),
                    fmt::format("\"{}\" is not a day or a local time such as \"2024-03-04T10:00\"",
                                items[i]));
            ok = false;
          }
        }
        return out;
      };
      e.recurrence.also = dates("also", true);
      e.recurrence.except = dates("except", false);
      r.each(*v, "changed", where, [&](const json& item, const std::string& at) {
        if (!r.object(item, at,
                      {"occurrence", "and_following", "date", "start", "end", "tz", "title",
                       "description", "location", "status", "sequence", "ical_extra"})) {
          ok = false;
          return;
        }
        changed_occurrence c;
        const auto occurrence = r.string(item, "occurrence", at, true);
        auto d = occurrence ? parse_recurrence_date(*occurrence) : std::nullopt;
        if (!d || d->end) {
          if (occurrence)
            r.error(reader::join(at, "occurrence"),
                    fmt::format("\"{}\" is not a day or a local time such as "
                                "\"2024-03-11T10:00\"",
                                *occurrence));
          ok = false;
          return;
        }
        c.occurrence = *d;
        if (const auto* f = r.member(item, "and_following", at, false)) {
          if (f->is_boolean()) {
            c.and_following = f->get<bool>();
          } else {
            r.error(reader::join(at, "and_following"), "expected true or false");
            ok = false;
          }
        }
        const auto clock = [&](const char* key) -> std::optional<date::local_seconds> {
          auto s = r.string(item, key, at);
          if (!s) return std::nullopt;
          auto t = parse_local_time(*s);
          if (!t) {
            r.error(
                reader::join(at, key),
                fmt::format("\"{}\" is not a local date-time such as \"2024-03-11T12:00\"", *s));
            ok = false;
          }
          return t;
        };
        if (auto days = r.string(item, "date", at)) {
          const auto parsed = parse_edtf(*days);
          if (parsed.value && parsed.value->precision() == precision::day) {
            c.all_day = true;
            c.start =
                date::local_seconds{date::local_days{parsed.value->first_day().time_since_epoch()}};
            if (parsed.value->end)
              c.end = date::local_seconds{
                  date::local_days{parsed.value->last_day().time_since_epoch()}};
          } else {
            r.error(reader::join(at, "date"),
                    fmt::format("\"{}\" is not a day or a range of days", *days));
            ok = false;
          }
        } else {
          c.start = clock("start");
          c.end = clock("end");
        }
        c.tz = r.string(item, "tz", at).value_or("");
        c.title = r.texts(item, "title", at);
        c.description = r.texts(item, "description", at);
        c.location = r.string(item, "location", at);
        if (auto st = r.string(item, "status", at)) {
          if (auto parsed = parse_status(*st)) {
            c.status = *parsed;
          } else {
            r.error(reader::join(at, "status"), unknown_status_message(*st));
            ok = false;
          }
        }
        if (const auto* n = r.member(item, "sequence", at, false)) {
          if (n->is_number_integer()) {
            c.sequence = static_cast<int>(std::clamp(n->get<long long>(), -1LL, 1'000'000'000LL));
          } else {
            r.error(reader::join(at, "sequence"), "expected an integer");
            ok = false;
          }
        }
        c.ical_extra = r.string(item, "ical_extra", at).value_or("");
        e.changed.push_back(std::move(c));
      });
    } else {
      ok = false;
    }
  }
  e.ical_extra = r.string(j, "ical_extra", path).value_or("");
  if (const auto* v = r.member(j, "revision", path, false)) {
    if (v->is_number_integer()) {
      // Out of range stays out of range, for the validator to say so.
      e.revision = static_cast<int>(std::clamp(v->get<long long>(), 0LL, 1'000'000'001LL));
    } else {
      r.error(reader::join(path, "revision"), "expected a positive integer");
      ok = false;
    }
  }
  if (const auto* v = r.member(j, "last_modified", path, false); v && !v->is_null()) {
    std::optional<date::sys_seconds> t;
    if (v->is_string()) t = parse_utc(v->get<std::string>());
    if (t)
      e.last_modified = *t;
    else {
      r.error(reader::join(path, "last_modified"),
              "expected a UTC date-time such as \"2024-02-09T12:00:00Z\"");
      ok = false;
    }
  }
  for (const auto& p : validate(e, info, unreadable)) {
    const auto where = reader::join(path, json_path(p.path));
    if (p.diag.severity == severity::error) {
      r.error(where, p.diag.message);
      ok = false;
    } else {
      r.warning(where, p.diag.message);
    }
  }
  r.sort_by_field(first_diagnostic, path);
  if (!ok) return std::nullopt;
  return e;
}

}  // namespace

json_import_result parse_timeline_json(std::string_view text, const std::string& file) {
  json_import_result result;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const auto pos = position_at(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string message = e.what();
    if (auto at = message.find(": syntax error"); at != std::string::npos)
      message = message.substr(at + 2);
    result.diagnostics.push_back(
        {file, pos.line, pos.column, severity::error, fmt::format("malformed JSON: {}", message)});
    return result;
  }
  reader r(file, result.diagnostics);
  if (!r.object(root, "", {"format", "version", "timeline", "events"})) return result;
  if (auto format = r.string(root, "format", "", true); format && *format != "chronicle-timeline")
    r.error("format", fmt::format("\"{}\" is not a Chronicle timeline; expected "
                                  "\"chronicle-timeline\"",
                                  *format));
  if (const auto* v = r.member(root, "version", "", true);
      v && !(v->is_number_integer() && v->get<long long>() == 1))
    r.error("version", fmt::format("version {} is not supported; expected 1", v->dump()));
  if (has_errors(result.diagnostics)) return result;
  if (const auto* v = r.member(root, "timeline", "", false)) result.info = read_info(r, *v);
  const auto info = result.info.value_or(timeline_info{});
  const auto* events = r.member(root, "events", "", true);
  if (!events) return result;
  if (!events->is_array()) {
    r.error("events", fmt::format("expected an array, not {}", type_name(*events)));
    return result;
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const auto path = reader::index("events", i);
    auto e = read_event(r, (*events)[i], path, info);
    if (!e) continue;
    if (!seen.insert(e->id).second) {
      r.error(reader::join(path, "id"), fmt::format("duplicate event id \"{}\"", e->id));
      continue;
    }
    e->file = file;
    result.events.push_back(std::move(*e));
  }
  return result;
}

}  // namespace chronicle
