#include "chronicle/ops/undo.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chronicle/model/event.hpp"
#include "chronicle/model/validate.hpp"
#include "chronicle/store/atomic_file.hpp"
#include "chronicle/store/derived_folder.hpp"
#include "chronicle/store/event_files.hpp"
#include "chronicle/store/storage.hpp"
#include "chronicle/util/content_hash.hpp"
#include "journal.hpp"

namespace chronicle {

namespace {

using json = nlohmann::ordered_json;

/// 2: the text after as a fingerprint ("after_hash"). Entries of format 1 hold the text
/// ("after"), read as its fingerprint.
constexpr int k_format = 2;
constexpr const char* k_settings_file = "timeline.toml";
/// An import of a big calendar records every file it wrote; a journal entry is read up to the
/// limit of a calendar.
constexpr std::uintmax_t k_max_entry_bytes = k_max_ics_file_bytes;

/// The text of `path` now, or nothing when there is no file there.
std::optional<std::string> current_text(const std::filesystem::path& path,
                                        std::uintmax_t max_bytes = k_max_event_file_bytes) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw io_error(fmt::format("cannot read \"{}\": {}", path.string(), ec.message()));
  if (!std::filesystem::exists(st)) return std::nullopt;
  return read_file(path, max_bytes);
}

std::string_view kind_name(change_kind k) {
  switch (k) {
    case change_kind::create: return "create";
    case change_kind::replace: return "replace";
    case change_kind::remove: return "remove";
  }
  return "create";
}

std::optional<change_kind> kind_of(std::string_view name) {
  for (auto k : {change_kind::create, change_kind::replace, change_kind::remove})
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

std::string entry_name(std::uint64_t number) {
  return fmt::format("{:08}.json", number);
}

/// The number of an entry's file name (`00000012.json`), or nothing for other names.
std::optional<std::uint64_t> entry_number(const std::string& name) {
  if (name.size() < 6 || !name.ends_with(".json") || name.front() == '.') return std::nullopt;
  const auto digits = std::string_view(name).substr(0, name.size() - 5);
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n == 0) return std::nullopt;
  return n;
}

/// The entries' numbers in the journal folder, ascending.
std::vector<std::uint64_t> entry_numbers(const std::filesystem::path& folder) {
  std::vector<std::uint64_t> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(folder, ec);
  if (ec == std::errc::no_such_file_or_directory) return out;
  if (ec) throw io_error(fmt::format("cannot read \"{}\": {}", folder.string(), ec.message()));
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (const auto n = entry_number(it->path().filename().string())) out.push_back(*n);
  }
  if (ec) throw io_error(fmt::format("cannot read \"{}\": {}", folder.string(), ec.message()));
  std::sort(out.begin(), out.end());
  return out;
}

/// A text as JSON: a string when it is UTF-8 (event files are), else its bytes in hex.
json text_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  if (is_valid_utf8(*text)) return *text;
  std::string hex;
  hex.reserve(text->size() * 2);
  for (unsigned char c : *text) hex += fmt::format("{:02x}", c);
  return json{{"hex", hex}};
}

json files_json(const std::vector<journal_file>& files) {
  auto out = json::array();
  for (const auto& f : files)
    out.push_back({{"kind", kind_name(f.kind)},
                   {"path", f.path.generic_string()},
                   {"before", text_json(f.before)},
                   {"after_hash", f.after_hash ? json(*f.after_hash) : json(nullptr)}});
  return out;
}

std::string to_json(const journal_entry& e) {
  json j;
  j["chronicle_journal"] = k_format;
  j["number"] = e.number;
  j["time"] = date::format("%Y-%m-%dT%H:%M:%SZ", e.note.time);
  j["command"] = e.note.command;
  j["summary"] = e.note.summary;
  if (e.note.undoes != 0) j["undoes"] = e.note.undoes;
  j["complete"] = e.complete;
  j["files"] = files_json(e.files);
  j["derived"] = files_json(e.derived);
  return j.dump(1) + "\n";
}

