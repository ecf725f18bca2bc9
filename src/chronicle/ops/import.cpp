#include "chronicle/ops/import.hpp"

#include <algorithm>
#include <cerrno>
#include <set>
#include <system_error>
#include <unordered_map>

#include <sys/stat.h>

#include <fmt/format.h>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/exchange/json_import.hpp"
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

/// Equal but for revision and last modification.
bool same_content(const event& a, event b) {
  b.revision = a.revision;
  b.last_modified = a.last_modified;
  return a == b;
}

/// `base` as the importer reads it back from Chronicle's own export when a calendar app kept the
/// VEVENT's properties but not X-CHRONICLE-EVENT (the whole event, used only while the VEVENT
/// agrees with it): the description as exported, the first source's URL, relations as UIDs.
/// Nothing when the export fails (a zone libical lacks) or does not read back.
std::optional<event> as_apps_see(const event& base, const timeline_info& info,
                                 const std::unordered_map<std::string, std::string>& id_of_uid) {
  timeline t;
  t.info = info;
  t.events.push_back(base);
  ics_options o;
  o.threads = 1;
  o.embed_events = false;
  const auto text = export_ics(t, o);
  if (!text) return std::nullopt;
  auto parsed = parse_ics(*text, base.file, info);
  if (parsed.events.size() != 1 || !parsed.events.front().event) return std::nullopt;
  auto& in = parsed.events.front();
  auto out = std::move(*in.event);
  for (const auto& r : in.related_uids)
    if (auto it = id_of_uid.find(r.uid); it != id_of_uid.end() && it->second != base.id)
      out.relations.push_back({r.kind, it->second, {}});
    else
      out.ical_extra += r.line;
  out.id = base.id;
  out.uid = base.uid;
  out.file = base.file;
  return out;
}

/// The calendar's version `in` of an event, with each field it has as `seen` (the base as apps
/// see it, `as_apps_see`) given the base's own value: what the calendar app changed since the
/// base, and nothing that is only the difference between an event and its export. Without
/// this, a retitle on a phone of an event Chronicle published would also "change" its
/// description (the exported one adds the date and the sources) and drop its other sources.
event rebase_on_base(const event& base, const event& seen, const event& in, date::sys_seconds now) {
  auto out = merge3(&seen, base, in, now, merge_preference::theirs).merged;
  out.id = in.id;
  out.uid = in.uid;
  out.file = in.file;
  out.revision = in.revision;
  out.last_modified = in.last_modified;
  return out;
}

}  // namespace

import_plan plan_import(const timeline& existing, std::vector<imported_event> incoming,
                        const std::vector<std::string>& tags, const import_merge* merge) {
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
  std::unordered_map<std::string, int> next_suffix;
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
      if (in.removed) {
        // Removed where the calendar comes from: the event here is cancelled, and keeps
        // everything else (the tombstone's VEVENT carries only what identifies it).
        auto cancelled = *it->second;
        cancelled.status = status::cancelled;
        cancelled.revision = e.revision;
        cancelled.last_modified = e.last_modified;
        e = std::move(cancelled);
      }
      e.id = it->second->id;
      e.uid = it->second->uid;
      e.file = it->second->file;
      continue;
    }
    if (in.removed) continue;  // never added: nothing here to cancel
    std::string id;
    if (in.uid.ends_with(own_suffix)) {
      const auto own = in.uid.substr(0, in.uid.size() - own_suffix.size());
      if (is_valid_event_id(own) && !taken.contains(own)) id = own;
    }
    if (id.empty()) {
      const auto& base = derived[i];
      id = base;
      // Counting on from the last suffix given to this base keeps a calendar of many
      // same-titled events on one day (a daily stand-up, say) linear, not quadratic.
      auto& n = next_suffix[base];
      if (n == 0) n = 2;
      for (; taken.contains(id); ++n) id = fmt::format("{}-{}", base, n);
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
    if (in.removed && !matches[i]) {  // a removed event this timeline never held
      ++plan.unchanged;
      continue;
    }
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
    const auto* old = matches[i];
    if (!old) {
      if (merge) plan.bases.push_back(e);
      plan.added.push_back(std::move(e));
      continue;
    }
    if (!merge) {
      if (e == *old || !is_newer(e, *old))
        ++plan.unchanged;
      else
        plan.updated.push_back(std::move(e));
      continue;
    }
    const event* base = nullptr;
    if (auto it = merge->bases.find(e.id);
        it != merge->bases.end() && uid_of(it->second, info) == in.uid)
      base = &it->second;
    if (base && !(e == *base) && !is_newer(*base, e))
      if (const auto seen = as_apps_see(*base, info, id_of_uid))
        e = rebase_on_base(*base, *seen, e, merge->now);
    if (base ? (e == *base || is_newer(*base, e)) : same_content(*old, e)) {
      ++plan.unchanged;  // the calendar did not change it since the last import
      continue;
    }
    const auto own = merge->prefer_for.find(old->id);
    auto merged = merge3(base, *old, e, merge->now,
                         own != merge->prefer_for.end() ? own->second : merge->prefer);
    if (merged.has_unresolved_conflicts()) {
      ++plan.conflicted;
    } else {
      plan.bases.push_back(e);
      if (merged.changed)
        plan.updated.push_back(merged.merged);
      else
        ++plan.unchanged;  // the calendar's change was already made here
    }
    plan.merges.emplace_back(old->id, std::move(merged));
  }
  return plan;
}

