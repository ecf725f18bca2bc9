// chronicle edit: change one event file in place, from options or in $VISUAL / $EDITOR, keeping
// its comments and layout; the file changes only when the result is valid.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/check/check.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/text_diff.hpp"
#include "command.hpp"
#include "event_args.hpp"

extern char** environ;

namespace chronicle::cli {

namespace {

struct edit_args {
  std::string id;
  std::vector<std::string> set;
  std::vector<std::string> unset;
  std::vector<std::string> add_tags;
  std::vector<std::string> remove_tags;
  std::vector<std::string> add_sources;
  std::vector<std::string> publishers;
  std::vector<std::string> remove_sources;
  std::vector<std::string> add_follows;
  std::vector<std::string> add_part_of;
  std::vector<std::string> add_related;
  std::vector<std::string> remove_relations;
  bool dry_run = false;

  bool has_changes() const {
    return !set.empty() || !unset.empty() || !add_tags.empty() || !remove_tags.empty() ||
           !add_sources.empty() || !remove_sources.empty() || !add_follows.empty() ||
           !add_part_of.empty() || !add_related.empty() || !remove_relations.empty();
  }
};

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

/// The options' changes, applied in a fixed order: removals, then settings, then additions.
void apply_options(event_editor& ed, const edit_args& a, const CLI::App& cmd,
                   const change_base& base, const event* old, const context& ctx) {
  auto fail = [](std::string_view option, std::string_view value, const std::string& problem) {
    if (!problem.empty()) throw usage_error(fmt::format("{} \"{}\": {}", option, value, problem));
  };
  for (const auto& key : a.unset) fail("--unset", key, ed.unset(key));
  for (const auto& t : a.remove_tags)
    if (!ed.remove_from_list("tags", t)) fail("--remove-tag", t, "the event has no such tag");
  for (const auto& url : a.remove_sources)
    if (!ed.remove_source(url)) fail("--remove-source", url, "the event has no source with it");
  for (const auto& text : a.remove_relations) {
    std::vector<std::string> targets;
    if (old)
      for (const auto& r : old->relations) targets.push_back(r.target);
    const auto match = resolve_id(targets, text);
    if (match.id.empty())
      fail("--remove-relation", text,
           match.candidates.empty() ? "the event has no relation to it"
                                    : describe_mismatch(match, text, ctx.events_dir));
    for (auto key : {"follows", "part_of", "related"}) ed.remove_from_list(key, match.id);
  }
  for (const auto& assignment : a.set) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
      throw usage_error(
          fmt::format("--set \"{}\": expected KEY=VALUE, such as status=confirmed", assignment));
    const auto key = assignment.substr(0, eq);
    const auto value = assignment.substr(eq + 1);
    if (key == "tags" || is_relation(key)) {
      auto items = split_list(value);
      if (is_relation(key))
        for (auto& item : items)
          item = resolve_event_arg(base.ids, item, ctx, fmt::format("--set {}", key));
      fail("--set", assignment, ed.set_list(key, items));
    } else {
      fail("--set", assignment, ed.set(key, value));
    }
  }
  for (const auto& t : a.add_tags) ed.add_to_list("tags", t);
  for (auto [list, key, option] : {std::tuple{&a.add_follows, "follows", "--add-follows"},
                                   std::tuple{&a.add_part_of, "part_of", "--add-part-of"},
                                   std::tuple{&a.add_related, "related", "--add-related"}})
    for (const auto& target : *list)
      ed.add_to_list(key, resolve_event_arg(base.ids, target, ctx, option));
  // Each --publisher belongs to the --add-source before it.
  std::vector<source_ref> sources;
  std::size_t publisher = 0;
  for (const auto* opt : cmd.parse_order()) {
    if (opt->get_name() == "--add-source") {
      sources.push_back({a.add_sources.at(sources.size()), "", "", "", ""});
    } else if (opt->get_name() == "--publisher") {
      if (sources.empty() || !sources.back().publisher.empty())
        throw usage_error(
            "each --publisher must follow the --add-source it names the publisher of");
      sources.back().publisher = a.publishers.at(publisher++);
    }
  }
  for (const auto& s : sources) ed.add_source(s);
}

/// Problems of `text` as the new file, and whether any is an error.
std::vector<diagnostic> validate(const change_base& base, const std::string& id,
                                 const std::string& text, const std::string& file,
                                 const context& ctx) {
  return validate_event_text(base.timeline, base.ids, id, text, file, ctx.today());
}

/// Writes `text` over the event file, unless someone changed the file since it was read.
void commit(const context& ctx, const std::string& id, const std::string& file,
            const std::string& original, const std::string& text) {
  if (read_file(file) != original)
    throw io_error(
        fmt::format("\"{}\" changed while it was being edited; nothing written, run "
                    "the command again",
                    file));
  replace_event_file(ctx.events_dir, id, text);
}

void print_result(const context& ctx, change_base& base, const std::string& id,
                  const std::string& file, const std::string& text) {
  auto parsed = parse_event(text, id, file, base.timeline.info);
  auto& events = base.timeline.events;
  std::erase_if(events, [&](const event& e) { return e.id == id; });
  const int revision = parsed.event->revision;
  events.push_back(std::move(*parsed.event));
  sort_chronologically(base.timeline);
  emit(list_entry(base.timeline, *find_event(base.timeline, id), ctx) +
           fmt::format("updated {} (revision {})\n", file, revision),
       "");
}

// ---- editing in $VISUAL / $EDITOR ----

constexpr std::string_view k_marker = "# chronicle: ";

/// A temporary copy next to the event file, named with a leading "." so that loading never
/// reads it, and removed when done.
class scratch_file {
 public:
  scratch_file(const std::filesystem::path& dir, const std::string& id) {
    m_path = (dir / fmt::format(".{}.edit-XXXXXX.toml", id)).string();
    const int fd = ::mkstemps(m_path.data(), 5);
    if (fd < 0)
      throw io_error(fmt::format("cannot create a temporary file in \"{}\": {}", dir.string(),
                                 std::strerror(errno)));
    ::close(fd);
  }
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  ~scratch_file() { ::unlink(m_path.c_str()); }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

/// Runs the editor command on `path` as a shell would (it may hold arguments, as
/// EDITOR="code --wait" does); returns its exit status.
int run_editor(const std::string& editor, const std::string& path) {
  const std::string script = editor + " \"$@\"";
  std::vector<std::string> args{"/bin/sh", "-c", script, "sh", path};
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int err = ::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv.data(), environ))
    throw io_error(fmt::format("cannot run the editor \"{}\": {}", editor, std::strerror(err)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      throw io_error(fmt::format("cannot wait for the editor: {}", std::strerror(errno)));
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

/// The text without the leading "# chronicle: " lines this command adds.
std::string strip_header(std::string_view text) {
  while (text.starts_with(k_marker) || text.starts_with("# chronicle:\n")) {
    const auto nl = text.find('\n');
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return std::string(text);
}

/// The problems as comments to put on top of the file, with line numbers as the editor shows
/// them.
std::string header_for(const std::vector<diagnostic>& ds) {
  std::vector<std::string> lines{
      "this edit is not valid, so it was not saved. Fix the problems below and save, or quit",
      "without saving to abandon it. These \"# chronicle:\" lines are removed when you save."};
  const auto shift = static_cast<int>(ds.size()) + 2;
  for (const auto& d : ds) {
    auto shown = d;
    shown.file = "line";
    if (shown.line > 0) shown.line += shift;
    auto text = to_string(shown);
    if (text.starts_with("line:")) text = "line " + text.substr(5);
    lines.push_back(text);
  }
  std::string out;
  for (const auto& l : lines) out += fmt::format("{}{}\n", k_marker, l);
  return out;
}

int run_editor_flow(const context& ctx, change_base& base, const std::string& id,
                    const std::string& file, const std::string& original) {
  if (ctx.editor.empty())
    throw usage_error(
        "no editor: set VISUAL or EDITOR, or give the changes as options (see \"chronicle edit "
        "--help\")");
  scratch_file scratch(ctx.events_dir, id);
  std::string body = original;
  auto problems = validate(base, id, body, file, ctx);
  bool rejected = false;  // the user saved an invalid version at least once
  for (;;) {
    const auto shown = has_errors(problems) ? header_for(problems) + body : body;
    write_file_atomically(scratch.path(), shown);
    if (const int status = run_editor(ctx.editor, scratch.path()); status != 0) {
      complain(fmt::format("the editor exited with status {}; \"{}\" is unchanged", status, file));
      return k_bad_data;
    }
    auto edited = strip_header(read_file(scratch.path()));
    if (edited == body) {
      if (!rejected) {
        std::fprintf(stderr, "no changes; \"%s\" is unchanged\n", file.c_str());
        return k_ok;
      }
      complain(fmt::format("edit abandoned; \"{}\" is unchanged", file));
      return k_bad_data;
    }
    body = std::move(edited);
    problems = validate(base, id, body, file, ctx);
    if (!has_errors(problems)) break;
    rejected = true;
  }
  // Valid: record the change, unless it only restores the file as it was.
  if (body == original) {
    std::fprintf(stderr, "no changes; \"%s\" is unchanged\n", file.c_str());
    return k_ok;
  }
  std::vector<diagnostic> ignored;
  auto doc = toml_document::parse(body, file, ignored);
  const auto old = parse_event(original, id, file, base.timeline.info);
  event_editor ed(std::move(*doc), base.timeline.info.default_language);
  ed.touch(old.event ? old.event->revision : 0, old.event ? old.event->last_modified : std::nullopt,
           ctx.now);
  for (const auto& d : validate(base, id, ed.text(), file, ctx))
    if (d.severity == severity::warning) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  commit(ctx, id, file, original, ed.text());
  print_result(ctx, base, id, file, ed.text());
  return k_ok;
}

int run_edit(const context& ctx, const edit_args& a, const CLI::App& cmd) {
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  const auto id = resolve_event_arg(base->ids, a.id, ctx);
  const auto file = event_file(ctx.events_dir, id).string();
  const auto original = read_file(file);
  if (!a.has_changes()) {
    if (a.dry_run) throw usage_error("--dry-run needs changes to show; give --set, --unset, ...");
    return run_editor_flow(ctx, *base, id, file, original);
  }

  std::vector<diagnostic> problems;
  auto doc = toml_document::parse(original, file, problems);
  if (!doc) {
    print_diagnostics(problems);
    complain(
        fmt::format("\"{}\" is not TOML, so it cannot be changed in place; fix it with "
                    "\"chronicle edit {}\" (no options) or by hand",
                    file, id));
    return k_bad_data;
  }
  const auto old = parse_event(original, id, file, base->timeline.info);
  event_editor ed(std::move(*doc), base->timeline.info.default_language);
  apply_options(ed, a, cmd, *base, old.event ? &*old.event : nullptr, ctx);
  if (ed.text() == original) {
    std::fprintf(stderr, "nothing to change; \"%s\" is unchanged\n", file.c_str());
    return k_ok;
  }
  ed.touch(old.event ? old.event->revision : 0, old.event ? old.event->last_modified : std::nullopt,
           ctx.now);
  const auto diags = validate(*base, id, ed.text(), file, ctx);
  if (has_errors(diags)) {
    complain(fmt::format("the change would make \"{}\" invalid; nothing written:", file));
    print_diagnostics(diags);
    return k_bad_data;
  }
  print_diagnostics(diags);
  if (a.dry_run) {
    emit(unified_diff(original, ed.text(), "a/" + file, "b/" + file), "");
    return k_ok;
  }
  commit(ctx, id, file, original, ed.text());
  print_result(ctx, *base, id, file, ed.text());
  return k_ok;
}

}  // namespace

void add_edit_command(CLI::App& app, context& ctx) {
  auto a = std::make_shared<edit_args>();
  auto* cmd = app.add_subcommand(
      "edit", "Change an event in place (comments and layout kept), or open it in $EDITOR");
  cmd->add_option("ID", a->id, "Event id, or any unique start of one")->required();
  std::string keys;
  for (auto k : settable_keys()) keys += fmt::format("{}{}", keys.empty() ? "" : ", ", k);
  cmd->add_option("--set", a->set,
                  fmt::format("Set a field: {}. Lists (tags, follows, part_of, related) take "
                              "comma-separated values",
                              keys))
      ->option_text("KEY=VALUE");
  cmd->add_option("--unset", a->unset,
                  "Remove a field, or a whole description, place, participants or sources")
      ->option_text("KEY");
  cmd->add_option("--add-tag", a->add_tags, "Add a tag")->option_text("TAG");
  cmd->add_option("--remove-tag", a->remove_tags, "Remove a tag")->option_text("TAG");
  cmd->add_option("--add-source", a->add_sources, "Add a source by its web address")
      ->option_text("URL");
  cmd->add_option("--publisher", a->publishers, "Publisher of the --add-source before it")
      ->option_text("NAME");
  cmd->add_option("--remove-source", a->remove_sources, "Remove the sources with this address")
      ->option_text("URL");
  cmd->add_option("--add-follows", a->add_follows, "Add an earlier event this one follows")
      ->option_text("ID");
  cmd->add_option("--add-part-of", a->add_part_of, "Add an event this one is part of")
      ->option_text("ID");
  cmd->add_option("--add-related", a->add_related, "Add a related event")->option_text("ID");
  cmd->add_option("--remove-relation", a->remove_relations,
                  "Remove every relation to this event (follows, part_of or related)")
      ->option_text("ID");
  cmd->add_flag("--dry-run", a->dry_run, "Print the change as a diff, and write nothing");
  cmd->footer(
      "Every change advances revision and last_modified, so calendar apps update the event.\n"
      "Setting date removes start, end and tz; setting start removes date. Without options,\n"
      "opens a copy in $VISUAL or $EDITOR and saves it only when valid (errors are shown on\n"
      "top of the file, as comments).\n\n"
      "Examples:\n"
      "  chronicle edit 2024-03-sharlapayev --set status=confirmed --add-tag visit\n"
      "  chronicle edit 2024-02-08 --set title.ru=\"Первая встреча\" --unset place.latitude\n"
      "  chronicle edit 2024-03-03 --add-source https://www.pdac.ca/ --publisher PDAC --dry-run\n"
      "  EDITOR=nano chronicle edit 2024-03-04");
  cmd->callback([&ctx, a, cmd] { ctx.exit = run_edit(ctx, *a, *cmd); });
}

}  // namespace chronicle::cli
