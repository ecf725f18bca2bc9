#include "chronicle/store/toml_edit.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "chronicle/store/toml_time.hpp"

namespace chronicle {

namespace {

// Basic strings ("…") only, as hand-written event files use: toml++ would otherwise prefer
// literal strings ('…') wherever it may.
constexpr auto k_flags =
    toml::format_flags::allow_multi_line_strings | toml::format_flags::allow_unicode_strings;

template <class T>
std::string format_node(const T& node) {
  std::ostringstream out;
  out << toml::toml_formatter{node, k_flags};
  return out.str();
}

toml::array to_array(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& i : items) a.push_back(i);
  return a;
}

/// Calls `fn` with the toml++ value for `v`.
template <class Fn>
void with_node(const toml_value& v, Fn fn) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          fn(toml::value<std::string>(x));
        else if constexpr (std::is_same_v<T, std::int64_t>)
          fn(toml::value<std::int64_t>(x));
        else if constexpr (std::is_same_v<T, double>)
          fn(toml::value<double>(x));
        else if constexpr (std::is_same_v<T, date::sys_seconds>)
          fn(toml::value<toml::date_time>(detail::to_toml_time(x)));
        else
          fn(to_array(x));
      },
      v);
}

/// `["a", "b"]`, the layout hand-written files use (toml++ writes `[ "a", "b" ]`).
std::string format_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& i : items)
    out += (out.size() > 1 ? ", " : "") + format_node(toml::value<std::string>(i));
  return out + "]";
}

/// The shortest text that reads back as `d`, always a TOML float ("43.0", not "43").
std::string format_number(double d) {
  auto s = fmt::format("{}", d);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // "n": inf and nan
  return s;
}

std::string format_value(const toml_value& v) {
  if (const auto* d = std::get_if<double>(&v)) return format_number(*d);
  if (const auto* items = std::get_if<std::vector<std::string>>(&v)) return format_array(*items);
  std::string out;
  with_node(v, [&](const auto& node) { out = format_node(node); });
  return out;
}

void assign(toml::table& t, std::string_view key, const toml_value& v) {
  with_node(v, [&](const auto& node) { t.insert_or_assign(key, node); });
}

