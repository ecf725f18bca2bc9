#!/usr/bin/python3
"""`chronicle export vdir`: one file per event, read back by khal and by Python's icalendar.

Usage: vdir_test.py --chronicle BIN --events DIR --work DIR

Checks: each file holds one UID and the VEVENT that `export ics` writes for it, byte for byte,
with the VTIMEZONE it needs; khal lists every event of the vdir with its title; a second
export rewrites nothing; after an edit only that file changes; after a removal its file is
deleted while a user's unrelated files stay, and a file someone changed since is kept.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

import icalendar


def fail(message: str):
    sys.exit(f"FAIL: {message}")


def expect(condition: bool, message: str):
    if not condition:
        fail(message)


def vevent_blocks(text: str) -> list:
    return re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, re.S)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--chronicle", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--work", required=True)
    args = p.parse_args()
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    events = os.path.join(work, "events")
    shutil.copytree(args.events, events)
    # One timed event, so that a VTIMEZONE is needed.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "TZ": "UTC",
           "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1700000000"}

    def chronicle(*argv, rc=0):
        r = subprocess.run([args.chronicle, "--events", events, *argv], capture_output=True,
                           text=True, env=env)
        if r.returncode != rc:
            fail(f"chronicle {' '.join(argv)} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
        return r

    chronicle("add", "Timed meeting in Almaty", "--date", "2024-06-03", "--time", "10:00",
              "--end", "11:30", "--tz", "Asia/Almaty")
    vdir = os.path.join(work, "vdir")
    r = chronicle("export", "vdir", vdir)
    ics = subprocess.run([args.chronicle, "--events", events, "export", "ics"],
                         capture_output=True, env=env).stdout.decode()
    blocks = vevent_blocks(ics)
    files = sorted(glob.glob(os.path.join(vdir, "*.ics")))
    expect(r.stdout == f"{len(blocks)} written, 0 unchanged, 0 deleted in {vdir}\n", r.stdout)
    expect(len(files) == len(blocks), f"{len(files)} files for {len(blocks)} VEVENTs")
    found = []
    for f in files:
        text = open(f, newline="").read()
        mine = vevent_blocks(text)
        expect(len(mine) == 1, f"{f}: {len(mine)} VEVENTs")
        found += mine
        cal = icalendar.Calendar.from_ical(text)
        uid = str(next(iter(cal.walk("VEVENT")))["UID"])
        name = os.path.basename(f)
        safe = re.sub(r"[^A-Za-z0-9_.+-]", "_", uid)
        expect(name == uid + ".ics" or re.fullmatch(re.escape(safe) + r"-[0-9a-f]{16}\.ics", name),
               f"{name} is not named by {uid}")
        tzids = {str(v["DTSTART"].params.get("TZID")) for v in cal.walk("VEVENT")
                 if "TZID" in v["DTSTART"].params}
        zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
        expect(tzids == zones, f"{name}: zones {zones} for TZIDs {tzids}")
        expect(text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"), f"{name}: head")
    expect(sorted(found) == sorted(blocks), "the files' VEVENTs differ from export ics")
    expect(any("Asia/Almaty" in open(f).read() for f in files), "no VTIMEZONE written")

    # khal reads the vdir as its calendar.
    config = os.path.join(work, "khal.conf")
    with open(config, "w") as f:
        f.write(f"""[calendars]
[[chronicle]]
path = {vdir}
type = calendar
[sqlite]
path = {os.path.join(work, "khal.db")}
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M
longdatetimeformat = %Y-%m-%dT%H:%M
""")
    out = subprocess.run(["khal", "-c", config, "list", "--once", "--day-format", "",
                          "--format", "{uid}\x1f{title}", "2023-01-01", "2025-12-31"],
                         capture_output=True, text=True, env=env)
    expect(out.returncode == 0, out.stderr)
    listed = dict(line.split("\x1f", 1) for line in out.stdout.splitlines() if "\x1f" in line)
    truth = {str(v["UID"]): str(v["SUMMARY"])
             for v in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    expect(listed == truth, f"khal lists {listed}\nexpected {truth}")

    # A second export rewrites nothing.
    mtimes = {f: os.stat(f).st_mtime_ns for f in files}
    r = chronicle("export", "vdir", vdir)
    expect(r.stdout == f"0 written, {len(files)} unchanged, 0 deleted in {vdir}\n", r.stdout)
    expect(mtimes == {f: os.stat(f).st_mtime_ns for f in files}, "unchanged files rewritten")

    # An edit rewrites one file; a removal deletes one; a user's own files stay.
    ids = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(events, "*.toml"))
                 if not p.endswith("timeline.toml"))
    with open(os.path.join(vdir, "notes.txt"), "w") as f:
        f.write("mine\n")
    mine = os.path.join(vdir, "someone-else.ics")
    shutil.copy(files[0], mine)
    chronicle("edit", ids[0], "--set", "title.en=Edited for the vdir")
    chronicle("remove", ids[1], "--force")
    before = {f: open(f, "rb").read() for f in files}
    r = chronicle("export", "vdir", vdir)
    # The edited event's file changes, and those of events whose description names it or that
    # lost a relation to the removed one: exactly the files whose bytes differ are written.
    changed = [f for f in files if os.path.exists(f) and open(f, "rb").read() != before[f]]
    expect(any(ids[0] in os.path.basename(f) for f in changed), "the edited file is unchanged")
    expect(r.stdout == f"{len(changed)} written, {len(files) - 1 - len(changed)} unchanged, "
           f"1 deleted in {vdir}\n", r.stdout)
    expect(all(os.stat(f).st_mtime_ns == mtimes[f] for f in files
               if os.path.exists(f) and f not in changed), "an unchanged file was rewritten")
    expect(os.path.exists(os.path.join(vdir, "notes.txt")) and os.path.exists(mine),
           "a user's file was deleted")
    left = [f for f in files if not os.path.exists(f)]
    expect(len(left) == 1 and ids[1] in os.path.basename(left[0]), f"deleted {left}")

    # A file changed since it was exported is kept when its event goes.
    victim = next(f for f in files if ids[2] in os.path.basename(f))
    with open(victim, "a") as f:
        f.write("")
    text = open(victim, newline="").read().replace("SUMMARY", "SUMMARY;X-EDITED=1", 1)
    with open(victim, "w", newline="") as f:
        f.write(text)
    chronicle("remove", ids[2], "--force")
    r = chronicle("export", "vdir", vdir)
    expect(os.path.exists(victim), "a changed file was deleted")
    expect(f"kept \"{victim}\": its event is gone, but the file changed since it was exported"
           in r.stderr, r.stderr)
    expect(", 0 deleted" in r.stdout, r.stdout)
    state = glob.glob(os.path.join(events, ".chronicle", "vdir", "*.json"))
    expect(len(state) == 1, f"state files {state}")
    expect(os.path.exists(os.path.join(events, ".chronicle", "README")), "no README")
    print(f"vdir: {len(files)} files, khal lists all, reruns rewrite nothing, removals clean up")


if __name__ == "__main__":
    main()
