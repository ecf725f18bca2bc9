#include "chronicle/ops/merge.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "chronicle/model/edtf.hpp"

namespace chronicle {

namespace {

std::string quote_value(const std::string& s) {
  return fmt::format("\"{}\"", s);
}

std::string show(const std::optional<std::string>& s) {
  return s ? quote_value(*s) : "(none)";
}

std::string show(const std::optional<double>& d) {
  return d ? fmt::format("{}", *d) : "(none)";
}

std::string show_when(const event& e) {
  std::string out = to_edtf(e.date);
  if (e.time) {
    out += " " + date::format("%H:%M", e.time->start);
    if (e.time->end) out += "–" + date::format("%Y-%m-%d %H:%M", *e.time->end);
    out += " " + e.time->tz;
  }
  return quote_value(out);
}

template <class T, class F>
std::string show_list(const std::vector<T>& items, F one) {
  std::string out = "[";
  for (const auto& x : items) out += (out.size() > 1 ? ", " : "") + one(x);
  return out + "]";
}

/// One merge in progress: the outcome and the preference that settles conflicts.
struct merger {
  merge_result& out;
  merge_preference prefer;
  bool has_base;

  /// Merges one field: `b` is the base's value (ignored without a base), `l` local's, `in` the
  /// calendar's; writes the merged value to `dst`.
  template <class T, class Show>
  void field(const std::string& name, const T& b, const T& l, const T& in, T& dst, Show show_fn) {
    if (l == in) {
      dst = l;
    } else if (has_base && b == l) {
      dst = in;
      out.taken.push_back(name);
    } else if (has_base && b == in) {
      dst = l;
      out.kept_local.push_back(name);
    } else {
      out.conflicts.push_back({name, show_fn(l), show_fn(in)});
      dst = prefer == merge_preference::theirs ? in : l;
    }
  }

