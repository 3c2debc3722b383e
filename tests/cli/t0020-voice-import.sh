#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice, step 3: survey responses from the CSV exports of
# Microsoft Forms, Google Forms, Qualtrics and LimeSurvey (fixtures in
# tests/fixtures/surveys, SOURCES.md says how they were written). What
# is about the respondent is dropped unread; a bad file changes nothing.
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
S=$FIX/surveys
Q1="How would you feel if you could no longer use Copilot for Drafting?"
Q2="In my team I can say that a tool does not work for us without it counting against me."
Q3="In the last two weeks, where did Drafting slow down because of AI tools or the rules around them? Choose all that apply."
Q4="Anything else you want to tell us? Please leave out names."

# answers: wave | unit | item | tool | workflow | value, sorted
answers() {
    sqlite3 traction.db "select w.name, u.name, a.item, a.tool, a.workflow, a.value from survey_answer a join survey_response r on r.id = a.response_id join unit u on u.id = r.unit_id join survey_wave w on w.id = r.wave_id where w.name = '$1' order by 2, 3, 4, 5, 6"
}

run $T import survey "$S/msforms.csv" --instrument pulse --wave ms --map "Which team are you in?=unit" --map "$Q1=pmf@Copilot:Drafting" --map "$Q2=ps_speak_up" --map "$Q3=friction@Drafting" --map "$Q4=comment"
check "Microsoft Forms: told from its columns" eval 'status_is 0 && out_is "imported 6 responses from '"'"'$S/msforms.csv'"'"' (msforms) into wave '"'"'ms'"'"': 5 columns used, 6 dropped unread (respondent ids, e-mail, names, times and unmapped columns are never kept)"'
answers ms >got
cat >want <<'W'
ms|Sales|comment|||Approvals take a week, so we wait.
ms|Sales|friction||Drafting|extra_steps
ms|Sales|friction||Drafting|no_time_to_learn
ms|Sales|friction||Drafting|slow_approval
ms|Sales|friction||Drafting|slow_approval
ms|Sales|friction||Drafting|unreliable_output
ms|Sales|friction||Drafting|unreliable_output
ms|Sales|pmf|Copilot|Drafting|not
ms|Sales|pmf|Copilot|Drafting|somewhat
ms|Sales|pmf|Copilot|Drafting|very
ms|Sales|ps_speak_up|||agree
ms|Sales|ps_speak_up|||agree
ms|Sales|ps_speak_up|||disagree
ms|Sales|ps_speak_up|||strongly_agree
ms|Support|friction||Drafting|nothing
ms|Support|pmf|Copilot|Drafting|unused
ms|Support|pmf|Copilot|Drafting|very
ms|Support|ps_speak_up|||agree
ms|Support|ps_speak_up|||neutral
W
check "Microsoft Forms: every answer as its code; ';' lists split" eval 'diff want got >&2'
check "the wave is made, closed, with the uses the file answers" eval '[ "$(sqlite3 traction.db "select uses, until is null, closed is not null from survey_wave where name = '"'"'ms'"'"'")" = "[[\"Copilot\",\"Drafting\"]]|1|1" ]'
check "nothing about a respondent is kept: no time, no id, no e-mail" eval '! sqlite3 traction.db .dump | grep -v "INSERT INTO survey_wave" | grep -qE "anonymous|12/1/26|9:01:02"'

run $T import survey "$S/gforms.csv" --instrument pulse --wave gf --map "Team=unit" --map "$Q1=pmf@Copilot:Drafting" --map "$Q2=ps_speak_up" --map "$Q3=friction@Drafting" --map "$Q4=comment" --json
check "Google Forms: Dutch labels, ', ' lists" json 'j == {"file": "'"$S"'/gforms.csv", "wave": "gf", "format": "gforms", "responses": 5, "columns_used": 5, "columns_dropped": 2}'
check "Google Forms: answers" eval '[ "$(answers gf | md5sum)" = "$(printf "%s\n" "gf|Sales|friction||Drafting|slow_approval" "gf|Sales|friction||Drafting|slow_approval" "gf|Sales|friction||Drafting|unreliable_output" "gf|Sales|pmf|Copilot|Drafting|very" "gf|Sales|pmf|Copilot|Drafting|very" "gf|Sales|ps_speak_up|||agree" "gf|Sales|ps_speak_up|||agree" "gf|Sales|ps_speak_up|||strongly_agree" "gf|Support|comment|||Te weinig tijd om het te leren." "gf|Support|friction||Drafting|no_time_to_learn" "gf|Support|friction||Drafting|nothing" "gf|Support|friction||Drafting|unclear_policy" "gf|Support|pmf|Copilot|Drafting|not" "gf|Support|pmf|Copilot|Drafting|somewhat" "gf|Support|ps_speak_up|||agree" "gf|Support|ps_speak_up|||disagree" | md5sum)" ] && ! sqlite3 traction.db .dump | grep -q "person@corp"'

