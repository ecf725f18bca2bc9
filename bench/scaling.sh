#!/usr/bin/env bash
# Scaling: Chronicle's import, export and list at several sizes, and the plot of it.
#
#   bench/scaling.sh [-n RUNS] [--out DIR] [N...]      (default N: 1000 10000 100000 1000000)
#
# Runs bench/run.sh for each N (Chronicle and libical only, RUNS interleaved rounds, default 3),
# keeps each run's TSV in DIR (default /tmp/chronicle-bench/scaling) and draws DIR/scaling.png
# and DIR/scaling.md with bench/plot_scaling.py (python3-matplotlib).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=3 OUT=/tmp/chronicle-bench/scaling
while [ $# -gt 0 ]; do
  case $1 in
    -n) RUNS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || set -- 1000 10000 100000 1000000
mkdir -p "$OUT"
for n in "$@"; do
  "$HERE/run.sh" -n "$RUNS" -w 0 --skip 'start|ical.js|python' -o "$OUT/$n.tsv" "$n" | tee "$OUT/$n.txt"
done
/usr/bin/python3 "$HERE/plot_scaling.py" "$OUT" "$@"