  void text(const std::string& prefix, const localized_text* b, const localized_text& l,
            const localized_text& in, localized_text& dst) {
    std::set<std::string> langs;
    for (const auto* m : {b, &l, &in})
      if (m)
        for (const auto& [k, v] : *m) langs.insert(k);
    const auto get = [](const localized_text* m,
                        const std::string& k) -> std::optional<std::string> {
      if (!m) return std::nullopt;
      auto it = m->find(k);
      return it == m->end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    localized_text merged;
    for (const auto& k : langs) {
      std::optional<std::string> v;
      field(prefix + "." + k, get(b, k), get(&l, k), get(&in, k), v,
            [](const auto& x) { return show(x); });
      if (v) merged.emplace(k, *v);
    }
    dst = std::move(merged);
  }

  void tags(const event* b, const event& l, const event& in, std::vector<std::string>& dst) {
    const std::set<std::string> ls(l.tags.begin(), l.tags.end());
    const std::set<std::string> is(in.tags.begin(), in.tags.end());
    if (ls == is) {
      dst = l.tags;
      return;
    }
    const auto list = [](const std::vector<std::string>& v) {
      return show_list(v, [](const std::string& s) { return quote_value(s); });
    };
    if (!b) {
      out.conflicts.push_back({"tags", list(l.tags), list(in.tags)});
      dst = prefer == merge_preference::theirs ? in.tags : l.tags;
      return;
    }
    const std::set<std::string> bs(b->tags.begin(), b->tags.end());
    std::vector<std::string> merged;
    bool took = false;
    for (const auto& t : l.tags) {
      if (bs.contains(t) && !is.contains(t)) {
        took = true;  // removed in the calendar
        continue;
      }
      merged.push_back(t);
    }
    for (const auto& t : in.tags)
      if (!bs.contains(t) && !ls.contains(t)) {
        merged.push_back(t);  // added in the calendar
        took = true;
      }
    if (took) out.taken.push_back("tags");
    if (ls != bs) out.kept_local.push_back("tags");
    dst = std::move(merged);
  }
};

template <class T>
std::string count_of(const std::vector<T>& v, const char* what) {
  return fmt::format("({} {})", v.size(), what);
}

}  // namespace

merge_result merge3(const event* base, const event& local, const event& incoming,
                    date::sys_seconds now, merge_preference prefer) {
  merge_result out;
  out.merged = local;
  auto& m = out.merged;
  merger g{out, prefer, base != nullptr};
  const event& b = base ? *base : local;  // values of b are never read without a base

  g.text("title", base ? &base->title : nullptr, local.title, incoming.title, m.title);
  g.text("description", base ? &base->description : nullptr, local.description,
         incoming.description, m.description);

  // The date and the time agree (the date spans the time's days): they merge as one.
  using when = std::pair<edtf_date, std::optional<event_time>>;
  when merged_when;
  g.field("date", when{b.date, b.time}, when{local.date, local.time},
          when{incoming.date, incoming.time}, merged_when, [&](const when& w) {
            event e;
            e.date = w.first;
            e.time = w.second;
            return show_when(e);
          });
  m.date = merged_when.first;
  m.time = merged_when.second;

  const place none{};
  const place& bp = b.place ? *b.place : none;
  const place& lp = local.place ? *local.place : none;
  const place& ip = incoming.place ? *incoming.place : none;
  place mp;
  const auto str = [](const std::string& s) { return quote_value(s); };
  const auto num = [](const std::optional<double>& d) { return show(d); };
  g.field("place.name", bp.name, lp.name, ip.name, mp.name, str);
  g.field("place.city", bp.city, lp.city, ip.city, mp.city, str);
  g.field("place.country", bp.country, lp.country, ip.country, mp.country, str);
  g.field("place.latitude", bp.latitude, lp.latitude, ip.latitude, mp.latitude, num);
  g.field("place.longitude", bp.longitude, lp.longitude, ip.longitude, mp.longitude, num);
  if (mp == none)
    m.place.reset();
  else
    m.place = mp;

  g.field("participants", b.participants, local.participants, incoming.participants, m.participants,
          [](const std::vector<participant>& v) {
            return show_list(v, [](const participant& p) { return quote_value(p.name); });
          });
  g.field("status", b.status, local.status, incoming.status, m.status,
          [](status s) { return quote_value(std::string(to_string(s))); });
  g.tags(base, local, incoming, m.tags);
  g.field("sources", b.sources, local.sources, incoming.sources, m.sources,
          [](const std::vector<source_ref>& v) {
            return show_list(v, [](const source_ref& s) { return quote_value(s.url); });
          });
  g.field("relations", b.relations, local.relations, incoming.relations, m.relations,
          [](const std::vector<relation>& v) {
            return show_list(v, [](const relation& r) {
              return fmt::format("{} {}", to_string(r.kind), quote_value(r.target));
            });
          });
  g.field("recurrence", b.recurrence, local.recurrence, incoming.recurrence, m.recurrence,
          [](const recurrence& r) { return quote_value(r.rule); });
  g.field("date_note", b.date_note, local.date_note, incoming.date_note, m.date_note, str);
  g.field("uid", b.uid, local.uid, incoming.uid, m.uid, str);
  g.field("ical_extra", b.ical_extra, local.ical_extra, incoming.ical_extra, m.ical_extra,
          [](const std::string& s) {
            return fmt::format("({} lines)", std::count(s.begin(), s.end(), '\n'));
          });
  g.field(
      "changed", b.changed, local.changed, incoming.changed, m.changed,
      [](const std::vector<changed_occurrence>& v) { return count_of(v, "changed occurrences"); });

  out.resolved = prefer != merge_preference::none;
  out.changed = !(m == local);
  if (out.changed) {
    int rev = std::max(incoming.revision, local.revision + 1);
    if (base) rev = std::max(rev, base->revision + 1);
    m.revision = rev;
    auto lm = now;
    if (local.last_modified) lm = std::max(lm, *local.last_modified + std::chrono::seconds{1});
    if (incoming.last_modified) lm = std::max(lm, *incoming.last_modified);
    m.last_modified = lm;
  }
  return out;
}

}  // namespace chronicle
