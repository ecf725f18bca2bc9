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

# Where Chronicle and recurring_ical_events 2.0.1 (Debian bookworm) disagree and Chronicle
# follows RFC 5545, per file: the reason, and the occurrences only Chronicle lists and only the
# reference lists, written as the report writes them ("KIND START TITLE"), or their numbers.
EXPECTED = {
    "override_thisandfuture.ics": (
        "RFC 5545 3.8.4.4 and 3.2.13: a RECURRENCE-ID with RANGE=THISANDFUTURE changes that "
        "occurrence and every later one (the time shift and the changed properties); "
        "recurring_ical_events 2.0.1 ignores RANGE and changes only the one occurrence",
        ["utc 2024-11-04T18:00:00Z Evening course (new room, one hour later)",
         "utc 2024-11-11T18:00:00Z Evening course (new room, one hour later)",
         "utc 2024-11-18T18:00:00Z Evening course (new room, one hour later)",
         "utc 2024-11-25T18:00:00Z Evening course (new room, one hour later)"],
        ["utc 2024-11-04T17:00:00Z Evening course", "utc 2024-11-11T17:00:00Z Evening course",
         "utc 2024-11-18T17:00:00Z Evening course", "utc 2024-11-25T17:00:00Z Evening course"]),
    "dst_transitions.ics": (
        "RFC 5545 3.3.5: a local time that occurs twice (01:30 on 3 Nov 2024 in New York) "
        "\"refers to the first occurrence of the referenced time\", 01:30 EDT (05:30 UTC); "
        "recurring_ical_events localizes it as standard time, 01:30 EST (06:30 UTC)",
        ["utc 2024-11-03T05:30:00Z Daily 01:30 across the autumn overlap"],
        ["utc 2024-11-03T06:30:00Z Daily 01:30 across the autumn overlap"]),
    "until_forms.ics": (
        "RFC 5545 3.3.10: UNTIL \"bounds the recurrence rule in an inclusive manner\"; an "
        "occurrence starting exactly at UNTIL (given in UTC for a DTSTART with a TZID) is the "
        "last one. recurring_ical_events drops it when the calendar defines the zone in a "
        "VTIMEZONE (it keeps it with a bare TZID, as in the corpus file "
        "events__event_with_recurrence_exdates_on_different_lines.ics)",
        ["utc 2024-06-11T22:00:00Z UNTIL in UTC, 24 occurrences over a DST change",
         "utc 2024-07-02T08:00:00Z UNTIL in UTC equal to the last start (10:00 CEST)"],
        []),
    "calendars__issue_165_missing_event.ics": (
        "the RRULE of this Microsoft Exchange file writes its BYDAY list with spaces "
        "(\"BYDAY=MO, TU, WE, TH, FR\"), which RFC 5545 3.3.10's grammar does not allow; "
        "libical reads the list the producer meant (every weekday until 22 Jul 2015) while "
        "Python's icalendar drops the whole RRULE, so the reference shows only DTSTART",
        ["utc 2015-07-%02dT08:00:00Z Sprint 25 Daily Standup" % d
         for d in (6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 20, 21, 22)],
        []),
    "calendars__issue_156_RDATE_with_PERIOD_TZID_khal_2.ics": (
        "RFC 5545 3.8.5.2, as in ..._khal.ics: a Lotus Notes VEVENT with a RECURRENCE-ID and no "
        "master, with four monthly RDATE periods (the first its DTSTART); Chronicle shows the "
        "RDATEs, recurring_ical_events only DTSTART. Its TZID \"Western/Central Europe\" names no "
        "IANA zone; import takes Europe/Amsterdam, whose offsets the VTIMEZONE matches, so the "
        "winter RDATEs are at 16:00 CET (15:00 UTC)",
        ["utc %sT15:00:00Z (omitted)" % d for d in ("2021-12-06", "2022-01-03", "2022-02-07")],
        []),
    "calendars__issue_156_RDATE_with_PERIOD_TZID_khal.ics": (
        "RFC 5545 3.8.5.2: the RDATEs of a VEVENT add occurrences. This Lotus Notes VEVENT has a "
        "RECURRENCE-ID but no master with its UID, and 18 weekly RDATE periods (TZID \"Central "
        "Standard Time\", the Windows name of America/Chicago); Chronicle shows it with its "
        "RDATEs, as khal does, while recurring_ical_events treats any VEVENT with a "
        "RECURRENCE-ID as one changed occurrence and shows only its DTSTART",
        ["utc 2018-%s Event" % d for d in (
            "04-03T13:00:00Z", "04-10T13:00:00Z", "04-17T13:00:00Z", "04-24T13:00:00Z",
            "05-01T13:00:00Z", "05-08T13:00:00Z", "05-15T13:00:00Z", "05-22T13:00:00Z",
            "05-29T13:00:00Z", "06-05T13:00:00Z", "06-12T13:00:00Z", "06-19T13:00:00Z",
            "06-26T13:00:00Z", "07-03T13:00:00Z", "07-10T13:00:00Z", "07-17T13:00:00Z",
            "07-24T13:00:00Z", "07-31T13:00:00Z")],
        []),
}

