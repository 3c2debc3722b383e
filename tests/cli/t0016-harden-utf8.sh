#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, item 1: text that is not UTF-8 never kills the dashboard.
# Every form field and command-line argument that takes text refuses it
# with a clear error (and changes nothing); text stored before that check
# (or written by another tool) is shown with U+FFFD and never stops the
# server or empties an answer, for every role on every page.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
for t in Alpha Bravo Charlie; do $T pilot new --team $t $H --hypothesis "drafts get faster" >/dev/null; done
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Alpha --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
BAD=$(printf 'clear \377 win')

# the command line: every argument is checked once, for every command
before=$(dump)
run $T pilot new --team Delta $H --hypothesis "$BAD"
check "pilot new: a hypothesis that is not UTF-8 is a usage error naming the option" eval 'status_is 2 && err_has "traction: the value of '"'"'--hypothesis'"'"' is not valid UTF-8 (byte 7)"'
run $T pilot decide 1 scale --by Dana --why "$BAD" --learned l --differently d
check "pilot decide: --why likewise" eval 'status_is 2 && err_has "the value of '"'"'--why'"'"' is not valid UTF-8 (byte 7)"'
run $T pilot decide 1 scale --by Dana --why w --learned=l --differently="$BAD"
check "... and --differently=VALUE" eval 'status_is 2 && err_has "the value of '"'"'--differently'"'"' is not valid UTF-8 (byte 7)"'
run $T pilot extend 1 --review 2025-08-01 --why "$BAD"
check "pilot extend: --why likewise" eval 'status_is 2 && err_has "not valid UTF-8"'
run $T user add "$(printf 'bo\377b')" --role viewer
check "user add: a name that is not UTF-8" eval 'status_is 2 && err_has "traction: an argument is not valid UTF-8 (byte 3, after '"'"'bo'"'"')"'
check "nothing was stored by any of them" [ "$(dump)" = "$before" ]

trap 'serve_stop s1; rm -rf "$TMP"' EXIT
serve_start s1
login ann.jar ann "admin password 1"
login max.jar max "manager password"
login vic.jar vic "viewer password!"
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }
code -b ann.jar "$B/pilots/1" >/dev/null
tok=$(csrf)

# the form: every text field of a decision
decide() { code -b ann.jar --data "csrf=$tok&$1" "$B/pilots/1/decide"; }
ok_form=1
for f in "decision=sc%FFale&why=w&learned=l&differently=d" \
         "decision=scale&why=clear%FF+win&learned=l&differently=d" \
         "decision=scale&why=w&learned=%C3&differently=d" \
         "decision=scale&why=w&learned=l&differently=%ED%A0%80"; do
    c=$(decide "$f")
    [ "$c" = 400 ] && grep -q "is not valid UTF-8 text" body || { ok_form=0; echo "# $f: $c"; }
done
check "a decision whose text is not UTF-8 is refused with 400, field by field" [ "$ok_form" = 1 ]
check "... and the page says which field" eval '[ "$(decide "decision=scale&why=clear%FF+win&learned=l&differently=d")" = 400 ] && grep -q "&#39;why&#39; is not valid UTF-8 text (byte 6)" body'
check "a NUL byte in a field is refused, not cut short silently" eval '[ "$(decide "decision=scale&why=clear%00win&learned=l&differently=d")" = 400 ] && grep -q "&#39;why&#39; holds a NUL byte" body'
long=$(head -c 5000 /dev/zero | tr '\0' a)
check "a field longer than the form takes is refused, not cut short silently" eval '[ "$(decide "decision=scale&why=$long&learned=l&differently=d")" = 400 ] && grep -q "&#39;why&#39; is longer than 4095 bytes" body'
check "the pilot is still running, without a decision" eval '[ "$(sqlite3 traction.db "SELECT status, (SELECT count(*) FROM pilot_decision) FROM pilot WHERE id = 1")" = "running|0" ]'

# text stored before these checks existed (as today's code let it in):
# a decision, a hypothesis, a deviation and a decider's name
$T pilot decide 1 scale --by Dana --why w --learned "first drafts got faster" --differently d >/dev/null
$T pilot extend 2 --review 2025-08-01 --why "late data" >/dev/null
sqlite3 traction.db "UPDATE pilot_decision SET why = CAST(X'636c65617220ff2077696e' AS TEXT), by_name = CAST(X'44616eff61' AS TEXT);
UPDATE pilot SET hypothesis = CAST(X'6472616674738061' AS TEXT) WHERE id IN (1, 2);
UPDATE pilot_deviation SET why = CAST(X'6c617465c3' AS TEXT)"
check "(the workspace now holds text that is not UTF-8)" eval '[ "$(sqlite3 traction.db "SELECT hex(why) FROM pilot_decision")" = 636C65617220FF2077696E ]'

alpha=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Alpha'")
pages="/ /overview /pilots /pilots/1 /pilots/2 /playbooks /playbooks/1 /learning /whatif /teams/$alpha"
: >bad.txt
for who in ann max vic; do
    for p in $pages; do
        for api in "" /api; do
            [ "$api$p" = /api/ ] && continue
            c=$(code -b $who.jar "$B$api$p")
            case "$c" in 200 | 403) ;; *) echo "$who $api$p: $c" >>bad.txt ;; esac
            if [ "$c" = 200 ] && [ -n "$api" ]; then
                python3 -c 'import json,sys; json.load(open("body"))' 2>/dev/null || echo "$who $api$p: not JSON" >>bad.txt
                [ -s body ] || echo "$who $api$p: empty" >>bad.txt
            fi
        done
    done
done
check "every page and its JSON twin answers every role (200 or 403), never an empty or broken answer" eval '[ ! -s bad.txt ] || { sed "s/^/# /" bad.txt; false; }'
check "the server is alive" eval '[ "$(code "$B/health")" = 200 ]'
check "the decision stays visible, its bad byte shown as U+FFFD" eval 'curl -s -b ann.jar "$B/api/pilots/1" | python3 -c "import json,sys; j=json.load(sys.stdin); d=j[\"decisions\"]; assert len(d) == 1 and d[0][\"why\"] == \"clear \ufffd win\" and d[0][\"by\"] == \"Dan\ufffda\" and j[\"hypothesis\"] == \"drafts\ufffda\", j"'
check "a viewer reads the playbook, and the portfolio of playbooks is not empty" eval 'curl -s -b vic.jar "$B/api/playbooks/1" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"decision\"][\"why\"] == \"clear \ufffd win\", j" && curl -s -b vic.jar "$B/api/playbooks" | python3 -c "import json,sys; j=json.load(sys.stdin); assert len(j[\"playbooks\"]) == 1, j"'
check "the deviation is shown too" eval 'curl -s -b ann.jar "$B/api/pilots/2" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"deviations\"][0][\"why\"] == \"late\ufffd\", j"'
check "the HTML page shows U+FFFD where the bad byte was" eval '[ "$(code -b ann.jar "$B/pilots/1")" = 200 ] && grep -q "clear � win" body'
run $T pilot show 1 --json
check "the command line reads it too" eval 'status_is 0 && json "j[\"decisions\"][0][\"why\"] == \"clear \ufffd win\""'
run $T playbook 1
check "... and writes the playbook from it" eval 'status_is 0 && out_has "clear � win"'
check "the server is still alive" eval '[ "$(code "$B/health")" = 200 ] && kill -0 "$(cat s1.pid)"'
finish
