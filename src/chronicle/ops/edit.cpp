#include "chronicle/ops/edit.hpp"

#include <tuple>

#include <fmt/format.h>

#include "chronicle/check/check.hpp"
#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/store/toml_edit.hpp"

namespace chronicle {

namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    auto item = text.substr(0, comma);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string_view::npos) out.emplace_back(item.substr(first, last - first + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool is_relation(std::string_view key) {
  return key == "follows" || key == "part_of" || key == "related";
}

/// Where a request problem is: the field, and the value unless the message quotes it.
std::string where(std::string_view field, std::string_view value) {
  return fmt::format("{} \"{}\"", field, value);
}

/// Applies the request's changes to `ed`, collecting the problems of the request.
std::vector<diagnostic> apply_request(event_editor& ed, const edit_request& r,
                                      const change_base& base, const event* old) {
  std::vector<diagnostic> out;
  const auto fail = [&](std::string at, const std::string& problem) {
    if (!problem.empty()) out.push_back(error_at(std::move(at), problem));
  };
  const auto resolve = [&](std::string_view text, std::string at) -> std::optional<std::string> {
    const auto match = resolve_event(base.timeline, base.ids, text);
    if (!match.id.empty()) return match.id;
    fail(std::move(at), describe_mismatch(match, text, base.dir));
    return std::nullopt;
  };
  for (const auto& key : r.unset) fail(where("unset", key), ed.unset(key));
  for (const auto& t : r.remove_tags)
    if (!ed.remove_from_list("tags", t)) fail(where("remove_tag", t), "the event has no such tag");
  for (const auto& url : r.remove_sources)
    if (!ed.remove_source(url))
      fail(where("remove_source", url), "the event has no source with it");
  for (const auto& text : r.remove_relations) {
    std::vector<std::string> targets;
    if (old)
      for (const auto& rel : old->relations) targets.push_back(rel.target);
    const auto match = resolve_id(targets, text);
    if (match.id.empty()) {
      fail(where("remove_relation", text), match.candidates.empty()
                                               ? "the event has no relation to it"
                                               : describe_mismatch(match, text, base.dir));
      continue;
    }
    for (auto key : {"follows", "part_of", "related"}) ed.remove_from_list(key, match.id);
  }
  for (const auto& assignment : r.set) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      fail(where("set", assignment), "expected KEY=VALUE, such as status=confirmed");
      continue;
    }
    const auto key = assignment.substr(0, eq);
    const auto value = assignment.substr(eq + 1);
    if (key == "tags" || is_relation(key)) {
      auto items = split_list(value);
      bool resolved = true;
      if (is_relation(key))
        for (auto& item : items) {
          auto id = resolve(item, fmt::format("set {}", key));
          resolved = resolved && id;
          if (id) item = *id;
        }
      if (resolved) fail(where("set", assignment), ed.set_list(key, items));
    } else {
      fail(where("set", assignment), ed.set(key, value));
    }
  }
  for (const auto& t : r.add_tags) ed.add_to_list("tags", t);
  for (auto [list, key, field] : {std::tuple{&r.add_follows, "follows", "add_follows"},
                                  std::tuple{&r.add_part_of, "part_of", "add_part_of"},
                                  std::tuple{&r.add_related, "related", "add_related"}})
    for (const auto& target : *list)
      if (auto id = resolve(target, field)) ed.add_to_list(key, *id);
  for (const auto& s : r.add_sources) ed.add_source(s);
  return out;
}

/// Records the change of `target` to `ed`'s text as a new revision, validated.
result<edit_plan> record(const change_base& base, const edit_target& target, event_editor& ed,
                         date::sys_seconds now, std::optional<date::sys_days> today) {
  const auto old =
      parse_event(target.original, target.id, target.path.string(), base.timeline.info);
  ed.touch(old.event ? old.event->revision : 0, old.event ? old.event->last_modified : std::nullopt,
           now);
  edit_plan out{{}, target, ed.text()};
  auto diags = validate_event_text(base.timeline, base.ids, target.id, out.text,
                                   target.path.string(), today);
  if (!has_errors(diags))
    out.plan.changes.push_back(
        {change_kind::replace, target.id, target.path, out.text, target.original});
  out.plan.note = {"edit", target.id, now};
  return {std::move(out), std::move(diags)};
}

}  // namespace

bool edit_request::has_changes() const {
  return !set.empty() || !unset.empty() || !add_tags.empty() || !remove_tags.empty() ||
         !add_sources.empty() || !remove_sources.empty() || !add_follows.empty() ||
         !add_part_of.empty() || !add_related.empty() || !remove_relations.empty();
}

result<edit_target> open_for_edit(const change_base& base, std::string_view id_or_prefix) {
  const auto match = resolve_event(base.timeline, base.ids, id_or_prefix);
  if (match.id.empty())
    return result<edit_target>::failure(
        error_at("id", describe_mismatch(match, id_or_prefix, base.dir)));
  edit_target t;
  t.id = match.id;
  t.path = base.dir / (t.id + ".toml");
  t.original = read_file(t.path);
  return t;
}

result<edit_plan> plan_edit(const change_base& base, const edit_request& request) {
  auto target = open_for_edit(base, request.id);
  if (!target) return result<edit_plan>::failure(std::move(target.diagnostics));
  const auto file = target->path.string();
  std::vector<diagnostic> problems;
  auto doc = toml_document::parse(target->original, file, problems);
  if (!doc) {
    edit_plan out{{}, *target, target->original, false};
    return {std::move(out), std::move(problems)};
  }
  const auto old = parse_event(target->original, target->id, file, base.timeline.info);
  event_editor ed(std::move(*doc), base.timeline.info.default_language);
  auto request_problems = apply_request(ed, request, base, old.event ? &*old.event : nullptr);
  if (has_errors(request_problems)) return result<edit_plan>::failure(std::move(request_problems));
  if (ed.text() == target->original) return edit_plan{{}, *target, target->original};
  return record(base, *target, ed, request.now, request.today);
}

result<edit_plan> plan_edit_text(const change_base& base, const edit_target& target,
                                 std::string text, date::sys_seconds now,
                                 std::optional<date::sys_days> today) {
  const auto file = target.path.string();
  auto diags = validate_event_text(base.timeline, base.ids, target.id, text, file, today);
  if (has_errors(diags) || text == target.original) {
    edit_plan out{{}, target, std::move(text)};
    return {std::move(out), std::move(diags)};
  }
  std::vector<diagnostic> ignored;
  auto doc = toml_document::parse(std::move(text), file, ignored);
  if (!doc) {
    // validate_event_text parses the text too, so this is only a belt to its braces.
    ignored.push_back(error_at(file, "the edited text is not TOML"));
    return {edit_plan{{}, target, target.original, false}, std::move(ignored)};
  }
  event_editor ed(std::move(*doc), base.timeline.info.default_language);
  return record(base, target, ed, now, today);
}

}  // namespace chronicle
