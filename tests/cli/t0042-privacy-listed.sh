#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 15, route 2: suppressed cells are still listed. `shadow scan`,
# `shadow report`, `usage`, /api/teams/N and the team page name hidden
# cells by team, week and service; for a team of one the row itself says
# that this person used an unapproved service that week. Checked as a
# property against the generator's truth: no output names a team's cell
# (team, week, service or tool) that fewer than 10 people are behind, nor
# counts the hidden rows of one team.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_privacy.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import usage --format generic usage.csv >/dev/null
$T shadow scan --format squid access.log --json >scan.json
$T shadow scan --format squid access.log >scan.txt 2>&1
$T shadow report --json >report.json
$T shadow report >report.txt
$T usage --json >usage.json
$T usage >usage.txt
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
serve_start s1
trap 'serve_stop s1; rm -rf "$TMP"' EXIT
login ann.jar ann "admin password 1"
for id in $(sqlite3 traction.db "SELECT id FROM unit"); do
    code -b ann.jar "$B/api/teams/$id" >/dev/null && cp body "api-team-$id.json"
    code -b ann.jar "$B/teams/$id" >/dev/null && cp body "team-$id.html"
    sqlite3 traction.db "SELECT name FROM unit WHERE id = $id" >"name-$id"
done

# listed.py KIND FILE...: prints every small cell FILE lists, exits 1 if any
cat >listed.py <<'PY'
import glob, json, re, sys
truth = json.load(open("truth.json"))
small = {("shadow", t) for t, n in truth["shadow"].items() if n < 10}
small |= {("usage", t) for t, n in truth["active"].items() if n < 10}
kind, files = sys.argv[1], sys.argv[2:]
found = []
for f in files:
    text = open(f).read()
    if kind in ("shadow", "usage"):            # records, or text rows
        if f.endswith(".json"):
            for r in json.loads(text or "[]"):
                if (kind, r.get("team")) in small:
                    found.append(f"{f}: {r['team']} {r['week']} {r.get('service') or r.get('tool')}")
        else:
            for line in text.splitlines():
                w = line.split()
                if len(w) > 3 and w[0].startswith("20") and any((kind, x) in small for x in w):
                    found.append(f"{f}: {line.strip()}")
    elif kind == "team":                       # a team's page: its own cells
        team = open("name-" + re.sub(r"\D", "", f)).read().strip()
        if f.endswith(".json"):
            j = json.loads(text)
            for k, key in (("shadow", "shadow_demand"), ("usage", "approved_use")):
                for r in j.get(key) or []:
                    if (k, team) in small:
                        found.append(f"{f}: {team} {key} {r.get('week')}")
        for m in re.findall(r"\d+ more rows? had too few people", text):
            found.append(f"{f}: {team}: {m}")
for x in found:
    print(x, file=sys.stderr)
sys.exit(1 if found else 0)
PY
check "shadow scan lists no cell of fewer than 10 people (JSON and text)" \
    python3 listed.py shadow scan.json scan.txt
check "shadow report lists none (JSON and text)" \
    python3 listed.py shadow report.json report.txt
check "usage lists none (JSON and text)" python3 listed.py usage usage.json usage.txt
check "/api/teams/N lists none" eval 'python3 listed.py team api-team-*.json'
check "the team page neither lists nor counts a team's hidden rows" \
    eval 'python3 listed.py team team-*.html'
check "the shown cells are still there (Big2's 15 on ChatGPT)" \
    eval 'python3 -c "import json; assert [r[\"people\"] for r in json.load(open(\"report.json\")) if r[\"team\"] == \"Big2\"] == [15]"'
finish
