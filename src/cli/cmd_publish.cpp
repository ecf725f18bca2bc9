// chronicle publish: the timeline sent to a CalDAV calendar, one resource per event.

#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caldav_options.hpp"
#include "chronicle/exchange/ical/export.hpp"
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

int run_publish(const context& ctx, const caldav_args& args, bool dry_run, const std::string& lang,
                bool cancel) {
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  ics_options o;
  o.dtstamp = ctx.source_date_epoch;
  o.lang = lang;
  auto objects = export_calendar_objects(*t, o);
  for (const auto& d : objects.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (!objects) return k_bad_data;

  auto r = caldav_request(ctx, args);
  r.display_name = detail::pick_text(t->info.name, t->info.default_language).text;
  if (r.display_name.empty()) r.display_name = "Chronicle";
  r.dry_run = dry_run;
  r.cancel = cancel;
  const auto report = publish_objects(*objects, publish_state_file(ctx.events_dir, args.url), r);

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
      "an unchanged timeline costs one request. An event changed on the server since the last\n"
      "publish is never overwritten: it is a conflict (exit 1) unless --prefer settles it.\n"
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
