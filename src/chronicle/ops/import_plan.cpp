#include "chronicle/ops/import_plan.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "chronicle/store/storage.hpp"
#include "chronicle/util/parallel.hpp"

namespace chronicle {

namespace {

/// A is newer than B: by revision (SEQUENCE), then by last modification.
bool is_newer(const event& a, const event& b) {
  if (a.revision != b.revision) return a.revision > b.revision;
  return a.last_modified.value_or(date::sys_seconds{}) >
         b.last_modified.value_or(date::sys_seconds{});
}

/// derive_event_id of each event marked in `wanted`, on every core: transliterating titles
/// with ICU is most of the work of naming a large import.
std::vector<std::string> derive_ids(const std::vector<imported_event>& incoming,
                                    const std::vector<bool>& wanted, const std::string& lang) {
  std::vector<std::string> out(incoming.size());
  parallel_for(incoming.size(), 256, [&](std::size_t i) {
    if (wanted[i]) out[i] = derive_event_id(*incoming[i].event, lang);
  });
  return out;
}

}  // namespace

import_plan plan_import(const timeline& existing, std::vector<imported_event> incoming,
                        const std::vector<std::string>& tags) {
  import_plan plan;
  const auto& info = existing.info;
  std::unordered_map<std::string, const event*> by_uid;
  std::set<std::string> taken;
  for (const auto& e : existing.events) {
    by_uid.emplace(uid_of(e, info), &e);
    taken.insert(e.id);
  }
  const std::string own_suffix = "@" + info.uid_domain;

  // First pass: give every incoming event its id, so relations between them can resolve.
  std::unordered_map<std::string, std::string> id_of_uid;
  for (const auto& [uid, e] : by_uid) id_of_uid.emplace(uid, e->id);
  std::vector<const event*> matches(incoming.size(), nullptr);
  std::vector<bool> unmatched(incoming.size(), false);
  for (std::size_t i = 0; i < incoming.size(); ++i)
    unmatched[i] = incoming[i].event && !by_uid.contains(incoming[i].uid);
  const auto derived = derive_ids(incoming, unmatched, info.default_language);
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    auto& in = incoming[i];
    if (!in.event) {
      ++plan.rejected;
      continue;
    }
    auto& e = *in.event;
    for (const auto& t : tags)
      if (std::find(e.tags.begin(), e.tags.end(), t) == e.tags.end()) e.tags.push_back(t);
    if (auto it = by_uid.find(in.uid); it != by_uid.end()) {
      matches[i] = it->second;
      e.id = it->second->id;
      e.uid = it->second->uid;
      e.file = it->second->file;
      continue;
    }
    std::string id;
    if (in.uid.ends_with(own_suffix)) {
      const auto own = in.uid.substr(0, in.uid.size() - own_suffix.size());
      if (is_valid_event_id(own) && !taken.contains(own)) id = own;
    }
    if (id.empty()) {
      const auto& base = derived[i];
      id = base;
      for (int n = 2; taken.contains(id); ++n) id = fmt::format("{}-{}", base, n);
    }
    taken.insert(id);
    e.id = id;
    e.uid = in.uid == id + own_suffix ? std::string{} : in.uid;
    id_of_uid.emplace(in.uid, id);
  }

  // Second pass: relations, then decide what each event does to the timeline.
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    auto& in = incoming[i];
    if (!in.event) continue;
    auto& e = *in.event;
    for (const auto& r : in.related_uids) {
      if (auto it = id_of_uid.find(r.uid); it != id_of_uid.end() && it->second != e.id) {
        e.relations.push_back({r.kind, it->second, {}});
      } else {
        e.ical_extra += r.line;
        plan.diagnostics.push_back({e.file, in.line, 0, severity::warning,
                                    fmt::format("RELATED-TO \"{}\" is not an event of this "
                                                "timeline; kept as it was written",
                                                r.uid)});
      }
    }
    std::erase_if(e.relations, [&](const relation& r) {
      if (taken.contains(r.target)) return false;
      plan.diagnostics.push_back({e.file, in.line, 0, severity::warning,
                                  fmt::format("{} \"{}\" is not an event of this timeline; dropped",
                                              to_string(r.kind), r.target)});
      return true;
    });
    if (const auto* old = matches[i]) {
      if (e == *old || !is_newer(e, *old))
        ++plan.unchanged;
      else
        plan.updated.push_back(std::move(e));
    } else {
      plan.added.push_back(std::move(e));
    }
  }
  return plan;
}

}  // namespace chronicle
