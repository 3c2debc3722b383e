#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 23, item 7: --skip-bad rejects a record over 8 MiB instead of
# failing the import; a killed --skip-bad import leaves no temporary
# rejects file; the server refuses an encoded NUL in a path (it served
# /teams/5%00 as /teams/5) and a decision text over its limit.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for i in range(6):
        fp.write(f"a{i}@corp.example,,Alpha,Org,no\n")
H = "key,workflow,team,person,started_at,finished_at,tool\n"
with open("long.csv", "w") as fp:
    fp.write(H)
    fp.write("K-1,drafting,Alpha,a1@corp.example,2025-01-02,2025-01-03,copilot\n")
    fp.write('K-2,drafting,Alpha,a2@corp.example,2025-01-02,"' + "x" * (8 << 20) + '",copilot\n')
    fp.write("K-3,drafting,Alpha,a3@corp.example,2025-01-02,2025-01-04,\n")
with open("big.csv", "w") as fp:   # over one 1 MiB read: the bad row first
    fp.write(H)
    fp.write("K-0,drafting,Alpha,a0@corp.example,not a date,2025-01-03,\n")
    for k in range(1, 30000):
        fp.write(f"K-{k},drafting,Alpha,a{k % 6}@corp.example,2025-01-02,2025-01-03,\n")
PY
$T import roster roster.csv >/dev/null

before=$(dump)
run $T import items long.csv --source t
check "without --skip-bad a record over 8 MiB fails the import" eval 'status_is 1 && err_is "traction: cannot import '"'"'long.csv'"'"': line 3, column 6: record longer than 8388608 bytes (an unterminated quote, or not a CSV file)" && [ "$(dump)" = "$before" ]'
run $T import items long.csv --source t --skip-bad --json
check "with --skip-bad it is rejected and the rows around it imported" eval 'status_is 0 && json "j[\"rows\"] == 3 and j[\"added\"] == 2 and j[\"rejected\"] == 1"'
check "the rejects file says why, with the line" eval '[ "$(tail -n +2 long.csv.rejects.csv)" = ",\"line 3, column 6: record longer than 8388608 bytes (an unterminated quote, or not a CSV file)\"" ]'
rm -f long.csv.rejects.csv

# a --skip-bad import killed after it has written a rejected row: no
# temporary rejects file is left (it has no name until the commit)
mkfifo in.csv
exec 3<>in.csv
$T import items in.csv --source fifo --skip-bad >out 2>err &
pid=$!
cat big.csv >&3 # the first 1 MiB is parsed; the import waits for the end
for _ in $(seq 1 100); do
    # the rejects file is open: by name (a temporary one), or unnamed
    ls -l /proc/$pid/fd 2>/dev/null | grep -qE 'rejects|\(deleted\)' && break
    sleep 0.1
done
check "the import has opened its rejects file" eval 'ls -l /proc/$pid/fd | grep -qE "rejects|\(deleted\)"'
kill -9 $pid
wait $pid 2>/dev/null
exec 3>&-
check "a killed --skip-bad import leaves no temporary rejects file" eval '! ls -a | grep -q "rejects"'
check "... and nothing in the workspace" eval '[ "$(sqlite3 traction.db "select count(*) from work_item")" = 2 ]'

# the server, on a workspace with a pilot to decide on
mkdir srv && cd srv || exit 1
python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
$T pilot new --team Alpha --workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
A=$(sqlite3 traction.db "select id from unit where name = 'Alpha'")
trap 'serve_stop s; rm -rf "$TMP"' EXIT
serve_start s
login ann.jar ann "admin password 1"
get() { code -b ann.jar "$B$1"; }
check "the team page is served" [ "$(get /teams/$A)" = 200 ]
check "/teams/ID%00 is refused, not served as /teams/ID" eval '[ "$(get /teams/$A%00)" = 400 ] && grep -q "encoded NUL" body'
check "/api/teams/ID%00 likewise" [ "$(get /api/teams/$A%00)" = 400 ]
check "a control character in the path likewise" [ "$(get /teams/$A%0a)" = 400 ]
check "an encoded percent sign is not a NUL" [ "$(get /teams/$A%2500)" = 404 ]
get /pilots/1 >/dev/null
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//')
decide() { code -b ann.jar --data "csrf=$tok&$1" "$B/pilots/1/decide"; }
long=$(python3 -c 'print("%C3%A9" * 2048)') # 4,096 bytes of UTF-8
before=$(dump)
check "a decision text over 4,095 bytes is refused whole (400), nothing stored" eval '[ "$(decide "decision=iterate&why=$long&learned=l&differently=d")" = 400 ] && grep -q "&#39;why&#39; is longer than 4095 bytes" body && [ "$(dump)" = "$before" ]'
ok4095=$(python3 -c 'print("%C3%A9" * 2047 + "x")') # 4,095 bytes
check "one of 4,095 bytes is stored whole" eval '[ "$(decide "decision=iterate&why=$ok4095&learned=l&differently=d")" = 303 ] && [ "$(sqlite3 traction.db "select length(cast(why as blob)) from pilot_decision")" = 4095 ]'
serve_stop s
finish
