# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a roster and a generic work-item file with known content, and the
summary an independent implementation expects (R type-7 quantiles), for
t0004-items.sh. Usage: gen_items.py SEED ROWS OUTDIR"""
import json
import math
import random
import sys

seed, rows, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(seed)
teams = {"Alpha": 6, "Beta": 7, "Gamma": 5, "Tiny": 3}
people = []
with open(f"{out}/gen-roster.csv", "w") as fp:
    fp.write("id,team,parent,manager\n")
    for t, n in teams.items():
        for i in range(n):
            pid = f"{t.lower()}{i}@gen.example"
            people.append((pid, t))
            fp.write(f"{pid},{t},Org,{'yes' if i == 0 else 'no'}\n")

def q7(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])

groups = {}
base = 1735689600  # 2025-01-01T00:00:00Z
with open(f"{out}/gen-items.csv", "w") as fp:
    fp.write("key,workflow,person,started_at,finished_at,quality,errors,rework,tool,reviewed\n")
    for k in range(rows):
        pid, team = people[rnd.randrange(len(people))]
        start = base + rnd.randrange(0, 200 * 86400)
        dur = int(rnd.lognormvariate(math.log(20 * 3600), 0.9))
        tool = rnd.choice(["", "", "copilot", "chatgpt"])
        quality = round(rnd.uniform(1, 5), 2)
        errors = rnd.choice([0, 0, 0, 1, 2])
        rework = rnd.choice(["yes", "no", "no", "no"])
        fp.write(f"G-{k},drafting,{pid},{start},{start + dur},{quality},{errors},{rework},{tool},yes\n")
        g = groups.setdefault(team, {"c": [], "p": set(), "q": [], "e": 0, "r": 0, "ai": 0, "n": 0})
        g["c"].append(dur / 3600.0)
        g["p"].add(pid)
        g["q"].append(quality)
        g["e"] += errors > 0
        g["r"] += rework == "yes"
        g["ai"] += tool != ""
        g["n"] += 1

expect = {}
for t, g in groups.items():
    expect[t] = {"items": g["n"], "people": len(g["p"]),
                 "cycle_h_median": q7(g["c"], 0.5), "cycle_h_p90": q7(g["c"], 0.9),
                 "quality_mean": sum(g["q"]) / len(g["q"]),
                 "error_rate": g["e"] / g["n"], "rework_rate": g["r"] / g["n"],
                 "ai_share": g["ai"] / g["n"]}
json.dump(expect, open(f"{out}/gen-expect.json", "w"), indent=1)
