# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a roster, a subnet table, a Squid native log (half of it
gzipped) and the aggregates an independent computation expects, for
t0008-shadow.sh. Usage: gen_squid.py SEED OUTDIR"""
import gzip
import json
import random
import sys

seed, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(seed)
teams = {"Sales": 14, "Support": 12, "Legal": 4}
users = []
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,aliases,team,manager\n")
    for t, n in teams.items():
        for i in range(n):
            login = f"{t.lower()}{i}"
            users.append((login, t))
            fp.write(f"{login}@corp.example,{login.upper()},{t},no\n")
with open(f"{out}/subnets.csv", "w") as fp:
    fp.write("cidr,team\n10.9.0.0/16,Support\n10.9.8.0/24,Sales\n")
hosts = [("chatgpt.com", "ChatGPT", True), ("api.openai.com", "OpenAI API", True),
         ("openai.com", "ChatGPT", False), ("www.deepl.com", "DeepL", True),
         ("claude.ai", "Claude", True), ("example.org", None, False),
         ("news.example.com", None, False)]
# 2026-03-02 is a Monday (ISO 2026-W10); two weeks of traffic
monday = 1772409600
expect = {}
lines = []
for k in range(6000):
    day = rnd.randrange(14)
    ts = monday + day * 86400 + rnd.randrange(86400)
    host, service, use = rnd.choice(hosts)
    if rnd.random() < 0.1:
        # no user: attributed by address (10.9.8.x is Sales, 10.9.x Support)
        ip = rnd.choice(["10.9.8.%d" % rnd.randrange(1, 9), "10.9.3.%d" % rnd.randrange(1, 9), "172.16.0.5"])
        who = "ip:" + ip
        team = "Sales" if ip.startswith("10.9.8.") else "Support" if ip.startswith("10.9.") else None
        user = "-"
    else:
        login, team = rnd.choice(users)
        ip = "192.168.1.%d" % rnd.randrange(1, 250)
        user = rnd.choice([login, login.upper(), login + "@corp.example"])
        who = login
    url = (f"{host}:443" if rnd.random() < 0.5 else f"https://{host}./path?q=secret")
    method = "CONNECT" if url.endswith(":443") else "GET"
    lines.append((ts, f"{ts}.{rnd.randrange(1000):03d} {rnd.randrange(1, 99999):6d} {ip} TCP_MISS/200 {rnd.randrange(9999)} {method} {url} {user} HIER_DIRECT/1.2.3.4 -\n"))
    if service and use and team:
        week = "2026-W10" if day < 7 else "2026-W11"
        cell = expect.setdefault(f"{team}|{week}|{service}", {"people": set(), "days": set(), "requests": 0})
        cell["people"].add(who)
        cell["days"].add((who, day))
        cell["requests"] += 1
lines.sort()
half = len(lines) // 2
with open(f"{out}/access.log", "w") as fp:
    fp.writelines(l for _, l in lines[:half])
    fp.write("garbage line\n\n")
with gzip.open(f"{out}/access.log.2.gz", "wt") as fp:
    fp.writelines(l for _, l in lines[half:])
result = []
for key, c in sorted(expect.items()):
    team, week, service = key.split("|")
    result.append({"team": team, "week": week, "service": service,
                   "people": len(c["people"]), "active_days": len(c["days"]),
                   "requests": c["requests"]})
json.dump(result, open(f"{out}/expect.json", "w"), indent=1)
