#!/usr/bin/python3
"""Real, independent iCalendar clients read Chronicle's export and must agree with
`chronicle list --format json` on the number of events and on each event's title and start/end
(all-day: dates, DTEND exclusive; timed: UTC instants).

Usage:
  interop.py --client CLIENT --chronicle BIN --work DIR (--events DIR | --generate N)
  interop.py --client CLIENT --pin DEVIATION --run DIR
  interop.py --client chronicle --pin end_utc_second_occurrence --chronicle BIN --work DIR
             (--events DIR | --generate N)

CLIENT is icalendar, vobject, icaljs, khal or calcurse. The first form exports the timeline, has
the client read it, saves what it read in DIR/run.json and compares every event, with the
client's documented deviations (DEVIATIONS below, docs/INTEROP.md) applied to what is expected:
it fails on any other disagreement, and when a documented deviation stops happening. The second
checks one deviation on a saved run: it must show on at least one event, exactly as documented,
on every event it concerns. The third pins a known defect of Chronicle's own JSON.

Ground truth is Chronicle's JSON. Each timed instant is also checked against Python's zoneinfo
(the system tz database, an implementation independent of Howard Hinnant's date): a local time
that occurs twice stands for its first occurrence, as docs/FORMAT.md and RFC 5545 (3.3.5) say.
"""
import argparse
import dataclasses
import datetime as dt
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
UTC = dt.timezone.utc
# A fixed DTSTAMP, so exports are reproducible.
SOURCE_DATE_EPOCH = "1767225600"


@dataclasses.dataclass(frozen=True)
class Item:
    """One event as the truth or a client sees it."""
    uid: str | None
    title: str
    all_day: bool
    start: str  # "YYYY-MM-DD", or a UTC instant "YYYY-MM-DDTHH:MM:SSZ"
    end: str | None  # exclusive end date, or UTC instant; None: the client saw no end


@dataclasses.dataclass
class Truth:
    """One event of `chronicle list --format json`, and what a correct reader sees."""
    json: dict
    item: Item
    # For timed events: each local time that occurs twice, as {"start"|"end": second occurrence}.
    second_occurrence: dict


