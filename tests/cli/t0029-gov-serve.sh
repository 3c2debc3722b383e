#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The governance pages on the real server: who sees tool requests (admins
# and governance all, a manager their subtree's, viewers none), who
# decides them (governance and admins), proposals any signed-in user
# files, and the register of what stays human every reader sees; forms
# need their CSRF token and refuse text that is too long or not UTF-8.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
$T import roster "$FIX/roster.csv" --as-of 2025-01-01 >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Marketing --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
printf 'governance pass\n' | $T user add gina --role governance --password-stdin >/dev/null
$T request new --unit Growth --tool ChatGPT --workflow "ad copy" --at 2026-03-02 >/dev/null
$T request new --unit "Support EMEA" --tool Claude --workflow replies --at 2026-03-03 >/dev/null
$T proposal new --team Growth --workflow "ad copy" --friction slow --outcome cycle_time --tool ChatGPT >/dev/null
$T proposal new --team "Support EMEA" --workflow replies --friction rework --outcome rework --tool Claude >/dev/null
$T human add --workflow replies --checkpoint "an agent reads each AI reply before it is sent" --owner "team lead" --since 2026-01-05 >/dev/null
serve_start s1 --timeout 5
login ann.jar ann "admin password 1"
login max.jar max "manager password"
login vic.jar vic "viewer password!"
login gina.jar gina "governance pass"
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }
api() { code -b "$1.jar" "$B/api/$2" >/dev/null; python3 -c "import json; j=json.load(open('body')); print($3)"; }

check "viewers do not see tool requests (403)" eval '[ "$(code -b vic.jar "$B/api/requests")" = 403 ] && [ "$(code -b vic.jar "$B/requests")" = 403 ]'
check "governance sees every request and may decide" [ "$(api gina requests '[r["id"] for r in j["requests"]], j["can_decide"]')" = "[1, 2] True" ]
check "a manager sees their subtree's requests only, and does not decide" [ "$(api max requests '[r["team"] for r in j["requests"]], j["can_decide"], j["clocks"]["requests"]')" = "['Growth'] False 1" ]
check "an admin sees every request" [ "$(api ann requests 'len(j["requests"])')" = 2 ]
check "governance sees the register" [ "$(api gina human 'len(j["register"])')" = 1 ]
check "viewers see what stays human, on a plain page" eval '[ "$(code -b vic.jar "$B/human")" = 200 ] && grep -q "What stays human, and how AI fits the workforce plan" body && grep -q "an agent reads each AI reply before it is sent" body'
check "viewers see no team's proposals, only how many" [ "$(api vic proposals 'j["proposals"], j["not_shown"]')" = "[] 2" ]
check "a manager sees their subtree's proposals" [ "$(api max proposals '[p["team"] for p in j["proposals"]]')" = "['Growth']" ]
check "the navigation links the new pages" eval 'code -b vic.jar "$B/" >/dev/null && grep -q "href=\"/proposals\"" body && grep -q "href=\"/human\"" body'

code -b gina.jar "$B/requests" >/dev/null
tok=$(csrf)
check "the requests page carries decide forms for governance" eval 'grep -q "action=\"/requests/1/decide\"" body'
check "a decision without its token is refused (403)" eval '[ "$(code -b gina.jar -d decision=approve -d why=ok "$B/requests/1/decide")" = 403 ]'
check "governance takes a request into review" eval '[ "$(code -b gina.jar -d csrf=$tok "$B/requests/1/review")" = 303 ]'
check "... and decides it" eval '[ "$(code -b gina.jar -d csrf=$tok -d decision=approve-with-conditions -d why=ok -d "conditions=a person reviews each draft" "$B/requests/1/decide")" = 303 ]'
check "the decision is stored with its reviewer and conditions" [ "$(sqlite3 traction.db "SELECT decision, decided_by, reviewer, conditions FROM tool_request WHERE id = 1")" = "approve-with-conditions|gina|gina|a person reviews each draft" ]
check "the audit trail names the account" eval '$T audit log --json >out && json "[(e[\"actor\"], e[\"action\"]) for e in j[\"entries\"][-2:]] == [(\"gina\", \"request.review\"), (\"gina\", \"request.decide\")]"'
check "a decided request is not decided again (400, with the reason)" eval '[ "$(code -b gina.jar -d csrf=$tok -d decision=decline -d why=no "$B/requests/1/decide")" = 400 ] && grep -q "request 1 is already decided" body'
code -b max.jar "$B/requests" >/dev/null
mtok=$(csrf)
check "a manager does not decide (403)" eval '[ "$(code -b max.jar -d csrf=$mtok -d decision=approve -d why=ok "$B/requests/2/decide")" = 403 ]'
check "a manager files a request for a team of theirs" eval '[ "$(code -b max.jar -d csrf=$mtok -d team=Growth -d tool=Gemini -d workflow=briefs "$B/requests")" = 303 ]'
check "... not for another's (403)" eval '[ "$(code -b max.jar -d csrf=$mtok -d team="Support EMEA" -d tool=Gemini -d workflow=briefs "$B/requests")" = 403 ]'

code -b vic.jar "$B/proposals" >/dev/null
vtok=$(csrf)
check "any signed-in user proposes a test (a viewer too)" eval '[ "$(code -b vic.jar -d csrf=$vtok -d team=Growth -d workflow=briefs -d "friction=briefs take long" -d outcome=cycle_time -d tool=Gemini "$B/proposals")" = 303 ]'
check "... stored for the team, the audit trail naming who" eval '[ "$(sqlite3 traction.db "SELECT u.name, p.friction FROM proposal p JOIN unit u ON u.id = p.unit_id WHERE p.id = 3")" = "Growth|briefs take long" ] && $T audit log --json >out && json "j[\"entries\"][-1][\"actor\"] == \"vic\" and j[\"entries\"][-1][\"action\"] == \"proposal.submit\""'
before=$(dump)
long=$(python3 -c 'print("x" * 4096)')
check "a friction over 4,095 bytes is refused (400), not cut" eval '[ "$(code -b vic.jar -d csrf=$vtok -d team=Growth -d workflow=w -d "friction=$long" -d outcome=errors -d tool=t "$B/proposals")" = 400 ]'
check "text that is not UTF-8 is refused (400)" eval '[ "$(code -b vic.jar -d csrf=$vtok -d team=Growth -d workflow=w -d "friction=%ff%fe" -d outcome=errors -d tool=t "$B/proposals")" = 400 ] && grep -q "not valid UTF-8" body'
check "an outcome that is not a metric is refused (400)" eval '[ "$(code -b vic.jar -d csrf=$vtok -d team=Growth -d workflow=w -d friction=f -d outcome=speed -d tool=t "$B/proposals")" = 400 ]'
check "a viewer files no request (403)" eval '[ "$(code -b vic.jar -d csrf=$vtok -d team=Growth -d tool=t -d workflow=w "$B/requests")" = 403 ]'
check "the refused posts changed nothing" [ "$(dump)" = "$before" ]
serve_stop s1
finish
