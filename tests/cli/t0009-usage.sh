#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Approved-tool telemetry: every sample format, exact weekly aggregates on
# generated data, idempotent re-import, organisation-level rows for hashed
# identifiers, suppression, nothing raw stored, bad input refused.
. "$(dirname "$0")/lib.sh"

TD=$FIX/telemetry
$T init >/dev/null
# twelve people in Dev (two known by their GitHub logins), three in Ops
{
    echo "id,aliases,team,manager"
    i=0
    while [ $i -lt 12 ]; do echo "dev$i@corp.example,gh-dev$i,Dev,no"; i=$((i + 1)); done
    echo "hubot@corp.example,hubot,Dev,no"
    echo "monalisa@corp.example,monalisa,Ops,no"
    echo "ops1@corp.example,,Ops,no"
    echo "ops2@corp.example,,Ops,no"
} >roster.csv
$T import roster roster.csv --as-of 2025-01-01 >/dev/null

# samples
run $T import usage --format copilot-users "$TD/copilot-metrics-viewer/new-api/organization-users-28-day-report.json" --json
check "copilot-users: the report JSON's day_totals" eval 'status_is 0 && json "j[\"rows\"] == 90 and j[\"matched\"] == 16 and j[\"unmatched\"] == 74"'
run $T import usage --format copilot-users "$TD/copilot-metrics-viewer/new-api/organization-users-1-day-report.json" --json
check "copilot-users: a 1-day report" eval 'status_is 0 && json "j[\"rows\"] > 0"'
python3 -c "import json; [print(json.dumps(r)) for r in json.load(open('$TD/copilot-metrics-viewer/new-api/organization-users-1-day-report.json'))['day_totals']]" >users.ndjson
run $T import usage --format copilot-users users.ndjson --json
check "copilot-users: NDJSON, one object per line" eval 'status_is 0 && json "j[\"rows\"] > 0"'
run $T import usage --format copilot-seats "$TD/copilot-metrics-viewer/organization_seats_response_sample.json" --json
check "copilot-seats: last activity dates, seats never used skipped" eval 'status_is 0 && json "j[\"matched\"] == 2"'
run $T import usage --format copilot-legacy "$TD/copilot-metrics-viewer/organization_metrics_response_sample.json" --json
check "copilot-legacy: organisation level only" eval 'status_is 0 && json "j[\"org_rows\"] == 21 and j[\"rows\"] == 0"'
run $T import usage --format m365-copilot "$TD/msgraph/m365-copilot-usage-userdetail.example.fixed.json" --json
check "m365-copilot JSON: hashed identifiers count at organisation level" eval 'status_is 0 && json "j[\"org_rows\"] > 0 and j[\"rows\"] == 0"'
{ printf '\n  '; cat "$TD/msgraph/m365-copilot-usage-userdetail.example.fixed.json"; } >spaced.json
run $T import usage --format m365-copilot spaced.json --json
check "m365-copilot JSON after leading whitespace is still JSON" eval 'status_is 0 && json "j[\"org_rows\"] > 0"'
before=$(dump)
run $T import usage --format m365-copilot "$TD/msgraph/m365-copilot-usage-userdetail.example.json"
check "m365-copilot: Microsoft's own example has a trailing comma: line and column" eval 'status_is 1 && err_has "line 20, column 17" && [ "$(dump)" = "$before" ]'
run $T import usage --format m365-copilot "$TD/msgraph/m365-copilot-usage-userdetail.example.csv"
check "m365-copilot CSV with a header only: no rows" eval 'status_is 1 && err_has "no usage rows"'
printf 'Report Refresh Date,Report Period,User Principal Name,Display Name,Last Activity Date,Microsoft Teams Copilot Last Activity Date,Word Copilot Last Activity Date,Excel Copilot Last Activity Date,PowerPoint Copilot Last Activity Date,Outlook Copilot Last Activity Date,OneNote Copilot Last Activity Date,Loop Copilot Last Activity Date,Copilot Chat Last Activity Date\n2026-11-25,7,ops1@corp.example,Ops One,2026-11-24,2026-11-24,,,,2026-11-20,,,\n2026-11-25,7,DC8C64D6EC3A3AA17481D7E5EB5B68A6,C65E8D8AFA0DAB9639EDFAAEA94AFE66,2026-11-23,,,,,,,,2026-11-23\n' >m365.csv
run $T import usage --format m365-copilot m365.csv --json
check "m365-copilot CSV: a named user matched, a hashed one at organisation level" eval 'status_is 0 && json "j[\"matched\"] == 2 and j[\"org_rows\"] == 1"'

