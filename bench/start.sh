#!/usr/bin/env bash
# Start-up cost: `chronicle list` of a small timeline against the empty program, side by side.
#
#   bench/start.sh [options] [BIN...]
#
# Runs each BIN (default build/ci/src/chronicle) as `BIN --events EVENTS list --color never`
# (stdout to /dev/null) and the start-up floor (bench/empty_main.cpp: main returning 0, linked
# against the shared libraries chronicle loads), interleaved: round 1 runs every program once,
# then round 2, ... (A B E A B E), so that load from other users of the machine falls on all of
# them alike. When it is built, empty_main_full (the same main linked against every shared library
# chronicle links, curl's and cpp-httplib's included) runs in each round too. Timing is bench/proctime.c (fork/exec, CLOCK_MONOTONIC wall, wait4 rusage). Prints
# per program the median wall time, its 10th and 90th percentiles, the median user+sys CPU and
# the ratios of the medians to empty_main's (wall and CPU) and to empty_main_full's. Several BINs compare builds (copy the
# old binary aside before rebuilding: they must load the same libraries to compare).
#
# Options
#   -n RUNS        rounds (default 200)
#   -w WARMUP      unmeasured rounds first (default 5)
#   --events DIR   the timeline (default the shipped events/)
#   --empty PATH   the floor (default build/ci/bench/empty_main)
#   --full PATH    the floor with all of chronicle's libraries (default
#                  build/ci/bench/empty_main_full; skipped when missing)
#   -o FILE.tsv    also write every measured run (name, round, wall, user, sys, rss, rc)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
RUNS=200 WARMUP=5 TSV=''
EVENTS=$ROOT/events
EMPTY=$ROOT/build/ci/bench/empty_main
FULL=$ROOT/build/ci/bench/empty_main_full
while [ $# -gt 0 ]; do
  case $1 in
    -n) RUNS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    --empty) EMPTY=$2; shift 2 ;;
    --full) FULL=$2; shift 2 ;;
    -o) TSV=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- "$ROOT/build/ci/src/chronicle"
for b in "$@" "$EMPTY"; do
  [ -x "$b" ] || { echo "no program at $b (build it, or give its path)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/chronicle-start.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TIMER=$WORK/proctime
cc -O2 -o "$TIMER" "$HERE/proctime.c"

# name <TAB> command (words; paths must be plain)
PROGS=()
for b in "$@"; do PROGS+=("$b"$'\t'"$b --events $EVENTS list --color never"); done
[ -x "$FULL" ] && PROGS+=("empty_main_full (full)"$'\t'"$FULL")
PROGS+=("empty_main (ref)"$'\t'"$EMPTY")

printf '# %s rounds after %s warm-up; %s; load %s; %s\n' "$RUNS" "$WARMUP" "$EVENTS" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%FT%TZ)"
RES=$WORK/runs.tsv
: >"$RES"
for ((round = 1 - WARMUP; round <= RUNS; round++)); do
  for p in "${PROGS[@]}"; do
    IFS=$'\t' read -r name cmd <<<"$p"
    : >"$WORK/t"
    # shellcheck disable=SC2086  # the command is words by construction
    "$TIMER" "$WORK/t" $cmd >/dev/null
    [ "$round" -ge 1 ] && printf '%s\t%s\t%s\n' "$name" "$round" "$(tr ' ' '\t' <"$WORK/t")" >>"$RES"
  done
done
printf '# done; load %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
[ -z "$TSV" ] || cp "$RES" "$TSV"

python3 - "$RES" <<'PYEOF'
import statistics as st, sys
rows, order = {}, []
for line in open(sys.argv[1], encoding="utf-8"):
    name, _, wall, user, sys_, rss, rc = line.rstrip("\n").split("\t")[:7]
    if name not in rows:
        rows[name] = []
        order.append(name)
    rows[name].append((float(wall) * 1000, (float(user) + float(sys_)) * 1000, int(rc)))
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]
ref = next(n for n in order if n.endswith("(ref)"))
rwall = st.median(r[0] for r in rows[ref])
rcpu = st.median(r[1] for r in rows[ref])
full = next((n for n in order if n.endswith("(full)")), None)
fwall = st.median(r[0] for r in rows[full]) if full else None
print(f"{'program':44} {'wall ms':>8} {'p10':>6} {'p90':>6} {'cpu ms':>7} {'wall/ref':>8} {'cpu/ref':>8} {'wall/full':>9}  rc")
for n in order:
    r = rows[n]
    wall = st.median(x[0] for x in r)
    cpu = st.median(x[1] for x in r)
    rcs = ",".join(sorted({str(x[2]) for x in r}))
    label = n if len(n) <= 44 else "..." + n[-41:]
    print(f"{label:44} {wall:8.3f} {pct([x[0] for x in r], .1):6.2f} {pct([x[0] for x in r], .9):6.2f} "
          f"{cpu:7.2f} {wall / rwall:8.2f} {cpu / rcpu if rcpu else float('nan'):8.2f} "
          f"{wall / fwall if fwall else float('nan'):9.2f}  {rcs}")
if any(x[2] != 0 for n in order for x in rows[n]):
    print("failed (non-zero exit)", file=sys.stderr)
    sys.exit(1)
PYEOF
