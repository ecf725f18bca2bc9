#!/usr/bin/env python3
"""Hostile calendars stay contained (docs/RELIABILITY.md, "Limits on one VEVENT").

hostile_clients.py CHRONICLE WORK

For each hostile calendar (six events, the third of them hostile): `chronicle import` exits 1
naming the hostile VEVENT's line and the limit; with --skip-invalid the five others import, and
the re-export is read whole, five events, by python icalendar, vobject and khal (when installed),
and accepted by a Radicale CalDAV server started here on 127.0.0.1 (a PUT of the whole calendar
to a collection gives 201 or 204, and a GET of the collection gives back every event).
Calendars just within the limits import whole, and their re-export is read by the same clients.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from radicale_server import Radicale  # noqa: E402

ALARM = "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT5M\r\n"
HOSTILE = {
    "alarms_10000": ("".join(ALARM + "END:VALARM\r\n" for _ in range(10000)),
                     "it holds 10000 components (VALARMs and others); Chronicle reads at most 100"),
    "alarms_nested_10000": (ALARM * 10000 + "END:VALARM\r\n" * 10000,
                            "its components are nested 10002 deep (VCALENDAR > VEVENT > VALARM "
                            "is 3); Chronicle reads at most 5"),
    "nested_6": ("BEGIN:VALARM\r\nBEGIN:X-A\r\nBEGIN:X-B\r\nBEGIN:X-C\r\n"
                 "END:X-C\r\nEND:X-B\r\nEND:X-A\r\nEND:VALARM\r\n",
                 "its components are nested 6 deep (VCALENDAR > VEVENT > VALARM is 3); "
                 "Chronicle reads at most 5"),
    "properties_10000": ("".join(f"X-P{i}:v\r\n" for i in range(10000)),
                         "it holds 10004 properties; Chronicle reads at most 4096"),
    "value_3_mib": ("X-LONG:" + "x" * (3 << 20) + "\r\n",
                    "its line 21 is 3.0 MiB long (unfolded); Chronicle reads lines of at most 2 MiB"),
}

# Just within the limits: imported whole, and the re-export still read by every client.
WITHIN = {
    "alarms_100": "".join(ALARM + "END:VALARM\r\n" for _ in range(100)),
    "nested_5": "BEGIN:VALARM\r\nBEGIN:X-A\r\nBEGIN:X-B\r\nEND:X-B\r\nEND:X-A\r\nEND:VALARM\r\n",
    "properties_4000": "".join(f"X-P{i}:v\r\n" for i in range(4000)),
    "value_900_kb": "X-LONG:" + "x" * 900_000 + "\r\n",
}


def calendar(hostile: str) -> str:
    events = []
    for i in range(6):
        body = (f"BEGIN:VEVENT\r\nUID:e{i}@hostile.test\r\nDTSTAMP:20240101T000000Z\r\n"
                f"DTSTART;VALUE=DATE:2024020{i + 1}\r\nSUMMARY:event {i}\r\n")
        if i == 2:
            body += hostile
        events.append(body + "END:VEVENT\r\n")
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//test//EN\r\n" + "".join(events)
            + "END:VCALENDAR\r\n")


def run(args, cwd, **kw):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, **kw)


def read_icalendar(path):
    import icalendar
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]


def read_vobject(path):
    import vobject
    cal = vobject.readOne(open(path, encoding="utf-8").read())
    return [e.summary.value for e in cal.vevent_list]


def read_khal(path, work):
    khal = shutil.which("khal")
    if not khal:
        return None
    base = os.path.join(work, "khal")
    vdir = os.path.join(base, "calendar")
    os.makedirs(vdir)
    config = os.path.join(base, "config")
    with open(config, "w") as f:
        f.write(f"[calendars]\n[[c]]\npath = {vdir}\ntype = calendar\n[sqlite]\n"
                f"path = {os.path.join(base, 'khal.db')}\n[locale]\nlocal_timezone = UTC\n"
                "default_timezone = UTC\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
                "datetimeformat = %Y-%m-%dT%H:%M\nlongdatetimeformat = %Y-%m-%dT%H:%M\n"
                "[default]\ndefault_calendar = c\n")
    env = dict(os.environ, HOME=base, XDG_CONFIG_HOME=base, XDG_DATA_HOME=base)
    r = run([khal, "-c", config, "import", "--batch", "-a", "c", path], base, env=env)
    if r.returncode != 0:
        sys.exit(f"khal import failed: {r.stderr[-2000:]}")
    r = run([khal, "-c", config, "list", "--once", "--day-format", "", "--format", "{title}",
             "2024-02-01", "2024-02-10"], base, env=env)
    if r.returncode != 0:
        sys.exit(f"khal list failed: {r.stderr[-2000:]}")
    return [l for l in r.stdout.splitlines() if l]


def read_radicale(path, name, server):
    """Radicale takes the export whole (PUT 201 or 204) and gives every event back (GET)."""
    import icalendar
    collection = f"/chronicle/{name.replace('_', '-')}/"
    status = server.put_calendar(collection, open(path, encoding="utf-8").read())
    if status not in (201, 204):
        sys.exit(f"{name}: Radicale refused the export: PUT gave {status}")
    status, text = server.get(collection)
    if status != 200:
        sys.exit(f"{name}: Radicale GET gave {status}: {text[:300]}")
    return [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]


def main():
    chronicle, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with Radicale(work) as server:
        check_all(chronicle, work, server)


def check_all(chronicle, work, server):
    for name, within in WITHIN.items():
        d = timeline(work, name, within)
        r = run([chronicle, "import", "in.ics"], d)
        if r.returncode != 0 or "6 added" not in r.stdout:
            sys.exit(f"{name}: import gave {r.returncode}: {r.stdout[-300:]} {r.stderr[:300]}")
        read_export(chronicle, name, d, [f"event {i}" for i in range(6)], server)
    for name, (hostile, limit) in HOSTILE.items():
        d = timeline(work, name, hostile)
        r = run([chronicle, "import", "in.ics"], d)
        message = f"in.ics:16: error: event rejected: {limit}\n"
        if r.returncode != 1 or not r.stderr.startswith(message):
            sys.exit(f"{name}: import gave {r.returncode}, {r.stderr[:500]!r}; wanted 1 and {message!r}")
        if os.listdir(os.path.join(d, "events")) != ["timeline.toml"]:
            sys.exit(f"{name}: a refused import wrote event files")
        r = run([chronicle, "import", "in.ics", "--skip-invalid"], d)
        if r.returncode != 0 or "5 added, 0 updated, 0 unchanged, 1 rejected" not in r.stdout:
            sys.exit(f"{name}: --skip-invalid gave {r.returncode}: {r.stdout[-300:]} {r.stderr[:300]}")
        read_export(chronicle, name, d, [f"event {i}" for i in range(6) if i != 2], server)
    # The harness sees a refusal: Radicale refuses the deepest hostile calendar itself (400),
    # which is what Chronicle's re-export once passed on.
    raw = open(os.path.join(work, "alarms_nested_10000", "in.ics"), encoding="utf-8").read()
    status = server.put_calendar("/chronicle/raw-alarms-nested/", raw)
    if status != 400:
        sys.exit(f"Radicale took the raw alarms_nested_10000 calendar with {status}; wanted 400")
    print("alarms_nested_10000: Radicale refuses the raw calendar (400), takes the re-export")


def timeline(work, name, body):
    """A timeline folder holding `in.ics`, six events whose third holds `body`."""
    d = os.path.join(work, name)
    os.makedirs(os.path.join(d, "events"))
    with open(os.path.join(d, "events", "timeline.toml"), "w") as f:
        f.write('name = "hostile"\ntime_zone = "UTC"\n')
    with open(os.path.join(d, "in.ics"), "w", newline="") as f:
        f.write(calendar(body))
    return d


def read_export(chronicle, name, d, want, server):
    """Exports the timeline in `d`; every client must read exactly the titles `want`."""
    r = run([chronicle, "export", "ics", "-o", "out.ics"], d)
    if r.returncode != 0:
        sys.exit(f"{name}: export gave {r.returncode}: {r.stderr[:300]}")
    out = os.path.join(d, "out.ics")
    readers = {"icalendar": lambda: read_icalendar(out), "vobject": lambda: read_vobject(out),
               "khal": lambda: read_khal(out, d),
               "Radicale": lambda: read_radicale(out, name, server)}
    for client, read in readers.items():
        got = read()
        if got is None:
            print(f"{name}: {client} not installed; skipped")
            continue
        if sorted(got) != sorted(want):
            sys.exit(f"{name}: {client} read {sorted(got)}; wanted {sorted(want)}")
        print(f"{name}: {client} reads the {len(want)} events")


if __name__ == "__main__":
    main()
