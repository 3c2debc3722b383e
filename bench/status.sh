#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: `traction status` on a 200,000-person roster (20,000 teams of
# ten under 2,000 departments under 20 divisions; target: under 1 s).
# Issue 23: without an index on unit(parent_id) counting the teams
# scanned every unit once per unit (19.5 s).
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
people=${PEOPLE:-200000}
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
awk -v n="$people" 'BEGIN {
    print "id,team,parent,manager"
    for (i = 0; i < n; i++) {
        t = int(i / 10)
        printf "person%06d@org.example,Team %05d,Dept %04d,%s\n", i, t, int(t / 10), (i % 10) ? "no" : "yes"
    }
    for (d = 0; d * 10 < n / 10; d++)
        printf "head%04d@org.example,Dept %04d,Div %02d,yes\n", d, d, int(d / 100)
}' >roster.csv
"$T" --db ws.db init >/dev/null
"$T" --db ws.db import roster roster.csv >/dev/null
"$T" --db ws.db status
best=
for run in 1 2 3; do
    t0=$(date +%s.%N)
    "$T" --db ws.db status >/dev/null
    t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    printf 'run %d: traction status %.3f s\n' "$run" "$s"
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
done
printf 'best of 3: %.3f s for %d people (target < 1 s)\n' "$best" "$people"
[ "$(echo "$best < 1" | bc)" = 1 ]
