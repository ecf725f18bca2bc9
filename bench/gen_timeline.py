#!/usr/bin/python3
"""Writes a synthetic Chronicle timeline: DIR/timeline.toml and N event files.

Usage: gen_timeline.py N --out DIR [--seed S]    (DIR new or empty)

The same N and seed always give the same bytes. Python 3 standard library only; events are
written one at a time (memory stays flat up to N = 1,000,000 and beyond).

The mix, in the documented format (docs/FORMAT.md):
- day dates, multi-day ranges ("A/B", also month and year ranges), month and year precision,
  some with EDTF qualifiers (?, ~, %);
- timed events (`start`, often `end`, `tz`) in America/New_York, America/Toronto, Asia/Almaty,
  Europe/Moscow, UTC or the timeline's zone, among them local times right at daylight-saving
  and offset changes (a time in an overlap is taken as its first occurrence, with a warning;
  no time falls into a gap);
- Latin and Cyrillic titles and descriptions with commas, semicolons, backslashes, quotes and
  line breaks; tags with commas; places; sources with URLs; statuses; `follows`, `part_of` and
  `related` relations to earlier events.

Every title carries its event's number, so titles are unique (clients that drop UIDs can still
be matched by title).
"""
import argparse
import datetime
from json.encoder import encode_basestring  # json.dumps(s, ensure_ascii=False)
import os
import random
import sys

ZONES = ["America/New_York", "America/Toronto", "Asia/Almaty", "Europe/Moscow"]
TIMELINE_ZONE = "Asia/Almaty"

# Local times at the edges of offset changes: (zone, start, end or None). Times inside an
# overlap are ambiguous (Chronicle takes the first occurrence and warns); none is in a gap.
EDGES = [
    # New York: clocks jump 02:00 -> 03:00 on 10 Mar 2024, fall back 02:00 -> 01:00 on 3 Nov.
    ("America/New_York", "2024-03-10T01:30", "2024-03-10T03:30"),
    ("America/New_York", "2024-03-10T01:59:59", None),
    ("America/New_York", "2024-03-10T03:00", "2024-03-10T04:15"),
    ("America/New_York", "2024-11-03T01:30", "2024-11-03T02:30"),
    ("America/New_York", "2024-11-03T00:59", "2024-11-03T01:00"),
    ("America/New_York", "2024-11-03T02:00", None),
    # Toronto: the same rules, 2025.
    ("America/Toronto", "2025-03-09T01:59", "2025-03-09T03:00"),
    ("America/Toronto", "2025-11-02T01:00", "2025-11-02T02:00"),
    ("America/Toronto", "2025-11-01T23:00", "2025-11-02T01:45"),
    # Almaty left UTC+6 for UTC+5 at 2024-03-01 00:00: 23:00-24:00 on 29 Feb happened twice.
    ("Asia/Almaty", "2024-02-29T22:59", "2024-02-29T23:30"),
    ("Asia/Almaty", "2024-02-29T23:30", "2024-03-01T00:30"),
    ("Asia/Almaty", "2024-03-01T00:00", None),
    # Moscow: last summer time 2010, permanent UTC+4 from 27 Mar 2011, back to UTC+3 on
    # 26 Oct 2014 (01:00-02:00 happened twice).
    ("Europe/Moscow", "2010-10-31T02:30", "2010-10-31T03:30"),
    ("Europe/Moscow", "2011-03-27T01:59", "2011-03-27T03:00"),
    ("Europe/Moscow", "2014-10-26T01:30", "2014-10-26T02:00"),
    ("Europe/Moscow", "2014-10-25T23:00", "2014-10-26T03:00"),
    # The last summers of rules that ended: Moscow 2010 (UTC+4), Almaty 2004 (UTC+7).
    ("Europe/Moscow", "2010-07-01T12:00", "2010-07-01T13:00"),
    ("Asia/Almaty", "2004-07-01T09:00", None),
]

LATIN = ("minerals critical dialogue summit pavilion convention Toronto Astana Almaty lithium "
         "cobalt rare-earth supply chain investment partnership readout ministry working visit "
         "delegation memorandum forum panel briefing agreement roadmap").split()
CYRILLIC = ("минералы критические диалог саммит павильон конвенция Торонто Астана Алматы литий "
            "кобальт редкоземельные цепочки поставок инвестиции партнёрство министерство "
            "рабочая поездка делегация меморандум форум панель брифинг соглашение").split()
# Punctuation that must survive TOML, iCalendar escaping (\, \; \\ \n) and folding.
SPICE = [", ", "; ", ": ", " \\ ", " \"quoted\" ", " «ёлки» ", " “curly” ", " C:\\temp\\x ",
         "\n", " — ", " a,b;c\\d ", " 'single' ", " \\n (literal) ", " ½ € ✓ ",
         " x\\,y\\;z "]
TAGS = ["critical-minerals", "c5plus1", "minerals, critical", "Казахстан", "pdac", "visit",
        "supply chain; logistics", "back\\slash", "energy", "рабочая, поездка"]
