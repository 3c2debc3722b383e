#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Learning time (issue 18, item 1): plans, the calendar import (recurring
# events with exceptions, all-day events, time zones across both DST
# switches, UTC), the planned-vs-actual report through the disclosure
# layer, the survey's learning item, bad input, and an independent
# computation of the per-unit weekly hours (calendar_check.py, Python's
# icalendar and recurring_ical_events instead of libical).
. "$(dirname "$0")/lib.sh"

C=$FIX/calendar
$T init >/dev/null
$T import roster "$C/roster.csv" --as-of 2025-01-01 >/dev/null
weeks() { sqlite3 traction.db "SELECT date(w.week * 86400, 'unixepoch'), u.name, printf('%.2f', w.hours), w.people FROM learning_week w JOIN unit u ON u.id = w.unit_id ORDER BY 1, 2"; }

# ---- bad input: file, line and column; nothing stored ----
before=$(dump)
run $T import calendar "$C/bad-tz.ics"
check "an unknown TZID names its parameter" eval 'status_is 1 && err_is "traction: cannot import '"'$C/bad-tz.ics'"': line 7, column 9: unknown time zone '"'Mars/Olympus_Mons'"' (no VTIMEZONE in the file and not a zone this system knows)"'
run $T import calendar "$C/bad-date.ics"
check "a DTSTART that is not a date-time names its value" eval 'status_is 1 && err_has "bad-date.ics'"'"': line 7, column 9: cannot read the DTSTART property"'
run $T import calendar "$C/bad-line.ics"
check "a line without a colon" eval 'status_is 1 && err_has "bad-line.ics'"'"': line 6, column 8: expected '"':'"' before the value"'
run $T import calendar "$C/bad-end.ics"
check "an END that closes another component" eval 'status_is 1 && err_has "bad-end.ics'"'"': line 11, column 5: expected END:VEVENT (BEGIN on line 4)"'
run $T import calendar "$C/bad-order.ics"
check "DTEND before DTSTART" eval 'status_is 1 && err_has "bad-order.ics'"'"': line 8, column 1: DTEND is before DTSTART"'
run $T import calendar "$C/bad-month.ics"
check "a date that is not a real date (month 83: libical would read it years ahead)" eval 'status_is 1 && err_has "bad-month.ics'"'"': line 8, column 1: DTEND is not a real date"'
run $T import calendar "$C/bad-long.ics"
check "an event longer than a year" eval 'status_is 1 && err_has "bad-long.ics'"'"': line 8, column 1: an event longer than a year"'
run $T import calendar "$C/bad-offset.ics"
check "a time zone's UTC offset of +84:67 (it moved local days by days)" eval 'status_is 1 && err_has "bad-offset.ics'"'"': line 15, column 1: a UTC offset beyond 18 hours, or not in hours and minutes"'
run $T import calendar "$C/bad-cut.ics"
check "a file cut short" eval 'status_is 1 && err_has "bad-cut.ics'"'"': line 12, column 1: END:VCALENDAR missing at the end of the file"'
run $T import calendar "$C/bad-fold.ics"
check "a problem on a folded line's continuation names that line" eval 'status_is 1 && err_has "bad-fold.ics'"'"': line 9, column 2: unknown time zone '"'Nowhere/Else'"'"'
run $T import calendar "$C/utc.ics" "$C/bad-tz.ics"
check "a good file before a bad one: nothing stored (all or nothing)" eval 'status_is 1 && err_has "bad-tz.ics'"'"': line 7, column 9"'
printf 'not a calendar\n' >junk.ics
run $T import calendar junk.ics
check "text that is not iCalendar" eval 'status_is 1 && err_is "traction: cannot import '"'junk.ics'"': line 1, column 4: expected '"':'"' before the value"'
check "after every rejected import the workspace is unchanged" [ "$(dump)" = "$before" ]
run $T import calendar "$C/utc.ics" --learning-pattern '('
check "a bad pattern is a usage error" eval 'status_is 2 && err_has "traction: --learning-pattern '"'('"': "'
run $T import calendar "$C/utc.ics" --all-day-hours 25
check "all-day hours above 24 are refused" eval 'status_is 2 && err_has "all-day-hours"'
check "and the workspace is still unchanged" [ "$(dump)" = "$before" ]

