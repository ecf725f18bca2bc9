#!/usr/bin/env bash
# Import written to disk against the dry run of the same calendar (issue 16).
#
# usage: bench/import_write.sh [-n RUNS] [--bin CHRONICLE] [--dry-only] N
#
# Generates (once, cached in /tmp/chronicle-bench/N, as run.sh does) the N-event calendar of
# gen_ics.py, then, RUNS times, interleaved: `import --dry-run` of it into a timeline folder
# holding only its timeline.toml, and `import` of it written into a fresh copy of that folder
# (each run's folder is kept until the end, and the page cache's dirty pages are written out
# before each command with `sync`, so that no run pays for the one before it). Prints per
# command the median wall time, min-max, median user+sys CPU and peak RSS, and the ratio of
# the written import to the dry run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUNS=3
BIN=$ROOT/build/ci/src/chronicle
DATA=${CHRONICLE_BENCH_DATA:-/tmp/chronicle-bench}
while [ $# -gt 1 ]; do
  case $1 in
    -n) RUNS=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    *) echo "usage: $0 [-n RUNS] [--bin CHRONICLE] N" >&2; exit 2 ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: $0 [-n RUNS] [--bin CHRONICLE] N" >&2; exit 2; }
N=$1
BIN=$(readlink -f "$BIN")
[ -x "$BIN" ] || { echo "no chronicle binary at $BIN" >&2; exit 2; }
D=$DATA/$N
mkdir -p "$D"
if [ ! -f "$D/calendar.ics" ]; then
  python3 "$HERE/gen_ics.py" "$N" -o "$D/calendar.tmp"
  mv "$D/calendar.tmp" "$D/calendar.ics"
fi
TIMER=$D/proctime
[ -x "$TIMER" ] || cc -O2 -o "$TIMER" "$HERE/proctime.c"

WORK=$(mktemp -d "$DATA/import-write.XXXXXX")  # on the disk, like a real timeline
trap 'rm -rf "$WORK"' EXIT
# The settings of run.sh's import target (gen_timeline.py's, without its comment).
printf 'default_language = "en"\ntime_zone = "Asia/Almaty"\nuid_domain = "generated.chronicle.invalid"\n\n[name]\nen = "Import target"\n' >"$WORK/timeline.toml"
printf '# %s events: %s (%s bytes); runs=%s; load %s; %s\n' "$N" "$D/calendar.ics" \
  "$(stat -c %s "$D/calendar.ics")" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$(date -u +%FT%TZ)" >&2
RES=$WORK/runs.tsv
: >"$RES"
# Each run gets a folder of its own, all removed at the end: removing one between runs would
# make the next written import pay for it (ext4 scans recently freed inodes when it allocates:
# `recently_deleted` was a third of a 10,000-event import's time in `perf` when the folder of
# the run before had just been removed).
for ((round = 1; round <= RUNS; round++)); do
  for kind in dry written; do
    T=$WORK/t.$kind.$round
    mkdir "$T"
    cp "$WORK/timeline.toml" "$T/"
    args=(--events "$T" import "$D/calendar.ics")
    [ "$kind" = dry ] && args+=(--dry-run)
    sync
    : >"$WORK/one"
    "$TIMER" "$WORK/one" "$BIN" "${args[@]}" >/dev/null 2>>"$WORK/stderr" || true
    printf '%s\t%s\t%s\n' "$kind" "$round" "$(tr ' ' '\t' <"$WORK/one")" >>"$RES"
    if [ "$kind" = written ]; then
      files=$(find "$T" -maxdepth 1 -name '*.toml' ! -name timeline.toml | wc -l)
      [ "$files" -eq "$N" ] || echo "round $round: $files event files written, not $N" >&2
    fi
  done
  printf '# round %s done; load %s\n' "$round" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
python3 - "$RES" <<'PYEOF'
import statistics as st, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    kind, rnd, wall, user, sys_, rss, rc = line.rstrip("\n").split("\t")[:7]
    rows.setdefault(kind, []).append((float(wall), float(user) + float(sys_), float(rss) / 1024, rc))
print(f"{'command':24} {'wall s':>8} {'min-max':>17} {'user+sys':>9} {'RSS MiB':>8}  rc  walls")
for kind, label in (("dry", "import --dry-run"), ("written", "import (written)")):
    r = rows[kind]
    walls = [x[0] for x in r]
    print(f"{label:24} {st.median(walls):8.3f} {min(walls):8.3f}-{max(walls):<8.3f} "
          f"{st.median(x[1] for x in r):9.3f} {st.median(x[2] for x in r):8.1f}  "
          f"{','.join(sorted({x[3] for x in r}))}  {' '.join(f'{w:.2f}' for w in walls)}")
dry = [x[0] for x in rows["dry"]]
wr = [x[0] for x in rows["written"]]
print(f"written / dry run, median walls: {st.median(wr) / st.median(dry):.2f}; per round: "
      + " ".join(f"{w / d:.2f}" for w, d in zip(wr, dry)))
PYEOF
cat "$WORK/stderr" | sort | uniq -c | head -5 >&2 || true
