#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice as the mandate trap's third leg: beside thin approved use
# and shadow demand, the team's internal PMF and trust for the approved
# tool (one the telemetry covers) and its most named friction, from the
# latest survey by the week's end, exactly as `survey results --by unit`
# shows them (the same disclosure layer: a unit not shown there has no
# voice in the trap), with reasons.
. "$(dirname "$0")/lib.sh"

for seed in 1 2; do
    $T demo --dir d$seed --seed $seed --people 600 --no-serve >demo$seed.out 2>&1
    $T --db d$seed/traction.db trap --json >trap$seed.json 2>trap$seed.err
    $T --db d$seed/traction.db trap >trap$seed.txt 2>&1
    $T --db d$seed/traction.db survey results --by unit --json >r$seed.json 2>&1
done
check "every team of the trap has a voice leg (null or the survey's figures)" python3 -c '
import json
for s in (1, 2):
    t = json.load(open(f"trap{s}.json"))["teams"]
    assert t and all("voice" in x for x in t), s
    assert sum(x["voice"] is not None for x in t) >= 0.8 * len(t), s'
check "the trap's voice is exactly what survey results --by unit shows: the approved tool's PMF and trust pooled over the unit's rows, its top friction" python3 -c '
import json
for s in (1, 2):
    tr = json.load(open(f"trap{s}.json"))["teams"]
    r = json.load(open(f"r{s}.json"))
    for x in tr:
        v = x["voice"]
        rows = [p for p in r["pmf"] if p["unit"] == x["team"]]
        ch = [c for c in r["choices"] if c["unit"] == x["team"] and c["workflow"] == ""]
        if v is None:
            assert not rows and not ch, (s, x["team"])
            continue
        assert v["wave"] == "pulse-sim"
        if v["tool"] is None:
            assert not [p for p in rows if p["tool"] == "GitHub Copilot"], (s, x["team"])
        else:
            assert v["tool"] == "GitHub Copilot", v
            mine = [p for p in rows if p["tool"] == v["tool"]]
            assert v["pmf_n"] == sum(p["n"] for p in mine), (s, x["team"], v)
            very = sum(round(p["very_disappointed"] * p["n"]) for p in mine)
            assert abs(v["pmf"] - very / v["pmf_n"]) < 1e-12 and v["low_pmf"] == (v["pmf"] < 0.4), v
            tr_rows = [i for i in r["items"] if i["unit"] == x["team"] and i["construct"] == "trust" and i["tool"] == v["tool"]]
            assert v["trust_n"] == sum(i["n"] for i in tr_rows), v
        if not ch: # PMF shown, friction not (a unit can have one only)
            assert v["friction_n"] == 0 and v["friction_share"] is None, (s, x["team"], v)
            continue
        c = ch[0]
        top = max((k for k in c["shares"] if k != "nothing"), key=lambda k: c["shares"][k]["share"])
        assert v["friction_n"] == c["n"] and abs(v["friction_share"] - c["shares"][top]["share"]) < 1e-12, (v, c)'
check "teams the truth puts in the trap whose approved-tool PMF is shown report it below the 40% line" python3 -c '
import json
n = 0
for s in (1, 2):
    truth = {t["team"]: t for t in json.load(open(f"d{s}/data/truth.json"))["teams"]}
    for x in json.load(open(f"trap{s}.json"))["teams"]:
        v = x["voice"]
        if x["team"] in truth and truth[x["team"]]["in_trap"] and v and v["tool"]:
            assert v["low_pmf"], (s, x["team"], v)
            n += 1
assert n >= 10, n
print("# trap teams with the approved tool'"'"'s PMF shown:", n)'
check "the reasons give the voice leg in words" eval 'grep -q "  - voice (survey pulse-sim): people report a poor fit; GitHub Copilot PMF [0-9]*% of [0-9]* (below the 40% line)" trap1.txt'

# without a survey the trap is as it was: no voice, no voice reason
$T simulate --out s --people 300 >/dev/null
$T init >/dev/null
$T import roster s/roster.csv --as-of 2025-01-01 >/dev/null
$T import usage --format copilot-users s/copilot-users.ndjson >/dev/null
$T shadow scan --format squid s/access.log --quiet >/dev/null
run $T trap --json
check "no survey: every voice is null and no reason speaks of it" eval 'status_is 0 && json "j[\"teams\"] and all(t[\"voice\"] is None and not any(\"voice\" in r for r in t[\"reasons\"]) for t in j[\"teams\"])"'
finish
