#include "chronicle/check/check.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/tombstones.hpp"

namespace chronicle {

namespace {

void sort_diagnostics(std::vector<diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
}

/// The event's date as written: `2024-03`, or `2024-02-08T10:00 America/New_York`.
std::string when_of(const event& e) {
  if (e.time) return fmt::format("{} {}", date::format("%FT%R", e.time->start), e.time->tz);
  return to_edtf(e.date);
}

/// Reports each cycle of relations of `kind` once, at the relation that leaves the cycle's
/// smallest id.
void find_cycles(const timeline& t, relation_kind kind, std::vector<diagnostic>& out) {
  std::map<std::string_view, const event*> by_id;
  for (const auto& e : t.events) by_id.emplace(e.id, &e);
  enum class mark { fresh, open, done };
  std::map<std::string_view, mark> marks;
  std::vector<const event*> path;
  std::set<std::vector<std::string_view>> seen;

  auto report = [&](std::vector<const event*> cycle) {
    const auto smallest = std::min_element(cycle.begin(), cycle.end(),
                                           [](auto* a, auto* b) { return a->id < b->id; });
    std::rotate(cycle.begin(), smallest, cycle.end());
    std::vector<std::string_view> key;
    for (const auto* e : cycle) key.push_back(e->id);
    if (!seen.insert(key).second) return;
    std::string chain;
    for (const auto* e : cycle) chain += fmt::format("\"{}\" → ", e->id);
    chain += fmt::format("\"{}\"", cycle.front()->id);
    const auto& first = *cycle.front();
    const auto& next = cycle.size() > 1 ? cycle[1]->id : first.id;
    source_pos pos = first.position_of(to_string(kind));
    for (const auto& r : first.relations)
      if (r.kind == kind && r.target == next) pos = r.pos;
    out.push_back({first.file, pos.line, pos.column, severity::error,
                   kind == relation_kind::follows
                       ? fmt::format("follows goes round in a cycle: {}; an event cannot follow "
                                     "itself, even through others",
                                     chain)
                       : fmt::format("part_of goes round in a cycle: {}; an event cannot be part "
                                     "of itself, even through others",
                                     chain)});
  };

  auto visit = [&](auto&& self, const event& e) -> void {
    marks[e.id] = mark::open;
    path.push_back(&e);
    for (const auto& r : e.relations) {
      if (r.kind != kind || r.target == e.id) continue;
      const auto it = by_id.find(r.target);
      if (it == by_id.end()) continue;
      const auto m = marks[it->first];
      if (m == mark::open) {
        const auto from = std::find(path.begin(), path.end(), it->second);
        report({from, path.end()});
      } else if (m == mark::fresh) {
        self(self, *it->second);
      }
    }
    path.pop_back();
    marks[e.id] = mark::done;
  };
  for (const auto& [id, e] : by_id)
    if (marks[id] == mark::fresh) visit(visit, *e);
}

}  // namespace

std::vector<diagnostic> check_links(const timeline& t) {
  std::vector<diagnostic> out;
  find_cycles(t, relation_kind::follows, out);
  find_cycles(t, relation_kind::part_of, out);

  if (const auto* zone = find_time_zone(t.info.time_zone)) {
    for (const auto& e : t.events) {
      const auto span = span_of(e, *zone);
      for (const auto& r : e.relations) {
        if (r.kind != relation_kind::follows) continue;
        const auto* target = find_event(t, r.target);
        if (!target || target == &e) continue;
        if (span_of(*target, *zone).earliest > span.latest)
          out.push_back(
              {e.file, r.pos.line, r.pos.column, severity::error,
               fmt::format("follows \"{}\" ({}), which begins after this event ({}) ends; "
                           "\"follows\" names an earlier event",
                           target->id, when_of(*target), when_of(e))});
      }
    }
  }

  std::map<std::string, const event*> by_uid;
  for (const auto& e : t.events) {
    const auto uid = uid_of(e, t.info);
    auto [it, inserted] = by_uid.emplace(uid, &e);
    if (inserted) continue;
    const auto* first = it->second;
    // Report it on the event that sets an explicit uid, where it can be fixed.
    const auto* at = !e.uid.empty() ? &e : (!first->uid.empty() ? first : &e);
    const auto* other = at == &e ? first : &e;
    const auto pos = at->uid.empty() ? source_pos{1, 1} : at->position_of("uid");
    out.push_back({at->file, pos.line, pos.column, severity::error,
                   fmt::format("duplicate UID \"{}\": event \"{}\" has it too; calendar apps "
                               "would merge the two events",
                               uid, other->id)});
  }
  sort_diagnostics(out);
  return out;
}

std::vector<diagnostic> check_statuses(const timeline& t, date::sys_days today) {
  std::vector<diagnostic> out;
  for (const auto& e : t.events) {
    if (e.status != status::planned && e.status != status::tentative) continue;
    if (e.date.last_day() >= today) continue;
    const auto pos = e.position_of("status");
    out.push_back({e.file, pos.line, pos.column, severity::warning,
                   fmt::format("the event ({}) is past, as of {}, but still \"{}\"; set its "
                               "status to confirmed or cancelled",
                               when_of(e), date::format("%F", today), to_string(e.status))});
  }
  sort_diagnostics(out);
  return out;
}

namespace {

/// The lines of an iCalendar text, without DTSTAMP, each with its 1-based line number.
std::vector<std::pair<int, std::string_view>> comparable_lines(std::string_view text) {
  std::vector<std::pair<int, std::string_view>> out;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with("DTSTAMP")) continue;
    out.emplace_back(number, line);
  }
  return out;
}

