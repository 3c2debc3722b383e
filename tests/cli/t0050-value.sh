#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Costs and realised value: bad costs are refused with exact messages and
# leave the workspace unchanged; a scaled pilot's realised value is
# reproduced exactly by an independent numpy/scipy computation from the
# work items themselves and the exported effect; a tool with spend and no
# scaled pilot has value null ("not measured"), never 0.
. "$(dirname "$0")/lib.sh"
# the message (a usage error adds the command's usage line under it)
err1() { [ "$(head -n 1 err)" = "$1" ]; }

# a python with numpy and scipy (the system's, when the default has none)
PY=
for p in python3 /usr/bin/python3; do
    if $p -c 'import numpy, scipy' 2>/dev/null; then PY=$p; break; fi
done

python3 "$ROOT/examples/gen_pilots.py" . 700 || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null

run $T value --json
check "no pilots and no costs: nothing measured, no spend, and it says why" eval 'status_is 0 && json "j[\"tools\"] == [] and j[\"total\"][\"value\"] is None and j[\"total\"][\"spend\"] is None and j[\"method\"] == \"delta\" and any(\"No hourly cost\" in c for c in j[\"caveats\"])"'

before=$(dump)
run $T costs set licence copilot --month 2025-13 --seat-price 30 --seats 5
check "a month that is not one is refused" eval 'status_is 2 && err1 "traction: --month: '\''2025-13'\'' is not a month (YYYY-MM)"'
run $T costs set licence copilot --month 2025-07 --seat-price 30
check "a licence needs its seats (traction stores no seat counts)" eval 'status_is 2 && err1 "traction: costs set licence needs --month, --seat-price and --seats"'
run $T costs set licence copilot --month 2025-07 --until 2025-06 --seat-price 30 --seats 5
check "a range that ends before it begins is refused" eval 'status_is 2 && err1 "traction: --until 2025-06 comes before --month 2025-07"'
run $T costs set licence copilot --month 2025-07 --seat-price -3 --seats 5
check "a negative price is refused" eval 'status_is 2 && err1 "traction: --seat-price: '\''-3'\'' is not an amount (a number from 0 to 1e+09)"'
run $T costs set licence copilot --month 2025-07 --seat-price 3 --seats 2.5
check "seats are a whole number" eval 'status_is 2 && err1 "traction: --seats: '\''2.5'\'' is not a seat count (0 to 10000000)"'
run $T costs set hourly abc
check "an hourly cost must be an amount" eval 'status_is 2 && err1 "traction: hourly cost: '\''abc'\'' is not an amount (a number from 0 to 1e+09)"'
run $T costs set hourly 80 --seats 3
check "licence options are refused for an hourly cost" eval 'status_is 2 && err1 "traction: --month, --until, --seat-price and --seats are for licence costs"'
run $T costs set event bugs 100
check "only errors and rework have a cost per event" eval 'status_is 2 && err1 "traction: no event '\''bugs'\'': errors or rework"'
run $T costs set salary 100
check "an unknown kind of cost is refused" eval 'status_is 2 && err1 "traction: no cost kind '\''salary'\'': licence, hourly or event"'
check "the workspace is unchanged after every refused cost" [ "$(dump)" = "$before" ]

run $T costs set hourly 80
check "the organisation's hourly cost is set" eval 'status_is 0 && out_is "an hour of work costs 80 (the organisation'\''s figure)"'
run $T costs set hourly 95 --function Engineering
check "a function's hourly cost is set" eval 'status_is 0 && out_is "an hour of work costs 95 in Engineering"'
run $T costs set licence copilot --month 2025-07 --until 2025-12 --seat-price 30 --seats 50
check "a licence over a range of months" eval 'status_is 0 && out_is "licence of copilot: 50 seats at 30 a month, 2025-07 to 2025-12"'
run $T costs set licence gemini --month 2025-08 --seat-price 20 --seats 10 --json
check "costs set --json lists every cost" eval 'status_is 0 && json "len(j[\"licences\"]) == 7 and j[\"licences\"][6] == {\"tool\": \"gemini\", \"month\": \"2025-08\", \"seat_price\": 20.0, \"seats\": 10} and j[\"hourly\"] == [{\"function\": None, \"amount\": 80.0}, {\"function\": \"Engineering\", \"amount\": 95.0}] and j[\"events\"] == []"'
run $T costs list
check "costs list shows them as a table" eval 'status_is 0 && out_has "licence 2025-08  gemini" && out_has "hour of work     (organisation)      80"'

