# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes one of three simulated organisations for the privacy audit
(t0045-privacy-audit.sh). Usage: gen_orgs.py SEED OUTDIR

Each has a root, three divisions that have people of their own (direct
members) beside their teams, and teams of every awkward size: one
person, two, exactly 5 (the work-item threshold), exactly 10 (the
telemetry threshold), and larger ones. Four ISO weeks of telemetry on
two tools and shadow demand on two services, with counts around the
thresholds, and four months of work items in which some months are done
by few people. Prints the name of a middle unit (a division).
"""
import datetime
import math
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(seed)
units = []                                   # (name, parent, size)
for d in range(3):
    div = f"Div{d}"
    units.append((div, "Org", rnd.choice([2, 4, 7, 12])))
    sizes = [1, 5, 10] + [rnd.choice([2, 3, 6, 11, 14, 20]) for _ in range(2)]
    rnd.shuffle(sizes)
    for k, n in enumerate(sizes):
        units.append((f"D{d}T{k}", div, n))
members = {u: [f"{u.lower()}p{i}" for i in range(n)] for u, _, n in units}
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,team,parent,manager\n")
    for u, parent, n in units:
        for i, p in enumerate(members[u]):
            fp.write(f"{p}@org{seed}.example,{u},{parent},{'yes' if i == 0 else 'no'}\n")

def ts(d, h=9):
    return int(datetime.datetime(d.year, d.month, d.day, h, tzinfo=datetime.timezone.utc).timestamp())

monday = datetime.date(2026, 3, 2)
with open(f"{out}/usage.csv", "w") as fp, open(f"{out}/access.log", "w") as lg:
    fp.write("day,person,tool,active,interactions\n")
    k = 0
    for w in range(4):
        for u, _, n in units:
            for tool in ("Copilot", "Gemini"):
                share = rnd.choice([0, 0.3, 0.6, 0.9, 1.0])
                for i, p in enumerate(members[u][:round(n * share)]):
                    day = monday + datetime.timedelta(days=7 * w + i % 4)
                    fp.write(f"{day},{p}@org{seed}.example,{tool},yes,{2 + i % 7}\n")
            for host in ("chatgpt.com", "claude.ai"):
                share = rnd.choice([0, 0.2, 0.5, 0.8])
                for p in members[u][:round(n * share)]:
                    k += 1
                    day = monday + datetime.timedelta(days=7 * w + k % 5)
                    lg.write(f"{ts(day)}.000 10 10.1.{k // 250 % 250}.{k % 250} TCP_MISS/200 900 "
                             f"CONNECT {host}:443 {p}@org{seed}.example HIER_DIRECT/203.0.113.9 -\n")
with open(f"{out}/items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at,errors\n")
    start = datetime.date(2025, 1, 1)
    k = 0
    for u, _, n in units:
        for month in range(4):
            few = rnd.random() < 0.25            # a month done by few people
            ps = members[u][:2] if few else members[u]
            for day in range(0, 28, 2):
                d = start.replace(month=month + 1) + datetime.timedelta(days=day)
                p = ps[day // 2 % len(ps)]
                hours = math.exp(math.log(20) + rnd.gauss(0, 0.5))
                f = ts(d, 15)
                k += 1
                fp.write(f"I{k},drafting,{u},{p}@org{seed}.example,{f - int(hours * 3600)},{f},"
                         f"{1 if rnd.random() < 0.1 else 0}\n")
print("Div1")
