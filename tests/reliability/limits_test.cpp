// Size and depth: a 100 MB single line, a file over the size limit (sparse, made at test time),
// many VEVENTs, components nested 10^4 deep, and recurrences without end. Memory stays bounded,
// the stack does not overflow, and each limit has a clear message.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "chronicle/exchange/ical/import.hpp"
#include "chronicle/store/storage.hpp"
#include "reliability_support.hpp"

namespace chronicle {
namespace {

using test::has;

/// A sparse file of `size` bytes (reads as NUL bytes; takes no disk space).
void make_sparse(const std::filesystem::path& p, std::uintmax_t size) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(size)), 0);
  ::close(fd);
}

TEST(size_limits, an_event_file_over_the_limit_is_refused_before_reading) {
  test::scratch_timeline t;
  make_sparse(t.events() / "2024-02-08-huge.toml", k_max_event_file_bytes + 1);
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 3);
  EXPECT_TRUE(has(list.err, "2024-02-08-huge.toml")) << list.err;
  EXPECT_TRUE(has(list.err, "too large")) << list.err;
}

TEST(size_limits, a_100_mb_single_line_event_file_is_refused) {
  test::scratch_timeline t;
  std::string text = "date = \"2024-02-08\"\ntitle = \"";
  text.append(100u << 20, 'x');
  text += "\"\n";
  test::write_file(t.events() / "2024-02-08-long.toml", text);
  const auto exp = t.run({"export", "ics", "-o", "out.ics"});
  EXPECT_EQ(exp.exit, 3);
  EXPECT_TRUE(has(exp.err, "too large")) << exp.err;
  EXPECT_FALSE(std::filesystem::exists(t.root() / "out.ics"));
}

TEST(size_limits, an_ics_file_over_the_old_1_gib_limit_is_not_refused_for_its_size) {
  // The calendar is mapped, not read into memory: its size alone refuses nothing. A real
  // calendar, then NUL bytes up to 1 GiB + 1 (sparse: no disk space, and only the pages read
  // are touched).
  test::scratch_timeline t;
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
      "DTSTART;VALUE=DATE:20240208\r\nSUMMARY:Big file\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  test::write_file(t.root() / "huge.ics", ics);
  ASSERT_EQ(
      ::truncate((t.root() / "huge.ics").c_str(), static_cast<off_t>(std::uintmax_t{1} << 30) + 1),
      0);
  const auto imp = t.run({"import", "huge.ics"});
  EXPECT_EQ(imp.exit, 0) << imp.err;
  EXPECT_FALSE(has(imp.err, "too large")) << imp.err;
  EXPECT_TRUE(has(imp.err,
                  "huge.ics:10: warning: NUL byte in the file; everything after it is "
                  "ignored"))
      << imp.err;
  EXPECT_TRUE(has(imp.out, "1 added, 0 updated, 0 unchanged, 0 rejected")) << imp.out;
  EXPECT_EQ(t.files(),
            (std::vector<std::string>{".chronicle", "2024-02-08-big-file.toml", "timeline.toml"}));
}

TEST(size_limits, standard_input_imports_alike_from_a_pipe_a_file_and_a_path) {
  // A pipe is kept in a file without a name in the timeline folder, then mapped; a redirected
  // file is mapped as it is. Each gives what importing the file by its path gives.
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
  for (int i = 1; i <= 2000; ++i)
    ics += "BEGIN:VEVENT\r\nUID:" + std::to_string(i) +
           "@t\r\nDTSTART;VALUE=DATE:20240208\r\n"
           "SUMMARY:Stand-up\r\nEND:VEVENT\r\n";
  ics += "END:VCALENDAR\r\n";
  std::vector<std::string> outs;
  std::vector<std::vector<std::string>> files;
  for (const std::string how : {"path", "pipe", "redirect"}) {
    test::scratch_timeline t;
    test::write_file(t.root() / "cal.ics", ics);
    const std::string chronicle = CHRONICLE_BINARY;
    const auto command = how == "path"   ? chronicle + " import cal.ics"
                         : how == "pipe" ? "cat cal.ics | " + chronicle + " import -"
                                         : chronicle + " import - <cal.ics";
    ASSERT_EQ(std::system(("cd '" + t.root().string() + "' && " + command +
                           " >out.txt 2>err.txt; echo $? >rc.txt")
                              .c_str()),
              0);
    EXPECT_EQ(test::slurp(t.root() / "rc.txt"), "0\n") << how;
    EXPECT_EQ(test::slurp(t.root() / "err.txt"), "") << how;
    outs.push_back(test::slurp(t.root() / "out.txt"));
    files.push_back(t.files());  // dot files included: no spool file is left behind
  }
  EXPECT_TRUE(has(outs[0], "2000 added, 0 updated, 0 unchanged, 0 rejected")) << outs[0];
  EXPECT_TRUE(has(outs[0], "added 2024-02-08-stand-up-2000  ")) << outs[0];
  EXPECT_EQ(outs[1], outs[0]);
  EXPECT_EQ(outs[2], outs[0]);
  ASSERT_EQ(files[0].size(), 2002u) << "2000 events, timeline.toml, .chronicle";
  EXPECT_EQ(files[0].front(), ".chronicle");
  EXPECT_EQ(files[1], files[0]);
  EXPECT_EQ(files[2], files[0]);
}