# pilot 1 (Alpha, cycle time -40%) is scaled; the decision is dated at the
# review, so the months from 2025-07 count
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01"
$T pilot new --team Alpha $H --hypothesis h >/dev/null
$T pilot new --team Bravo --workflow drafting --tool gemini --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h >/dev/null
$T pilot decide 1 scale --by D --why w --learned l --differently d >/dev/null
sqlite3 traction.db "UPDATE pilot_decision SET at = 1751328000 WHERE pilot_id = 1"
run $T value --json
cp out value.json
check "the scaled pilot's months since the decision are counted, with an interval" eval 'status_is 0 && json "[a[\"pilot\"] for a in j[\"adoptions\"]] == [1] and j[\"adoptions\"][0][\"months\"][0][\"month\"] == \"2025-07\" and j[\"adoptions\"][0][\"value_low\"] < j[\"adoptions\"][0][\"value\"] < j[\"adoptions\"][0][\"value_high\"] and j[\"adoptions\"][0][\"unit_cost\"] == 80"'
check "a tool with spend and a running pilot only: value null, named as spend without evidence" eval 'json "[t for t in j[\"tools\"] if t[\"tool\"] == \"gemini\"][0][\"value\"] is None and [t for t in j[\"tools\"] if t[\"tool\"] == \"gemini\"][0][\"evidence\"] == \"running\" and j[\"spend_without_evidence\"] == [\"gemini\"] and j[\"total\"][\"spend\"] == 9200"'
if [ -n "$PY" ]; then
    check "numpy/scipy reproduce the realised value from the items and the exported effect" $PY - <<'PY'
import csv, json, sys
from datetime import datetime, timezone
import numpy as np
from scipy import stats
j = json.load(open("value.json"))
a = j["adoptions"][0]
# the hours of Alpha's finished drafting items by month of finishing
hours = {}
for r in csv.DictReader(open("items.csv")):
    if r["team"] != "Alpha" or r["workflow"] != "drafting" or not r["finished_at"]:
        continue
    f = int(r["finished_at"])
    m = datetime.fromtimestamp(f, timezone.utc).strftime("%Y-%m")
    if m >= "2025-07":
        hours[m] = hours.get(m, 0.0) + (f - int(r["started_at"])) / 3600
shown = [m["month"] for m in a["months"]]
vol = np.array([hours[m] for m in shown])
ok = np.allclose(vol, [m["volume"] for m in a["months"]], rtol=1e-12)
# the last month (2 days) has too few people: hidden, not counted
ok &= a["hidden_team_months"] == 1 and set(hours) - set(shown) == {"2026-03"}
th, se, df, c = a["effect"], a["effect_se"], a["effect_df"], a["unit_cost"]
v = np.expm1(-th) * vol * c
s = np.exp(-th) * vol * c * se
q = stats.t.ppf(0.975, df)
ok &= np.allclose(v, [m["value"] for m in a["months"]], rtol=1e-12)
ok &= np.allclose(s, [m["value_se"] for m in a["months"]], rtol=1e-12)
ok &= np.isclose(v.sum(), a["value"], rtol=1e-12)
ok &= np.isclose(v.sum() - q * s.sum(), a["value_low"], rtol=1e-12)
ok &= np.isclose(v.sum() + q * s.sum(), a["value_high"], rtol=1e-12)
t = [t for t in j["tools"] if t["tool"] == "copilot"][0]
ok &= np.isclose(t["value"], v.sum(), rtol=1e-12) and t["spend"] == 9000
ok &= np.isclose(j["total"]["value"], v.sum(), rtol=1e-12)
# the relative change the pilot shows is exp(effect) - 1
ok &= np.isclose(np.expm1(th), a["relative"], rtol=1e-12)
sys.exit(0 if ok else 1)
PY
else
    check "numpy/scipy reproduce the realised value (skipped: no numpy)" true
