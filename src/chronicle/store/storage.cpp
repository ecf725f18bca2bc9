#include "chronicle/store/storage.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <tuple>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <toml++/toml.h>
#include <unicode/utf8.h>

#include "chronicle/store/event_files.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

source_pos pos_of(const toml::source_region& r) {
  return {static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

std::string_view type_name(const toml::node& n) {
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

/// Reads typed values out of one TOML document, collecting a diagnostic for each problem.
class reader {
 public:
  reader(const std::string& file, std::vector<diagnostic>& out) : m_file(file), m_out(out) {}

  void error(source_pos p, std::string message) {
    m_out.push_back({m_file, p.line, p.column, severity::error, std::move(message)});
  }
  void warning(source_pos p, std::string message) {
    m_out.push_back({m_file, p.line, p.column, severity::warning, std::move(message)});
  }
  void error(const toml::node& n, std::string message) { error(pos_of(n.source()), message); }

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

  std::optional<std::string> string(const toml::node& n, std::string_view key) {
    if (auto s = n.value_exact<std::string>()) return s;
    error(n, fmt::format("\"{}\" must be a string, not {}", key, type_name(n)));
    return std::nullopt;
  }

  std::optional<std::string> non_empty_string(const toml::node& n, std::string_view key) {
    auto s = string(n, key);
    if (s && s->find_first_not_of(" \t") == std::string::npos) {
      error(n, fmt::format("\"{}\" must not be empty", key));
      return std::nullopt;
    }
    return s;
  }

  /// A string (in `default_lang`) or a table of language -> string.
  localized_text localized(const toml::node& n, std::string_view key,
                           const std::string& default_lang) {
    localized_text out;
    if (n.is_string()) {
      if (auto s = non_empty_string(n, key)) out.emplace(default_lang, *s);
      return out;
    }
    const auto* t = n.as_table();
    if (!t) {
      error(n, fmt::format("\"{}\" must be a string or a table of languages such as "
                           "{{ en = \"...\", ru = \"...\" }}, not {}",
                           key, type_name(n)));
      return out;
    }
    for (const auto& [lang, text] : *t) {
      if (!is_language_tag(lang.str())) {
        error(pos_of(lang.source()),
              fmt::format("\"{}\" is not a language tag; expected one such as \"en\" or \"ru\"",
                          lang.str()));
        continue;
      }
      if (auto s = non_empty_string(text, fmt::format("{}.{}", key, lang.str())))
        out.emplace(std::string(lang.str()), *s);
    }
    return out;
  }

  std::vector<std::string> strings(const toml::node& n, std::string_view key) {
    std::vector<std::string> out;
    const auto* a = n.as_array();
    if (!a) {
      error(n, fmt::format("\"{}\" must be an array of strings, not {}", key, type_name(n)));
      return out;
    }
    for (const auto& item : *a)
      if (auto s = non_empty_string(item, key)) out.push_back(*s);
    return out;
  }

  static bool is_language_tag(std::string_view s) {
    const auto primary = s.substr(0, s.find('-'));
    if (primary.size() < 2 || primary.size() > 3) return false;
    return std::all_of(primary.begin(), primary.end(),
                       [](char c) { return c >= 'a' && c <= 'z'; }) &&
           s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
               std::string_view::npos;
  }

 private:
  const std::string& m_file;
  std::vector<diagnostic>& m_out;
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

const date::time_zone* find_zone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

// GCC 12 at -O2 reports a false "maybe uninitialized" inside date::parse's instantiation.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
std::optional<date::local_seconds> parse_local_time(const std::string& text) {
  // date::parse reads a %S field without digits ("10:0:") as NaN and converts that to an
  // integer, which is undefined behaviour (found by fuzz_add): a seconds field, when there is
  // one, must be two digits.
  if (const auto t = text.find('T'); t != std::string::npos) {
    const auto time = std::string_view(text).substr(t + 1);
    if (std::count(time.begin(), time.end(), ':') >= 2) {
      const auto seconds = time.substr(time.rfind(':') + 1);
      if (seconds.size() != 2 || !std::isdigit(static_cast<unsigned char>(seconds[0])) ||
          !std::isdigit(static_cast<unsigned char>(seconds[1])))
        return std::nullopt;
    }
  }
  for (const char* format : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"}) {
    std::istringstream in(text);
    date::local_seconds t;
    in >> date::parse(format, t);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) return t;
  }
  return std::nullopt;
}
#pragma GCC diagnostic pop

/// Why `s` is not an http(s) web address (RFC 3986, non-ASCII letters allowed as in IRIs and
/// internationalised domain names), as the end of a message; empty when it is one.
std::string url_problem(std::string_view s) {
  std::string_view rest;
  if (s.starts_with("https://"))
    rest = s.substr(8);
  else if (s.starts_with("http://"))
    rest = s.substr(7);
  else
    return "; expected one starting with https:// or http://";
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) continue;
    if (c <= 0x20 || c == 0x7f)
      return fmt::format(": it has {} at character {}",
                         c == ' ' ? "a space" : "a control character", i + 1);
    if (std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) != std::string_view::npos)
      return fmt::format(": \"{}\" (character {}) must be written as %{:02X}", static_cast<char>(c),
                         i + 1, c);
    if (c == '%' && !(i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])))
      return fmt::format(": \"%\" (character {}) does not start an escape such as %20", i + 1);
  }
  auto host = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (host.starts_with('[')) return {};  // an IPv6 address
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    const auto port = host.substr(colon + 1);
    host = host.substr(0, colon);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fmt::format(": port \"{}\" is not a number", port);
  }
  if (host.empty()) return ": it has no host name after \"//\"";
  if (host.ends_with('.')) host.remove_suffix(1);
  bool dotted = false;
  for (std::size_t start = 0;;) {
    const auto dot = host.find('.', start);
    const auto label = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    const bool ok = !label.empty() && label.front() != '-' && label.back() != '-' &&
                    std::all_of(label.begin(), label.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' ||
                             static_cast<unsigned char>(c) >= 0x80;
                    });
    if (!ok) return fmt::format(": host \"{}\" is not a domain name such as example.org", host);
    if (dot == std::string_view::npos) break;
    dotted = true;
    start = dot + 1;
  }
  if (!dotted) return fmt::format(": host \"{}\" is not a domain name such as example.org", host);
  return {};
}

