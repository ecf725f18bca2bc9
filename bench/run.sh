#!/usr/bin/env bash
# Whole-process benchmark: Chronicle and the iCalendar peers side by side, in one run.
#
#   bench/run.sh [options] N
#
# Generates (once, cached in $DATA/N) an N-event timeline folder (bench/gen_timeline.py), an
# N-event calendar (bench/gen_ics.py: the peers' mix plus month/year precision and relations)
# and Chronicle's export of the folder, then times each selected command as its own process
# (start-up included, stdout to /dev/null) with the peers' proctime (wall, user, sys, peak RSS).
# Rounds are interleaved: round 1 runs every command once, then round 2, ... (A B C A B C), so
# that load from other users of the machine falls on all of them alike. Prints per command the
# median wall, min-max, median peak RSS, and the ratio to the reference of its group.
#
# Options
#   -n RUNS        rounds (default 5)
#   -w WARMUP      unmeasured rounds first (default 1)
#   --only REGEX   only commands whose "group name" matches (grep -E)
#   --skip REGEX   skip commands whose "group name" matches
#   --bin PATH     the chronicle binary (default build/perf/src/chronicle)
#   --empty PATH   the start-up floor program (default build/perf/bench/empty_main)
#   --peers DIR    a copy of ../shared/bench-peers with `make -C c` and `npm ci` done in it
#                  (default /tmp/bench-peers); missing peers are skipped with a note
#   --data DIR     where generated inputs are kept (default /tmp/chronicle-bench)
#   -o FILE.tsv    also write every measured run as TSV (group, name, run, wall, user, sys, rss)
#   --list         print the commands and exit
#
# Groups and their reference (ratio 1.00):
#   import  chronicle import --dry-run of the calendar into a timeline holding only its
#           timeline.toml  vs  libical parse (one icalparser_parse, single-threaded), ical.js,
#           python icalendar
#   export  chronicle export ics of the folder  vs  libical parse+serialise of that export
#           (the reference), ical.js and python icalendar parse+serialise of the same file
#   list    chronicle list of the folder (no reference: the target is absolute, 1 s / 300 MB)
#   start   chronicle list of the shipped events/  vs  empty main linked like chronicle
#           (reference), /bin/true
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
RUNS=5 WARMUP=1 ONLY='' SKIP='' LIST=0 TSV=''
BIN=$ROOT/build/perf/src/chronicle
EMPTY=$ROOT/build/perf/bench/empty_main
PEERS=/tmp/bench-peers
DATA=/tmp/chronicle-bench
while [ $# -gt 0 ]; do
  case $1 in
    -n) RUNS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --skip) SKIP=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --empty) EMPTY=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    -o) TSV=$2; shift 2 ;;
    --list) LIST=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: $0 [options] N  (-h for help)" >&2; exit 2; }
N=$1
BIN=$(readlink -f "$BIN")
[ -x "$BIN" ] || { echo "no chronicle binary at $BIN (build it, or give --bin)" >&2; exit 2; }

# Inputs, generated once per N.
D=$DATA/$N
mkdir -p "$D"
# Each piece is written under a temporary name and renamed, so an interrupted run redoes it.
if [ ! -d "$D/events" ]; then
  echo "generating $N event files in $D/events" >&2
  rm -rf "$D/events.tmp"
  python3 "$HERE/gen_timeline.py" "$N" --out "$D/events.tmp"
  mv "$D/events.tmp" "$D/events"
fi
if [ ! -f "$D/calendar.ics" ]; then
  python3 "$HERE/gen_ics.py" "$N" -o "$D/calendar.tmp"
  mv "$D/calendar.tmp" "$D/calendar.ics"
fi
if [ ! -f "$D/target/timeline.toml" ]; then  # a timeline with its settings and no events
  mkdir -p "$D/target"
  sed -n '/^default_language/,$p' "$D/events/timeline.toml" >"$D/target/timeline.toml"
fi
if [ ! -f "$D/export.ics" ]; then  # what `export` writes, for the peers to parse and write
  SOURCE_DATE_EPOCH=1700000000 "$BIN" --events "$D/events" export ics >"$D/export.tmp" 2>/dev/null
  mv "$D/export.tmp" "$D/export.ics"
fi

PY=/usr/bin/python3
have_c() { [ -x "$PEERS/c/ical_parse" ]; }
have_node() { command -v node >/dev/null && [ -d "$PEERS/node/node_modules/ical.js" ]; }
have_py() { $PY -c 'import icalendar' 2>/dev/null && [ -f "$PEERS/py/icalendar_peer.py" ]; }

