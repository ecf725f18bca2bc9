// The library side of `chronicle serve`: the rendered site is the exports' bytes, ETags and gzip
// forms, the folder stamp, the listen address, and the header rules of conditional requests and
// gzip negotiation.

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <string>
#include <thread>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/render/html.hpp"
#include "chronicle/render/render.hpp"
#include "chronicle/serve/http_rules.hpp"
#include "chronicle/serve/server.hpp"
#include "chronicle/serve/site.hpp"
#include "chronicle/store/storage.hpp"
#include "support.hpp"

namespace chronicle {
namespace {

using namespace std::chrono_literals;

std::string gunzip(const std::string& packed) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

timeline shipped() {
  auto loaded = load_timeline(test::k_source_dir / "events");
  EXPECT_FALSE(has_errors(loaded.diagnostics));
  return loaded.timeline;
}

TEST(ServeSite, ResourcesAreTheExportsBytes) {
  const auto t = shipped();
  site_options o;
  o.dtstamp = date::sys_seconds{std::chrono::seconds{1700000000}};
  std::vector<diagnostic> notes;
  auto s = build_site(t, o, notes);
  ASSERT_TRUE(s.ok());
  ics_options ics;
  ics.dtstamp = o.dtstamp;
  EXPECT_EQ(s->calendar.identity.body, *export_ics(t, ics));
  list_options list;
  list.lang = t.info.default_language;
  EXPECT_EQ(s->json.identity.body, render_json(t, select_events(t, list), list));
  html_options page;
  page.lang = list.lang;
  EXPECT_EQ(s->html.identity.body, render_html(t, select_events(t, list), page));
  EXPECT_EQ(s->calendar.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(s->html.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(s->json.content_type, "application/json");
}

TEST(ServeSite, GzipFormsAndTheirETags) {
  std::vector<diagnostic> notes;
  auto s = build_site(shipped(), {}, notes);
  ASSERT_TRUE(s.ok());
  for (const auto* r : {&s->calendar, &s->html, &s->json}) {
    ASSERT_TRUE(r->gzip.has_value());
    EXPECT_LT(r->gzip->body.size(), r->identity.body.size());
    EXPECT_EQ(gunzip(r->gzip->body), r->identity.body);
    EXPECT_EQ(r->identity.etag, strong_etag(r->identity.body));
    auto gz_tag = r->identity.etag;
    gz_tag.insert(gz_tag.size() - 1, "-gzip");
    EXPECT_EQ(r->gzip->etag, gz_tag);
  }
}

TEST(ServeSite, StrongETagIsLengthAndSha256) {
  // SHA-256("abc") starts ba7816bf8f01cfea414140de5dae2223.
  EXPECT_EQ(strong_etag("abc"), "\"3-ba7816bf8f01cfea414140de5dae2223\"");
  EXPECT_EQ(strong_etag(""), "\"0-e3b0c44298fc1c149afbf4c8996fb924\"");
}

TEST(ServeSite, FolderStampChangesWithEveryEditAndIgnoresHiddenFiles) {
  test::temp_dir dir;
  test::write_file(dir / "timeline.toml", test::timeline_toml());
  test::write_file(dir / "a.toml", "x");
  const auto first = stamp_folder(dir.path());
  EXPECT_EQ(first, stamp_folder(dir.path()));
  EXPECT_EQ(first.entries.size(), 3u);  // the folder itself, a.toml, timeline.toml
  // Hidden entries are not stamped (the folder's own time moves when one is created, which
  // costs one reload that changes nothing served).
  test::write_file(dir / ".chronicle" / "import-base" / "a.toml", "y");
  test::write_file(dir / ".a.toml.tmp", "y");
  const auto hidden = stamp_folder(dir.path());
  ASSERT_EQ(hidden.entries.size(), 3u);
  EXPECT_EQ(hidden.entries[1], first.entries[1]);
  EXPECT_EQ(hidden.entries[2], first.entries[2]);
  EXPECT_TRUE(hidden.entries[0].starts_with(".\t"));
  test::write_file(dir / "a.toml", "z");  // same size, in place: a newer time
  std::this_thread::sleep_for(10ms);
  test::write_file(dir / "a.toml", "w");
  EXPECT_NE(first, stamp_folder(dir.path()));
  std::filesystem::remove(dir / "a.toml");
  EXPECT_EQ(stamp_folder(dir.path()).entries.size(), 2u);
  EXPECT_THROW(stamp_folder(dir / "missing"), io_error);
}

TEST(ServeListen, ParsesAddressesAndSaysWhatIsExpected) {
  auto a = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  a = parse_listen_address("[::1]:0");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 0);
  EXPECT_EQ(base_url(*a), "http://[::1]:0/");
  EXPECT_EQ(base_url({"127.0.0.1", 80}, "webcal"), "webcal://127.0.0.1:80/");
  EXPECT_TRUE(parse_listen_address("localhost:1").ok());
  EXPECT_TRUE(parse_listen_address("0.0.0.0:65535").ok());
  const auto bad = parse_listen_address("127.0.0.1:65536");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics.front().message,
            "\"127.0.0.1:65536\": \"65536\" is not a port (0 to 65535); expected ADDRESS:PORT, "
            "such as 127.0.0.1:8080, [::1]:8080 or 0.0.0.0:0 (port 0: any free port)");
  for (const char* text : {"", ":80", "8080", "1.2.3:80", "[::1]80", "[zz]:80", "1.2.3.4:-1",
                           "1.2.3.4: 80", "host.example:80"})
    EXPECT_FALSE(parse_listen_address(text).ok()) << text;
}

TEST(ServeHttpRules, MethodNames) {
  for (const char* m : {"GET", "PROPFIND", "M-SEARCH", "mkcalendar", "X_1.2"})
    EXPECT_TRUE(http::is_method(m)) << m;
  for (const char* m : {"", "Host:", "GET /", "<?xml", "A\tB", "\xc3\xa9T", "{}"})
    EXPECT_FALSE(http::is_method(m)) << m;
}

TEST(ServeHttpRules, IfNoneMatch) {
  const std::string tag = "\"5-abc\"";
  EXPECT_TRUE(http::none_match("\"5-abc\"", tag));
  EXPECT_TRUE(http::none_match("*", tag));
  EXPECT_TRUE(http::none_match(" \"x\", W/\"5-abc\"", tag));
  EXPECT_TRUE(http::none_match("\"x\",\"5-abc\"", tag));
  EXPECT_FALSE(http::none_match("\"5-ab\"", tag));
  EXPECT_FALSE(http::none_match("5-abc", tag));    // unquoted: malformed
  EXPECT_FALSE(http::none_match("\"5-abc", tag));  // unterminated
  EXPECT_FALSE(http::none_match("\"x\" junk \"5-abc\"", tag));
  EXPECT_FALSE(http::none_match("", tag));
}

TEST(ServeHttpRules, HttpDates) {
  const date::sys_seconds t = date::sys_days{date::year{1994} / 11 / 6} + 8h + 49min + 37s;
  EXPECT_EQ(http::http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
  EXPECT_EQ(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(http::parse_http_date("Sun Nov  6 08:49:37 1994"), std::nullopt);
  EXPECT_EQ(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), std::nullopt);
  EXPECT_EQ(http::parse_http_date("yesterday"), std::nullopt);
}

TEST(ServeHttpRules, AcceptsGzip) {
  EXPECT_TRUE(http::accepts_gzip("gzip"));
  EXPECT_TRUE(http::accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(http::accepts_gzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(http::accepts_gzip("x-gzip"));
  EXPECT_TRUE(http::accepts_gzip("*"));
  EXPECT_TRUE(http::accepts_gzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  EXPECT_FALSE(http::accepts_gzip(""));
  EXPECT_FALSE(http::accepts_gzip("identity"));
  EXPECT_FALSE(http::accepts_gzip("br, deflate"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=0, *"));
  EXPECT_FALSE(http::accepts_gzip("*;q=0"));
  EXPECT_FALSE(http::accepts_gzip("gzip;q=zero"));
}

}  // namespace
}  // namespace chronicle
