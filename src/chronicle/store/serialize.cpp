#include <algorithm>
#include <cctype>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "chronicle/store/toml_time.hpp"

#include "chronicle/store/storage.hpp"

namespace chronicle {

namespace {

template <class T>
std::string toml_text(const T& node) {
  // One stream per thread, emptied each time: building a stream (its locale) cost more than
  // formatting the value.
  thread_local std::ostringstream out;
  out.str({});
  out.clear();
  out << toml::toml_formatter{node, toml::format_flags::allow_multi_line_strings |
                                        toml::format_flags::allow_unicode_strings |
                                        toml::format_flags::allow_literal_strings};
  return out.str();
}

std::string value(const std::string& s) {
  return toml_text(toml::value<std::string>(s));
}

std::string key_line(std::string_view key, const std::string& v) {
  return fmt::format("{} = {}\n", key, value(v));
}

std::string array_line(std::string_view key, const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& i : items) a.push_back(i);
  return fmt::format("{} = {}\n", key, toml_text(a));
}

std::string dates_line(std::string_view key, const std::vector<recurrence_date>& dates) {
  std::vector<std::string> items;
  for (const auto& d : dates) items.push_back(to_string(d));
  return array_line(key, items);
}

/// Texts in languages as dotted keys of the table being written (`title.ru = "…"`).
std::string dotted_texts(std::string_view key, const localized_text& t) {
  std::string out;
  for (const auto& [lang, text] : t) {
    toml::table one;
    one.insert(lang, text);
    auto body = toml_text(one);  // `ru = "…"`, the language quoted when it must be
    if (!body.empty() && body.back() == '\n') body.pop_back();
    out += fmt::format("{}.{}\n", key, body);
  }
  return out;
}

std::string changed_table(const changed_occurrence& x) {
  std::string out = "\n[[changed]]\n" + key_line("occurrence", to_string(x.occurrence));
  if (x.and_following) out += "and_following = true\n";
  if (x.all_day && x.start) {
    edtf_date days{day_point(date::year_month_day{date::floor<date::days>(*x.start)}),
                   std::nullopt};
    if (x.end && date::floor<date::days>(*x.end) != date::floor<date::days>(*x.start))
      days.end = day_point(date::year_month_day{date::floor<date::days>(*x.end)});
    out += key_line("date", to_edtf(days));
  } else {
    if (x.start) out += key_line("start", format_local_time(*x.start));
    if (x.end) out += key_line("end", format_local_time(*x.end));
  }
  if (!x.tz.empty()) out += key_line("tz", x.tz);
  out += dotted_texts("title", x.title);
  out += dotted_texts("description", x.description);
  if (x.location) out += key_line("location", *x.location);
  if (x.status) out += key_line("status", std::string(to_string(*x.status)));
  if (x.sequence != 0) out += fmt::format("sequence = {}\n", x.sequence);
  if (!x.ical_extra.empty()) out += key_line("ical_extra", x.ical_extra);
  return out;
}

std::string texts(std::string_view table, const localized_text& t) {
  // Written by toml++ as a table, so that a key that is not a bare key is quoted.
  toml::table values;
  for (const auto& [lang, text] : t) values.insert(lang, text);
  auto body = toml_text(values);
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fmt::format("\n[{}]\n{}", table, body);
}

/// A run of non-ASCII text in ASCII, lower case, by ICU: Russian by BGN/PCGN, other scripts by
/// Any-Latin. Runs are cached per thread: titles repeat their words (and whole titles, in
/// recurring series), and transliteration is most of the work of naming a large import.
std::string transliterate_run(std::string_view run) {
  thread_local std::unordered_map<std::string, std::string> cache;
  if (const auto it = cache.find(std::string(run)); it != cache.end()) return it->second;
  // One transliterator per thread: ICU's are not safe to share between threads.
  thread_local const std::unique_ptr<icu::Transliterator> to_ascii = [] {
    UErrorCode status = U_ZERO_ERROR;
    return std::unique_ptr<icu::Transliterator>{icu::Transliterator::createInstance(
        "Russian-Latin/BGN; Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status)};
  }();
  auto text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
  if (to_ascii) to_ascii->transliterate(text);
  // The soft and hard signs come out as apostrophes, and letters such as Kazakh қ with modifier
  // marks (ˌ): each would split a word of the id in two ("yezhenedel-naya"), so they are dropped.
  icu::UnicodeString kept;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    const auto type = u_charType(c);
    if (c == '\'' || c == '"' || c == '`' || type == U_MODIFIER_LETTER || type == U_MODIFIER_SYMBOL)
      continue;
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  if (cache.size() > 50'000) cache.clear();
  cache.emplace(run, out);
  return out;
}

/// `title` in lower-case ASCII: ASCII characters as they are, every run of other characters
/// transliterated on its own (the rules look only within a word's letters).
std::string to_ascii_lower(std::string_view title) {
  std::string out;
  for (std::size_t i = 0; i < title.size();) {
    const auto c = static_cast<unsigned char>(title[i]);
    if (c < 0x80) {
      out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    auto end = i;
    while (end < title.size() && static_cast<unsigned char>(title[end]) >= 0x80) ++end;
    out += transliterate_run(title.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

std::string to_toml(const event& e, const std::string& default_language) {
  std::string out;
  if (e.time) {
    // Minutes, or seconds when there are any.
    out += key_line("start", format_local_time(e.time->start));
    if (e.time->end) out += key_line("end", format_local_time(*e.time->end));
    out += key_line("tz", e.time->tz);
  } else {
    out += key_line("date", to_edtf(e.date));
  }
  out += key_line("status", std::string(to_string(e.status)));
  if (!e.tags.empty()) out += array_line("tags", e.tags);
  for (auto kind : {relation_kind::follows, relation_kind::part_of, relation_kind::related}) {
    std::vector<std::string> ids;
    for (const auto& r : e.relations)
      if (r.kind == kind) ids.push_back(r.target);
    if (!ids.empty()) out += array_line(to_string(kind), ids);
  }
  if (!e.date_note.empty()) out += key_line("date_note", e.date_note);
  if (!e.uid.empty()) out += key_line("uid", e.uid);
  if (!e.recurrence.rule.empty()) out += key_line("repeat", e.recurrence.rule);
  if (!e.recurrence.also.empty()) out += dates_line("also", e.recurrence.also);
  if (!e.recurrence.except.empty()) out += dates_line("except", e.recurrence.except);
  if (!e.ical_extra.empty()) out += key_line("ical_extra", e.ical_extra);
  out += fmt::format("revision = {}\n", e.revision);
  if (e.last_modified)
    out += fmt::format(
        "last_modified = {}\n",
        toml_text(toml::value<toml::date_time>(detail::to_toml_time(*e.last_modified))));
  if (e.title.size() == 1 && e.title.begin()->first == default_language)
    out = key_line("title", e.title.begin()->second) + out;
  else
    out += texts("title", e.title);
  if (!e.description.empty()) out += texts("description", e.description);
  if (e.place) {
    out += "\n[place]\n";
    if (!e.place->name.empty()) out += key_line("name", e.place->name);
    if (!e.place->city.empty()) out += key_line("city", e.place->city);
    if (!e.place->country.empty()) out += key_line("country", e.place->country);
    if (e.place->latitude)
      out += fmt::format("latitude = {}\n", toml_text(toml::value<double>(*e.place->latitude)));
    if (e.place->longitude)
      out += fmt::format("longitude = {}\n", toml_text(toml::value<double>(*e.place->longitude)));
  }
  for (const auto& p : e.participants) {
    out += "\n[[participants]]\n" + key_line("name", p.name);
    if (!p.role.empty()) out += key_line("role", p.role);
    if (!p.country.empty()) out += key_line("country", p.country);
  }
  for (const auto& s : e.sources) {
    out += "\n[[sources]]\n";
    if (!s.url.empty()) out += key_line("url", s.url);
    if (!s.publisher.empty()) out += key_line("publisher", s.publisher);
    if (!s.title.empty()) out += key_line("title", s.title);
    if (!s.language.empty()) out += key_line("language", s.language);
    if (!s.published.empty()) out += key_line("published", s.published);
  }
  for (const auto& x : e.changed) out += changed_table(x);
  return out;
}

std::string to_toml(const timeline_info& info) {
  std::string out = key_line("default_language", info.default_language) +
                    key_line("time_zone", info.time_zone) + key_line("uid_domain", info.uid_domain);
  if (info.name.size() == 1 && info.name.begin()->first == info.default_language)
    return key_line("name", info.name.begin()->second) + out;
  return out + texts("name", info.name);
}

std::string derive_event_id(const event& e, std::string_view lang) {
  std::string slug;
  if (const auto* title = pick(e.title, lang)) {
    const auto ascii = to_ascii_lower(*title);
    for (char c : ascii) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (keep)
        slug += c;
      else if (!slug.empty() && slug.back() != '-')
        slug += '-';
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    if (slug.size() > 60) {
      slug.resize(60);
      if (auto cut = slug.rfind('-'); cut != std::string::npos && cut > 20) slug.resize(cut);
    }
  }
  auto start = e.date.start;
  start.uncertain = start.approximate = false;
  const auto prefix = to_edtf(start);
  return slug.empty() ? prefix + "-event" : prefix + "-" + slug;
}

}  // namespace chronicle
