#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The audit trail (issue 18, item 7): every state change is appended to a
# hash chain whose head is kept beside the key file; `audit verify` finds
# an edited, removed, reordered or cut-off entry and a replaced database,
# each made here with sqlite3 on a copy, and names the entry.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . || exit 1
$T init >/dev/null
run $T audit verify
check "a new workspace has no entries and no head yet" eval 'status_is 0 && out_is "0 entries, no head file yet (traction.audit-head)" && [ ! -e traction.audit-head ]'
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
$T pilot new --team Alpha $H --hypothesis "drafts get faster" >/dev/null
$T pilot extend 1 --review 2025-08-01 --why "slow start" >/dev/null
$T pilot decide 1 scale --by "Dana Lee" --why "clear win" --learned l --differently d >/dev/null
$T catalog mark ChatGPT approved >/dev/null
$T survey open --instrument pulse --units Alpha --until 2099-01-01 --name w1 >/dev/null
$T survey close --wave w1 >/dev/null
$T user add ann --role admin >/dev/null
echo 'a long enough password 1' | $T user password ann >/dev/null
$T user disable ann >/dev/null
$T user enable ann >/dev/null
sqlite3 traction.db ".backup snap.db" # 12 entries: the replaced database below
$T user remove ann >/dev/null

run $T audit log --json
check "a sequence of commands yields its actions in order" eval 'status_is 0 && json "[e[\"action\"] for e in j[\"entries\"]] == [\"import\", \"import\", \"pilot.new\", \"pilot.deviation\", \"pilot.decide\", \"catalog.mark\", \"survey.open\", \"survey.close\", \"user.add\", \"user.password\", \"user.disable\", \"user.enable\", \"user.remove\"] and [e[\"seq\"] for e in j[\"entries\"]] == list(range(1, 14))"'
check "the subjects name what changed" eval 'json "[e[\"subject\"] for e in j[\"entries\"]] == [\"roster.csv\", \"items.csv\", \"pilot 1\", \"pilot 1\", \"pilot 1\", \"ChatGPT\", \"w1\", \"w1\", \"ann\", \"ann\", \"ann\", \"ann\", \"ann\"]"'
sum=$(sha256sum roster.csv | cut -c1-64)
check "an import records its kind, file, SHA-256 and rows" eval "json 'j[\"entries\"][0][\"details\"] == {\"kind\": \"roster\", \"file\": \"roster.csv\", \"sha256\": \"$sum\", \"rows\": 45, \"detail\": None}'"
isum=$(sha256sum items.csv | cut -c1-64)
check "an items import's SHA-256 (taken as the reader goes) is the file's" eval "json 'j[\"entries\"][1][\"details\"][\"sha256\"] == \"$isum\"'"
check "a decision records what was decided, by whom and on which evidence" eval 'json "j[\"entries\"][4][\"details\"][\"decision\"] == \"scale\" and j[\"entries\"][4][\"details\"][\"by\"] == \"Dana Lee\" and j[\"entries\"][4][\"details\"][\"recommended\"] == \"scale\" and len(j[\"entries\"][4][\"details\"][\"evidence\"]) > 100"'
check "the command line is the actor" eval 'json "all(e[\"actor\"].startswith(\"cli\") for e in j[\"entries\"])"'
check "each entry holds the hash before it" eval 'json "j[\"entries\"][0][\"prev\"] == \"0\" * 64 and all(a[\"hash\"] == b[\"prev\"] for a, b in zip(j[\"entries\"], j[\"entries\"][1:]))"'
last=$(python3 -c "import json; print(json.load(open('out'))['entries'][-1]['hash'])")
check "the head file lies beside the key and names the last entry" eval '[ -f traction.key ] && [ "$(cat traction.audit-head)" = "13 $last" ]'

run $T audit verify
check "verify: the chain is intact and matches the head" eval 'status_is 0 && out_is "13 entries, chain intact, head matches traction.audit-head"'
run $T audit verify --json
check "verify --json" eval 'status_is 0 && json "j == {\"entries\": 13, \"intact\": True, \"head_file\": \"traction.audit-head\", \"head_seq\": 13, \"bad_entry\": None, \"problem\": None}"'

before=$(dump)
run $T pilot decide 1 retire --by x --why y --learned z --differently w
check "a rejected change appends nothing" eval 'status_is 1 && [ "$(dump)" = "$before" ] && [ "$(cat traction.audit-head)" = "13 $last" ]'