/// A calendar of one event whose DESCRIPTION is one unfolded line of `bytes` bytes.
std::string calendar_with_line(std::size_t bytes) {
  std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:u1\r\n"
      "DTSTART;VALUE=DATE:20240208\r\nSUMMARY:short\r\nDESCRIPTION:";
  ics.append(bytes, 'x');
  ics += "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  return ics;
}

TEST(size_limits, a_100_mb_single_line_ics_is_rejected_unparsed) {
  // libical's own string reader made this quadratic (4 MB took 11 s); Chronicle's is linear,
  // and a VEVENT over 16 MiB is rejected before libical sees it.
  test::scratch_timeline t;
  test::write_file(t.root() / "long.ics", calendar_with_line(100u << 20));
  const auto imp = t.run({"import", "long.ics"});
  EXPECT_EQ(imp.exit, 1) << imp.err.substr(0, 500);
  EXPECT_TRUE(has(imp.err, "long.ics:4: error: event rejected: this VEVENT is 100.0 MiB"))
      << imp.err.substr(0, 500);
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
}

TEST(size_limits, an_event_too_big_for_its_file_is_rejected_on_import) {
  // 1.5 MiB is within the 2 MiB a line may take, but would make an event file over the 1 MiB
  // that loading accepts.
  test::scratch_timeline t;
  test::write_file(t.root() / "big.ics", calendar_with_line(3u << 19));
  const auto imp = t.run({"import", "big.ics"});
  EXPECT_EQ(imp.exit, 1) << imp.err.substr(0, 500);
  EXPECT_TRUE(has(imp.err, "big.ics:4: error: event rejected: its event file would take 1.5 MiB"))
      << imp.err.substr(0, 500);
  EXPECT_EQ(t.files(), std::vector<std::string>{"timeline.toml"});
}

TEST(size_limits, an_event_just_under_the_file_limit_imports_and_loads) {
  test::scratch_timeline t;
  test::write_file(t.root() / "near.ics", calendar_with_line(1000u << 10));
  const auto imp = t.run({"import", "near.ics"});
  ASSERT_EQ(imp.exit, 0) << imp.err.substr(0, 500);
  const auto check = t.run({"check"});
  EXPECT_EQ(check.exit, 0) << check.err.substr(0, 500);
}

TEST(depth, components_nested_ten_thousand_deep_do_not_overflow_the_stack) {
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
  constexpr int k_depth = 10'000;
  for (int i = 0; i < k_depth; ++i) ics += "BEGIN:VEVENT\r\nUID:u" + std::to_string(i) + "\r\n";
  ics += "DTSTART;VALUE=DATE:20240208\r\n";
  for (int i = 0; i < k_depth; ++i) ics += "END:VEVENT\r\n";
  ics += "END:VCALENDAR\r\n";
  test::scratch_timeline t;
  test::write_file(t.root() / "deep.ics", ics);
  const auto imp = t.run({"import", "deep.ics", "--dry-run"});
  EXPECT_TRUE(imp.exit == 0 || imp.exit == 1) << imp.exit << imp.err.substr(0, 500);
}

TEST(depth, many_vevents_in_one_calendar) {
  // 10^4 here to keep the suite short; 10^6 are measured in docs/RELIABILITY.md.
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
  constexpr int k_count = 10'000;
  for (int i = 0; i < k_count; ++i)
    ics += "BEGIN:VEVENT\r\nUID:u" + std::to_string(i) +
           "\r\nDTSTART;VALUE=DATE:20240208\r\nSUMMARY:e\r\nEND:VEVENT\r\n";
  ics += "END:VCALENDAR\r\n";
  test::scratch_timeline t;
  test::write_file(t.root() / "many.ics", ics);
  const auto imp = t.run({"import", "many.ics", "--dry-run"});
  EXPECT_EQ(imp.exit, 0) << imp.err.substr(0, 500);
  EXPECT_TRUE(has(imp.out, "10000 added")) << imp.out.substr(imp.out.size() - 200);
}

