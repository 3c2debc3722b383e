# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a small organisation for the privacy attack tests
(t004*-privacy-*.sh) and prints nothing. Usage: gen_privacy.py OUTDIR

Units (a parent with direct members, a child under the threshold, teams
at exactly the thresholds, a team of one):
  Org
    Marketing  12 people directly, and its child Tiny (3)
    Big1 11, Big2 20, Ten 10, Five 5, Solo 1
Week 2026-W10 (Monday 2026-03-02), tool Copilot: Marketing 12 active,
Tiny 2, Big1 11, Big2 20, Ten 10. Shadow demand (chatgpt.com) that week:
Big2 15, Big1 4, Tiny 2, Solo 1. Work items in January-April 2025: every
team, with Big2's March done by 3 people only, and one item with an
error finished on 2025-04-30 by one person of Big2. truth.json holds
the distinct people behind every cell, for the tests to check against.
"""
import datetime
import json
import math
import random
import sys

out = sys.argv[1]
rnd = random.Random(15)
teams = [("Marketing", "Org", 12), ("Tiny", "Marketing", 3), ("Big1", "Org", 11),
         ("Big2", "Org", 20), ("Ten", "Org", 10), ("Five", "Org", 5), ("Solo", "Org", 1)]
members = {t: [f"{t.lower()}{i}" for i in range(n)] for t, _, n in teams}
team_of = {p: t for t, ps in members.items() for p in ps}
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,team,parent,manager\n")
    for t, parent, n in teams:
        for i, p in enumerate(members[t]):
            fp.write(f"{p}@corp.example,{t},{parent},{'yes' if i == 0 else 'no'}\n")

def ts(d, h=9, m=0):
    return int(datetime.datetime(d.year, d.month, d.day, h, m,
                                 tzinfo=datetime.timezone.utc).timestamp())

monday = datetime.date(2026, 3, 2)
active = {"Marketing": 12, "Tiny": 2, "Big1": 11, "Big2": 20, "Ten": 10}
with open(f"{out}/usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for t, k in active.items():
        for i, p in enumerate(members[t][:k]):
            fp.write(f"{monday + datetime.timedelta(days=i % 3)},{p}@corp.example,Copilot,yes,{3 + i}\n")
shadow = {"Big2": 15, "Big1": 4, "Tiny": 2, "Solo": 1}
with open(f"{out}/access.log", "w") as fp:
    k = 0
    for t, n in shadow.items():
        for p in members[t][:n]:
            for d in range(2):
                k += 1
                fp.write(f"{ts(monday + datetime.timedelta(days=d))}.000 10 10.0.{k // 250}.{k % 250} "
                         f"TCP_MISS/200 900 CONNECT chatgpt.com:443 {p}@corp.example HIER_DIRECT/203.0.113.9 -\n")

# work items: who did each, so the tests know the people behind any cell
items = []
start = datetime.date(2025, 1, 1)
for day in range(0, 120):                       # 2025-01-01 .. 2025-04-30
    d = start + datetime.timedelta(days=day)
    for t, _, _ in teams:
        ps = members[t]
        if t == "Big2" and d.month == 3:
            ps = ps[:3]                         # a month of 3 people
        if t == "Big2" and d == datetime.date(2025, 4, 30):
            continue                            # only the one item below
        for j in range(2 if t != "Solo" else 1):
            p = ps[(day * 2 + j) % len(ps)]
            hours = math.exp(math.log(20) + rnd.gauss(0, 0.5))
            tool = ""
            if t == "Solo" and d >= datetime.date(2025, 3, 1):
                hours *= 0.5
                tool = "copilot"
            f = ts(d, 10 + j)
            items.append({"key": f"{t}-{day}-{j}", "team": t, "person": p,
                          "started": f - int(hours * 3600), "finished": f,
                          "errors": 1 if rnd.random() < 0.1 else 0, "tool": tool})
f = ts(datetime.date(2025, 4, 30), 15)
items.append({"key": "Big2-last", "team": "Big2", "person": "big2x0", "started": f - 7200,
              "finished": f, "errors": 1, "tool": ""})
members["Big2"].append("big2x0")                # joined late: in the roster too
with open(f"{out}/roster.csv", "a") as fp:
    fp.write("big2x0@corp.example,Big2,Org,no\n")
with open(f"{out}/items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at,errors,tool\n")
    for it in items:
        fp.write(f"{it['key']},drafting,{it['team']},{it['person']}@corp.example,"
                 f"{it['started']},{it['finished']},{it['errors']},{it['tool']}\n")
json.dump({"members": {t: len(ps) for t, ps in members.items()},
           "parent": {t: p for t, p, _ in teams},
           "active": active, "shadow": shadow,
           "items": [{k: it[k] for k in ("team", "person", "started", "finished", "errors", "tool")} for it in items]},
          open(f"{out}/truth.json", "w"))