bool is_country_code(std::string_view s) {
  return s.size() == 2 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void read_place(reader& r, const toml::node& n, event& e) {
  const auto* t = n.as_table();
  if (!t) return r.error(n, fmt::format("\"place\" must be a table, not {}", type_name(n)));
  r.reject_unknown(*t, " in [place]", {"name", "city", "country", "latitude", "longitude"});
  chronicle::place p;
  if (auto v = t->get("name")) p.name = r.non_empty_string(*v, "place.name").value_or("");
  if (auto v = t->get("city")) p.city = r.non_empty_string(*v, "place.city").value_or("");
  if (auto v = t->get("country")) {
    p.country = r.string(*v, "place.country").value_or("");
    if (!p.country.empty() && !is_country_code(p.country))
      r.error(*v, fmt::format("country \"{}\" is not an ISO 3166-1 code; expected two capital "
                              "letters such as \"US\" or \"KZ\"",
                              p.country));
  }
  auto coordinate = [&](const char* key, double limit) -> std::optional<double> {
    const auto* v = t->get(key);
    if (!v) return std::nullopt;
    auto d = v->value<double>();
    if (!d || !(v->is_number())) {
      r.error(*v, fmt::format("\"place.{}\" must be a number, not {}", key, type_name(*v)));
      return std::nullopt;
    }
    if (*d < -limit || *d > limit) {
      r.error(*v, fmt::format("\"place.{}\" {} is out of range (-{}..{})", key, *d, limit, limit));
      return std::nullopt;
    }
    return d;
  };
  p.latitude = coordinate("latitude", 90);
  p.longitude = coordinate("longitude", 180);
  if (p.latitude.has_value() != p.longitude.has_value())
    r.error(n, "give both \"latitude\" and \"longitude\", or neither");
  if (p.name.empty() && p.city.empty())
    r.error(n, "a place needs at least a \"name\" or a \"city\"");
  e.place = std::move(p);
}

template <class Fn>
void each_table(reader& r, const toml::node& n, std::string_view key, Fn fn) {
  const auto* a = n.as_array();
  if (!a)
    return r.error(n, fmt::format("\"{}\" must be an array of tables ([[{}]]), not {}", key, key,
                                  type_name(n)));
  for (const auto& item : *a) {
    if (const auto* t = item.as_table())
      fn(*t, item);
    else
      r.error(item,
              fmt::format("each entry of \"{}\" must be a table, not {}", key, type_name(item)));
  }
}

}  // namespace

