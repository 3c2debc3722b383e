#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: `traction simulate --people 100000 --months 12` (target: under
# a minute), beside writing the same number of bytes with dd (the disk's
# own speed), then importing every file it wrote.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
now() { date +%s.%N; }
t0=$(now)
"$T" simulate --out sim --people "${PEOPLE:-100000}" --months 12 >/dev/null
t1=$(now)
bytes=$(cat sim/* | wc -c)
sim=$(echo "$t1 - $t0" | bc -l)
t0=$(now)
dd if=/dev/zero of=zeros bs=1M count=$((bytes / 1048576)) 2>/dev/null
sync
t1=$(now)
dd=$(echo "$t1 - $t0" | bc -l)
rm -f zeros
printf 'simulate   %.1f s for %s bytes (%.0f MB/s)\n' "$sim" "$bytes" \
    "$(echo "$bytes / $sim / 1000000" | bc -l)"
printf 'dd         %.1f s for the same bytes; simulate / dd = %.1f\n' "$dd" \
    "$(echo "$sim / $dd" | bc -l)"
for f in sim/*; do printf '  %-28s %12s bytes\n' "$(basename "$f")" "$(wc -c <"$f")"; done
step() { # step NAME COMMAND...: times one import
    name=$1
    shift
    t0=$(now)
    "$@" >/dev/null
    t1=$(now)
    printf 'import %-22s %.1f s\n' "$name" "$(echo "$t1 - $t0" | bc -l)"
}
W="$T --db ws.db"
$W init >/dev/null
step roster $W import roster sim/roster.csv --as-of 2025-01-01
step jira $W import items --preset jira sim/jira.csv \
    --map "errors=Custom field (Defects)" --map "rework=Custom field (Reopened)"
step servicenow $W import items --preset servicenow sim/servicenow.csv \
    --map errors=u_defects
step copilot-users $W import usage --format copilot-users sim/copilot-users.ndjson
step m365-copilot $W import usage --format m365-copilot sim/m365-copilot.csv
step squid $W shadow scan --format squid sim/access.log --quiet
[ "$(echo "$sim < 60" | bc)" = 1 ]
