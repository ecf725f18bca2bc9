#!/usr/bin/env python3
"""Generate a deterministic, realistic iCalendar (RFC 5545) file for benchmarks.

Usage: gen_ics.py N [-o OUT] [--seed S] [--plain]

Copied from the peer benchmark (../shared/bench-peers/gen_ics.py) so that Chronicle and the
peers read the same mix; Chronicle's additions (off with --plain, which gives the peers' bytes):
  * about 5 % of events known to the month only and 2 % to the year only, written as Chronicle
    exports them: an all-day event spanning the month or year plus X-CHRONICLE-DATE:2024-03;
  * about 15 % with a RELATED-TO (RELTYPE=PARENT, FINISHTOSTART or SIBLING) to one of the 40
    events before them.
The additions draw from their own random stream, so the peers' part of every event is the same.

The same N and seed always give byte-identical output.  Content mix (weights
are per event, drawn from a seeded PRNG):

  * all-day single-day events   (DTSTART;VALUE=DATE, DTEND = next day or absent)
  * all-day multi-day events    (2..7 days)
  * timed events with TZID in America/New_York, America/Toronto,
    Asia/Almaty, Europe/Moscow (matching VTIMEZONE blocks are emitted,
    including Almaty's 2024-03-01 change from +06 to +05)
  * timed UTC events (...Z), some with DURATION instead of DTEND
  * a few timed events on DST edges (New York/Toronto spring-forward gap and
    fall-back overlap), and some crossing midnight
  * UTF-8 Cyrillic/Latin SUMMARY, DESCRIPTION (multi-line), LOCATION with
    commas, semicolons and the odd backslash (all escaped), rare emoji
  * URL, CATEGORIES (multi-valued), UID, DTSTAMP, CREATED, LAST-MODIFIED,
    SEQUENCE, STATUS, TRANSP, ORGANIZER/ATTENDEE (quoted CN), VALARM

Content lines are folded at 75 octets (CRLF + one space), never inside a
UTF-8 sequence; every line ends in CRLF.  Standard library only.
"""
import argparse
import datetime as dt
import random
import sys

TZIDS = ["America/New_York", "America/Toronto", "Asia/Almaty", "Europe/Moscow"]

VTIMEZONES = {
    "America/New_York": """BEGIN:VTIMEZONE
TZID:America/New_York
X-LIC-LOCATION:America/New_York
BEGIN:DAYLIGHT
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE""",
    "America/Toronto": """BEGIN:VTIMEZONE
TZID:America/Toronto
X-LIC-LOCATION:America/Toronto
BEGIN:DAYLIGHT
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE""",
    # Kazakhstan moved Almaty from UTC+6 to UTC+5 on 2024-03-01 00:00 local.
    "Asia/Almaty": """BEGIN:VTIMEZONE
TZID:Asia/Almaty
X-LIC-LOCATION:Asia/Almaty
BEGIN:STANDARD
TZNAME:+06
TZOFFSETFROM:+0600
TZOFFSETTO:+0600
DTSTART:19700101T000000
END:STANDARD
BEGIN:STANDARD
TZNAME:+05
TZOFFSETFROM:+0600
TZOFFSETTO:+0500
DTSTART:20240301T000000
END:STANDARD
END:VTIMEZONE""",
    "Europe/Moscow": """BEGIN:VTIMEZONE
TZID:Europe/Moscow
X-LIC-LOCATION:Europe/Moscow
BEGIN:STANDARD
TZNAME:MSK
TZOFFSETFROM:+0300
TZOFFSETTO:+0300
DTSTART:19700101T000000
END:STANDARD
END:VTIMEZONE""",
}

