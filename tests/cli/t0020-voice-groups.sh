#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Survey results grouped by function, pooled per tool and per workflow
# (`survey results --by function|tool|workflow`), on a simulated wave:
# every figure agrees with an independent computation from survey.csv
# and the roster (numpy/scipy: shares, Wilson intervals, means, to
# 1e-9); a function's result from fewer than 5 respondents never appears
# and cannot be recovered from the other functions and the whole wave;
# the privacy audit proves every hidden figure of the new groupings
# protected, and finds a planted leak of such a result.
. "$(dirname "$0")/lib.sh"

# a python with numpy and scipy (the system's, when the default has none)
PY=
for p in python3 /usr/bin/python3; do
    if $p -c 'import numpy, scipy' 2>/dev/null; then PY=$p; break; fi
done

$T simulate --out s --seed 1 --people 600 >/dev/null
# one team of 5 respondents gets a function of its own, "legal": most
# of its results are about fewer than 5 (tools, workflows)
python3 - <<'PY'
import csv
rows = list(csv.reader(open("s/roster.csv")))
for r in rows[1:]:
    if r[2] == "Sales 11":
        r[4] = "legal"
csv.writer(open("s/roster.csv", "w", newline=""), lineterminator="\n").writerows(rows)
n = sum(1 for r in csv.DictReader(open("s/survey.csv", encoding="utf-8-sig"))
        if r["Which team are you in?"] == "Sales 11")
assert n == 5, n
PY
$T init >/dev/null
$T import roster s/roster.csv --as-of 2025-01-01 >/dev/null
uses=$(python3 -c '
import csv
h = next(csv.reader(open("s/survey.csv", encoding="utf-8-sig")))
print("|".join("--use|" + c.split("@", 1)[1] for c in h if c.startswith("pmf@")))')
IFS='|'
# shellcheck disable=SC2086
$T survey open --instrument pulse --units "Marketing,Sales,Customer Success,Operations" --from 2026-10-26 --until 2026-10-30 --name pulse-sim $uses >/dev/null
unset IFS
$T import survey s/survey.csv --instrument pulse --wave pulse-sim --map "Which team are you in?=unit" >/dev/null
for by in function workflow; do
    $T survey results --by $by --json >$by.json 2>$by.err
done
# each tool spans twelve workflows, some answered by fewer than 5: its
# pooled row would give them away and is hidden (hide up). A second
# wave asks about the workflows every tool's users answer for.
python3 - <<'PY' >uses2
import csv
r = list(csv.DictReader(open("s/survey.csv", encoding="utf-8-sig")))
h = list(r[0])
wfs = sorted({c.split(":", 1)[1] for c in h if c.startswith("pmf@")})
tools = sorted({c.split("@", 1)[1].split(":")[0] for c in h if c.startswith("pmf@")})
def n(col):
    return sum(1 for x in r if x[col] and x[col] != "unused")
keep = [w for w in wfs if all(n(f"{i}@{t}:{w}") >= 8 for t in tools for i in ("pmf", "trust_live", "fit_steps"))]
assert len(keep) >= 2, keep
cols = ["Which team are you in?"] + [f"{i}@{t}:{w}" for w in keep for t in tools for i in ("pmf", "trust_live", "fit_steps")]
with open("s/survey-tools.csv", "w", newline="") as fp:
    w = csv.writer(fp, lineterminator="\n")
    w.writerow(cols)
    for x in r:
        w.writerow([x[c] for c in cols])
print("|".join(f"--use|{t}:{w}" for w in keep for t in tools))
PY
IFS='|'
# shellcheck disable=SC2046
$T survey open --instrument pulse --units "Marketing,Sales,Customer Success,Operations" --from 2026-11-02 --until 2026-11-06 --name tools $(cat uses2) >/dev/null
unset IFS
$T import survey s/survey-tools.csv --instrument pulse --wave tools --map "Which team are you in?=unit" >/dev/null
$T survey results --wave tools --by tool --json >tool.json 2>tool.err

cat >independent.py <<'PY'
# What each shown figure must be, from survey.csv and the roster alone.
import csv, json, sys
import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm, t as student

Z = norm.ppf(0.975)
def wilson(k, n):
    p = k / n
    c = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    h = Z / (1 + Z * Z / n) * np.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)

# a team's function (a team with fewer than 5 respondents counts under
# its parent, whose teams here all share the function it counts under)
fn = {}
for r in csv.DictReader(open("s/roster.csv")):
    fn[r["team"]] = r["function"] or "(no function)"
