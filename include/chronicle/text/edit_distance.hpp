#pragma once
/// How far apart two spellings are: for "did you mean" suggestions of commands, options and tags.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace chronicle {

/// The optimal string alignment distance (Damerau-Levenshtein without repeated edits of one
/// substring) between the sequences `a` and `b`: insertions, deletions, substitutions and
/// swaps of two neighbours each cost 1. Give code points (std::u32string) for text that is not
/// ASCII, so that one letter counts once.
template <class Sequence>
std::size_t edit_distance(const Sequence& a, const Sequence& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace chronicle
