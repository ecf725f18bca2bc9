#!/usr/bin/python3
"""Scores date taggers against the gold standard of tests/extract/gold/ (issue 14).

Usage: extract_score.py --texts DIR [--system NAME ...] [--lang ru|en] [--split dev|heldout|all]
                        [--details]
  DIR     the folder the gold files' "text" paths are relative to (../shared/extract-dev)
  NAME    dateparser (Debian python3-dateparser, search_dates), chrono (chrono-node, npm ci in
          bench/extract_peers), chronicle[=BINARY] (`chronicle extract FILE --format json
          --lang L [--dct D]`); default: every one that can run here

Each system sees each text with the gold's document date as its reference date, when the gold
has one (as TempEval gives the document creation time), and answers with
{"dates": [{"start", "end", "text", "value"}]}, start/end UTF-8 byte offsets, value EDTF.

The measures, per language, in the standard form of temporal tagging (TempEval-3):
  spans   relaxed match: a gold expression is found when an answered span overlaps it; an
          answered span that overlaps no gold expression counts against precision.
          P = answered spans overlapping a gold one / answered; R = gold found / gold.
  values  a gold expression is right when an answered span overlapping it has exactly its EDTF
          value; P = answered spans overlapping a gold one with its value / answered;
          R = gold right / gold.
F1 is the harmonic mean. Nothing here is a pass/fail test.

--split (tests/extract/SPLIT.md): the gold files of a language sorted by name, every third one
(positions 3, 6, 9, ... counted from 1) held out; "dev" is the rest, "all" (the default) both.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD = os.path.join(ROOT, "tests", "extract", "gold")
PEERS = os.path.join(HERE, "extract_peers")


def overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def run_system(name, binary, lang, path, dct):
    if name == "dateparser":
        cmd = ["/usr/bin/python3", os.path.join(PEERS, "dateparser_dates.py"), lang, path]
        if dct:
            cmd.append(dct)
    elif name == "chrono":
        cmd = ["node", os.path.join(PEERS, "chrono_dates.js"), lang, path]
        if dct:
            cmd.append(dct)
    else:
        cmd = [binary, "extract", path, "--format", "json", "--lang", lang]
        if dct:
            cmd += ["--dct", dct]
    r = subprocess.run(cmd, capture_output=True, text=True,
                       env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout)["dates"]


def split_files(files, split):
    """The files of a split; `files` sorted by name (tests/extract/SPLIT.md)."""
    if split == "all":
        return files
    held = [f for i, f in enumerate(files) if i % 3 == 2]
    return held if split == "heldout" else [f for f in files if f not in held]


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold_dates, answered):
    s = {"gold": len(gold_dates), "answered": len(answered), "span_p": 0, "span_r": 0,
         "value_p": 0, "value_r": 0}
    for a in answered:
        hits = [g for g in gold_dates if overlaps(a, g)]
        s["span_p"] += bool(hits)
        s["value_p"] += any(g["value"] == a["value"] for g in hits)
    for g in gold_dates:
        hits = [a for a in answered if overlaps(a, g)]
        s["span_r"] += bool(hits)
        s["value_r"] += any(a["value"] == g["value"] for a in hits)
    return s


def available(name, binary):
    if name == "dateparser":
        return subprocess.run(["/usr/bin/python3", "-c", "import dateparser"],
                              capture_output=True).returncode == 0
    if name == "chrono":
        return shutil.which("node") and os.path.isdir(
            os.path.join(PEERS, "node_modules", "chrono-node"))
    # Chronicle: a build that has the extract command.
    if not (binary and os.access(binary, os.X_OK)):
        return False
    listed = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["extract"] for line in listed.splitlines())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", required=True)
    ap.add_argument("--system", action="append")
    ap.add_argument("--lang", action="append")
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all",
                    help="which texts (tests/extract/SPLIT.md)")
    ap.add_argument("--details", action="store_true", help="every miss and false alarm")
    a = ap.parse_args()
    systems = []
    for s in a.system or ["dateparser", "chrono",
                          "chronicle=" + os.path.join(ROOT, "build/ci/src/chronicle")]:
        name, _, binary = s.partition("=")
        if not available(name, binary):
            print(f"# {name}: not available here, skipped", file=sys.stderr)
            continue
        systems.append((name, binary))
    langs = a.lang or sorted(os.listdir(GOLD))
    print(f"{'system':<11} {'lang':<4} {'texts':>5} {'gold':>5} {'answered':>8}  "
          f"{'span P':>6} {'R':>5} {'F1':>5}  {'value P':>7} {'R':>5} {'F1':>5}  {'s/text':>6}")
    for lang in langs:
        files = split_files(sorted(f for f in os.listdir(os.path.join(GOLD, lang))
                                   if f.endswith(".json")), a.split)
        for name, binary in systems:
            total = {"gold": 0, "answered": 0, "span_p": 0, "span_r": 0, "value_p": 0,
                     "value_r": 0}
            t0 = time.perf_counter()
            for f in files:
                gold = json.load(open(os.path.join(GOLD, lang, f), encoding="utf-8"))
                path = os.path.join(a.texts, gold["text"])
                answered = run_system(name, binary, lang, path, gold.get("document_date"))
                s = score(gold["dates"], answered)
                for k in total:
                    total[k] += s[k]
                if a.details:
                    for g in gold["dates"]:
                        got = [x for x in answered if overlaps(x, g)]
                        if not any(x["value"] == g["value"] for x in got):
                            print(f"  {f} miss {g['text']!r} {g['value']} <- "
                                  f"{[(x['text'], x['value']) for x in got]}")
                    for x in answered:
                        if not any(overlaps(x, g) for g in gold["dates"]):
                            print(f"  {f} false {x['text']!r} {x['value']}")
            dt = (time.perf_counter() - t0) / max(len(files), 1)
            sp = total["span_p"] / total["answered"] if total["answered"] else 0.0
            sr = total["span_r"] / total["gold"] if total["gold"] else 0.0
            vp = total["value_p"] / total["answered"] if total["answered"] else 0.0
            vr = total["value_r"] / total["gold"] if total["gold"] else 0.0
            print(f"{name:<11} {lang:<4} {len(files):>5} {total['gold']:>5} "
                  f"{total['answered']:>8}  {sp:>6.3f} {sr:>5.3f} {f1(sp, sr):>5.3f}  "
                  f"{vp:>7.3f} {vr:>5.3f} {f1(vp, vr):>5.3f}  {dt:>6.2f}")


if __name__ == "__main__":
    main()
