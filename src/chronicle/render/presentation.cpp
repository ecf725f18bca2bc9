#include "chronicle/render/presentation.hpp"

#include <fmt/format.h>

#include "chronicle/render/localize.hpp"

namespace chronicle::detail {

namespace {

/// Splits the phrase `p` around its argument, which is the quoted `name`.
relation_phrase split(phrase p, std::string_view lang, std::string name, std::string prefix = {}) {
  constexpr std::string_view k_mark = "\x1f";
  const auto text = say(p, lang, k_mark);
  relation_phrase out;
  const auto at = text.find(k_mark);
  if (at == std::string::npos) {
    out.before = prefix + text;
    return out;
  }
  out.before = prefix + text.substr(0, at);
  out.name = std::move(name);
  out.after = text.substr(at + k_mark.size());
  return out;
}

}  // namespace

picked_text pick_text(const localized_text& text, std::string_view lang) {
  const auto* found = pick(text, lang);
  if (!found) return {};
  for (const auto& [tag, value] : text)
    if (&value == found) return {value, tag};
  return {*found, std::string(lang)};
}

picked_text pick_title(const event& e, std::string_view lang) {
  auto picked = pick_text(e.title, lang);
  if (picked.text.empty()) return {e.id, {}};
  return picked;
}

std::string title_of(const event& e, std::string_view lang) {
  return pick_title(e, lang).text;
}

std::string place_text(const place& p) {
  std::vector<std::string> parts;
  for (const auto* s : {&p.name, &p.city, &p.country})
    if (!s->empty()) parts.push_back(*s);
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<relation_phrase> relation_phrases(const timeline& t, const event& e,
                                              std::string_view lang, bool inverse) {
  std::vector<relation_phrase> out;
  for (const auto& r : e.relations) {
    const auto* target = find_event(t, r.target);
    auto name = quote(target ? title_of(*target, lang) : r.target, lang);
    relation_phrase p;
    switch (r.kind) {
      case relation_kind::follows: {
        const auto gap = target ? format_interval(target->date, e.date, lang) : std::string{};
        // "4 months 20 days after “…”", as `list` says it.
        p = gap.empty() ? split(phrase::follows, lang, std::move(name))
                        : relation_phrase{relation_kind::follows,
                                          false,
                                          nullptr,
                                          {},
                                          say(phrase::after, lang, gap) + " ",
                                          std::move(name),
                                          {}};
        break;
      }
      case relation_kind::part_of: p = split(phrase::part_of, lang, std::move(name)); break;
      case relation_kind::related: p = split(phrase::related_to, lang, std::move(name)); break;
    }
    p.kind = r.kind;
    p.other = target;
    p.other_id = r.target;
    out.push_back(std::move(p));
  }
  if (!inverse) return out;
  for (const auto& other : t.events) {
    for (const auto& r : other.relations) {
      if (r.target != e.id || &other == &e) continue;
      auto name = quote(title_of(other, lang), lang);
      relation_phrase p;
      switch (r.kind) {
        case relation_kind::follows: p = split(phrase::followed_by, lang, std::move(name)); break;
        case relation_kind::part_of: p = split(phrase::has_part, lang, std::move(name)); break;
        case relation_kind::related: p = split(phrase::related_to, lang, std::move(name)); break;
      }
      p.kind = r.kind;
      p.inverse = true;
      p.other = &other;
      p.other_id = other.id;
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::string_view precision_name(precision p) {
  switch (p) {
    case precision::day: return "day";
    case precision::month: return "month";
    case precision::year: return "year";
  }
  return "day";
}

std::string iso_day(date::sys_days d) {
  return date::format("%F", d);
}

std::string iso_minute(date::local_seconds t) {
  return date::format("%FT%R", t);
}

std::string iso_second(date::local_seconds t) {
  return date::format("%FT%T", t);
}

std::string iso_utc(date::sys_seconds t) {
  return date::format("%FT%TZ", t);
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string truncate(std::string_view s, std::size_t n) {
  if (code_points(s) <= n || n == 0) return std::string(s);
  std::size_t kept = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (kept == n - 1) break;
      ++kept;
    }
  }
  auto out = std::string(s.substr(0, i));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "…";
}

}  // namespace chronicle::detail
