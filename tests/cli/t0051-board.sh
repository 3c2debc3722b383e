#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 20: seats never used, the open questions and the board pack.
# Seats are counted from two seat exports whose seats were counted by
# hand; the open questions are ranked on a workspace built so that each
# tool's chance of a flipped decision is known; the board pack's figures
# are those of value, trap and portfolio --json; refused commands change
# nothing.
. "$(dirname "$0")/lib.sh"
err1() { [ "$(head -n 1 err)" = "$1" ]; }
S=$FIX/telemetry/seats

PY=
for p in python3 /usr/bin/python3; do
    if $p -c 'import scipy' 2>/dev/null; then PY=$p; break; fi
done

# ---- seats ----
# copilot-seats-2026-05.json, as of 2026-05-31 (active: a last activity on
# 2026-05-02 or later): ada (listed twice), brook, cyd, dale, eve active;
# fox (2026-05-01), gil, hal used earlier; ivy, jon, kit never: 11 seats,
# 5 active, 6 unused, 3 never active.
# m365-copilot-2026-05.csv, refreshed 2026-05-28 (active: 2026-04-29 or
# later): amy, ben, cat, ivy, jay and the hashed user active; dan
# (2026-04-28), eli, kay used earlier; fay, gus never; hue has no
# licence: 11 seats, 6 active, 5 unused, 2 never active.
$T init >/dev/null
before=$(dump)
run $T import usage --format copilot-seats "$S/copilot-seats-2026-05.json" --as-of 2026-05-32
check "a bad --as-of is refused" eval 'status_is 2 && err1 "traction: option '\''--as-of'\'': cannot read date '\''2026-05-32'\'' (use YYYY-MM-DD)"'
sed 's/2026-02-02,,,,,,,,Yes/2026-02-02,,,,,,,,maybe/' "$S/m365-copilot-2026-05.csv" >badlic.csv
run $T import usage --format m365-copilot badlic.csv
check "a licence that is neither yes nor no: its line, nothing stored" eval 'status_is 1 && err_is "traction: cannot import '\''badlic.csv'\'': line 6: '\''Has Copilot License'\'' is not yes or no" && [ "$(dump)" = "$before" ]'

run $T import usage --format copilot-seats "$S/copilot-seats-2026-05.json" --as-of 2026-05-31 --json
check "the Copilot seats export: 11 seats (one listed twice)" eval 'status_is 0 && json "j[\"seats\"] == 11 and j[\"rows\"] == 9"'
run $T import usage --format m365-copilot "$S/m365-copilot-2026-05.csv" --json
check "the M365 report: 11 licensed users, the one without a licence not a seat" eval 'status_is 0 && json "j[\"seats\"] == 11 and j[\"rows\"] == 9 and j[\"org_rows\"] == 1"'
check "the store holds counts only: 11, 5 active, 3 never; 11, 6, 2" eval '[ "$(sqlite3 traction.db "SELECT s.month, s.as_of, s.assigned, s.active, s.never FROM usage_seats s JOIN tool t ON t.id = s.tool_id ORDER BY t.name" | tr "\n" " ")" = "2026-05|20604|11|5|3 2026-05|20601|11|6|2 " ]'
$T costs set licence "GitHub Copilot" --month 2026-05 --seat-price 19 --seats 12 >/dev/null
$T costs set licence "Microsoft 365 Copilot" --month 2026-05 --seat-price 30 --seats 11 >/dev/null
run $T value --json
cp out seats.json
check "value: seats assigned, active and never used per tool, with the unused seats' cost; never active under 5 hidden" eval 'status_is 0 && json "j[\"seats\"] == [{\"tool\": \"GitHub Copilot\", \"month\": \"2026-05\", \"as_of\": \"2026-05-31\", \"assigned\": 11, \"active\": 5, \"unused\": 6, \"never_active\": None, \"seat_price\": 19.0, \"unused_cost\": 114.0}, {\"tool\": \"Microsoft 365 Copilot\", \"month\": \"2026-05\", \"as_of\": \"2026-05-28\", \"assigned\": 11, \"active\": 6, \"unused\": 5, \"never_active\": None, \"seat_price\": 30.0, \"unused_cost\": 150.0}]"'
run $T value
check "the text report shows the seats table" eval 'status_is 0 && out_has "GitHub Copilot         2026-05        11       5           6            <5          19          114" && out_has "Microsoft 365 Copilot  2026-05        11       6           5            <5          30          150"'

