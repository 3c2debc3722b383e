#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 15, route 4: work-item summaries difference. `items summary --by
# team` against the same with `--until` one day earlier isolates one item
# with an error done by one person; `--by team` against `--by team --by
# month` (and the `--by month` margin) recovers suppressed team-months.
# Checked as a property: solving the published additive figures (items,
# items with errors) for the hidden ones, nothing about fewer than 5
# distinct people is determined.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_privacy.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source t >/dev/null
$T items summary --by team --json >team.json
$T items summary --by team --until 2025-04-30 --json >team-until.json
$T items summary --by team --by month --json >team-month.json
$T items summary --by month --json >month.json
check "the summaries ran" eval 'python3 -c "import json; [json.load(open(f)) for f in (\"team.json\", \"team-until.json\", \"team-month.json\", \"month.json\")]"'

cat >derive.py <<'PY'
import datetime, json, sys
truth = json.load(open("truth.json"))
def month(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m")
def people(pred):
    return len({it["person"] for it in truth["items"] if pred(it)})
def figures(r):        # the additive figures of a record, or None when hidden
    if r.get("items") is None:
        return None
    return (r["items"], round((r.get("error_rate") or 0) * r["items"]))
def load(f):
    return {tuple(sorted(r["group"].items())): figures(r) for r in json.load(open(f))}
found = []
# (a) a period one day shorter: the difference is the last day's items
cut = 1745971200                                  # 2025-04-30
full, short = load("team.json"), load("team-until.json")
for k, a in full.items():
    b = short.get(k)
    team = dict(k)["team"]
    n = people(lambda it: it["team"] == team and it["finished"] >= cut)
    if a and b and a != b and 0 < n < 5:
        found.append(f"{team} on 2025-04-30 ({n} people): {a[0] - b[0]} items, {a[1] - b[1]} with errors")
# (b) team x month cells from the team and month margins, by elimination
cells = load("team-month.json")
known = {k: v for k, v in cells.items() if v is not None}
eqs = []
for k, v in full.items():
    if v is not None:
        team = dict(k)["team"]
        eqs.append(([c for c in cells if dict(c)["team"] == team], v))
for k, v in load("month.json").items():
    if v is not None:
        m = dict(k)["month"]
        eqs.append(([c for c in cells if dict(c)["month"] == m], v))
progress = True
while progress:
    progress = False
    for cs, total in eqs:
        unknown = [c for c in cs if c not in known]
        if len(unknown) == 1:
            rest = [known[c] for c in cs if c in known]
            known[unknown[0]] = tuple(t - sum(x[i] for x in rest) for i, t in enumerate(total))
            progress = True
for c, v in known.items():
    if cells.get(c) is None:
        g = dict(c)
        n = people(lambda it: it["team"] == g["team"] and month(it["finished"]) == g["month"])
        if 0 < n < 5:
            found.append(f"{g['team']} {g['month']} ({n} people): {v[0]} items, {v[1]} with errors")
for x in found:
    print(x, file=sys.stderr)
sys.exit(1 if found else 0)
PY
check "summaries over nested periods and margins determine nothing about fewer than 5 people" \
    python3 derive.py
finish
