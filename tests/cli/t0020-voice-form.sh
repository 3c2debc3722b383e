#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice, step 5: the answer form at /s/TOKEN on the real server.
# No account and no JavaScript: labelled inputs, the privacy promise on
# top, the respondent's language; a post needs the form's check value;
# an answer counts once and can be changed until the wave closes; unknown
# links are slowed down.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for t, n in (("Sales", 30), ("Support", 12)):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,,{t},Org,no\n")
PY
$T import roster roster.csv >/dev/null
$T survey open --instrument pulse --units Sales,Support --until 2099-01-01 --name w1 --use Copilot:Drafting >/dev/null
$T survey links --wave w1 --roster roster.csv >links.csv 2>/dev/null
serve_start srv
link() { sed -n "$1p" links.csv | cut -d, -f4 | sed "s|http://127.0.0.1:8080|$B|"; }
L=$(link 2)

run curl -s -H "Accept-Language: nl-NL,nl;q=0.9,en;q=0.8" "$L"
check "GET: the form in the respondent's language, the promise first" eval 'grep -q "<html lang=\"nl\"" out && grep -q "<h1>AI in het werk: een korte peiling</h1><p class=\"notice\">Je antwoorden zijn anoniem." out'
check "GET: no script; every input inside a label; fieldsets with legends" eval '! grep -qi "<script" out && [ "$(grep -o "<input type=\"radio\"" out | wc -l)" = "$(grep -o "<label><input type=\"radio\"" out | wc -l)" ] && [ "$(grep -o "<fieldset><legend>" out | wc -l)" = 13 ] && grep -q "<label for=\"q13\">" out && grep -q "name=\"viewport\"" out'
check "GET: the item per tool and workflow is filled in" eval 'grep -q "Hoe zou je je voelen als je Copilot niet meer kon gebruiken voor Drafting?" out'
run curl -s "$L?lang=en"
CHECK=$(grep -o 'name="check" value="[0-9a-f]*"' out | sed 's/.*value="//;s/"//')
check "?lang=en" eval 'grep -q "<html lang=\"en\"" out && [ ${#CHECK} = 32 ]'

code_of() { curl -s -o body -w '%{http_code}' "$@"; }
c=$(code_of --data "check=$CHECK&lang=en&q0_0=very&q4_0=agree&q12_0.slow_approval=slow_approval&q12_0.extra_steps=extra_steps&q13=Approvals+take+a+week" "$L")
check "POST: thank you" eval '[ "$c" = 200 ] && grep -q "Your answers are in. You can change them with the same link" body'
check "the answers are stored under the link's unit, once" eval '[ "$(sqlite3 traction.db "select u.name, count(*) from survey_response r join unit u on u.id = r.unit_id")" = "Sales|1" ] && [ "$(sqlite3 traction.db "select group_concat(item || \":\" || value, \" \") from (select * from survey_answer order by item, value)")" = "comment:Approvals take a week friction:extra_steps friction:slow_approval job_worry:agree pmf:very" ]'
c=$(code_of --data "check=$CHECK&q0_0=not" "$L")
check "POST again through the same link: replaces, still one response" eval '[ "$c" = 200 ] && [ "$(sqlite3 traction.db "select count(*) from survey_response")" = 1 ] && [ "$(sqlite3 traction.db "select item || \":\" || value from survey_answer")" = "pmf:not" ]'
L3=$(link 3)
c=$(code_of --data "check=$CHECK&q0_0=very" "$L3")
check "POST with another link's check value: refused" eval '[ "$c" = 403 ] && [ "$(sqlite3 traction.db "select count(*) from survey_response")" = 1 ]'
c=$(code_of --data "check=$CHECK&q0_0=maybe" "$L")
check "POST a value that is no answer: the form again, with the problem" eval '[ "$c" = 400 ] && grep -q "role=\"alert\">&#39;maybe&#39; is not an answer to &#39;pmf&#39;" body && [ "$(sqlite3 traction.db "select item || \":\" || value from survey_answer")" = "pmf:not" ]'
c=$(code_of --data "check=$CHECK&q12_0.nothing=nothing&q12_0.other=other" "$L")
check "POST 'nothing' with another friction: refused" eval '[ "$c" = 400 ] && grep -q "chosen with another answer" body'

for i in 1 2 3 4 5 6 7 8 9 10; do code_of "$B/s/$(printf '%064d' $i)" >/dev/null; done
c=$(code_of "$L")
check "ten unknown links from one address: slowed down (429), even for a good one" eval '[ "$c" = 429 ]'
serve_stop srv

$T survey close --wave w1 >/dev/null
serve_start srv2
L=$(link 2)
c=$(code_of "$L")
check "after close: the link says the survey is closed (410)" eval '[ "$c" = 410 ] && grep -q "This survey is closed." body'
c=$(code_of --data "check=$CHECK&q0_0=very" "$L")
check "after close: no change" eval '[ "$c" = 410 ] && [ "$(sqlite3 traction.db "select item || \":\" || value from survey_answer")" = "pmf:not" ]'
serve_stop srv2
finish
