#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 18, items 2 and 3: targets reset while teams learn (recorded,
# audited, validated, listed) and the load on the middle (the counts, the
# overload rule, the order of the org tree, --json, and who sees /load:
# a manager their subtree, an admin all, a viewer nothing).
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
$T import roster "$FIX/roster.csv" --as-of 2026-01-01 >/dev/null
R="targets reset --unit Growth --metric cycle_time"

# ---- targets reset: what is refused, with the workspace unchanged ----
before=$(dump)
refused() { # refused STATUS MESSAGE ARGS...
    _st=$1 _msg=$2
    shift 2
    run $T "$@"
    # a usage error (2) is followed by the usage line
    status_is "$_st" && [ "$(head -1 err)" = "traction: $_msg" ] && [ "$(dump)" = "$before" ]
}
check "a missing --why is refused" eval 'run $T $R --by 10% --from 2026-05-01 --until 2026-07-31; status_is 2 && err_has "traction: targets reset needs --why" && [ "$(dump)" = "$before" ]'
check "an unknown metric is refused" refused 2 "--metric is cycle_time, quality, errors or rework, not 'speed'" targets reset --unit Growth --metric speed --by 10% --from 2026-05-01 --until 2026-07-31 --why w
check "--by must be a percentage (0.1 is not)" refused 2 "--by is a percentage above 0 and at most 100, such as 10%, not '0.1'" $R --by 0.1 --from 2026-05-01 --until 2026-07-31 --why w
check "--by 0% is refused" refused 2 "--by is a percentage above 0 and at most 100, such as 10%, not '0%'" $R --by 0% --from 2026-05-01 --until 2026-07-31 --why w
check "--by 150% is refused" refused 2 "--by is a percentage above 0 and at most 100, such as 10%, not '150%'" $R --by 150% --from 2026-05-01 --until 2026-07-31 --why w
check "a date that is not one is refused" refused 2 "option '--from': cannot read date 'May 1' (use YYYY-MM-DD)" $R --by 10% --from "May 1" --until 2026-07-31 --why w
check "--until before --from is refused" refused 2 "--until 2026-04-01 is before --from 2026-05-01" $R --by 10% --from 2026-05-01 --until 2026-04-01 --why w
check "an unknown unit is refused" refused 1 "unknown team 'Nowhere'" targets reset --unit Nowhere --metric errors --by 5% --from 2026-05-01 --until 2026-07-31 --why w

# ---- recorded, listed, audited ----
run $T $R --by 10% --from 2026-05-01 --until 2026-07-31 --why "learning the assistant"
check "a reset is recorded and said back" eval 'status_is 0 && out_is "reset 1 of '"'"'Growth'"'"': cycle_time relaxed by 10% from 2026-05-01 to 2026-07-31: learning the assistant"'
before=$(dump)
check "an overlapping reset of the same unit and metric is refused, naming the first" refused 1 "the cycle_time target of 'Growth' is already reset from 2026-05-01 to 2026-07-31 (reset 1): one reset per unit, metric and day" $R --by 5% --from 2026-07-31 --until 2026-09-30 --why again
run $T targets reset --unit Growth --metric errors --by 12.5% --from 2026-06-01 --until 2026-06-30 --why "fewer reviews" --json
check "another metric of the same days is fine; --json gives the record" json 'j["id"] == 2 and j["unit"] == "Growth" and j["metric"] == "errors" and j["by"] == 0.125 and j["from"] == "2026-06-01" and j["until"] == "2026-06-30" and j["why"] == "fewer reviews" and j["recorded"].endswith("Z")'
$T targets reset --unit Brand --metric rework --by 20% --from 2026-01-05 --until 2026-01-05 --why "one day" >/dev/null
run $T targets list
check "targets list: by unit, then first day" eval 'status_is 0 && [ "$(sed -n 3p out | awk "{print \$1, \$2, \$3, \$4}")" = "3 Brand rework 20%" ] && [ "$(sed -n 4p out | awk "{print \$1, \$3}")" = "1 cycle_time" ] && [ "$(sed -n 5p out | awk "{print \$1, \$3}")" = "2 errors" ]'
run $T targets list --unit Growth --json
check "targets list --unit --json: that unit's resets only" json '[t["id"] for t in j["targets"]] == [1, 2] and {t["unit"] for t in j["targets"]} == {"Growth"}'
run $T targets list --unit Nowhere
check "targets list --unit names an unknown unit" eval 'status_is 1 && err_is "traction: unknown team '"'"'Nowhere'"'"'"'
run $T audit log --json
check "each reset is on the audit trail, with its details" json '[e["subject"] for e in j["entries"] if e["action"] == "target.reset"] == ["target 1", "target 2", "target 3"] and [e for e in j["entries"] if e["subject"] == "target 1"][0]["details"] == {"unit": "Growth", "metric": "cycle_time", "by": 0.1, "from": "2026-05-01", "until": "2026-07-31", "why": "learning the assistant"}'
run $T audit verify
check "and the chain still verifies" status_is 0