resp = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
agree = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
hours = {"none": 0, "lt1": 0.5, "1to2": 1.5, "2to4": 3, "4plus": 5}
reverse = {"fit_steps", "job_worry", "ps_blame", "ps_not_knowing"}
def score(item, v):
    if item == "learning_hours":
        return hours[v]
    s = agree.index(v) + 1
    return 6 - s if item in reverse else s
def favourable(item, v):
    if item == "pmf":
        return v == "very"
    if item == "learning_hours":
        return v in ("2to4", "4plus")
    return score(item, v) >= 4

def answers(rows, item, tool, workflow):
    """(person, value) of every answer to item for the subject; tool or
    workflow None: pooled over them."""
    out = []
    for i, r in rows:
        for col, v in r.items():
            it, _, subj = col.partition("@")
            if it != item or not v or v == "unused":
                continue
            tl, _, wf = subj.partition(":") if ":" in subj else ("", "", subj)
            if (tool is None or tl == tool) and (workflow is None or wf == workflow):
                out.append((i, v))
    return out

by = sys.argv[1]
j = json.load(open(f"{by}.json"))
bad, seen = [], 0
rows = list(enumerate(resp))
for r in j["items"]:
    if r["construct"] == "friction":
        continue
    group = rows
    if r["function"] is not None:
        group = [(i, x) for i, x in rows if fn[x["Which team are you in?"]] == r["function"]]
    a = answers(group, r["item"], r["tool"], r["workflow"])
    n = len(a)
    people = len({i for i, _ in a})
    what = f'{by} {r["function"]} {r["item"]} {r["tool"]} {r["workflow"]}'
    if n != r["n"]:
        bad.append(f"{what}: n {r['n']} != {n}")
        continue
    if people < 5:
        bad.append(f"{what}: {people} people shown")
    k = sum(favourable(r["item"], v) for _, v in a)
    lo, hi = wilson(k, n)
    for got, want, name in ((r["favourable"], k / n, "share"), (r["favourable_ci"][0], lo, "lo"),
                            (r["favourable_ci"][1], hi, "hi")):
        if abs(got - want) > 1e-9:
            bad.append(f"{what}: {name} {got} != {want}")
    if r["item"] != "pmf":
        x = np.array([score(r["item"], v) for _, v in a], float)
        m = x.mean()
        if abs(r["mean"] - m) > 1e-9:
            bad.append(f"{what}: mean {r['mean']} != {m}")
        if n > 1 and x.std() > 0:
            # the quantile as the root of t's tail (scipy 1.10's t.ppf is
            # 7e-9 off at 40 degrees of freedom; R's qt agrees with this)
            q = brentq(lambda q: student.sf(q, n - 1) - 0.025, 0.5, 1e3,
                       xtol=1e-15, rtol=1e-15)
            h = q * x.std(ddof=1) / np.sqrt(n)
            if abs(r["mean_ci"][0] - (m - h)) > 1e-9 or abs(r["mean_ci"][1] - (m + h)) > 1e-9:
                bad.append(f"{what}: mean interval")
    seen += 1
pooled = sum(r["tool"] is None or r["workflow"] is None or r["function"] is not None for r in j["items"])
print("\n".join(bad[:20]))
print(f"# --by {by}: {seen} rows agree ({pooled} of the grouping)", file=sys.stderr)
sys.exit(1 if bad or not pooled else 0)
PY

for by in function tool workflow; do
    if [ -n "$PY" ]; then
        f=s/survey.csv; [ $by = tool ] && f=s/survey-tools.csv
        check "--by $by: n, shares, Wilson and t intervals agree with numpy/scipy (1e-9)" eval '$PY independent.py '$by' '$f' >&2'
    else
        known_breakage "--by $by: numpy/scipy not installed"
    fi
done

cat >legal.py <<'PY'
# legal's answers per subject, from survey.csv: (item, tool, workflow) -> n
import csv, json
resp = [r for r in csv.DictReader(open("s/survey.csv", encoding="utf-8-sig"))
        if r["Which team are you in?"] == "Sales 11"]
n = {}
for r in resp:
    for col, v in r.items():
        if col == "Which team are you in?" or not v or v == "unused" or "time" in col.lower() or col in ("ID", "Email", "Name"):
            continue
        it, _, subj = col.partition("@")
        tl, _, wf = subj.partition(":") if ":" in subj else ("", "", subj)
        n[(it, tl, wf)] = n.get((it, tl, wf), 0) + 1