bool is_bare_key(std::string_view k) {
  return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

/// A key as TOML text: bare when it can be, else quoted by toml++.
std::string key_text(std::string_view k) {
  return is_bare_key(k) ? std::string(k) : format_node(toml::value<std::string>(std::string(k)));
}

std::string dotted(std::span<const std::string> segs) {
  std::string out;
  for (const auto& s : segs) out += (out.empty() ? "" : ".") + key_text(s);
  return out;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

bool is_header_array(const toml::node& n) {
  const auto* a = n.as_array();
  if (!a || a->empty() || !a->is_array_of_tables()) return false;
  return !(*a)[0].as_table()->is_inline();
}

/// Line and column to byte offsets, and what each line is.
class layout {
 public:
  layout(std::string_view text, const toml::table& root) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') m_starts.push_back(i + 1);
    m_continuation.assign(m_starts.size() + 2, false);
    scan(root, true);
    std::sort(m_headers.begin(), m_headers.end());
  }

  std::size_t lines() const { return m_starts.size(); }

  /// Byte offset of a toml++ position (1-based line, column in code points).
  std::size_t offset(const toml::source_position& p) const {
    if (p.line < 1) return 0;
    if (p.line > m_starts.size()) return m_text.size();
    std::size_t o = m_starts[p.line - 1];
    for (toml::source_index col = 1; col < p.column && o < m_text.size() && m_text[o] != '\n';
         ++col) {
      ++o;
      while (o < m_text.size() && (static_cast<unsigned char>(m_text[o]) & 0xC0) == 0x80) ++o;
    }
    return o;
  }

  /// Offset of the start of 1-based `line`; the end of the text past the last line.
  std::size_t begin_of(std::size_t line) const {
    return line >= 1 && line <= m_starts.size() ? m_starts[line - 1] : m_text.size();
  }
  /// Offset just after the newline that ends `line`.
  std::size_t after(std::size_t line) const { return begin_of(line + 1); }

  std::string_view line_text(std::size_t line) const {
    const auto b = begin_of(line);
    auto e = after(line);
    if (e > b && m_text[e - 1] == '\n') --e;
    return m_text.substr(b, e - b);
  }

  bool is_blank(std::size_t line) const {
    return !m_continuation[line] &&
           line_text(line).find_first_not_of(" \t\r") == std::string_view::npos;
  }
  bool is_comment(std::size_t line) const {
    if (m_continuation[line]) return false;
    const auto t = line_text(line);
    const auto first = t.find_first_not_of(" \t");
    return first != std::string_view::npos && t[first] == '#';
  }

  /// The first line of the comment lines directly above `line` (or `line` itself).
  std::size_t attached_start(std::size_t line) const {
    while (line > 1 && is_comment(line - 1)) --line;
    return line;
  }

  /// Lines of every `[table]` and `[[array]]` header, sorted.
  const std::vector<std::size_t>& headers() const { return m_headers; }

  bool has_header(const toml::table& t) const {
    if (t.is_inline()) return false;
    const auto o = offset(t.source().begin);
    return o < m_text.size() && m_text[o] == '[';
  }

  /// The last line holding the keys of a `[table]` (its header line when it has none).
  std::size_t last_line(const toml::table& t) const {
    std::size_t last = t.source().begin.line;
    for (const auto& [k, v] : t) {
      if (const auto* sub = v.as_table(); sub && !sub->is_inline()) {
        if (!has_header(*sub)) last = std::max(last, last_line(*sub));  // dotted keys
        continue;
      }
      if (is_header_array(v)) continue;
      last = std::max<std::size_t>(last, v.source().end.line);
    }
    return last;
  }

 private:
  void scan(const toml::node& n, bool root) {
    if (const auto* t = n.as_table()) {
      if (!root && has_header(*t)) m_headers.push_back(t->source().begin.line);
      if (!root && t->is_inline()) mark(n);
      for (const auto& [k, v] : *t) scan(v, false);
      return;
    }
    if (const auto* a = n.as_array()) {
      if (!is_header_array(n)) mark(n);
      for (const auto& v : *a) scan(v, false);
      return;
    }
    mark(n);
  }
  void mark(const toml::node& n) {
    for (auto l = n.source().begin.line + 1; l <= n.source().end.line && l < m_continuation.size();
         ++l)
      m_continuation[l] = true;
  }

  std::string_view m_text;
  std::vector<std::size_t> m_starts;
  std::vector<bool> m_continuation;  // inside a value that spans lines
  std::vector<std::size_t> m_headers;
};

std::optional<std::size_t> rank_of(std::span<const std::string_view> order, std::string_view key) {
  const auto it = std::find(order.begin(), order.end(), key);
  if (it == order.end()) return std::nullopt;
  return static_cast<std::size_t>(it - order.begin());
}

/// A key-value line of a table: its name and the lines it spans.
struct entry {
  std::string name;
  std::size_t first = 0;
  std::size_t last = 0;
};

/// Where a new item ranked among `items` (in file order) goes: the line to insert before.
/// Returns 0 when no item gives a position.
std::size_t place_among(const std::vector<entry>& items, std::span<const std::string_view> order,
                        std::string_view name, const layout& lay, bool before_attached) {
  if (items.empty()) return 0;
  const auto r = rank_of(order, name);
  if (r) {
    const entry* best = nullptr;
    for (const auto& e : items)
      if (auto er = rank_of(order, e.name); er && *er < *r) best = &e;
    if (best) return best->last + 1;
    for (const auto& e : items)
      if (auto er = rank_of(order, e.name); er && *er > *r)
        return before_attached ? lay.attached_start(e.first) : e.first;
  }
  return items.back().last + 1;
}

// The parsed form of the current text, rebuilt by every operation: files are small, and a fresh
// parse keeps every position exact after the previous splice.
struct parsed_doc {
  toml::table root;
  layout lay;
  parsed_doc(const std::string& text, const std::string& file)
      : root(toml::parse(text, file)), lay(text, root) {}
};

/// A step along a dotted path: the key and its node.
struct step {
  const toml::key* key = nullptr;
  toml::node* node = nullptr;
};

std::vector<step> walk(toml::table& root, const std::vector<std::string>& segs) {
  std::vector<step> out;
  toml::table* t = &root;
  for (const auto& s : segs) {
    if (!t) break;
    auto it = t->find(s);
    if (it == t->end()) break;
    out.push_back({&it->first, &it->second});
    t = it->second.as_table();
  }
  return out;
}

struct splice {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

/// The operations' shared machinery, over one parse of the text.
class editor {
 public:
  editor(const std::string& text, const std::string& file) : m_text(text), m_doc(text, file) {}

  toml::table& root() { return m_doc.root; }
  const layout& lay() const { return m_doc.lay; }

  std::size_t begin_of(const toml::node& n) const { return lay().offset(n.source().begin); }
  std::size_t end_of(const toml::node& n) const { return lay().offset(n.source().end); }

  /// The simple key-value entries of table `t` (not sub-tables with headers, not [[arrays]]).
  std::vector<entry> entries(const toml::table& t) const {
    std::vector<entry> out;
    for (const auto& [k, v] : t) {
      if (const auto* sub = v.as_table(); sub && !sub->is_inline()) continue;
      if (is_header_array(v)) continue;
      out.push_back({std::string(k.str()), k.source().begin.line, v.source().end.line});
    }
    std::sort(out.begin(), out.end(),
              [](const entry& a, const entry& b) { return a.first < b.first; });
    return out;
  }

  /// The top-level sections ([table] and [[array]] headers), in file order.
  std::vector<entry> sections() {
    std::vector<entry> out;
    for (const auto& [k, v] : root()) {
      if (const auto* t = v.as_table(); t && lay().has_header(*t)) {
        out.push_back({std::string(k.str()), t->source().begin.line, lay().last_line(*t)});
      } else if (is_header_array(v)) {
        for (const auto& item : *v.as_array())
          out.push_back(
              {std::string(k.str()), item.source().begin.line, lay().last_line(*item.as_table())});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const entry& a, const entry& b) { return a.first < b.first; });
    return out;
  }

  /// Inserts `block` (whole lines) before 1-based `line`, or at the end past the last line.
  splice insert_lines(std::size_t line, std::string block) const {
    const auto at = lay().begin_of(line);
    if (at == m_text.size() && !m_text.empty() && m_text.back() != '\n') block = "\n" + block;
    return {at, at, std::move(block)};
  }

  /// A new top-level section `block` (starting with its header), placed by `order`.
  splice insert_section(std::string_view name, const std::string& block,
                        std::span<const std::string_view> order) {
    const auto all = sections();
    std::size_t before = 0;  // the section line to insert before; 0 means the end
    if (const auto r = rank_of(order, name)) {
      const entry* best = nullptr;
      for (const auto& s : all)
        if (auto sr = rank_of(order, s.name); sr && *sr <= *r) best = &s;
      if (best) {
        for (const auto& s : all)
          if (s.first > best->first) {
            before = s.first;
            break;
          }
      } else {
        for (const auto& s : all)
          if (auto sr = rank_of(order, s.name); sr && *sr > *r) {
            before = s.first;
            break;
          }
      }
    }
    if (before == 0) {
      std::string text = block;
      if (!m_text.empty()) text = "\n" + text;
      if (!m_text.empty() && m_text.back() != '\n') text = "\n" + text;
      return {m_text.size(), m_text.size(), text};
    }
    return insert_lines(lay().attached_start(before), block + "\n");
  }

  /// Inserts the line `key = value` into non-inline table `t` (the root when `is_root`);
  /// `prefix` is the dotted path of `t` below its section, for tables made of dotted keys.
  splice insert_entry(const toml::table& t, bool is_root, const std::string& prefix,
                      std::string_view name, const std::string& line,
                      std::span<const std::string_view> order) {
    const auto text = prefix + line;
    const auto items = entries(t);
    if (auto at = place_among(items, order, name, lay(), true); at != 0)
      return insert_lines(at, text);
    if (is_root) {
      if (lay().headers().empty()) return insert_lines(lay().lines() + 1, text);
      const auto at = lay().attached_start(lay().headers().front());
      return insert_lines(at, text + "\n");
    }
    if (lay().has_header(t)) return insert_lines(t.source().begin.line + 1, text);
    return insert_lines(lay().last_line(t) + 1, text);
  }

  /// Removes whole lines `first`..`last`, and a blank line before them when one would be left
  /// doubled.
  splice remove_lines(std::size_t first, std::size_t last) const {
    auto b = lay().begin_of(first);
    const auto e = lay().after(last);
    const bool blank_after =
        e >= m_text.size() || last + 1 > lay().lines() || lay().is_blank(last + 1);
    if (first > 1 && lay().is_blank(first - 1) && blank_after) b = lay().begin_of(first - 1);
    return {b, e, ""};
  }

  /// The lines of a `[table]` or `[[array]]` section with the comment lines directly above its
  /// header (unless they open the file), without the comments after its keys.
  splice remove_section(const toml::table& t) const {
    const auto header = t.source().begin.line;
    const auto first = lay().attached_start(header);
    return remove_lines(first > 1 ? first : header, lay().last_line(t));
  }

  /// Every line of a table written with dotted keys (`place.city = …`).
  void remove_dotted(const toml::table& t, std::vector<splice>& out) const {
    for (const auto& [k, v] : t) {
      if (const auto* sub = v.as_table(); sub && !sub->is_inline()) {
        remove_dotted(*sub, out);
        continue;
      }
      out.push_back(remove_lines(k.source().begin.line, v.source().end.line));
    }
  }

  /// Deletes array element `i` of `a` with the comma that separates it.
  splice remove_element(const toml::array& a, std::size_t i) const {
    if (i + 1 < a.size()) return {begin_of(a[i]), begin_of(a[i + 1]), ""};
    return {end_of(a[i - 1]), end_of(a[i]), ""};
  }

  /// Inserts `item` (TOML text) after the last element of non-empty array `a`.
  splice append_element(const toml::array& a, const std::string& item) const {
    const auto& last = a[a.size() - 1];
    const auto last_end = end_of(last);
    if (a.source().begin.line == a.source().end.line) return {last_end, last_end, ", " + item};
    const auto line = last.source().end.line;
    const auto line_text = lay().line_text(last.source().begin.line);
    const auto lead = line_text.find_first_not_of(" \t");
    const std::string indent =
        lay().offset(last.source().begin) - lay().begin_of(last.source().begin.line) == lead
            ? std::string(line_text.substr(0, lead))
            : std::string("  ");
    // What follows the last element on its line: a comma, a comment, the closing bracket.
    std::size_t p = last_end;
    while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t')) ++p;
    const bool comma = p < m_text.size() && m_text[p] == ',';
    if (comma) ++p;
    while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t')) ++p;
    const bool line_ends =
        p >= m_text.size() || m_text[p] == '\n' || m_text[p] == '\r' || m_text[p] == '#';
    if (line_ends) {
      const auto at = lay().after(line);
      return comma ? splice{at, at, indent + item + ",\n"}
                   : splice{last_end, at,
                            "," + std::string(m_text.substr(last_end, at - last_end)) + indent +
                                item + "\n"};
    }
    return comma ? splice{p, p, "\n" + indent + item + ", "}
                 : splice{last_end, last_end, ",\n" + indent + item};
  }

 private:
  const std::string& m_text;
  parsed_doc m_doc;
};

/// Applies `edits` (non-overlapping) to `text`, last first, and checks that the result is
/// still TOML; returns a problem message, leaving `text` unchanged, when it is not.
std::string apply(std::string& text, std::vector<splice> edits, const std::string& file) {
  std::sort(edits.begin(), edits.end(),
            [](const splice& a, const splice& b) { return a.begin > b.begin; });
  // New lines end as the file's lines do (CRLF files stay CRLF).
  const auto first_newline = text.find('\n');
  const bool crlf =
      first_newline != std::string::npos && first_newline > 0 && text[first_newline - 1] == '\r';
  std::string out = text;
  for (auto& e : edits) {
    if (crlf) {
      std::string converted;
      for (std::size_t i = 0; i < e.text.size(); ++i) {
        if (e.text[i] == '\n' && (i == 0 || e.text[i - 1] != '\r')) converted += '\r';
        converted += e.text[i];
      }
      e.text = std::move(converted);
    }
    out.replace(e.begin, e.end - e.begin, e.text);
  }
  try {
    (void)toml::parse(out, file);
  } catch (const toml::parse_error& e) {
    return fmt::format("cannot change \"{}\" in place without breaking it: {}", file,
                       e.description());
  }
  text = std::move(out);
  return {};
}

/// The outermost inline table among the first `count` steps, as an index.
std::optional<std::size_t> inline_ancestor(const std::vector<step>& steps, std::size_t count) {
  for (std::size_t i = 0; i < count && i < steps.size(); ++i)
    if (const auto* t = steps[i].node->as_table(); t && t->is_inline()) return i;
  return std::nullopt;
}

/// The table reached by `segs` inside `t`, creating inline tables on the way; nullptr when a
/// key on the way holds something else.
toml::table* descend(toml::table& t, std::span<const std::string> segs) {
  toml::table* cur = &t;
  for (const auto& s : segs) {
    auto* n = cur->get(s);
    if (!n) {
      toml::table fresh;
      fresh.is_inline(true);
      n = &cur->insert_or_assign(s, std::move(fresh)).first->second;
    }
    cur = n->as_table();
    if (!cur) return nullptr;
  }
  return cur;
}

}  // namespace

std::optional<toml_document> toml_document::parse(std::string text, const std::string& file,
                                                  std::vector<diagnostic>& problems) {
  try {
    (void)toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    problems.push_back({file, static_cast<int>(e.source().begin.line),
                        static_cast<int>(e.source().begin.column), severity::error,
                        fmt::format("malformed TOML: {}", e.description())});
    return std::nullopt;
  }
  return toml_document(std::move(text), file);
}

toml_kind toml_document::kind_of(std::string_view path) const {
  auto root = toml::parse(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(root, segs);
  if (steps.size() != segs.size()) return toml_kind::absent;
  const auto* n = steps.back().node;
  if (n->is_string()) return toml_kind::string;
  if (n->is_table()) return toml_kind::table;
  if (n->is_array()) return toml_kind::array;
  return toml_kind::other;
}

std::optional<std::string> toml_document::string_at(std::string_view path) const {
  auto root = toml::parse(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(root, segs);
  if (steps.size() != segs.size()) return std::nullopt;
  return steps.back().node->value_exact<std::string>();
}

std::optional<std::int64_t> toml_document::integer_at(std::string_view path) const {
  auto root = toml::parse(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(root, segs);
  if (steps.size() != segs.size()) return std::nullopt;
  return steps.back().node->value_exact<std::int64_t>();
}

std::vector<std::string> toml_document::keys_of(std::string_view path) const {
  editor ed(m_text, m_file);
  const toml::table* t = &ed.root();
  if (!path.empty()) {
    const auto segs = split_path(path);
    const auto steps = walk(ed.root(), segs);
    if (steps.size() != segs.size() || !steps.back().node->is_table()) return {};
    t = steps.back().node->as_table();
  }
  std::vector<std::pair<std::size_t, std::string>> keys;
  for (const auto& [k, v] : *t)
    keys.emplace_back(ed.lay().offset(k.source().begin), std::string(k.str()));
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> out;
  for (auto& [_, k] : keys) out.push_back(std::move(k));
  return out;
}

std::string toml_document::set(std::string_view path, const toml_value& value,
                               std::span<const std::string_view> order) {
  editor ed(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(ed.root(), segs);
  const auto n = segs.size();

  if (auto j = inline_ancestor(steps, std::min(steps.size(), n - 1))) {
    auto* inline_node = steps[*j].node;
    toml::table copy = *inline_node->as_table();
    auto* target = descend(copy, std::span(segs).subspan(*j + 1, n - *j - 2));
    if (!target) return fmt::format("cannot set \"{}\": a key on the way is not a table", path);
    assign(*target, segs.back(), value);
    return apply(m_text, {{ed.begin_of(*inline_node), ed.end_of(*inline_node), format_node(copy)}},
                 m_file);
  }

  if (steps.size() == n) {
    auto& node = *steps.back().node;
    if ((node.is_table() && !node.as_table()->is_inline()) || is_header_array(node))
      return fmt::format("\"{}\" is a table; set one of its keys instead", path);
    return apply(m_text, {{ed.begin_of(node), ed.end_of(node), format_value(value)}}, m_file);
  }

  // The key is missing below the last table found.
  const auto found = steps.size();
  if (found > 0 && !steps.back().node->is_table())
    return fmt::format("cannot set \"{}\": \"{}\" is not a table", path,
                       dotted(std::span(segs).first(found)));
  const toml::table* parent = found == 0 ? &ed.root() : steps.back().node->as_table();
  const auto rest = std::span(segs).subspan(found);
  // The dotted prefix of `parent` below its section, for tables written with dotted keys.
  std::size_t section = 0;
  for (std::size_t i = 0; i < found; ++i)
    if (ed.lay().has_header(*steps[i].node->as_table())) section = i + 1;
  std::string prefix;
  for (std::size_t i = section; i < found; ++i) prefix += key_text(segs[i]) + ".";

  if (found == 0 && rest.size() >= 2) {
    const auto header = dotted(rest.first(rest.size() - 1));
    const auto block =
        fmt::format("[{}]\n{} = {}\n", header, key_text(rest.back()), format_value(value));
    return apply(m_text, {ed.insert_section(rest.front(), block, order)}, m_file);
  }
  const auto line = fmt::format("{} = {}\n", dotted(rest), format_value(value));
  return apply(m_text, {ed.insert_entry(*parent, found == 0, prefix, rest.front(), line, order)},
               m_file);
}

bool toml_document::remove(std::string_view path) {
  editor ed(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(ed.root(), segs);
  if (steps.size() != segs.size()) return false;
  const auto n = segs.size();
  if (auto j = inline_ancestor(steps, n - 1)) {
    auto* inline_node = steps[*j].node;
    toml::table copy = *inline_node->as_table();
    auto* target = descend(copy, std::span(segs).subspan(*j + 1, n - *j - 2));
    if (target) target->erase(segs.back());
    return apply(m_text, {{ed.begin_of(*inline_node), ed.end_of(*inline_node), format_node(copy)}},
                 m_file)
        .empty();
  }
  const auto& [key, node] = steps.back();
  std::vector<splice> edits;
  if (const auto* t = node->as_table(); t && !t->is_inline()) {
    if (ed.lay().has_header(*t))
      edits.push_back(ed.remove_section(*t));
    else
      ed.remove_dotted(*t, edits);
  } else if (is_header_array(*node)) {
    for (const auto& item : *node->as_array()) edits.push_back(ed.remove_section(*item.as_table()));
  } else {
    edits.push_back(ed.remove_lines(key->source().begin.line, node->source().end.line));
  }
  // Adjacent removals may each claim the blank line between them: keep them apart.
  std::sort(edits.begin(), edits.end(),
            [](const splice& a, const splice& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < edits.size(); ++i)
    edits[i].begin = std::max(edits[i].begin, edits[i - 1].end);
  return apply(m_text, std::move(edits), m_file).empty();
}

std::string toml_document::append(std::string_view path, const std::string& item,
                                  std::span<const std::string_view> order) {
  editor ed(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(ed.root(), segs);
  if (steps.size() != segs.size()) return set(path, std::vector<std::string>{item}, order);
  auto* node = steps.back().node;
  auto* a = node->as_array();
  if (!a) return fmt::format("\"{}\" is not an array", path);
  if (auto j = inline_ancestor(steps, segs.size() - 1)) {
    auto* inline_node = steps[*j].node;
    toml::table copy = *inline_node->as_table();
    auto* target = descend(copy, std::span(segs).subspan(*j + 1, segs.size() - *j - 2));
    if (!target || !target->get_as<toml::array>(segs.back()))
      return fmt::format("\"{}\" is not an array", path);
    target->get_as<toml::array>(segs.back())->push_back(item);
    return apply(m_text, {{ed.begin_of(*inline_node), ed.end_of(*inline_node), format_node(copy)}},
                 m_file);
  }
  const auto text = format_node(toml::value<std::string>(item));
  if (a->empty())
    return apply(m_text, {{ed.begin_of(*a), ed.end_of(*a), format_array({item})}}, m_file);
  return apply(m_text, {ed.append_element(*a, text)}, m_file);
}

int toml_document::remove_items(std::string_view path, std::string_view item) {
  int removed = 0;
  for (;;) {
    editor ed(m_text, m_file);
    const auto segs = split_path(path);
    const auto steps = walk(ed.root(), segs);
    if (steps.size() != segs.size()) return removed;
    const auto* a = steps.back().node->as_array();
    if (!a) return removed;
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < a->size() && !at; ++i)
      if ((*a)[i].value_exact<std::string>() == std::string(item)) at = i;
    if (!at) return removed;
    if (a->size() == 1) {
      if (!remove(path)) return removed;
    } else if (auto j = inline_ancestor(steps, segs.size() - 1)) {
      auto* inline_node = steps[*j].node;
      toml::table copy = *inline_node->as_table();
      auto* target = descend(copy, std::span(segs).subspan(*j + 1, segs.size() - *j - 2));
      auto* arr = target ? target->get_as<toml::array>(segs.back()) : nullptr;
      if (!arr) return removed;
      arr->erase(arr->begin() + static_cast<std::ptrdiff_t>(*at));
      if (!apply(m_text, {{ed.begin_of(*inline_node), ed.end_of(*inline_node), format_node(copy)}},
                 m_file)
               .empty())
        return removed;
    } else if (!apply(m_text, {ed.remove_element(*a, *at)}, m_file).empty()) {
      return removed;
    }
    ++removed;
  }
}

std::string toml_document::append_table(
    std::string_view path, const std::vector<std::pair<std::string, toml_value>>& fields,
    std::span<const std::string_view> order) {
  editor ed(m_text, m_file);
  const auto segs = split_path(path);
  const auto steps = walk(ed.root(), segs);
  if (steps.size() != segs.size()) {
    if (steps.size() + 1 != segs.size() ||
        (!steps.empty() && !ed.lay().has_header(*steps.back().node->as_table())))
      return fmt::format("cannot add to \"{}\": the tables above it are missing", path);
  }
  std::string block = fmt::format("[[{}]]\n", dotted(segs));
  for (const auto& [k, v] : fields) block += fmt::format("{} = {}\n", key_text(k), format_value(v));
  if (steps.size() != segs.size()) {
    if (segs.size() == 1) return apply(m_text, {ed.insert_section(segs[0], block, order)}, m_file);
    const auto* parent = steps.back().node->as_table();
    return apply(m_text, {ed.insert_lines(ed.lay().last_line(*parent) + 1, "\n" + block)}, m_file);
  }
  auto* a = steps.back().node->as_array();
  if (!a) return fmt::format("\"{}\" is not an array of tables", path);
  if (is_header_array(*a)) {
    const auto& last = *(*a)[a->size() - 1].as_table();
    return apply(m_text, {ed.insert_lines(ed.lay().last_line(last) + 1, "\n" + block)}, m_file);
  }
  if (inline_ancestor(steps, segs.size() - 1))
    return fmt::format("cannot add to \"{}\" inside an inline table", path);
  toml::table t;
  t.is_inline(true);
  for (const auto& [k, v] : fields) assign(t, k, v);
  if (a->empty()) {
    toml::array fresh;
    fresh.push_back(std::move(t));
    return apply(m_text, {{ed.begin_of(*a), ed.end_of(*a), format_node(fresh)}}, m_file);
  }
  return apply(m_text, {ed.append_element(*a, format_node(t))}, m_file);
}

namespace {

void collect_strings(const toml::table& t, const editor& ed, std::vector<splice>& out) {
  for (const auto& [k, v] : t) {
    if (const auto* sub = v.as_table()) {
      if (!sub->is_inline()) collect_strings(*sub, ed, out);
      continue;
    }
    if (const auto* s = v.as_string()) {
      out.push_back({ed.begin_of(v), ed.end_of(v), format_value(s->get())});
    } else if (const auto* d = v.as_floating_point()) {
      out.push_back({ed.begin_of(v), ed.end_of(v), format_number(d->get())});
    } else if (const auto* a = v.as_array()) {
      if (is_header_array(v)) {
        for (const auto& item : *a) collect_strings(*item.as_table(), ed, out);
      } else if (a->is_homogeneous(toml::node_type::string) &&
                 a->source().begin.line == a->source().end.line) {
        std::vector<std::string> items;
        for (const auto& item : *a) items.push_back(*item.value_exact<std::string>());
        out.push_back({ed.begin_of(v), ed.end_of(v), format_array(items)});
      }
    }
  }
}

}  // namespace

void toml_document::restyle() {
  editor ed(m_text, m_file);
  std::vector<splice> edits;
  collect_strings(ed.root(), ed, edits);
  apply(m_text, std::move(edits), m_file);
}

int toml_document::remove_tables(std::string_view path, std::string_view key,
                                 std::string_view value) {
  int removed = 0;
  for (;;) {
    editor ed(m_text, m_file);
    const auto segs = split_path(path);
    const auto steps = walk(ed.root(), segs);
    if (steps.size() != segs.size()) return removed;
    const auto* a = steps.back().node->as_array();
    if (!a) return removed;
    std::optional<std::size_t> at;
    for (std::size_t i = 0; i < a->size() && !at; ++i)
      if (const auto* t = (*a)[i].as_table();
          t && t->get(key) && t->get(key)->value_exact<std::string>() == std::string(value))
        at = i;
    if (!at) return removed;
    std::string problem;
    if (a->size() == 1) {
      if (!remove(path)) return removed;
    } else if (is_header_array(*a)) {
      problem = apply(m_text, {ed.remove_section(*(*a)[*at].as_table())}, m_file);
    } else if (!inline_ancestor(steps, segs.size() - 1)) {
      problem = apply(m_text, {ed.remove_element(*a, *at)}, m_file);
    } else {
      return removed;
    }
    if (!problem.empty()) return removed;
    ++removed;
  }
}

namespace {

bool within(const toml::source_region& r, int line, int column) {
  const auto before = [](std::size_t l1, std::size_t c1, std::size_t l2, std::size_t c2) {
    return l1 < l2 || (l1 == l2 && c1 < c2);
  };
  const auto l = static_cast<std::size_t>(line);
  const auto c = static_cast<std::size_t>(column);
  return !before(l, c, r.begin.line, r.begin.column) && before(l, c, r.end.line, r.end.column);
}

bool find_key(const toml::node& n, const std::string& path, int line, int column,
              std::string& out) {
  if (const auto* t = n.as_table()) {
    for (const auto& [k, v] : *t) {
      const auto sub = path.empty() ? std::string(k.str()) : path + "." + std::string(k.str());
      if (within(k.source(), line, column)) {
        out = sub;
        return true;
      }
      if (find_key(v, sub, line, column, out)) return true;
    }
    return false;
  }
  if (const auto* a = n.as_array()) {
    for (const auto& item : *a)
      if (find_key(item, path, line, column, out)) return true;
  }
  if (!path.empty() && within(n.source(), line, column)) {
    out = path;
    return true;
  }
  return false;
}

}  // namespace

std::string key_at(std::string_view text, int line, int column) {
  try {
    const auto root = toml::parse(text);
    std::string out;
    find_key(root, "", line, column, out);
    return out;
  } catch (const toml::parse_error&) {
    return {};
  }
}

}  // namespace chronicle