PLACES = [
    ("Metro Toronto Convention Centre", "Toronto", "CA", 43.6426, -79.3871),
    ("U.S. Department of State", "Washington", "US", 38.8946, -77.0484),
    ("Дворец Независимости", "Астана", "KZ", None, None),
    ("Palace of Peace; Reconciliation", "Astana", "KZ", 51.1231, 71.4630),
    ("Кремль, Сенатский дворец", "Москва", "RU", 55.7520, 37.6175),
    (None, "Almaty", "KZ", None, None),
    ("UN HQ \"Conference Room 4\"", "New York", "US", 40.7489, -73.9680),
]
PUBLISHERS = ["The Astana Times", "U.S. Department of State", "Kazinform", "ТАСС",
              "Prospectors & Developers Association of Canada"]
STATUSES = ["confirmed"] * 7 + ["tentative", "planned", "cancelled"]


def toml_str(s: str) -> str:
    """A TOML basic string. JSON's escapes (\\" \\\\ \\n \\t \\r \\b \\f \\uXXXX) are TOML's;
    JSON leaves DEL (U+007F) raw, which TOML forbids, so it is escaped here. The text never
    holds lone surrogates (json would write \\udXXX, which TOML rejects)."""
    return encode_basestring(s).replace("\x7f", "\\u007f")


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(x) for x in items) + "]"


