#include "chronicle/ops/add.hpp"

#include <tuple>

#include <fmt/format.h>

#include "chronicle/check/check.hpp"
#include "chronicle/model/edtf.hpp"
#include "chronicle/model/language.hpp"
#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/toml_edit.hpp"

namespace chronicle {

namespace {

/// The problems of the request that come before any file: missing, malformed or conflicting
/// values, and relations that name no single event. Resolves the relations on the way.
std::vector<diagnostic> check_request(const change_base& base, const add_request& r,
                                      const std::string& lang, std::vector<relation>& relations) {
  std::vector<diagnostic> out;
  const auto problem = [&](std::string key, std::string message) {
    out.push_back(error_at(std::move(key), std::move(message)));
  };
  const auto text = [&](const std::string& key, const std::string& value) {
    if (!is_valid_utf8(value))
      problem(key, "the value is not valid UTF-8 text; event files hold only UTF-8");
  };
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"title", &r.title},
                                   {"lang", &r.lang},
                                   {"date", &r.date},
                                   {"start", &r.time},
                                   {"end", &r.end},
                                   {"tz", &r.tz},
                                   {"place.name", &r.place},
                                   {"place.city", &r.city},
                                   {"place.country", &r.country},
                                   {"status", &r.status},
                                   {"date_note", &r.note},
                                   {"description", &r.description}})
    text(key, *value);
  for (const auto& [l, title] : r.other_titles) {
    text("title." + l, l);
    text("title." + l, title);
  }
  for (const auto& t : r.tags) text("tags", t);
  for (const auto& p : r.participants)
    for (const auto* v : {&p.name, &p.role, &p.country}) text("participants", *v);
  for (const auto& s : r.sources)
    for (const auto* v : {&s.url, &s.publisher, &s.title, &s.language, &s.published})
      text("sources", *v);
  if (has_errors(out)) return out;  // the messages below quote the values

  if (r.title.empty()) problem("title", "a new event needs a title");
  if (!r.lang.empty() && !is_language_tag(r.lang))
    problem("lang",
            fmt::format("\"{}\" is not a language tag; expected one such as en, ru or kk", r.lang));
  for (const auto& [l, title] : r.other_titles) {
    if (!is_language_tag(l))
      problem("title." + l,
              fmt::format("\"{}\" is not a language tag; expected one such as en, ru or kk", l));
    else if (l == lang)
      problem("title." + l,
              fmt::format("the title is already in \"{}\"; give one title per language", l));
  }
  if (r.date.empty()) {
    problem("date", "a new event needs a date");
  } else if (const auto parsed = parse_edtf(r.date); !parsed.value) {
    problem("date", parsed.error);
  } else if (!r.time.empty() &&
             (parsed.value->is_range() || parsed.value->precision() != precision::day)) {
    problem("start",
            fmt::format("a time of day needs a date that is one day, such as 2024-05-10, not "
                        "\"{}\"",
                        r.date));
  }
  if (!r.end.empty() && r.time.empty()) problem("end", "an end time needs a start time");
  if (!r.tz.empty() && r.time.empty())
    problem("tz", "a time zone applies only to a timed event (one with a start time)");
  if (r.latitude.has_value() != r.longitude.has_value())
    problem(r.latitude ? "place.longitude" : "place.latitude",
            "coordinates need both a latitude and a longitude");

  for (auto [list, kind] : {std::tuple{&r.follows, relation_kind::follows},
                            std::tuple{&r.part_of, relation_kind::part_of},
                            std::tuple{&r.related, relation_kind::related}}) {
    for (const auto& target : *list) {
      const auto match = resolve_event(base.timeline, base.ids, target);
      if (match.id.empty())
        problem(std::string(to_string(kind)), describe_mismatch(match, target, base.dir));
      else
        relations.push_back({kind, match.id, {}});
    }
  }
  return out;
}

}  // namespace

result<add_plan> plan_add(const change_base& base, const add_request& request) {
  const auto& r = request;
  const auto& info = base.timeline.info;
  auto lang = r.lang;
  if (lang.empty()) {  // told from the title's script, unless another title is in that language
    lang = detect_language(r.title, info.default_language);
    if (r.other_titles.contains(lang)) lang = info.default_language;
  }
  std::vector<relation> relations;
  auto problems = check_request(base, r, lang, relations);
  if (has_errors(problems)) return result<add_plan>::failure(std::move(problems));

  event e;
  e.title[lang] = r.title;
  for (const auto& [l, title] : r.other_titles) e.title[l] = title;
  e.date = *parse_edtf(r.date).value;
  if (!r.description.empty()) e.description[lang] = r.description;
  e.date_note = r.note;
  if (!r.place.empty() || !r.city.empty() || !r.country.empty() || r.latitude) {
    e.place = chronicle::place{r.place, r.city, r.country, r.latitude, r.longitude};
  }
  e.tags = r.tags;
  e.participants = r.participants;
  e.sources = r.sources;
  e.relations = std::move(relations);
  e.revision = 1;
  e.last_modified = r.now;

  // The values that need parsing go into the file as typed, so that loading's own rules and
  // messages judge them.
  std::vector<diagnostic> not_toml;
  auto doc = toml_document::parse(to_toml(e, info.default_language), "new event", not_toml);
  if (!doc) {
    // to_toml writes its values through toml++, and every string was checked to be UTF-8.
    not_toml.push_back(error_at("title", "the event cannot be written as a TOML file"));
    return result<add_plan>::failure(std::move(not_toml));
  }
  doc->restyle();  // "…" as in hand-written files, which later edits also write
  const auto order = event_key_order();
  if (!r.time.empty()) {
    doc->remove("date");
    doc->set("start", fmt::format("{}T{}", r.date, r.time), order);
    if (!r.end.empty())
      doc->set("end",
               r.end.find('T') == std::string::npos ? fmt::format("{}T{}", r.date, r.end) : r.end,
               order);
    doc->set("tz", r.tz.empty() ? info.time_zone : r.tz, order);
  }
  if (!r.status.empty())
    doc->set("status", r.status, order);
  else if (e.date.first_day() > r.today)
    doc->set("status", std::string("planned"), order);  // a future event is planned until then

  add_plan out;
  out.language = lang;
  out.text = doc->text();
  // Parse once under a provisional id to learn the date the id is made from; the full check,
  // with relations, follows under the real id.
  const auto first = parse_event(out.text, "new-event", "new event", info);
  if (has_errors(first.diagnostics) || !first.event) return {std::move(out), first.diagnostics};
  out.id = derive_event_id(*first.event, info.default_language);
  out.path = base.dir / (out.id + ".toml");
  auto diags =
      validate_event_text(base.timeline, base.ids, out.id, out.text, out.path.string(), r.today);
  if (!has_errors(diags))
    out.plan.changes.push_back({change_kind::create, out.id, out.path, out.text, {}});
  out.plan.note = {"add", out.id, r.now};
  return {std::move(out), std::move(diags)};
}

}  // namespace chronicle
