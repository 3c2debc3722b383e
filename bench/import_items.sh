#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: import 1,000,000 work items (10 columns) with traction and,
# on the same file in the same run, with `sqlite3 NEW.db ".import --csv"`.
# Target: traction at most 0.8 of sqlite3's time. Also reports peak memory
# at 250k and 1M rows: streaming means it must not grow with the file.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
here=$(cd "$(dirname "$0")" && pwd)
rows=${ROWS:-1000000}
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
awk -v n="$rows" -f "$here/gen_items.awk" >items.csv
awk -v n=$((rows / 4)) -f "$here/gen_items.awk" >quarter.csv
awk -v roster=1 -f "$here/gen_items.awk" >roster.csv
echo "input: $rows rows, $(wc -c <items.csv) bytes"

now() { date +%s.%N; }
sec() { echo "$2 - $1" | bc -l; }

best_sqlite=
best_traction=
for run in 1 2 3 4 5; do
    rm -f ref.db
    t0=$(now)
    sqlite3 ref.db ".import --csv items.csv t"
    t1=$(now)
    rm -rf ws && mkdir ws
    "$T" --db ws/t.db init >/dev/null
    "$T" --db ws/t.db import roster roster.csv >/dev/null
    t2=$(now)
    "$T" --db ws/t.db import items items.csv --source bench >/dev/null
    t3=$(now)
    s=$(sec "$t0" "$t1")
    tr=$(sec "$t2" "$t3")
    echo "run $run: sqlite3 .import $(printf %.3f "$s") s, traction import items $(printf %.3f "$tr") s"
    if [ -z "$best_sqlite" ] || [ "$(echo "$s < $best_sqlite" | bc)" = 1 ]; then best_sqlite=$s; fi
    if [ -z "$best_traction" ] || [ "$(echo "$tr < $best_traction" | bc)" = 1 ]; then best_traction=$tr; fi
done
n=$(sqlite3 ws/t.db "SELECT count(*) FROM work_item")
[ "$n" = "$rows" ] || { echo "traction stored $n rows, expected $rows"; exit 1; }
ratio=$(echo "$best_traction / $best_sqlite" | bc -l)
printf 'best of 5: sqlite3 %.3f s, traction %.3f s, ratio %.2f (target <= 0.80)\n' "$best_sqlite" "$best_traction" "$ratio"

mem() { # peak RSS in kB of an import of $1 into a fresh workspace
    rm -rf m && mkdir m
    "$T" --db m/t.db init >/dev/null
    "$T" --db m/t.db import roster roster.csv >/dev/null
    /usr/bin/time -f %M "$T" --db m/t.db import items "$1" --source bench 2>&1 >/dev/null | tail -1
}
printf 'peak memory: %s kB for %d rows, %s kB for %d rows\n' "$(mem quarter.csv)" $((rows / 4)) "$(mem items.csv)" "$rows"
[ "$(echo "$ratio <= 0.8" | bc)" = 1 ] || { echo "ratio above target"; exit 1; }