/// Reads a journal entry's JSON; a problem is a message saying what was expected where.
struct entry_reader {
  std::string problem;

  bool fail(std::string message) {
    if (problem.empty()) problem = std::move(message);
    return false;
  }

  bool text(const json& j, std::string_view where, std::optional<std::string>& out) {
    if (j.is_null()) return true;
    if (j.is_string()) {
      out = j.get<std::string>();
      return true;
    }
    if (j.is_object() && j.size() == 1 && j.contains("hex") && j["hex"].is_string()) {
      const auto hex = j["hex"].get<std::string>();
      std::string bytes;
      for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        unsigned v = 0;
        const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
        if (ec != std::errc() || end != hex.data() + i + 2) break;
        bytes += static_cast<char>(v);
      }
      if (bytes.size() * 2 == hex.size()) {
        out = std::move(bytes);
        return true;
      }
    }
    return fail(fmt::format("{}: expected a text, null or {{\"hex\": \"…\"}}", where));
  }

  /// A path inside the timeline folder: an event file's or timeline.toml's name for `files`, a
  /// path under `.chronicle/` for `derived`.
  bool path(const std::string& text, bool derived, std::string_view where,
            std::filesystem::path& out) {
    const std::filesystem::path p(text);
    const auto normal = p.lexically_normal();
    const bool inside = !text.empty() && p.is_relative() && normal == p &&
                        std::none_of(p.begin(), p.end(),
                                     [](const auto& part) { return part == ".." || part == "."; });
    bool ok = false;
    if (inside && !derived) {
      const auto name = p.filename().string();
      ok = p == p.filename() && name.ends_with(".toml") &&
           (name == k_settings_file || is_valid_event_id(p.stem().string()));
    } else if (inside) {
      ok = *p.begin() == k_derived_folder && std::distance(p.begin(), p.end()) >= 2;
    }
    if (!ok)
      return fail(fmt::format(
          "{}: \"{}\" is not {}", where, text,
          derived ? "a path inside .chronicle/" : "the name of an event file or timeline.toml"));
    out = p;
    return true;
  }

  /// The fingerprint of the text after: "after_hash" (format 2), or of the text "after" (1).
  bool after_hash(const json& f, int format, std::string_view where,
                  std::optional<std::string>& out) {
    if (format == 1) {
      std::optional<std::string> after;
      if (!f.contains("after")) return fail(fmt::format("{}: expected \"after\"", where));
      if (!text(f["after"], fmt::format("{}.after", where), after)) return false;
      if (after) out = content_hash(*after);
      return true;
    }
    if (!f.contains("after_hash")) return fail(fmt::format("{}: expected \"after_hash\"", where));
    const auto& h = f["after_hash"];
    if (h.is_null()) return true;
    const auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    if (!h.is_string() || h.get<std::string>().size() != 16 ||
        !std::all_of(h.get_ref<const std::string&>().begin(), h.get_ref<const std::string&>().end(),
                     is_hex))
      return fail(fmt::format("{}.after_hash: expected 16 hexadecimal digits or null", where));
    out = h.get<std::string>();
    return true;
  }

  bool files(const json& j, int format, bool derived, std::string_view key,
             std::vector<journal_file>& out) {
    if (!j.contains(key) || !j[key].is_array())
      return fail(fmt::format("\"{}\": expected a list of files", key));
    std::size_t i = 0;
    for (const auto& f : j[key]) {
      const auto where = fmt::format("{}[{}]", key, i++);
      if (!f.is_object()) return fail(where + ": expected an object");
      journal_file file;
      const auto kind = f.contains("kind") && f["kind"].is_string()
                            ? kind_of(f["kind"].get<std::string>())
                            : std::nullopt;
      if (!kind) return fail(where + ".kind: expected \"create\", \"replace\" or \"remove\"");
      file.kind = *kind;
      if (!f.contains("path") || !f["path"].is_string())
        return fail(where + ".path: expected a text");
      if (!path(f["path"].get<std::string>(), derived, where + ".path", file.path)) return false;
      if (!f.contains("before")) return fail(where + ": expected \"before\"");
      if (!text(f["before"], where + ".before", file.before) ||
          !after_hash(f, format, where, file.after_hash))
        return false;
      if (file.after_hash.has_value() == (file.kind == change_kind::remove))
        return fail(where + ": \"after_hash\" must be null exactly when the kind is \"remove\"");
      if (!derived && file.before.has_value() == (file.kind == change_kind::create))
        return fail(where + ": \"before\" must be null exactly when the kind is \"create\"");
      out.push_back(std::move(file));
    }
    return true;
  }

  std::optional<journal_entry> read(const std::string& text, std::uint64_t number) {
    const auto j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return fail("not JSON"), std::nullopt;
    if (!j.is_object()) return fail("expected a JSON object"), std::nullopt;
    if (!j.contains("chronicle_journal") || !j["chronicle_journal"].is_number_unsigned() ||
        j["chronicle_journal"].get<int>() < 1 || j["chronicle_journal"].get<int>() > k_format)
      return fail(fmt::format("\"chronicle_journal\": expected 1 to {}", k_format)), std::nullopt;
    const int format = j["chronicle_journal"].get<int>();
    journal_entry e;
    if (!j.contains("number") || !j["number"].is_number_unsigned() ||
        j["number"].get<std::uint64_t>() != number)
      return fail(fmt::format("\"number\": expected {}, the number in the file's name", number)),
             std::nullopt;
    e.number = number;
    // The one reader of local times (model/event), which checks the shape before date::parse.
    const std::string time =
        j.contains("time") && j["time"].is_string() ? j["time"].get<std::string>() : std::string();
    const auto utc = time.size() == 20 && time.back() == 'Z'
                         ? parse_local_time(std::string_view(time).substr(0, 19))
                         : std::nullopt;
    if (!utc) return fail("\"time\": expected a UTC time, YYYY-MM-DDTHH:MM:SSZ"), std::nullopt;
    e.note.time = date::sys_seconds{utc->time_since_epoch()};
    for (auto [key, field] :
         {std::pair{"command", &e.note.command}, {"summary", &e.note.summary}}) {
      if (!j.contains(key) || !j[key].is_string())
        return fail(fmt::format("\"{}\": expected a text", key)), std::nullopt;
      *field = j[key].get<std::string>();
    }
    if (j.contains("undoes")) {
      if (!j["undoes"].is_number_unsigned() || j["undoes"].get<std::uint64_t>() >= number)
        return fail("\"undoes\": expected the number of an earlier entry"), std::nullopt;
      e.note.undoes = j["undoes"].get<std::uint64_t>();
    }
    if (!j.contains("complete") || !j["complete"].is_boolean())
      return fail("\"complete\": expected true or false"), std::nullopt;
    e.complete = j["complete"].get<bool>();
    if (!files(j, format, false, "files", e.files) || !files(j, format, true, "derived", e.derived))
      return std::nullopt;
    return e;
  }
};