SUMMARIES_RU = [
    "Встреча с командой; обсуждение бюджета, план на квартал",
    "Созвон с заказчиком, демо релиза",
    "Планёрка отдела продаж",
    "День рождения Анны, не забыть подарок!",
    "Конференция «Разработка на C++», доклад; кофе-брейк",
    "Ревью кода: модуль импорта, парсер дат",
    "Отпуск — Алматы, горы; Медеу",
    "Техническое обслуживание серверов, окно 2 ч",
    "Собеседование: старший инженер, C++/Linux",
    "Урок английского, группа B2",
    "Семинар по часовым поясам; переход на UTC+5",
    "Ужин с родителями",
]
SUMMARIES_EN = [
    "Team sync; budget review, Q3 planning",
    "Customer call, release demo",
    "Dentist appointment",
    "Sprint retro: what went well, what didn't; action items",
    "Flight YYZ -> ALA, via IST",
    "Board meeting, Toronto office",
    "Lunch & learn: iCalendar, RFC 5545; folding rules",
    "1:1 with Maria",
    "On-call handover, week 12",
    "Yoga class",
    "Release freeze; no deploys",
    "Quarterly planning, day 1",
]
LOCATIONS = [
    "Москва, ул. Тверская, д. 7; офис 12",
    "Алматы, пр. Абая, 52, БЦ «Нурлы Тау»",
    "Toronto, 100 King St W, Suite 5600",
    "New York, 350 5th Ave, Floor 34; Room \"Hudson\"",
    "Zoom: https://example.zoom.us/j/123456789?pwd=abc,def",
    "Санкт-Петербург, Невский пр., 28",
    "Conference room B; 2nd floor, east wing",
    "C:\\Shares\\Calendars\\room-7",
    "",
]
DESC_PARTS_RU = [
    "Повестка: итоги спринта, риски, зависимости.",
    "Пожалуйста, подготовьте отчёт; срок — пятница.",
    "Ссылка на документ в общей папке, раздел 3,4 и 5.",
    "Участники: Иванов И. И., Петрова А. С., Сидоров П.",
    "Не забудьте ноутбук; зарядка, адаптер HDMI.",
    "Время указано по Алматы (UTC+5 с 1 марта 2024 г.).",
    "Перенос с прошлой недели; см. письмо от 12.03.",
]
DESC_PARTS_EN = [
    "Agenda: sprint results, risks, dependencies.",
    "Please bring the Q2 numbers; deadline is Friday.",
    "Dial-in: +1 416 555 0100, PIN 4321#; backup: +7 727 555 01 02.",
    "Notes from last time: folding at 75 octets, CRLF, escaping of ,;\\ and newlines.",
    "Parking is on level P2; badge required.",
    "This meeting was moved from Monday, see thread \"Re: schedule\".",
    "Path on the share: \\\\fileserver\\team\\minutes\\2024",
]
EMOJI = ["🎉", "📅", "✈️", "☕"]
CATEGORIES = ["Работа", "Личное", "Meetings", "Travel", "Праздники", "Family",
              "Проект «Альфа»", "Health", "Учёба"]
PEOPLE = [
    ("Иванов, Иван", "ivanov@example.ru"),
    ("Петрова Анна", "a.petrova@example.ru"),
    ("Maria Garcia", "maria@example.com"),
    ("O'Neil, Pat", "pat.oneil@example.ca"),
    ("Әлия Нұрланқызы", "aliya@example.kz"),
    ("John Smith", "john.smith@example.com"),
]

RANGE_START = dt.date(2023, 1, 1)
RANGE_DAYS = (dt.date(2026, 12, 31) - RANGE_START).days


def esc_text(s):
    """RFC 5545 3.3.11 TEXT escaping."""
    return (s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line):
    """Fold one content line (str, no CRLF) to <=75 octets per physical line,
    never splitting a UTF-8 sequence. Returns bytes ending in CRLF."""
    out = bytearray()
    cur = 0  # octets on the current physical line
    limit = 75
    for ch in line:
        b = ch.encode("utf-8")
        if cur + len(b) > limit:
            out += b"\r\n "
            cur = 1
        out += b
        cur += len(b)
    out += b"\r\n"
    return bytes(out)


def fmt_date(d):
    return d.strftime("%Y%m%d")


def fmt_dt(t):
    return t.strftime("%Y%m%dT%H%M%S")


