#!/usr/bin/python3
"""dateparser's dates in a text, in the JSON that bench/extract_score.py scores:
    dateparser_dates.py LANG FILE [DOCUMENT_DATE]   ->   {"dates": [{start, end, text, value}]}

`search_dates` (Debian's python3-dateparser) finds the expressions; each found text is parsed
again with `DateDataParser.get_date_data`, whose `period` (day, month, year) gives the value's
precision, so that dateparser is not charged for a day it would invent where it knows it has
only a month. Spans: the found texts located in order in the text, as UTF-8 byte offsets.
Without a document date, dateparser resolves against today, and the scorer counts what it
guessed."""
import datetime
import json
import sys

from dateparser.date import DateDataParser
from dateparser.search import search_dates


def main():
    lang, path = sys.argv[1], sys.argv[2]
    dct = sys.argv[3] if len(sys.argv) > 3 else None
    text = open(path, encoding="utf-8").read()
    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if dct:
        settings["RELATIVE_BASE"] = datetime.datetime.fromisoformat(dct + "T12:00:00")
    found = search_dates(text, languages=[lang], settings=settings) or []
    ddp = DateDataParser(languages=[lang], settings=settings)
    dates, at = [], 0
    for s, when in found:
        i = text.find(s, at)
        if i < 0:
            continue
        at = i + len(s)
        period = (ddp.get_date_data(s).period or "day") if s.strip() else "day"
        value = {"year": f"{when.year:04}", "month": f"{when.year:04}-{when.month:02}"}.get(
            period, f"{when.year:04}-{when.month:02}-{when.day:02}")
        start = len(text[:i].encode("utf-8"))
        dates.append({"start": start, "end": start + len(s.encode("utf-8")), "text": s,
                      "value": value})
    json.dump({"dates": dates}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