/// Whether `text` (nothing: no file) is the text whose fingerprint is `hash` (nothing: no file).
bool holds(const std::optional<std::string>& text, const std::optional<std::string>& hash) {
  return text && hash ? content_hash(*text) == *hash : !text && !hash;
}

/// A file of `.chronicle/` that undo never touches: the README, rewritten by whoever writes
/// there.
bool is_readme(const std::filesystem::path& rel) {
  return rel == std::filesystem::path(k_derived_folder) / "README";
}

std::filesystem::path relative_to(const std::filesystem::path& path,
                                  const std::filesystem::path& dir) {
  return path.lexically_normal().lexically_relative(dir.lexically_normal());
}

/// The id an event file's path names (empty for timeline.toml).
std::string id_of(const std::filesystem::path& rel) {
  return rel == k_settings_file ? std::string() : rel.stem().string();
}

}  // namespace

std::filesystem::path journal_folder(const std::filesystem::path& dir) {
  return dir / k_derived_folder / "journal";
}

result<std::vector<journal_entry>> read_journal(const std::filesystem::path& dir) {
  const auto folder = journal_folder(dir);
  auto numbers = entry_numbers(folder);
  std::vector<journal_entry> entries;
  std::vector<diagnostic> problems;
  for (auto n = numbers.rbegin(); n != numbers.rend(); ++n) {
    const auto file = folder / entry_name(*n);
    const auto text = current_text(file, k_max_entry_bytes);
    if (!text) continue;  // deleted meanwhile (the oldest, by a command keeping the journal short)
    entry_reader reader;
    auto entry = reader.read(*text, *n);
    if (!entry) {
      problems.push_back(error_at(file.string(), "not a journal entry: " + reader.problem));
      continue;
    }
    entry->file = file;
    entries.push_back(std::move(*entry));
  }
  return {std::move(entries), std::move(problems)};
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> undone_by(
    const std::vector<journal_entry>& entries) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& e : entries)
    if (e.note.undoes != 0 && e.complete) out.emplace_back(e.note.undoes, e.number);
  return out;
}

