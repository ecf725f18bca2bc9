// chronicle serve: the timeline over HTTP, read-only, for calendar subscriptions and browsing.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "chronicle/serve/server.hpp"
#include "command.hpp"

namespace chronicle::cli {

namespace {

struct serve_args {
  std::string listen = "127.0.0.1:8080";
  std::string lang;
  unsigned poll_ms = 1000;
  unsigned threads = 8;
};

int run_serve(const context& ctx, const serve_args& args) {
  auto address = parse_listen_address(args.listen);
  if (!address) throw usage_error("--listen " + address.diagnostics.front().message);
  if (args.threads == 0) throw usage_error("--threads 0: at least one thread serves requests");

  // Before any thread starts: SIGINT and SIGTERM are taken by sigwait in one thread below, not
  // delivered to whichever thread is running; SIGUSR1 wakes that thread when serving ends
  // otherwise. A client that hangs up mid-response must not end the process (SIGPIPE).
  ::signal(SIGPIPE, SIG_IGN);
  // A shell starts background commands with SIGINT ignored, and an ignored signal is dropped
  // even while blocked, so sigwait would never see it: serve stops on SIGINT wherever it runs.
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server_options o;
  o.events_dir = ctx.events_dir;
  o.listen = *address;
  o.site.lang = args.lang;
  o.site.dtstamp = ctx.source_date_epoch;
  o.poll_interval = std::chrono::milliseconds{args.poll_ms};
  o.threads = args.threads;
  o.log = [](std::string_view line) {
    std::fprintf(stderr, "chronicle serve: %.*s\n", static_cast<int>(line.size()), line.data());
  };
  server s(o);
  const auto bound = s.start();
  std::printf("serving %s (%scalendar.ics)\n", base_url(bound).c_str(),
              base_url(bound, "webcal").c_str());
  std::fflush(stdout);

  int stopped_by = 0;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (sig == SIGUSR1) return;
    stopped_by = sig;
    s.stop();
  });
  s.run();
  pthread_kill(waiter.native_handle(), SIGUSR1);  // no effect when it has already returned
  waiter.join();
  if (!stopped_by) {
    complain(fmt::format("stopped listening on {} unexpectedly", base_url(bound)));
    return k_io;
  }
  std::fprintf(stderr, "chronicle serve: stopped (%s)\n",
               stopped_by == SIGINT ? "SIGINT" : "SIGTERM");
  return k_ok;
}

}  // namespace

void add_serve_command(CLI::App& app, context& ctx) {
  auto args = std::make_shared<serve_args>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the timeline over HTTP, read-only: the calendar to subscribe to, the web "
      "page and the JSON");
  cmd->add_option("--listen", args->listen,
                  "Address and port to listen on (default: 127.0.0.1:8080; port 0: any free "
                  "port)")
      ->option_text("ADDR:PORT");
  cmd->add_option("--lang", args->lang,
                  "Language of the calendar, the page and the JSON (default: the timeline's)")
      ->check(CLI::IsMember({"en", "ru"}));
  cmd->add_option("--poll-interval", args->poll_ms,
                  "Check the event files for changes every MS milliseconds, beside the requests "
                  "(default: 1000; 0: when a request comes)")
      ->option_text("MS");
  cmd->add_option("--threads", args->threads,
                  "Requests served at once (default: 8); more clients wait their turn")
      ->option_text("N");
  cmd->footer(
      "Serves /calendar.ics (as export ics writes it), / (export html) and /events.json (export "
      "json), and nothing else. Subscribe from a calendar app with the webcal:// URL it "
      "prints.\nStops on Ctrl-C (SIGINT) or SIGTERM.\n\n"
      "Examples:\n"
      "  chronicle serve\n"
      "  chronicle serve --listen 0.0.0.0:8080     # reachable from other machines\n"
      "  chronicle serve --listen 127.0.0.1:0      # any free port; the URL is printed");
  cmd->callback([&ctx, args] { ctx.exit = run_serve(ctx, *args); });
}

}  // namespace chronicle::cli