# ---- the three hand-written calendars, imported together ----
run $T import calendar "$C/recurring.ics" "$C/dst.ics" "$C/utc.ics" --until 2025-12-31
check "the import says what it read" eval 'status_is 0 && out_is "imported 3 calendar files: 11 events, 9 about learning (1 cancelled), 12 occurrences (2 all-day days skipped)
people: 76 matched to the roster, 4 addresses not in the roster (not stored), 0 listed again
stored 167.0 hours in weeks 2025-W12 to 2025-W43"'
# By hand (Alpha: a1-a6, organiser and 5 attendees; Beta: b1-b6):
#  recurring.ics, Tuesdays 09:00-11:00 Amsterdam, COUNT=6 from 18 March:
#   W12 (18 Mar, CET) Alpha 6 x 2 h = 12, b1 (Beta) 2
#   W13 (25 Mar) Alpha 12, b1 2; W14 (1 Apr, CEST: still 2 h) Alpha 12, b1 2
#   W15 (8 Apr) EXDATE: nothing
#   W16: 15 Apr moved (RECURRENCE-ID) to Wed 16 Apr 14:00-17:00: Alpha
#        6 x 3 = 18; b1 is not on the moved instance
#   W17 (22 Apr) Alpha 12, b1 2 (b2 declined, the room and the visitor
#        are not people of the roster); the daily stand-up is no learning
#  dst.ics: Sun 30 Mar 01:00-04:00 Amsterdam lasts 2 h (02:00 -> 03:00):
#        Alpha W13 + 6 x 2 = 12 -> 24; Sun 26 Oct 01:00-04:00 lasts 4 h
#        (03:00 -> 02:00): W43 6 x 4 = 24; Mon 5 May 00:30-01:30 local is
#        Sunday 22:30 UTC, and counts in the local week W19: 6 x 1 = 6
#  utc.ics (Beta): 19 Mar 13:00-15:30Z 2.5 h and RDATEs 26 Mar, 2 Apr:
#        W12/W13/W14 6 x 2.5 = 15 each; "Deep work" with CATEGORIES
#        Learning, 24 Mar 1 h: W13 + 6; the cancelled training and the
#        sprint planning: nothing; the all-day days: skipped by default
#   Beta: W12 15 + 2 = 17, W13 15 + 6 + 2 = 23, W14 15 + 2 = 17, W17 2 (b1)
expected="2025-03-17|Alpha|12.00|6
2025-03-17|Beta|17.00|6
2025-03-24|Alpha|24.00|6
2025-03-24|Beta|23.00|6
2025-03-31|Alpha|12.00|6
2025-03-31|Beta|17.00|6
2025-04-14|Alpha|18.00|6
2025-04-21|Alpha|12.00|6
2025-04-21|Beta|2.00|1
2025-05-05|Alpha|6.00|6
2025-10-20|Alpha|24.00|6"
check "per-unit weekly hours and people agree with the hand computation" [ "$(weeks)" = "$expected" ]
check "no address and no day row is kept (all older than the retention window)" eval '[ "$(sqlite3 traction.db "SELECT count(*) FROM learning_day")" = 0 ] && ! sqlite3 traction.db .dump | grep -q "example.org"'

# the independent computation, where make check installed it
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import icalendar, recurring_ical_events' 2>/dev/null; then PY=$p; break; fi
done
if [ -n "$PY" ]; then
    "$PY" "$ROOT/tests/cli/calendar_check.py" "$C/roster.csv" "$C/recurring.ics" "$C/dst.ics" "$C/utc.ics" --until 2025-12-31 >py.txt
    check "icalendar + recurring_ical_events give the same hours and people" [ "$(cat py.txt)" = "$expected" ]
else
    not_ok "python3-icalendar and python3-recurring-ical-events are installed (scripts/deps.sh)"
fi

