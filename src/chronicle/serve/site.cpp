#include "chronicle/serve/site.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <future>
#include <utility>

#include <fmt/format.h>
#include <sys/stat.h>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/exchange/ical/recurrence.hpp"
#include "chronicle/render/html.hpp"
#include "chronicle/render/render.hpp"
#include "chronicle/serve/digest.hpp"

namespace chronicle {

namespace {

served_resource make_resource(std::string content_type, std::string body) {
  served_resource r;
  r.content_type = std::move(content_type);
  r.identity.etag = strong_etag(body);
  auto packed = serve_detail::gzip(body);
  if (packed.size() < body.size()) {
    // A strong ETag names one representation: the gzip form has its own (RFC 9110, 8.8.3).
    auto etag = r.identity.etag;
    etag.insert(etag.size() - 1, "-gzip");
    r.gzip = representation{std::move(packed), std::move(etag)};
  }
  r.identity.body = std::move(body);
  return r;
}

}  // namespace

std::string strong_etag(std::string_view bytes) {
  const auto digest = serve_detail::sha256(bytes);
  std::string hex;
  for (std::size_t i = 0; i < 16; ++i) hex += fmt::format("{:02x}", digest[i]);
  return fmt::format("\"{:x}-{}\"", bytes.size(), hex);
}

result<site> build_site(const timeline& t, const site_options& o, std::vector<diagnostic>& notes) {
  const std::string lang = o.lang.empty() ? t.info.default_language : o.lang;
  list_options list;
  list.lang = lang;
  // The page, as `export html` draws it (every occurrence of a recurring event), on its own
  // thread: it is the slowest of the three, and one thread renders it.
  std::vector<diagnostic> page_notes;
  auto page = std::async(std::launch::async, [&] {
    html_options h;
    h.lang = lang;
    std::string html;
    if (std::any_of(t.events.begin(), t.events.end(), is_recurring)) {
      const auto expanded = expand_recurrences(t, expansion_limits{}, page_notes);
      html = render_html(expanded, select_events(expanded, list), h);
    } else {
      html = render_html(t, select_events(t, list), h);
    }
    return make_resource("text/html; charset=utf-8", std::move(html));
  });
  // The calendar, as `export ics --lang LANG` writes it.
  ics_options ics;
  ics.dtstamp = o.dtstamp;
  ics.lang = o.lang;
  ics.removed = o.removed;
  auto calendar = export_ics(t, ics);
  // The JSON, as `export json` writes it: each event once, a recurring one with its recurrence.
  std::optional<served_resource> json;
  if (calendar.ok())
    json = make_resource("application/json", render_json(t, select_events(t, list), list));
  site s;
  s.html = page.get();  // always waited for: it refers to `t`, `list` and `page_notes`
  if (!calendar.ok()) return result<site>::failure(std::move(calendar.diagnostics));
  notes.insert(notes.end(), calendar.diagnostics.begin(), calendar.diagnostics.end());
  notes.insert(notes.end(), page_notes.begin(), page_notes.end());
  s.calendar = make_resource("text/calendar; charset=utf-8", std::move(*calendar));
  s.json = std::move(*json);
  return s;
}

folder_stamp stamp_folder(const std::filesystem::path& dir) {
  folder_stamp stamp;
  const auto describe = [&](const std::filesystem::path& p, const std::string& name) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      // Gone between listing and stat, or a broken link: loading will say which.
      stamp.entries.push_back(fmt::format("{}\tmissing {}", name, errno));
      return;
    }
    stamp.entries.push_back(fmt::format("{}\t{:o}\t{}\t{}.{:09}\t{}:{}", name, st.st_mode,
                                        st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                        st.st_dev, st.st_ino));
    stamp.newest =
        std::max(stamp.newest, date::sys_seconds{std::chrono::seconds{st.st_mtim.tv_sec}});
  };
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", dir.string(), ec.message()));
  describe(dir, ".");
  for (const auto end = std::filesystem::directory_iterator(); it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!name.starts_with(".")) describe(it->path(), name);
  }
  if (ec) throw io_error(fmt::format("cannot list \"{}\": {}", dir.string(), ec.message()));
  std::sort(stamp.entries.begin(), stamp.entries.end());
  return stamp;
}

}  // namespace chronicle
