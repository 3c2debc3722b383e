# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares every team-level figure the CLI's JSON publishes with the
same figure from the dashboard's /api, for t0046-privacy-cli-api.sh.
Usage: cli_api.py TRACTION DB BASE JAR OUT.json

Both are asked as an admin (the command line sees what an admin sees).
A figure is either equal in both (numbers to the 10 significant digits
/api prints) or published by neither. Truth for "published by
neither" comes from the workspace itself (sqlite3): the work items of
each unit, counted under the unit they merge into by the documented
rule (docs/privacy.md rule 2), so a team total the CLI hides must not
be the sum of months /api shows.

Writes OUT.json: {check: {"compared": n, "hidden": n, "bad": [...]}}
and exits 0; the test decides per check.
"""
import collections
import datetime
import json
import math
import sqlite3
import subprocess
import sys

T, DB, BASE, JAR, OUT = sys.argv[1:6]
MIN_ITEMS = 5
res = collections.defaultdict(lambda: {"compared": 0, "hidden": 0, "bad": []})


def cli(*args):
    p = subprocess.run([T, "--db", DB, *args], capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"traction {' '.join(args)}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def api(path):
    p = subprocess.run(["curl", "-s", "-f", "-b", JAR, BASE + path],
                       capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"GET {path}: curl status {p.returncode}")
    return json.loads(p.stdout)


def same(a, b):
    """Equal, numbers to 10 significant digits (what /api prints)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def compare(check, what, a, b, n=1):
    """n: the figures (records) a and b hold."""
    r = res[check]
    r["compared"] += n
    if not same(a, b):
        r["bad"].append({"what": what, "cli": a, "api": b})


def hidden(check, truth, shown):
    """Cells the workspace has that neither publishes."""
    res[check]["hidden"] += len(set(truth) - set(shown))


def bad(check, what, **kw):
    res[check]["bad"].append({"what": what, **kw})


db = sqlite3.connect(DB)
units = {i: (name, parent) for i, name, parent in
         db.execute("SELECT id, name, coalesce(parent_id, 0) FROM unit")}
people = collections.Counter(dict(db.execute(
    "SELECT unit_id, count(*) FROM membership WHERE active_to IS NULL "
    "GROUP BY unit_id")))
by_name = {name: i for i, (name, _) in units.items()}

# The unit each unit's figures count under (rule 2), bottom-up: a unit
# with its small descendants reaching the threshold keeps its name.
children = collections.defaultdict(list)
for i, (_, parent) in units.items():
    children[parent].append(i)


def buckets(minimum):
    shown = {}

    def carry(u):
        total = people[u] + sum(carry(c) for c in children[u])
        shown[u] = total >= minimum
        return 0 if shown[u] else total

    for root in children[0]:
        carry(root)
    under = {}
    for u in units:
        a = u
        while a and not shown.get(a):
            a = units[a][1]
        under[u] = units[a][0] if a else None
    return under


under = buckets(MIN_ITEMS)
truth_items = collections.Counter()
truth_months = set()
for unit_id, month, n in db.execute(
        "SELECT unit_id, strftime('%Y-%m', coalesce(finished_at, started_at), "
        "'unixepoch'), count(*) FROM work_item GROUP BY 1, 2"):
    truth_items[under[unit_id]] += n
    truth_months.add((under[unit_id], month))
under10 = buckets(10)


def isoweek(day):
    y, w, _ = (datetime.date(1970, 1, 1)
               + datetime.timedelta(days=day)).isocalendar()
    return f"{y}-W{w:02d}"


truth_usage = {(under10[u], isoweek(w), t) for u, w, t in db.execute(
    "SELECT unit_id, week, name FROM usage_week JOIN tool ON tool.id = tool_id")}
truth_shadow = {(under10[u], isoweek(w), s) for u, w, s in db.execute(
    "SELECT unit_id, week, name FROM shadow_week "
    "JOIN service ON service.id = service_id")}

# ---- every team page, once ----
pages = {i: api(f"/api/teams/{i}") for i in sorted(units)}

# items summary --by team --by month: the team page's outcomes
rows = cli("items", "summary", "--by", "team", "--by", "month", "--json")
cli_by_team = collections.defaultdict(list)
for r in rows:
    cli_by_team[r["group"]["team"]].append(r)
for t in cli_by_team:
    if t not in by_name:
        bad("items_team_month", f"the CLI publishes a group of '{t}', "
            "which has no team page")
for i, (name, _) in sorted(units.items()):
    mine = cli_by_team.get(name, [])
    compare("items_team_month", f"/api/teams/{i} ({name}) outcomes",
            sorted(mine, key=lambda r: r["group"]["month"]),
            sorted(pages[i]["outcomes"], key=lambda r: r["group"]["month"]),
            len(mine))
hidden("items_team_month", truth_months,
       {(r["group"]["team"], r["group"]["month"]) for r in rows})

# items summary --by team: the total of the months the team page shows;
# a total the CLI hides is not that sum (a month is hidden too)
totals = {r["group"]["team"]: r for r in cli("items", "summary", "--by",
                                             "team", "--json")}
