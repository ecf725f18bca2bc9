#!/usr/bin/env python3
"""Chronicle's expansion of recurring events, side by side with an independent implementation.

For every calendar with recurrence (a VEVENT with RRULE, RDATE, EXDATE or RECURRENCE-ID) in the
real-world corpus ($CHRONICLE_ICS_CORPUS) and in tests/recurrence/calendars/ (one calendar per
RFC 5545 rule), this imports the calendar into a temporary timeline with the real `chronicle`
binary, lists the occurrences between 2000 and 2030 with `chronicle list --format json`, and
compares them with Python's recurring_ical_events (Debian python3-recurring-ical-events) over
the same years: every occurrence's start (the day for all-day events, the wall time for
floating ones, the instant for zoned ones) and its title.

A disagreement fails the test unless EXPECTED below lists exactly that difference for that
file, with the reason Chronicle is right and the RFC 5545 section that says so. An expected
difference that no longer occurs fails too, so the list stays true. The corpus part is skipped,
saying so, when CHRONICLE_ICS_CORPUS is unset; the calendars of tests/ are always compared.

Usage: expansion_compare.py CHRONICLE REPORT.tsv [--corpus-only | --own-only] [--no-expected]
"""
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
FIRST, LAST = date(2000, 1, 1), date(2030, 12, 31)

# recurring_ical_events 2.0.1 (Debian bookworm) knows no RANGE parameter: an override with
# RANGE=THISANDFUTURE replaces only its own occurrence there.
THISANDFUTURE = ("RFC 5545 3.8.4.4 and 3.2.13: a RECURRENCE-ID with RANGE=THISANDFUTURE changes "
                 "that occurrence and every later one (time shift and changed properties); "
                 "recurring_ical_events 2.0.1 ignores RANGE and changes only the one occurrence")

# file name -> (reason, occurrences only Chronicle lists, occurrences only the reference lists).
# Each occurrence is written as the report writes it: "KIND VALUE TITLE".
EXPECTED = {
}


