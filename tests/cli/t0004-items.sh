#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Work items: presets on realistic exports, idempotent re-import, updates,
# every bad input refused with line and column (workspace unchanged),
# --skip-bad, and the summary against an independent computation.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
$T import roster "$ROOT/examples/org.csv" --as-of 2025-01-01 >/dev/null
q() { sqlite3 traction.db "$1"; }
item() { q "SELECT $2 FROM work_item i JOIN source s ON s.id = i.source_id WHERE source_key = '$1'"; }

# --- Jira: BOM, CRLF, quoted multi-line descriptions, repeated Labels
run $T import items --preset jira "$ROOT/examples/jira.csv" --json
check "jira: all 24 rows imported" eval 'status_is 0 && json "j[\"rows\"] == 24 and j[\"added\"] == 24"'
# 02/Mar/25 10:07 AM = 2025-03-02T10:07Z = 1740910020; 03/Mar/25 3:07 AM = 1740971220
check "jira: dd/MMM/yy h:mm a dates read in UTC" [ "$(item MKT-101 'started_at || "," || finished_at')" = "1740910020,1740971220" ]
check "jira: Issue Type is the workflow" [ "$(item MKT-101 '(SELECT name FROM workflow WHERE id = workflow_id)')" = Bug ]
check "jira: a label ai:copilot names the tool" [ "$(item MKT-103 '(SELECT name FROM tool WHERE id = tool_id)')" = copilot ]
check "jira: the team comes from the roster via the assignee's alias" [ "$(item MKT-101 '(SELECT name FROM unit WHERE id = unit_id)')" = Growth ]
check "jira: unresolved issues are kept as open items" [ "$(q 'SELECT count(*) FROM work_item WHERE finished_at IS NULL')" = 3 ]

# --- ServiceNow
run $T import items --preset servicenow "$ROOT/examples/servicenow.csv" --json
check "servicenow: all 20 rows imported" eval 'status_is 0 && json "j[\"added\"] == 20"'
check "servicenow: assignment_group is the team" [ "$(item INC001001 '(SELECT name FROM unit WHERE id = unit_id)')" = "Support EMEA" ]
check "servicenow: reopen_count is rework" [ "$(q "SELECT count(*) FROM work_item WHERE source_key LIKE 'INC%' AND rework > 0")" = 5 ]
check "servicenow: category is the workflow" [ "$(item INC001002 '(SELECT name FROM workflow WHERE id = workflow_id)')" = hardware ]
check "servicenow: 'YYYY-MM-DD HH:MM:SS' read in UTC" [ "$(item INC001001 started_at)" = 1743585060 ]

# --- re-import changes nothing; a changed row is updated
items() { q "SELECT source_id, source_key, workflow_id, unit_id, person_id, tool_id, started_at, finished_at, quality, errors, rework, reviewed FROM work_item ORDER BY 1, 2" | sha256sum; }
before=$(items)
run $T import items --preset jira "$ROOT/examples/jira.csv" --json
check "re-importing the same file changes nothing" eval 'status_is 0 && json "j[\"unchanged\"] == 24 and j[\"added\"] == 0 and j[\"updated\"] == 0" && [ "$(items)" = "$before" ]'
run $T import items --preset jira "$ROOT/examples/jira.csv" --tz Europe/Berlin --json
check "a changed row with the same key is updated (here: read in another zone)" eval 'status_is 0 && json "j[\"updated\"] == 24"'
check "--tz Europe/Berlin reads 10:07 in March as 09:07 UTC" [ "$(item MKT-101 started_at)" = 1740906420 ]
run $T import items --preset jira "$ROOT/examples/jira.csv" --source jira-eu --json
check "another --source keeps its own keys" eval 'status_is 0 && json "j[\"added\"] == 24" && [ "$(q "SELECT count(*) FROM work_item")" = 68 ]'

