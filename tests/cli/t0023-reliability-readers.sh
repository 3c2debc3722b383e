#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 23, item 1: an import never locks readers out. Each kind of
# import (items, usage, roster, the shadow scan) is held open mid-file:
# it reads from a FIFO the test feeds half of its input, and the test
# waits until it holds the workspace's write lock. Meanwhile `status`,
# `items summary` and `traction serve` with a page answer (showing what
# was committed before), and a second import waits its turn (telling a
# terminal why) and then succeeds. No step depends on how long anything
# takes: the held import ends only when the test feeds it the rest.
. "$(dirname "$0")/lib.sh"

# hold SRC CMD...: runs CMD (which reads ./feed) in the background, feeds
# it SRC's first half and returns once the workspace's write lock is
# taken ($locked 1) or after a minute without it ($locked 0).
hold() {
    src=$1
    shift
    rm -f feed
    mkfifo feed
    "$@" >held.out 2>held.err &
    held=$!
    exec 9>feed
    half=$(($(wc -l <"$src") / 2))
    head -n "$half" "$src" >&9
    locked=0
    for _ in $(seq 1 600); do
        if ! sqlite3 traction.db "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
            locked=1
            break
        fi
        sleep 0.1
    done
}
# release: feeds the held import the rest of SRC; $held_rc its status.
release() {
    tail -n +"$((half + 1))" "$src" >&9
    exec 9>&-
    wait "$held"
    held_rc=$?
}
# waits_for FILE TEXT: polls (up to a minute) until FILE holds TEXT.
waits_for() {
    for _ in $(seq 1 600); do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}
# readers KIND: status, items summary and the server answer while held.
readers() {
    run $T status --json
    check "$1: status answers during the import, with what was committed" eval "status_is 0 && json 'j[\"$2\"] == $3'"
    run $T items summary
    check "$1: items summary answers during the import" eval 'status_is 0 && [ -s out ]'
    serve_start s 9>&-
    c=$(code "$B/login")
    check "$1: traction serve starts during the import and serves a page" [ "$c" = 200 ]
    check "$1: ... and keeps running" kill -0 "$(cat s.pid)"
    serve_stop s
}
# second KIND CMD...: a second writer started while the first is held
# waits, on a terminal saying so; both succeed once the first ends.
second() {
    kind=$1
    shift
    # (without the FIFO's writing end, or the held import never ends)
    "$@" >w2.out 2>w2.err 9>&- &
    w2=$!
    if command -v script >/dev/null; then
        script -qec "$*" /dev/null >tty.out 2>&1 9>&- &
        w3=$!
        waits_for tty.out "for it to finish"
        check "$kind: a second writer on a terminal says it waits" grep -qF "traction: another import or change is being written to 'traction.db'; waiting up to 600 s for it to finish (Ctrl-C stops)" tty.out
    else
        w3=
        echo "ok $((n += 1)) # SKIP no script(1) for a terminal"
    fi
    release
    check "$kind: the held import succeeds" eval '[ "$held_rc" = 0 ]'
    wait "$w2"
    w2_rc=$?
    [ -z "$w3" ] || wait "$w3"
    check "$kind: the second writer waited its turn and succeeded" eval '[ "$w2_rc" = 0 ] && [ ! -s w2.err ]'
}

# ---- work items (the bulk transaction) ----
mkdir items && cd items || exit 1
python3 "$ROOT/tests/cli/gen_items.py" 23 4000 . || exit 1
$T init >/dev/null
$T import roster gen-roster.csv >/dev/null
sed -n '1p' gen-items.csv >b.csv
sed 's/^G-/B-/' gen-items.csv | sed -n '2,100p' >>b.csv
hold gen-items.csv $T import items feed
check "items: the held import holds the write lock" [ "$locked" = 1 ]
readers items items 0
second items $T import items b.csv --source other
run $T status --json
check "items: both imports are stored (the second twice: unchanged)" eval 'status_is 0 && json "j[\"items\"] == 4000 + 99 and j[\"imports\"] == 4"'
cd ..

# ---- usage ----
mkdir usage && cd usage || exit 1
$T init >/dev/null
$T import roster ../items/gen-roster.csv >/dev/null
python3 -c "import json; [print(json.dumps(r)) for r in json.load(open('$FIX/telemetry/copilot-metrics-viewer/new-api/organization-users-28-day-report.json'))['day_totals']]" >users.ndjson
hold users.ndjson $T import usage --format copilot-users feed
check "usage: the held import holds the write lock" [ "$locked" = 1 ]
readers usage people 21
second usage $T import usage --format copilot-users users.ndjson
cd ..

# ---- roster ----
mkdir roster && cd roster || exit 1
$T init >/dev/null
$T import roster ../items/gen-roster.csv --as-of 2025-01-01 >/dev/null
{ cat ../items/gen-roster.csv; for i in $(seq 1 400); do echo "new$i@gen.example,Delta,Org,no"; done; } >bigger.csv
hold bigger.csv $T import roster feed --as-of 2025-02-01
check "roster: the held import holds the write lock" [ "$locked" = 1 ]
readers roster people 21
second roster $T import roster bigger.csv --as-of 2025-03-01
cd ..

# ---- the shadow scan ----
mkdir shadow && cd shadow || exit 1
python3 "$ROOT/tests/cli/gen_squid.py" 3 . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2025-01-01 >/dev/null
people=$($T status --json | python3 -c "import json,sys; print(json.load(sys.stdin)['people'])")
hold access.log sh -c "$T shadow scan --format squid - <feed"
check "shadow: the held scan holds the write lock" [ "$locked" = 1 ]
readers shadow people "$people"
second shadow $T shadow scan --format squid access.log
cd ..

finish