# ---- the load on the middle ----
# pilots as of a fixed day (2026-10-01 = 1790812800): Growth three in
# their window; Brand one in its window and two past their review; Support
# EMEA one in its window with its target reset, and one closed by a
# decision before the day (not counted) and one registered after it
D=1790812800
sqlite3 traction.db "INSERT INTO workflow(name) VALUES ('w'); INSERT INTO tool(name) VALUES ('t');"
pilot() { # pilot UNIT START REVIEW [REPLICATES]
    sqlite3 traction.db "INSERT INTO pilot(unit_id, workflow_id, tool_id, hypothesis, metric, direction, mde, design, alpha, start_at, review_at, replicates, registered_at, plan) SELECT u.id, 1, 1, 'h', 'cycle_time', 'decrease', 0.2, 'before-after', 0.05, $2, $3, ${4:-NULL}, $2, '{}' FROM unit u WHERE u.name = '$1'"
}
W=$((D - 10 * 86400)) E=$((D + 30 * 86400)) P=$((D - 100 * 86400)) Q=$((D - 5 * 86400))
pilot Growth $W $E; pilot Growth $W $E; pilot Growth $W $E 1
pilot Brand $W $E; pilot Brand $P $Q; pilot Brand $P $Q
pilot "Support EMEA" $W $E; pilot "Support EMEA" $W $E
pilot "Support EMEA" $((D + 86400)) $E
sqlite3 traction.db "INSERT INTO pilot_decision(pilot_id, at, decision, recommended, by_name, why, learned, evidence) VALUES (8, $((D - 86400)), 'retire', 'iterate', 'x', 'x', 'x', '{}'); UPDATE pilot SET status = 'retired' WHERE id = 8"
$T targets reset --unit "Support EMEA" --metric cycle_time --by 10% --from 2026-09-01 --until 2026-10-31 --why learning >/dev/null
run $T load --as-of 2026-10-01 --json
check "load --json: units with a manager in the order of the org tree (not by load)" json '[u["unit"] for u in j["units"]] == ["Support EMEA", "Brand", "Growth"] and [u["parent"] for u in j["units"]] == ["Customer Success", "Marketing", "Marketing"] and j["as_of"] == "2026-10-01" and j["wave"] is None'
check "load --json: the counts (pilots, rollouts, decisions due; a closed or later pilot is not counted)" json '[(u["pilots"], u["rollouts"], u["changes"], u["decisions_due"]) for u in j["units"]] == [(1, 0, 1, 0), (1, 0, 1, 2), (2, 1, 3, 0)]'
check "load --json: three changes overload; one change with the same targets and two decisions due overload; a reset unit with one change does not" json '[(u["overloaded"], u["strains"], u["target_reset"]) for u in j["units"]] == [(False, 0, True), (True, 2, False), (True, 1, False)]'
check "load --json: the reasons say why" json 'j["units"][1]["reasons"] == ["piloting with the same targets: no target reset covers the day", "2 pilot decisions due"] and j["units"][2]["reasons"][0] == "3 changes at once (2 pilots, 1 rollout): 3 or more overload a unit on their own" and j["units"][0]["reasons"] == []'
check "load --json: no request pending (counted: 0), learning time 'not recorded' (no plan or calendar in the workspace), no survey yet" json 'all(u["tool_requests"] == 0 and u["learning_time"] == "not recorded" and u["workload"] is None and u["psych_safety"] is None for u in j["units"])'
run $T load --as-of 2026-10-01 --unit Marketing
check "load --unit: the unit's subtree, as a table with the reasons" eval 'status_is 0 && out_has "Brand " && out_has "Growth " && ! out_has "Support EMEA" && out_has "Brand: overloaded" && out_has "  - 2 pilot decisions due" && [ "$(grep -c OVERLOADED out)" = 2 ]'
run $T load --as-of 2026-10-01 --unit Nowhere
check "load --unit names an unknown unit" eval 'status_is 1 && err_is "traction: unknown team '"'"'Nowhere'"'"'"'
run $T load --as-of yesterday
check "load --as-of needs a date" eval 'status_is 2 && [ "$(head -1 err)" = "traction: option '"'"'--as-of'"'"': cannot read date '"'"'yesterday'"'"' (use YYYY-MM-DD)" ]'

# ---- /load: who sees what ----
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Marketing --password-stdin >/dev/null
printf 'manager password\n' | $T user add mia --role manager --unit Growth --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
trap 'serve_stop s1; rm -rf "$TMP"' EXIT
serve_start s1
login ann.jar ann "admin password 1"
login max.jar max "manager password"
login mia.jar mia "manager password"
login vic.jar vic "viewer password!"
units() { python3 -c "import json; print(','.join(u['unit'] for u in json.load(open('body'))['units']))"; }
check "/api/load: an admin sees every managed unit" eval '[ "$(code -b ann.jar "$B/api/load")" = 200 ] && [ "$(units)" = "Support EMEA,Brand,Growth" ]'
check "/api/load: a manager of Marketing sees its subtree" eval '[ "$(code -b max.jar "$B/api/load")" = 200 ] && [ "$(units)" = "Brand,Growth" ]'
check "/api/load: a manager of Growth sees Growth only" eval '[ "$(code -b mia.jar "$B/api/load")" = 200 ] && [ "$(units)" = "Growth" ]'
check "/api/load and /load: a viewer is refused" eval '[ "$(code -b vic.jar "$B/api/load")" = 403 ] && [ "$(code -b vic.jar "$B/load")" = 403 ]'
check "/api/load: nobody signed in is refused" eval 'c=$(code "$B/api/load"); [ "$c" = 401 ] || [ "$c" = 303 ]'
check "/load: the page, in the org tree's order, with the manager's units only" eval '[ "$(code -b max.jar "$B/load")" = 200 ] && grep -q "Load on the middle" body && grep -q ">Brand</a>" body && grep -q ">Growth</a>" body && ! grep -q "Support EMEA" body'
check "/teams/ID: the team page shows its targets reset" eval 'id=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = '"'"'Growth'"'"'"); [ "$(code -b ann.jar "$B/teams/$id")" = 200 ] && grep -q "Targets reset while the team learns" body && grep -q "fewer reviews" body'
finish
