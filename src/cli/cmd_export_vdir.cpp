// chronicle export vdir: one .ics file per event in a folder, for khal and vdirsyncer.

#include <cstdio>
#include <memory>

#include "chronicle/exchange/ical/export.hpp"
#include "chronicle/publish/vdir.hpp"
#include "command.hpp"
#include "ics_options.hpp"

namespace chronicle::cli {

namespace {

struct vdir_args {
  std::string dir;
  ics_choices choices;
};

int run_export_vdir(const context& ctx, const vdir_args& args) {
  const ics_options o = to_ics_options(ctx, args.choices);
  auto t = load_or_report(ctx);
  if (!t) return k_bad_data;
  auto objects = export_calendar_objects(*t, o);
  for (const auto& d : objects.diagnostics) std::fprintf(stderr, "%s\n", to_string(d).c_str());
  if (!objects) return k_bad_data;
  const auto report = write_vdir(*objects, args.dir, vdir_state_file(ctx.events_dir, args.dir));
  for (const auto& path : report.kept)
    std::fprintf(stderr,
                 "chronicle: kept \"%s\": its event is gone, but the file changed since it was "
                 "exported\n",
                 path.string().c_str());
  std::printf("%zu written, %zu unchanged, %zu deleted in %s\n", report.written, report.unchanged,
              report.removed, args.dir.c_str());
  return k_ok;
}

}  // namespace

void add_export_vdir_command(CLI::App& export_cmd, context& ctx) {
  auto args = std::make_shared<vdir_args>();
  auto* vdir = export_cmd.add_subcommand(
      "vdir",
      "Export one .ics file per event into a folder (the vdir that khal and vdirsyncer read)");
  vdir->add_option("DIR", args->dir, "The folder (created when missing)")->required();
  add_ics_choices(*vdir, args->choices);
  vdir->footer(
      "Each file is a whole calendar holding one event as `export ics` writes it, named by its\n"
      "UID; unchanged files are not rewritten, and files this command wrote for events since\n"
      "removed are deleted (a file changed by someone else since is kept). No other file in DIR\n"
      "is touched.\n\n"
      "Examples:\n"
      "  chronicle export vdir ~/.calendars/c5plus1\n"
      "  chronicle export vdir --lang ru exports/vdir-ru");
  vdir->callback([&ctx, args] { ctx.exit = run_export_vdir(ctx, *args); });
}

}  // namespace chronicle::cli
