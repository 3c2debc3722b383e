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

. "$ROOT/tests/cli/faults.sh"

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
PY
setup $T init
setup $T import roster roster.csv --as-of 2024-09-01
save roster
S=$FIX/surveys
cases="items.csv|import items items.csv --source tracker
usage.csv|import usage --format generic usage.csv
roster.csv|import roster roster.csv --as-of 2025-01-01
subnets.csv|import subnets subnets.csv
access.log|shadow scan --format squid access.log
$S/gforms.csv|import survey $S/gforms.csv --instrument pulse --wave gf --map Team=unit"

# every write after opening, also on a sanitizer build
DENSE=100000
ncases=0
while IFS='|' read -r file args; do
    state=roster stdin= ofile=none.out must_name=$file
    attempt count
    snapshot >clean.snap
    set -- $(sed -n 's/^count full \([0-9]*\) opened full \([-0-9]*\)$/\1 \2/p' fault.log)
    if [ "$rc" -ne 0 ] || [ $# -ne 2 ]; then
        not_ok "$args: the fault-free run succeeds and counts its writes"
        continue
    fi
    sweep full "$2" "$1" ' (disk full, after opening)'
done <<EOF
$cases
EOF
finish
