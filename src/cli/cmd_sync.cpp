// chronicle sync: pull, then publish.

#include <memory>
#include <string>

#include "caldav_options.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct sync_args {
  caldav_args connection;
  std::string lang;
  bool cancel = false;
};

}  // namespace

void add_sync_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<sync_args>();
  auto* cmd = app.add_subcommand(
      "sync", "Pull a CalDAV calendar's changes, then publish the timeline to it");
  add_caldav_options(*cmd, ctx, args->connection,
                     "Settle conflicts, in the pull and in the publish: ours keeps the "
                     "timeline's version, theirs the server's");
  cmd->add_option("--lang", args->lang,
                  "Language of titles and descriptions sent (default: the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->add_flag("--cancel", args->cancel,
                "Keep events removed from the timeline on the server as cancelled, as publish "
                "--cancel does");
  cmd->footer(
      "`chronicle pull URL`, then, when it succeeded, `chronicle publish URL`, with the same\n"
      "options. A conflict in the pull stops before anything is sent.\n\n"
      "Examples:\n"
      "  chronicle sync http://127.0.0.1:5232/alice/c5plus1/");
  cmd->callback([&ctx, args] {
    ctx.exit = run_pull(ctx, args->connection, false);
    if (ctx.exit == k_ok)
      ctx.exit = run_publish(ctx, args->connection, false, args->lang, args->cancel);
  });
}

}  // namespace chronicle::cli
