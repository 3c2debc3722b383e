#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Attacks on the disclosure layer with nothing but the CLI's outputs:
# differencing work-item summaries (over periods and against a finer
# table), and the trap undoing a complementary suppression.
. "$(dirname "$0")/lib.sh"

# --- route 4: work-item summaries that difference
python3 "$ROOT/tests/cli/gen_items.py" 11 3000 . || exit 1
$T init >/dev/null
$T import roster gen-roster.csv --as-of 2025-06-01 >/dev/null 2>&1
$T import items gen-items.csv --source gen >/dev/null
$T items summary --by team --json >team.json
$T items summary --by team --by month --json >month.json
cat >diff.py <<'PY'
import json, sys
team = {g["group"]["team"]: g for g in json.load(open(sys.argv[1]))}
month = json.load(open(sys.argv[2]))
# every shown team total must be the sum of its shown months: else the
# difference is a hidden month
bad = []
for name, g in team.items():
    shown = [m for m in month if m["group"]["team"] == name]
    for k in ("items",):
        if g[k] != sum(m[k] for m in shown):
            bad.append((name, k, g[k], sum(m[k] for m in shown)))
print(bad)
sys.exit(1 if bad else 0)
PY
check "--by team minus --by team --by month recovers no hidden month" python3 diff.py team.json month.json
run $T items summary --by team --until 2025-06-30 --json
cp out a.json
run $T items summary --by team --until 2025-06-29 --json
check "--until one day earlier gives the same whole months: nothing to subtract" eval 'status_is 0 && cmp -s out a.json'
run $T items summary --by team --until 2025-06-29
check "... and the text says the period was widened" eval 'out_has "period widened to whole months: the start to 2025-07-01 (exclusive)"'
check "no group of fewer than 5 people, nor a unit under 5 by name" eval '! grep -q "\"people\": [0-4]," team.json month.json && ! grep -q Tiny team.json month.json'

# --- route 3: a cell the usage report hides as the complement is not
# printed by the trap either
mkdir trap && cd trap
$T init >/dev/null
python3 - <<'PY'
import datetime
monday = datetime.date(2026, 3, 2)
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for t, n in (("Big1", 20), ("Big2", 20), ("Small", 12)):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,{t.lower()}{i},{t},Org,no\n")
with open("usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for t, n in (("big1", 11), ("big2", 15), ("small", 3)):
        for i in range(n):
            fp.write(f"{monday},{t}{i},Copilot,yes,2\n")
PY
$T import roster roster.csv --as-of 2025-01-01 >/dev/null
$T import usage --format generic usage.csv >/dev/null
run $T usage --week 2026-W10 --json
check "usage hides Small (3) and Big1 (11) beside it, and lists neither" eval 'status_is 0 && json "[c[\"team\"] for c in j] == [\"Big2\"]"'
run $T trap --week 2026-W10 --json
check "the trap does not print Big1's 11 either" eval 'status_is 0 && json "[t[\"approved\"][\"active_people\"] for t in j[\"teams\"] if t[\"team\"] == \"Big1\"] == [None]" && ! grep -q "\"active_people\": 11" out'
finish
