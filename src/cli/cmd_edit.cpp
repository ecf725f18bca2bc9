// chronicle edit: change one event file in place, from options or in $VISUAL / $EDITOR, keeping
// its comments and layout; the file changes only when the result is valid. The changes are
// planned by the library (ops/edit.hpp); running the editor stays here.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "chronicle/ops/edit.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/event_edit.hpp"
#include "chronicle/store/storage.hpp"
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
};

/// The option a problem of the request is about, from where the library says it is (the
/// request field, singular, then the value: `remove_tag "visit"` is `--remove-tag "visit"`).
std::string option_text(const std::string& where) {
  if (where == "id") return {};
  std::string out = "--" + where.substr(0, where.find(' '));
  std::replace(out.begin(), out.end(), '_', '-');
  if (const auto space = where.find(' '); space != std::string::npos) out += where.substr(space);
  return out;
}

/// The request's problems, each as a usage error naming its option.
void report_request_problems(const std::vector<diagnostic>& ds) {
  for (const auto& d : ds) {
    const auto option = option_text(d.file);
    complain(option.empty() ? d.message : fmt::format("{}: {}", option, d.message));
  }
}

edit_request request_of(const edit_args& a, const CLI::App& cmd, const context& ctx) {
  edit_request r;
  r.id = a.id;
  r.set = a.set;
  r.unset = a.unset;
  r.add_tags = a.add_tags;
  r.remove_tags = a.remove_tags;
  r.remove_sources = a.remove_sources;
  r.add_follows = a.add_follows;
  r.add_part_of = a.add_part_of;
  r.add_related = a.add_related;
  r.remove_relations = a.remove_relations;
  // Each --publisher belongs to the --add-source before it.
  std::size_t publisher = 0;
  for (const auto* opt : cmd.parse_order()) {
    if (opt->get_name() == "--add-source") {
      r.add_sources.push_back({a.add_sources.at(r.add_sources.size()), "", "", "", ""});
    } else if (opt->get_name() == "--publisher") {
      if (r.add_sources.empty() || !r.add_sources.back().publisher.empty())
        throw usage_error(
            "each --publisher must follow the --add-source it names the publisher of");
      r.add_sources.back().publisher = a.publishers.at(publisher++);
    }
  }
  r.now = ctx.now;
  r.today = ctx.today();
  return r;
}

/// Writes the plan and shows the event as `list` does.
void write_and_show(const context& ctx, change_base& base, const edit_plan& p) {
  apply_plan(p.plan, ctx.events_dir);
  const auto& id = p.target.id;
  const auto file = p.target.path.string();
  auto parsed = parse_event(p.text, id, file, base.timeline.info);
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

int run_editor_flow(const context& ctx, change_base& base, const edit_target& target) {
  if (ctx.editor.empty())
    throw usage_error(
        "no editor: set VISUAL or EDITOR (or editor in the configuration file), or give the "
        "changes as options (see \"chronicle edit --help\")");
  const auto& file = target.path.string();
  scratch_file scratch(ctx.events_dir, target.id);
  const auto plan = [&](std::string text) {
    return plan_edit_text(base, target, std::move(text), ctx.now, ctx.today());
  };
  std::string body = target.original;
  auto planned = plan(body);
  bool rejected = false;  // the user saved an invalid version at least once
  for (;;) {
    const auto& problems = planned.diagnostics;
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
    planned = plan(body);
    if (!has_errors(planned.diagnostics)) break;
    rejected = true;
  }
  // Valid: record the change, unless it only restores the file as it was.
  if (planned.value->plan.empty()) {
    std::fprintf(stderr, "no changes; \"%s\" is unchanged\n", file.c_str());
    return k_ok;
  }
  print_diagnostics(planned.diagnostics);  // warnings
  write_and_show(ctx, base, *planned.value);
  return k_ok;
}

int run_edit(const context& ctx, const edit_args& a, const CLI::App& cmd) {
  auto base = load_for_change(ctx);
  if (!base) return k_bad_data;
  const auto request = request_of(a, cmd, ctx);
  if (!request.has_changes()) {
    if (a.dry_run) throw usage_error("--dry-run needs changes to show; give --set, --unset, ...");
    auto target = open_for_edit(*base, a.id);
    if (!target) {
      report_request_problems(target.diagnostics);
      return k_usage;
    }
    return run_editor_flow(ctx, *base, *target);
  }

  const auto planned = plan_edit(*base, request);
  if (!planned.value) {
    report_request_problems(planned.diagnostics);
    return k_usage;
  }
  const auto& p = *planned.value;
  const auto file = p.target.path.string();
  if (!p.is_toml) {
    print_diagnostics(planned.diagnostics);
    complain(
        fmt::format("\"{}\" is not TOML, so it cannot be changed in place; fix it with "
                    "\"chronicle edit {}\" (no options) or by hand",
                    file, p.target.id));
    return k_bad_data;
  }
  if (has_errors(planned.diagnostics)) {
    complain(fmt::format("the change would make \"{}\" invalid; nothing written:", file));
    print_diagnostics(planned.diagnostics);
    return k_bad_data;
  }
  if (p.plan.empty()) {
    std::fprintf(stderr, "nothing to change; \"%s\" is unchanged\n", file.c_str());
    return k_ok;
  }
  print_diagnostics(planned.diagnostics);
  if (a.dry_run) {
    emit(to_diff(p.plan), "");
    return k_ok;
  }
  write_and_show(ctx, *base, p);
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
