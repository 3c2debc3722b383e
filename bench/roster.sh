#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: import a 20,000-person roster into a new workspace (target:
# under 1 s), with sqlite3 ".import" of the same file as the reference.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
awk 'BEGIN {
    print "id,aliases,team,parent,function,manager"
    for (i = 0; i < 20000; i++) {
        t = int(i / 12)
        printf "person%05d@org.example,p%05d;Person %05d,Team %04d,Dept %03d,fn%d,%s\n", i, i, i, t, int(t / 10), int(t / 400), (i % 12) ? "no" : "yes"
    }
}' >roster.csv
best=
for run in 1 2 3; do
    rm -f ws.db ws.key ref.db
    "$T" --db ws.db init >/dev/null
    t0=$(date +%s.%N)
    "$T" --db ws.db import roster roster.csv >/dev/null
    t1=$(date +%s.%N)
    sqlite3 ref.db ".import --csv roster.csv t"
    t2=$(date +%s.%N)
    tr=$(echo "$t1 - $t0" | bc -l)
    ref=$(echo "$t2 - $t1" | bc -l)
    printf 'run %d: traction import roster %.3f s, sqlite3 .import %.3f s\n' "$run" "$tr" "$ref"
    if [ -z "$best" ] || [ "$(echo "$tr < $best" | bc)" = 1 ]; then best=$tr; bestref=$ref; fi
done
printf 'best of 3: traction %.3f s for 20000 people (target < 1 s); sqlite3 .import %.3f s, ratio %.2f\n' "$best" "$bestref" "$(echo "$best / $bestref" | bc -l)"
[ "$(echo "$best < 1" | bc)" = 1 ]