# tamper SQL...: a copy of the workspace (database, key, head) in ./t with
# SQL applied by sqlite3, then `audit verify` on it
tamper() {
    rm -rf t && mkdir t
    sqlite3 traction.db ".backup t/traction.db"
    cp traction.key traction.audit-head t/
    [ -n "$1" ] && sqlite3 t/traction.db "$1"
    run $T --db t/traction.db audit verify
}
tamper ""
check "an untouched copy verifies" eval 'status_is 0 && out_is "13 entries, chain intact, head matches t/traction.audit-head"'
tamper "UPDATE audit_log SET details = replace(details, '\"scale\"', '\"retire\"') WHERE seq = 5"
check "an edited entry is found and named" eval 'status_is 1 && err_has "the audit trail is broken at entry 5: entry 5 was edited (its hash does not match its content)"'
tamper "UPDATE audit_log SET actor = 'someone else' WHERE seq = 9"
check "an edited actor is found" eval 'status_is 1 && err_has "broken at entry 9: entry 9 was edited"'
tamper "DELETE FROM audit_log WHERE seq = 4"
check "a removed entry is found and named" eval 'status_is 1 && err_has "the audit trail is broken at entry 4: entry 4 is missing"'
tamper "DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4"
check "a removed entry is found when the rest is renumbered" eval 'status_is 1 && err_has "broken at entry 4: entry 4 does not follow the entry before it"'
tamper "UPDATE audit_log SET seq = -1 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 7; UPDATE audit_log SET seq = 7 WHERE seq = -1"
check "two swapped entries are found, the first named" eval 'status_is 1 && err_has "the audit trail is broken at entry 6: entry 6 does not follow the entry before it"'
tamper "DELETE FROM audit_log WHERE seq >= 12"
check "a chain cut at its end is found against the head" eval 'status_is 1 && err_has "the audit trail is broken at entry 12: the chain ends at entry 11, but the head file names a later one"'
$T --db t/traction.db catalog mark Claude tolerated >/dev/null
run $T --db t/traction.db audit verify
check "a change after the cut does not move the head back: verify still says so" eval 'status_is 1 && err_has "broken at entry 13: the chain ends at entry 12, but the head file names a later one" && [ "$(cat t/traction.audit-head)" = "13 $last" ]'
rm -rf t && mkdir t
cp snap.db t/traction.db
$T --db t/traction.db user disable ann >/dev/null # entry 13, another one
cp traction.key traction.audit-head t/
run sqlite3 t/traction.db "SELECT count(*), max(seq) FROM audit_log"
check "the replacement has a chain of its own as long as the original" out_is "13|13"
run $T --db t/traction.db audit verify
check "a replaced database with a valid chain is found by the head" eval 'status_is 1 && err_has "the audit trail is broken at entry 13: entry 13'"'"'s hash differs from the head file'"'"'s: the database was replaced"'
rm t/traction.audit-head
run $T --db t/traction.db audit verify
check "a missing head file is found" eval 'status_is 1 && err_has "broken at entry 13: the head file is missing"'

run $T audit export -o trail.jsonl
check "export writes a header and one line per entry" eval 'status_is 0 && [ "$(wc -l <trail.jsonl)" -eq 14 ] && head -1 trail.jsonl | grep -q "\"format\":\"traction audit trail 1\",\"entries\":13,\"head_seq\":13,\"intact\":true"'
# an auditor's independent check, from the encoding the export states
cat >check.py <<'PY'
import hashlib, json, struct, sys
lines = open(sys.argv[1]).read().splitlines()
prev = "0" * 64
for seq, line in enumerate(lines[1:], 1):
    e = json.loads(line)
    text = b"".join(struct.pack(">I", len(s.encode())) + s.encode()
                    for s in (e["actor"], e["action"], e["subject"], e["details"]))
    h = hashlib.sha256(bytes.fromhex(prev) + struct.pack(">qq", e["seq"], e["at"]) + text).hexdigest()
    if e["seq"] != seq or e["prev"] != prev or e["hash"] != h:
        sys.exit("bad entry %d" % seq)
    prev = h
print(len(lines) - 1, prev)
PY
check "the chain recomputes independently from the export and ends at the head" eval '[ "$(python3 check.py trail.jsonl)" = "$(cat traction.audit-head)" ]'
run $T audit export
check "export to standard output is the same" eval 'status_is 0 && cmp -s out trail.jsonl'

run $T audit log
check "the text log lists the entries" eval 'status_is 0 && out_has "pilot.decide" && [ "$(wc -l <out)" -eq 15 ]'
printf 'cidr,team\n10.0.0.0/24,Alpha\n' >subnets.csv
$T import subnets subnets.csv >/dev/null
run $T audit log --json
check "import subnets is in the trail like every import" eval 'json "j[\"entries\"][-1][\"action\"] == \"import\" and j[\"entries\"][-1][\"details\"][\"kind\"] == \"subnets\" and j[\"entries\"][-1][\"details\"][\"rows\"] == 1 and len(j[\"entries\"]) == 14"'
run $T audit
check "audit without a kind is a usage error" status_is 2
run $T privacy audit --help
check "privacy audit is still there beside audit" eval 'status_is 0 && out_has "linear program"'
finish