result<import_target> load_import_target(const std::filesystem::path& dir) {
  // A new timeline starts only in a folder made for it: a mistyped --events is not a new one.
  if (struct stat st; ::stat(dir.c_str(), &st) != 0 && errno == ENOENT)
    throw io_error(fmt::format(
        "no timeline folder \"{0}\"; create it with mkdir {0}, or give an existing one with "
        "--events",
        dir.string()));
  import_target target;
  target.dir = dir;
  std::error_code ec;
  const auto settings = dir / "timeline.toml";
  const auto st = std::filesystem::symlink_status(settings, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
    throw io_error(fmt::format("cannot read \"{}\": {}", settings.string(), ec.message()));
  target.fresh = !std::filesystem::exists(st);
  if (target.fresh) return target;
  auto loaded = load_timeline(dir);
  if (has_errors(loaded.diagnostics))
    return result<import_target>::failure(std::move(loaded.diagnostics));
  target.timeline = std::move(loaded.timeline);
  return {std::move(target), std::move(loaded.diagnostics)};
}

namespace {

/// The settings of a timeline that does not exist yet: those a Chronicle export embeds, else
/// the calendar's name and zone.
timeline_info new_timeline_info(const ics_import& parsed, const std::string& fallback_name) {
  if (parsed.timeline) return *parsed.timeline;
  timeline_info info;
  info.name = {{"en", parsed.calendar_name.empty() ? fallback_name : parsed.calendar_name}};
  if (!parsed.calendar_time_zone.empty()) info.time_zone = parsed.calendar_time_zone;
  return info;
}

/// Events from the JSON that `list --format json` and `export json` write, as an import.
ics_import from_chronicle_json(std::string_view text, const std::string& source,
                               const timeline_info& target) {
  auto json = parse_timeline_json(text, source);
  ics_import out;
  out.diagnostics = std::move(json.diagnostics);
  out.timeline = json.info;
  const auto& info = json.info ? *json.info : target;
  for (auto& e : json.events) {
    imported_event in;
    in.uid = uid_of(e, info);
    in.event = std::move(e);
    out.events.push_back(std::move(in));
  }
  return out;
}

}  // namespace

std::filesystem::path import_base_file(const std::filesystem::path& dir, const std::string& id) {
  return dir / ".chronicle" / "import-base" / (id + ".toml");
}

namespace {

/// The bases recorded for the events of `existing` that `incoming` matches by UID.
std::map<std::string, event, std::less<>> load_bases(const std::filesystem::path& dir,
                                                     const timeline& existing,
                                                     const std::vector<imported_event>& incoming,
                                                     std::map<std::string, std::string>& texts) {
  std::set<std::string> uids;
  for (const auto& in : incoming) uids.insert(in.uid);
  std::map<std::string, event, std::less<>> out;
  for (const auto& e : existing.events) {
    if (!uids.contains(uid_of(e, existing.info))) continue;
    const auto path = import_base_file(dir, e.id);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    auto text = read_file(path);
    auto parsed = parse_event(text, e.id, path.string(), existing.info);
    // A base that does not load is as good as none: the fallback is safe.
    if (parsed.event && !has_errors(parsed.diagnostics))
      out.emplace(e.id, std::move(*parsed.event));
    texts.emplace(e.id, std::move(text));
  }
  return out;
}

}  // namespace

std::optional<event> load_import_base(const std::filesystem::path& dir, const event& e,
                                      const timeline_info& info) {
  const auto path = import_base_file(dir, e.id);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  auto parsed = parse_event(read_file(path), e.id, path.string(), info);
  if (!parsed.event || has_errors(parsed.diagnostics) ||
      uid_of(*parsed.event, info) != uid_of(e, info))
    return std::nullopt;
  return std::move(*parsed.event);
}

change_plan plan_record_bases(const std::filesystem::path& dir, const timeline& t,
                              const std::vector<std::string>& ids) {
  change_plan plan;
  const std::set<std::string_view> wanted(ids.begin(), ids.end());
  for (const auto& e : t.events) {
    if (!wanted.contains(e.id)) continue;
    const auto path = import_base_file(dir, e.id);
    auto text = to_toml(e, t.info.default_language);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec) && read_file(path) == text) continue;
    plan.derived.push_back({change_kind::create, e.id, path, std::move(text), {}});
  }
  add_derived_readme(plan, dir);
  return plan;
}

