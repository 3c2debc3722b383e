#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the whole suite against each build directory given (unit tests,
# CLI tests, fuzz-corpus replays) plus the lint checks and the browser
# test, and ends with one
# line "N passed, N failed". Logs of failures go to BUILD/test-logs/.
set -u
cd "$(dirname "$0")/.."
pass=0
fail=0

# record NAME STATUS LOGFILE: counts TAP lines of a log, or the status.
record() {
    name=$1 status=$2 log=$3
    ok=$(grep -c '^ok ' "$log" || true)
    bad=$(grep -c '^not ok ' "$log" || true)
    if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1 # crashed or failed outside a test case
        echo "not ok - $name exited with status $status" >>"$log"
    fi
    pass=$((pass + ok))
    fail=$((fail + bad))
    if [ "$bad" -ne 0 ]; then
        echo "FAIL $name (log: $log)"
        grep -E '^not ok|ERROR|error|Assert|FAIL|Sanitizer|runtime error' "$log" | head -20 | sed 's/^/    /'
    else
        echo "ok   $name ($ok)"
    fi
}

for build in "$@"; do
    logs=$build/test-logs
    rm -rf "$logs"
    mkdir -p "$logs"
    for t in "$build"/tests/unit/*/test_*; do
        [ -x "$t" ] || continue
        name=$build/unit/$(basename "$(dirname "$t")")/$(basename "$t")
        log=$logs/$(basename "$t").log
        CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$log" 2>&1
        record "$name" $? "$log"
    done
    for t in tests/cli/t*.sh; do
        name=$build/cli/$(basename "$t" .sh)
        log=$logs/$(basename "$t" .sh).log
        TRACTION=$PWD/$build/traction sh "$t" >"$log" 2>&1
        record "$name" $? "$log"
    done
    for r in "$build"/fuzz/fuzz_*-replay; do
        [ -x "$r" ] || continue
        n=$(basename "$r" -replay)
        log=$logs/$n.log
        "$r" fuzz/corpus/"${n#fuzz_}"/* >"$log" 2>&1
        record "$build/fuzz/$n" $? "$log"
    done
done
# the shadow scan's threads (file chunks, gzip files side by side, the
# roster loader) under ThreadSanitizer, when `make check` built it
if [ -x build-tsan/traction ]; then
    mkdir -p build-tsan/test-logs
    log=build-tsan/test-logs/t0008-shadow.log
    TSAN_OPTIONS=halt_on_error=1 TRACTION=$PWD/build-tsan/traction \
        sh tests/cli/t0008-shadow.sh >"$log" 2>&1
    record build-tsan/cli/t0008-shadow $? "$log"
fi
log=$1/test-logs/lint.log
scripts/lint.sh >"$log" 2>&1
record lint $? "$log"
# the dashboard in headless Chromium, once (screenshots: tests/e2e/out/)
log=$1/test-logs/e2e.log
TRACTION=$PWD/$1/traction tests/e2e/run.sh >"$log" 2>&1
record "$1/e2e/dashboard" $? "$log"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
