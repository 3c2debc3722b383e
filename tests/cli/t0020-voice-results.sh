#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice, step 4: results through the disclosure layer. A wave of
# 52 simulated answers (tests/cli/gen_voice.py, which also computes what
# the results must be, independently of traction) is imported; shares,
# Wilson intervals, means and the psychological-safety score agree to
# 1e-9; units with fewer than 5 responses are merged into their parent;
# a result of fewer than 5 people is hidden, and so is a sibling, so it
# cannot be recovered from the whole wave's figure.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_voice.py" . 1
$T init >/dev/null
$T import roster roster.csv >/dev/null
run $T import survey answers.csv --instrument pulse --wave w1
check "a generic export: headers are the targets" eval 'status_is 0 && out_has "imported 52 responses from '"'"'answers.csv'"'"' (generic) into wave '"'"'w1'"'"': 11 columns used, 0 dropped"'

cat >compare.py <<'PY'
import json, sys
got = json.load(open("out"))
want = json.load(open("expect.json"))
by_unit = len(sys.argv) > 1
bad = []
def close(a, b, what):
    if a is None or b is None or abs(a - b) > 1e-9:
        bad.append(f"{what}: {a} != {b}")
def key(r):
    return r["item"] + (f"@{r['tool']}:{r['workflow']}" if r["tool"] else "")
shown = {}
for r in got["items"]:
    u = r["unit"] or "all"
    e = (want["all"] if u == "all" else want["units"][u])[key(r)]
    shown.setdefault(key(r), set()).add(u)
    if r["n"] != e["n"]:
        bad.append(f"{u} {key(r)} n {r['n']} != {e['n']}")
    if e["n"] < 5:
        bad.append(f"{u} {key(r)}: {e['n']} people shown")
    close(r["favourable"], e["favourable"], f"{u} {key(r)} share")
    close(r["favourable_ci"][0], e["favourable_ci"][0], f"{u} {key(r)} lo")
    close(r["favourable_ci"][1], e["favourable_ci"][1], f"{u} {key(r)} hi")
    if "mean" in e:
        close(r["mean"], e["mean"], f"{u} {key(r)} mean")
for r in got["scores"]:
    u = r["unit"] or "all"
    e = (want["all"] if u == "all" else want["units"][u])["score:psych_safety"]
    close(r["mean"], e["mean"], f"{u} score mean")
    close(r["favourable"], e["favourable"], f"{u} score share")
    close(r["favourable_ci"][1], e["favourable_ci"][1], f"{u} score hi")
for r in got["choices"]:
    u = r["unit"] or "all"
    e = (want["all"] if u == "all" else want["units"][u])["friction"]
    if r["n"] != e["n"]:
        bad.append(f"{u} friction n")
    for c, s in e["shares"].items():
        close(r["shares"][c]["share"], s, f"{u} friction {c}")
for r in got["pmf"]:
    e = (want["all"] if r["unit"] is None else want["units"][r["unit"]])[
        f"pmf@{r['tool']}:{r['workflow']}"]
    close(r["very_disappointed"], e["favourable"], "pmf share")
    want_fit = "above" if e["favourable_ci"][0] > 0.4 else "below" if e["favourable_ci"][1] < 0.4 else "undecided"
    if r["fit"] != want_fit:
        bad.append("pmf fit")