class Generator:
    def __init__(self, n: int, seed: int):
        self.n = n
        self.rng = random.Random(seed)

    def event_id(self, i: int) -> str:
        return f"ev-{i:07d}"

    def words(self, pool, k) -> str:
        """k words of `pool`, with punctuation from SPICE after about one in five."""
        r = self.rng
        out = []
        for w in r.choices(pool, k=k):
            out.append(w)
            if r.random() < 0.2:
                out.append(SPICE[int(r.random() * len(SPICE))].strip(" "))
        return " ".join(out)

    def text(self, cyrillic: bool, k: int, spicy: bool) -> str:
        pool = CYRILLIC if cyrillic else LATIN
        s = self.words(pool, k)
        if spicy:
            s += self.rng.choice(SPICE) + self.words(pool, 3)
        return s

    def title(self, i: int, cyrillic: bool) -> str:
        r = self.rng
        mark = f"№ {i}" if cyrillic else f"#{i}"
        body = self.words(CYRILLIC if cyrillic else LATIN, r.randint(2, 6)).replace("\n", " ").strip()
        x = r.random()
        if x < 0.15:
            body += r.choice([", with commas, and more", "; semicolon; here", " \\ backslash \\",
                              " \"quoted\"", ", «кавычки»; и; запятые", " C:\\dir\\file"])
        elif x < 0.17:
            body += "\nsecond line"  # a title with a line break
        return f"{mark} {body[:1].upper()}{body[1:]}"

    @staticmethod
    def day(y, m, d) -> str:
        return f"{y:04d}-{m:02d}-{d:02d}"

    def random_day(self, years=(2023, 2026)):
        r = self.rng
        y = r.randint(*years)
        m = r.randint(1, 12)
        mdays = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return y, m, r.randint(1, mdays)

    def qualifier(self) -> str:
        x = self.rng.random()
        return "?" if x < 0.06 else "~" if x < 0.11 else "%" if x < 0.13 else ""

    def add_days(self, y, m, d, k):
        t = datetime.date(y, m, d) + datetime.timedelta(days=k)
        return t.year, t.month, t.day

    def date_value(self):
        """An EDTF date: day, range, month or year, sometimes qualified."""
        r = self.rng
        x = r.random()
        if x < 0.45:
            return self.day(*self.random_day()) + self.qualifier()
        if x < 0.70:
            y, m, d = self.random_day()
            a = self.day(y, m, d) + self.qualifier()
            b = self.day(*self.add_days(y, m, d, r.choice([1, 2, 3, 5, 13, 40]))) + self.qualifier()
            return f"{a}/{b}"
        if x < 0.75:
            y, m, _ = self.random_day()
            m = min(m, 11)
            m2 = min(12, m + r.randint(1, 3))
            return f"{y:04d}-{m:02d}/{y:04d}-{m2:02d}"
        if x < 0.78:
            y = r.randint(2020, 2025)
            return f"{y:04d}/{y + 1:04d}"
        if x < 0.92:
            y, m, _ = self.random_day()
            return f"{y:04d}-{m:02d}" + self.qualifier()
        return f"{r.randint(2019, 2027):04d}" + self.qualifier()

    def timed_value(self, i: int):
        """(start, end or None, tz or None): a timed event, one in twelve at an offset change."""
        r = self.rng
        if i % 12 == 5:
            zone, start, end = EDGES[(i // 12) % len(EDGES)]
            return start, end, zone
        y, m, d = self.random_day()
        hh, mm = r.randint(0, 23), r.choice([0, 15, 30, 45, r.randint(0, 59)])
        # Never in a gap: avoid 02:00-03:00 on the spring-forward days of the zones used.
        tz = r.choice(ZONES + ["UTC", None])
        if hh == 2 and m == 3 and d <= 14:
            hh = 4
        start = f"{self.day(y, m, d)}T{hh:02d}:{mm:02d}"
        if r.random() < 0.1:
            start += f":{r.randint(0, 59):02d}"
        end = None
        if r.random() < 0.75:
            minutes = r.choice([15, 30, 60, 90, 150, 24 * 60 + 30, 3 * 24 * 60])
            total = hh * 60 + mm + minutes
            ey, em, ed = self.add_days(y, m, d, total // (24 * 60))
            eh, emin = divmod(total % (24 * 60), 60)
            if eh == 2 and em == 3 and ed <= 14:
                eh = 4
            end = f"{self.day(ey, em, ed)}T{eh:02d}:{emin:02d}"
            if end < start:
                end = None
        return start, end, tz

    def event_text(self, i: int) -> str:
        r = self.rng
        out = []
        timed = r.random() < 0.45
        if timed:
            start, end, tz = self.timed_value(i)
            out.append(f"start = {toml_str(start)}")
            if end:
                out.append(f"end = {toml_str(end)}")
            if tz:
                out.append(f"tz = {toml_str(tz)}")
        else:
            out.append(f"date = {toml_str(self.date_value())}")
        out.append(f"status = {toml_str(r.choice(STATUSES))}")
        if r.random() < 0.8:
            out.append(f"tags = {toml_list(r.sample(TAGS, r.randint(1, 3)))}")
        if i > 0:
            for key, p in (("follows", 0.15), ("part_of", 0.08), ("related", 0.1)):
                if r.random() < p:
                    targets = sorted({i - r.randint(1, min(i, 40)) for _ in range(r.randint(1, 2))})
                    out.append(f"{key} = {toml_list(self.event_id(j) for j in targets)}")
        if r.random() < 0.1:
            out.append(f"date_note = {toml_str(self.text(r.random() < 0.5, 8, True))}")
        out.append(f"revision = {r.randint(1, 4)}")
        out.append(f"last_modified = 2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}T"
                   f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:00Z")
        x = r.random()
        if x < 0.4:  # a plain title, in the default language
            out.append(f"title = {toml_str(self.title(i, False))}")
        elif x < 0.5:  # Cyrillic only: export falls back to it
            out.append(f"\n[title]\nru = {toml_str(self.title(i, True))}")
        else:
            out.append(f"\n[title]\nen = {toml_str(self.title(i, False))}\n"
                       f"ru = {toml_str(self.title(i, True))}")
        if r.random() < 0.7:
            k = r.choice([5, 12, 40])
            out.append(f"\n[description]\nen = {toml_str(self.text(False, k, True))}\n"
                       f"ru = {toml_str(self.text(True, k, True))}")
        if r.random() < 0.6:
            name, city, country, lat, lon = r.choice(PLACES)
            out.append("\n[place]")
            if name:
                out.append(f"name = {toml_str(name)}")
            out.append(f"city = {toml_str(city)}\ncountry = {toml_str(country)}")
            if lat is not None:
                out.append(f"latitude = {lat}\nlongitude = {lon}")
        if r.random() < 0.2:
            out.append(f"\n[[participants]]\nname = {toml_str(self.text(r.random() < 0.5, 2, False))}"
                       f"\nrole = {toml_str('chair; moderator, speaker')}")
        for _ in range(r.choice([0, 1, 1, 2])):
            out.append("\n[[sources]]")
            out.append(f"url = {toml_str(f'https://example.org/news/{i}?lang=ru&q=a,b;c#p{r.randint(1, 9)}')}")
            out.append(f"publisher = {toml_str(r.choice(PUBLISHERS))}")
            if r.random() < 0.5:
                out.append(f"title = {toml_str(self.text(r.random() < 0.5, 4, False))}")
            out.append(f"language = {toml_str(r.choice(['en', 'ru']))}")
        return "\n".join(out) + "\n"

    def write(self, out_dir: str) -> None:
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "timeline.toml"), "w", encoding="utf-8") as f:
            f.write("# Generated by bench/gen_timeline.py: synthetic events for tests and "
                    "benchmarks.\n"
                    f"default_language = \"en\"\ntime_zone = \"{TIMELINE_ZONE}\"\n"
                    "uid_domain = \"generated.chronicle.invalid\"\n\n[name]\n"
                    f"en = {toml_str(f'Generated timeline, {self.n} events')}\n"
                    f"ru = {toml_str(f'Сгенерированная хронология, {self.n} событий')}\n")
        for i in range(self.n):
            text = self.event_text(i)
            with open(os.path.join(out_dir, self.event_id(i) + ".toml"), "w",
                      encoding="utf-8", newline="\n") as f:
                f.write(text)


def main(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, metavar="N", help="number of events")
    parser.add_argument("--out", required=True, metavar="DIR", help="timeline folder to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must not be negative")
    if os.path.isdir(args.out) and os.listdir(args.out):
        parser.error(f"\"{args.out}\" is not empty; give a new or empty folder")
    Generator(args.n, args.seed).write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