using ics_lines = std::vector<std::pair<int, std::string_view>>;

/// The UID of the event around line `at` (unfolded), or empty outside events.
std::string uid_around(const ics_lines& lines, std::size_t at) {
  for (std::size_t i = std::min(at + 1, lines.size()); i-- > 0;) {
    const auto& text = lines[i].second;
    if (text.starts_with("END:VEVENT") && i != at) return {};
    if (!text.starts_with("UID:")) continue;
    std::string uid(text.substr(4));
    for (auto j = i + 1; j < lines.size() && lines[j].second.starts_with(' '); ++j)
      uid += lines[j].second.substr(1);
    return uid;
  }
  return {};
}

std::size_t count_events(const ics_lines& lines) {
  return static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(), [](const auto& l) { return l.second == "BEGIN:VEVENT"; }));
}

std::string shorten(std::string_view s) {
  constexpr std::size_t k_max = 60;
  if (s.size() <= k_max) return std::string(s);
  auto cut = k_max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

}  // namespace

std::vector<diagnostic> check_exports(const timeline& t, const std::filesystem::path& dir,
                                      const std::filesystem::path& events_dir) {
  std::vector<diagnostic> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw io_error(fmt::format("cannot read exports folder \"{}\": {}", dir.string(),
                               ec ? ec.message() : "not a folder"));
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> others;  // named as exports, but perhaps not files
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.starts_with(".") || it->path().extension() != ".ics") continue;
    std::error_code type_ec;
    (it->is_regular_file(type_ec) ? files : others).push_back(it->path());
  }
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", dir.string(), ec.message()));
  std::sort(others.begin(), others.end());
  for (const auto& p : others) {
    auto found = find_regular_file(p, "an iCalendar export");
    if (found.value && *found.value) files.push_back(p);
    out.insert(out.end(), found.diagnostics.begin(), found.diagnostics.end());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    if (out.empty())
      out.push_back(
          {dir.string(), 0, 0, severity::warning, "no *.ics exports to compare in this folder"});
    return out;
  }

  struct candidate {
    std::string options;  // as command-line options
    std::string text;
  };
  std::vector<candidate> fresh;
  std::vector<std::string> langs{""};
  for (std::string lang : {t.info.default_language, std::string("en"), std::string("ru")})
    if (std::find(langs.begin() + 1, langs.end(), lang) == langs.end() &&
        lang != t.info.default_language)
      langs.push_back(lang);
  // An export writes the removed events unless --no-tombstones: both kinds are current.
  auto removed = load_tombstones(events_dir, t);
  out.insert(out.end(), removed.diagnostics.begin(), removed.diagnostics.end());
  std::vector<bool> tombstone_choices{true};
  if (!removed.events.empty()) tombstone_choices.push_back(false);
  for (bool tombstones : tombstone_choices)
    for (const auto& lang : langs)
      for (auto [coarse, name] :
           {std::pair{coarse_policy::span, ""}, std::pair{coarse_policy::start, "start"},
            std::pair{coarse_policy::skip, "skip"}}) {
        ics_options o;
        o.coarse = coarse;
        o.lang = lang;
        if (tombstones) o.removed = removed.events;
        std::string opts;
        if (*name) opts += fmt::format(" --coarse {}", name);
        if (!lang.empty()) opts += fmt::format(" --lang {}", lang);
        if (!tombstones) opts += " --no-tombstones";
        auto text = export_ics(t, o);
        if (!text) {  // the same for every option: nothing to compare with
          out.insert(out.end(), text.diagnostics.begin(), text.diagnostics.end());
          return out;
        }
        fresh.push_back({opts, std::move(*text)});
      }

  for (const auto& file : files) {
    const auto committed = read_file(file, k_max_ics_file_bytes);
    const auto have = comparable_lines(committed);
    std::size_t best_common = 0;
    const candidate* best = nullptr;
    bool current = false;
    for (const auto& c : fresh) {
      const auto want = comparable_lines(c.text);
      std::size_t common = 0;
      while (common < have.size() && common < want.size() &&
             have[common].second == want[common].second)
        ++common;
      if (common == have.size() && common == want.size()) {
        current = true;
        break;
      }
      if (!best || common > best_common) {
        best = &c;
        best_common = common;
      }
    }
    if (current) continue;
    const auto want = comparable_lines(best->text);
    const auto events_option =
        events_dir == "events" ? std::string() : fmt::format(" --events {}", events_dir.string());
    const auto fix = fmt::format("regenerate it with \"chronicle{} export ics{} -o {}\"",
                                 events_option, best->options, file.string());
    int line = 1;
    std::string what;
    if (best_common < have.size() && best_common < want.size()) {
      line = have[best_common].first;
      what = fmt::format("\"{}\" here, \"{}\" in a fresh export", shorten(have[best_common].second),
                         shorten(want[best_common].second));
    } else if (best_common < have.size()) {
      line = have[best_common].first;
      what = "a fresh export ends before this line";
    } else {
      line = have.empty() ? 1 : have.back().first;
      what = fmt::format("a fresh export goes on with \"{}\"", shorten(want[best_common].second));
    }
    if (const auto uid = uid_around(have, std::min(best_common, have.size() - 1));
        !uid.empty() && best_common < have.size())
      what += fmt::format(", in the event with UID \"{}\"", uid);
    if (const auto n = count_events(have), m = count_events(want); n != m)
      what += fmt::format("; it has {} events, a fresh export {}", n, m);
    out.push_back({file.string(), line, 1, severity::error,
                   fmt::format("export is out of date: {}; {}", what, fix)});
  }
  return out;
}

