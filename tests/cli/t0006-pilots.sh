#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Pilots with known true effects end in the right recommendations; the
# plan is frozen, decisions keep their evidence, playbooks come from it;
# bad registrations are refused with a clear error.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"

run $T pilot new --team Alpha $H --hypothesis "drafts with copilot cut cycle time by a fifth" --learning-hours 12 --json
check "registering computes the sample size and expected date from the baseline" eval 'status_is 0 && json "j[\"pilot\"] == 1 and j[\"baseline\"][\"items\"] > 200 and 50 < j[\"n_per_arm\"] < 200 and j[\"expected_at\"].startswith(\"2025-05\") and j[\"review_before_expected\"] is False"'
for t in Bravo Charlie Delta; do $T pilot new --team $t $H --hypothesis h >/dev/null 2>&1; done
run $T pilot new --team Alpha $H --hypothesis h --design did --control-team Echo --control-team Foxtrot --control-team Golf
check "a difference-in-differences pilot registers" eval 'status_is 0 && out_has "registered pilot 5" && out_has "(did)"'
run $T pilot new --team Alpha $H --hypothesis h --review 2025-04-20
check "a review date before the expected sample size warns" eval 'status_is 0 && out_has "warning      the review date comes before"'

rec() { $T pilot analyze "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["recommendation"])'; }
check "large true effect: scale" [ "$(rec 1)" = scale ]
check "no effect with plenty of data: retire" [ "$(rec 2)" = retire ]
check "a harmed guardrail: retire" [ "$(rec 3)" = retire ]
check "too small a sample: iterate" [ "$(rec 4)" = iterate ]
check "difference-in-differences finds the large effect: scale" [ "$(rec 5)" = scale ]
run $T pilot analyze 3 --json
check "the harmed guardrail is named with its one-sided test" eval 'json "j[\"guardrails\"][0][\"harmed\"] and j[\"guardrails\"][0][\"p_harm\"] < 0.05 and \"guardrail errors is harmed\" in j[\"reasons\"][0]"'
run $T pilot analyze 4 --json
check "an arm with fewer than 5 people is suppressed (privacy): iterate, no figures" eval 'json "j[\"recommendation\"] == \"iterate\" and j[\"primary\"][\"note\"].startswith(\"suppressed: an arm has fewer than 5 people\") and j[\"primary\"][\"mean_pilot\"] is None and j[\"primary\"][\"n_pilot\"] == 0"'
run $T pilot analyze 5 --json
check "DiD is judged against its 3 comparison teams as placebos, and shows its raw numbers" eval 'json "j[\"primary\"][\"method\"] == \"placebo-teams\" and j[\"primary\"][\"references\"] == 3 and j[\"primary\"][\"n_comparison\"] > 700 and \"before the pilot\" in j[\"balance\"][\"text\"]"'
run $T pilot analyze 1
check "the text analysis gives the raw numbers and says it is not a decision" eval 'status_is 0 && out_has "comparison items (mean" && out_has "(a recommendation, not a decision)"'

# decisions keep their evidence; playbooks come from it
run $T pilot decide 1 scale --by "Dana Lee" --why "clear win" --learned "first drafts got faster"
check "closing a pilot needs what would be done differently" eval 'status_is 2 && err_has "--differently"'
run $T pilot decide 1 scale --by "Dana Lee" --why "clear win" --differently "x"
check "a decision needs what was learned" eval 'status_is 2 && err_has "--learned"'
run $T pilot decide 1 scale --by "Dana Lee" --why "clear win" --learned "first drafts got faster" --differently "checklists earlier"
check "a person decides; the recommendation is recorded beside it" eval 'status_is 0 && out_has "scale decided by Dana Lee (traction recommended scale)"'
run $T pilot decide 2 scale --by "Sam" --why "we like it" --learned "n/a" --differently "n/a"
check "a person may overrule the recommendation (and it is recorded)" eval 'status_is 0 && out_has "traction recommended retire"'
run $T pilot decide 1 retire --by x --why y --learned z --differently w
check "a closed pilot cannot be decided again" eval 'status_is 1 && err_has "already scaled"'
$T playbook 1 >playbook-before.md
run $T pilot show 1 --json
cp out show-before.json
# more items arrive for the pilot period: the live analysis moves, the
# evidence and the playbook do not
awk -F, 'NR == 1 || ($3 == "Alpha" && $5 >= 1743465600) { if (NR > 1) $1 = "X" $1; print }' OFS=, items.csv >more.csv
$T import items more.csv --source more >/dev/null
run $T pilot analyze 1 --json
check "the live analysis sees the new items" eval 'json "j[\"primary\"][\"n_pilot\"] > 500"'
$T playbook 1 >playbook-after.md
check "the playbook is unchanged: it is built from the decision's evidence" cmp -s playbook-before.md playbook-after.md
run $T pilot show 1 --json
check "the decision still shows the evidence it was made on" eval 'json "j[\"decisions\"][0][\"evidence\"][\"primary\"][\"n_pilot\"] < 300 and j[\"decisions\"][0][\"learned\"] == \"first drafts got faster\""'
check "the playbook states effect, conditions, checkpoints, human-led part and caveats" eval 'grep -q "^## Measured effect" playbook-after.md && grep -q "^## Conditions" playbook-after.md && grep -q "^## Checkpoints" playbook-after.md && grep -q "^## What stays human-led" playbook-after.md && grep -q "^## Caveats" playbook-after.md && grep -q "cycle_time: -[34][0-9]% (" playbook-after.md'
run $T playbook 1 --format html -o pb.html
check "an HTML playbook is written to a file" eval 'status_is 0 && grep -q "<h2>Measured effect</h2>" pb.html && ! ls pb.html.tmp* 2>/dev/null'
run $T playbook 3
check "only scaled pilots make playbooks" eval 'status_is 1 && err_has "playbooks are made from scaled pilots"'
run $T playbook 1 --rollout Golf --start 2025-04-01 --review 2025-07-01
check "rolling a playbook out registers a linked replication pilot" eval 'status_is 0 && out_has "replicates   pilot 1"'
run $T portfolio --json
check "the portfolio lists pilots with q-values, replications and counts" eval 'json "len(j[\"pilots\"]) == 7 and j[\"pilots\"][6][\"replicates\"] == 1 and j[\"counts\"][\"scaled\"] == 2 and all(\"q_value\" in p for p in j[\"pilots\"])"'
run $T learning --json
check "the learning ledger counts pilots, documented learning and hours per team" eval 'json "[t for t in j[\"teams\"] if t[\"team\"] == \"Alpha\"][0] == {\"team\": \"Alpha\", \"pilots\": 3, \"scaled\": 1, \"retired\": 0, \"running\": 2, \"documented\": 1, \"learning_hours\": 12.0}"'
run $T pilot extend 4 --review 2025-09-01 --why "volume dropped"
check "moving the review date is recorded as a deviation" eval 'status_is 0 && out_has "recorded as a deviation" && [ "$(sqlite3 traction.db "SELECT count(*) FROM pilot_deviation WHERE pilot_id = 4")" = 1 ]'
run $T pilot show 4 --json
check "pilot show lists the deviation and the frozen plan" eval 'json "j[\"deviations\"][0][\"what\"] == \"review date moved from 2025-07-01 to 2025-09-01\" and j[\"plan\"][\"mde\"] == 0.2"'

# guardrails are one family: Holm over the pilot's registered guardrails
run $T pilot analyze 3
check "the text gives a guardrail's one-sided and Holm-adjusted p" eval 'out_has "harm p = " && out_has ", Holm-adjusted " && out_has "HARMED"'
run $T pilot analyze 3 --json
check "one guardrail: its Holm-adjusted p is its own" eval 'json "j[\"guardrails\"][0][\"p_harm_adjusted\"] == j[\"guardrails\"][0][\"p_harm\"]"'
$T pilot new --team Charlie $H --guardrail rework --hypothesis h >/dev/null
run $T pilot analyze 8 --json
check "two guardrails, one without data (p = 1 in the family): the other's p doubles" eval 'json "(lambda g: abs(g[0][\"p_harm_adjusted\"] - min(1, 2 * g[0][\"p_harm\"])) < 1e-15 and g[0][\"harmed\"] and g[1][\"metric\"] == \"rework\" and g[1][\"defined\"] is False and g[1][\"p_harm_adjusted\"] is None and not g[1][\"harmed\"])(j[\"guardrails\"]) and \"Holm-adjusted over 2 guardrails\" in j[\"reasons\"][0]"'

# bad registrations
before=$(dump)
bad() { # bad DESCRIPTION EXPECTED-STATUS EXPECTED-ERROR ARGS...
    d=$1 s=$2 want=$3
    shift 3
    run $T pilot new "$@"
    check "$d" eval 'status_is $s && err_has "$want" && [ "$(dump)" = "$before" ]'
}
bad "unknown team" 1 "unknown team 'Zulu'" --team Zulu $H --hypothesis h
bad "unknown workflow" 1 "unknown workflow 'painting'" --team Alpha --workflow painting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h
bad "unknown tool" 1 "unknown tool 'abacus'" --team Alpha --workflow drafting --tool abacus --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --hypothesis h
bad "review before start" 2 "the review date is not after the start" --team Alpha $H --hypothesis h --review 2025-03-01
bad "an MDE of zero" 2 "--mde must be above 0" --team Alpha --workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0 --start 2025-04-01 --review 2025-07-01 --hypothesis h
bad "a control team that is the pilot team" 1 "control team 'Alpha' is the pilot team" --team Alpha $H --hypothesis h --design concurrent --control-team Alpha
bad "too few baseline items" 1 "too few baseline items to plan" --team Alpha --workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2024-04-05 --review 2024-07-01 --hypothesis h
bad "did with one comparison team cannot be calibrated" 1 "design did with 1 comparison team cannot be calibrated" --team Alpha $H --hypothesis h --design did --control-team Echo
bad "a team of 3 people cannot pilot (privacy)" 1 "too small a team: 'India' has fewer than 5 people" --team India $H --hypothesis h
bad "a comparison team of 3 people is refused too" 1 "too small a team: 'India'" --team Alpha $H --hypothesis h --design did --control-team Echo --control-team India
bad "no hypothesis" 2 "a written --hypothesis" --team Alpha $H
bad "a concurrent design without controls" 2 "needs at least one --control-team" --team Alpha $H --hypothesis h --design concurrent
finish
