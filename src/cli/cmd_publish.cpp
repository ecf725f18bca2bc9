// chronicle publish: the timeline sent to a CalDAV calendar, one resource per event.

#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caldav_options.hpp"
#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/ops/change_plan.hpp"
#include "chronicle/ops/import.hpp"
#include "chronicle/publish/caldav.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/util/text_diff.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct publish_args {
  caldav_args connection;
  std::string lang;
  bool dry_run = false;
  bool cancel = false;
};

const char* verb_of(publish_action a) {
  switch (a) {
    case publish_action::create_collection: return "MKCALENDAR";
    case publish_action::create:
    case publish_action::update:
    case publish_action::cancel: return "PUT";
    case publish_action::remove: return "DELETE";
  }
  return "";
}

}  // namespace

/// What, besides the timeline's files, decides the objects publish sends: this program (its
/// version and its own file, so that a rebuilt one exports afresh) and the options.
std::string publish_settings(const context& ctx, const std::string& lang, bool cancel) {
  std::string program = "chronicle 0.1.0, calendar objects 1";
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0)
    program += fmt::format(" {}:{}:{}.{:09}", st.st_ino, st.st_size, st.st_mtim.tv_sec,
                           st.st_mtim.tv_nsec);
  else
    return {};  // no way to tell this program from another build: no fast path
  return fmt::format("{}\nlang={}\ndtstamp={}\ncancel={}", program, lang,
                     ctx.source_date_epoch ? ctx.source_date_epoch->time_since_epoch().count() : -1,
                     cancel ? 1 : 0);
}

int run_publish(const context& ctx, const caldav_args& args, bool dry_run, const std::string& lang,
                bool cancel) {
  auto r = caldav_request(ctx, args);
  r.dry_run = dry_run;
  r.cancel = cancel;
  // Before anything is read: a file changed while it is read then differs next time.
  if (const auto settings = publish_settings(ctx, lang, cancel); !settings.empty())
    r.inputs_fingerprint = publish_inputs_fingerprint(ctx.events_dir, settings);
  // Read only when publish needs the timeline: not at all when its files are as the last
  // publish read them. Kept for the merge bases recorded afterwards.
  std::optional<timeline> read;
  std::vector<calendar_object> sent;
  auto read_timeline = [&]() -> std::optional<std::vector<calendar_object>> {
    auto t = load_or_report(ctx);
    if (!t) return std::nullopt;
    ics_options o;
    o.dtstamp = ctx.source_date_epoch;
    o.lang = lang;
    auto objects = export_calendar_objects(*t, o);
    for (const auto& d : objects.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
    if (!objects) return std::nullopt;
    // The name of a collection publish creates (only a publish that reads the timeline does).
    r.display_name = detail::pick_text(t->info.name, t->info.default_language).text;
    if (r.display_name.empty()) r.display_name = "Chronicle";
    read = std::move(*t);
    sent = *objects;
    return std::move(*objects);
  };
  const auto state = publish_state_file(ctx.events_dir, args.url);
  const auto report = publish_timeline(read_timeline, state, r);
  if (report.unreadable) return k_bad_data;
  // The events the server now holds as sent become the bases that pull merges with. A
  // publish that did not read the timeline changed nothing: the bases recorded stay true.
  if (!dry_run && read)
    apply_plan(plan_record_bases(ctx.events_dir, *read, published_as_sent(state, sent)),
               ctx.events_dir);

  std::string out;
  for (const auto& s : report.steps)
    if (dry_run)
      out += fmt::format("would {} {}{}{}{}\n", verb_of(s.action), s.url,
                         s.action == publish_action::cancel ? "  (as cancelled)" : "",
                         s.condition.empty() ? "" : "  (" + s.condition + ")",
                         s.event_id.empty() ? "" : "  " + s.event_id);
  for (const auto& note : report.notes) out += "note: " + note + "\n";
  for (const auto& c : report.conflicts)
    out += unified_diff(c.theirs, c.ours, c.theirs.empty() ? "/dev/null" : "server: " + c.url,
                        c.ours.empty() ? "/dev/null" : "timeline: " + c.event_id);
  auto summary = fmt::format("{} created, {} updated, {} deleted, {} unchanged", report.created,
                             report.updated, report.removed, report.unchanged);
  if (report.cancelled) summary += fmt::format(", {} cancelled", report.cancelled);
  if (report.adopted) summary += fmt::format(", {} already on the server", report.adopted);
  if (!report.conflicts.empty())
    summary += fmt::format(", {} in conflict", report.conflicts.size());
  summary += fmt::format(" ({} request{})", report.requests, report.requests == 1 ? "" : "s");
  if (report.created_collection) out += fmt::format("created the calendar {}\n", args.url);
  out += (dry_run ? "dry run, nothing sent: " : "") + summary + "\n";
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  for (const auto& c : report.conflicts)
    complain(fmt::format("conflict: {} ({}): {}", c.event_id, c.url, c.reason));
  if (!report.conflicts.empty()) {
    complain(fmt::format(
        "{} event(s) not published, the server's version kept (shown above as a diff from the "
        "server's to the timeline's); choose with --prefer ours (send the timeline's) or "
        "--prefer theirs (keep the server's)",
        report.conflicts.size()));
    return k_bad_data;
  }
  return k_ok;
}

void add_publish_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<publish_args>();
  auto* cmd = app.add_subcommand("publish", "Send the timeline to a CalDAV calendar");
  add_caldav_options(*cmd, ctx, args->connection,
                     "Settle events changed on the server since the last publish: ours sends "
                     "the timeline's version, theirs keeps the server's");
  cmd->add_option("--lang", args->lang,
                  "Language of titles and descriptions (default: the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->add_flag("--dry-run", args->dry_run,
                "Print the requests that would change the server; send none of them");
  cmd->add_flag("--cancel", args->cancel,
                "Keep events removed from the timeline on the server as cancelled "
                "(STATUS:CANCELLED), instead of deleting them");
  cmd->footer(
      "One calendar object per event, the same VEVENT as `export ics` writes; the calendar is\n"
      "created (MKCALENDAR) when missing. New events are created with If-None-Match: *,\n"
      "changed ones replaced with If-Match: ETAG, events removed from the timeline deleted\n"
      "with If-Match. What was sent is remembered in .chronicle/publish/ of the timeline, so\n"
      "an unchanged timeline costs one request (and its files are not even read when their\n"
      "sizes, times and inodes are as the last publish saw them), and a changed one one\n"
      "request per changed event, without listing the calendar. An event changed on the\n"
      "server since the last publish is never overwritten: it is a conflict (exit 1) unless\n"
      "--prefer settles it.\n"
      "The password comes from --password-command, CHRONICLE_PASSWORD or ~/.netrc, and is\n"
      "never printed or stored. Certificates are always checked. Network and server failures\n"
      "exit 3; what succeeded before is remembered, and running publish again finishes it.\n\n"
      "Examples:\n"
      "  chronicle publish http://127.0.0.1:5232/alice/c5plus1/\n"
      "  chronicle publish https://dav.example.org/cal/team/ --dry-run\n"
      "  chronicle publish https://dav.example.org/cal/team/ --user me \\\n"
      "      --password-command 'pass show dav'");
  cmd->callback([&ctx, args] {
    ctx.exit = run_publish(ctx, args->connection, args->dry_run, args->lang, args->cancel);
  });
}

}  // namespace chronicle::cli