TEST(depth, deeply_nested_toml_tables_and_arrays) {
  std::string text = "date = \"2024-02-08\"\ntitle = \"x\"\nplace = ";
  for (int i = 0; i < 10'000; ++i) text += "[";
  for (int i = 0; i < 10'000; ++i) text += "]";
  text += "\n";
  test::scratch_timeline t(test::files{{"2024-02-08-x.toml", text}});
  const auto list = t.run({"list"});
  EXPECT_EQ(list.exit, 1) << list.err.substr(0, 500);
  EXPECT_TRUE(has(list.err, "2024-02-08-x.toml:")) << list.err.substr(0, 500);
}

/// A calendar with one recurring event (`rule`), imported, then listed.
test::run_result list_recurring(const std::string& rule, const std::vector<std::string>& range) {
  test::scratch_timeline t;
  test::write_file(t.root() / "r.ics",
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
                   "UID:r1\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240101T090000Z\r\n"
                   "SUMMARY:Again\r\nRRULE:" +
                       rule + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  const auto imp = t.run({"import", "r.ics"});
  EXPECT_EQ(imp.exit, 0) << imp.err;
  std::vector<std::string> args{"list"};
  args.insert(args.end(), range.begin(), range.end());
  return t.run(args);
}

std::size_t occurrences(const std::string& out) {
  std::size_t n = 0;
  for (auto p = out.find("Again"); p != std::string::npos; p = out.find("Again", p + 1)) ++n;
  return n;
}

TEST(recurrence_bounds, a_billion_count_is_bounded_by_the_range) {
  const auto r =
      list_recurring("FREQ=DAILY;COUNT=1000000000", {"--from", "2024-03", "--to", "2024-03"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(occurrences(r.out), 31u);
}

TEST(recurrence_bounds, no_end_and_no_range_shows_the_open_ended_cap) {
  const auto r = list_recurring("FREQ=WEEKLY", {});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(occurrences(r.out), 20u);
}

TEST(recurrence_bounds, secondly_over_years_stays_bounded) {
  const auto r = list_recurring("FREQ=SECONDLY", {"--from", "2024", "--to", "2030"});
  EXPECT_EQ(r.exit, 0) << r.err.substr(0, 300);
  EXPECT_LE(occurrences(r.out), 10'000u);
  EXPECT_TRUE(has(r.err, "warning")) << r.err.substr(0, 300);
}

/// A calendar of three all-day events whose second holds `hostile`; `before` goes before the
/// calendar (text there makes Chronicle parse the file whole, not VEVENT by VEVENT).
std::string calendar_with(const std::string& hostile, const std::string& before = {}) {
  std::string ics = before + "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
  for (int i = 0; i < 3; ++i) {
    ics += "BEGIN:VEVENT\r\nUID:u" + std::to_string(i) + "\r\nDTSTART;VALUE=DATE:2024020" +
           std::to_string(i + 1) + "\r\nSUMMARY:e" + std::to_string(i) + "\r\n";
    if (i == 1) ics += hostile;
    ics += "END:VEVENT\r\n";
  }
  return ics + "END:VCALENDAR\r\n";
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

/// The errors of parsing `ics`, one a line, and how many events it gives.
std::pair<std::string, int> errors_of(const std::string& ics) {
  const auto parsed = parse_ics(ics, "h.ics", timeline_info{});
  std::string out;
  for (const auto& d : parsed.diagnostics)
    if (d.severity == severity::error) out += to_string(d) + "\n";
  int events = 0;
  for (const auto& e : parsed.events) events += e.event ? 1 : 0;
  return {out, events};
}

const std::string k_alarm = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\n";

TEST(vevent_limits, ten_thousand_valarms_are_rejected_with_the_limit) {
  for (const std::string before : {"", "\r\nstray text\r\n"}) {
    const auto [errors, events] =
        errors_of(calendar_with(repeat(k_alarm + "END:VALARM\r\n", 10'000), before));
    const int line = before.empty() ? 9 : 11;
    EXPECT_EQ(errors, "h.ics:" + std::to_string(line) +
                          ": error: event rejected: it holds 10000 components (VALARMs and "
                          "others); Chronicle reads at most 100\n");
    EXPECT_EQ(events, 2);
  }
}

TEST(vevent_limits, components_nested_past_the_depth_are_rejected) {
  for (const std::string before : {"", "\r\nstray text\r\n"}) {
    const auto [errors, events] = errors_of(
        calendar_with(repeat(k_alarm, 10'000) + repeat("END:VALARM\r\n", 10'000), before));
    EXPECT_TRUE(has(errors,
                    "error: event rejected: its components are nested 10002 deep "
                    "(VCALENDAR > VEVENT > VALARM is 3); Chronicle reads at most 5\n"))
        << errors;
    EXPECT_EQ(events, 2);
  }
  // Five deep is the most that is read.
  const auto [errors, events] = errors_of(
      calendar_with(k_alarm + "BEGIN:X-A\r\nBEGIN:X-B\r\nEND:X-B\r\nEND:X-A\r\nEND:VALARM\r\n"));
  EXPECT_EQ(errors, "");
  EXPECT_EQ(events, 3);
}

TEST(vevent_limits, folded_begin_lines_are_counted_too) {
  // libical unfolds "BEG\r\n IN:VALARM" into a BEGIN line; so does the count.
  const auto [errors, events] =
      errors_of(calendar_with(repeat("BEGIN:VALAR\r\n M\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n", 101)));
  EXPECT_TRUE(has(errors, "h.ics:9: error: event rejected: it holds 101 components")) << errors;
  EXPECT_EQ(events, 2);
}

TEST(vevent_limits, too_many_properties_are_rejected) {
  std::string props;
  for (int i = 0; i < 5000; ++i) props += "X-P" + std::to_string(i) + ":v\r\n";
  const auto [errors, events] = errors_of(calendar_with(props));
  EXPECT_EQ(errors,
            "h.ics:9: error: event rejected: it holds 5003 properties; Chronicle reads at most "
            "4096\n");
  EXPECT_EQ(events, 2);
}

TEST(vevent_limits, a_property_line_over_two_mib_is_rejected_naming_its_line) {
  const auto [errors, events] =
      errors_of(calendar_with("X-LONG:" + std::string(3u << 20, 'x') + "\r\n"));
  EXPECT_EQ(errors,
            "h.ics:9: error: event rejected: its line 13 is 3.0 MiB long (unfolded); Chronicle "
            "reads lines of at most 2 MiB\n");
  EXPECT_EQ(events, 2);
}

TEST(vevent_limits, every_calendar_in_the_shared_corpus_is_within_the_limits) {
  // Measured maxima over ../shared/ics-corpus (docs/RELIABILITY.md): depth 3, 4 components,
  // 24 properties, a 607-byte line. Nothing there may be rejected for a limit.
  const char* corpus = std::getenv("CHRONICLE_ICS_CORPUS");
  if (!corpus || !std::filesystem::is_directory(corpus)) GTEST_SKIP() << "no corpus";
  int files = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(corpus)) {
    if (f.path().extension() != ".ics") continue;
    ++files;
    const auto parsed = parse_ics(test::slurp(f.path()), f.path().string(), timeline_info{});
    for (const auto& d : parsed.diagnostics)
      EXPECT_FALSE(has(d.message, "Chronicle reads at most") ||
                   has(d.message, "Chronicle reads lines of at most"))
          << to_string(d);
  }
  EXPECT_GT(files, 0);
}

TEST(vevent_limits, the_fuzz_seeds_at_the_limits_are_read_as_their_names_say) {
  // fuzz/seeds/ics_import: "_within" imports both events, the others reject the first only;
  // "vtimezone_" seeds (a zone libical cannot be asked about) import their one event.
  const auto dir = std::filesystem::path(CHRONICLE_SOURCE_DIR) / "fuzz/seeds/ics_import";
  int seeds = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    ++seeds;
    const auto name = f.path().stem().string();
    const auto [errors, events] = errors_of(test::slurp(f.path()));
    if (name.starts_with("vtimezone_")) {
      EXPECT_EQ(errors, "") << name;
      EXPECT_EQ(events, 1) << name;
    } else if (has(name, "_within")) {
      EXPECT_EQ(errors, "") << name;
      EXPECT_EQ(events, 2) << name;
    } else {
      EXPECT_TRUE(has(errors, "Chronicle reads at most")) << name << ": " << errors;
      EXPECT_EQ(events, 1) << name;
    }
  }
  EXPECT_GE(seeds, 6);
}

TEST(vevent_limits, a_hand_written_ical_extra_nested_too_deep_is_an_error_on_load) {
  // Export writes ical_extra back inside the VEVENT: it is held to the import's limits.
  std::string extra = repeat("BEGIN:VALARM\\r\\n", 4) + repeat("END:VALARM\\r\\n", 4);
  test::scratch_timeline t(
      {{"2024-02-08-x.toml",
        "date = \"2024-02-08\"\ntitle = \"x\"\nical_extra = \"" + extra + "\"\n"}});
  const auto check = t.run({"check"});
  EXPECT_EQ(check.exit, 1) << check.err;
  EXPECT_TRUE(has(check.out + check.err,
                  "2024-02-08-x.toml:3:14: error: \"ical_extra\" nests components 4 "
                  "deep inside the event; at most 3"))
      << check.out << check.err;
  const auto exp = t.run({"export", "ics", "-o", "out.ics"});
  EXPECT_EQ(exp.exit, 1) << exp.err;
  EXPECT_FALSE(std::filesystem::exists(t.root() / "out.ics"));
}

}  // namespace
}  // namespace chronicle
