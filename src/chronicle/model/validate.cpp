#include "chronicle/model/validate.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string_view>

#include <date/tz.h>
#include <fmt/format.h>
#include <unicode/utf8.h>

namespace chronicle {

namespace {

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

bool is_country_code(std::string_view s) {
  return s.size() == 2 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

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

using position_map = std::map<std::string, source_pos, std::less<>>;

/// Collects the problems of one event (or of timeline settings), placing each through the
/// positions its reader recorded.
class checker {
 public:
  checker(const std::string& file, const position_map& positions,
          const std::set<std::string, std::less<>>& unreadable)
      : m_file(file), m_positions(positions), m_unreadable(unreadable) {}

  void error(const std::string& path, std::string message) {
    add(path, severity::error, std::move(message));
  }
  void warning(const std::string& path, std::string message) {
    add(path, severity::warning, std::move(message));
  }

  /// True when the reader saw the value at `path` (an empty string in a file is a value; in
  /// memory an empty string means none).
  bool written(std::string_view path) const { return m_positions.contains(path); }

  /// Checks that `s` is UTF-8 and, when `required`, not blank; false when it is neither.
  bool text(const std::string& path, std::string_view key, std::string_view s, bool required) {
    if (!is_valid_utf8(s)) {
      error(path, fmt::format("\"{}\" is not valid UTF-8 text", key));
      return false;
    }
    if (required && is_blank(s)) {
      error(path, fmt::format("\"{}\" must not be empty", key));
      return false;
    }
    return true;
  }

  /// Text that may be absent (empty in memory), but not blank when written.
  bool optional_text(const std::string& path, std::string_view key, std::string_view s) {
    return text(path, key, s, !s.empty() || written(path));
  }

  std::vector<value_problem> take() { return std::move(m_out); }

 private:
  void add(const std::string& path, severity level, std::string message) {
    if (m_unreadable.contains(path)) return;
    const auto pos = position(path);
    m_out.push_back({path, {m_file, pos.line, pos.column, level, std::move(message)}});
  }

  source_pos position(std::string_view path) const {
    for (;;) {
      if (auto it = m_positions.find(path); it != m_positions.end()) return it->second;
      const auto cut = path.find_last_of(".[");
      if (cut == std::string_view::npos || cut == 0) return {1, 1};
      path = path.substr(0, cut);
    }
  }

  const std::string& m_file;
  const position_map& m_positions;
  const std::set<std::string, std::less<>>& m_unreadable;
  std::vector<value_problem> m_out;
};

std::string at(std::string_view path, std::size_t i) {
  return fmt::format("{}[{}]", path, i);
}

void check_texts(checker& c, std::string_view field, const localized_text& texts,
                 const std::string& default_language) {
  for (const auto& [lang, value] : texts) {
    const auto path = fmt::format("{}.{}", field, lang);
    // The key as the file writes it: a lone text in the default language is `title = "..."`,
    // whose language is the default language's to answer for.
    const bool single =
        c.written(field) ? !c.written(path)
                         : field != "description" && texts.size() == 1 && lang == default_language;
    if (!single && !is_language_tag(lang)) {
      c.error(
          key_position(path),
          fmt::format("\"{}\" is not a language tag; expected one such as \"en\" or \"ru\"", lang));
      continue;
    }
    c.text(path, single ? field : std::string_view(path), value, true);
  }
  if (field == "title" && texts.empty()) {
    if (c.written("title"))
      c.error("title",
              "\"title\" has no text; expected at least one language, such as en = \"...\"");
    else
      c.error("title",
              "missing \"title\"; expected title = \"...\" or a [title] table of languages");
  }
}

/// The zone named `tz`, or nullptr after reporting it at `path`.
const date::time_zone* check_zone(checker& c, const std::string& path, const std::string& tz) {
  const auto* zone = is_valid_utf8(tz) ? find_time_zone(tz) : nullptr;
  if (!zone)
    c.error(path, fmt::format("unknown time zone \"{}\"; expected an IANA name such as "
                              "\"America/New_York\"",
                              tz));
  return zone;
}

void check_time(checker& c, const event_time& t) {
  const auto* zone = check_zone(c, "tz", t.tz);
  auto end = t.end;
  if (end && *end < t.start) {
    c.error("end", "\"end\" is before \"start\"");
    end.reset();
  }
  if (!zone) return;
  for (auto [lt, key] : {std::pair{std::optional{t.start}, "start"}, std::pair{end, "end"}}) {
    if (!lt) continue;
    const auto li = zone->get_info(*lt);
    if (li.result == date::local_info::nonexistent)
      c.warning(key, fmt::format("{} time does not exist in {} (clocks jump forward); it is "
                                 "taken as the instant the jump happens",
                                 key, t.tz));
    else if (li.result == date::local_info::ambiguous)
      c.warning(key, fmt::format("{} time occurs twice in {} (clocks fall back); the first "
                                 "occurrence is used",
                                 key, t.tz));
  }
}

void check_place(checker& c, const place& p) {
  c.optional_text("place.name", "place.name", p.name);
  c.optional_text("place.city", "place.city", p.city);
  if (c.text("place.country", "place.country", p.country, false) && !p.country.empty() &&
      !is_country_code(p.country))
    c.error("place.country", fmt::format("country \"{}\" is not an ISO 3166-1 code; expected two "
                                         "capital letters such as \"US\" or \"KZ\"",
                                         p.country));
  bool in_range = true;
  for (auto [key, value, limit] :
       {std::tuple{"latitude", p.latitude, 90.0}, std::tuple{"longitude", p.longitude, 180.0}}) {
    if (!value || (*value >= -limit && *value <= limit)) continue;
    c.error(fmt::format("place.{}", key),
            fmt::format("\"place.{}\" {} is out of range (-{}..{})", key, *value, limit, limit));
    in_range = false;
  }
  if (in_range && p.latitude.has_value() != p.longitude.has_value())
    c.error("place", "give both \"latitude\" and \"longitude\", or neither");
  if (is_blank(p.name) && is_blank(p.city))
    c.error("place", "a place needs at least a \"name\" or a \"city\"");
}

void check_source(checker& c, const source_ref& s, const std::string& path) {
  const auto url = path + ".url";
  if (c.text(url, "sources.url", s.url, false) && !s.url.empty())
    if (const auto problem = url_problem(s.url); !problem.empty())
      c.error(url, fmt::format("\"{}\" is not a web address{}", s.url, problem));
  c.optional_text(path + ".publisher", "sources.publisher", s.publisher);
  c.optional_text(path + ".title", "sources.title", s.title);
  const auto language = path + ".language";
  if (c.text(language, "sources.language", s.language, false) &&
      (!s.language.empty() || c.written(language)) && !is_language_tag(s.language))
    c.error(language,
            fmt::format("\"{}\" is not a language tag; expected one such as \"en\"", s.language));
  const auto published = path + ".published";
  if (c.text(published, "sources.published", s.published, false) && !s.published.empty())
    if (const auto parsed = parse_edtf(s.published); !parsed.value)
      c.error(published, fmt::format("\"published\" = \"{}\": {}", s.published, parsed.error));
  if (s.url.empty() && is_blank(s.title)) c.error(path, "a source needs a \"url\" or a \"title\"");
}

void check_list(checker& c, std::string_view key, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) c.text(at(key, i), key, items[i], true);
}

/// `ical_extra` is written back inside the event's VEVENT, so it is held to the limits import
/// applies to a VEVENT (k_max_component_depth and k_max_event_components in
/// exchange/ical/import.hpp: 5 levels from VCALENDAR, 100 components), lest a hand-edited file
/// export what khal or Radicale cannot read. Folded lines are not unfolded here: a BEGIN line
/// folded by hand is rare, and import, which unfolds, checks again on the way back.
std::optional<std::string> ical_extra_over_limits(std::string_view extra) {
  constexpr int k_max_depth = 3;  // VALARM (3) and two levels below, VCALENDAR and VEVENT above
  constexpr int k_max_components = 100;
  int depth = 0, deepest = 0, components = 0;
  for (std::size_t pos = 0; pos < extra.size();) {
    const auto newline = extra.find('\n', pos);
    const auto line =
        extra.substr(pos, newline == std::string_view::npos ? extra.npos : newline - pos);
    const auto starts = [&](std::string_view prefix) {
      return line.size() >= prefix.size() &&
             std::equal(prefix.begin(), prefix.end(), line.begin(), [](char a, char b) {
               return a == std::toupper(static_cast<unsigned char>(b));
             });
    };
    if (starts("BEGIN:")) {
      ++components;
      deepest = std::max(deepest, ++depth);
    } else if (starts("END:") && depth > 0) {
      --depth;
    }
    if (newline == std::string_view::npos) break;
    pos = newline + 1;
  }
  if (deepest > k_max_depth)
    return fmt::format(
        "\"ical_extra\" nests components {} deep inside the event; at most {} "
        "(VCALENDAR > VEVENT > VALARM > two more)",
        deepest, k_max_depth);
  if (components > k_max_components)
    return fmt::format("\"ical_extra\" holds {} components; at most {}", components,
                       k_max_components);
  return std::nullopt;
}

/// `repeat`, `also`, `except` and `[[changed]]` of `e`.
void check_recurrence(checker& c, const event& e) {
  const auto& r = e.recurrence;
  if (c.optional_text("repeat", "repeat", r.rule) && !is_blank(r.rule) &&
      r.rule.find("FREQ=") == std::string::npos)
    c.error("repeat", fmt::format("\"repeat\" = \"{}\" has no FREQ; expected an iCalendar RRULE "
                                  "value such as \"FREQ=WEEKLY;BYDAY=TH\"",
                                  r.rule));
  for (std::size_t i = 0; i < r.also.size(); ++i) {
    const auto& d = r.also[i];
    if (!e.time && !d.all_day)
      c.error(at("also", i), fmt::format("\"{}\" is a time, but the event lasts whole days; "
                                         "expected a day such as \"2024-03-01\"",
                                         to_string(d)));
  }
  if (!e.time)
    for (std::size_t i = 0; i < r.except.size(); ++i)
      if (!r.except[i].all_day)
        c.error(at("except", i), fmt::format("\"{}\" is a time, but the event lasts whole "
                                             "days; expected a day such as \"2024-03-01\"",
                                             to_string(r.except[i])));
  for (std::size_t i = 0; i < e.changed.size(); ++i) {
    const auto& x = e.changed[i];
    const auto path = at("changed", i);
    if (!e.time && !x.occurrence.all_day)
      c.error(path + ".occurrence",
              fmt::format("\"{}\" is a time, but the event lasts whole days; expected the day "
                          "of the occurrence",
                          to_string(x.occurrence)));
    if (!x.tz.empty()) check_zone(c, path + ".tz", x.tz);
    if (x.start && x.end && *x.end < *x.start)
      c.error(path + ".end", "\"end\" is before \"start\"");
    if (x.end && !x.start)
      c.error(path + ".end", "an \"end\" needs a \"start\" in the same [[changed]] table");
    check_texts(c, path + ".title", x.title, "");
    check_texts(c, path + ".description", x.description, "");
    if (x.location) c.text(path + ".location", "location", *x.location, false);
    if (x.sequence < 0) c.error(path + ".sequence", "\"sequence\" must not be negative");
    c.text(path + ".ical_extra", "ical_extra", x.ical_extra, false);
    if (auto problem = ical_extra_over_limits(x.ical_extra))
      c.error(path + ".ical_extra", *problem);
  }
}

}  // namespace

std::vector<value_problem> validate(const event& e, const timeline_info& info,
                                    const std::set<std::string, std::less<>>& unreadable) {
  checker c(e.file, e.positions, unreadable);
  if (!e.id.empty() && !is_valid_event_id(e.id))
    c.error("id", fmt::format("\"{}\" is not a valid event id; expected lower-case letters, "
                              "digits and hyphens",
                              e.id));
  check_texts(c, "title", e.title, info.default_language);
  if (e.time) check_time(c, *e.time);
  check_texts(c, "description", e.description, info.default_language);
  if (e.place) check_place(c, *e.place);
  for (std::size_t i = 0; i < e.participants.size(); ++i) {
    const auto& p = e.participants[i];
    const auto path = at("participants", i);
    c.text(path + ".name", "participants.name", p.name, true);
    c.text(path + ".role", "participants.role", p.role, false);
    if (c.text(path + ".country", "participants.country", p.country, false) && !p.country.empty() &&
        !is_country_code(p.country))
      c.error(path + ".country", fmt::format("country \"{}\" is not an ISO 3166-1 code; expected "
                                             "two capital letters such as \"KZ\"",
                                             p.country));
  }
  check_list(c, "tags", e.tags);
  for (std::size_t i = 0; i < e.sources.size(); ++i)
    check_source(c, e.sources[i], at("sources", i));
  for (std::size_t i = 0; i < e.relations.size(); ++i)
    c.text(at("relations", i), to_string(e.relations[i].kind), e.relations[i].target, true);
  c.optional_text("date_note", "date_note", e.date_note);
  c.optional_text("uid", "uid", e.uid);
  check_recurrence(c, e);
  c.text("ical_extra", "ical_extra", e.ical_extra, false);
  if (auto problem = ical_extra_over_limits(e.ical_extra)) c.error("ical_extra", *problem);
  if (e.revision < 1 || e.revision > 1'000'000'000)
    c.error("revision", "\"revision\" must be a positive integer");
  return c.take();
}

std::vector<value_problem> validate(const timeline_info& info, const std::string& file,
                                    const std::map<std::string, source_pos, std::less<>>& positions,
                                    const std::set<std::string, std::less<>>& unreadable) {
  checker c(file, positions, unreadable);
  if (!is_language_tag(info.default_language))
    c.error("default_language",
            fmt::format("\"{}\" is not a language tag; expected one such as \"en\"",
                        info.default_language));
  if (info.name.empty() && !c.written("name"))
    c.error("name", "missing \"name\": the timeline's name, used as the calendar name");
  check_texts(c, "name", info.name, info.default_language);
  check_zone(c, "time_zone", info.time_zone);
  if (c.text("uid_domain", "uid_domain", info.uid_domain, true) &&
      info.uid_domain.find_first_of(" @/\t") != std::string::npos)
    c.error("uid_domain", fmt::format("\"{}\" is not a domain name; expected one such as "
                                      "\"example.org\"",
                                      info.uid_domain));
  return c.take();
}

std::vector<diagnostic> diagnostics_of(const std::vector<value_problem>& problems) {
  std::vector<diagnostic> out;
  out.reserve(problems.size());
  for (const auto& p : problems) out.push_back(p.diag);
  return out;
}

std::string key_position(std::string_view path) {
  return fmt::format("{}#key", path);
}

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

bool is_language_tag(std::string_view s) {
  const auto primary = s.substr(0, s.find('-'));
  if (primary.size() < 2 || primary.size() > 3) return false;
  return std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
             std::string_view::npos;
}

bool is_valid_event_id(std::string_view id) {
  if (id.empty() || id.size() > 120 || id.front() == '-' || id.back() == '-') return false;
  if (id.find("--") != std::string_view::npos) return false;
  return id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
}

std::string unknown_status_message(std::string_view status) {
  return fmt::format("unknown status \"{}\"; expected confirmed, tentative, planned or cancelled",
                     status);
}

}  // namespace chronicle
