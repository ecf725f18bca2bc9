// The connection options of publish, pull and sync.

#include "caldav_options.hpp"

#include <cstdio>
#include <string>

#include <sys/wait.h>

#include <fmt/format.h>

namespace chronicle::cli {

namespace {

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

}  // namespace

void add_caldav_options(CLI::App& cmd, context& ctx, caldav_args& args,
                        const std::string& prefer_help) {
  cmd.add_option("URL", args.url,
                 "The calendar collection (default: CHRONICLE_CALENDAR_URL, else the "
                 "configuration file's calendar_url)");
  ctx.on_settings.push_back([&cmd, &ctx, &args] {
    if (!cmd.parsed() || !args.url.empty()) return;
    if (ctx.calendar_url.empty())
      throw usage_error(
          fmt::format("{} needs the calendar's URL: give it (chronicle {} URL), or set "
                      "CHRONICLE_CALENDAR_URL or calendar_url in the configuration file",
                      cmd.get_name(), cmd.get_name()));
    args.url = ctx.calendar_url;
  });
  cmd.add_option("--user", args.user, "User name (default: the URL's, else ~/.netrc's)")
      ->option_text("NAME");
  cmd.add_option("--password-command", args.password_command,
                 "Run COMMAND (with /bin/sh) and use the first line it prints as the password")
      ->option_text("COMMAND");
  cmd.add_option("--prefer", args.prefer, prefer_help)
      ->check(CLI::IsMember({"ours", "theirs"}))
      ->option_text("ours|theirs");
  cmd.add_option("--timeout", args.timeout, "Seconds to wait for each request (default 30)")
      ->check(CLI::Range(1, 3600))
      ->option_text("SECONDS");
  cmd.add_option("--cacert", args.ca_file,
                 "Also trust the certificates in FILE (PEM), e.g. a local server's")
      ->option_text("FILE");
  cmd.add_flag("-v,--verbose", args.verbose, "Print each request and its status to stderr");
}

publish_request caldav_request(const context& ctx, const caldav_args& args) {
  const bool password_given = !args.password_command.empty() || ctx.password;
  if (password_given && args.user.empty() && user_in_url(args.url).empty())
    throw usage_error(fmt::format(
        "a password from {} needs a user name: give --user NAME, or write it in the URL "
        "(http://NAME@host/...)",
        args.password_command.empty() ? "CHRONICLE_PASSWORD" : "--password-command"));
  publish_request r;
  r.url = args.url;
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
  r.timeout_seconds = args.timeout;
  if (args.verbose)
    r.log = [](std::string_view line) {
      std::fprintf(stderr, "chronicle: %.*s\n", static_cast<int>(line.size()), line.data());
    };
  return r;
}

}  // namespace chronicle::cli