def nth_sunday(year, month, n):
    d = dt.date(year, month, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + dt.timedelta(weeks=n - 1)


def make_text(rng, parts_ru, parts_en, k):
    parts = []
    for _ in range(k):
        parts.append(rng.choice(parts_ru if rng.random() < 0.5 else parts_en))
    return parts


def gen_event(rng, i, dtstamp):
    lines = ["BEGIN:VEVENT"]
    uid = "%032x" % rng.getrandbits(128)
    uid = "%s-%s-%s-%s-%s@bench.example.org" % (uid[:8], uid[8:12], uid[12:16], uid[16:20], uid[20:])
    lines.append("UID:" + uid)
    lines.append("DTSTAMP:" + dtstamp)
    created = dt.datetime(2022, 6, 1) + dt.timedelta(seconds=rng.randrange(86400 * 900))
    lines.append("CREATED:" + fmt_dt(created) + "Z")
    lines.append("LAST-MODIFIED:" + fmt_dt(created + dt.timedelta(seconds=rng.randrange(86400 * 30))) + "Z")

    day = RANGE_START + dt.timedelta(days=rng.randrange(RANGE_DAYS))
    r = rng.random()
    allday = False
    if r < 0.20:  # all-day, single day
        allday = True
        lines.append("DTSTART;VALUE=DATE:" + fmt_date(day))
        if rng.random() < 0.9:
            lines.append("DTEND;VALUE=DATE:" + fmt_date(day + dt.timedelta(days=1)))
    elif r < 0.30:  # all-day, multi-day
        allday = True
        lines.append("DTSTART;VALUE=DATE:" + fmt_date(day))
        lines.append("DTEND;VALUE=DATE:" + fmt_date(day + dt.timedelta(days=rng.randint(2, 7))))
    elif r < 0.82:  # timed, TZID
        tzid = rng.choice(TZIDS)
        durs = [15, 30, 45, 60, 60, 90, 120, 180]
        if r < 0.81:
            start = dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.choice([0, 15, 30, 45])))
        else:  # DST edge cases (local times in gap / overlap) for the America zones
            tzid = rng.choice(TZIDS[:2])
            y = rng.choice([2023, 2024, 2025, 2026])
            if rng.random() < 0.5:
                # 02:30 does not exist; RFC 5545 3.3.5 reads it with the offset
                # before the gap (= 03:30 EDT), so the end must be after 03:30.
                start = dt.datetime.combine(nth_sunday(y, 3, 2), dt.time(2, 30))
                durs = [90, 120, 180]
            else:
                start = dt.datetime.combine(nth_sunday(y, 11, 1), dt.time(1, 30))  # ambiguous
        dur = dt.timedelta(minutes=rng.choice(durs))
        lines.append("DTSTART;TZID=%s:%s" % (tzid, fmt_dt(start)))
        lines.append("DTEND;TZID=%s:%s" % (tzid, fmt_dt(start + dur)))
    else:  # timed, UTC
        start = dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.choice([0, 30])))
        mins = rng.choice([30, 60, 90, 120, 240])
        lines.append("DTSTART:" + fmt_dt(start) + "Z")
        if rng.random() < 0.3:
            h, m = divmod(mins, 60)
            lines.append("DURATION:PT" + ("%dH" % h if h else "") + ("%dM" % m if m else ""))
        else:
            lines.append("DTEND:" + fmt_dt(start + dt.timedelta(minutes=mins)) + "Z")

    ru = rng.random() < 0.5
    summary = rng.choice(SUMMARIES_RU if ru else SUMMARIES_EN)
    if rng.random() < 0.3:
        summary += " #%d" % (i + 1)
    if rng.random() < 0.02:
        summary = rng.choice(EMOJI) + " " + summary
    lines.append("SUMMARY:" + esc_text(summary))

    if rng.random() < 0.8:
        parts = make_text(rng, DESC_PARTS_RU, DESC_PARTS_EN, rng.randint(1, 5))
        lines.append("DESCRIPTION:" + esc_text("\n".join(parts)))
    loc = rng.choice(LOCATIONS)
    if loc:
        lines.append("LOCATION:" + esc_text(loc))
    if rng.random() < 0.6:
        lines.append("URL:https://calendar.example.org/events/%d/%s?lang=%s&ref=ics"
                     % (day.year, uid.split("@")[0], "ru" if ru else "en"))
    if rng.random() < 0.7:
        cats = rng.sample(CATEGORIES, rng.randint(1, 3))
        lines.append("CATEGORIES:" + ",".join(esc_text(c) for c in cats))
    lines.append("SEQUENCE:%d" % rng.choice([0, 0, 0, 1, 2, 3]))
    lines.append("STATUS:" + rng.choice(["CONFIRMED", "CONFIRMED", "CONFIRMED", "TENTATIVE"]))
    lines.append("TRANSP:" + ("TRANSPARENT" if allday else "OPAQUE"))
    if not allday and rng.random() < 0.3:
        org = rng.choice(PEOPLE)
        lines.append('ORGANIZER;CN="%s":mailto:%s' % org)
        for cn, mail in rng.sample(PEOPLE, rng.randint(1, 3)):
            lines.append('ATTENDEE;CN="%s";ROLE=REQ-PARTICIPANT;PARTSTAT=%s;RSVP=TRUE:mailto:%s'
                         % (cn, rng.choice(["ACCEPTED", "NEEDS-ACTION", "TENTATIVE"]), mail))
    if rng.random() < 0.2:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                  "DESCRIPTION:" + esc_text("Напоминание: " + summary if ru else "Reminder: " + summary),
                  "TRIGGER:-PT%dM" % rng.choice([5, 10, 15, 30]), "END:VALARM"]
    lines.append("END:VEVENT")
    return lines