fi
run $T value
check "the text report names spend, value, interval and the caveats" eval 'status_is 0 && out_has "copilot  2025-07   1500" && out_has "gemini   total      200  not measured" && out_has "pilot 1: Alpha, drafting with copilot, cycle_time" && out_has "Spend without evidence (no scaled pilot): gemini." && out_has "Cycle time is elapsed time, not effort"'

# the dashboard's page and its JSON twin: the same builder as the CLI's
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
serve_start srv
login ann.jar ann 'admin password 1'
login vic.jar vic 'viewer password!'
check "/value shows spend, value with its interval, the chart and the caveats" eval '[ "$(code -b ann.jar "$B/value")" = 200 ] && grep -q "<h1>Value: licence spend beside measured effects</h1>" body && grep -q "<svg" body && grep -q "not measured" body && grep -q "<h2>Caveats</h2>" body'
check "/api/value is the JSON the CLI prints" eval '[ "$(code -b ann.jar "$B/api/value")" = 200 ] && python3 -c "
import json, math
a = json.load(open(\"body\")); c = json.load(open(\"value.json\"))
ok = [t[\"tool\"] for t in a[\"tools\"]] == [t[\"tool\"] for t in c[\"tools\"]]
ok = ok and math.isclose(a[\"total\"][\"value\"], c[\"total\"][\"value\"], rel_tol=1e-6)
ok = ok and a[\"caveats\"] == c[\"caveats\"]
raise SystemExit(0 if ok else 1)"'
check "a viewer (organisation level only) gets 403 for the value page" eval '[ "$(code -b vic.jar "$B/value")" = 403 ] && [ "$(code -b vic.jar "$B/api/value")" = 403 ]'
serve_stop srv

# a replication of pilot 1's playbook in Charlie (cycle time -30%), scaled
# at its review: it counts with its own effect, and the tool's total sums
# the two pilots as independent estimates
$T playbook 1 --rollout Charlie --start 2025-04-01 --review 2025-07-01 >/dev/null
rep=$(sqlite3 traction.db "SELECT id FROM pilot WHERE replicates = 1")
$T pilot decide "$rep" scale --by D --why w --learned l --differently d >/dev/null
sqlite3 traction.db "UPDATE pilot_decision SET at = 1751328000 WHERE pilot_id = $rep"
run $T value --json
cp out value2.json
check "the scaled replication is an adoption of its own, linked to the playbook" eval 'json "[(a[\"pilot\"], a[\"replicates\"], a[\"team\"]) for a in j[\"adoptions\"]] == [(1, None, \"Alpha\"), ($rep, 1, \"Charlie\")] and j[\"adoptions\"][1][\"effect\"] != j[\"adoptions\"][0][\"effect\"]"'
if [ -n "$PY" ]; then
    check "numpy/scipy reproduce the sum over two adoptions (Welch-Satterthwaite df, by month and in total)" $PY - <<'PY'
import json, sys
import numpy as np
from scipy import stats
j = json.load(open("value2.json"))
ad = j["adoptions"]
def interval(v, s, d):
    v, s, d = np.array(v), np.array(s), np.array(d, dtype=float)
    var = (s ** 2).sum()
    df = var ** 2 / ((s ** 4) / d).sum()
    q = stats.t.ppf(0.975, df)
    return v.sum(), np.sqrt(var), df, v.sum() - q * np.sqrt(var), v.sum() + q * np.sqrt(var)
ok = True
for a in ad:  # each adoption's own months from its own effect
    vol = np.array([m["volume"] for m in a["months"]])
    v = np.expm1(-a["effect"]) * vol * a["unit_cost"]
    ok &= np.allclose(v, [m["value"] for m in a["months"]], rtol=1e-12)
want = interval([a["value"] for a in ad], [a["value_se"] for a in ad], [a["effect_df"] for a in ad])
t = [t for t in j["tools"] if t["tool"] == "copilot"][0]
got = (t["value"], t["value_se"], t["value_df"], t["value_low"], t["value_high"])
ok &= np.allclose(got, want, rtol=1e-9)
ok &= np.allclose([j["total"][k] for k in ("value", "value_se", "value_df", "value_low", "value_high")], want, rtol=1e-9)
m = [m for m in t["months"] if m["month"] == "2025-09"][0]
parts = [[x for x in a["months"] if x["month"] == "2025-09"][0] for a in ad]
want = interval([p["value"] for p in parts], [p["value_se"] for p in parts], [a["effect_df"] for a in ad])
ok &= np.allclose((m["value"], m["value_se"], m["value_df"], m["value_low"], m["value_high"]), want, rtol=1e-9)
sys.exit(0 if ok else 1)
PY
fi

# a pilot scaled today has no month to count yet: said, not zero
$T pilot decide 2 scale --by D --why w --learned l --differently d >/dev/null
run $T value --json
check "a pilot scaled today: no month counted, its value null with the reason" eval 'json "[a for a in j[\"adoptions\"] if a[\"pilot\"] == 2][0][\"value\"] is None and [a for a in j[\"adoptions\"] if a[\"pilot\"] == 2][0][\"note\"].startswith(\"no month to count\") and j[\"spend_without_evidence\"] == []"'

# without an hourly cost the same pilot is not counted: not measured
sqlite3 traction.db "DELETE FROM cost_hourly"
run $T value --json
check "no hourly cost: the adoption says so and its value is null" eval 'json "j[\"adoptions\"][0][\"value\"] is None and j[\"adoptions\"][0][\"note\"].startswith(\"no hourly cost set\") and j[\"total\"][\"value\"] is None"'

# costs from a CSV: all of it or none of it, every problem located
printf 'kind,of,month,amount,seats\nlicence,copilot,2025-07,30,50\nlicence,,2025-13,-1,x\nevent,bugs,,1,\nhourly,,2025-01,80,\n' >bad.csv
before=$(dump)
run $T import costs bad.csv
check "a bad costs file: each problem with its line and column" eval 'status_is 1 && err_is "traction: cannot import '\''bad.csv'\'': line 3, column 4: amount must be a number from 0 to 1e+09
traction: cannot import '\''bad.csv'\'': line 4, column 2: an event is errors or rework
traction: cannot import '\''bad.csv'\'': line 5, column 3: only licences have a month"'
check "the workspace is unchanged after the refused file (its good first row too)" [ "$(dump)" = "$before" ]
printf 'of,amount\n' >nohdr.csv
run $T import costs nohdr.csv
check "a costs file without its columns is refused" eval 'status_is 1 && err_is "traction: cannot import '\''nohdr.csv'\'': line 1: the costs file needs columns kind, of and amount (and month, seats for licences)"'
printf 'kind,of,month,amount,seats\nlicence,claude,2025-07,25,40\nhourly,,,80,\nhourly,Sales,,70,\nevent,rework,,300,\n' >good.csv
run $T import costs good.csv
check "a costs file is imported row by row as costs set would" eval 'status_is 0 && out_is "imported 4 costs from '\''good.csv'\''" && [ "$(sqlite3 traction.db "SELECT seat_price, seats FROM cost_licence c JOIN tool t ON t.id = c.tool_id WHERE t.name = '\''claude'\''")" = "25.0|40" ] && [ "$(sqlite3 traction.db "SELECT group_concat(function || '\''='\'' || amount, '\'' '\'') FROM (SELECT * FROM cost_hourly ORDER BY function)")" = "=80.0 Sales=70.0" ] && [ "$(sqlite3 traction.db "SELECT amount FROM cost_event WHERE metric = '\''rework'\''")" = 300.0 ]'
run $T value --json
check "the imported licence is spend without evidence" eval 'json "\"claude\" in j[\"spend_without_evidence\"]"'

finish
