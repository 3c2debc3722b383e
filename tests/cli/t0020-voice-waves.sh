#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice, step 2: waves and anonymous links. A wave is opened for
# units; links are written once per person of those units, each under a
# unit of at least 5 people; the workspace keeps a keyed hash per link and
# nothing of the roster; a bad roster changes nothing.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for t, n in (("Sales", 30), ("Support", 12), ("Tiny", 3), ("Ops", 8)):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,,{t},Org,no\n")
PY
$T import roster roster.csv >/dev/null

run $T survey open --instrument pulse --units Sales,Support --units Tiny --until 2099-01-01 --name w1 --use Copilot:Drafting --use ChatGPT:Drafting
check "open a wave" eval 'status_is 0 && out_is "opened wave '"'"'w1'"'"' (instrument pulse, version 1) for 3 units until 2099-01-01
next: traction survey links --wave w1 --roster roster.csv > links.csv"'
check "the wave keeps the instrument's text and its uses" eval '[ "$(sqlite3 traction.db "select instrument, version, uses, length(definition) = '$(wc -c <"$ROOT/data/surveys/pulse.json")' from survey_wave")" = "pulse|1|[[\"Copilot\",\"Drafting\"],[\"ChatGPT\",\"Drafting\"]]|1" ]'
run $T survey open --instrument pulse --units Sales --until 2099-01-01 --name w1
check "a wave's name is taken once" eval 'status_is 1 && err_is "traction: a wave '"'"'w1'"'"' exists"'
run $T survey open --instrument pulse --units Nowhere --until 2099-01-01
check "an unknown unit" eval 'status_is 1 && err_is "traction: --units: no unit '"'"'Nowhere'"'"'"'
run $T survey open --instrument pulse --units Sales --until 2020-01-01
check "a wave that would close before it opens" eval 'status_is 2 && err_has "--until: the wave would close before it opens"'
run $T survey open --instrument pulse --units Sales --until 2099-01-01 --use Copilot
check "--use needs TOOL:WORKFLOW" eval 'status_is 2 && err_has "--use: '"'"'Copilot'"'"' is not TOOL:WORKFLOW"'

# a roster naming a unit the workspace lacks: refused whole
{ cat roster.csv; echo "x@corp.example,,Marketing,Org,no"; echo "sales1@corp.example,,Sales,Org,no"; } >bad.csv
before=$(dump)
run $T survey links --wave w1 --roster bad.csv
check "a bad roster: every problem, no links" eval 'status_is 1 && [ "$(cat err)" = "traction: cannot make links from '"'"'bad.csv'"'"': line 55, column 3: no unit '"'"'Marketing'"'"' in the workspace
traction: cannot make links from '"'"'bad.csv'"'"': line 56, column 1: id listed twice: one person, one link" ] && [ ! -s out ]'
check "... and the workspace is unchanged" eval '[ "$(dump)" = "$before" ]'

$T survey links --wave w1 --roster roster.csv >links.csv 2>err
rc=$?
check "links: one per person of the wave's units that can answer anonymously" eval '[ $rc -eq 0 ] && [ "$(wc -l <links.csv)" = 43 ] && head -1 links.csv | grep -qx "id,team,counts_under,link" && [ "$(grep -c ",Sales,Sales,http://127.0.0.1:8080/s/" links.csv)" = 30 ] && ! grep -q "ops" links.csv && ! grep -q tiny links.csv'
check "links: the note on stderr names what was left out, no one by name" eval 'grep -q "made 42 links for wave '"'"'w1'"'"' (people outside its units left out)" err && grep -q "^3 people got no link" err && ! grep -q "@" err'
check "tokens: 64 hex digits, all different" eval '[ "$(cut -d/ -f5 links.csv | grep -cE "^[0-9a-f]{64}$")" = 42 ] && [ "$(cut -d/ -f5 links.csv | sort -u | grep -c .)" = 43 ]'
check "the workspace keeps hashes only: no token, no id, no e-mail" eval '[ "$(sqlite3 traction.db "select count(*), sum(length(token_hash) = 32), sum(used), count(sealed) from survey_link")" = "42|42|0|0" ] && ! sqlite3 traction.db .dump | grep -qF "$(sed -n 2p links.csv | cut -d/ -f5)" && ! sqlite3 traction.db .dump | grep -q "corp.example"'
run $T survey links --wave w1 --roster roster.csv
check "a wave gets its links once" eval 'status_is 1 && err_is "traction: wave '"'"'w1'"'"' has its links already (a second set would give people two answers)"'

run $T survey status --wave w1
check "status: no responses yet, none per unit" eval 'status_is 0 && out_has "links: 42" && out_has "responses: fewer than 5" && ! out_has "Sales"'
run $T survey status --json
check "status --json (the latest wave)" json 'j["wave"] == "w1" and j["state"] == "open" and j["links"] == 42 and j["responses"] is None and j["units"] == [] and j["until"] == "2099-01-01"'

run $T survey close --wave w1
check "close" eval 'status_is 0 && out_has "closed wave '"'"'w1'"'"'"'
run $T survey close --wave w1
check "close twice" eval 'status_is 1 && err_is "traction: wave '"'"'w1'"'"' is closed already"'
run $T survey status --wave 1 --json
check "status by number: closed" json 'j["state"] == "closed" and j["closed"] is not None'
run $T survey close --wave w9
check "close an unknown wave" eval 'status_is 1 && err_is "traction: no wave '"'"'w9'"'"'"'
finish
