#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Teams propose the tests: a proposal is filed for a team, the
# enablement lead (an admin) scores it, a selected proposal becomes a
# pilot through `pilot new` with its plan pre-filled, and the portfolio
# says where each pilot came from. The register of what stays human and
# a pilot's checkpoint. Refused commands change nothing.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
$T user add lead --role admin >/dev/null
$T user add gov --role governance >/dev/null
$T pilot new --team Bravo --workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis "from the top" >/dev/null

run $T proposal new --team Alpha --workflow drafting --friction "first drafts take a day" --outcome cycle_time --tool copilot --at 2025-03-01
check "a proposal is filed for a team" eval 'status_is 0 && out_is "proposal 1: Alpha proposes testing '"'"'copilot'"'"' in '"'"'drafting'"'"' (outcome: cycle_time)"'
run $T proposal new --team Charlie --workflow drafting --friction "reviews pile up" --outcome errors --tool copilot --at 2025-03-02 --json
check "--json gives the record, unscored" eval 'json "j == {\"id\": 2, \"team\": \"Charlie\", \"workflow\": \"drafting\", \"friction\": \"reviews pile up\", \"outcome\": \"errors\", \"tool\": \"copilot\", \"submitted\": \"2025-03-02T00:00:00Z\", \"score\": None, \"pilot\": None}"'

before=$(dump)
run $T proposal new --team Alpha --workflow drafting --friction x --outcome speed --tool copilot
check "the outcome is a pilot metric" eval 'status_is 2 && err_has "traction: --outcome: cycle_time, quality, errors or rework" && [ "$(dump)" = "$before" ]'
run $T proposal new --team Nowhere --workflow drafting --friction x --outcome errors --tool copilot
check "an unknown team is refused" eval 'status_is 1 && err_is "traction: no unit '"'"'Nowhere'"'"' in the roster" && [ "$(dump)" = "$before" ]'
run $T proposal select 1 --by lead --mde 0.2 --start 2025-04-01 --review 2025-07-01
check "an unscored proposal is not selected (and no pilot is registered)" eval 'status_is 1 && err_is "traction: proposal 1 is not scored yet: score it first (traction proposal score)" && [ "$(dump)" = "$before" ]'
run $T proposal score 1 --value 4 --reach 30 --confidence 0.8 --effort 6 --by gov
check "only an admin scores" eval 'status_is 1 && err_is "traction: user '"'"'gov'"'"' is a governance account: only admin accounts (the enablement lead) do this" && [ "$(dump)" = "$before" ]'
run $T proposal score 1 --value 7 --reach 30 --confidence 0.8 --effort 6 --by lead
check "value is 1 to 5" eval 'status_is 2 && err_has "--value" && [ "$(dump)" = "$before" ]'

run $T proposal score 1 --value 4 --reach 30 --confidence 0.8 --effort 6 --by lead
check "priority = value x reach x confidence / effort = 4 x 30 x 0.8 / 6 = 16" eval 'status_is 0 && out_is "proposal 1 scored: priority 16 (value 4 x reach 30 x confidence 0.8 / effort 6)"'
run $T proposal score 2 --value 2 --reach 12 --confidence 0.5 --effort 4 --by lead --json
check "... 2 x 12 x 0.5 / 4 = 3" eval 'json "j[\"score\"] == {\"value\": 2, \"reach\": 12, \"confidence\": 0.5, \"effort\": 4, \"priority\": 3, \"by\": \"lead\"}"'