namespace {

/// Temporary files an interrupted write left behind (`.NAME.toml.XXXXXX` of atomic writes,
/// `.ID.edit-XXXXXX.toml` of the editor): never read, but worth deleting.
void find_leftovers(const std::filesystem::path& dir, std::vector<diagnostic>& out) {
  std::error_code ec;
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    std::error_code type_ec;
    if (!name.starts_with(".") || !it->is_regular_file(type_ec)) continue;
    const auto atomic = name.size() > 12 && name.compare(name.size() - 12, 6, ".toml.") == 0;
    const auto editing = name.ends_with(".toml") && name.find(".edit-") != std::string::npos;
    if (atomic || editing) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names)
    out.push_back({(dir / name).string(), 0, 0, severity::warning,
                   "temporary file left by an interrupted write; it is never read as an event "
                   "and can be deleted"});
}

}  // namespace

check_report check_timeline(const std::filesystem::path& dir, const check_options& options) {
  check_report report;
  report.files = list_event_ids(dir).size();
  auto loaded = load_timeline(dir);
  auto& out = report.diagnostics;
  out = std::move(loaded.diagnostics);
  find_leftovers(dir, out);
  const bool loads = !has_errors(out);
  for (auto& part : {check_links(loaded.timeline), check_statuses(loaded.timeline, options.today)})
    out.insert(out.end(), part.begin(), part.end());
  if (!options.exports.empty()) {
    if (loads) {
      auto part = check_exports(loaded.timeline, options.exports, dir);
      out.insert(out.end(), part.begin(), part.end());
    } else {
      out.push_back({options.exports.string(), 0, 0, severity::warning,
                     "exports not compared: the timeline has errors"});
    }
  }
  sort_diagnostics(out);
  return report;
}

std::vector<diagnostic> validate_event_text(const timeline& t, const std::vector<std::string>& ids,
                                            const std::string& id, std::string_view text,
                                            const std::string& file,
                                            std::optional<date::sys_days> today) {
  auto parsed = parse_event(text, id, file, t.info);
  auto out = std::move(parsed.diagnostics);
  if (!parsed.event) return out;
  timeline changed = t;
  auto it = std::find_if(changed.events.begin(), changed.events.end(),
                         [&](const event& e) { return e.id == id; });
  if (it != changed.events.end())
    *it = *parsed.event;
  else
    changed.events.push_back(*parsed.event);
  auto all_ids = ids;
  all_ids.push_back(id);
  for (const auto& d : check_relations(changed, all_ids))
    if (d.file == file) out.push_back(d);
  if (!has_errors(out)) {
    // Link problems the change adds: all of them in its own file, and new ones elsewhere (an
    // earlier date can make another event's "follows" point forward).
    const auto before = check_links(t);
    for (const auto& d : check_links(changed)) {
      const bool is_new =
          d.file == file || std::find(before.begin(), before.end(), d) == before.end();
      if (is_new) out.push_back(d);
    }
  }
  if (today && !has_errors(out))
    for (const auto& d : check_statuses(changed, *today))
      if (d.file == file) out.push_back(d);
  sort_diagnostics(out);
  return out;
}

}  // namespace chronicle
