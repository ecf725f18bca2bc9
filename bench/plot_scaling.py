#!/usr/bin/python3
"""Draws DIR/scaling.png and writes DIR/scaling.md from the TSVs of bench/scaling.sh.

Usage: plot_scaling.py DIR N...   (reads DIR/N.tsv, as bench/run.sh -o writes them)
"""
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SERIES = [("import", "chronicle", "chronicle import --dry-run"),
          ("import", "libical parse (ref)", "libical parse of the same .ics"),
          ("export", "chronicle", "chronicle export ics"),
          ("export", "libical parse+ser (ref)", "libical parse+serialise of the export"),
          ("list", "chronicle (ref)", "chronicle list")]


def main(argv):
    out, sizes = argv[0], [int(n) for n in argv[1:]]
    data = {}  # (group, name) -> {n: (wall, rss)}
    for n in sizes:
        runs = {}
        for line in open(f"{out}/{n}.tsv", encoding="utf-8"):
            g, name, _, wall, user, sys_, rss, _rc = line.rstrip("\n").split("\t")[:8]
            runs.setdefault((g, name), []).append(
                (float(wall), float(user) + float(sys_), float(rss) / 1024))
        for key, r in runs.items():
            data.setdefault(key, {})[n] = tuple(statistics.median(x[i] for x in r)
                                                for i in range(3))
    rows = ["| command | " + " | ".join(f"{n:,} events" for n in sizes) + " |",
            "| --- |" + " --- |" * len(sizes)]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.2))
    for g, name, label in SERIES:
        points = data.get((g, name), {})
        if not points:
            continue
        cells = [f"{points[n][0]:.2f} s wall, {points[n][1]:.2f} s CPU, {points[n][2]:.0f} MiB"
                 if n in points else "-" for n in sizes]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
        xs = [n for n in sizes if n in points]
        ax_t.plot(xs, [points[n][1] for n in xs], marker="o", label=label)
        ax_m.plot(xs, [points[n][2] for n in xs], marker="o", label=label)
    # CPU (user + sys), not wall: on a loaded shared machine wall time is mostly waiting.
    for ax, what in ((ax_t, "user + sys CPU, s (median)"), (ax_m, "peak RSS, MiB (median)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("events")
        ax.set_ylabel(what)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=8)
    fig.suptitle("Chronicle at scale (whole process, 2 cores; log-log: slope 1 is linear)")
    fig.tight_layout()
    fig.savefig(f"{out}/scaling.png", dpi=90)
    with open(f"{out}/scaling.md", "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
