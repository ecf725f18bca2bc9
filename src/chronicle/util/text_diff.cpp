#include "chronicle/util/text_diff.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace chronicle {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) {
      out.push_back(text);
      break;
    }
    out.push_back(text.substr(0, nl + 1));
    text.remove_prefix(nl + 1);
  }
  return out;
}

enum class op { same, del, add };

/// The edit script from `a` to `b`: a longest common subsequence of lines, found by dynamic
/// programming over the part between the common prefix and suffix (event files are small).
std::vector<std::pair<op, std::string_view>> script(const std::vector<std::string_view>& a,
                                                    const std::vector<std::string_view>& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  const auto n = a.size() - pre - suf;
  const auto m = b.size() - pre - suf;
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] =
          a[pre + i] == b[pre + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::pair<op, std::string_view>> out;
  for (std::size_t i = 0; i < pre; ++i) out.emplace_back(op::same, a[i]);
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] == b[pre + j]) {
      out.emplace_back(op::same, a[pre + i]);
      ++i;
      ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.emplace_back(op::add, b[pre + j++]);
    } else {
      out.emplace_back(op::del, a[pre + i++]);
    }
  }
  for (std::size_t k = a.size() - suf; k < a.size(); ++k) out.emplace_back(op::same, a[k]);
  // Deletions before additions within each run of changes, as diff(1) shows them.
  for (std::size_t k = 0; k < out.size();) {
    auto e = k;
    while (e < out.size() && out[e].first != op::same) ++e;
    std::stable_partition(out.begin() + static_cast<std::ptrdiff_t>(k),
                          out.begin() + static_cast<std::ptrdiff_t>(e),
                          [](const auto& x) { return x.first == op::del; });
    k = e + 1;
  }
  return out;
}

std::string range(std::size_t start, std::size_t count) {
  if (count == 1) return fmt::format("{}", start);
  return fmt::format("{},{}", count == 0 ? start - 1 : start, count);
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_name, std::string_view after_name, int context) {
  if (before == after) return {};
  const auto ops = script(split_lines(before), split_lines(after));
  const auto ctx = static_cast<std::size_t>(std::max(context, 0));
  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  std::size_t k = 0;
  std::size_t a_line = 1, b_line = 1;  // line numbers at ops[k]
  while (k < ops.size()) {
    // Find the next change.
    auto first = k;
    auto a_at = a_line, b_at = b_line;
    while (first < ops.size() && ops[first].first == op::same) {
      ++first;
      ++a_at;
      ++b_at;
    }
    if (first == ops.size()) break;
    // The hunk starts `ctx` lines before it, and runs until `2 * ctx` unchanged lines in a row.
    const auto lead = std::min(ctx, first - k);
    auto start = first - lead;
    auto hunk_a = a_at - lead, hunk_b = b_at - lead;
    auto end = first;
    std::size_t same_run = 0;
    for (auto p = first; p < ops.size(); ++p) {
      if (ops[p].first == op::same) {
        if (++same_run > 2 * ctx) break;
      } else {
        same_run = 0;
        end = p + 1;
      }
    }
    const auto stop = std::min(ops.size(), end + ctx);
    std::size_t a_count = 0, b_count = 0;
    std::string body;
    for (auto p = start; p < stop; ++p) {
      const auto& [kind, line] = ops[p];
      const char mark = kind == op::same ? ' ' : kind == op::del ? '-' : '+';
      if (kind != op::add) ++a_count;
      if (kind != op::del) ++b_count;
      body += mark;
      body += line;
      if (!line.ends_with('\n')) body += "\n\\ No newline at end of file\n";
    }
    out += fmt::format("@@ -{} +{} @@\n", range(hunk_a, a_count), range(hunk_b, b_count)) + body;
    // Advance the line counters past the hunk.
    for (auto p = k; p < stop; ++p) {
      if (ops[p].first != op::add) ++a_line;
      if (ops[p].first != op::del) ++b_line;
    }
    k = stop;
  }
  return out;
}

}  // namespace chronicle
