#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice in the simulated organisation: simulate writes the pulse
# survey of its last week (a Microsoft Forms export) consistent with its
# truth, and on 3 organisations (seeds) the results find what truth.json
# says they should: for each poorly fitting workflow the friction
# category it names is the top one, internal PMF ranks the tools as the
# truth does, and teams' psychological safety follows theirs. The demo
# opens the wave and imports the responses.
. "$(dirname "$0")/lib.sh"

# open_and_import DIR DB: the wave the demo opens, then the import
open_and_import() {
    set -- "$1" "$2" $(python3 - "$1" <<'PY'
import csv, sys
h = next(csv.reader(open(sys.argv[1] + "/survey.csv", encoding="utf-8-sig")))
print(" ".join("--use=" + c.split("@", 1)[1].replace(" ", "_") for c in h
               if c.startswith("pmf@")))
PY
)
    _dir=$1 _db=$2
    shift 2
    _uses=""
    for u in "$@"; do _uses="$_uses|--use|$(echo "${u#--use=}" | tr _ ' ')"; done
    IFS='|'
    # shellcheck disable=SC2086
    $T --db "$_db" survey open --instrument pulse --units "Marketing,Sales,Customer Success,Operations" --from 2026-10-26 --until 2026-10-30 --name pulse-sim $_uses >/dev/null
    unset IFS
    $T --db "$_db" import survey "$_dir/survey.csv" --instrument pulse --wave pulse-sim --map "Which team are you in?=unit"
}

for seed in 1 2 3; do
    $T simulate --out s$seed --seed $seed --people 600 >/dev/null
    $T --db w$seed.db init >/dev/null
    $T --db w$seed.db import roster s$seed/roster.csv --as-of 2025-01-01 >/dev/null
    open_and_import s$seed w$seed.db >imp$seed.out 2>imp$seed.err
    $T --db w$seed.db survey results --json >r$seed.json 2>r$seed.err
    $T --db w$seed.db survey results --by unit --json >u$seed.json 2>u$seed.err
done
check "seeds 1-3: survey.csv imports whole (every respondent truth.json counts) and only what is about the person is dropped" python3 -c '
import json, re
for s in (1, 2, 3):
    t = json.load(open(f"s{s}/truth.json"))["survey"]
    out = open(f"imp{s}.out").read()
    m = re.search(r"imported (\d+) responses .* \(msforms\) into wave .pulse-sim.: (\d+) columns used, (\d+) dropped", out)
    assert m and int(m.group(1)) == t["respondents"] > 350, (s, out)
    assert (int(m.group(2)), int(m.group(3))) == (105, 6), out'

check "seeds 1-3: for each poorly fitting workflow the top friction category is the one truth.json names" python3 -c '
import json
n = 0
for s in (1, 2, 3):
    t = json.load(open(f"s{s}/truth.json"))["survey"]
    r = json.load(open(f"r{s}.json"))
    rows = {c["workflow"]: c for c in r["choices"] if c["unit"] is None and c["item"] == "friction"}
    for f in t["friction"]:
        if not f["poor_fit"]:
            continue
        c = rows[f["workflow"]]
        sh = {k: v["share"] for k, v in c["shares"].items() if k != "nothing"}
        top = max(sh, key=sh.get)
        assert top == f["top"], (s, f["workflow"], top, f["top"], sh)
        assert sorted(sh.values())[-2] < sh[top], (s, f["workflow"], sh)
        n += 1
assert n >= 12, n
print("# poorly fitting workflows checked:", n)'

check "seeds 1-3: internal PMF ranks the tools as truth.json does (pooled over the workflows shown)" python3 -c '
import json
for s in (1, 2, 3):
    t = json.load(open(f"s{s}/truth.json"))["survey"]
    r = json.load(open(f"r{s}.json"))
    very, n = {}, {}
    for p in r["pmf"]:
        if p["unit"] is None:
            very[p["tool"]] = very.get(p["tool"], 0) + p["very_disappointed"] * p["n"]
            n[p["tool"]] = n.get(p["tool"], 0) + p["n"]
    seen = sorted(n, key=lambda k: -very[k] / n[k])
    assert seen == [x["tool"] for x in t["tools"]], (s, seen, t["tools"])
    assert len(seen) == 2
    for k, x in zip(seen, t["tools"]):
        pmf = x["pmf"]
        print(f"# seed {s}: {k} {very[k] / n[k]:.3f} (truth {pmf:.3f})")'

check "seeds 1-3: per tool and workflow, PMF follows the truth (correlation over the shown rows > 0.8)" python3 -c '
import json, statistics
for s in (1, 2, 3):
    t = {(p["tool"], p["workflow"]): p["pmf"] for p in json.load(open(f"s{s}/truth.json"))["survey"]["pmf"]}
    r = json.load(open(f"r{s}.json"))
    pairs = [(t[(p["tool"], p["workflow"])], p["very_disappointed"]) for p in r["pmf"] if p["unit"] is None and p["n"] >= 10]
    c = statistics.correlation([a for a, _ in pairs], [b for _, b in pairs])
    assert len(pairs) >= 10 and c > 0.8, (s, len(pairs), c)'

check "seeds 1-3: a team's psychological-safety score follows its safety in the truth (correlation > 0.7)" python3 -c '
import json, statistics
for s in (1, 2, 3):
    safety = {x["team"]: x["safety"] for x in json.load(open(f"s{s}/truth.json"))["teams"]}
    u = json.load(open(f"u{s}.json"))
    pairs = [(safety[x["unit"]], x["mean"]) for x in u["scores"] if x["construct"] == "psych_safety" and x["unit"] in safety]
    c = statistics.correlation([a for a, _ in pairs], [b for _, b in pairs])
    assert len(pairs) >= 20 and c > 0.7, (s, len(pairs), c)'

check "by unit: no unit under 5 respondents is shown (merged into its function)" python3 -c '
import json
for s in (1, 2, 3):
    u = json.load(open(f"u{s}.json"))
    assert all(x["n"] >= 5 for x in u["scores"] + u["items"] + u["pmf"] + u["choices"])'

run $T demo --dir demo --people 600 --no-serve
check "the demo opens the wave, imports the survey and shows the friction backlog" eval 'status_is 0 && out_has "== the pulse survey of the last week" && out_has "opened wave '"'"'pulse-sim'"'"'" && out_has "imported $(python3 -c "import json; print(json.load(open(\"demo/data/truth.json\"))[\"survey\"][\"respondents\"])") responses from '"'"'demo/data/survey.csv'"'"' (msforms) into wave '"'"'pulse-sim'"'"'" && out_has "== employee voice: friction named by 30% or more" && out_has "new items from the survey results"'
run $T --db demo/traction.db survey status --json
check "the demo's wave is closed, dated in the simulated last week" json 'j["state"] == "closed" and j["wave"] == "pulse-sim" and j["opened"] == "2026-10-26"'
finish
