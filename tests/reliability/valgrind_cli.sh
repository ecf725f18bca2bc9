#!/usr/bin/env bash
# Runs real chronicle commands under valgrind memcheck: any error or leak fails.
# Usage: valgrind_cli.sh VALGRIND CHRONICLE SOURCE_DIR
set -euo pipefail
valgrind=$1 chronicle=$2 source=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source/events" "$work/events"
cd "$work"
export SOURCE_DATE_EPOCH=1780000000
vg() {
  echo "valgrind: chronicle $*" >&2
  "$valgrind" -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect "$chronicle" "$@" >/dev/null
}
vg list
vg list --lang ru --format json
vg export ics -o out.ics
vg check
mkdir fresh
vg --events fresh import out.ics
vg --events fresh export ics -o again.ics
vg import "$source/exports/c5plus1.ics" --dry-run
vg add "Valgrind meeting" --date 2024-06-01 --place Hall --tag x
vg edit 2024-03-03-pdac-2024-convention --set title=Edited
echo "valgrind: clean" >&2