result<import_changes> plan_import_changes(const import_target& target,
                                           const import_request& request) {
  import_changes out;
  out.fresh = target.fresh;
  out.info = target.timeline.info;
  ics_import parsed;
  if (request.format == import_format::json) {
    parsed = from_chronicle_json(request.input(), request.source, out.info);
    if (has_errors(parsed.diagnostics))
      return result<import_changes>::failure(std::move(parsed.diagnostics));
    if (out.fresh) out.info = new_timeline_info(parsed, request.fallback_name);
  } else {
    // A first pass with default settings reads what the calendar says about itself.
    parsed = parse_ics(request.input(), request.source, out.info);
    if (!parsed.is_icalendar) return result<import_changes>::failure(std::move(parsed.diagnostics));
    if (out.fresh) {
      out.info = new_timeline_info(parsed, request.fallback_name);
      parsed = {};  // freed before the second pass, not held beside it
      parsed = parse_ics(request.input(), request.source, out.info);
    }
  }
  timeline empty;
  empty.info = out.info;
  const auto& existing = out.fresh ? empty : target.timeline;
  std::map<std::string, std::string> base_texts;
  import_merge merge;
  merge.prefer = request.prefer;
  merge.prefer_for = request.prefer_for;
  merge.now = request.now;
  if (!out.fresh) merge.bases = load_bases(target.dir, existing, parsed.events, base_texts);
  out.matched = plan_import(existing, std::move(parsed.events), request.tags, &merge);
  std::vector<diagnostic> diags = std::move(parsed.diagnostics);
  diags.insert(diags.end(), out.matched.diagnostics.begin(), out.matched.diagnostics.end());
  out.refused = out.matched.rejected > 0 && !request.skip_invalid;
  if (out.refused) return {std::move(out), std::move(diags)};
  out.conflicted = out.matched.conflicted > 0;
  if (out.conflicted) return {std::move(out), std::move(diags)};

  const auto& lang = out.info.default_language;
  auto& changes = out.plan.changes;
  if (out.fresh)
    changes.push_back(
        {change_kind::create, {}, target.dir / "timeline.toml", to_toml(out.info), {}});
  for (const auto& e : out.matched.added)
    changes.push_back(
        {change_kind::create, e.id, target.dir / (e.id + ".toml"), to_toml(e, lang), {}});
  for (const auto& e : out.matched.updated) {
    const auto path = target.dir / (e.id + ".toml");
    changes.push_back({change_kind::replace, e.id, path, to_toml(e, lang), read_file(path)});
  }
  auto& derived = out.plan.derived;
  for (const auto& e : out.matched.bases) {
    const auto path = import_base_file(target.dir, e.id);
    auto text = to_toml(e, lang);
    if (auto it = base_texts.find(e.id); it != base_texts.end()) {
      if (it->second != text)
        derived.push_back({change_kind::replace, e.id, path, std::move(text), it->second});
    } else {
      derived.push_back({change_kind::create, e.id, path, std::move(text), {}});
    }
  }
  add_derived_readme(out.plan, target.dir);
  out.plan.note = {"import",
                   fmt::format("{}: {} new, {} changed", request.source, out.matched.added.size(),
                               out.matched.updated.size()),
                   request.now};
  return {std::move(out), std::move(diags)};
}

}  // namespace chronicle