# Where Chronicle is wrong, for a reason outside the expansion: listed so that the test says it
# on every run instead of failing. Same form as EXPECTED.
KNOWN_LIMITATIONS = {
    # None today. The two calendars once listed here had a VTIMEZONE whose TZID names no IANA
    # zone ("/Europe/CUSTOM", "Western/Central Europe"); import now takes the IANA zone whose
    # offsets and changes that VTIMEZONE matches, so their daylight-saving rules are kept.
}

# Calendars of tests/recurrence/ that recurring_ical_events 2.0.1 cannot expand (it fails on
# RDATE;VALUE=PERIOD), checked against occurrences worked out from RFC 5545 3.8.5.2 by hand:
# (start, end) in UTC.
BY_HAND = {
    "rdate_period.ics": [("2024-12-01T09:00:00Z", "2024-12-01T10:00:00Z"),
                         ("2024-12-03T09:00:00Z", "2024-12-03T12:00:00Z"),
                         ("2024-12-05T13:00:00Z", "2024-12-05T13:30:00Z")],
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


def utc_span(ev):
    t = ev.get("time")
    if not t:
        return None
    zone = ZoneInfo(t["tz"])
    start = datetime.fromisoformat(t["start"]).replace(tzinfo=zone).astimezone(timezone.utc)
    end = datetime.fromisoformat(t.get("end") or t["start"]).replace(tzinfo=zone)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return (start.strftime(fmt), end.astimezone(timezone.utc).strftime(fmt))


def start_day(kind, value):
    return date.fromisoformat(value[:10])


def periods_as_starts(cal):
    """recurring_ical_events 2.0.1 cannot order RDATE;VALUE=PERIOD values (it fails comparing a
    tuple with a datetime): it is given the periods' starts, which are the occurrences' starts
    (RFC 5545 3.8.5.2). Only the starts are compared, so nothing else changes."""
    for ev in cal.walk("VEVENT"):
        rdates = ev.get("RDATE")
        for prop in rdates if isinstance(rdates, list) else [rdates] if rdates else []:
            for i, value in enumerate(prop.dts):
                if isinstance(value.dt, tuple):
                    prop.dts[i] = icalendar.prop.vDDDTypes(value.dt[0])


def reference_occurrences(path):
    with open(path, "rb") as f:
        cals = icalendar.Calendar.from_ical(f.read(), multiple=True)
    out = []
    for cal in cals:
        periods_as_starts(cal)
        for ev in recurring_ical_events.of(cal).between((2000, 1, 1), (2031, 1, 1)):
            kind, value = key_of_reference(ev["DTSTART"].dt)
            if not FIRST <= start_day(kind, value) <= LAST:
                continue
            summary = ev.get("SUMMARY")
            out.append((kind, value, None if summary is None else str(summary)))
    return out


def chronicle_occurrences(chronicle, path, tmp):
    events = os.path.join(tmp, "events")
    os.makedirs(events, exist_ok=True)  # import starts a timeline only in an existing folder
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
            out.append((keys, set(ev["title"].values()), utc_span(ev)))
    return out, capped, rejected


def compare(reference, listed):
    """Occurrences only Chronicle lists, and only the reference lists, as report strings."""
    left = list(listed)
    only_reference = []
    for kind, value, title in sorted(reference, key=lambda r: (r[0], r[1], r[2] or "")):
        match = None
        for i, (keys, titles, _) in enumerate(left):
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
    for keys, titles, _ in left:
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
                if name in BY_HAND and group == "own":
                    with tempfile.TemporaryDirectory() as tmp:
                        listed, _, _ = chronicle_occurrences(chronicle, path, tmp)
                    spans = sorted(x[2] for x in listed if x[2])
                    if spans == sorted(BY_HAND[name]):
                        tally[group]["agree"] += 1
                        rows.append((group, name, "agree", "with the occurrences worked out by "
                                     "hand (the reference cannot expand it)"))
                    else:
                        tally[group]["differ"] += 1
                        failures.append(f"{name}: Chronicle lists {spans}, worked out by hand: "
                                        f"{sorted(BY_HAND[name])}")
                    continue
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
            expected = None
            if use_expected:
                expected = EXPECTED.get(name) or KNOWN_LIMITATIONS.get(name)
            limitation = use_expected and name in KNOWN_LIMITATIONS

            def matches(want, got):
                return want == len(got) if isinstance(want, int) else sorted(want) == got

            if not only_c and not only_r:
                outcome = "agree"
                if expected:
                    failures.append(f"{name}: expected to differ ({expected[0]}), but agrees; "
                                    "remove it from EXPECTED")
            elif expected and matches(expected[1], only_c) and matches(expected[2], only_r):
                outcome = "known limitation" if limitation else "differ as expected"
                if limitation:
                    print(f"known limitation: {name}: {len(only_c)} occurrences only in "
                          f"Chronicle, {len(only_r)} only in recurring_ical_events: "
                          f"{expected[0]}")
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
                  f"{t['differ as expected']} differ where Chronicle follows RFC 5545 "
                  f"(documented), {t['known limitation']} differ by a known limitation, "
                  f"{t['differ']} differ, "
                  f"{t['chronicle fails']} fail in Chronicle, {t['reference fails']} cannot be "
                  f"expanded by the reference; report: {report_path}")
    for f in failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