# an earlier export of the same month is ignored, a later one replaces it
run $T import usage --format copilot-seats "$S/copilot-seats-2026-05.json" --as-of 2026-05-10
check "an earlier export of the month changes nothing" eval 'status_is 0 && [ "$(sqlite3 traction.db "SELECT as_of, active FROM usage_seats WHERE month = '\''2026-05'\'' AND source = '\''copilot-seats'\''")" = "20604|5" ]'
# as of 2026-06-01 (active: 2026-05-03 or later): ada, brook, dale, eve
run $T import usage --format copilot-seats "$S/copilot-seats-2026-05.json" --as-of 2026-06-01
run $T value --json
check "a month with 4 active seats: active and unused both hidden (one is the other's complement)" eval 'json "[s for s in j[\"seats\"] if s[\"month\"] == \"2026-06\"] == [{\"tool\": \"GitHub Copilot\", \"month\": \"2026-06\", \"as_of\": \"2026-06-01\", \"assigned\": 11, \"active\": None, \"unused\": None, \"never_active\": None, \"seat_price\": None, \"unused_cost\": None}]"'
python3 - <<'PY'
import json
seats = [{"created_at": "2026-01-01T00:00:00Z", "last_activity_at": None,
          "assignee": {"login": f"u{i}"}} for i in range(3)]
json.dump({"total_seats": 3, "seats": seats}, open("three.json", "w"))
PY
$T import usage --format copilot-seats three.json --as-of 2026-07-15 >/dev/null
run $T value --json
check "a tool-month with 3 seats: nothing shown" eval 'json "[(s[\"assigned\"], s[\"active\"], s[\"unused\"]) for s in j[\"seats\"] if s[\"month\"] == \"2026-07\"] == [(None, None, None)]"'

# ---- open questions ----
mkdir oq && cd oq || exit 1
python3 "$ROOT/examples/gen_pilots.py" . 700 || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
$T costs set hourly 80 >/dev/null
# the licences first: they add the tools the pilots name
$T costs set licence gemini --month 2025-08 --until 2026-03 --seat-price 20 --seats 10 >/dev/null
$T costs set licence claude --month 2026-01 --until 2026-03 --seat-price 25 --seats 40 >/dev/null
$T costs set licence bard --month 2026-01 --until 2026-03 --seat-price 50 --seats 40 >/dev/null
H="--workflow drafting --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h"
$T pilot new --team Alpha --tool copilot $H >/dev/null
$T pilot new --team Bravo --tool gemini $H >/dev/null
$T pilot new --team Charlie --tool bard $H >/dev/null
$T pilot decide 1 scale --by D --why w --learned l --differently d >/dev/null
$T pilot decide 3 retire --by D --why w --learned l --differently d >/dev/null
sqlite3 traction.db "UPDATE pilot_decision SET at = 1751328000 WHERE pilot_id = 1"
run $T value --json
cp out v0.json
# copilot's licence priced so that its spend over the months with a value
# is one standard error below the value: the chance of a flip is then
# P(T_df < -1); gemini (its pilot not decided) and claude (no pilot) are not
# measured (0.5); bard's pilot was retired (concluded: no question)
price=$(python3 -c 'import json; a = json.load(open("v0.json"))["adoptions"][0]; print(repr((a["value"] - a["value_se"]) / len(a["months"])))')
$T costs set licence copilot --month 2025-07 --until 2026-03 --seat-price "$price" --seats 1 >/dev/null
run $T value --json
cp out v1.json
check "ranked by spend at stake x chance of a flip: copilot, claude, gemini; bard (retired) not open" eval 'status_is 0 && json "[(q[\"rank\"], q[\"tool\"], q[\"evidence\"]) for q in j[\"open_questions\"]] == [(1, \"copilot\", \"scaled\"), (2, \"claude\", \"none\"), (3, \"gemini\", \"running\")]"'
check "unmeasured tools: a coin toss at their latest month's spend" eval 'json "[(q[\"month\"], q[\"spend_month\"], q[\"p_flip\"], q[\"at_stake\"], q[\"value\"]) for q in j[\"open_questions\"][1:]] == [(\"2026-03\", 1000.0, 0.5, 500.0, None), (\"2026-03\", 200.0, 0.5, 100.0, None)]"'
check "each says why it is open and what would settle it" eval 'json "j[\"open_questions\"][1][\"reason\"] == \"spend of 1000 a month and no pilot: its value is not measured\" and j[\"open_questions\"][1][\"settle\"] == \"a pilot of claude: one team, one workflow, one outcome ('"'"'traction pilot new'"'"')\" and j[\"open_questions\"][2][\"settle\"] == \"pilot 2 (Bravo, drafting): reviewed on 2025-07-01, its decision is due\" and j[\"open_questions\"][0][\"settle\"] == \"a replication of playbook 1 in another team, or more months of use, to narrow the interval\""'
if [ -n "$PY" ]; then
    check "copilot: the chance of a flip is P(T_df < -1) (scipy), at stake its price times it" $PY - <<'PY'
