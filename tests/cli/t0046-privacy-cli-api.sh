#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 15: every team-level figure the CLI's JSON publishes is the same
# figure /api gives an admin, or published by neither. On a simulated
# organisation with pilots (one scaled, so it has a playbook) and on the
# awkward organisations of the privacy audit (one-person teams, parents
# with direct members, teams at exactly the thresholds), the real server
# is asked for every team page, the overview, the portfolio, every pilot,
# every playbook and the learning ledger, and compared (cli_api.py) with
# `items summary --by team [--by month]`, `usage`, `shadow report`,
# `trap`, `portfolio`, `pilot analyze`, `playbook --format json` and
# `learning`.
. "$(dirname "$0")/lib.sh"

# compare NAME: serves NAME/traction.db, signs in as an admin with a
# one-time link and writes NAME.json (cli_api.py)
compare() {
    db=$1/traction.db
    $T --db "$db" user add ann --role admin >/dev/null
    t0=$T
    T="$t0 --db $db"
    serve_start "$1"
    T=$t0
    link=$($T --db "$db" user link ann --base "$B" | head -1)
    curl -s -c "$1.jar" -o /dev/null "$link"
    python3 "$ROOT/tests/cli/cli_api.py" "$T" "$db" "$B" "$1.jar" "$1.json" 2>"$1.err"
    serve_stop "$1"
}
trap 'for s in sim org1 org2; do serve_stop $s; done; rm -rf "$TMP"' EXIT

# result NAME CHECK MIN: the check compared at least MIN figures of NAME
# and found none different
result() {
    python3 - "$@" <<'PY'
import json, sys
name, check, least = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = json.load(open(name + ".json")).get(check, {"compared": 0, "hidden": 0, "bad": []})
for b in r["bad"][:5]:
    print("# " + json.dumps(b)[:600])
print(f"# {name} {check}: {r['compared']} compared, {r['hidden']} hidden in both, {len(r['bad'])} different")
sys.exit(0 if r["compared"] >= least and not r["bad"] else 1)
PY
}

# a simulated organisation with pilots: one scaled (a playbook), one
# retired
$T demo --dir sim --seed 1 --people 1200 --months 6 --no-serve >/dev/null 2>sim-demo.err
T2="$T --db sim/traction.db"
$T2 pilot analyze 1 --json >analysis1.json
$T2 pilot analyze 2 --json >analysis2.json
$T2 pilot decide 1 scale --by "Dana Lee" --why "faster" --learned "templates help" \
    --differently "start with review" >/dev/null
# pilot 2 is retired on its page: the other caller that stores evidence
$T2 user add rex --role admin >/dev/null
t0=$T
T="$t0 --db sim/traction.db"
serve_start sim
T=$t0
curl -s -c rex.jar -o /dev/null "$($T2 user link rex --base "$B" | head -1)"
curl -s -b rex.jar -o page.html "$B/pilots/2"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' page.html | head -1 | sed 's/.*value="//; s/"//')
code -b rex.jar --data-urlencode "csrf=$tok" -d decision=retire --data-urlencode "why=no effect" \
    --data-urlencode "learned=not the bottleneck" --data-urlencode "differently=measure review time" \
    "$B/pilots/2/decide" >/dev/null
serve_stop sim
for p in 1 2; do $T2 pilot show $p --json >show$p.json; done
check "the evidence stored with a decision is the analysis, from the command line and from the page alike" python3 -c '
import json
for p in (1, 2):
    a = json.load(open(f"analysis{p}.json"))
    d = json.load(open(f"show{p}.json"))["decisions"]
    assert len(d) == 1 and d[0]["evidence"] == a, (p, d)
'
compare sim
check "sim: the comparison ran" eval '[ -s sim.json ] && [ ! -s sim.err ]'
check "sim: items --by team --by month: every team page's months" result sim items_team_month 100
check "sim: items --by team: the sum of the months /api shows" result sim items_team 50
check "sim: usage: every team page's approved use" result sim usage 50
check "sim: shadow report: every team page's shadow demand" result sim shadow 50
check "sim: trap: the overview's teams" result sim trap 20
check "sim: portfolio: /api/pilots and the team pages' pilots" result sim portfolio 8
check "sim: pilot analyze: every /api/pilots/N" result sim pilot 8
check "sim: playbook --format json: /api/playbooks and /api/playbooks/N" result sim playbook 3
check "sim: learning: /api/learning" result sim learning 1

# the awkward organisations of the audit, two seeds
for s in 1 2; do
    mkdir org$s
    python3 "$ROOT/tests/cli/gen_orgs.py" $s org$s >/dev/null || exit 1
    T2="$T --db org$s/traction.db"
    $T2 init >/dev/null
    $T2 import roster org$s/roster.csv --as-of 2024-12-01 >/dev/null
    $T2 import usage --format generic org$s/usage.csv >/dev/null
    $T2 shadow scan --format squid org$s/access.log >/dev/null
    $T2 import items org$s/items.csv --source t >/dev/null
    compare org$s
    check "org$s: the comparison ran" eval '[ -s org$s.json ] && [ ! -s org$s.err ]'
    check "org$s: items --by team --by month: every team page's months" result org$s items_team_month 10
    check "org$s: items --by team: the sum of the months /api shows" result org$s items_team 5
    check "org$s: usage: every team page's approved use" result org$s usage 10
    check "org$s: shadow report: every team page's shadow demand" result org$s shadow 5
    check "org$s: trap: the overview's teams" result org$s trap 5
done

finish