# --- generic with --map and --workflow
printf 'Ticket,Owner,Squad,Opened,Closed,Score\nX-1,alice@example.com,Growth,2025-05-01T08:00:00Z,2025-05-01T20:00:00+02:00,4.5\n' >mapped.csv
run $T import items mapped.csv --source crm --workflow "lead follow-up" --map key=Ticket --map person=Owner --map team=Squad --map started_at=Opened --map finished_at=Closed --map quality=Score
got=$(item X-1 "(finished_at - started_at) || '/' || quality || '/' || (SELECT name FROM workflow WHERE id = workflow_id)")
check "--map and --workflow read a CRM export (offsets honoured)" eval 'status_is 0 && [ "$got" = "36000/4.5/lead follow-up" ]'
run $T import items mapped.csv --map key=Nope
check "--map naming a missing column is refused" eval 'status_is 1 && err_has "no column '"'"'Nope'"'"' (from --map key=Nope)"'
run $T import items mapped.csv --map colour=Ticket
check "--map with an unknown field is a usage error" eval 'status_is 2 && err_has "unknown field '"'"'colour'"'"'"'

# --- bad input: refused with line, column and reason; workspace unchanged
before=$(dump)
H='key,workflow,team,person,started_at,finished_at,quality,errors,rework,tool,reviewed'
good='K-1,w,Growth,bob@example.com,2025-01-01,2025-01-02,3,0,no,,yes'
bad() { # bad NAME ROW EXPECTED
    printf '%s\n%s\n%s\n' "$H" "$good" "$2" >"$1"
    want=$3
    run $T import items "$1"
    check "bad items $1: exact error" eval 'status_is 1 && err_has "$want"'
    check "bad items $1: workspace unchanged" [ "$(dump)" = "$before" ]
}
bad date.csv 'K-2,w,Growth,,2025-01-01,01.02.2025,3,0,no,,yes' "traction: cannot import 'date.csv': line 3, column 6: cannot read date '01.02.2025'"
bad order.csv 'K-2,w,Growth,,2025-01-05,2025-01-02,3,0,no,,yes' "traction: cannot import 'order.csv': line 3, column 6: finished before started"
bad negative.csv 'K-2,w,Growth,,2025-01-01,2025-01-02,3,-1,no,,yes' "traction: cannot import 'negative.csv': line 3, column 8: negative count"
bad team.csv 'K-2,w,Nowhere,,2025-01-01,2025-01-02,3,0,no,,yes' "traction: cannot import 'team.csv': line 3, column 3: unknown team 'Nowhere' (not in the roster)"
bad key.csv ',w,Growth,,2025-01-01,2025-01-02,3,0,no,,yes' "traction: cannot import 'key.csv': line 3, column 1: empty key"
bad dupkey.csv 'K-1,w,Growth,,2025-01-01,2025-01-02,3,0,no,,yes' "traction: cannot import 'dupkey.csv': line 3, column 1: duplicate key 'K-1' in this file"
bad reviewed.csv 'K-2,w,Growth,,2025-01-01,2025-01-02,3,0,no,,maybe' "traction: cannot import 'reviewed.csv': line 3, column 11: reviewed 'maybe' is not yes or no"
bad rework.csv 'K-2,w,Growth,,2025-01-01,2025-01-02,3,0,often,,yes' "traction: cannot import 'rework.csv': line 3, column 9: rework 'often' is neither a count nor yes/no"
bad stranger.csv 'K-2,w,,nobody@example.com,2025-01-01,2025-01-02,3,0,no,,yes' "traction: cannot import 'stranger.csv': line 3, column 4: no team: the person is not in the roster and the row names no team"
bad fields.csv 'K-2,w,Growth' "traction: cannot import 'fields.csv': line 3: expected 11 fields as in the header, found 3"
printf '%s\n%s\nK-2,w,Gro\000wth,,2025-01-01,2025-01-02,3,0,no,,yes\n' "$H" "$good" >nul.csv
run $T import items nul.csv
check "an embedded NUL byte is refused at its field" eval 'status_is 1 && err_has "line 3, column 3: NUL byte in field" && [ "$(dump)" = "$before" ]'
{ printf '%s\n%s\nK-2,w,Growth,,2025-01-01,2025-01-02,3,0,no,"' "$H" "$good"; head -c 10485760 /dev/zero | tr '\0' 'a'; printf '",yes\n'; } >big.csv
run $T import items big.csv
check "a 10 MB field is refused, not truncated" eval 'status_is 1 && err_has "line 3, column 10: record longer than 8388608 bytes" && [ "$(dump)" = "$before" ]'
{ printf '%s\n' "$H"; i=0; while [ $i -lt 150 ]; do printf 'B-%d,w,Growth,,bad-date,,,,,,\n' $i; i=$((i + 1)); done; } >many.csv
run $T import items many.csv
check "up to 100 problems are listed, the rest counted" eval 'status_is 1 && [ "$(grep -c "cannot read date" err)" = 100 ] && err_has "50 more problem(s) not shown" && [ "$(dump)" = "$before" ]'
printf '%s\n' "$H" >header-only.csv
run $T import items header-only.csv
check "a file without rows is refused" eval 'status_is 1 && err_has "no work items in the file"'
printf 'a,b\n1,2\n' >nokey.csv
run $T import items nokey.csv
check "a file without the needed columns names them" eval 'status_is 1 && err_has "line 1: missing column '"'"'key'"'"'" && err_has "missing column '"'"'started_at'"'"'"'

