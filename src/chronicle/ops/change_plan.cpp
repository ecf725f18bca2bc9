#include "chronicle/ops/change_plan.hpp"

#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "chronicle/store/atomic_batch.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/lookup.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/text_diff.hpp"

#include "chronicle/store/derived_folder.hpp"
#include "journal.hpp"

namespace chronicle {

namespace {

constexpr const char* k_settings_file = "timeline.toml";
/// The text of `path` now, or nothing when there is no file there.
std::optional<std::string> current_text(const std::filesystem::path& path) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw io_error(fmt::format("cannot read \"{}\": {}", path.string(), ec.message()));
  if (!std::filesystem::exists(st)) return std::nullopt;
  return read_file(path);
}

[[noreturn]] void stale(const file_change& c, std::string_view what, std::size_t written) {
  throw io_error(written == 0
                     ? fmt::format("\"{}\" {} since it was read; nothing written, run the "
                                   "command again",
                                   c.path.string(), what)
                     : fmt::format("\"{}\" {} since it was read; it is left as it is, and the "
                                   "{} change(s) before it are written; run the command again",
                                   c.path.string(), what, written));
}

/// Throws when the file `c` is about is no longer as the plan found it.
void check_unchanged(const file_change& c, std::size_t written) {
  if (c.kind == change_kind::create) {
    // A new event takes a free name whatever is there; a new timeline's settings must not
    // appear under it (another import made the timeline in the meantime).
    if (!c.id.empty()) return;
    std::error_code ec;
    const auto st = std::filesystem::symlink_status(c.path, ec);
    if (std::filesystem::exists(st)) stale(c, "was created", written);
    return;
  }
  const auto now = current_text(c.path);
  if (!now) stale(c, "was removed", written);
  if (*now != c.original) stale(c, "changed", written);
}

void create_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw io_error(fmt::format("cannot create the folder \"{}\": {}", dir.string(), ec.message()));
}

/// Checks that the file `c` of `.chronicle/` lies there.
void check_derived_path(const file_change& c, const std::filesystem::path& dir) {
  const auto rel = c.path.lexically_normal().lexically_relative(dir.lexically_normal());
  if (rel.empty() || *rel.begin() != k_derived_folder || rel.filename() == k_derived_folder)
    throw io_error(fmt::format("\"{}\" is not in the folder \"{}\"; nothing written there",
                               c.path.string(), (dir / k_derived_folder).string()));
}

std::filesystem::path real_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  auto r = std::filesystem::weakly_canonical(dir, ec);
  if (ec) throw io_error(fmt::format("cannot resolve \"{}\": {}", dir.string(), ec.message()));
  return r;
}

void write_changes(const change_plan& plan, const std::filesystem::path& dir,
                   std::vector<applied_change>& out);

}  // namespace

std::vector<applied_change> apply_plan(const change_plan& plan, const std::filesystem::path& dir) {
  for (const auto& c : plan.changes) check_unchanged(c, 0);
  for (const auto& c : plan.derived)
    if (c.kind == change_kind::replace) check_unchanged(c, 0);
  for (const auto& c : plan.derived) check_derived_path(c, dir);
  // The journal's entry first (the intent), so that a change stopped half-way can be undone.
  std::optional<journal_entry> entry;
  if (!plan.changes.empty() || plan.note.undoes != 0) entry = record_intent(plan, dir);
  std::vector<applied_change> out;
  try {
    write_changes(plan, dir, out);
  } catch (const io_error&) {
    if (entry && out.empty()) forget_intent(*entry);  // nothing changed: nothing to undo
    throw;
  }
  if (entry) record_complete(*entry, out, dir);
  return out;
}