run $T proposal select 1 --by lead --mde 0.2 --start 2025-04-01 --review 2025-07-01 --checkpoint "an editor reads each draft" --guardrail reviewed --json
check "a selected proposal becomes a pilot with its plan pre-filled" eval 'status_is 0 && json "j[\"pilot\"] == 2 and j[\"metric\"] == \"cycle_time\" and j[\"direction\"] == \"decrease\" and j[\"checkpoint\"] == \"an editor reads each draft\" and j[\"guardrails\"] == [\"reviewed\"]"'
run $T pilot show 2 --json
check "... its hypothesis is the team's" eval 'json "j[\"team\"] == \"Alpha\" and j[\"workflow\"] == \"drafting\" and j[\"tool\"] == \"copilot\" and j[\"hypothesis\"] == \"Alpha'"'"'s proposal 1: copilot in '"'"'drafting'"'"' removes this friction: first drafts take a day; cycle_time should decrease\""'
run $T proposal select 1 --by lead --mde 0.2 --start 2025-04-01 --review 2025-07-01
check "a proposal is selected once" eval 'status_is 1 && err_is "traction: proposal 1 is already selected: it became pilot 2"'
before=$(dump)
run $T proposal select 2 --by lead --mde 0.2 --start 2025-04-01 --review 2025-07-01 --workflow nothing
check "a pilot new error rolls the selection back" eval 'status_is 1 && err_has "nothing" && [ "$(dump)" = "$before" ]'
run $T proposal list --json
check "list: the states" eval 'json "[(p[\"id\"], p[\"pilot\"]) for p in j[\"proposals\"]] == [(1, 2), (2, None)]"'
run $T portfolio --json
check "the portfolio says where each pilot came from" eval 'json "[(p[\"pilot\"], p[\"proposal\"]) for p in j[\"pilots\"]] == [(1, None), (2, 1)]"'
run $T portfolio
check "... in its text too" eval 'out_has "proposal 1" && out_has "the top"'
run $T audit log --json
check "submitted, scored, selected: in the audit trail" eval 'json "[e[\"action\"] for e in j[\"entries\"] if e[\"action\"].startswith(\"proposal.\")] == [\"proposal.submit\", \"proposal.submit\", \"proposal.score\", \"proposal.score\", \"proposal.select\"]"'

# what stays human
run $T human add --workflow drafting --checkpoint "an editor reads each draft before it goes out" --owner "editor on duty" --since 2025-03-01
check "a checkpoint is registered" eval 'status_is 0 && out_is "added 1: in '"'"'drafting'"'"' the checkpoint '"'"'an editor reads each draft before it goes out'"'"' stays human, owned by editor on duty since 2025-03-01"'
$T human add --workflow drafting --decision "what goes to the client" --owner "account lead" --since 2025-03-01 >/dev/null
run $T human add --workflow drafting --decision "what goes to the client" --owner "client director" --since 2025-04-01
check "the same entry again updates its owner and date" eval 'status_is 0 && out_has "updated 2:"'
run $T human list --json
check "the register, decisions before checkpoints" eval 'json "j[\"register\"] == [{\"id\": 2, \"workflow\": \"drafting\", \"kind\": \"decision\", \"what\": \"what goes to the client\", \"owner\": \"client director\", \"since\": \"2025-04-01\"}, {\"id\": 1, \"workflow\": \"drafting\", \"kind\": \"checkpoint\", \"what\": \"an editor reads each draft before it goes out\", \"owner\": \"editor on duty\", \"since\": \"2025-03-01\"}]"'
before=$(dump)
run $T human add --workflow drafting --step a --decision b --owner x
check "one kind at a time" eval 'status_is 2 && err_has "traction: one of --step, --decision or --checkpoint" && [ "$(dump)" = "$before" ]'
run $T human remove 9
check "removing what is not there" eval 'status_is 1 && err_is "traction: no entry 9 in the register" && [ "$(dump)" = "$before" ]'
run $T human remove 2
check "an entry is removed" eval 'status_is 0 && out_is "removed 2 from the register"'
run $T audit log --json
check "register changes are in the audit trail, a removal with what it said" eval 'json "[e[\"action\"] for e in j[\"entries\"] if e[\"action\"].startswith(\"human.\")] == [\"human.add\", \"human.add\", \"human.set\", \"human.remove\"] and j[\"entries\"][-1][\"details\"][\"what\"] == \"what goes to the client\""'
run $T pilot new --team Alpha --workflow drafting --tool copilot --metric reviewed --direction increase --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h
check "reviewed is a guardrail, not an outcome" eval 'status_is 2 && err_has "--metric: cycle_time, quality, errors or rework"'
finish