# --- --skip-bad: good rows in, bad rows out with a reason
printf '%s\n%s\nK-2,w,Nowhere,,2025-01-01,2025-01-02,3,0,no,,yes\nK-3,w,Growth,,2025-01-01,2025-01-03,,,,,\n"K-4, quoted",w,Growth,,2025-01-09,2025-01-02,,,,,\n' "$H" "$good" >mixed.csv
run $T import items mixed.csv --source mixed --skip-bad --json
check "--skip-bad imports the good rows" eval 'status_is 0 && json "j[\"added\"] == 2 and j[\"rejected\"] == 2 and j[\"rejects_file\"] == \"mixed.csv.rejects.csv\""'
# rows refused by the store (unknown team) follow those refused while parsing
sorted_rejects() { head -1 mixed.csv.rejects.csv; tail -n +2 mixed.csv.rejects.csv | sort; }
check "--skip-bad writes rejects with the original fields and a reason" eval '[ "$(sorted_rejects)" = "$(printf "%s,reason\n\"K-4, quoted\",w,Growth,,2025-01-09,2025-01-02,,,,,,\"line 5, column 6: finished before started\"\nK-2,w,Nowhere,,2025-01-01,2025-01-02,3,0,no,,yes,\"line 3, column 3: unknown team '"'"'Nowhere'"'"' (not in the roster)\"" "$H")" ]'

# --- many rows: batched inserts still find duplicates and single changes
{ printf '%s\n' "$H"; i=0; while [ $i -lt 300 ]; do printf 'M-%d,w,Growth,,2025-02-01,2025-02-0%d,%d,0,no,,yes\n' $i $((2 + i % 7)) $((i % 5)); i=$((i + 1)); done; } >many-ok.csv
run $T import items many-ok.csv --source many --json
check "300 rows import in batches" eval 'status_is 0 && json "j[\"added\"] == 300"'
sed 's/^M-150,w,Growth,,2025-02-01,2025-02-0\([0-9]\),0,/M-150,w,Growth,,2025-02-01,2025-02-0\1,4,/' many-ok.csv >many-changed.csv
run $T import items many-changed.csv --source many --json
check "one changed row among 300 is the only update" eval 'status_is 0 && json "j[\"updated\"] == 1 and j[\"unchanged\"] == 299"'
before=$(dump)
{ cat many-ok.csv; echo 'M-7,w,Growth,,2025-02-01,2025-02-03,1,0,no,,yes'; } | sed 's/^M-/N-/' >dup-late.csv
run $T import items dup-late.csv --source many
check "a duplicate 295 rows after its first use is found" eval 'status_is 1 && err_is "traction: cannot import '"'"'dup-late.csv'"'"': line 302, column 1: duplicate key '"'"'N-7'"'"' in this file" && [ "$(dump)" = "$before" ]'