const journal_entry* next_to_undo(const std::vector<journal_entry>& entries) {
  std::set<std::uint64_t> undone;
  for (const auto& e : entries)  // an undo stopped half-way leaves its change to undo again
    if (e.note.undoes != 0 && e.complete) undone.insert(e.note.undoes);
  for (const auto& e : entries)
    if (e.note.undoes == 0 && !undone.contains(e.number)) return &e;
  return nullptr;
}

result<std::optional<undo_plan>> plan_undo(const std::filesystem::path& dir,
                                           date::sys_seconds now) {
  using out_t = result<std::optional<undo_plan>>;
  auto journal = read_journal(dir);
  if (!journal.ok()) return out_t::failure(std::move(journal.diagnostics));
  const auto* target = next_to_undo(*journal);
  if (!target) return std::optional<undo_plan>();
  undo_plan out;
  out.entry = *target;
  out.plan.note = {
      "undo", fmt::format("{} ({} {})", target->number, target->note.command, target->note.summary),
      now, target->number};
  std::vector<diagnostic> problems;
  for (auto f = target->files.rbegin(); f != target->files.rend(); ++f) {
    const auto path = dir / f->path;
    const auto text = current_text(path);
    if (holds(text, f->after_hash)) {
      const auto id = id_of(f->path);
      switch (f->kind) {
        case change_kind::create:
          out.plan.changes.push_back({change_kind::remove, id, path, {}, *text});
          break;
        case change_kind::replace:
          out.plan.changes.push_back({change_kind::replace, id, path, *f->before, *text});
          break;
        case change_kind::remove:
          out.plan.changes.push_back({change_kind::create, id, path, *f->before, {}});
          break;
      }
    } else if (text == f->before) {
      out.unchanged.push_back(path);
    } else {
      const auto what = !text                            ? "was removed"
                        : f->kind == change_kind::remove ? "was created again"
                                                         : "changed";
      problems.push_back(error_at(
          path.string(),
          fmt::format("{} since change {} ({} {}) {} it, by hand or by a command that does not "
                      "record its changes; it holds neither that text nor the one before",
                      what, target->number, target->note.command, target->note.summary,
                      f->kind == change_kind::remove ? "removed" : "wrote")));
    }
  }
  if (!problems.empty()) return out_t::failure(std::move(problems));
  for (auto f = target->derived.rbegin(); f != target->derived.rend(); ++f) {
    if (is_readme(f->path)) continue;
    const auto path = dir / f->path;
    const auto text = current_text(path);
    // Newer state, or nothing to do.
    if (!holds(text, f->after_hash) || (f->before && holds(f->before, f->after_hash))) continue;
    if (f->before)
      out.plan.derived.push_back({change_kind::replace, id_of(f->path), path, *f->before, *text});
    else
      out.plan.derived.push_back({change_kind::remove, id_of(f->path), path, {}, *text});
  }
  return std::optional<undo_plan>(std::move(out));
}

