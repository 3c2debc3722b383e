# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a roster and work items for pilots with known true effects, for
`make demo` and tests/cli/t0006-pilots.sh. Usage: gen_pilots.py OUTDIR
[PILOT_END_DAY]

Teams (workflow 'drafting', cycle times log-normal, sd 0.6 on the log):
  Alpha   cycle time -40% with the tool from 2025-04-01   -> scale
  Bravo   no effect, plenty of data                       -> retire
  Charlie cycle time -30% but errors double (guardrail)   -> retire
  Delta   only 3 items in the pilot period                -> iterate
  Echo, Foxtrot, Golf: comparison teams, no change
  India   3 people: too small a team to pilot
"""
import math
import random
import sys

out = sys.argv[1]
end_day = int(sys.argv[2]) if len(sys.argv) > 2 else 456
rnd = random.Random(5)
teams = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
         "India"]
size = {"India": 3}  # too small a team for a pilot
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,team,parent,manager\n")
    for t in teams:
        for i in range(size.get(t, 6)):
            fp.write(f"{t.lower()}{i}@pilot.example,{t},Org,{'yes' if i == 0 else 'no'}\n")

start = 1711929600          # 2024-04-01: a year of history
pilot_day = 365             # 2025-04-01
effects = {"Alpha": 0.6, "Charlie": 0.7}
with open(f"{out}/items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at,errors,tool\n")
    k = 0
    for t in teams:
        for day in range(0, end_day):
            in_pilot = day >= pilot_day
            per_day = 3
            if t == "Delta" and in_pilot:
                per_day = 1 if day < pilot_day + 3 else 0
            for j in range(per_day):
                s = start + day * 86400 + 9 * 3600 + j * 1800
                hours = math.exp(math.log(20) + rnd.gauss(0, 0.6))
                lam = 0.5
                tool = ""
                if in_pilot and t in effects:
                    hours *= effects[t]
                    tool = "copilot"
                if in_pilot and t == "Charlie":
                    lam = 1.5
                # Poisson errors by inversion
                e, p, u = 0, math.exp(-lam), rnd.random()
                c = p
                while u > c:
                    e += 1
                    p *= lam / e
                    c += p
                person = f"{t.lower()}{rnd.randrange(size.get(t, 6))}@pilot.example"
                fp.write(f"P-{k},drafting,{t},{person},{s},{s + int(hours * 3600)},{e},{tool}\n")
                k += 1
