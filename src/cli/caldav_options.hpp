#pragma once
// What `publish`, `pull` and `sync` share: how to reach the CalDAV collection.

#include <string>

#include "chronicle/publish/caldav.hpp"
#include "command.hpp"

namespace chronicle::cli {

struct caldav_args {
  std::string url;
  std::string user;
  std::string password_command;
  std::string ca_file;
  std::string prefer;
  long timeout = 30;
  bool verbose = false;
};

/// URL, --user, --password-command, --cacert, --timeout, --prefer (with `prefer_help`) and -v.
/// URL may be left out when CHRONICLE_CALENDAR_URL or the configuration file's calendar_url
/// gives it (filled in once the settings are known; a usage error when nothing gives it).
void add_caldav_options(CLI::App& cmd, context& ctx, caldav_args& args,
                        const std::string& prefer_help);

/// The request for `args`: the password from --password-command, else CHRONICLE_PASSWORD, else
/// ~/.netrc. Throws usage_error when a password is given but no user name.
publish_request caldav_request(const context& ctx, const caldav_args& args);

/// The commands themselves, for `sync`: pull, then publish (which loads the timeline afresh).
int run_pull(const context& ctx, const caldav_args& args, bool dry_run);
int run_publish(const context& ctx, const caldav_args& args, bool dry_run, const std::string& lang,
                bool cancel);

}  // namespace chronicle::cli