# --- summary: suppression and an independent computation
python3 "$ROOT/tests/cli/gen_items.py" 11 3000 . || exit 1
mkdir gen && cd gen && mv ../gen-* . && $T init >/dev/null
$T import roster gen-roster.csv --as-of 2025-06-01 >/dev/null 2>&1
run $T import items gen-items.csv --source gen
check "a generated file of 3000 items imports" eval 'status_is 0 && out_has "3000 added"'
run $T items summary --by team --since 2025-01-01 --until 2025-12-31 --json
cp out summary.json
cat >cmp.py <<'PY'
import json, sys
got = {g["group"]["team"]: g for g in json.load(open("summary.json"))}
exp = json.load(open("gen-expect.json"))
bad = []
for team, e in exp.items():
    if team in ("Tiny", "Gamma"):
        # Tiny has 3 people: not under its name (nor its root's, 3 too);
        # Gamma (5, the smallest shown) is hidden with it; neither listed
        if team in got:
            bad.append(team + " listed")
        continue
    g = got[team]
    for k, v in e.items():
        if abs(g[k] - v) > 1e-9 * max(1, abs(v)):
            bad.append(f"{team} {k}: {g[k]} != {v}")
bad += [t for t in got if t not in exp]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "summary medians, p90s and rates match an independent computation to 1e-9" python3 cmp.py
check "summary JSON has the documented keys" eval 'json "set(j[0]) == {\"group\",\"items\",\"people\",\"cycle_h_median\",\"cycle_h_p90\",\"quality_mean\",\"error_rate\",\"rework_rate\",\"ai_share\"}"'
run $T items summary --by team
check "text summary lists no hidden group, and counts them" eval 'status_is 0 && ! grep -q "^Tiny" out && ! grep -q "^Gamma" out && out_has "2 group(s) not shown"'
run $T items summary --by team --min-people 3
check "--min-people cannot loosen the threshold" eval 'status_is 2 && err_has "never looser"'
run $T items summary --by team --min-people 8 --json
check "--min-people can tighten it" eval 'json "not any(g[\"group\"][\"team\"] in (\"Alpha\", \"Beta\") for g in j)"'
run $T items summary --by month --by tool --since 2025-03-01 --until 2025-04-01 --json
check "--since/--until and --by month select one month" eval 'status_is 0 && json "{g[\"group\"][\"month\"] for g in j} == {\"2025-03\"}"'

# --- what each import changed, listed for the dashboard's items in memory
changes() { sqlite3 traction.db "SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || sum(source_id = 0) FROM work_item_change"; }
check "the 3000 added items are listed under their import" eval '[ "$(changes)" = "3000 1 0" ]'
run $T import items gen-items.csv --source gen
check "an import that changes nothing lists nothing" eval 'status_is 0 && out_has "3000 unchanged" && [ "$(changes)" = "3000 1 0" ]'
{ head -3 gen-items.csv | sed 's/,yes$/,no/'; echo "G-new,drafting,alpha1@gen.example,1735689600,1735776000,3,0,no,,yes"; } >three.csv
run $T import items three.csv --source gen
check "an import lists the items it added or changed, not those it only saw" eval 'status_is 0 && out_has "1 added, 2 updated" && [ "$(changes)" = "3003 2 0" ] && [ "$(sqlite3 traction.db "SELECT group_concat(source_key, \" \") FROM work_item_change WHERE seq = (SELECT max(seq) FROM work_item_change)")" = "G-0 G-1 G-new" ]'
python3 "$ROOT/tests/cli/gen_items.py" 12 10001 .. || exit 1
run $T import items ../gen-items.csv --source big
check "an import of more than 10000 changes is listed as 'all'" eval 'status_is 0 && out_has "10001 added" && [ "$(changes)" = "3004 3 1" ]'
finish
