#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: classify and aggregate a 1 GB Squid log (7.5M lines, 2% AI
# traffic, 20,000 users), in the same run as `cat FILE > /dev/null` (read
# speed) and `grep -F -f domains FILE | awk` (what a sysadmin would write).
# Targets: traction at most 3 times cat, at least 5 times faster than
# grep+awk.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
here=$(cd "$(dirname "$0")" && pwd)
lines=${LINES_N:-7500000}
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
echo "generating $lines lines ..."
awk -v n="$lines" -f "$here/gen_squid.awk" >access.log
awk -v roster=1 -f "$here/gen_squid.awk" >roster.csv
awk -v domains=1 -f "$here/gen_squid.awk" >domains
"$T" --db ws.db init >/dev/null
"$T" --db ws.db import roster roster.csv >/dev/null
echo "input: $(wc -c <access.log) bytes"
sync # no writeback of the new files while timing
cat access.log >/dev/null # warm the page cache

. "$here/lib/best.sh"
grep_awk() {
    grep -F -f domains access.log | awk '{ split($7, u, "/"); h = u[1] == "http:" || u[1] == "https:" ? u[3] : u[1]; sub(/:.*/, "", h); d = int($1 / 86400); k = h " " $8 " " d; if (!(k in seen)) { seen[k] = 1; days[h]++ } n[h]++ } END { for (h in n) print h, n[h], days[h] }'
}
scan() { "$T" --db ws.db shadow scan --format squid access.log --dry-run; }
best cat cat access.log
c=$b
best grep+awk grep_awk
g=$b
best traction scan
s=$b
printf 'traction / cat = %.2f (target <= 3); grep+awk / traction = %.2f (target >= 5)\n' \
    "$(echo "$s / $c" | bc -l)" "$(echo "$g / $s" | bc -l)"
[ "$(echo "$s <= 3 * $c && $g >= 5 * $s" | bc)" = 1 ]
