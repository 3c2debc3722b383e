# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a roster, a survey export (generic CSV, headers are targets) and
# what the results must be, computed here independently of traction:
# shares, Wilson intervals (statistics.NormalDist for z), means and the
# psychological-safety score, for the whole wave and per unit as the
# disclosure rules merge them. usage: gen_voice.py DIR SEED
import json, random, sys
from math import sqrt
from statistics import NormalDist

out, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
Z = NormalDist().inv_cdf(0.975)

def wilson(k, n):
    p = k / n
    c = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    h = Z / (1 + Z * Z / n) * sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return [max(0.0, c - h), min(1.0, c + h)]

# units: (name, parent, members); responses per unit (Dept's two people
# put it under Org: a unit named only as a parent is a root)
units = [("Org", "", 0), ("Dept", "Org", 2), ("Sales", "Dept", 30),
         ("Support", "Dept", 12), ("Eng", "Org", 6), ("Backend", "Eng", 20),
         ("Frontend", "Eng", 10), ("Ops", "Org", 8)]
answers = {"Sales": 20, "Support": 8, "Backend": 12, "Frontend": 3,
           "Eng": 3, "Ops": 6}
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for name, parent, n in units:
        for i in range(n):
            fp.write(f"{name.lower()}{i}@corp.example,,{name},{parent},no\n")

agree = ["strongly_disagree", "disagree", "neutral", "agree", "strongly_agree"]
pmf = ["very", "somewhat", "not", "unused"]
friction = ["unreliable_output", "unclear_audit_trail", "slow_approval",
            "extra_steps", "output_restricted", "no_time_to_learn",
            "unclear_policy", "data_unreachable", "role_worry", "other"]
ps = ["ps_speak_up", "ps_mistakes", "ps_blame", "ps_ask_help",
      "ps_not_knowing"]
reverse = {"ps_blame", "ps_not_knowing", "job_worry", "fit_steps"}
cols = ["unit", "pmf@Copilot:Drafting", "pmf@ChatGPT:Drafting",
        "trust_live@Copilot:Drafting", "job_worry"] + ps + \
       ["friction@Drafting"]
rows = []
for unit, n in answers.items():
    for i in range(n):
        r = {"unit": unit}
        r["pmf@Copilot:Drafting"] = rng.choices(pmf, [5, 3, 2, 1])[0]
        r["pmf@ChatGPT:Drafting"] = rng.choices(pmf, [2, 3, 4, 1])[0]
        # two people of Ops skip the trust item: a cell of 4
        if not (unit == "Ops" and i < 2):
            r["trust_live@Copilot:Drafting"] = rng.choice(agree)
        r["job_worry"] = rng.choice(agree + [""])
        for it in ps:
            r[it] = rng.choice(agree)
        if rng.random() < 0.2:
            r["friction@Drafting"] = "nothing"
        else:
            r["friction@Drafting"] = ";".join(
                rng.sample(friction, rng.randint(1, 3)))
        rows.append(r)
rng.shuffle(rows)
with open(f"{out}/answers.csv", "w") as fp:
    fp.write(",".join(cols) + "\n")
    for r in rows:
        fp.write(",".join(r.get(c, "") for c in cols) + "\n")

# units as results show them: Frontend (3) with Eng (3) -> Eng (6)
shown = {"Sales": "Sales", "Support": "Support", "Backend": "Backend",
         "Frontend": "Eng", "Eng": "Eng", "Ops": "Ops"}

def score(it, v):
    s = agree.index(v) + 1
    return 6 - s if it in reverse else s

def summary(rs):
    res = {}
    for col in cols[1:-1]:
        item, _, subj = col.partition("@")
        vals = [r[col] for r in rs if r.get(col)]
        if item == "pmf":
            vals = [v for v in vals if v != "unused"]
            n = len(vals)
            k = sum(v == "very" for v in vals)
        else:
            n = len(vals)
            k = sum(score(item, v) >= 4 for v in vals)
        if n == 0:
            continue
        e = {"n": n, "favourable": k / n, "favourable_ci": wilson(k, n)}
        if item != "pmf":
            e["mean"] = sum(score(item, v) for v in vals) / n
        res[col] = e
    sc = [sum(score(it, r[it]) for it in ps) / 5 for r in rs]
    n = len(sc)
    k = sum(s >= 4 for s in sc)
    res["score:psych_safety"] = {"n": n, "mean": sum(sc) / n,
                                 "favourable": k / n,
                                 "favourable_ci": wilson(k, n)}
    named = [r["friction@Drafting"].split(";") for r in rs]
    res["friction"] = {"n": len(named), "shares": {
        c: sum(c in x for x in named) / len(named)
        for c in friction + ["nothing"]}}
    return res

expect = {"all": summary(rows), "units": {}}
for u in sorted(set(shown.values())):
    expect["units"][u] = summary([r for r in rows if shown[r["unit"]] == u])
json.dump(expect, open(f"{out}/expect.json", "w"), indent=1)