def add_chronicle_mix(rng, lines, earlier_uids):
    """Month/year precision and relations (see the docstring); `lines` is one VEVENT."""
    x = rng.random()
    if x < 0.07:
        year = rng.randint(2023, 2026)
        if x < 0.05:
            month = rng.randint(1, 12)
            first = dt.date(year, month, 1)
            after = dt.date(year + (month == 12), month % 12 + 1, 1)
            edtf = "%04d-%02d" % (year, month)
        else:
            first, after, edtf = dt.date(year, 1, 1), dt.date(year + 1, 1, 1), "%04d" % year
        lines[:] = [ln for ln in lines
                    if not ln.startswith(("DTSTART", "DTEND", "DURATION", "TRANSP"))]
        at = 4  # after BEGIN, UID, DTSTAMP, CREATED, LAST-MODIFIED: keep the usual order
        lines[at + 1:at + 1] = ["DTSTART;VALUE=DATE:" + fmt_date(first),
                                "DTEND;VALUE=DATE:" + fmt_date(after)]
        end = lines.index("BEGIN:VALARM") if "BEGIN:VALARM" in lines else len(lines) - 1
        lines[end:end] = ["TRANSP:TRANSPARENT", "X-CHRONICLE-DATE:" + edtf]
    if earlier_uids and rng.random() < 0.15:
        kind = rng.choice(["PARENT", "FINISHTOSTART", "SIBLING"])
        target = earlier_uids[-rng.randint(1, min(40, len(earlier_uids)))]
        end = lines.index("BEGIN:VALARM") if "BEGIN:VALARM" in lines else len(lines) - 1
        lines.insert(end, "RELATED-TO;RELTYPE=%s:%s" % (kind, target))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of VEVENTs")
    ap.add_argument("-o", "--out", default="-", help="output file (default stdout)")
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("--plain", action="store_true",
                    help="the peers' mix only, without month/year precision and relations")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    extra = random.Random(a.seed + 1)
    uids = []
    dtstamp = "20250115T120000Z"

    head = ["BEGIN:VCALENDAR", "VERSION:2.0",
            "PRODID:-//bench//gen_ics.py 1.0//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + esc_text("Бенчмарк, benchmark; N=%d" % a.n),
            "X-WR-TIMEZONE:Europe/Moscow"]
    for tzid in TZIDS:
        head += VTIMEZONES[tzid].split("\n")

    out = sys.stdout.buffer if a.out == "-" else open(a.out, "wb")
    buf = bytearray()
    for ln in head:
        buf += fold(ln)
    for i in range(a.n):
        lines = gen_event(rng, i, dtstamp)
        if not a.plain:
            add_chronicle_mix(extra, lines, uids)
            uids.append(lines[1][len("UID:"):])
            del uids[:-40]
        for ln in lines:
            buf += fold(ln)
        if len(buf) > 1 << 20:
            out.write(buf)
            buf.clear()
    buf += fold("END:VCALENDAR")
    out.write(buf)
    if out is not sys.stdout.buffer:
        out.close()


if __name__ == "__main__":
    main()