run $T import calendar "$C/utc.ics" --until 2025-12-31
check "importing a week again whose day rows are gone merges nothing" eval 'status_is 0 && out_has "24 person-occurrences fell in weeks closed by retention and were not merged" && [ "$(weeks)" = "$expected" ]'

# ---- all-day events, counted ----
mkdir ad && cd ad || exit 1
$T init >/dev/null
$T import roster "$C/roster.csv" --as-of 2025-01-01 >/dev/null
run $T import calendar "$C/utc.ics" --all-day-hours 6 --until 2025-12-31 --json
check "all-day days counted at --all-day-hours" eval 'status_is 0 && json "j[\"occurrences\"] == 6 and j[\"all_day_skipped\"] == 0 and j[\"hours\"] == 123 and j[\"from\"] == \"2025-W12\" and j[\"until\"] == \"2025-W14\""'
# 20 and 21 March (DTEND 22 March is not included), 6 people x 6 h each
# day: Beta W12 15 + 72 = 87
check "the experiment days add 72 hours to Beta's W12" [ "$(weeks)" = "2025-03-17|Beta|87.00|6
2025-03-24|Beta|21.00|6
2025-03-31|Beta|15.00|6" ]
if [ -n "$PY" ]; then
    "$PY" "$ROOT/tests/cli/calendar_check.py" "$C/roster.csv" "$C/utc.ics" --all-day-hours 6 --until 2025-12-31 >py.txt
    check "the independent computation agrees with all-day hours" [ "$(cat py.txt)" = "$(weeks)" ]
fi
cd .. && mkdir win && cd win || exit 1
$T init >/dev/null
$T import roster "$C/roster.csv" --as-of 2025-01-01 >/dev/null
run $T import calendar "$C/recurring.ics" --from 2025-04-01 --until 2025-04-20
check "--from and --until keep the instances in between (1 and 16 April)" eval 'status_is 0 && out_has "2 occurrences" && [ "$(weeks)" = "2025-03-31|Alpha|12.00|6
2025-03-31|Beta|2.00|1
2025-04-14|Alpha|18.00|6" ]'
cd .. || exit 1

# ---- the simulated organisation's calendar against its truth ----
mkdir simws && cd simws || exit 1
$T simulate --out sim --people 300 --months 5 >/dev/null
$T init >/dev/null
$T import roster sim/roster.csv --as-of 2026-01-01 >/dev/null
run $T import calendar sim/calendar.ics --until 2026-12-31
check "the simulated calendar imports (recurring labs, exceptions, Amsterdam time)" eval 'status_is 0 && out_has "30 about learning (5 cancelled), 340 occurrences"'
cat >cmp.py <<'PY'
import datetime, json, sqlite3, sys
truth = {}
for team in json.load(open("sim/truth.json"))["learning"]["teams"]:
    for w in team["weeks"]:
        if w["people"]:
            truth[(team["team"], w["week"])] = (round(w["hours"], 6), w["people"])
got = {}
for week, unit, hours, people in sqlite3.connect("traction.db").execute(
        "SELECT w.week, u.name, w.hours, w.people FROM learning_week w JOIN unit u ON u.id = w.unit_id"):
    y, wk, _ = (datetime.date(1970, 1, 1) + datetime.timedelta(days=week)).isocalendar()
    got[(unit, "%d-W%02d" % (y, wk))] = (round(hours, 6), people)
print(len(truth), len(got), sum(1 for k in truth if got.get(k) != truth[k]))
sys.exit(0 if truth == got and len(truth) > 100 else 1)
PY
run python3 cmp.py
check "every team-week of the truth, and nothing else, with its hours and people (340 cells)" eval 'status_is 0 && out_is "340 340 0"'
cd .. || exit 1

# ---- plans ----
run $T learning-time plan --unit Company --hours 2 --from 2025-03-01 --until 2025-04-30
check "a plan is recorded" eval 'status_is 0 && out_is "plan 1: Company, 2 hours a person a week from 2025-03-01 to 2025-04-30"'
run $T learning-time plan --unit Alpha --hours 13 --per month --from 2025-04-01 --until 2025-04-30 --json
check "a plan per month, as JSON, in hours a week too (13 x 12 / 52 = 3)" eval 'status_is 0 && json "j[\"unit\"] == \"Alpha\" and j[\"per\"] == \"month\" and j[\"weekly_hours\"] == 3 and j[\"from\"] == \"2025-04-01\""'
before=$(dump)
run $T learning-time plan --unit Nowhere --hours 2 --from 2025-03-01 --until 2025-04-30
check "a plan for an unknown unit" eval 'status_is 1 && err_is "traction: no unit '"'Nowhere'"' in the roster"'
run $T learning-time plan --unit Alpha --hours 2 --per fortnight --from 2025-03-01 --until 2025-04-30
check "a period other than week or month" eval 'status_is 2 && err_has "traction: --per: '"'week'"' or '"'month'"', not '"'fortnight'"'"'
run $T learning-time plan --unit Alpha --hours 50 --from 2025-03-01 --until 2025-04-30
check "more than 40 hours a week" eval 'status_is 2 && err_has "traction: --hours: at most 40 hours a week of protected time"'
run $T learning-time plan --unit Alpha --hours 2 --from 2025-04-30 --until 2025-03-01
check "--until before --from" eval 'status_is 2 && err_has "traction: --until is before --from"'
run $T learning-time plan --unit Alpha --hours 2
check "the range is required" eval 'status_is 2 && err_has "traction: --unit, --hours, --from and --until are required"'
check "refused plans change nothing" [ "$(dump)" = "$before" ]
run $T learning-time list --json
check "plans are listed" eval 'status_is 0 && json "[(p[\"id\"], p[\"unit\"], p[\"hours\"]) for p in j[\"plans\"]] == [(1, \"Company\", 2), (2, \"Alpha\", 13)]"'
run $T audit log --json
check "plans and calendar imports are in the audit trail" eval 'json "[(e[\"action\"], e[\"subject\"]) for e in j[\"entries\"] if e[\"action\"] != \"import\" or e[\"details\"][\"kind\"] == \"calendar\"] == [(\"import\", \"recurring.ics\"), (\"import\", \"dst.ics\"), (\"import\", \"utc.ics\"), (\"import\", \"utc.ics\"), (\"learning.plan\", \"Company\"), (\"learning.plan\", \"Alpha\")] and j[\"entries\"][-1][\"details\"][\"hours\"] == 13"'

# ---- the survey's learning item ----
$T survey open --instrument pulse --units Alpha --from 2025-04-07 --until 2025-04-11 --name w15 --use Copilot:drafting >/dev/null
printf 'unit,learning_hours\nAlpha,2to4\nAlpha,2to4\nAlpha,2to4\nAlpha,4plus\nAlpha,1to2\nAlpha,1to2\n' >s.csv
$T import survey s.csv --instrument pulse --wave w15 >/dev/null

# ---- the report ----
run $T learning-time report --from 2025-03-17 --until 2025-05-11 --json
check "the report covers the weeks asked for" eval 'status_is 0 && json "j[\"from\"] == \"2025-W12\" and j[\"until\"] == \"2025-W19\""'
# Alpha W12: 12 h over 6 people = 2 a person; plan: Company's 2 a week
check "calendar hours per person beside the plan inherited from the parent" eval 'json "[r for r in j[\"rows\"] if r[\"unit\"] == \"Alpha\" and r[\"week\"] == \"2025-W12\"] == [{\"unit\": \"Alpha\", \"week\": \"2025-W12\", \"people\": 6, \"planned_hours\": 2, \"calendar\": {\"hours_per_person\": 2, \"hours\": 12, \"learners\": 6}, \"survey\": {\"hours_per_person\": None, \"respondents\": 0}, \"actual_hours\": 2, \"actual_source\": \"calendar\"}]"'
# the wave opened in W15 asks about the last two weeks (W14, W15): bands
# 3 + 3 + 3 + 5 + 1.5 + 1.5 = 17 hours over 6 people in two weeks, so
# 17 / 6 / 2 = 1.4167 a week; Alpha's own plan (3 a week) from W14
check "the survey's hours are the actual figure where shown" eval 'json "[(r[\"week\"], r[\"planned_hours\"], round(r[\"survey\"][\"hours_per_person\"], 4), r[\"survey\"][\"respondents\"], r[\"calendar\"][\"hours_per_person\"], r[\"actual_source\"]) for r in j[\"rows\"] if r[\"unit\"] == \"Alpha\" and r[\"week\"] in (\"2025-W14\", \"2025-W15\")] == [(\"2025-W14\", 3, 1.4167, 6, 2, \"survey\"), (\"2025-W15\", 3, 1.4167, 6, None, \"survey\")]"'
# W17: Beta had 1 person (b1) with learning hours: hidden; Alpha's W17
# hidden with it, or Alpha and the week's total would give it away
check "a cell of fewer than 5 people is hidden, and its complement" eval 'json "j[\"hidden\"] == 2 and [(r[\"unit\"], r[\"calendar\"][\"hours\"]) for r in j[\"rows\"] if r[\"week\"] == \"2025-W17\"] == [(\"Alpha\", None), (\"Beta\", None)]"'
check "a plan's end: Alpha has none in W19" eval 'json "[(r[\"planned_hours\"], r[\"calendar\"][\"hours\"]) for r in j[\"rows\"] if r[\"unit\"] == \"Alpha\" and r[\"week\"] == \"2025-W19\"] == [(None, 6)]"'
check "no unit too small to show is named" eval '! out_has "Gamma" && ! out_has "Company"'
run $T learning-time report --unit Beta --from 2025-03-17 --until 2025-03-23
check "--unit limits the report to a subtree, as text" eval 'status_is 0 && out_has "2025-W12  Beta       6      2.0       2.8         6       -     2.8  calendar" && ! out_has "Alpha"'
run $T privacy audit --json
check "the privacy audit enumerates the calendar cells and finds nothing" eval 'status_is 0 && json "j[\"unprotected\"] == [] and j[\"needing_protection\"] >= 2"'
TRACTION_AUDIT_PLANT='learning/learners/team=Beta,source=calendar/2025-W17' run $T privacy audit
check "a hidden calendar cell published by mistake is found" eval 'status_is 1 && out_has "learning/learners/team=Beta,source=calendar/2025-W17  published outright"'
# ---- the dashboard: /learning-time and its JSON twin, scoped ----
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Beta --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
$T learning-time report --json >cli.json
serve_start srv
login ann.jar ann "admin password 1"
login max.jar max "manager password"
login vic.jar vic "viewer password!"
cat >same.py <<'PY'
import json, sys
def r(x):
    if isinstance(x, float):
        return round(x, 6)
    if isinstance(x, list):
        return [r(v) for v in x]
    if isinstance(x, dict):
        return {k: r(v) for k, v in x.items()}
    return x
sys.exit(0 if r(json.load(open(sys.argv[1]))) == r(json.load(open(sys.argv[2]))) else 1)
PY
check "an admin's /api/learning-time is the report's JSON (the API rounds reals to 10 digits)" eval '[ "$(code -b ann.jar "$B/api/learning-time")" = 200 ] && python3 same.py body cli.json'
check "the page shows the rows" eval '[ "$(code -b ann.jar "$B/learning-time")" = 200 ] && grep -q "Learning time: protected and actual" body && grep -q "<td>2025-W12</td><td>Alpha</td>" body'
check "a manager of Beta sees Beta's rows only" eval '[ "$(code -b max.jar "$B/api/learning-time")" = 200 ] && python3 -c "import json,sys; j=json.load(open(\"body\")); sys.exit(0 if j[\"rows\"] and {r[\"unit\"] for r in j[\"rows\"]} == {\"Beta\"} else 1)"'
check "a viewer may not see team-level learning time" eval '[ "$(code -b vic.jar "$B/api/learning-time")" = 403 ] && [ "$(code -b vic.jar "$B/learning-time")" = 403 ]'
serve_stop srv

run $T learning-time report --unit Nowhere
check "an unknown unit" eval 'status_is 1 && err_is "traction: no unit '"'Nowhere'"' in the roster"'
finish
