#!/usr/bin/env python3
"""Imports every file of the real-world corpus ($CHRONICLE_ICS_CORPUS) with the real binary
(`chronicle import --dry-run` into an empty folder) and writes a per-file report: imported
(event count), repaired (warnings), or rejected (reason). Fails on a crash, a hang, or a
well-formed file rejected. A file counts as well-formed when the corpus index does not mark it
deliberately malformed and Python's icalendar (an independent parser) finds a DTSTART in every
VEVENT: RFC 5545 (3.6.1) requires one, and Chronicle cannot place an event without a date."""
import csv
import os
import re
import subprocess
import sys
import tempfile

import icalendar

from corpus_roundtrip import compare

SKIP = 77


def vevents_without_dtstart(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as e:  # the independent parser cannot read it either
        return None, f"python icalendar: {e}"
    missing = 0
    for cal in cals:
        for comp in cal.walk("VEVENT"):
            if comp.get("DTSTART") is None:
                missing += 1
    return missing, ""


def round_trip(chronicle, path):
    """Imports the file for real, exports it, and compares both with Python's icalendar."""
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, "events")
        os.mkdir(events)  # import starts a timeline only in an existing folder
        imported = subprocess.run([chronicle, "--events", events, "import", path],
                                  capture_output=True, timeout=30, check=True)
        exported = subprocess.run([chronicle, "--events", events, "export", "ics"],
                                  capture_output=True, timeout=30, check=True).stdout
    with open(path, "rb") as f:
        original = f.read()
    try:
        originals = icalendar.Calendar.from_ical(original, multiple=True)
    except Exception:
        return 0, []  # the independent parser cannot read the original: nothing to compare
    out = icalendar.Calendar.from_ical(exported)
    unknown = set(re.findall(r'TZID "(.*?)" is not a known zone',
                             imported.stderr.decode("utf-8", "replace")))
    checked, problems = 0, []
    for cal in originals:
        c, p = compare(cal, out, unknown)
        checked += c
        problems += p
    return checked, problems


def main(chronicle, report_path):
    corpus = os.environ.get("CHRONICLE_ICS_CORPUS")
    if not corpus or not os.path.isdir(corpus):
        print("skipped: CHRONICLE_ICS_CORPUS is not set to the corpus folder")
        return SKIP
    index_files = []
    for root, _, files in os.walk(corpus):
        if "INDEX.tsv" in files:
            index_files.append(os.path.join(root, "INDEX.tsv"))
    malformed = {}
    for index in index_files:
        with open(index, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                malformed[os.path.join(os.path.dirname(index), row["file"])] = \
                    row.get("deliberately_malformed", "no").startswith("yes")
    paths = sorted(os.path.join(r, n) for r, _, fs in os.walk(corpus) for n in fs if n.endswith(".ics"))
    rows, failures = [], []
    counts = {"imported": 0, "repaired": 0, "rejected": 0, "round_trip_events": 0}
    for path in paths:
        name = os.path.relpath(path, corpus)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                os.mkdir(os.path.join(tmp, "events"))
                p = subprocess.run([chronicle, "--events", os.path.join(tmp, "events"), "import",
                                    "--dry-run", path], capture_output=True, timeout=30)
            except subprocess.TimeoutExpired:
                failures.append(f"{name}: hang (no answer in 30 s)")
                rows.append((name, "hang", "", ""))
                continue
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode < 0 or p.returncode > 3:
            failures.append(f"{name}: crash (exit {p.returncode})\n{err}")
            rows.append((name, "crash", str(p.returncode), ""))
            continue
        warnings = sum(1 for line in err.splitlines() if ": warning: " in line)
        if p.returncode == 0:
            summary = out.strip().splitlines()[-1] if out.strip() else ""
            added = summary.split(" added")[0].split()[-1] if " added" in summary else "0"
            outcome = "repaired" if warnings else "imported"
            counts[outcome] += 1
            detail = f"{warnings} warnings" if warnings else ""
            checked, problems = round_trip(chronicle, path)
            counts["round_trip_events"] += checked
            if problems:
                failures.extend(f"{name}: round trip: {x}" for x in problems)
                detail += f"; round trip: {len(problems)} differences"
            rows.append((name, outcome, added, detail))
            continue
        reasons = [l.split(": error: ", 1)[1] for l in err.splitlines() if ": error: " in l]
        reason = reasons[0] if reasons else err.strip().splitlines()[-1]
        counts["rejected"] += 1
        rows.append((name, "rejected", "", reason))
        missing, why = vevents_without_dtstart(path)
        well_formed = not malformed.get(path, False) and missing == 0
        if well_formed:
            failures.append(f"{name}: well-formed file rejected: {reason}")
    with open(report_path, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["file", "outcome", "events", "detail"])
        w.writerows(rows)
    print(f"{len(paths)} files: {counts['imported']} imported, {counts['repaired']} imported with "
          f"repairs, {counts['rejected']} rejected; {counts['round_trip_events']} events "
          f"compared after import and export; report: {report_path}")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