namespace {

void write_changes(const change_plan& plan, const std::filesystem::path& dir,
                   std::vector<applied_change>& out) {
  // Every new text is first written to a temporary file and made durable, all together; the
  // files are then put in place one by one in plan order (a rename each: old or new, never
  // half), and the folders flushed once. Durability costs one sync per plan, not per file.
  atomic_batch batch;
  std::vector<std::size_t> staged(plan.changes.size() + plan.derived.size());
  for (const auto& c : plan.changes)
    if (c.kind == change_kind::create && c.id.empty()) create_folder(dir);
  const auto real_dir = real_folder(dir);
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    const auto& c = plan.changes[i];
    if (c.kind == change_kind::remove) continue;
    staged[i] = batch.add(c.id.empty() ? dir / k_settings_file : event_file_in(dir, real_dir, c.id),
                          c.text);
  }
  batch.write();
  for (std::size_t i = 0; i < plan.derived.size(); ++i) {
    const auto& c = plan.derived[i];
    if (c.kind == change_kind::remove) continue;
    create_folder(c.path.parent_path());
    staged[plan.changes.size() + i] = batch.add(c.path, c.text);
  }
  batch.write();
  batch.sync();

  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    const auto& c = plan.changes[i];
    check_unchanged(c, out.size());  // again, just before: the window shrinks to one rename
    switch (c.kind) {
      case change_kind::create:
        if (c.id.empty()) {
          const auto path = dir / k_settings_file;
          if (!batch.create(staged[i], path)) stale(c, "was created", out.size());
          out.push_back({c.kind, {}, path});
        } else {
          const auto id = create_event_file(batch, staged[i], dir, real_dir, c.id);
          out.push_back({c.kind, id, dir / (id + ".toml")});
        }
        break;
      case change_kind::replace:
        batch.replace(staged[i]);
        out.push_back({c.kind, c.id, dir / (c.id + ".toml")});
        break;
      case change_kind::remove:
        if (c.id.empty()) {  // an undone init's settings
          std::error_code ec;
          std::filesystem::remove(dir / k_settings_file, ec);
          if (ec)
            throw io_error(fmt::format("cannot remove \"{}\": {}", (dir / k_settings_file).string(),
                                       ec.message()));
        } else {
          remove_event_file(batch, dir, real_dir, c.id);
        }
        out.push_back({c.kind, c.id, c.path});
        break;
    }
  }
  for (std::size_t i = 0; i < plan.derived.size(); ++i) {
    const auto& c = plan.derived[i];
    if (c.kind == change_kind::replace) check_unchanged(c, out.size());
    if (c.kind == change_kind::remove) {
      std::error_code ec;
      std::filesystem::remove(c.path, ec);
      if (ec)
        throw io_error(fmt::format("cannot delete \"{}\": {}", c.path.string(), ec.message()));
    } else {
      batch.replace(staged[plan.changes.size() + i]);
    }
  }
  batch.finish();
}

}  // namespace

void add_derived_readme(change_plan& plan, const std::filesystem::path& dir) {
  if (plan.derived.empty()) return;
  const auto readme = dir / k_derived_folder / "README";
  const auto text = std::string(derived_folder_readme());
  if (const auto now = current_text(readme); now && *now == text) return;
  plan.derived.insert(plan.derived.begin(), {change_kind::create, {}, readme, text, {}});
}

std::string to_diff(const change_plan& plan) {
  std::string out;
  for (const auto& c : plan.changes) {
    const auto path = c.path.string();
    switch (c.kind) {
      case change_kind::create: out += unified_diff("", c.text, "/dev/null", "b/" + path); break;
      case change_kind::replace:
        out += unified_diff(c.original, c.text, "a/" + path, "b/" + path);
        break;
      case change_kind::remove:
        out += unified_diff(c.original, "", "a/" + path, "/dev/null");
        break;
    }
  }
  return out;
}

result<change_base> load_for_change(const std::filesystem::path& dir) {
  change_base base;
  base.dir = dir;
  base.ids = list_event_ids(dir);
  auto loaded = load_timeline(dir);
  const auto settings = (dir / k_settings_file).string();
  std::vector<diagnostic> settings_problems;
  for (const auto& d : loaded.diagnostics)
    if (d.file == settings) settings_problems.push_back(d);
  if (has_errors(settings_problems)) return result<change_base>::failure(settings_problems);
  base.timeline = std::move(loaded.timeline);
  base.diagnostics = std::move(loaded.diagnostics);
  return base;
}

}  // namespace chronicle
