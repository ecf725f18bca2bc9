#!/usr/bin/env python3
"""Python's icalendar, an independent implementation, reads Chronicle's export of a timeline and
agrees with `chronicle list --format json` on every event's UID, title and dates."""
import json
import subprocess
import sys
from datetime import date, timedelta

import icalendar


def main(chronicle: str, events: str) -> int:
    ics = subprocess.run([chronicle, "--events", events, "export", "ics"], check=True,
                         capture_output=True).stdout
    listed = json.loads(subprocess.run([chronicle, "--events", events, "list", "--format", "json"],
                                       check=True, capture_output=True).stdout)
    cal = icalendar.Calendar.from_ical(ics)
    parsed = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    problems = []
    if len(parsed) != len(listed["events"]):
        problems.append(f"{len(parsed)} VEVENTs for {len(listed['events'])} events")
    lang = listed["timeline"]["default_language"]
    for ev in listed["events"]:
        vevent = parsed.get(ev["uid"])
        if vevent is None:
            problems.append(f"{ev['uid']}: missing")
            continue
        title = ev["title"].get(lang) or next(iter(ev["title"].values()))
        if str(vevent["SUMMARY"]) != title:
            problems.append(f"{ev['uid']}: SUMMARY {vevent['SUMMARY']!r} != {title!r}")
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        if ev["time"] is None:
            first = date.fromisoformat(ev["date"]["first_day"])
            after = date.fromisoformat(ev["date"]["last_day"]) + timedelta(days=1)
            if (start, end) != (first, after):
                problems.append(f"{ev['uid']}: dates {start}..{end} != {first}..{after}")
        else:
            want = ev["time"]["start_utc"].replace("Z", "+00:00")
            if start.isoformat() != want and start.astimezone().isoformat() != want:
                from datetime import timezone
                if start.astimezone(timezone.utc).isoformat() != want:
                    problems.append(f"{ev['uid']}: start {start.isoformat()} != {want}")
        if str(vevent.get("X-CHRONICLE-DATE")) != ev["date"]["edtf"]:
            problems.append(f"{ev['uid']}: X-CHRONICLE-DATE {vevent.get('X-CHRONICLE-DATE')!r}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"python icalendar {icalendar.__version__}: {len(parsed)} events checked, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