def has_recurrence(path):
    try:
        with open(path, "rb") as f:
            cals = icalendar.Calendar.from_ical(f.read(), multiple=True)
    except Exception:
        return False
    return any(any(k in ev for k in ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"))
               for cal in cals for ev in cal.walk("VEVENT"))


def key_of_reference(start):
    """The comparable start of an occurrence of recurring_ical_events."""
    if isinstance(start, datetime):
        if start.tzinfo is None:
            return ("local", start.strftime("%Y-%m-%dT%H:%M:%S"))
        return ("utc", start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return ("day", start.isoformat())


def chronicle_keys(ev):
    """Every comparable form of a start Chronicle lists: the reference decides which applies."""
    t = ev.get("time")
    if not t:
        return {"day": ev["date"]["first_day"]}
    local = datetime.fromisoformat(t["start"])
    # RFC 5545 3.3.5: a local time in a gap takes the offset before the gap, one in an overlap
    # the first occurrence: zoneinfo's fold=0 reads local times exactly so.
    instant = local.replace(tzinfo=ZoneInfo(t["tz"])).astimezone(timezone.utc)
    return {"local": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "utc": instant.strftime("%Y-%m-%dT%H:%M:%SZ")}


def start_day(kind, value):
    return date.fromisoformat(value[:10])


def reference_occurrences(path):
    with open(path, "rb") as f:
        cals = icalendar.Calendar.from_ical(f.read(), multiple=True)
    out = []
    for cal in cals:
        for ev in recurring_ical_events.of(cal).between((2000, 1, 1), (2031, 1, 1)):
            kind, value = key_of_reference(ev["DTSTART"].dt)
            if not FIRST <= start_day(kind, value) <= LAST:
                continue
            summary = ev.get("SUMMARY")
            out.append((kind, value, None if summary is None else str(summary)))
    return out


def chronicle_occurrences(chronicle, path, tmp):
    events = os.path.join(tmp, "events")
    imported = subprocess.run([chronicle, "--events", events, "import", path],
                              capture_output=True, timeout=60)
    if imported.returncode not in (0, 1):
        raise RuntimeError(f"import exit {imported.returncode}: "
                           f"{imported.stderr.decode('utf-8', 'replace').strip()}")
    listed = subprocess.run([chronicle, "--events", events, "list", "--format", "json", "--from",
                             FIRST.isoformat(), "--to", LAST.isoformat()],
                            capture_output=True, timeout=120)
    if listed.returncode != 0:
        raise RuntimeError(f"list exit {listed.returncode}: "
                           f"{listed.stderr.decode('utf-8', 'replace').strip()}")
    capped = "repeats more than" in listed.stderr.decode("utf-8", "replace")
    rejected = [l for l in imported.stderr.decode("utf-8", "replace").splitlines()
                if ": error: " in l]
    out = []
    for ev in json.loads(listed.stdout)["events"]:
        keys = chronicle_keys(ev)
        day = date.fromisoformat(ev["date"]["first_day"])
        if FIRST <= day <= LAST:
            out.append((keys, set(ev["title"].values())))
    return out, capped, rejected


def compare(reference, listed):
    """Occurrences only Chronicle lists, and only the reference lists, as report strings."""
    left = list(listed)
    only_reference = []
    for kind, value, title in sorted(reference, key=lambda r: (r[0], r[1], r[2] or "")):
        match = None
        for i, (keys, titles) in enumerate(left):
            if keys.get(kind) == value and (title is None or title in titles):
                match = i
                break
        if match is None:
            only_reference.append(f"{kind} {value} {title}")
        else:
            del left[match]
    kinds = Counter(k for k, _, _ in reference)
    kind = kinds.most_common(1)[0][0] if kinds else "utc"
    only_chronicle = []
    for keys, titles in left:
        k = kind if kind in keys else ("day" if "day" in keys else "utc")
        only_chronicle.append(f"{k} {keys[k]} {' / '.join(sorted(titles))}")
    return sorted(only_chronicle), sorted(only_reference)


def calendars():
    own = sorted(os.path.join(HERE, "calendars", n)
                 for n in os.listdir(os.path.join(HERE, "calendars")) if n.endswith(".ics"))
    corpus = os.environ.get("CHRONICLE_ICS_CORPUS")
    found = []
    if corpus and os.path.isdir(corpus):
        for root, _, files in os.walk(corpus):
            for n in files:
                if n.endswith(".ics") and has_recurrence(os.path.join(root, n)):
                    found.append(os.path.join(root, n))
    return own, sorted(found), corpus


def main(argv):
    chronicle, report_path = argv[1], argv[2]
    use_expected = "--no-expected" not in argv
    own, corpus_files, corpus = calendars()
    if "--corpus-only" in argv:
        own = []
    if "--own-only" in argv:
        corpus_files = []
    if not corpus_files and "--own-only" not in argv:
        print("corpus part skipped: CHRONICLE_ICS_CORPUS is not set to the corpus folder "
              "(../shared/ics-corpus); only the calendars of tests/recurrence/ are compared")
    failures, rows = [], []
    tally = {"own": Counter(), "corpus": Counter()}
    for group, paths in (("own", own), ("corpus", corpus_files)):
        for path in paths:
            name = os.path.basename(path)
            try:
                reference = reference_occurrences(path)
            except Exception as e:  # the reference cannot expand it: nothing to compare with
                tally[group]["reference fails"] += 1
                rows.append((group, name, "reference fails", f"{type(e).__name__}: {e}"))
                print(f"not compared: {name}: recurring_ical_events cannot expand it: "
                      f"{type(e).__name__}: {e}")
                continue
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    listed, capped, rejected = chronicle_occurrences(chronicle, path, tmp)
                except Exception as e:
                    tally[group]["chronicle fails"] += 1
                    rows.append((group, name, "chronicle fails", str(e)))
                    failures.append(f"{name}: {e}")
                    continue
            only_c, only_r = compare(reference, listed)
            expected = EXPECTED.get(name) if use_expected else None
            if not only_c and not only_r:
                outcome = "agree"
                if expected:
                    failures.append(f"{name}: expected to differ ({expected[0]}), but agrees; "
                                    "remove it from EXPECTED")
            elif expected and sorted(expected[1]) == only_c and sorted(expected[2]) == only_r:
                outcome = "differ as expected"
            else:
                outcome = "differ"
                detail = "\n".join([f"    only Chronicle: {x}" for x in only_c[:20]] +
                                   [f"    only recurring_ical_events: {x}" for x in only_r[:20]])
                more = len(only_c) + len(only_r) - min(len(only_c), 20) - min(len(only_r), 20)
                failures.append(f"{name}: {len(only_c)} occurrences only in Chronicle, "
                                f"{len(only_r)} only in recurring_ical_events"
                                f"{' (Chronicle capped its list)' if capped else ''}"
                                f"{'; import rejected: ' + rejected[0] if rejected else ''}\n"
                                f"{detail}{f'    … {more} more' if more > 0 else ''}")
            tally[group][outcome] += 1
            rows.append((group, name, outcome,
                         f"{len(reference)} reference occurrences; {len(only_c)} only Chronicle, "
                         f"{len(only_r)} only reference"
                         + (f"; {expected[0]}" if expected and outcome != "agree" else "")))
    with open(report_path, "w") as f:
        f.write("group\tfile\toutcome\tdetail\n")
        for r in rows:
            f.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in r) + "\n")
    for group in ("own", "corpus"):
        t = tally[group]
        total = sum(t.values())
        if total:
            print(f"{group} calendars: {t['agree']} of {total} agree with recurring_ical_events, "
                  f"{t['differ as expected']} differ as documented, {t['differ']} differ, "
                  f"{t['chronicle fails']} fail in Chronicle, {t['reference fails']} cannot be "
                  f"expanded by the reference; report: {report_path}")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