run $T import survey "$S/qualtrics.csv" --instrument pulse --wave qx --map "Q1=unit" --map "Q2=pmf@Copilot:Drafting" --map "Q3=ps_speak_up" --map "Q4=friction@Drafting" --map "Q5=comment"
check "Qualtrics: three header rows, numbers as positions" eval 'status_is 0 && out_has "imported 4 responses" && out_has "(qualtrics)" && out_has "17 dropped unread"'
check "Qualtrics: answers" eval '[ "$(answers qx | cut -d"|" -f2-6 | tr "\n" " ")" = "Sales|comment|||The approval form asks for things we cannot know. Sales|friction||Drafting|extra_steps Sales|friction||Drafting|no_time_to_learn Sales|friction||Drafting|slow_approval Sales|friction||Drafting|unreliable_output Sales|pmf|Copilot|Drafting|not Sales|pmf|Copilot|Drafting|very Sales|ps_speak_up|||agree Sales|ps_speak_up|||disagree Support|friction||Drafting|nothing Support|pmf|Copilot|Drafting|somewhat Support|pmf|Copilot|Drafting|unused Support|ps_speak_up|||neutral Support|ps_speak_up|||strongly_agree " ] && ! sqlite3 traction.db .dump | grep -qE "192\.0\.2|R_1a2B"'

run $T import survey "$S/limesurvey.csv" --instrument pulse --wave ls --map "pmf=pmf@Copilot:Drafting" --map "ps1=ps_speak_up" --map "fric[SQ001]=friction@Drafting#unreliable_output" --map "fric[SQ003]=friction@Drafting#slow_approval" --map "fric[SQ011]=friction@Drafting#nothing"
check "LimeSurvey: codes A1.., a column per option, 'team' found by name" eval 'status_is 0 && out_has "imported 5 responses" && out_has "(limesurvey)" && [ "$(answers ls | cut -d"|" -f2-6 | tr "\n" " ")" = "Sales|comment|||Goed initiatief. Sales|friction||Drafting|slow_approval Sales|friction||Drafting|slow_approval Sales|friction||Drafting|unreliable_output Sales|pmf|Copilot|Drafting|somewhat Sales|pmf|Copilot|Drafting|very Sales|ps_speak_up|||agree Sales|ps_speak_up|||strongly_agree Support|friction||Drafting|nothing Support|friction||Drafting|unreliable_output Support|pmf|Copilot|Drafting|unused Support|pmf|Copilot|Drafting|very Support|ps_speak_up|||disagree Support|ps_speak_up|||neutral " ]'
check "responses: 20 in four waves; the import log names the format" eval '[ "$(sqlite3 traction.db "select count(*) from survey_response")" = 20 ] && [ "$(sqlite3 traction.db "select group_concat(detail) from import_log where kind = '"'"'survey'"'"'")" = "msforms,gforms,qualtrics,limesurvey" ]'

# refused whole, with every problem where it is
printf 'Team,Email,job_worry,friction@Drafting\nSales,a@x,agree,nothing;slow_approval\nMarketing,b@x,maybe,\nTiny,c@x,,\nSupport,d@x,agree,\n' >bad.csv
before=$(dump)
run $T import survey bad.csv --instrument pulse --wave ms --map "Team=unit" --map "Email=comment" --map "Nope=ps_blame"
check "a bad file: every problem at its line and column" eval 'status_is 1 && [ "$(cat err)" = "traction: cannot import '"'"'bad.csv'"'"': line 1: --map '"'"'Nope=ps_blame'"'"': no column '"'"'Nope'"'"'
traction: cannot import '"'"'bad.csv'"'"': line 1, column 2: column '"'"'Email'"'"' is about the respondent; it is never imported
traction: cannot import '"'"'bad.csv'"'"': line 2, column 4: '"'"'nothing'"'"' of '"'"'friction'"'"' is chosen with another answer
traction: cannot import '"'"'bad.csv'"'"': line 3, column 1: no unit '"'"'Marketing'"'"' in the workspace
traction: cannot import '"'"'bad.csv'"'"': line 3, column 3: '"'"'maybe'"'"' is not an answer to '"'"'job_worry'"'"'
traction: cannot import '"'"'bad.csv'"'"': line 4, column 1: unit '"'"'Tiny'"'"' has fewer than 5 people, with what merges into it: an answer would stand for fewer" ]'
check "... and the workspace is unchanged" eval '[ "$(dump)" = "$before" ]'
run $T import survey "$S/limesurvey.csv" --instrument pulse --wave ms --map "pmf=pmf@ChatGPT:Drafting"
check "an existing wave must ask what the file answers" eval 'status_is 1 && err_is "traction: cannot import '"'"'$S/limesurvey.csv'"'"': wave '"'"'ms'"'"' does not ask about ChatGPT for Drafting" && [ "$(dump)" = "$before" ]'
run $T import survey "$S/msforms.csv" --instrument pulse --wave ms2 --map "Which team are you in?=unit" --map "$Q1=pmf"
check "a per-use item needs its tool and workflow" eval 'status_is 1 && err_has "line 1, column 8: --map '"'"'$Q1=pmf'"'"': item '"'"'pmf'"'"' is asked per tool and workflow: pmf@TOOL:WORKFLOW" && [ "$(dump)" = "$before" ]'
run $T import survey "$S/msforms.csv" --instrument pulse --wave ms2
check "no unit column" eval 'status_is 1 && err_is "traction: cannot import '"'"'$S/msforms.csv'"'"': line 1: no unit column: name it '"'"'unit'"'"' or map one (--map COLUMN=unit)"'
run $T import survey "$S/msforms.csv" --instrument pulse --wave ms2 --format sheets
check "an unknown --format" eval 'status_is 2 && err_has "--format: generic, msforms, gforms, qualtrics or limesurvey"'
finish