for name in sorted(set(totals) | set(cli_by_team)):
    months = pages[by_name[name]]["outcomes"] if name in by_name else []
    from_api = sum(m["items"] for m in months)
    if name in totals:
        compare("items_team", f"{name}: items of the total and of the "
                "months on /api", totals[name]["items"], from_api)
        compare("items_team", f"{name}: the total counts every item of "
                "the team", totals[name]["items"], truth_items[name])
    else:
        res["items_team"]["hidden"] += 1
        if from_api == truth_items[name]:
            bad("items_team", f"{name}: the CLI hides the total, /api "
                f"shows every month of it ({from_api} items)")

# usage --json: the team page's approved_use
rows = cli("usage", "--json")
for i, (name, _) in sorted(units.items()):
    key = lambda r: (r["week"], r["tool"])
    mine = [r for r in rows if r["team"] == name]
    compare("usage", f"/api/teams/{i} ({name}) approved_use",
            sorted(mine, key=key), sorted(pages[i]["approved_use"], key=key),
            len(mine))
hidden("usage", truth_usage, {(r["team"], r["week"], r["tool"]) for r in rows})
for r in rows:
    if r["team"] is not None and r["team"] not in by_name:
        bad("usage", f"the CLI publishes a cell of '{r['team']}', which has "
            "no team page")

# shadow report --json: the team page's shadow_demand (services not
# approved; an approved service's demand is approved use)
rows = cli("shadow", "report", "--json")
for i, (name, _) in sorted(units.items()):
    key = lambda r: (r["week"], r["service"])
    mine = [r for r in rows if r["team"] == name and r["status"] != "approved"]
    compare("shadow", f"/api/teams/{i} ({name}) shadow_demand",
            sorted(mine, key=key), sorted(pages[i]["shadow_demand"], key=key),
            len(mine))
hidden("shadow", truth_shadow,
       {(r["team"], r["week"], r["service"]) for r in rows})
for r in rows:
    if r["team"] not in by_name:
        bad("shadow", f"the CLI publishes a cell of '{r['team']}', which has "
            "no team page")

# trap --json: the overview's teams (each with its unit's id and the
# function whose list holds it)
trap = cli("trap", "--json")
ov = api("/api/overview")
compare("trap", "week", trap["week"], ov["week"])
compare("trap", "people not shown", trap["people_not_shown"],
        ov["people_not_shown"])
shown = {}
for f in ov["functions"]:
    for t in f["teams"]:
        t = dict(t)
        if units.get(t.pop("unit_id"), ("",))[0] != t["team"]:
            bad("trap", f"/api/overview: '{t['team']}' has another unit's id")
        if t.pop("function", None) != f["function"]:
            bad("trap", f"/api/overview: '{t['team']}' names another function")
        shown[t["team"]] = t
for t in trap["teams"]:
    compare("trap", f"trap team '{t['team']}'", t, shown.get(t["team"]))
    res["trap"]["hidden"] += (t["approved"]["suppressed"]
                              + t["shadow"]["suppressed"])
compare("trap", "the same teams", sorted(t["team"] for t in trap["teams"]),
        sorted(shown))
compare("trap", "the mandate trap: the theatre teams",
        sorted(t["team"] for t in trap["teams"] if t["verdict"] == "theatre"),
        sorted(t["team"] for t in ov["mandate_trap"]))

# portfolio --json: /api/pilots; pilot analyze N --json: /api/pilots/N
pf = cli("portfolio", "--json")
web = api("/api/pilots")
compare("portfolio", "/api/pilots pilots", pf["pilots"], web["pilots"],
        len(pf["pilots"]))
compare("portfolio", "/api/pilots counts", pf["counts"], web["counts"])
for i, (name, _) in sorted(units.items()):
    mine = [p for p in pf["pilots"] if p["team"] == name]
    compare("portfolio", f"/api/teams/{i} ({name}) pilots", mine,
            pages[i]["pilots"]["pilots"], len(mine))
for p in pf["pilots"]:
    n = p["pilot"]
    compare("pilot", f"/api/pilots/{n} analysis",
            cli("pilot", "analyze", str(n), "--json"),
            api(f"/api/pilots/{n}")["analysis"])

# playbook N --format json: /api/playbooks/N; the list: /api/playbooks
books = api("/api/playbooks")["playbooks"]
for b in books:
    n = b["pilot"]
    one = cli("playbook", str(n), "--format", "json")
    compare("playbook", f"/api/playbooks/{n}", one, api(f"/api/playbooks/{n}"))
    compare("playbook", f"/api/playbooks entry {n}", one, b)
compare("playbook", "scaled pilots have playbooks",
        sorted(p["pilot"] for p in pf["pilots"] if p["status"] == "scaled"),
        sorted(b["pilot"] for b in books))

# pilot learning --json: /api/learning teams
compare("learning", "/api/learning teams", cli("learning",
        "--json")["teams"], api("/api/learning")["teams"])

json.dump(res, open(OUT, "w"), indent=1)