bool is_language_tag(std::string_view tag) {
  return reader::is_language_tag(tag);
}

bool is_valid_event_id(std::string_view id) {
  if (id.empty() || id.size() > 120 || id.front() == '-' || id.back() == '-') return false;
  if (id.find("--") != std::string_view::npos) return false;
  return id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
}

std::optional<timeline_info> parse_timeline_info(std::string_view text, const std::string& file,
                                                 std::vector<diagnostic>& diagnostics) {
  const auto before = diagnostics.size();
  auto doc = parse_toml(text, file, diagnostics);
  if (!doc) return std::nullopt;
  reader r(file, diagnostics);
  r.reject_unknown(*doc, "", {"name", "default_language", "time_zone", "uid_domain"});
  timeline_info info;
  if (auto v = doc->get("default_language")) {
    info.default_language = r.string(*v, "default_language").value_or("en");
    if (!reader::is_language_tag(info.default_language))
      r.error(*v, fmt::format("\"{}\" is not a language tag; expected one such as \"en\"",
                              info.default_language));
  }
  if (auto v = doc->get("name"))
    info.name = r.localized(*v, "name", info.default_language);
  else
    r.error({1, 1}, "missing \"name\": the timeline's name, used as the calendar name");
  if (auto v = doc->get("time_zone")) {
    info.time_zone = r.string(*v, "time_zone").value_or("UTC");
    if (!find_zone(info.time_zone))
      r.error(*v, fmt::format("unknown time zone \"{}\"; expected an IANA name such as "
                              "\"America/New_York\"",
                              info.time_zone));
  }
  if (auto v = doc->get("uid_domain")) {
    info.uid_domain = r.non_empty_string(*v, "uid_domain").value_or(info.uid_domain);
    if (info.uid_domain.find_first_of(" @/\t") != std::string::npos)
      r.error(*v, fmt::format("\"{}\" is not a domain name; expected one such as "
                              "\"example.org\"",
                              info.uid_domain));
  }
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
  reader r(file, diags);
  r.reject_unknown(*doc, "", {"title",   "date",       "start",         "end",     "tz",
                              "status",  "place",      "participants",  "tags",    "description",
                              "sources", "follows",    "part_of",       "related", "date_note",
                              "uid",     "revision",   "last_modified", "rrule",   "rdate",
                              "exdate",  "ical_extra", "ical_overrides"});
  event e;
  e.id = id;
  e.file = file;
  for (const auto& [k, v] : *doc) e.positions.emplace(std::string(k.str()), pos_of(v.source()));
  if (!is_valid_event_id(id))
    r.error({1, 1}, fmt::format("file name \"{}.toml\" is not a valid event id; expected "
                                "lower-case letters, digits and hyphens",
                                id));

  if (auto v = doc->get("title")) {
    e.title = r.localized(*v, "title", info.default_language);
    if (const auto* t = v->as_table(); t && t->empty())
      r.error(*v, "\"title\" has no text; expected at least one language, such as en = \"...\"");
  } else
    r.error({1, 1}, "missing \"title\"; expected title = \"...\" or a [title] table of languages");

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
    if (auto s = r.string(*date_node, "date")) {
      auto parsed = parse_edtf(*s);
      if (parsed.value) {
        e.date = *parsed.value;
      } else {
        auto p = pos_of(date_node->source());
        p.column += static_cast<int>(parsed.offset) + 1;  // skip the opening quote
        r.error(p, parsed.error);
      }
    }
    for (const char* key : {"end", "tz"})
      if (auto v = doc->get(key))
        r.error(*v, fmt::format("\"{}\" applies only to timed events (with \"start\")", key));
  }
  if (start_node) {
    event_time t;
    t.tz = info.time_zone;
    const date::time_zone* zone = nullptr;
    if (auto v = doc->get("tz")) {
      t.tz = r.string(*v, "tz").value_or("");
      zone = find_zone(t.tz);
      if (!zone)
        r.error(*v, fmt::format("unknown time zone \"{}\"; expected an IANA name such as "
                                "\"America/New_York\"",
                                t.tz));
    } else {
      zone = find_zone(t.tz);
    }
    auto read_time = [&](const toml::node& n,
                         const char* key) -> std::optional<date::local_seconds> {
      auto s = r.string(n, key);
      if (!s) return std::nullopt;
      auto lt = parse_local_time(*s);
      if (!lt)
        r.error(n, fmt::format("\"{}\" = \"{}\" is not a local date-time; expected "
                               "\"YYYY-MM-DDTHH:MM\" such as \"2024-02-08T10:00\"",
                               key, *s));
      return lt;
    };
    auto start = read_time(*start_node, "start");
    std::optional<date::local_seconds> end;
    if (auto v = doc->get("end")) {
      end = read_time(*v, "end");
      if (start && end && *end < *start) {
        r.error(*v, "\"end\" is before \"start\"");
        end.reset();
      }
    }
    if (start) {
      t.start = *start;
      t.end = end;
      const auto first = date::floor<date::days>(*start);
      e.date.start = day_point(date::year_month_day{first});
      if (end && date::floor<date::days>(*end) != first)
        e.date.end = day_point(date::year_month_day{date::floor<date::days>(*end)});
      if (zone) {
        for (auto [lt, key] : {std::pair{start, "start"}, std::pair{end, "end"}}) {
          if (!lt) continue;
          const auto li = zone->get_info(*lt);
          if (li.result == date::local_info::nonexistent)
            r.warning(e.position_of(key),
                      fmt::format("{} time does not exist in {} (clocks jump forward); it is "
                                  "taken as the instant the jump happens",
                                  key, t.tz));
          else if (li.result == date::local_info::ambiguous)
            r.warning(e.position_of(key),
                      fmt::format("{} time occurs twice in {} (clocks fall back); the first "
                                  "occurrence is used",
                                  key, t.tz));
        }
      }
      e.time = t;
    }
  }

  if (auto v = doc->get("status")) {
    if (auto s = r.string(*v, "status")) {
      if (auto st = parse_status(*s))
        e.status = *st;
      else
        r.error(*v, fmt::format("unknown status \"{}\"; expected confirmed, tentative, planned "
                                "or cancelled",
                                *s));
    }
  }
  if (auto v = doc->get("place")) read_place(r, *v, e);
  if (auto v = doc->get("participants")) {
    each_table(r, *v, "participants", [&](const toml::table& t, const toml::node& n) {
      r.reject_unknown(t, " in [[participants]]", {"name", "role", "country"});
      participant p;
      if (auto x = t.get("name"))
        p.name = r.non_empty_string(*x, "participants.name").value_or("");
      else
        r.error(n, "a participant needs a \"name\"");
      if (auto x = t.get("role")) p.role = r.string(*x, "participants.role").value_or("");
      if (auto x = t.get("country")) {
        p.country = r.string(*x, "participants.country").value_or("");
        if (!p.country.empty() && !is_country_code(p.country))
          r.error(*x, fmt::format("country \"{}\" is not an ISO 3166-1 code; expected two "
                                  "capital letters such as \"KZ\"",
                                  p.country));
      }
      e.participants.push_back(std::move(p));
    });
  }
  if (auto v = doc->get("tags")) e.tags = r.strings(*v, "tags");
  if (auto v = doc->get("description"))
    e.description = r.localized(*v, "description", info.default_language);
  if (auto v = doc->get("sources")) {
    each_table(r, *v, "sources", [&](const toml::table& t, const toml::node& n) {
      r.reject_unknown(t, " in [[sources]]",
                       {"url", "publisher", "title", "language", "published"});
      source_ref s;
      if (auto x = t.get("url")) {
        s.url = r.string(*x, "sources.url").value_or("");
        if (const auto problem = url_problem(s.url); !s.url.empty() && !problem.empty())
          r.error(*x, fmt::format("\"{}\" is not a web address{}", s.url, problem));
      }
      if (auto x = t.get("publisher"))
        s.publisher = r.non_empty_string(*x, "sources.publisher").value_or("");
      if (auto x = t.get("title")) s.title = r.non_empty_string(*x, "sources.title").value_or("");
      if (auto x = t.get("language")) {
        s.language = r.string(*x, "sources.language").value_or("");
        if (!reader::is_language_tag(s.language))
          r.error(*x, fmt::format("\"{}\" is not a language tag; expected one such as \"en\"",
                                  s.language));
      }
      if (auto x = t.get("published")) {
        s.published = r.string(*x, "sources.published").value_or("");
        if (!s.published.empty() && !parse_edtf(s.published).value)
          r.error(*x, fmt::format("\"published\" = \"{}\": {}", s.published,
                                  parse_edtf(s.published).error));
      }
      if (s.url.empty() && s.title.empty()) r.error(n, "a source needs a \"url\" or a \"title\"");
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
      r.error(*v, fmt::format("\"{}\" must be an array of event ids, not {}", key, type_name(*v)));
      continue;
    }
    for (const auto& item : *a)
      if (auto s = r.non_empty_string(item, key))
        e.relations.push_back({kind, *s, pos_of(item.source())});
  }
  if (auto v = doc->get("date_note"))
    e.date_note = r.non_empty_string(*v, "date_note").value_or("");
  if (auto v = doc->get("uid")) e.uid = r.non_empty_string(*v, "uid").value_or("");
  if (auto v = doc->get("rrule")) {
    e.recurrence.rrule = r.non_empty_string(*v, "rrule").value_or("");
    if (!e.recurrence.rrule.empty() && e.recurrence.rrule.find("FREQ=") == std::string::npos)
      r.error(*v, fmt::format("\"rrule\" = \"{}\" has no FREQ; expected an iCalendar RRULE "
                              "value such as \"FREQ=WEEKLY;BYDAY=TH\"",
                              e.recurrence.rrule));
  }
  if (auto v = doc->get("rdate")) e.recurrence.rdate = r.strings(*v, "rdate");
  if (auto v = doc->get("exdate")) e.recurrence.exdate = r.strings(*v, "exdate");
  if (auto v = doc->get("ical_extra")) e.ical_extra = r.string(*v, "ical_extra").value_or("");
  if (auto v = doc->get("ical_overrides")) e.ical_overrides = r.strings(*v, "ical_overrides");
  if (auto v = doc->get("revision")) {
    auto n = v->value_exact<int64_t>();
    if (!n || *n < 1 || *n > 1'000'000'000)
      r.error(*v, "\"revision\" must be a positive integer");
    else
      e.revision = static_cast<int>(*n);
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

bool is_valid_utf8(std::string_view s) {
  // ICU's U8_NEXT gives a negative value for every ill-formed sequence: overlong forms,
  // surrogates, code points past U+10FFFF, truncated or stray bytes.
  if (s.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  const auto length = static_cast<int32_t>(s.size());
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"  // inside ICU's macro
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, length, c);
    if (c < 0) return false;
  }
#pragma GCC diagnostic pop
  return true;
}

namespace {

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

std::string event_value_problem(const event& e, const timeline_info& info) {
  std::string problem;
  bool utf8 = true;
  const auto text = [&](std::string_view key, std::string_view s, bool required) {
    utf8 = utf8 && is_valid_utf8(s);
    if (problem.empty() && required && is_blank(s))
      problem = fmt::format("\"{}\" must not be empty", key);
  };
  const auto localized = [&](std::string_view key, const localized_text& t) {
    for (const auto& [lang, value] : t) {
      if (problem.empty() && !reader::is_language_tag(lang))
        problem = fmt::format("\"{}\" is not a language tag; expected one such as \"en\"", lang);
      text(key, value, true);
    }
  };
  if (e.title.empty()) return "missing \"title\"";
  localized("title", e.title);
  localized("description", e.description);
  if (e.place) {
    text("place.name", e.place->name, !e.place->name.empty());
    text("place.city", e.place->city, !e.place->city.empty());
    text("place.country", e.place->country, false);
    if (problem.empty() && !e.place->country.empty() && !is_country_code(e.place->country))
      problem = fmt::format("country \"{}\" is not an ISO 3166-1 code", e.place->country);
    if (problem.empty() && e.place->name.empty() && e.place->city.empty())
      problem = "a place needs at least a \"name\" or a \"city\"";
  }
  for (const auto& p : e.participants) {
    text("participants.name", p.name, true);
    text("participants.role", p.role, false);
    text("participants.country", p.country, false);
    if (problem.empty() && !p.country.empty() && !is_country_code(p.country))
      problem = fmt::format("country \"{}\" is not an ISO 3166-1 code", p.country);
  }
  for (const auto& t : e.tags) text("tags", t, true);
  for (const auto& s : e.sources) {
    text("sources.url", s.url, false);
    text("sources.publisher", s.publisher, !s.publisher.empty());
    text("sources.title", s.title, !s.title.empty());
    if (!problem.empty()) break;
    if (const auto why = url_problem(s.url); !s.url.empty() && !why.empty())
      problem = fmt::format("\"{}\" is not a web address{}", s.url, why);
    else if (!s.language.empty() && !reader::is_language_tag(s.language))
      problem = fmt::format("\"{}\" is not a language tag", s.language);
    else if (!s.published.empty() && !parse_edtf(s.published).value)
      problem = fmt::format("\"published\" = \"{}\" is not an EDTF date", s.published);
    else if (s.url.empty() && s.title.empty())
      problem = "a source needs a \"url\" or a \"title\"";
  }
  for (const auto& r : e.relations) text(to_string(r.kind), r.target, true);
  text("date_note", e.date_note, !e.date_note.empty());
  text("uid", e.uid, !e.uid.empty());
  text("rrule", e.recurrence.rrule, !e.recurrence.rrule.empty());
  if (problem.empty() && !e.recurrence.rrule.empty() &&
      e.recurrence.rrule.find("FREQ=") == std::string::npos)
    problem = fmt::format("\"rrule\" = \"{}\" has no FREQ", e.recurrence.rrule);
  for (const auto& r : e.recurrence.rdate) text("rdate", r, true);
  for (const auto& r : e.recurrence.exdate) text("exdate", r, true);
  text("ical_extra", e.ical_extra, false);
  for (const auto& o : e.ical_overrides) text("ical_overrides", o, true);
  if (problem.empty() && (e.revision < 1 || e.revision > 1'000'000'000))
    problem = "\"revision\" must be a positive integer of at most 1000000000";
  if (problem.empty() && !utf8) {
    // Text that is not UTF-8 is written with escapes the file may or may not take back: only
    // writing it and reading it back tells (rare, so the slow way is fine).
    const auto back =
        parse_event(to_toml(e, info.default_language), e.id.empty() ? "x" : e.id, e.file, info);
    for (const auto& d : back.diagnostics)
      if (d.severity == severity::error && d.message.find("file name") == std::string::npos)
        return d.message;
  }
  return problem;
}

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
