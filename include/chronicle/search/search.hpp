#pragma once
/// Finding events by their words: `chronicle search` and `list --grep`. A query's words are
/// matched against the words of an event's titles and descriptions in every language, its
/// place, participants and tags, ignoring case and diacritics, with Russian and English word
/// forms ("Астане" finds "Астана"); the events found are scored and ranked. Also the tags
/// nearest to one no event has, for `--tag`'s "did you mean".

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/model/timeline.hpp"
#include "chronicle/render/render.hpp"
#include "chronicle/text/words.hpp"

namespace chronicle {

/// How a query word matched an event word, weakest first.
enum class match_kind {
  none,
  prefix,  ///< the folded query word (3 letters or more) starts the folded event word
  form,    ///< they share a dictionary form (word_forms): "Астане" and "Астана"
  exact,   ///< equal once case and diacritics are folded: "toronto", "Éire" and "EIRE"
};

/// A query: its words, each folded and with its dictionary forms, and what it learns of the
/// words it is matched against (their folded forms and dictionary forms, each looked up once).
/// Not safe to share between threads.
class search_query {
 public:
  /// The words of `text` (find_words: punctuation and spaces separate them).
  explicit search_query(std::string_view text);
  ~search_query();
  search_query(search_query&&) noexcept;
  search_query& operator=(search_query&&) noexcept;

  /// The query's words as written; empty when `text` had none.
  const std::vector<std::string>& words() const { return m_words; }
  bool empty() const { return m_words.empty(); }

  /// How query word `i` matches the event word `word` (as written).
  match_kind match(std::size_t i, std::string_view word) const;
  /// How each query word matches `word`, into `kinds` (one per query word): one look-up of the
  /// word for all of them.
  void match_each(std::string_view word, std::vector<match_kind>& kinds) const;

  /// The words of `text` that match some query word, by byte offsets, for highlighting.
  std::vector<word_span> marks(std::string_view text) const;

 private:
  struct cache;
  std::vector<std::string> m_words;
  std::unique_ptr<cache> m_cache;
};

/// The event words one field matched.
struct field_match {
  /// "title.en", "description.ru", "place", "participants" or "tags".
  std::string field;
  std::vector<std::string> words;  ///< the event's words that matched, as written, each once
  friend bool operator==(const field_match&, const field_match&) = default;
};

/// An event every query word matched, with its score (search_score) and the fields that matched.
struct search_hit {
  const event* e = nullptr;
  int score = 0;
  std::vector<field_match> fields;  ///< in the order of search_fields
};

/// The weight of a field in the score: title 8, tags 4, place 3, participants 3,
/// description 1.
int field_weight(std::string_view field);
/// The weight of a kind of match in the score: exact 4, form 3, prefix 1.
int kind_weight(match_kind k);

/// The events among `events` that every word of `q` matches, in the order given. The score of
/// an event is the sum, over the query's words, of the best field weight × kind weight that word
/// reaches in it (a word found exactly in a title scores 32, as a prefix in a description 1).
/// An empty query matches nothing.
std::vector<search_hit> search_events(const std::vector<const event*>& events,
                                      const search_query& q);

/// `hits` ranked: higher score first; equal scores keep the order given (the timeline's:
/// chronological).
void rank_hits(std::vector<search_hit>& hits);

/// `o` with the hooks that make render_text show a search: the words of `q` highlighted in
/// titles and places (when `o.color`), and under each event the other fields that matched
/// ("description: …exploration in Toronto…", "participants: …", "tags: …"), when `notes`.
/// `q` must outlive the options.
list_options with_highlights(list_options o, const search_query& q, bool notes);

/// The documented JSON of list (render_json) for the events of `hits`, in their order, each
/// with a "search" member: {"score": N, "matches": [{"field": "title.ru", "words": [...]}]};
/// the root gains "query": the words searched for.
std::string render_search_json(const timeline& t, const std::vector<search_hit>& hits,
                               const search_query& q, const list_options& o);

/// The tags of `t` nearest to `tag`, for "did you mean": compared folded (case and diacritics
/// ignored), those within an edit distance of a third of its letters (at least 2), or that
/// contain it or that it contains; nearest first, then by name; at most `limit`.
std::vector<std::string> nearest_tags(const timeline& t, std::string_view tag,
                                      std::size_t limit = 3);

/// Whether some event of `t` carries `tag`.
bool has_tag(const timeline& t, std::string_view tag);

}  // namespace chronicle