# group <TAB> name <TAB> command (words; no quoting needed: all paths are plain)
commands() {
  local C=$PEERS/c/ical_parse
  printf 'import\tchronicle\t%s --events %s import --dry-run %s\n' "$BIN" "$D/target" "$D/calendar.ics"
  have_c && printf 'import\tlibical parse (ref)\t%s count %s\n' "$C" "$D/calendar.ics"
  have_node && printf 'import\tical.js parse\tnode %s count %s\n' "$PEERS/node/icaljs_peer.mjs" "$D/calendar.ics"
  have_py && printf 'import\tpython icalendar parse\t%s %s count %s\n' "$PY" "$PEERS/py/icalendar_peer.py" "$D/calendar.ics"
  printf 'export\tchronicle\t%s --events %s export ics\n' "$BIN" "$D/events"
  have_c && printf 'export\tlibical parse+ser (ref)\t%s roundtrip %s /dev/null\n' "$C" "$D/export.ics"
  have_node && printf 'export\tical.js parse+ser\tnode %s roundtrip %s /dev/null\n' "$PEERS/node/icaljs_peer.mjs" "$D/export.ics"
  have_py && printf 'export\tpython icalendar parse+ser\t%s %s roundtrip %s /dev/null\n' "$PY" "$PEERS/py/icalendar_peer.py" "$D/export.ics"
  printf 'list\tchronicle (ref)\t%s --events %s list --color never\n' "$BIN" "$D/events"
  printf 'start\tchronicle list, shipped timeline\t%s --events %s list --color never\n' "$BIN" "$ROOT/events"
  [ -x "$EMPTY" ] && printf 'start\tempty main, same libraries (ref)\t%s\n' "$EMPTY"
  printf 'start\t/bin/true\t/bin/true\n'
  return 0
}

selected() {
  { [ -z "$ONLY" ] || grep -Eq -- "$ONLY" <<<"$1"; } && { [ -z "$SKIP" ] || ! grep -Eq -- "$SKIP" <<<"$1"; }
}

mapfile -t ALL < <(commands)
SEL=()
for line in "${ALL[@]}"; do
  IFS=$'\t' read -r g name cmd <<<"$line"
  selected "$g $name" && SEL+=("$line")
done
if [ "$LIST" = 1 ]; then printf '%s\n' "${SEL[@]}"; exit 0; fi
have_c || echo "note: no $PEERS/c/ical_parse: libical baselines skipped" >&2
have_node || echo "note: no node or ical.js in $PEERS/node: ical.js skipped" >&2
have_py || echo "note: no python3-icalendar: python icalendar skipped" >&2

# The timer: the peers' proctime, or a copy built here.
TIMER=$PEERS/c/proctime
if [ ! -x "$TIMER" ]; then
  TIMER=$D/proctime
  [ -x "$TIMER" ] || cc -O2 -o "$TIMER" "$HERE/proctime.c"
fi

WORK=$(mktemp -d /tmp/chronicle-bench-run.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RES=$WORK/runs.tsv
: >"$RES"
printf '# %s events: %s (%s bytes), %s event files; rounds=%s warmup=%s; load %s; %s\n' "$N" \
  "$D/calendar.ics" "$(stat -c %s "$D/calendar.ics")" "$N" "$RUNS" "$WARMUP" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%FT%TZ)" >&2
for ((round = 1 - WARMUP; round <= RUNS; round++)); do
  for line in "${SEL[@]}"; do
    IFS=$'\t' read -r g name cmd <<<"$line"
    : >"$WORK/t"
    # shellcheck disable=SC2086  # the command is words by construction
    "$TIMER" "$WORK/t" $cmd >/dev/null 2>>"$WORK/stderr" || true
    [ "$round" -ge 1 ] && printf '%s\t%s\t%s\t%s\n' "$g" "$name" "$round" "$(tr ' ' '\t' <"$WORK/t")" >>"$RES"
  done
done
[ -z "$TSV" ] || cp "$RES" "$TSV"

python3 - "$RES" <<'PYEOF'
import statistics as st, sys
rows = {}
order = []
for line in open(sys.argv[1], encoding="utf-8"):
    g, name, _, wall, user, sys_, rss, rc = line.rstrip("\n").split("\t")[:8]
    key = (g, name)
    if key not in rows:
        rows[key] = []
        order.append(key)
    rows[key].append((float(wall), float(user), float(sys_), float(rss) / 1024, int(rc)))
print(f"{'group':7} {'command':36} {'wall s':>8} {'min-max':>15} {'user+sys':>9} {'RSS MiB':>8} {'ratio':>6}  rc")
for g in dict.fromkeys(k[0] for k in order):
    keys = [k for k in order if k[0] == g]
    ref = next((k for k in keys if k[1].endswith("(ref)")), None)
    refwall = st.median(r[0] for r in rows[ref]) if ref else None
    for k in keys:
        r = rows[k]
        wall = st.median(x[0] for x in r)
        cpu = st.median(x[1] + x[2] for x in r)
        rss = st.median(x[3] for x in r)
        ratio = f"{wall / refwall:6.2f}" if refwall else "     -"
        rcs = ",".join(sorted({str(x[4]) for x in r}))
        print(f"{g:7} {k[1]:36} {wall:8.4f} {min(x[0] for x in r):7.4f}-{max(x[0] for x in r):<7.4f} "
              f"{cpu:9.3f} {rss:8.1f} {ratio}  {rcs}")
failed = sorted({f"{k[0]} {k[1]}" for k in order if any(x[4] != 0 for x in rows[k])})
if failed:
    print("failed (non-zero exit): " + ", ".join(failed), file=sys.stderr)
    sys.exit(1)
PYEOF
