#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice in the decisions: a plan names its voice check (the
# second question before scaling); without the pilot team's survey a
# scale is held at iterate and says what is missing; a pilot with a
# clear outcome effect whose team reports more friction (or too little
# trust) is not recommended for scale, with that reason; a plan without
# a voice check says the second question went unasked.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--team Alpha --workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h"
C="--design did --control-team Echo --control-team Foxtrot --control-team Golf"

# refused plans leave the workspace as it was
before=$(dump)
run $T pilot new $H --voice-check sideways
check "--voice-check is baseline or comparison" eval 'status_is 2 && err_has "traction: --voice-check: baseline or comparison" && [ "$(dump)" = "$before" ]'
run $T pilot new $H --trust-min 0.6
check "--trust-min needs --voice-check" eval 'status_is 2 && err_has "traction: --trust-min needs --voice-check" && [ "$(dump)" = "$before" ]'
run $T pilot new $H --voice-check comparison
check "a comparison voice check needs comparison teams" eval 'status_is 2 && err_has "--voice-check comparison needs at least one --control-team" && [ "$(dump)" = "$before" ]'
run $T pilot new $H --voice-check baseline --trust-min 1.5
check "--trust-min is a share" eval 'status_is 2 && err_has "--trust-min" && [ "$(dump)" = "$before" ]'

run $T pilot new $H --json
check "pilot 1 has no voice check: the plan says so" eval 'status_is 0 && json "j[\"pilot\"] == 1 and j[\"voice_check\"] is None"'
run $T pilot new $H --voice-check baseline --trust-min 0.6 --json
check "pilot 2: the plan names its voice check (friction against the baseline, trust at least 60%)" eval 'status_is 0 && json "j[\"pilot\"] == 2 and j[\"voice_check\"] == {\"friction\": \"baseline\", \"trust_min\": 0.6}"'
$T pilot new $H $C --voice-check comparison >/dev/null
$T pilot new $H $C --voice-check comparison --trust-min 0.9 >/dev/null
run $T pilot show 3 --json
check "the voice check is stored with the plan (default trust 50%)" eval 'status_is 0 && json "j[\"plan\"][\"voice_check\"] == {\"friction\": \"comparison\", \"trust_min\": 0.5}"'

run $T pilot analyze 1 --json
check "no voice check: the outcome decides (scale) and the second question went unasked" eval 'json "j[\"recommendation\"] == \"scale\" and j[\"voice\"] is None and j[\"reasons\"][-1] == \"the second question went unasked: the plan has no voice check (does copilot remove friction in drafting, do people trust it?)\""'
run $T pilot analyze 2 --json
check "a voice check without the team's survey: held at iterate, saying what is missing" eval 'json "j[\"recommendation\"] == \"iterate\" and j[\"primary\"][\"change\"] < -0.3 and j[\"voice\"][\"complete\"] is False and j[\"reasons\"][-1] == \"held at iterate, voice check incomplete: no survey since the start (2025-04-01) shows the team'"'"'s friction in drafting (no wave, or fewer than 5 of the team answered)\""'
pf_before=$($T portfolio --json | python3 -c 'import json,sys; print([(p["q_value"], p["recommendation"]) for p in json.load(sys.stdin)["pilots"]])')

# the surveys: before the start Alpha hardly names friction in drafting;
# during the pilot 5 of its 6 do (more than before), fewer than in the
# comparison teams (all 6 of each); 5 of 6 trust the output
python3 - <<'PY'
def wave(name, rows):
    with open(name, "w") as fp:
        fp.write("unit,friction@drafting,trust_live@copilot:drafting\n")
        for r in rows:
            fp.write(",".join(r) + "\n")
wave("before.csv", [("Alpha", "slow_approval", "agree")] + [("Alpha", "nothing", "agree")] * 5
     + [(t, "extra_steps", "neutral") for t in ("Echo", "Foxtrot", "Golf") for _ in range(6)])
wave("during.csv", [("Alpha", "unreliable_output;extra_steps", "agree")] * 5 + [("Alpha", "nothing", "disagree")]
     + [(t, "extra_steps", "neutral") for t in ("Echo", "Foxtrot", "Golf") for _ in range(6)])