journal_entry record_intent(const change_plan& plan, const std::filesystem::path& dir) {
  journal_entry e;
  e.note = plan.note;
  if (e.note.command.empty()) e.note.command = "change";
  std::set<std::string> taken;  // names the plan's earlier new events take
  for (const auto& c : plan.changes) {
    journal_file f{c.kind, relative_to(c.path, dir), {}, {}};
    if (c.kind != change_kind::create) f.before = c.original;
    if (c.kind != change_kind::remove) f.after_hash = content_hash(c.text);
    if (c.kind == change_kind::create && !c.id.empty()) {
      // The name create_event_file will take: the first free one of ID, ID-2, …
      for (int n = 1;; ++n) {
        const auto candidate = n == 1 ? c.id : fmt::format("{}-{}", c.id, n);
        std::error_code ec;
        if (taken.contains(candidate) || std::filesystem::exists(std::filesystem::symlink_status(
                                             dir / (candidate + ".toml"), ec)))
          continue;
        taken.insert(candidate);
        f.path = candidate + ".toml";
        break;
      }
    } else if (c.kind == change_kind::create) {
      f.path = k_settings_file;
    } else {
      f.path = c.path.filename();
    }
    e.files.push_back(std::move(f));
  }
  for (const auto& c : plan.derived) {
    const auto rel = relative_to(c.path, dir);
    if (is_readme(rel)) continue;
    journal_file f{c.kind, rel, current_text(c.path), {}};
    if (c.kind != change_kind::remove) f.after_hash = content_hash(c.text);
    e.derived.push_back(std::move(f));
  }

  // The folders this makes are removed again when the entry cannot be written (a full disk),
  // so that a command that fails leaves the timeline folder as it found it.
  const auto folder = journal_folder(dir);
  std::vector<std::filesystem::path> made;
  for (const auto& f : {dir, dir / k_derived_folder, folder}) {  // init makes the first
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(f, ec))) continue;
    if (!std::filesystem::create_directory(f, ec) && ec)
      throw io_error(fmt::format("cannot create the folder \"{}\": {}", f.string(), ec.message()));
    made.push_back(f);
  }
  const auto readme = dir / k_derived_folder / "README";
  try {
    if (current_text(readme) != std::string(derived_folder_readme()))
      write_file_atomically(readme, derived_folder_readme());
    const auto numbers = entry_numbers(folder);
    e.number = numbers.empty() ? 1 : numbers.back() + 1;
    for (;; ++e.number) {  // another command may take a number at the same moment
      e.file = folder / entry_name(e.number);
      if (create_file_atomically(e.file, to_json(e))) return e;
    }
  } catch (const io_error&) {
    std::error_code ec;
    if (!made.empty()) std::filesystem::remove(readme, ec);
    for (auto f = made.rbegin(); f != made.rend(); ++f) std::filesystem::remove(*f, ec);
    throw;
  }
}

void record_complete(journal_entry& entry, const std::vector<applied_change>& written,
                     const std::filesystem::path& dir) {
  for (std::size_t i = 0; i < written.size() && i < entry.files.size(); ++i)
    entry.files[i].path = written[i].path.filename();
  entry.complete = true;
  write_file_atomically(entry.file, to_json(entry));
  const auto folder = journal_folder(dir);
  const auto numbers = entry_numbers(folder);
  if (numbers.size() <= k_journal_keep) return;
  const auto newest = numbers.back();
  for (const auto n : numbers) {
    if (n + k_journal_keep > newest) break;
    std::error_code ec;
    std::filesystem::remove(folder / entry_name(n), ec);
    if (ec)
      throw io_error(
          fmt::format("cannot delete \"{}\": {}", (folder / entry_name(n)).string(), ec.message()));
  }
}

void forget_intent(const journal_entry& entry) {
  std::error_code ec;
  std::filesystem::remove(entry.file, ec);
  if (ec)
    throw io_error(fmt::format("cannot delete \"{}\": {}", entry.file.string(), ec.message()));
}

}  // namespace chronicle
