#!/usr/bin/env python3
"""A real subscribing client: vdirsyncer's `http` storage pulls /calendar.ics from `chronicle
serve` into a filesystem vdir, and khal reads that vdir. After an edit of the timeline, once serve has
reloaded it, the next sync brings the change.

CHRONICLE=... CHRONICLE_SOURCE_DIR=... CHRONICLE_WORK=... subscribe_test.py
"""
import glob
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import WORK, Server, chronicle, fresh_timeline  # noqa: E402

import icalendar  # noqa: E402


def run(args, env):
    r = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {r.returncode}:\n{r.stdout}\n{r.stderr}")
    return r.stdout


def summaries_of_export(events):
    cal = icalendar.Calendar.from_ical(chronicle(events, "export", "ics").stdout)
    return sorted({str(e["UID"]) for e in cal.walk("VEVENT")}), sorted(
        str(e["SUMMARY"]) for e in cal.walk("VEVENT"))


def summaries_of_vdir(vdir):
    out = []
    for path in glob.glob(os.path.join(vdir, "*.ics")):
        cal = icalendar.Calendar.from_ical(open(path, "rb").read())
        out += [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    return sorted(out)


def main():
    vdirsyncer = shutil.which("vdirsyncer")
    khal = shutil.which("khal")
    if not vdirsyncer or not khal:
        sys.exit("vdirsyncer and khal are needed (scripts/deps.d/serve.txt, interop.txt)")
    events = fresh_timeline("timeline")
    home = os.path.join(WORK, "home")
    shutil.rmtree(home, ignore_errors=True)
    vdir = os.path.join(home, "calendar")
    os.makedirs(vdir)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
    with Server(events, "--poll-interval", "0") as server:
        config = os.path.join(home, "vdirsyncer.conf")
        with open(config, "w") as f:
            f.write(f"""[general]
status_path = "{home}/status/"

[pair subscription]
a = "feed"
b = "local"
collections = null
conflict_resolution = "a wins"

[storage feed]
type = "http"
url = "{server.url}calendar.ics"

[storage local]
type = "filesystem"
path = "{vdir}"
fileext = ".ics"
""")
        khal_config = os.path.join(home, "khal.conf")
        with open(khal_config, "w") as f:
            f.write(f"[calendars]\n[[c]]\npath = {vdir}\ntype = calendar\n[sqlite]\n"
                    f"path = {os.path.join(home, 'khal.db')}\n[locale]\nlocal_timezone = UTC\n"
                    "default_timezone = UTC\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
                    "datetimeformat = %Y-%m-%dT%H:%M\nlongdatetimeformat = %Y-%m-%dT%H:%M\n"
                    "[default]\ndefault_calendar = c\n")

        def sync_and_check(step):
            run([vdirsyncer, "-c", config, "discover"], env)
            run([vdirsyncer, "-c", config, "sync"], env)
            uids, summaries = summaries_of_export(events)
            files = glob.glob(os.path.join(vdir, "*.ics"))
            if len(files) != len(uids):
                sys.exit(f"{step}: vdirsyncer wrote {len(files)} files; the calendar has "
                         f"{len(uids)} events")
            if summaries_of_vdir(vdir) != summaries:
                sys.exit(f"{step}: the vdir holds {summaries_of_vdir(vdir)}, the calendar {summaries}")
            listed = run([khal, "-c", khal_config, "list", "--once", "--day-format", "",
                          "--format", "{title}", "2020-01-01", "2030-12-31"], env)
            titles = sorted(line for line in listed.splitlines() if line)
            if titles != summaries:
                sys.exit(f"{step}: khal lists {titles}, the calendar holds {summaries}")
            print(f"{step}: vdirsyncer pulled {len(files)} events; khal lists {len(titles)}")
            return summaries

        before = sync_and_check("first sync")
        path = os.path.join(events, "2024-03-03-pdac-2024-convention.toml")
        text = open(path, encoding="utf-8").read()
        since = len(server.log)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace('en = "PDAC 2024 convention"', 'en = "PDAC 2024 convention (moved)"'))
        server.wait_for("reloaded the timeline: 5 events", since)
        after = sync_and_check("after an edit")
        if after == before or not any("(moved)" in s for s in after):
            sys.exit(f"the edit did not reach the subscriber: {after}")
        code = server.stop()
        if code != 0:
            sys.exit(f"serve exited {code}: {server.log}")
    print("ok")


if __name__ == "__main__":
    main()
