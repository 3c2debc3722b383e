#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The mandate-trap signal on an organisation with a known story: one team
# complies on paper while using other tools, one team's use is real, one
# team is too small to show, and one is shown without its small counts.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
import datetime
monday = datetime.date(2026, 3, 2)            # ISO 2026-W10
end = monday + datetime.timedelta(days=7)
def ts(d, h=9):
    return int(datetime.datetime(d.year, d.month, d.day, h).replace(tzinfo=datetime.timezone.utc).timestamp())
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    for t, n, parent in (("Theatre", 48, "Org"), ("Real", 12, "Org"), ("Tiny", 4, "Org"),
                         ("Small", 12, "Org"), ("Mid", 6, "Org"), ("Kid", 6, "Mid")):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,{t.lower()}{i},{t},{parent},no\n")
with open("usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for i in range(12):                                  # thin: 12 of 48, one day
        fp.write(f"{monday + datetime.timedelta(days=i % 3)},theatre{i},Copilot,yes,2\n")
    for i in range(3):                                   # 3 of 12: a small cell
        fp.write(f"{monday},small{i},Copilot,yes,2\n")
    for i in range(10):                                  # deep: 10 of 12, 3 days
        for d in (0, 2, 4):
            fp.write(f"{monday + datetime.timedelta(days=d)},real{i},Copilot,yes,15\n")
    for i in range(4):
        fp.write(f"{monday},tiny{i},Copilot,yes,5\n")
    for t in ("mid", "kid"):                             # 6 + 6: shown as Mid
        for i in range(6):
            fp.write(f"{monday},{t}{i},Copilot,yes,5\n")
with open("access.log", "w") as fp:
    for team, people in (("theatre", range(12, 24)), ("small", range(3, 9))):
        for i in people:                                 # 12 of 48, 6 of 12
            for d in range(3):
                fp.write(f"{ts(monday + datetime.timedelta(days=d))}.000 10 10.0.0.{i} TCP_MISS/200 100 CONNECT chatgpt.com:443 {team}{i} HIER_DIRECT/1.1.1.1 -\n")
    fp.write(f"{ts(monday)}.000 10 10.0.0.99 TCP_MISS/200 100 CONNECT claude.ai:443 real0 HIER_DIRECT/1.1.1.1 -\n")
with open("items.csv", "w") as fp:
    fp.write("key,workflow,team,started_at,finished_at\n")
    k = 0
    for team, before, now in (("Real", 20, 13), ("Theatre", 20, 20)):
        for j in range(20):
            for hours, offset in ((before, 50), (now, 20)):
                fin = end - datetime.timedelta(days=offset - j % 20)
                f = ts(fin)
                fp.write(f"I{k},work,{team},{f - hours * 3600},{f}\n")
                k += 1
PY
$T import roster roster.csv --as-of 2025-01-01 >/dev/null
$T import usage --format generic usage.csv >/dev/null
$T shadow scan --format squid access.log >/dev/null
$T import items items.csv >/dev/null
run $T trap --week 2026-W10 --json
cp out trap.json
verdict() { python3 -c "import json; print([t['verdict'] for t in json.load(open('trap.json'))['teams'] if t['team'] == '$1'][0])"; }
check "thin approved use with high shadow demand is theatre" [ "$(verdict Theatre)" = theatre ]
check "deep approved use with outcomes that moved is real" [ "$(verdict Real)" = real ]
check "the reasons are spelled out with the numbers" eval 'json "any(\"25% of the team active\" in r for t in j[\"teams\"] for r in t[\"reasons\"]) and any(\"cycle time moved -35%\" in r for t in j[\"teams\"] for r in t[\"reasons\"])"'
check "fewer than 10 active or shadow people: no count, share or depth, in either signal" eval 'json "[(t[\"approved\"], t[\"shadow\"]) for t in j[\"teams\"] if t[\"team\"] == \"Small\"] == [({\"active_people\": None, \"active_share\": None, \"days_per_person\": None, \"registration_only_share\": None, \"suppressed\": True}, {\"people_at_least\": None, \"services\": None, \"share\": None, \"suppressed\": True})]"'
check "... and its reasons give the thresholds, not its shares (25%, 50%)" eval 'json "[t for t in j[\"teams\"] if t[\"team\"] == \"Small\"][0][\"reasons\"] == [\"approved tool: fewer than 10 of the team'"'"'s 12 people active, or mostly registration-only\", \"shadow demand: 20% of the team or more (fewer than 10 people) used unapproved AI services\"]"'
check "a real verdict needs depth over 10 people or more" eval 'json "all(t[\"verdict\"] != \"real\" or t[\"approved\"][\"active_people\"] >= 10 for t in j[\"teams\"])"'
check "a team under 10 people is merged upward, and not shown when still too small" eval 'json "j[\"people_not_shown\"] == 4 and not any(t[\"team\"] in (\"Tiny\", \"Org\", \"Kid\") for t in j[\"teams\"])"'
check "a parent and a child small alone but not together are shown as the parent, as in usage" eval 'json "[(t[\"team\"], t[\"merged\"], t[\"people\"]) for t in j[\"teams\"] if t[\"team\"] == \"Mid\"] == [(\"Mid\", True, 12)]"'
run $T usage --week 2026-W10 --json
check "... the unit usage names for them too" eval 'json "\"Mid\" in [c[\"team\"] for c in j] and \"Org\" not in [c[\"team\"] for c in j]"'
run $T trap
check "the latest week is the default; the text lists verdicts and reasons" eval 'status_is 0 && out_has "week 2026-W10" && out_has "Theatre: theatre" && out_has "Real: real"'
check "... and shows a small count as <10" eval 'grep -q "^Small  *12  *<10  *-  *<10 " out'
run $T catalog mark ChatGPT approved
check "marking a service approved" eval 'status_is 0 && out_has "ChatGPT is now approved"'
run $T trap --week 2026-W10 --json
check "approved services are not shadow demand: the theatre verdict goes" eval 'status_is 0 && json "[t[\"verdict\"] for t in j[\"teams\"] if t[\"team\"] == \"Theatre\"] == [\"unclear\"]"'
run $T catalog mark Skynet approved
check "marking an unknown service is an error" eval 'status_is 1 && err_has "no service '"'"'Skynet'"'"'"'
run $T trap --week 2026-37
check "a bad week is a usage error" eval 'status_is 2 && err_has "--week"'

# slow approval (tool requests, issue 18) is a reason of its own, as of
# the week's end (Monday 2026-03-09): filed Mon 02-16, 15 working days
$T user add gov --role governance >/dev/null
$T request new --unit Theatre --tool Claude --workflow work --at 2026-02-16 >/dev/null
$T request new --unit Real --tool Claude --workflow work --at 2026-02-16 >/dev/null
$T request decide 2 approve --by gov --why fine --at 2026-02-18 >/dev/null
$T request new --unit Kid --tool Claude --workflow work --at 2026-02-20 >/dev/null
$T request new --unit Kid --tool Claude --workflow work --at 2026-03-09 >/dev/null
run $T trap --week 2026-W10 --json
check "an overdue request is slow approval in its team's reasons" eval 'json "[(t[\"approval\"], t[\"reasons\"][-1]) for t in j[\"teams\"] if t[\"team\"] == \"Theatre\"] == [({\"slow\": True, \"requests_overdue\": 1}, \"slow approval: 1 tool request open past the service level of 10 working days (the oldest waited 15)\")]"'
check "a request decided in 2 days is not" eval 'json "[t[\"approval\"][\"slow\"] for t in j[\"teams\"] if t[\"team\"] == \"Real\"] == [False]"'
check "a merged unit's member's request counts for it (filed Fri 02-20: 11 working days)" eval 'json "[r for t in j[\"teams\"] if t[\"team\"] == \"Mid\" for r in t[\"reasons\"] if r.startswith(\"slow\")] == [\"slow approval: 1 tool request open past the service level of 10 working days (the oldest waited 11)\"]"'
finish