json.dump([[list(k), v] for k, v in n.items()], open("legal.json", "w"))
PY
python3 legal.py
check "--by function: a result of legal from fewer than 5 never appears; those from 5 do" python3 -c '
import json
j = json.load(open("function.json"))
assert j["by"] == "function"
legal = {tuple(k): v for k, v in json.load(open("legal.json"))}
shown = {(r["item"], r["tool"], r["workflow"]): r["n"] for r in j["items"] if r["function"] == "legal"}
assert shown and all(v >= 5 for v in shown.values()), shown
small = [k for k, v in legal.items() if v < 5 and k[0] != "friction"]
assert len(small) >= 3 and not [k for k in small if k in shown], small
assert all(shown[k] == legal[k] for k in shown), shown
print("# legal: results shown", len(shown), "hidden (under 5)", len(small))'
check "--by function: no hidden result of legal follows from the whole wave minus the functions shown (differencing)" python3 -c '
import json
j = json.load(open("function.json"))
legal = {tuple(k): v for k, v in json.load(open("legal.json"))}
rows = j["items"] + j["choices"]
whole = {(r["item"], r["tool"], r["workflow"]): r["n"] for r in rows if r["function"] is None and r["tool"] is not None and r["workflow"] is not None}
funcs = {}
for r in rows:
    if r["function"]:
        funcs.setdefault((r["item"], r["tool"], r["workflow"]), {})[r["function"]] = r["n"]
names = {r["function"] for r in rows if r["function"]} | {"legal"}
tried = 0
for k, v in legal.items():
    if v >= 5 or k not in whole:
        continue
    shown = funcs.get(k, {})
    hidden = names - set(shown)
    rest = whole[k] - sum(shown.values())
    # legal alone hidden would give it away: rest would be its count
    assert len(hidden) >= 2 or rest != v, (k, hidden, rest, v)
    assert len(hidden) >= 2, (k, hidden)
    tried += 1
assert tried >= 3, tried
print("# hidden results of legal tried by differencing:", tried)'
check "--by tool: pooled over workflows only where every workflow of the tool is shown (hide up)" python3 -c '
import json
j = json.load(open("tool.json"))
assert j["by"] == "tool"
for r in j["items"]:
    if r["workflow"] is None:
        parts = [x for x in j["items"] if x["item"] == r["item"] and x["tool"] == r["tool"] and x["workflow"]]
        assert sum(x["n"] for x in parts) == r["n"], r'
check "--by workflow: pooled rows are of items asked per tool and workflow only" python3 -c '
import json
j = json.load(open("workflow.json"))
p = [r for r in j["items"] if r["tool"] is None]
assert p and {r["item"] for r in p} <= {"pmf", "trust_live", "fit_steps"}, p
assert all(r["workflow"] for r in p)'

run $T survey results --wave pulse-sim --by function
check "text: a function column" eval 'status_is 0 && out_has "function          score " && out_has "(all)             Psychological safety in the team"'
run $T survey results --by team
check "--by with an unknown grouping" eval 'status_is 2 && err_has "traction: --by: unit, function, tool or workflow (or leave it out)"'

run $T privacy audit
check "privacy audit: every hidden figure of units, functions, tools and workflows is protected" eval 'status_is 0 && out_has "every hidden figure is protected"'
run $T privacy audit --as manager:Sales
check "... and for a manager of Sales" eval 'status_is 0 && out_has "every hidden figure is protected"'
# Customer Success: two small teams (1 and 3 answers to an item) hidden
# under a shown whole-wave count pinned each to "0 to 4" (needs 5) until
# a third team hid with them
run $T privacy audit --as "manager:Customer Success"
check "... and for a manager of Customer Success (hidden parts of a published total count 5 together)" eval 'status_is 0 && out_has "every hidden figure is protected"'
cell=$(python3 -c '
import json
legal = {tuple(k): v for k, v in json.load(open("legal.json"))}
k = sorted(k for k, v in legal.items() if v < 5 and k[0] == "pmf")[0]
print(f"survey/n/team=*,wave=pulse-sim,item={k[0]},tool={k[1]},workflow={k[2]},function=legal")')
TRACTION_AUDIT_PLANT="$cell" run $T privacy audit
check "a planted leak of a hidden PMF of legal (under 5 people) is found, with a figure it gives away" eval 'status_is 1 && grep -Fq "$cell" out && grep -E "^survey/n/team=[^,]+,wave=pulse-sim,item=pmf,.* +[0-9]+ to [0-9]+ +[0-4] " out >/dev/null && out_has "published outright"'
finish
