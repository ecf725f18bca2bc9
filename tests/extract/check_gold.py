#!/usr/bin/python3
"""Checks the gold annotations in tests/extract/gold/: every file names a text that exists, and
every entry's byte span holds exactly its `text`, in order, without overlaps, with a value that
looks like EDTF. Usage: check_gold.py TEXTS_ROOT (the folder holding ru-news/, e.g.
../shared/extract-dev). Exit 1 and one line per problem when any is wrong."""
import json
import os
import re
import sys

EDTF = re.compile(
    r"^(?:[0-9X]{4}(?:-(?:[0-9X]{2}|2[1-4]|3[3-6]|4[01])(?:-[0-9X]{2})?)?|[0-9]{3}X|[0-9]{2}XX"
    r")[~?%]?$")


def valid_value(v: str) -> bool:
    return all(EDTF.match(part) for part in v.split("/")) and 1 <= v.count("/") + 1 <= 2


def main() -> int:
    root = sys.argv[1]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gold")
    problems = []
    count = 0
    for lang in sorted(os.listdir(here)):
        for name in sorted(os.listdir(os.path.join(here, lang))):
            path = os.path.join(here, lang, name)
            gold = json.load(open(path, encoding="utf-8"))
            text = open(os.path.join(root, gold["text"]), "rb").read()
            dd = gold.get("document_date")
            if dd is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", dd):
                problems.append(f"{path}: document_date {dd!r} is not YYYY-MM-DD")
            last_end = 0
            for i, d in enumerate(gold["dates"]):
                where = f"{path}: dates[{i}]"
                got = text[d["start"]:d["end"]].decode("utf-8", errors="replace")
                if got != d["text"]:
                    problems.append(f"{where}: bytes {d['start']}..{d['end']} hold {got!r}, "
                                    f"not {d['text']!r}")
                if d["start"] < last_end:
                    problems.append(f"{where}: starts before the previous entry ends")
                last_end = d["end"]
                if not valid_value(d["value"]):
                    problems.append(f"{where}: value {d['value']!r} is not EDTF as the "
                                    "guidelines write it")
                if d.get("mod") not in (None, "START", "MID", "END"):
                    problems.append(f"{where}: mod {d['mod']!r} is not START, MID or END")
                count += 1
    for p in problems:
        print(p)
    print(f"{count} date expressions checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
