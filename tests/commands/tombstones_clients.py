#!/usr/bin/env python3
"""Removed events leave calendars too (issue 12, point 8), with real clients.

tombstones_clients.py CHRONICLE EVENTS WORK

A copy of the timeline EVENTS is exported and taken in by khal (`khal import --batch`) and by a
Radicale server started here (PUT of the whole calendar to a collection). One event is removed
with `chronicle remove`, the timeline exported again, and the new export taken in the same way:
khal must list the removed event as CANCELLED (khal replaces an event whose UID it holds and
marks a VEVENT with STATUS:CANCELLED so), and Radicale must hold it with STATUS:CANCELLED and
the higher SEQUENCE, by GET and by a calendar-query REPORT, and every other event unchanged.
With --no-tombstones the event is simply absent from the file, and khal keeps it as it was:
the reason tombstones exist.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from radicale_server import Radicale, report_calendars  # noqa: E402

REMOVED = "2024-03-04-kazakhstan-pavilion-opens-at-pdac"
REMOVED_UID = REMOVED + "@c5plus1.chronicle.invalid"
REMOVED_TITLE = "Minister Sharlapaev opens Kazakhstan's national pavilion at PDAC 2024"
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1780000000")


def fail(message):
    sys.exit(f"FAIL: {message}")


def run(args, cwd, env=ENV):
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, env=env)
    if r.returncode != 0:
        fail(f"{' '.join(args)} gave {r.returncode}: {r.stdout[-1000:]} {r.stderr[-2000:]}")
    return r.stdout


def events_of(text):
    """{UID: (SUMMARY, STATUS or None, SEQUENCE)} of a calendar, read with python icalendar."""
    import icalendar
    out = {}
    for e in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        status = str(e["STATUS"]) if "STATUS" in e else None
        out[str(e["UID"])] = (str(e["SUMMARY"]), status, int(e.get("SEQUENCE", 0)))
    return out


class Khal:
    """khal with a configuration, calendar folder and database of its own."""

    def __init__(self, work):
        self.khal = shutil.which("khal")
        if not self.khal:
            fail("khal is not installed (scripts/deps test installs it)")
        self.base = os.path.join(work, "khal")
        self.vdir = os.path.join(self.base, "calendar")
        os.makedirs(self.vdir)
        self.config = os.path.join(self.base, "config")
        with open(self.config, "w") as f:
            f.write(f"[calendars]\n[[c]]\npath = {self.vdir}\ntype = calendar\n[sqlite]\n"
                    f"path = {os.path.join(self.base, 'khal.db')}\n[locale]\n"
                    "local_timezone = UTC\ndefault_timezone = UTC\ndateformat = %Y-%m-%d\n"
                    "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%dT%H:%M\n"
                    "longdatetimeformat = %Y-%m-%dT%H:%M\n[default]\ndefault_calendar = c\n")
        self.env = dict(ENV, HOME=self.base, XDG_CONFIG_HOME=self.base,
                        XDG_DATA_HOME=self.base)

    def import_file(self, path):
        run([self.khal, "-c", self.config, "import", "--batch", "-a", "c", path], self.base,
            self.env)

    def list(self):
        """Each event khal lists from Sep 2023 to Apr 2024, once: "{cancelled}{title}"."""
        out = run([self.khal, "-c", self.config, "list", "--once", "--day-format", "",
                   "--format", "{cancelled}{title}", "2023-09-01", "2024-04-30"],
                  self.base, self.env)
        return sorted(l for l in out.splitlines() if l)

    def files(self):
        return sorted(os.listdir(self.vdir))


def main():
    chronicle, shipped, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    shutil.copytree(shipped, os.path.join(work, "events"))
    run([chronicle, "export", "ics", "-o", "first.ics"], work)
    first = open(os.path.join(work, "first.ics"), encoding="utf-8").read()
    before = events_of(first)
    if len(before) != 5 or before[REMOVED_UID][1] != "CONFIRMED":
        fail(f"the first export holds {before}")

    out = run([chronicle, "remove", REMOVED], work)
    if "kept a tombstone, events/.chronicle/removed/" + REMOVED + ".toml" not in out:
        fail(f"remove said {out!r}")
    run([chronicle, "export", "ics", "-o", "second.ics"], work)
    run([chronicle, "export", "ics", "--no-tombstones", "-o", "plain.ics"], work)
    second = open(os.path.join(work, "second.ics"), encoding="utf-8").read()
    after = events_of(second)
    want = dict(before)
    want[REMOVED_UID] = (REMOVED_TITLE, "CANCELLED", before[REMOVED_UID][2] + 1)
    if after != want:
        fail(f"the second export holds {after}; wanted {want}")
    print(f"export: {REMOVED_UID} is CANCELLED with SEQUENCE {after[REMOVED_UID][2]} "
          f"(was {before[REMOVED_UID][2]})")

    check_khal(work)
    check_radicale(work, first, second, before, want)


def check_khal(work):
    titles = sorted(t for t, _, _ in events_of(
        open(os.path.join(work, "first.ics"), encoding="utf-8").read()).values())
    # The tombstone is what makes khal cancel the event: without it, khal keeps the event.
    plain = Khal(os.path.join(work, "plain"))
    plain.import_file(os.path.join(work, "first.ics"))
    plain.import_file(os.path.join(work, "plain.ics"))
    if plain.list() != titles:
        fail(f"khal, export without tombstones: {plain.list()}; wanted {titles}")
    print("khal: without tombstones the removed event stays as it was")

    khal = Khal(os.path.join(work, "tombstones"))
    khal.import_file(os.path.join(work, "first.ics"))
    if khal.list() != titles:
        fail(f"khal after the first import lists {khal.list()}; wanted {titles}")
    files = khal.files()
    khal.import_file(os.path.join(work, "second.ics"))
    want = sorted(("CANCELLED " + t) if t == REMOVED_TITLE else t for t in titles)
    if khal.list() != want:
        fail(f"khal after importing the export with the removed event lists {khal.list()}; "
             f"wanted {want}")
    if khal.files() != files:
        fail(f"khal's calendar folder went from {files} to {khal.files()}: the cancelled event "
             "did not replace the event with its UID")
    print(f"khal: lists {want}, the event replaced in place ({len(files)} files)")


def check_radicale(work, first, second, before, want):
    path = "/chronicle/c5plus1/"
    with Radicale(work) as server:
        status = server.put_calendar(path, first)
        if status not in (201, 204):
            fail(f"Radicale: PUT of the first export gave {status}")
        status, text = server.get(path)
        if status != 200 or events_of(text) != before:
            fail(f"Radicale: GET gave {status}, {events_of(text) if status == 200 else text}")
        put = server.put_calendar(path, second)
        if put not in (201, 204):
            fail(f"Radicale: PUT of the export with the removed event gave {put}")
        status, text = server.get(path)
        if status != 200 or events_of(text) != want:
            fail(f"Radicale: GET after the second PUT gave {status}: "
                 f"{events_of(text) if status == 200 else text}; wanted {want}")
        status, xml = server.report_events(path)
        if status != 207:
            fail(f"Radicale: REPORT gave {status}: {xml[:500]}")
        reported = {}
        for cal in report_calendars(xml):
            reported.update(events_of(cal))
        if reported != want:
            fail(f"Radicale: REPORT gives {reported}; wanted {want}")
        print(f"Radicale: PUT {put}, GET and REPORT give {REMOVED_UID} STATUS:CANCELLED "
              f"SEQUENCE:{want[REMOVED_UID][2]}, the other {len(want) - 1} events unchanged")


if __name__ == "__main__":
    main()
