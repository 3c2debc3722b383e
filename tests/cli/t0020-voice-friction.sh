#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice: the friction backlog. Categories a unit names often
# enough in a wave's shown results become items; a hidden result raises
# nothing; an item gets an owner, is resolved, and a later wave shows
# whether it went away.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for t, n in (("Sales", 20), ("Support", 12), ("Ops", 8)):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,,{t},Org,no\n")
def wave(name, rows):
    with open(name, "w") as fp:
        fp.write("unit,friction@Drafting\n")
        for unit, f in rows:
            fp.write(f"{unit},{f}\n")
# wave 1: Sales 6 of 10 wait for approval; Support: only 4 answer (all
# "data out of reach"), so Support is hidden, and Ops (the smallest
# sibling) with it
w1 = [("Sales", "slow_approval")] * 6 + [("Sales", "nothing")] * 4 \
   + [("Support", "data_unreachable")] * 4 + [("Support", "")] * 2 \
   + [("Ops", "nothing")] * 6
# wave 2: approvals fixed for Sales (1 of 10); extra steps now (5 of 10)
w2 = [("Sales", "slow_approval")] + [("Sales", "extra_steps")] * 5 \
   + [("Sales", "nothing")] * 4 + [("Support", "nothing")] * 6 \
   + [("Ops", "nothing")] * 6
wave("w1.csv", w1)
wave("w2.csv", w2)
PY
$T import roster roster.csv >/dev/null
$T import survey w1.csv --instrument pulse --wave w1 >/dev/null

run $T friction list
check "wave 1: Sales' slow approval is raised; hidden Support raises nothing" eval 'status_is 0 && out_is "1 new item from the survey results
id  unit   workflow  category       raised by  share  status  since
--  -----  --------  -------------  ---------  -----  ------  ------------------
1   Sales  Drafting  slow_approval  w1           60%  open    not measured since"'
run $T friction list --json
check "list again: nothing new (raised once while open)" json 'j["raised"] == 0 and len(j["items"]) == 1 and j["items"][0]["share"] == 0.6 and j["items"][0]["gone"] is None'
run $T friction assign 1 --owner "enablement lead"
check "assign" eval 'status_is 0 && out_is "friction item 1: assigned"'
run $T friction assign 1
check "assign needs an owner" eval 'status_is 2 && err_has "friction assign needs --owner"'
run $T friction assign 7 --owner x
check "assign an unknown item" eval 'status_is 1 && err_is "traction: no friction item 7"'
run $T friction resolve 1 --note "approvals within a day for drafts"
check "resolve" eval 'status_is 0 && out_is "friction item 1: resolved"'
run $T audit log --json
check "assigning and resolving are in the audit trail; the unknown item is not" json '[(e["subject"], e["details"]["status"], e["details"]["owner"]) for e in j["entries"] if e["action"] == "friction.set"] == [("friction 1", "assigned", "enablement lead"), ("friction 1", "resolved", None)]'
run $T friction list
check "a resolved item is listed with --all only" out_is "no friction on the backlog"

$T import survey w2.csv --instrument pulse --wave w2 >/dev/null
run $T friction list --all --json
check "wave 2: the approval friction went away; extra steps raised by w2" json '[(i["id"], i["category"], i["raised_wave"], i["status"], i["owner"], i["since_wave"], i["since_share"], i["gone"]) for i in j["items"]] == [(1, "slow_approval", "w1", "resolved", "enablement lead", "w2", 0.1, True), (2, "extra_steps", "w2", "open", None, None, None, None)] and j["raised"] == 1'
run $T friction list --all
check "text: since, went away" out_has "1   Sales  Drafting  slow_approval  w1           60%  resolved (enablement lead)  w2: 10% (went away)"
run $T friction list --threshold 2
check "a threshold is a share" eval 'status_is 2 && err_has "--threshold: '"'"'2'"'"' is not a number in [0.01, 1]"'
finish
