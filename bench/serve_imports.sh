#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (issue 23, item 2): the team page under wrk with 16
# connections for DURATION (30) s while imports commit every second (20
# new work items each, into the same workspace as bench/serve.sh builds).
# Reports p50, p99 and max of the team page and the number of commits
# during the run. Target: p99 under 100 ms.
# References in the same run: the same page under the same load with no
# imports (p99 ratio), and the page's bytes as a static file served by
# python3 -m http.server under the same load.
# WORKSPACE=DIR reuses a workspace (bench/lib/serve.sh).
set -eu
T=${TRACTION:-build/traction}
. "$(cd "$(dirname "$0")" && pwd)/lib/serve.sh"
serve_setup
d=${DURATION:-30}
page="/teams/$team"
curl -s -o /dev/null -b "$jar" "$B$page" # computed once, then kept

# quiet: the reference with no imports
wrk_run 16 "$d" "$B$page" "$cookie"
q50=$p50 q99=$p99 qmax=$max qrps=$rps

# the imports: one a second (each takes part of that second)
logs0=$(sqlite3 "$db" "SELECT count(*) FROM import_log")
(
    i=0
    while :; do
        i=$((i + 1))
        t0=$(date +%s%N)
        import_new "$i" || exit 1
        t1=$(date +%s%N)
        left=$((1000000000 - (t1 - t0)))
        [ "$left" -le 0 ] || sleep "$(echo "$left / 1000000000" | bc -l)"
    done
) &
import_pid=$!
wrk_run 16 "$d" "$B$page" "$cookie"
kill "$import_pid" 2>/dev/null || true
wait "$import_pid" 2>/dev/null || true
import_pid=
commits=$(($(sqlite3 "$db" "SELECT count(*) FROM import_log") - logs0))
i50=$p50 i99=$p99 imax=$max irps=$rps ierr=$errors

ref_start "$page"
wrk_run 16 "$d" "$R"
ref_stop

printf 'team page, 16 connections, %d s each:\n' "$d"
printf '  while importing (%d commits): p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  %8s req/s  errors %s\n' \
    "$commits" "$i50" "$i99" "$imax" "$irps" "$ierr"
printf '  no imports (reference):      p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  %8s req/s\n' \
    "$q50" "$q99" "$qmax" "$qrps"
printf '  static copy (python3 -m http.server): p50 %7.2f ms  p99 %7.2f ms  %8s req/s\n' \
    "$p50" "$p99" "$rps"
printf '  p99 ratio: importing / no imports %.2f; importing / static copy %.2f (target: p99 under 100 ms)\n' \
    "$(echo "$i99 / $q99" | bc -l)" "$(echo "$i99 / $p99" | bc -l)"
[ "$(echo "$i99 < 100" | bc)" = 1 ] && [ "$ierr" = 0 ]