wave("small.csv", [("Alpha", "nothing", "agree")] * 4 + [(t, "nothing", "agree") for t in ("Echo", "Foxtrot", "Golf") for _ in range(6)])
PY
$T survey open --instrument pulse --units Org --from 2025-03-03 --until 2025-03-07 --name before --use copilot:drafting >/dev/null
$T import survey before.csv --instrument pulse --wave before >/dev/null
run $T pilot analyze 2 --json
check "a baseline but no survey since the start: still held at iterate" eval 'json "j[\"recommendation\"] == \"iterate\" and \"no survey since the start (2025-04-01)\" in j[\"reasons\"][-1]"'
$T survey open --instrument pulse --units Org --from 2025-06-02 --until 2025-06-06 --name during --use copilot:drafting >/dev/null
$T import survey during.csv --instrument pulse --wave during >/dev/null

run $T pilot analyze 2 --json
check "a clear outcome effect but more friction than before the start: not recommended for scale, with that reason" eval 'json "j[\"recommendation\"] == \"iterate\" and j[\"primary\"][\"change\"] < -0.3 and j[\"q_value\"] < 0.05 and j[\"voice\"][\"friction_lower\"] is False and j[\"reasons\"][-2].startswith(\"not recommended for scale: more friction: 83% of 6 in the team name friction in drafting (during) against 17% of 6 before the start, in before: +67 points (95% CI \")"'
check "the voice evidence in JSON: friction with Wilson, the difference with Newcombe, trust" python3 -c '
import json
from math import sqrt
v = json.load(open("out"))["voice"]
assert v["check"] == "baseline" and v["wave"] == "during" and v["baseline_wave"] == "before" and v["complete"], v
assert (v["friction"]["n"], v["friction"]["named"], v["reference"]["n"], v["reference"]["named"]) == (6, 5, 6, 1), v
def wilson(k, n, z=1.959963984540054):
    p = k / n; d = 1 + z * z / n; c = (p + z * z / (2 * n)) / d; h = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h
lo, hi = wilson(5, 6)
assert abs(v["friction"]["ci"][0] - lo) < 1e-9 and abs(v["friction"]["ci"][1] - hi) < 1e-9, v
l1, u1 = wilson(5, 6); l2, u2 = wilson(1, 6); d = 5 / 6 - 1 / 6
nlo = d - sqrt((5 / 6 - l1) ** 2 + (u2 - 1 / 6) ** 2); nhi = d + sqrt((u1 - 5 / 6) ** 2 + (1 / 6 - l2) ** 2)
assert abs(v["difference"]["value"] - d) < 1e-9 and abs(v["difference"]["ci"][0] - nlo) < 1e-9 and abs(v["difference"]["ci"][1] - nhi) < 1e-9, v
assert v["trust"]["n"] == 6 and v["trust"]["favourable"] == 5 and v["trust_enough"] is True, v'
run $T pilot analyze 3 --json
check "the same team, less friction than its comparison teams and trust 83% >= 50%: scale" eval 'json "j[\"recommendation\"] == \"scale\" and j[\"voice\"][\"friction_lower\"] and j[\"voice\"][\"reference\"][\"units\"] == 3 and j[\"reasons\"][-2] == \"less friction: 83% of 6 in the team name friction in drafting (during) against 100% of 18 in the comparison teams: -17 points (95% CI -56 to +6)\""'
run $T pilot analyze 4 --json
check "trust below the plan's 90%: not recommended for scale, with that reason" eval 'json "j[\"recommendation\"] == \"iterate\" and j[\"voice\"][\"trust_enough\"] is False and j[\"reasons\"][-1].startswith(\"not recommended for scale: trust: 83% of 6 would use copilot'"'"'s output on live work without redoing it (95% CI 44% to 97%); the plan asks 90%\")"'
run $T pilot analyze 4
check "the text analysis gives the same reasons" eval 'status_is 0 && out_has "not recommended for scale: trust: 83% of 6"'
check "the outcome statistics are untouched by the voice check (the q-values are those before the surveys)" eval '[ "$($T portfolio --json | python3 -c "import json,sys; print([p[\"q_value\"] for p in json.load(sys.stdin)[\"pilots\"]])")" = "$(echo "$pf_before" | python3 -c "import ast,sys; print([q for q, _ in ast.literal_eval(sys.stdin.read())])")" ]'

# a later wave in which only 4 of Alpha answer: Alpha is not shown on its
# own there, so that wave is passed over; with it as the only one since
# the start, the check is missing again (privacy: no figure from 4)
$T survey open --instrument pulse --units Org --from 2025-06-16 --until 2025-06-20 --name small --use copilot:drafting >/dev/null
$T import survey small.csv --instrument pulse --wave small >/dev/null
run $T pilot analyze 2 --json
check "a wave where the team has fewer than 5 answers is passed over: the evidence is still from 'during'" eval 'json "j[\"voice\"][\"wave\"] == \"during\" and j[\"recommendation\"] == \"iterate\""'
finish