def utc_text(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def occurrences(local: str, zone: str) -> tuple[str, str, bool]:
    """The first and second UTC instants a local time stands for in `zone` (the same when it
    occurs once), and whether it exists at all."""
    naive = dt.datetime.fromisoformat(local)
    z = ZoneInfo(zone)
    first, second = naive.replace(tzinfo=z, fold=0), naive.replace(tzinfo=z, fold=1)
    exists = first.astimezone(UTC).astimezone(z).replace(tzinfo=None) == naive
    return utc_text(first), utc_text(second), exists


def pick(text: dict, lang: str) -> str:
    """chronicle::pick: the text in `lang`, else English, else the first language."""
    for key in (lang, "en"):
        if text.get(key):
            return text[key]
    return next(v for _, v in sorted(text.items()) if v)


def load_truth(listed: dict, problems: list) -> list[Truth]:
    lang = listed["timeline"]["default_language"]
    out = []
    for e in listed["events"]:
        title = pick(e["title"], lang)
        timed = e["time"]
        second = {}
        if timed is None:
            first = dt.date.fromisoformat(e["date"]["first_day"])
            after = dt.date.fromisoformat(e["date"]["last_day"]) + dt.timedelta(days=1)
            item = Item(e["uid"], title, True, first.isoformat(), after.isoformat())
        else:
            instants = {}
            for key in ("start", "end"):
                if timed.get(key) is None:
                    continue
                a, b, exists = occurrences(timed[key], timed["tz"])
                if not exists:
                    problems.append(f"{e['uid']}: {key} {timed[key]} does not exist in "
                                    f"{timed['tz']}; this test needs times outside gaps")
                instants[key] = a
                if a != b:
                    second[key] = b
            if timed["start_utc"] != instants["start"]:
                problems.append(f"{e['uid']}: chronicle's start_utc {timed['start_utc']} is not "
                                f"{timed['start']} {timed['tz']} ({instants['start']} by zoneinfo)")
            item = Item(e["uid"], title, False, instants["start"], instants.get("end"))
        out.append(Truth(e, item, second))
    return out


def run(cmd, env=None, ok=(0,), **kw) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, env=env, capture_output=True, **kw)
    if p.returncode not in ok:
        sys.stderr.write(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n")
        sys.stderr.write(p.stderr.decode(errors="replace")[-3000:])
        sys.exit(1)
    return p


def client_env(work: str) -> dict:
    """A controlled environment: UTC, a UTF-8 locale, and a home of the test's own."""
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "XDG_"))}
    env.update(TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", HOME=home,
               XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"))
    return env


# ---------------------------------------------------------------------------------------------
# Clients. Each takes the export's path, the work folder and the truth, and returns its version
# and the events it read, as Items.

def as_item_time(v) -> str:
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:
            raise ValueError(f"floating time {v}")
        return utc_text(v)
    return v.isoformat()


def read_icalendar(ics: str, work: str, truth: list[Truth]):
    import icalendar
    cal = icalendar.Calendar.from_ical(open(ics, "rb").read())
    items = []
    for v in cal.walk("VEVENT"):
        start = v.decoded("DTSTART")
        end = v.decoded("DTEND") if "DTEND" in v else None
        items.append(Item(str(v["UID"]), str(v["SUMMARY"]), not isinstance(start, dt.datetime),
                          as_item_time(start), end and as_item_time(end)))
    return f"python icalendar {icalendar.__version__}", items


def read_vobject(ics: str, work: str, truth: list[Truth]):
    import vobject
    cal = vobject.readOne(open(ics, encoding="utf-8").read())
    items = []
    for v in cal.contents.get("vevent", []):
        start = v.dtstart.value
        end = v.dtend.value if "dtend" in v.contents else None
        items.append(Item(v.uid.value, v.summary.value, not isinstance(start, dt.datetime),
                          as_item_time(start), end and as_item_time(end)))
    return f"vobject {importlib.metadata.version('vobject')}", items


def read_icaljs(ics: str, work: str, truth: list[Truth]):
    node_dir = os.path.join(HERE, "node")
    if not os.path.isdir(os.path.join(node_dir, "node_modules", "ical.js")):
        sys.exit(f"ical.js is not installed in {node_dir}; run scripts/test.d/interop.sh")
    node = shutil.which("node") or sys.exit("node not found; run scripts/deps test")
    out = json.loads(run([node, os.path.join(node_dir, "read_ics.mjs"), ics],
                         env=client_env(work)).stdout)
    items = [Item(e["uid"], e["title"], e["all_day"], e["start"],
                  e["end"] if e["has_dtend"] else None) for e in out["events"]]
    # ical.js derives an end for every event (RFC 5545: DTSTART alone ends where it starts);
    # it must be the start for those without DTEND.
    derived = [e for e in out["events"] if not e["has_dtend"] and e["end"] != e["start"]]
    for e in derived:
        print(f"{e['uid']}: ical.js derives end {e['end']} for start {e['start']}, "
              "not the start", file=sys.stderr)
    if derived:
        sys.exit(1)
    return f"ical.js {out['version']} (node {run([node, '--version']).stdout.decode().strip()})", items


def event_days(t: Truth) -> tuple[dt.date, dt.date]:
    """The first and last (UTC) day an event is on."""
    if t.item.all_day:
        return (dt.date.fromisoformat(t.item.start),
                dt.date.fromisoformat(t.item.end) - dt.timedelta(days=1))
    at = lambda v: dt.datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    return at(t.item.start), at(t.item.end or t.item.start)


def start_day_ranges(truth: list[Truth], gap: int = 30) -> list[tuple[dt.date, dt.date]]:
    """Inclusive day ranges that hold every event's first day, give or take a day (an event a
    client put on the wrong day is then still found, and reported), merged when less than `gap`
    days apart. khal spends its time per listed day, on every event that day; listing these
    ranges instead of the whole span keeps it fast while each event is still listed."""
    days = sorted({event_days(t)[0] for t in truth})
    out = []
    for d in days:
        a, b = d - dt.timedelta(days=1), d + dt.timedelta(days=1)
        if out and a <= out[-1][1] + dt.timedelta(days=gap):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def read_khal(ics: str, work: str, truth: list[Truth]):
    khal = shutil.which("khal") or sys.exit("khal not found; run scripts/deps test")
    # khal syncs every file it writes to disk: its vdir and database go to memory when the
    # machine has /dev/shm (several times faster: 5.8 s instead of 40 s to import 1,000 events
    # on a busy machine), else into the work folder.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    base = tempfile.mkdtemp(prefix="chronicle-interop-khal-", dir=shm or work)
    try:
        return read_khal_in(khal, base, ics, work, truth)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def read_khal_in(khal: str, base: str, ics: str, work: str, truth: list[Truth]):
    env = client_env(work)
    vdir = os.path.join(base, "calendar")
    os.makedirs(vdir)
    config = os.path.join(base, "config")
    with open(config, "w") as f:
        f.write(f"""[calendars]
[[chronicle]]
path = {vdir}
type = calendar
[sqlite]
path = {os.path.join(base, "khal.db")}
[locale]
local_timezone = UTC
default_timezone = UTC
timeformat = %H:%M:%S
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M:%S
longdatetimeformat = %Y-%m-%dT%H:%M:%S
[default]
default_calendar = chronicle
""")
    began = time.monotonic()
    run([khal, "-c", config, "import", "--batch", "-a", "chronicle", ics], env=env)
    imported = len([f for f in os.listdir(vdir) if f.endswith(".ics")])
    print(f"khal import: {imported} files in its vdir, {time.monotonic() - began:.1f} s")
    began = time.monotonic()
    found = {}
    fmt = "\x1e{uid}\x1f{title}\x1f{start}\x1f{end}\x1f{all-day}"
    ranges = start_day_ranges(truth)
    for a, b in ranges:
        out = run([khal, "-c", config, "list", "--once", "--day-format", "", "--format", fmt,
                   a.isoformat(), b.isoformat()], env=env).stdout.decode()
        for record in out.split("\x1e")[1:]:
            uid, title, start, end, all_day = record.rstrip("\n").split("\x1f")
            if all_day == "True":  # khal shows the last day, not the exclusive DTEND
                end = (dt.date.fromisoformat(end) + dt.timedelta(days=1)).isoformat()
            else:  # local_timezone is UTC
                start, end = start + "Z", end + "Z"
            item = Item(uid, title, all_day == "True", start, end)
            if found.setdefault(uid, item) != item:
                sys.exit(f"khal lists {uid} differently in two ranges: {found[uid]} {item}")
    days = sum((b - a).days + 1 for a, b in ranges)
    print(f"khal list: {len(ranges)} ranges, {days} days, {time.monotonic() - began:.1f} s")
    version = run([khal, "--version"], env=env).stdout.decode().strip().replace(", version", "")
    return version, list(found.values())


def read_calcurse(ics: str, work: str, truth: list[Truth]):
    calcurse = shutil.which("calcurse") or sys.exit("calcurse not found; run scripts/deps test")
    env = client_env(work)
    data = os.path.join(work, "calcurse")
    os.makedirs(data)
    # calcurse exits 1 when it skipped items; the skipped ones are documented deviations.
    p = run([calcurse, "-D", data, "-i", ics], env=env, ok=(0, 1))
    print(p.stdout.decode().strip())
    # Every day of every event, as calcurse shows a multi-day all-day event once per day.
    spans = [event_days(t) for t in truth]
    first = min(a for a, _ in spans) - dt.timedelta(days=1)
    last = max(b for _, b in spans) + dt.timedelta(days=1)
    out = run([calcurse, "-D", data, "-Q", "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d",
               "--from", first.isoformat(), "--to", last.isoformat(),
               "--format-apt", "\x1eapt\x1f%s\x1f%e\x1f%m\n",
               "--format-recur-apt", "\x1erecur-apt\x1f%s\x1f%e\x1f%m\n",
               "--format-event", "\x1eevent\x1f%m\n",
               "--format-recur-event", "\x1erecur-event\x1f%m\n"], env=env).stdout.decode()
    timed, days_of = {}, {}
    day = None
    for line in out.split("\n"):
        if not line:
            continue
        if not line.startswith("\x1e"):
            day = dt.date.fromisoformat(line.rstrip(":"))
            continue
        kind, *fields = line[1:].split("\x1f")
        if kind in ("apt", "recur-apt"):
            s, e, title = fields
            at = lambda n: utc_text(dt.datetime.fromtimestamp(int(n), UTC))
            timed.setdefault(title, set()).add((at(s), at(e)))
        else:  # an all-day event: calcurse repeats a multi-day one daily, one item per day
            days_of.setdefault(fields[0], set()).add(day)
    items = []
    for title, spans in timed.items():
        for s, e in sorted(spans):
            items.append(Item(None, title, False, s, e))
    for title, ds in days_of.items():
        a, b = min(ds), max(ds)
        if (b - a).days + 1 != len(ds):
            sys.exit(f"calcurse shows \"{title}\" on {len(ds)} separate days from {a} to {b}")
        items.append(Item(None, title, True, a.isoformat(), (b + dt.timedelta(days=1)).isoformat()))
    # calcurse has no UID field; should it keep the UID anywhere in its data (apts, notes), the
    # event it belongs to gets it, and the documented no_uid deviation fails.
    stored = ""
    for folder, _, files in os.walk(data):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                stored += f.read()
    uid_of = {t.item.title: t.item.uid for t in truth}
    items = [dataclasses.replace(i, uid=uid_of[i.title])
             if i.title in uid_of and uid_of[i.title] in stored else i for i in items]
    version = run([calcurse, "--version"], env=env).stdout.decode().split(" --")[0].strip()
    return version, items


CLIENTS = {"icalendar": read_icalendar, "vobject": read_vobject, "icaljs": read_icaljs,
           "khal": read_khal, "calcurse": read_calcurse}


# ---------------------------------------------------------------------------------------------
# Documented deviations: each client's own bugs and limits (docs/INTEROP.md). `expect` maps what
# a correct reader shows (an Item) to what the client is known to show: the same Item when the
# deviation does not concern the event, another Item, a tuple of Items when the client may show
# any of them, or None when the client does not show the event at all.

@dataclasses.dataclass(frozen=True)
class Deviation:
    name: str
    summary: str
    expect: object  # (Truth, Item) -> Item | tuple[Item, ...] | None


def second_occurrence(t: Truth, item: Item) -> Item:
    """A local time that occurs twice is read as its second occurrence, not the first."""
    if not t.second_occurrence:
        return item
    return dataclasses.replace(item, start=t.second_occurrence.get("start", item.start),
                               end=t.second_occurrence.get("end", item.end))


def either_occurrence(t: Truth, item: Item):
    """A local time that occurs twice is read as either occurrence."""
    if not t.second_occurrence:
        return item
    starts = {item.start, t.second_occurrence.get("start", item.start)}
    ends = {item.end, t.second_occurrence.get("end", item.end)}
    return tuple(dataclasses.replace(item, start=s, end=e) for s in sorted(starts)
                 for e in sorted(ends, key=str))


def rfc5545_escape(text: str) -> str:
    """TEXT as RFC 5545 (3.3.11) escapes it, and as Chronicle's export writes it."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def python_icalendar_unescape(t: Truth, item: Item) -> Item:
    r"""python icalendar 4.0.3 reads TEXT in three steps of str.replace calls: Contentline.parts
    hides \, \: \; \\ as %2C %3A %3B %5C (escape_string) and turns them back into , : ; \
    (unescape_string, which also decodes a %2C etc. that was in the text), then vText unescapes
    (unescape_char) \N \n \, \; \\ in that order. So an escaped backslash followed by n, a comma
    or a semicolon loses its backslash, and the n becomes a line break."""
    text = rfc5545_escape(item.title)
    text = (text.replace("\\,", "%2C").replace("\\:", "%3A").replace("\\;", "%3B")
            .replace("\\\\", "%5C"))
    text = text.replace("%2C", ",").replace("%3A", ":").replace("%3B", ";").replace("%5C", "\\")
    text = (text.replace("\\N", "\\n").replace("\r\n", "\n").replace("\\n", "\n")
            .replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\"))
    return dataclasses.replace(item, title=text)


def one_hour_without_end(t: Truth, item: Item) -> Item:
    """A timed event without DTEND is given one hour (khal's sanitize_timerange)."""
    if item.all_day or item.end is not None:
        return item
    start = dt.datetime.fromisoformat(item.start.replace("Z", "+00:00"))
    return dataclasses.replace(item, end=utc_text(start + dt.timedelta(hours=1)))


def no_uid(t: Truth, item: Item) -> Item:
    return dataclasses.replace(item, uid=None)


def skips_multiline_title(t: Truth, item: Item) -> Item | None:
    return None if "\n" in item.title else item


def seconds_dropped(t: Truth, item: Item) -> Item:
    if item.all_day:
        return item
    cut = lambda v: v and v[:17] + "00Z"
    return dataclasses.replace(item, start=cut(item.start), end=cut(item.end))


# vobject (through dateutil) drops the last onset of a VTIMEZONE RRULE whose UNTIL is in UTC when
# the zone is east of Greenwich (UNTIL is compared as if it were local time): the summer time of
# that year is lost. Local times in these spans (zone, from, to, standard offset) are read at the
# standard offset. Only the spans that Chronicle's tests reach are listed.
VOBJECT_LOST_SUMMERS = [
    ("Europe/Moscow", "2010-03-28T03:00:00", "2010-10-31T03:00:00", dt.timedelta(hours=3)),
    ("Asia/Almaty", "2004-03-28T03:00:00", "2004-10-31T03:00:00", dt.timedelta(hours=6)),
]


def lost_final_summer(t: Truth, item: Item) -> Item:
    timed = t.json["time"]
    if timed is None:
        return item
    changed = {}
    for key in ("start", "end"):
        local = timed.get(key)
        for zone, a, b, offset in VOBJECT_LOST_SUMMERS:
            if local and timed["tz"] == zone and a <= local < b:
                changed[key] = utc_text(dt.datetime.fromisoformat(local).replace(
                    tzinfo=dt.timezone(offset)))
    return dataclasses.replace(item, **changed)


UNESCAPE = ("text is unescaped by successive replacements: an escaped backslash followed by "
            "n, a comma or a semicolon (\\\\n, \\\\\\,, \\\\\\;) loses its backslash, and "
            "the n becomes a line break")
AMBIGUOUS = "a local time that occurs twice (clocks fall back) is read as its second occurrence"
DEVIATIONS = {
    "icalendar": [
        Deviation("ambiguous_time_second_occurrence",
                  AMBIGUOUS + " (pytz localize with is_dst=False); RFC 5545 says the first",
                  second_occurrence),
        Deviation("text_unescaped_in_wrong_order", UNESCAPE, python_icalendar_unescape),
    ],
    "vobject": [
        Deviation("final_summer_of_rule_lost",
                  "the last daylight-saving period of a VTIMEZONE RRULE with a UTC UNTIL, east of "
                  "Greenwich, is lost: Moscow summer 2010 and Almaty summer 2004 are read at "
                  "standard time",
                  lost_final_summer),
    ],
    "icaljs": [
        Deviation("ambiguous_time_second_occurrence", AMBIGUOUS + "; RFC 5545 says the first",
                  second_occurrence),
    ],
    "khal": [
        Deviation("ambiguous_time_second_occurrence",
                  AMBIGUOUS + " (pytz localize with is_dst=False); RFC 5545 says the first",
                  second_occurrence),
        Deviation("text_unescaped_in_wrong_order", UNESCAPE + " (khal reads with python "
                  "icalendar)", python_icalendar_unescape),
        Deviation("timed_without_end_lasts_one_hour",
                  "a timed event without DTEND is given a DTEND one hour later on import; "
                  "RFC 5545 says it ends where it starts",
                  one_hour_without_end),
    ],
    "calcurse": [
        Deviation("no_uid", "import drops UID (events are matched by title)", no_uid),
        Deviation("skips_multiline_title",
                  "import skips an event whose SUMMARY has a line break (\"line break in "
                  "summary\") and exits 1",
                  skips_multiline_title),
        Deviation("seconds_dropped", "times keep minutes only: 12:15:35 becomes 12:15",
                  seconds_dropped),
        Deviation("ambiguous_time_either_occurrence",
                  "a local time that occurs twice (clocks fall back) is read as either occurrence, "
                  "depending on the items imported before it (mktime with tm_isdst = -1); "
                  "RFC 5545 says the first",
                  either_occurrence),
    ],
}
# Clients that give every timed event an end as RFC 5545 says: for DTSTART without DTEND, the
# event ends where it starts. (ical.js does too; its reader checks that and reports no end.)
DERIVES_END = {"calcurse"}


def shown(truth: Truth, deviations: list[Deviation], derives_end: bool):
    """What a client with these deviations shows for `truth`: a tuple of the Items it may show
    (empty when it does not show the event)."""
    item = truth.item
    if derives_end and not item.all_day and item.end is None:
        item = dataclasses.replace(item, end=item.start)
    options = (item,)
    for d in deviations:
        out = []
        for o in options:
            r = d.expect(truth, o)
            out.extend(() if r is None else r if isinstance(r, tuple) else (r,))
        options = tuple(dict.fromkeys(out))
    return options


def compare(expected: list[tuple], got: list[Item], problems: list) -> None:
    """`expected` holds, per event, the Items the client may show (all with the same key)."""
    by_uid = all(o[0].uid is not None for o in expected)
    key = (lambda i: i.uid) if by_uid else (lambda i: i.title)
    keys = [key(o[0]) for o in expected]
    if len(set(keys)) != len(keys):
        problems.append("expected events are not unique by " + ("uid" if by_uid else "title"))
    if len(got) != len(expected):
        problems.append(f"{len(got)} events read, {len(expected)} expected")
    seen = {}
    for i in got:
        if key(i) in seen:
            problems.append(f"{key(i)!r}: read twice")
        seen[key(i)] = i
    for options in expected:
        want = options[0]
        have = seen.pop(key(want), None)
        if have is None:
            problems.append(f"{key(want)!r}: missing")
        elif have not in options:
            diffs = [f"{f.name} {getattr(have, f.name)!r} != "
                     + " or ".join(repr(getattr(o, f.name)) for o in options)
                     for f in dataclasses.fields(Item)
                     if all(getattr(have, f.name) != getattr(o, f.name) for o in options)]
            problems.append(f"{key(want)!r}: " + ("; ".join(diffs) or "a combination not expected"))
    for k in seen:
        problems.append(f"{k!r}: read, but not in the timeline")


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--client", required=True, choices=sorted(CLIENTS) + ["chronicle"])
    ap.add_argument("--chronicle", help="the chronicle binary")
    ap.add_argument("--work", help="scratch folder, emptied first; the run is saved there")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--events", help="timeline folder")
    src.add_argument("--generate", type=int, metavar="N",
                     help="generate an N-event timeline with bench/gen_timeline.py")
    src.add_argument("--run", metavar="DIR", help="with --pin: use the run saved in DIR")
    ap.add_argument("--pin", help="check only this documented deviation")
    args = ap.parse_args(argv)
    if args.run and not args.pin:
        ap.error("--run needs --pin")
    if not args.run and not (args.chronicle and args.work and (args.events or args.generate)):
        ap.error("--chronicle, --work and --events or --generate are needed")

    problems = []
    if args.run:  # a pin checked on what an earlier test saw
        with open(os.path.join(args.run, "run.json"), encoding="utf-8") as f:
            saved = json.load(f)
        truth = load_truth(saved["listed"], problems)
        version, got = saved["version"], [Item(**i) for i in saved["items"]]
    else:
        work = os.path.abspath(args.work)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        events = args.events
        if args.generate is not None:
            events = os.path.join(work, "events")
            run([sys.executable, os.path.join(ROOT, "bench", "gen_timeline.py"),
                 str(args.generate), "--out", events, "--seed", "1"])
        env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, TZ="UTC", LC_ALL="C.UTF-8")
        ics = os.path.join(work, "export.ics")
        run([args.chronicle, "--events", events, "export", "ics", "-o", ics], env=env)
        listed = json.loads(run([args.chronicle, "--events", events, "list", "--format", "json"],
                                env=env).stdout)
        truth = load_truth(listed, problems)
        if args.client == "chronicle":
            return check_chronicle(truth, args.pin, problems)
        version, got = CLIENTS[args.client](ics, work, truth)
        with open(os.path.join(work, "run.json"), "w", encoding="utf-8") as f:
            json.dump({"version": version, "listed": listed,
                       "items": [dataclasses.asdict(i) for i in got]}, f, ensure_ascii=False)

    deviations = DEVIATIONS[args.client]
    derives = args.client in DERIVES_END
    if args.pin:
        return check_pin(args.client, version, truth, got, deviations, derives, args.pin, problems)

    expected = [o for o in (shown(t, deviations, derives) for t in truth) if o]
    compare(expected, got, problems)
    for p in problems[:50]:
        print(p, file=sys.stderr)
    if len(problems) > 50:
        print(f"... and {len(problems) - 50} more", file=sys.stderr)
    for d in deviations:
        n = sum(1 for t in truth if shown(t, [d], derives) != shown(t, [], derives))
        print(f"  documented deviation {d.name}: {n} events")
    print(f"{version}: {len(got)} of {len(truth)} events read, {len(problems)} problems")
    return 1 if problems else 0


def check_pin(client, version, truth, got, deviations, derives, name, problems) -> int:
    """The deviation `name` shows on at least one event, and on every event it concerns the
    client shows exactly what is documented (other deviations applied too, so that, e.g.,
    events are matched by title where the client drops UIDs)."""
    chosen = [d for d in deviations if d.name == name]
    if not chosen:
        sys.exit(f"{client} has no documented deviation {name!r}")
    others = [d for d in deviations if d.name != name]
    affected = [t for t in truth if shown(t, others, derives) != shown(t, deviations, derives)]
    if not affected:
        problems.append(f"{name}: no event of this timeline shows it; pick one that does")
    key = lambda i: i.uid if i.uid is not None else i.title
    by_key = {key(i): i for i in got}
    values = set()
    for t in affected:
        without = shown(t, others, derives)
        options = shown(t, deviations, derives)
        k = key(without[0])
        have = by_key.get(k, by_key.get(without[0].title))
        if not options:  # the client drops the event
            if have is not None:
                problems.append(f"{k!r}: read after all, as {have}")
        elif have is None:
            problems.append(f"{k!r}: missing")
        elif have not in options:
            problems.append(f"{k!r}: read as {have}, documented as one of {options}")
        elif len(options) > 1:
            values.add(options.index(have))
    # A deviation with several possible outcomes must really show more than one of them.
    if any(len(shown(t, deviations, derives)) > 1 for t in affected) and len(values) < 2:
        problems.append(f"{name}: every event shows the same outcome; the documented "
                        "deviation no longer holds")
    summary = chosen[0].summary
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{version}: pinned deviation {name} ({summary}): {len(affected)} of {len(truth)} "
          f"events, {len(problems)} problems")
    return 1 if problems else 0


def check_chronicle(truth: list[Truth], pin: str | None, problems: list) -> int:
    """Chronicle's own JSON against zoneinfo: every end_utc (start_utc is checked on load)."""
    latest = 0
    for t in truth:
        timed = t.json["time"]
        if timed is None or timed.get("end") is None:
            continue
        want = t.item.end
        if timed["end_utc"] == want:
            continue
        if pin == "end_utc_second_occurrence" and timed["end_utc"] == t.second_occurrence.get("end"):
            latest += 1
            continue
        problems.append(f"{t.json['uid']}: end_utc {timed['end_utc']} is not {timed['end']} "
                        f"{timed['tz']} ({want} by zoneinfo, first occurrence)")
    if pin and latest == 0:
        problems.append(f"{pin}: no event shows it")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"chronicle list --format json: {len(truth)} events, "
          f"{latest} ends at the second occurrence, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
