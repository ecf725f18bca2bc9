#pragma once
/// Proposed milestones of a news text (issue 14): each sentence with a date expression becomes
/// a proposal with the date at the text's precision (find_dates), a title drafted from the
/// clause around the date, the places the clause names, and the evidence it came from; several
/// mentions of one event merge. What is proposed and how: docs/COMMANDS.md (extract).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chronicle/extract/dates.hpp"
#include "chronicle/model/event.hpp"

namespace chronicle {

/// A place named in a text: a city or a country, as its canonical English name and its ISO
/// 3166-1 alpha-2 country code.
struct found_place {
  std::size_t begin = 0;  ///< UTF-8 byte offset of the first byte of the name as written
  std::size_t end = 0;    ///< one past its last byte
  std::string name;       ///< "New York", "Kazakhstan"
  std::string country;    ///< "US", "KZ"
  bool city = false;      ///< a city (else a country)
  /// Introduced by a preposition of place ("в Торонто", "in Toronto"): where something happens,
  /// not whose ("президентами Казахстана").
  bool located = false;

  friend bool operator==(const found_place&, const found_place&) = default;
};

/// The cities and countries named in UTF-8 `text` in `language` ("ru" or "en"; any other finds
/// nothing), in text order, not overlapping, the longest name first ("Нью-Йорке" is New York,
/// not York). Names come from ICU (country names, the exemplar cities of its time zones, in
/// Russian and English) and a small list of the project's own (src/chronicle/extract/places.tsv);
/// Russian case forms are matched through text/'s word_forms ("Астане" → Астана). A name
/// matches only where it is written with a capital letter.
std::vector<found_place> find_places(std::string_view text, std::string_view language);

/// A person a text names with a role.
struct found_person {
  std::string name;  ///< as written ("Шарлапаев Канат Бисимбаевич"), Russian case undone
  std::string role;  ///< the role the text gives, its head word in the dictionary form

  friend bool operator==(const found_person&, const found_person&) = default;
};

/// The persons UTF-8 `sentence` in `language` ("ru" or "en"; any other finds nobody) names after
/// a role, in text order, each name once: a role word (ru: министр, президент, заместитель,
/// госсекретарь, посол, глава, …, in the singular; en: Minister, President, Secretary, …), the
/// words that complete it (ru: lower-case words, acronyms and places, "министр промышленности и
/// строительства РК"; en: capitalised words and of/for/and/the, "Kazakh Minister of Industry"),
/// then a name of two or more capitalised words (an initial with its full stop counts: "Хосе
/// У.Фернандес", "J. Smith"). In Russian the role's head word is put in the dictionary form and the
/// name back in the nominative when the role word shows another case ("президентом США Джо
/// Байденом" → "Джо Байден", "президент США"): the dictionary's form, else the usual surname
/// endings undone. In English the name is the last two capitalised words ("Minister of Industry
/// Kanat Sharlapayev"). A name with no role word before it is not found.
std::vector<found_person> find_people(std::string_view sentence, std::string_view language);

/// Where a proposal was read: one sentence and the date expression in it.
struct proposal_evidence {
  std::size_t begin = 0;  ///< the sentence's UTF-8 bytes [begin, end)
  std::size_t end = 0;
  std::string sentence;
  std::size_t date_begin = 0;  ///< the date expression's bytes [date_begin, date_end)
  std::size_t date_end = 0;
  std::string date_text;

  friend bool operator==(const proposal_evidence&, const proposal_evidence&) = default;
};

/// A proposed milestone.
struct proposal {
  std::string date;  ///< EDTF, as find_dates gives it (`2024-02-08`, `2024-03`, `XXXX-02-08`)
  date_modifier modifier = date_modifier::none;
  year_source year = year_source::text;
  std::string title;                        ///< drafted from the clause around the date
  std::vector<found_place> places;          ///< the first mention of each place, by name
  std::vector<found_person> people;         ///< find_people of its sentences, each name once
  std::vector<proposal_evidence> evidence;  ///< every mention, in text order

  friend bool operator==(const proposal&, const proposal&) = default;
};

/// The proposals of UTF-8 `text` in `language`, in the order of their first mention:
/// - one per date expression (a sentence with two dates gives two proposals, each titled from
///   its own clause);
/// - the title is the clause around the date (the text between the nearest clause marks: , ; :
///   – — ( ) and the sentence's ends) without the date, the preposition before it and leading
///   conjunctions, first letter upper-case, at most 16 words (cut with "…"); a clause of fewer
///   than 4 words is joined to the clause before it (else after it); a dependent clause after a
///   comma ("…на саммите C5+1, состоявшемся 19 сентября") starts at the phrase it depends on,
///   from the last preposition before the comma ("Саммите C5+1, состоявшемся в Нью-Йорке");
///   a date with no words around it (a dateline "Astana. 5 March.") proposes nothing;
/// - places are those of the clause introduced by a preposition of place ("в Нью-Йорке"), else
///   the cities the clause names;
/// - people are those find_people finds in the sentence;
/// - two proposals merge when they have the same date and the same places, or one of them has
///   none: the first title is kept, places, people and evidence are joined.
std::vector<proposal> propose_events(std::string_view text, std::string_view language,
                                     const document_date& document);

/// The same, from `dates`, what `find_dates(text, language, document)` gave (for a caller that
/// has them already, such as `chronicle extract`, which prints them too).
std::vector<proposal> propose_events(std::string_view text, std::string_view language,
                                     const document_date& document,
                                     const std::vector<found_date>& dates);

/// Everything `chronicle extract --format json` prints (docs/FORMAT.md): dates_to_json's object
/// with a "proposals" array: `{"date", "title", "places": [{"name", "country"}], "people":
/// [{"name", "role"}], "evidence":
/// [{"start", "end", "text", "date_start", "date_end", "date_text"}]}` (byte offsets into the
/// input, end exclusive).
std::string extract_to_json(const document_date& document, const std::vector<found_date>& dates,
                            const std::vector<proposal>& proposals);

/// A proposal as a new event, ready for `to_toml`: its title in `language`, its date, the place
/// (the first city as `city`, else the first country as `name`, with its `country`), status
/// its people as participants, `planned` when the date starts after the document date and
/// `tentative` otherwise (a proposal nobody has checked), a source titled `source_name` in
/// `language` published on the document date, the sentences as description and a date_note saying
/// how the date was found. Nothing, with the reason in `why_not`, when the date cannot be an event
/// date (an unknown year `XXXX-02-08`, a season or quarter).
std::optional<event> proposal_to_event(const proposal& p, std::string_view language,
                                       const document_date& document, std::string_view source_name,
                                       std::string* why_not);

}  // namespace chronicle
