#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The second question before scaling, in a simulated organisation: the
# simulator runs one pilot with a true effect whose team finds the tool
# adds steps (it names more friction in the survey than its comparison
# teams; truth.json says so and that it is not to scale) and whose plan
# asks the voice check. With outcomes made clear (teams alike, little
# drift, a large effect), that pilot's outcome would scale, yet it is
# not recommended for scale, and the reason names the friction; pilots
# with an effect and no voice check do scale. friction_pilot = 0 turns
# it off.
. "$(dirname "$0")/lib.sh"

cat >clear.params <<'P'
team_level_sd = 0.05
drift_sd = 0.02
effect_max = 0.6
pilot_adoption = 1
P
for seed in 1 2; do
    $T demo --dir d$seed --seed $seed --people 600 --params clear.params --no-serve >demo$seed.out 2>&1
    $T --db d$seed/traction.db portfolio --json >pf$seed.json 2>pf$seed.err
    # the friction pilot as the workspace numbers it: the portfolio's
    # pilot of the team and workflow the truth names
    k=$(python3 -c "
import json
t = json.load(open('d$seed/data/truth.json'))['pilots']
f = {(p['team'], p['workflow']) for p in t if p['voice']}
print(*[p['pilot'] for p in json.load(open('pf$seed.json'))['pilots'] if (p['team'], p['workflow']) in f])")
    $T --db d$seed/traction.db pilot analyze $k --json >fp$seed.json 2>fp$seed.err
done
# truth.py SEED: the truth's pilots by team and workflow, and the
# portfolio's pilots that are the truth's (the others must be the load's
# changes, changes.csv, which the truth's pilots do not list)
cat >truth.py <<'PY'
import csv, json
def pilots(s):
    truth = json.load(open(f"d{s}/data/truth.json"))
    t = {(p["team"], p["workflow"]): p for p in truth["pilots"]}
    assert len(t) == len(truth["pilots"]), s
    pf = json.load(open(f"pf{s}.json"))["pilots"]
    changes = sorted((r["team"], r["workflow"]) for r in
                     csv.DictReader(open(f"d{s}/data/{truth['load']['changes']}")))
    extra = sorted((p["team"], p["workflow"]) for p in pf if (p["team"], p["workflow"]) not in t)
    assert extra == changes, (s, extra, changes)
    mine = [p for p in pf if (p["team"], p["workflow"]) in t]
    assert len(mine) == len(t), (s, len(mine), len(t))
    return t, mine
PY
check "the truth names one friction pilot: a true effect, did, its plan asks the comparison voice check, not to scale" python3 -c '
import csv, json
for s in (1, 2):
    t = json.load(open(f"d{s}/data/truth.json"))["pilots"]
    f = [p for p in t if p["voice"]]
    assert len(f) == 1, (s, f)
    p = f[0]
    assert p["has_effect"] and p["design"] == "did" and p["should"] == "not scale", p
    assert p["voice"]["check"] == "comparison" and p["voice"]["friction_up"], p
    rows = list(csv.DictReader(open(f"d{s}/data/pilots.csv")))
    assert [r["voice_check"] for r in rows] == ["comparison" if x["voice"] else "" for x in t], rows
    # its team and a comparison team answer the survey in numbers shown
    # under their own names (5): the check has something to read
    answered = {}
    for r in csv.DictReader(open(f"d{s}/data/survey.csv", encoding="utf-8-sig")):
        answered[r["Which team are you in?"]] = answered.get(r["Which team are you in?"], 0) + 1
    row = [r for r in rows if r["voice_check"]][0]
    assert answered.get(p["team"], 0) >= 5, (s, p["team"], answered.get(p["team"]))
    assert max(answered.get(c, 0) for c in row["controls"].split(";")) >= 5, (s, row["controls"])'
check "seeds 1-2: its outcome is clear (q < 0.05, a decrease) but it is not recommended for scale: more friction than its comparison teams" python3 -c '
import json
from truth import pilots
for s in (1, 2):
    t, pf = pilots(s)
    f = [p for p in pf if t[(p["team"], p["workflow"])]["voice"]]
    assert len(f) == 1, s
    p = json.load(open(f"fp{s}.json"))
    assert p["pilot"] == f[0]["pilot"] and p["recommendation"] == f[0]["recommendation"] == "iterate", (s, p["recommendation"], p["reasons"])
    p["change"] = p["primary"]["change"]
    assert p["q_value"] < 0.05 and p["change"] < -0.2, (s, p["q_value"], p["change"])
    assert p["voice"]["complete"] and p["voice"]["friction_lower"] is False, p["voice"]
    why = [r for r in p["reasons"] if r.startswith("not recommended for scale: more friction: ")]
    assert len(why) == 1 and "in the comparison teams" in why[0], (s, p["reasons"])
    print("# seed %d: pilot %d %s: change %+.2f, q %.4f; %s" % (s, p["pilot"], p["team"], p["change"], p["q_value"], why[0]))'
check "seeds 1-2: the pilots with a true effect and no voice check scale (so the outcome alone would have)" python3 -c '
from truth import pilots
for s in (1, 2):
    t, pf = pilots(s)
    other = [p for p in pf if t[(p["team"], p["workflow"])]["has_effect"] and not t[(p["team"], p["workflow"])]["voice"]]
    assert other and sum(p["recommendation"] == "scale" for p in other) >= 1, (s, [(p["recommendation"], p["q_value"]) for p in other])
    assert not [p for p in pf if not t[(p["team"], p["workflow"])]["has_effect"] and p["recommendation"] == "scale"], s'

printf 'friction_pilot = 0\n' >off.params
run $T simulate --out off --seed 1 --people 600 --params off.params
check "friction_pilot = 0: no pilot asks the voice check" eval 'status_is 0 && python3 -c "
import json
assert not [p for p in json.load(open(\"off/truth.json\"))[\"pilots\"] if p[\"voice\"]]"'
finish
