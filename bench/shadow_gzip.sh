#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: a week of rotated, gzipped Squid logs (four files, 2M lines,
# 2% AI traffic). A gzip stream cannot be split, so traction reads the
# files side by side, one per core. In the same run: `gzip -dc` of the
# files (decompression alone, one core) as the reference. No target: it
# shows what reading the files in parallel gives on this machine
# (traction / gzip -dc under 1 means the scan, parsing included, beats
# decompressing on one core).
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
here=$(cd "$(dirname "$0")" && pwd)
lines=${LINES_N:-2000000}
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
echo "generating $lines lines in 4 gzip files ..."
awk -v n="$lines" -f "$here/gen_squid.awk" >all.log
awk -v roster=1 -f "$here/gen_squid.awk" >roster.csv
split -n l/4 -d all.log part.
for f in part.0*; do gzip -6 "$f" & done
wait
rm all.log
"$T" --db ws.db init >/dev/null
"$T" --db ws.db import roster roster.csv >/dev/null
echo "input: $(cat part.0*.gz | wc -c) bytes gzipped"
sync
cat part.0*.gz >/dev/null # warm the page cache

. "$here/lib/best.sh"
best "gzip -dc" gzip -dc part.00.gz part.01.gz part.02.gz part.03.gz
g=$b
best traction "$T" --db ws.db shadow scan --format squid part.00.gz \
    part.01.gz part.02.gz part.03.gz --dry-run --quiet
s=$b
printf 'traction / gzip -dc = %.2f on %s cores\n' "$(echo "$s / $g" | bc -l)" \
    "$(nproc)"