import json, sys
from scipy import stats
j = json.load(open("v1.json"))
a = j["adoptions"][0]
q = j["open_questions"][0]
price = (a["value"] - a["value_se"]) / len(a["months"])
p = stats.t.cdf(-1.0, a["effect_df"])
ok = abs(q["p_flip"] - p) < 1e-9 and abs(q["at_stake"] - price * p) < 1e-6 * price
ok &= abs(q["spend"] - price * len(a["months"])) < 1e-6 * price
ok &= abs(q["value"] - a["value"]) < 1e-6 * a["value"] and q["value_df"] == a["effect_df"]
sys.exit(0 if ok else 1)
PY
fi
run $T value
check "the text report lists them with their reasons" eval 'status_is 0 && out_has "  2. claude: 500 at stake a month (1000 x 50%): spend of 1000 a month and no pilot: its value is not measured; settled by a pilot of claude" && out_has "  3. gemini: 100 at stake a month (200 x 50%)"'
# a licence far below the value: the interval is clear of break-even
$T costs set licence copilot --month 2025-07 --until 2026-03 --seat-price 10 --seats 1 >/dev/null
run $T value --json
check "a value clear of its spend is settled: no longer open" eval 'json "[q[\"tool\"] for q in j[\"open_questions\"]] == [\"claude\", \"gemini\"]"'
cd .. || exit 1

# ---- the board pack ----
$T demo --dir demo --people 300 --months 5 --no-serve >demo.log 2>&1 || { not_ok "the demo workspace"; finish; exit 1; }
D="$T --db demo/traction.db"
$D costs set hourly 60 >/dev/null
$D costs set licence "Microsoft 365 Copilot" --month 2026-01 --until 2026-12 --seat-price 30 --seats 300 >/dev/null
$D import usage --format copilot-seats "$S/copilot-seats-2026-05.json" --as-of 2026-05-31 >/dev/null
before=$(dump demo/traction.db)
run $D report --board
check "report --board needs -o" eval 'status_is 2 && err1 "traction: -o FILE.html is needed"'
run $D report -o x.html --json
check "--json is for the board pack" eval 'status_is 2 && err1 "traction: --json is for the board pack (--board)" && [ ! -e x.html ]'
run $D report --board -o nodir/pack.html
check "an -o in a folder that does not exist: an error, no file" eval 'status_is 1 && err_has "nodir/pack.html" && [ ! -e nodir ]'
check "the workspace is unchanged after the refused reports" [ "$(dump demo/traction.db)" = "$before" ]

$D value --json >value.json
$D trap --json >trap.json
$D portfolio --json >portfolio.json
run $D report --board -o pack.html --json
cp out board.json
check "report --board writes the pack and says what it holds" eval 'status_is 0 && [ -s pack.html ] && json "set(j) == {\"made\", \"overview\", \"trap\", \"portfolio\", \"value\", \"voice\"}"'
check "the pack's figures are those of value, trap and portfolio --json" python3 - <<'PY'
import json, sys
b = json.load(open("board.json"))
v, t, p = (json.load(open(f)) for f in ("value.json", "trap.json", "portfolio.json"))
port = dict(b["portfolio"]); port.pop("glance")
ok = b["value"] == v and b["trap"] == t and port == p
ok &= b["voice"] is not None and b["overview"]["headline"]["teams"] == len(t["teams"])
sys.exit(0 if ok else 1)
PY
check "the HTML prints those figures" python3 - <<'PY'
import json, re, sys
b = json.load(open("board.json"))
h = open("pack.html", encoding="utf-8").read()
t, v = b["trap"], b["value"]
count = lambda w: sum(1 for x in t["teams"] if x["verdict"] == w)
ok = f"In week {t['week']}, of {len(t['teams'])} teams shown, <b>{count('real')}</b>" in h
ok &= f"<b>{count('theatre')}</b> are in the mandate trap" in h
ok &= f"Spend {v['total']['spend']:.0f}, realised value" in h
for q in v["open_questions"][:5]:
    ok &= f"<td class=\"n\">{q['at_stake']:.0f}</td>" in h
for s in v["seats"]:
    ok &= f"<td>{s['as_of']}</td><td class=\"n\">{s['assigned']}</td>" in h
for x in b["portfolio"]["pilots"]:
    ok &= f">{x['pilot']}{'*' if x.get('replicates') else ''}</a>" in h
sys.exit(0 if ok else 1)
PY
check "self-contained: inline style, its own CSP, no script, nothing to fetch, A4 print rules" eval 'grep -q "<style>" pack.html && grep -q "Content-Security-Policy\" content=\"default-src '\''none'\''" pack.html && ! grep -qi "<script\|<link\|src=\|url(" pack.html && grep -q "@page{size:A4" pack.html && grep -q "break-before:page" pack.html'
check "spend and value per tool and month are drawn with the interval band" eval 'grep -q "fill-opacity=\"0.25\"" pack.html && grep -q "value, 95% interval" pack.html'
echo precious >target
ln -s target linked.html
run $D report --board -o linked.html
check "a link at -o is replaced by the pack, its target unchanged" eval 'status_is 0 && [ "$(cat target)" = precious ] && [ ! -L linked.html ] && grep -q "Board pack" linked.html'
check "the workspace is unchanged by the reports" [ "$(dump demo/traction.db)" = "$before" ]

finish