# generated data with known truth: recent days, inside the retention window
python3 - <<'PY'
import datetime, json, random
rnd = random.Random(4)
today = datetime.date.today()
monday = today - datetime.timedelta(days=today.weekday() + 7)   # last week
rows, truth = [], {}
for i in range(12):
    days = sorted(rnd.sample(range(7), rnd.choice([1, 2, 3, 5])))
    inter = 0
    for d in days:
        n = rnd.randrange(1, 30)
        inter += n
        rows.append(((monday + datetime.timedelta(days=d)).isoformat(), f"gh-dev{i}", n))
    truth[i] = (len(days), inter)
with open("gen.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for day, who, n in rows:
        fp.write(f"{day},{who},Claude Enterprise,yes,{n}\n")
    fp.write(f"{monday.isoformat()},stranger,Claude Enterprise,yes,9\n")
exp = {"people": 12, "active_days": sum(d for d, _ in truth.values()),
       "interactions": sum(n for _, n in truth.values()),
       "light_people": sum(1 for d, _ in truth.values() if d <= 1),
       "week": "%d-W%02d" % monday.isocalendar()[:2]}
json.dump(exp, open("expect.json", "w"))
PY
run $T import usage --format generic gen.csv --json
check "generic CSV imports; a stranger is counted, not stored" eval 'status_is 0 && json "j[\"unmatched\"] == 1"'
week=$(python3 -c "import json; print(json.load(open('expect.json'))['week'])")
run $T usage --week "$week" --json
cp out usage.json
check "weekly people, depth, registration-only share and interactions are exact" python3 -c "
import json, sys
e = json.load(open('expect.json'))
c = [c for c in json.load(open('usage.json')) if c['team'] == 'Dev' and c['tool'] == 'Claude Enterprise'][0]
ok = (c['active_people'] == e['people'] and abs(c['days_per_person'] - e['active_days'] / e['people']) < 1e-12
      and abs(c['registration_only_share'] - e['light_people'] / e['people']) < 1e-12 and c['interactions'] == e['interactions'])
sys.exit(0 if ok else 1)"
tables() { sqlite3 traction.db "SELECT * FROM usage_day ORDER BY 1,2,3; SELECT * FROM usage_week ORDER BY 1,2,3; SELECT * FROM usage_org_day ORDER BY 1,2,3" | sha256sum; }
t1=$(tables)
$T import usage --format generic gen.csv >/dev/null
$T import usage --format m365-copilot m365.csv >/dev/null
check "re-importing the same files changes no telemetry" [ "$(tables)" = "$t1" ]
run $T usage --json
check "teams under 10 people are not listed under their name" eval 'json "j and not any(c[\"team\"] == \"Ops\" for c in j)"'
sqlite3 traction.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
check "no login, UPN or hashed identifier is stored" eval '! cat traction.db traction.db-wal 2>/dev/null | grep -aqiE "gh-dev|hubot|monalisa|corp\.example|DC8C64D6"'

before=$(dump)
printf 'day,person,tool,active\n2026-13-01,gh-dev1,X,yes\n2026-11-20,,X,yes\n2026-11-20,gh-dev2,X,perhaps\n' >bad.csv
run $T import usage --format generic bad.csv
check "bad generic rows are refused with line and column; nothing stored" eval 'status_is 1 && err_has "line 2, column 1: unreadable day" && err_has "line 3, column 2: empty person" && err_has "line 4, column 4" && [ "$(dump)" = "$before" ]'
printf '{"day_totals": [{"day": "2026-11-20"}]}' >nologin.json
run $T import usage --format copilot-users nologin.json
check "a Copilot record without a login is refused" eval 'status_is 1 && err_has "without '"'"'user_login'"'"'"'
run $T import usage --format slack-ai gen.csv
check "an unknown format is a usage error" eval 'status_is 2 && err_has "--format"'
finish
