"""Round trip of one real-world calendar: the original and Chronicle's re-export, both read by
Python's icalendar, compared VEVENT by VEVENT (matched by UID)."""
from datetime import date, datetime, timedelta, timezone


def _start_end(ev):
    start = ev.decoded("DTSTART")
    if "DTEND" in ev:
        end = ev.decoded("DTEND")
    elif "DURATION" in ev:
        end = start + ev.decoded("DURATION")
    else:
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    if isinstance(start, date) and not isinstance(start, datetime) and isinstance(end, date) \
            and end <= start:
        end = start + timedelta(days=1)  # DTEND equal to DTSTART: Chronicle reads one day
    return start, end


def _instant(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return ("floating", value.replace(tzinfo=None))
        return ("instant", value.astimezone(timezone.utc))
    return ("date", value)


def _same_instant(a, b):
    ka, va = _instant(a)
    kb, vb = _instant(b)
    if ka == "floating" and isinstance(b, datetime):
        # Chronicle pins floating times to a zone: the wall time must be kept.
        return va == b.replace(tzinfo=None)
    return (ka, va) == (kb, vb)


def _text(ev, name):
    v = ev.get(name)
    return None if v is None else str(v)


def _categories(ev):
    out = []
    cats = ev.get("CATEGORIES")
    if cats is None:
        return out
    for c in cats if isinstance(cats, list) else [cats]:
        out.extend(str(x) for x in c.cats)
    return sorted(out)


def _rules(ev):
    """Each RRULE as a normalised mapping (producers order the parts differently)."""
    value = ev.get("RRULE")
    if value is None:
        return []
    out = []
    for v in value if isinstance(value, list) else [value]:
        parts = {}
        for k, x in v.items():
            k = str(k).upper()
            items = [str(i).lstrip("+") for i in (x if isinstance(x, list) else [x])]
            # RFC 5545 defaults: INTERVAL=1 and WKST=MO say nothing; libical drops them.
            if (k, items) in (("INTERVAL", ["1"]), ("WKST", ["MO"])):
                continue
            parts[k] = items
        out.append(sorted(parts.items()))
    return sorted(out)


def compare(original_cal, exported_cal, unknown_tzids=()):
    """Differences, as strings, for every VEVENT of the original that has a UID and a DTSTART.
    Times in `unknown_tzids` (zones the import warned it could not resolve, and took in the
    calendar's zone) are not compared as instants. Text is compared without leading spaces:
    libical drops them from every value ("SUMMARY: x" reads as "x")."""
    def key(e):
        rid = e.get("RECURRENCE-ID")
        return (str(e.get("UID")), rid.to_ical() if rid is not None else None)

    exported = {key(e): e for e in exported_cal.walk("VEVENT")}
    problems, checked = [], 0
    for ev in original_cal.walk("VEVENT"):
        if "UID" not in ev or "DTSTART" not in ev:
            continue
        uid = str(ev["UID"])
        out = exported.get(key(ev))
        if out is None:
            problems.append(f"{uid}: missing from the export")
            continue
        checked += 1
        try:
            s1, e1 = _start_end(ev)
        except Exception:
            continue  # the original's dates cannot be read by icalendar either
        s2, e2 = _start_end(out)
        tzid = ev["DTSTART"].params.get("TZID") if hasattr(ev["DTSTART"], "params") else None
        if tzid not in unknown_tzids:
            if not _same_instant(s1, s2):
                problems.append(f"{uid}: DTSTART {s1!r} became {s2!r}")
            if e1 != s1 and not _same_instant(e1, e2):
                problems.append(f"{uid}: DTEND {e1!r} became {e2!r}")
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION", "URL"):
            a, b = _text(ev, name), _text(out, name)
            if a and a.lstrip() != b:
                problems.append(f"{uid}: {name} {a!r} became {b!r}")
        if _categories(ev) != _categories(out):
            problems.append(f"{uid}: CATEGORIES {_categories(ev)} became {_categories(out)}")
        if _rules(ev) != _rules(out):
            problems.append(f"{uid}: RRULE {_rules(ev)} became {_rules(out)}")
    return checked, problems
