#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A full disk at every write of every import (issue 23, item 4): with
# build/traction-fault's TRACTION_FAULT=full:N the Nth write SQLite makes
# fails with SQLITE_FULL, as on a full file system. Each import, at each
# of its writes after opening the workspace, must exit 1 with one message
# that names the file and the reason ("database or disk is full"),
# nothing on stdout, and leave the workspace unchanged; or, where SQLite
# recovers by design (the checkpoint after the commit, the bulk import's
# journal switch), succeed exactly as without the fault. The work-item import writes on a thread of its own (the
# message was dropped there), the shadow scan in its sink.
. "$(dirname "$0")/lib.sh"

F=$(dirname "$T")/traction-fault
[ -x "$F" ] || { not_ok "$F is built (make check-build)"; finish; exit 1; }

python3 - <<'PY'
import datetime
teams = {"Alpha": 12, "Bravo": 12, "Sales": 5, "Support": 5}
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,function,manager\n")
    for t, n in teams.items():
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,{t.lower()}{i},{t},Org,drafting,no\n")
def ts(d, h=9):
    return int(datetime.datetime(d.year, d.month, d.day, h, tzinfo=datetime.timezone.utc).timestamp())
d0 = datetime.date(2025, 1, 6)
with open("items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at\n")
    for k in range(3000):   # several batches for the writer thread
        t = ("Alpha", "Bravo")[k % 2]
        s = ts(d0 + datetime.timedelta(days=k % 90))
        fp.write(f"F-{k},drafting,{t},{t.lower()}{k % 12}@corp.example,{s},{s + 3600 + k}\n")
with open("usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for t in ("alpha", "bravo"):
        for i in range(12):
            for d in range(20):
                fp.write(f"{d0 + datetime.timedelta(days=d)},{t}{i},Copilot,yes,{3 + i}\n")
with open("access.log", "w") as fp:
    for i in range(12):
        for d in range(10):
            fp.write(f"{ts(d0 + datetime.timedelta(days=d))}.000 10 10.0.0.{i} TCP_MISS/200 100 CONNECT chatgpt.com:443 bravo{i} HIER_DIRECT/1.1.1.1 -\n")
with open("subnets.csv", "w") as fp:
    fp.write("cidr,team\n10.0.1.0/24,Alpha\n10.0.0.0/24,Bravo\n")
with open("cal.ics", "w") as fp:
    fp.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:lab\r\n"
             "SUMMARY:Training\r\nDTSTART:20250106T090000Z\r\nDURATION:PT2H\r\n"
             "RRULE:FREQ=DAILY;COUNT=20\r\nORGANIZER:mailto:alpha0@corp.example\r\n")
    for i in range(1, 12):
        fp.write(f"ATTENDEE:mailto:alpha{i}@corp.example\r\n")
    fp.write("END:VEVENT\r\nEND:VCALENDAR\r\n")
PY
$T init >/dev/null && $T import roster roster.csv --as-of 2024-09-01 >/dev/null &&
    cp traction.db roster.db && cp traction.key roster.key || {
    not_ok "setup"
    finish
    exit 1
}
S=$FIX/surveys
cases="items.csv|import items items.csv --source tracker
usage.csv|import usage --format generic usage.csv
roster.csv|import roster roster.csv --as-of 2025-01-01
subnets.csv|import subnets subnets.csv
cal.ics|import calendar cal.ics --until 2025-03-31
access.log|shadow scan --format squid access.log
$S/gforms.csv|import survey $S/gforms.csv --instrument pulse --wave gf --map Team=unit"

# times, tokens, hashes and random ids (survey responses, in id order)
# differ from run to run
masked() { sed -E 's/[0-9a-f]{32,}/H/g; s/[0-9]{15,}/R/g; s/[0-9]{10}/T/g' | sort; }
restore() {
    rm -f traction.db-wal traction.db-shm traction.db-journal
    cp roster.db traction.db && cp roster.key traction.key
}

while IFS='|' read -r file args; do
    restore
    TRACTION_FAULT=count TRACTION_FAULT_LOG=fault.log $F $args >out 2>err
    rc=$?
    set -- $(sed -n 's/^count full \([0-9]*\) opened full \([-0-9]*\)$/\1 \2/p' fault.log)
    rm -f fault.log
    if [ "$rc" -ne 0 ] || [ $# -ne 2 ]; then
        not_ok "$args: the fault-free run succeeds and counts its writes"
        continue
    fi
    writes=$1 opened=$2
    { cat out; sqlite3 traction.db .dump; } | masked >clean.dump
    tried=0 clean=0 absorbed=0 bad=
    for k in $(seq $((opened + 1)) "$writes"); do
        restore
        TRACTION_FAULT=full:$k TRACTION_FAULT_LOG=fault.log $F $args >out 2>err
        rc=$?
        tried=$((tried + 1))
        fired=
        read -r fired <fault.log
        rm -f fault.log
        msg=$(cat err)
        if [ -z "$fired" ]; then
            bad="$bad
full:$k: the fault did not fire"
        elif [ "$rc" -eq 1 ] && [ ! -s out ] &&
            [ "$(wc -l <err)" -eq 1 ] &&
            [ "${msg#traction: *\'$file\'*: database or disk is full}" = "" ] &&
            [ "$(dump)" = "$(dump roster.db)" ]; then
            clean=$((clean + 1))
        elif [ "$rc" -eq 0 ] &&
            [ "$({ cat out; sqlite3 traction.db .dump; } | masked)" = "$(cat clean.dump)" ]; then
            absorbed=$((absorbed + 1))
        else
            bad="$bad
full:$k: exit $rc: $(head -c 200 err | tr '\n' ' ')$(head -c 80 out | tr '\n' ' ') ($fired)"
        fi
    done
    d="$args: disk full at each of its $tried writes: $clean failed with the file and the reason, $absorbed absorbed"
    if [ -z "$bad" ] && [ "$tried" -gt 0 ]; then
        ok "$d"
    else
        not_ok "$d"
        echo "$bad" | sed '/^$/d' | head -8 | sed 's/^/#   /'
    fi
done <<EOF
$cases
EOF
finish
