#include "chronicle/ops/review.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"
#include "chronicle/ops/add.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

namespace {

/// The words of a title that say something, for comparing titles: folded, of four letters or
/// more, cut to their first five letters (a poor man's stem: "встреча", "встречу" → "встре").
std::set<std::string> title_stems(const localized_text& titles) {
  std::set<std::string> out;
  for (const auto& [lang, title] : titles) {
    for (const auto& w : find_words(title)) {
      const std::string folded =
          fold_text(std::string_view(title).substr(w.begin, w.end - w.begin));
      std::size_t letters = 0;
      std::size_t cut = folded.size();
      for (std::size_t i = 0; i < folded.size(); ++i) {
        if ((static_cast<unsigned char>(folded[i]) & 0xC0) == 0x80) continue;  // continuation
        if (letters == 5) cut = i;
        ++letters;
      }
      if (letters >= 4) out.insert(folded.substr(0, cut));
    }
  }
  return out;
}

bool same_place(const std::optional<place>& a, const std::optional<place>& b) {
  if (!a || !b || a->country != b->country) return false;
  if (!a->city.empty() || !b->city.empty()) return fold_text(a->city) == fold_text(b->city);
  return !a->name.empty() && fold_text(a->name) == fold_text(b->name);
}

std::string edtf_of(const edtf_date& d) {
  return to_edtf(d);
}

}  // namespace

std::string matching_event(const timeline& t, const event& draft) {
  const std::string date = edtf_of(draft.date);
  const auto stems = title_stems(draft.title);
  for (const auto& e : t.events) {
    if (edtf_of(e.date) != date) continue;
    if (same_place(e.place, draft.place)) return e.id;
    const auto theirs = title_stems(e.title);
    if (std::any_of(stems.begin(), stems.end(),
                    [&](const std::string& s) { return theirs.contains(s); }))
      return e.id;
  }
  return {};
}

std::vector<review_item> review_items(const timeline& t, const std::vector<proposal>& proposals,
                                      std::string_view language, const document_date& document,
                                      std::string_view source_name) {
  std::vector<review_item> out;
  for (const auto& p : proposals) {
    review_item item;
    item.found = p;
    item.draft = proposal_to_event(p, language, document, source_name, &item.why_not);
    if (item.draft) item.existing = matching_event(t, *item.draft);
    out.push_back(std::move(item));
  }
  return out;
}

std::string set_review_date(review_item& item, std::string_view edtf, const timeline& t,
                            std::string_view language, const document_date& document,
                            std::string_view source_name) {
  const std::string typed(edtf);
  const auto parsed = parse_edtf(typed);
  if (!parsed.value) return parsed.error;
  if (!item.draft) {
    // An item with no event (an unknown year) becomes one with the date given: the proposal
    // drafted as if its date had been found in the text.
    proposal p = item.found;
    p.date = typed;
    p.year = year_source::text;
    std::string why;
    auto e = proposal_to_event(p, language, document, source_name, &why);
    if (!e) return why;
    item.draft = std::move(e);
    item.why_not.clear();
  }
  item.draft->date = *parsed.value;
  std::string& note = item.draft->date_note;
  if (!note.empty() && note.back() == '.') note.pop_back();
  note +=
      fmt::format("; the date set to {} at the review (the text gave {}).", typed, item.found.date);
  item.existing = matching_event(t, *item.draft);
  return {};
}

result<review_plan> plan_review(const change_base& base, const std::vector<event>& accepted,
                                std::string_view language, std::string_view source_name,
                                date::sys_seconds now, date::sys_days today) {
  review_plan out;
  std::set<std::string> taken(base.ids.begin(), base.ids.end());
  std::vector<diagnostic> warnings;
  const std::string lang(language);
  for (const auto& e : accepted) {
    add_request r;
    r.lang = lang;
    if (const auto* title = pick(e.title, lang)) r.title = *title;
    for (const auto& [l, title] : e.title)
      if (l != lang) r.other_titles[l] = title;
    r.date = edtf_of(e.date);
    if (e.place) {
      r.place = e.place->name;
      r.city = e.place->city;
      r.country = e.place->country;
      r.latitude = e.place->latitude;
      r.longitude = e.place->longitude;
    }
    r.tags = e.tags;
    r.participants = e.participants;
    r.sources = e.sources;
    r.status = std::string(to_string(e.status));
    r.note = e.date_note;
    if (const auto* d = pick(e.description, lang)) r.description = *d;
    r.now = now;
    r.today = today;
    auto planned = plan_add(base, r);
    if (!planned.ok()) {
      auto problems = std::move(planned.diagnostics);
      const std::string id = planned.value && !planned.value->id.empty() ? planned.value->id
                                                                         : derive_event_id(e, lang);
      // Named by the event: positioned problems are in its generated file, the others name
      // the key of the value.
      for (auto& d : problems) d.file = d.line > 0 || d.file.empty() ? id : id + ": " + d.file;
      return result<review_plan>::failure(std::move(problems));
    }
    auto p = std::move(*planned.value);
    std::string id = p.id;
    for (int n = 2; taken.contains(id); ++n) id = fmt::format("{}-{}", p.id, n);
    taken.insert(id);
    auto change = p.plan.changes.at(0);
    change.id = id;
    change.path = base.dir / (id + ".toml");
    out.plan.changes.push_back(std::move(change));
    out.ids.push_back(id);
    for (auto& d : planned.diagnostics) warnings.push_back(std::move(d));
  }
  std::string ids;
  for (const auto& id : out.ids) ids += (ids.empty() ? "" : ", ") + id;
  out.plan.note = {"extract",
                   fmt::format("{}: {} event{} ({})", source_name, out.ids.size(),
                               out.ids.size() == 1 ? "" : "s", ids),
                   now};
  return {std::move(out), std::move(warnings)};
}

}  // namespace chronicle
