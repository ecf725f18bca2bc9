// chronicle publish: the timeline sent to a CalDAV calendar, one resource per event.

#include <cstdio>
#include <memory>
#include <string>

#include <sys/wait.h>

#include <fmt/format.h>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/publish/caldav.hpp"
#include "chronicle/render/presentation.hpp"
#include "chronicle/util/text_diff.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct publish_args {
  std::string url;
  std::string user;
  std::string password_command;
  std::string prefer;
  std::string lang;
  std::string ca_file;
  long timeout = 30;
  bool dry_run = false;
  bool verbose = false;
};

/// The first line the command prints, run by /bin/sh with the user's environment. The password
/// travels through a pipe, never through a command line or the environment of a child.
std::string run_password_command(const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw io_error(fmt::format("cannot run the password command \"{}\"", command));
  std::string out;
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status != 0)
    throw io_error(fmt::format("the password command \"{}\" failed (exit status {})", command,
                               WIFEXITED(status) ? WEXITSTATUS(status) : status));
  if (const auto nl = out.find('\n'); nl != std::string::npos) out.resize(nl);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

const char* verb_of(publish_action a) {
  switch (a) {
    case publish_action::create_collection: return "MKCALENDAR";
    case publish_action::create:
    case publish_action::update: return "PUT";
    case publish_action::remove: return "DELETE";
  }
  return "";
}

int run_publish(const context& ctx, const publish_args& args) {
  const bool password_given = !args.password_command.empty() || ctx.password;
  if (password_given && args.user.empty() && user_in_url(args.url).empty())
    throw usage_error(fmt::format(
        "a password from {} needs a user name: give --user NAME, or write it in the URL "
        "(http://NAME@host/...)",
        args.password_command.empty() ? "CHRONICLE_PASSWORD" : "--password-command"));
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  ics_options o;
  o.dtstamp = ctx.source_date_epoch;
  o.lang = args.lang;
  auto objects = export_calendar_objects(*t, o);
  for (const auto& d : objects.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (!objects) return k_bad_data;

  publish_request r;
  r.url = args.url;
  r.display_name = detail::pick_text(t->info.name, t->info.default_language).text;
  if (r.display_name.empty()) r.display_name = "Chronicle";
  r.user = args.user;
  if (!args.password_command.empty())
    r.password = run_password_command(args.password_command);
  else
    r.password = ctx.password;
  if (!ctx.home.empty()) r.netrc_file = std::filesystem::path(ctx.home) / ".netrc";
  r.ca_file = args.ca_file;
  r.prefer = args.prefer == "ours"     ? prefer_side::ours
             : args.prefer == "theirs" ? prefer_side::theirs
                                       : prefer_side::none;
  r.dry_run = args.dry_run;
  r.timeout_seconds = args.timeout;
  if (args.verbose)
    r.log = [](std::string_view line) {
      std::fprintf(stderr, "chronicle: %.*s\n", static_cast<int>(line.size()), line.data());
    };
  const auto report = publish_objects(*objects, publish_state_file(ctx.events_dir, args.url), r);

  std::string out;
  for (const auto& s : report.steps)
    if (args.dry_run)
      out += fmt::format("would {} {}{}{}\n", verb_of(s.action), s.url,
                         s.condition.empty() ? "" : "  (" + s.condition + ")",
                         s.event_id.empty() ? "" : "  " + s.event_id);
  for (const auto& note : report.notes) out += "note: " + note + "\n";
  for (const auto& c : report.conflicts) {
    out += unified_diff(c.theirs, c.ours, c.theirs.empty() ? "/dev/null" : "server: " + c.url,
                        c.ours.empty() ? "/dev/null" : "timeline: " + c.event_id);
  }
  auto summary = fmt::format("{} created, {} updated, {} deleted, {} unchanged", report.created,
                             report.updated, report.removed, report.unchanged);
  if (report.adopted) summary += fmt::format(", {} already on the server", report.adopted);
  if (!report.conflicts.empty())
    summary += fmt::format(", {} in conflict", report.conflicts.size());
  summary += fmt::format(" ({} request{})", report.requests, report.requests == 1 ? "" : "s");
  if (report.created_collection) out += fmt::format("created the calendar {}\n", args.url);
  out += (args.dry_run ? "dry run, nothing sent: " : "") + summary + "\n";
  std::fputs(out.c_str(), stdout);
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

}  // namespace

void add_publish_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<publish_args>();
  auto* cmd = app.add_subcommand("publish", "Send the timeline to a CalDAV calendar");
  cmd->add_option("URL", args->url, "The calendar collection (created when missing)")->required();
  cmd->add_option("--user", args->user, "User name (default: the URL's, else ~/.netrc's)")
      ->option_text("NAME");
  cmd->add_option("--password-command", args->password_command,
                  "Run COMMAND (with /bin/sh) and use the first line it prints as the password")
      ->option_text("COMMAND");
  cmd->add_option("--prefer", args->prefer,
                  "Settle events changed on the server since the last publish: ours sends the "
                  "timeline's version, theirs keeps the server's")
      ->check(CLI::IsMember({"ours", "theirs"}))
      ->option_text("ours|theirs");
  cmd->add_option("--lang", args->lang,
                  "Language of titles and descriptions (default: the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->add_option("--timeout", args->timeout, "Seconds to wait for each request (default 30)")
      ->check(CLI::Range(1, 3600))
      ->option_text("SECONDS");
  cmd->add_option("--cacert", args->ca_file,
                  "Also trust the certificates in FILE (PEM), e.g. a local server's")
      ->option_text("FILE");
  cmd->add_flag("--dry-run", args->dry_run,
                "Print the requests that would change the server; send none of them");
  cmd->add_flag("-v,--verbose", args->verbose, "Print each request and its status to stderr");
  cmd->footer(
      "One calendar object per event, the same VEVENT as `export ics` writes. New events are\n"
      "created with If-None-Match: *, changed ones replaced with If-Match: ETAG, events removed\n"
      "from the timeline deleted with If-Match. What was sent is remembered in\n"
      ".chronicle/publish/ of the timeline, so an unchanged timeline costs one request. An\n"
      "event changed on the server since the last publish is never overwritten: it is a\n"
      "conflict (exit 1) unless --prefer settles it.\n"
      "The password comes from --password-command, CHRONICLE_PASSWORD or ~/.netrc, and is\n"
      "never printed or stored. Certificates are always checked. Network and server failures\n"
      "exit 3; what succeeded before is remembered, and running publish again finishes it.\n\n"
      "Examples:\n"
      "  chronicle publish http://127.0.0.1:5232/alice/c5plus1/\n"
      "  chronicle publish https://dav.example.org/cal/team/ --dry-run\n"
      "  chronicle publish https://dav.example.org/cal/team/ --password-command 'pass show dav'");
  cmd->callback([&ctx, args] { ctx.exit = run_publish(ctx, *args); });
}

}  // namespace chronicle::cli