if by_unit:
    units = set(want["units"])
    for k in want["all"]:
        if k.startswith("score") or k == "friction":
            continue
        small = {u for u in units if want["units"][u][k]["n"] < 5}
        hidden = units - shown.get(k, set())
        # a hidden unit is never alone: the whole wave's figure minus the
        # shown units leaves at least two unknowns
        if small - hidden or len(hidden) == 1:
            bad.append(f"{k}: small {sorted(small)}, hidden {sorted(hidden)}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

run $T survey results --wave w1 --json
check "the whole wave agrees with the independent computation (1e-9)" eval 'status_is 0 && python3 compare.py >&2'
check "... with the numbers expected of seed 1" json 'j["responses"] == 52 and j["hidden"] == 0 and [(p["tool"], p["n"], p["fit"]) for p in j["pmf"]] == [("ChatGPT", 46, "undecided"), ("Copilot", 46, "above")]'
run $T survey results --wave w1 --by unit --json
check "by unit: agrees, nothing under 5, no hidden result alone" eval 'status_is 0 && python3 compare.py by_unit >&2'
check "by unit: Frontend (3 responses) is merged with Eng (3); never named" json 'sorted({r["unit"] for r in j["scores"] if r["unit"]}) == ["Backend", "Eng", "Ops", "Sales", "Support"] and not any(r["unit"] == "Frontend" for r in j["items"])'
check "by unit: trust of Ops (4 answers) is hidden, and Eng's (6, the smallest sibling) with it" json 'sorted(r["unit"] for r in j["items"] if r["item"] == "trust_live" and r["unit"]) == ["Backend", "Sales", "Support"] and any(r["unit"] == "Ops" and r["item"] == "ps_speak_up" for r in j["items"])'
run $T survey results --wave w1 --by unit --min-people 13 --json
check "--min-people 13: units merge further (Backend into Eng, Support and Ops into Org)" json 'sorted({r["unit"] or "" for r in j["scores"]}) == ["", "Eng", "Org", "Sales"] and all(r["n"] >= 13 for r in j["items"])'
run $T survey results --wave w1 --min-people 3
check "--min-people cannot loosen the rules" eval 'status_is 2 && err_has "--min-people: '"'"'3'"'"' is not a number in [5, 1e+06]"'

run $T survey results --wave w1
check "text: PMF against the 40% line" eval 'status_is 0 && out_has "(all)  Copilot  Drafting  46                54%  40% to 68%    above"'
check "text: the scale score" out_has "(all)  Psychological safety in the team  52  3.19  3.04 to 3.34          8%     3% to 18%"
check "text: the friction heatmap, any workflow and per workflow" eval 'out_has "Where work slowed down (friction): share of people naming each" && out_has "(all)  (any)     52                17%"'
run $T survey results --wave w1 --lang nl
check "text in Dutch labels" out_has "Psychologische veiligheid in het team"
run $T survey status --wave w1 --json
check "status: responses per unit as merged" json 'j["responses"] == 52 and j["units"] == [{"unit": "Backend", "responses": 12}, {"unit": "Eng", "responses": 6}, {"unit": "Ops", "responses": 6}, {"unit": "Sales", "responses": 20}, {"unit": "Support", "responses": 8}]'
# a second wave: the change since the first, against Newcombe's hybrid
# score interval computed here by hand
mkdir w2 && python3 "$ROOT/tests/cli/gen_voice.py" w2 2
$T import survey w2/answers.csv --instrument pulse --wave w2 >/dev/null
run $T survey results --wave w2 --json
cat >changes.py <<'PY'
import json
from math import sqrt
from statistics import NormalDist
z = NormalDist().inv_cdf(0.975)
def w(k, n):
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z / (1 + z * z / n) * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return c - h, c + h
j = json.load(open("out"))
a = json.load(open("expect.json"))["all"]
b = json.load(open("w2/expect.json"))["all"]
assert j["previous_wave"] == "w1"
seen = 0
for r in j["items"]:
    if r["unit"] is not None:
        continue
    k = r["item"] + ("@%s:%s" % (r["tool"], r["workflow"]) if r["tool"] else "")
    e1, e2 = a[k], b[k]
    k1, n1 = round(e2["favourable"] * e2["n"]), e2["n"]
    k2, n2 = round(e1["favourable"] * e1["n"]), e1["n"]
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = w(k1, n1)
    l2, u2 = w(k2, n2)
    d = p1 - p2
    lo = d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    c = r["change"]
    assert abs(c["favourable"] - d) < 1e-9, k
    assert abs(c["favourable_ci"][0] - lo) < 1e-9, k
    assert abs(c["favourable_ci"][1] - hi) < 1e-9, k
    seen += 1
assert seen == 9, seen
PY
check "wave 2: changes against wave 1 agree with Newcombe by hand (1e-9)" eval 'status_is 0 && python3 changes.py >&2'
run $T survey results --wave w1 --json
check "wave 1 has no previous wave" json 'j["previous_wave"] is None and all(r["change"] is None for r in j["items"])'
run $T privacy audit
check "privacy audit: every hidden survey figure is protected (both waves, units and whole waves, free text)" eval 'status_is 0 && out_has "every hidden figure is protected"'
TRACTION_AUDIT_PLANT="survey/n/team=Ops,wave=w1,item=trust_live,tool=Copilot,workflow=Drafting,function=*" run $T privacy audit
check "... and a planted leak of Ops' trust (4 people) is found, with Eng's that it gives away" eval 'status_is 1 && grep -Eq "^survey/n/team=Eng,wave=w1,item=trust_live,tool=Copilot,workflow=Drafting,function=\\* +6 to 6 " out && grep -Eq "^survey/n/team=Ops,wave=w1,item=trust_live,tool=Copilot,workflow=Drafting,function=\\* +published outright" out'
run $T survey results --wave nope
check "an unknown wave" eval 'status_is 1 && err_is "traction: no wave '"'"'nope'"'"'"'
finish
