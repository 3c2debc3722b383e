#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, items 5 and 6: decisions posted at once close a pilot once;
# the SSO proxy's user header is refused when repeated or comma-joined;
# the sign-in form has a CSRF token; a sign-in the busy workspace could
# not answer does not count toward the lockout; behind the proxy each
# client has its own lockout (the address the proxy forwards), and from
# anywhere else X-Forwarded-For is ignored.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
for t in Alpha Bravo; do $T pilot new --team $t $H --hypothesis "drafts get faster" >/dev/null; done
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
$T user add vic --role viewer >/dev/null
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }

trap 'serve_stop s1; serve_stop s2; serve_stop s3; [ -n "${locker:-}" ] && kill $locker 2>/dev/null; rm -rf "$TMP"' EXIT
serve_start s1 --threads 8

# item 5: eight closing decisions posted at once
login ann.jar ann "admin password 1"
code -b ann.jar "$B/pilots/1" >/dev/null
tok=$(csrf)
for i in 1 2 3 4 5 6 7 8; do
    d=scale
    [ $((i % 2)) = 0 ] && d=retire
    curl -s -o "race$i.html" -w '%{http_code}\n' -b ann.jar --data-urlencode "csrf=$tok" -d decision=$d \
        -d "why=reason $i" -d learned=l -d differently=d "$B/pilots/1/decide" >"race$i.code" &
done
wait_codes() { for _ in $(seq 1 300); do [ "$(cat race*.code 2>/dev/null | wc -l)" = 8 ] && return; sleep 0.1; done; }
wait_codes
check "of eight decisions at once, one is recorded (303)" eval '[ "$(grep -c "^303$" race*.code | awk -F: "{ n += \$2 } END { print n }")" = 1 ]'
# each other is refused: already decided (400), or, on a loaded machine,
# busy: the write lock not free within 0.2 s (503); none is recorded
refused() {
    k=0 # not n: lib.sh counts the checks in n
    for f in race*.code; do
        case $(cat "$f") in
        303) ;;
        400) grep -q "pilot 1 is already" "${f%.code}.html" && k=$((k + 1)) ;;
        503) k=$((k + 1)) ;;
        esac
    done
    [ "$k" = 7 ]
}
check "the seven others are refused (400: already decided, or 503: busy)" refused
check "the workspace holds exactly one decision, and the pilot's status is that one's" eval '[ "$(sqlite3 traction.db "SELECT count(*) FROM pilot_decision WHERE pilot_id = 1")" = 1 ] && [ "$(sqlite3 traction.db "SELECT p.status = CASE d.decision WHEN '"'"'scale'"'"' THEN '"'"'scaled'"'"' ELSE '"'"'retired'"'"' END FROM pilot p JOIN pilot_decision d ON d.pilot_id = p.id WHERE p.id = 1")" = 1 ]'
run $T pilot decide 1 retire --by x --why y --learned z --differently w
check "the command line is refused the same way" eval 'status_is 1 && err_has "pilot 1 is already"'

# item 6: the sign-in form's token
check "a sign-in without the form's token is refused (403)" eval '[ "$(code --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login")" = 403 ] && grep -q "stale or came from elsewhere" body'
lt=$(login_token a.jar)
lt2=$(login_token b.jar)
check "with another visitor's token too (a login CSRF)" eval '[ "$(code -b a.jar --data-urlencode csrf=$lt2 --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login")" = 403 ]'
check "with the token of its own form it signs in" eval '[ "$(code -b a.jar -c a.jar --data-urlencode csrf=$lt --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login")" = 303 ] && [ "$(code -b a.jar "$B/api/overview")" = 200 ]'
check "the form's cookie is HttpOnly and SameSite=Strict" eval 'curl -s -D - -o /dev/null "$B/login" | grep -qi "^set-cookie: tr_login=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict"'

# a busy workspace does not lock anyone out: while another process holds
# the write lock, ten correct sign-ins cannot start a session (503); once
# it is released, the eleventh signs in (it used to get 429)
mkfifo lock.in
python3 -c '
import sqlite3, sys
db = sqlite3.connect("traction.db", isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
' <lock.in >lock.out &
locker=$!
exec 7>lock.in
for _ in $(seq 1 50); do grep -q locked lock.out && break; sleep 0.1; done
lt=$(login_token busy.jar)
for batch in 1 2; do
    for i in 1 2 3 4 5; do
        curl -s -o /dev/null -w '%{http_code}\n' -b busy.jar --data-urlencode csrf=$lt --data-urlencode name=ann \
            --data-urlencode "password=admin password 1" "$B/login" >"busy$batch$i.code" &
    done
    # each waits 0.2 s for the lock (HTTP_BUSY_MS), some for a free
    # server thread first; the lock must outlast all ten
    for _ in $(seq 1 900); do [ "$(cat busy$batch*.code 2>/dev/null | grep -c .)" = 5 ] && break; sleep 0.1; done
done
exec 7>&-
wait $locker
locker=
check "sign-ins during the lock answer 503, busy" eval '[ "$(cat busy*.code | sort -u)" = 503 ]'
check "... and do not count as failures: the next one signs in" eval '[ "$(code -b busy.jar -c busy.jar --data-urlencode csrf=$lt --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login")" = 303 ]'
serve_stop s1

# the SSO proxy's header, once and with one name
serve_start s2 --trust-proxy-header X-Forwarded-User --proxy 127.0.0.1
check "the header once, one name: signed in" eval '[ "$(code -H "X-Forwarded-User: vic" "$B/api/overview")" = 200 ]'
check "the header twice is refused (400), whichever name comes first" eval '[ "$(code -H "X-Forwarded-User: ann" -H "X-Forwarded-User: vic" "$B/api/overview")" = 400 ] && grep -q "more than once" body && [ "$(code -H "X-Forwarded-User: vic" -H "X-Forwarded-User: ann" "$B/api/overview")" = 400 ]'
check "two names joined by a comma are refused (400)" eval '[ "$(code -H "X-Forwarded-User: ann, vic" "$B/api/overview")" = 400 ] && [ "$(code -H "x-forwarded-user: vic,ann" "$B/api/overview")" = 400 ]'

# behind the proxy each client has its own lockout: the address the proxy
# appended to X-Forwarded-For, not what the client put before it
fail() { code -b p.jar -H "X-Forwarded-For: $1" --data-urlencode csrf=$lt --data-urlencode name=ann -d password=wrong "$B/login"; }
good() { code -b p.jar -H "X-Forwarded-For: $1" --data-urlencode csrf=$lt --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login"; }
lt=$(login_token p.jar)
for i in 1 2 3 4 5 6 7 8 9 10; do fail 192.0.2.1 >/dev/null; done
check "ten failures forwarded for one client lock that client out" eval '[ "$(good 192.0.2.1)" = 429 ]'
check "... also when it puts another address first in the header" eval '[ "$(good "192.0.2.7, 192.0.2.1")" = 429 ]'
check "another client behind the same proxy signs in" eval '[ "$(good 192.0.2.2)" = 303 ]'
serve_stop s2

# without --proxy (or from another address) X-Forwarded-For means nothing
serve_start s3
lt=$(login_token p.jar)
for i in 1 2 3 4 5 6 7 8 9 10; do fail "192.0.2.$i" >/dev/null; done
check "without a trusted proxy, a client cannot escape its lockout by forging X-Forwarded-For" eval '[ "$(good 192.0.2.99)" = 429 ]'
finish
