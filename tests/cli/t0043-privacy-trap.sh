#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 15, route 3: the trap undoes suppression. A merged unit's active
# people in `trap` minus the visible `usage` cells of the same units
# recovers a hidden child (Marketing 14 in trap, 12 in usage: its 3-person
# child Tiny has 2), and a cell `usage` hides only as the complementary
# cell is printed by `trap` (Ten: 10). Checked as a property: from the
# two outputs together (one tool, so a team's active people is its cell),
# no figure about a group of fewer than 10 people can be derived, and no
# cell hidden in one is shown in the other.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_privacy.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import usage --format generic usage.csv >/dev/null
$T shadow scan --format squid access.log >/dev/null
$T import items items.csv --source t >/dev/null
$T usage --week 2026-W10 --json >usage.json
$T trap --week 2026-W10 --json >trap.json
check "both reports ran" eval 'python3 -c "import json; json.load(open(\"usage.json\")); json.load(open(\"trap.json\"))"'

# derive.py: every difference of a trap figure and the usage cells of the
# units it covers; prints those that isolate fewer than 10 people.
cat >derive.py <<'PY'
import json, sys
truth = json.load(open("truth.json"))
parent, members = truth["parent"], truth["members"]
def subtree(u):
    return {u} | {c for c, p in parent.items() if p == u for c in subtree(c)}
usage = {}
hidden = set()
for r in json.load(open("usage.json")):
    if r.get("team") is None:
        continue
    n = r.get("active_people", r.get("people"))
    if n is None:
        hidden.add(r["team"])
    else:
        usage[r["team"]] = usage.get(r["team"], 0) + n
found = []
for t in json.load(open("trap.json"))["teams"]:
    a = (t.get("approved") or {}).get("active_people")
    if a is None:
        continue
    name = t["team"].replace(" (merged)", "")
    units = subtree(name) if t.get("merged") else {name}
    if name in hidden:
        found.append(f"{name}: hidden in usage, {a} in trap")
    # a child usage lists on its own (shown or hidden) is a cell apart; one
    # it does not list is merged into the unit's own cell
    apart = [u for u in units if u != name and (u in usage or u in hidden)]
    rest = [u for u in apart + [name] if u not in usage]
    known = sum(usage.get(u, 0) for u in apart + [name])
    people = sum(members.get(u, 0) for u in rest)
    if rest and a - known >= 0 and 0 < people < 10:
        found.append(f"{'+'.join(sorted(rest))} ({people} people): {a} - {known} = {a - known} active")
for x in found:
    print(x, file=sys.stderr)
sys.exit(1 if found else 0)
PY
check "trap minus usage isolates no group of fewer than 10 people" python3 derive.py
finish
