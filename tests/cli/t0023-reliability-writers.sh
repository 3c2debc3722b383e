#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 23, item 1: a second writer waits its turn for a bounded time.
# An items import is held open mid-file (it reads a FIFO the test feeds
# half of its input, as in t0023-reliability-readers.sh), so nothing
# here depends on how long anything takes. Meanwhile:
#  - a second import with --wait 0 (or $TRACTION_WAIT=0) fails at once,
#    with --wait 1 after a second, each saying that another import is
#    being written, and changes nothing;
#  - the server's own writes do not queue behind the import: a sign-in
#    and a decision answer 503 with Retry-After and a page that says so,
#    record nothing, and pages are still served; once the import has
#    committed, the same sign-in and decision succeed.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
$T pilot new --team Alpha $H --hypothesis "drafts get faster" >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
sed -n '1p' items.csv >b.csv
sed -n '2,50p' items.csv | sed 's/^\([^,]*\),/B-\1,/' >>b.csv
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }

held=
trap 'serve_stop s; [ -n "$held" ] && kill $held 2>/dev/null; rm -rf "$TMP"' EXIT
serve_start s
login ann.jar ann "admin password 1"
check "signed in before the import" eval '[ "$(code -b ann.jar "$B/pilots/1")" = 200 ]'
tok=$(csrf)

# the held import: gen-items.csv read from a FIFO, half of it fed
rm -f feed
mkfifo feed
$T import items feed --source held >held.out 2>held.err &
held=$!
exec 9>feed
half=$(($(wc -l <items.csv) / 2))
head -n "$half" items.csv >&9
locked=0
for _ in $(seq 1 600); do
    if ! sqlite3 traction.db "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
        locked=1
        break
    fi
    sleep 0.1
done
check "the held import holds the write lock" [ "$locked" = 1 ]
dump >before.dump

run $T --wait 0 import items b.csv --source other 9>&-
check "--wait 0: a second import fails at once, saying another import is running" eval "status_is 1 && [ ! -s out ] && [ \"\$(cat err)\" = \"traction: cannot import 'b.csv': another import or change is being written to 'traction.db'\" ]"
run env TRACTION_WAIT=0 $T import items b.csv --source other 9>&-
check "\$TRACTION_WAIT=0 does the same" eval "status_is 1 && err_has \"another import or change is being written to 'traction.db'\""
run $T --wait=1 import items b.csv --source other 9>&-
check "--wait 1: it gives up after a second, saying so" eval "status_is 1 && [ \"\$(cat err)\" = \"traction: cannot import 'b.csv': another import or change is being written to 'traction.db'; gave up waiting for it after 1 s\" ]"
run $T --wait 0 pilot new --team Bravo $H --hypothesis "x" 9>&-
check "another command that writes fails the same way" eval "status_is 1 && err_has \"another import or change is being written to 'traction.db'\""
run $T --wait soon status 9>&-
check "--wait takes whole seconds" eval "status_is 2 && err_has \"--wait: 'soon' is not a number of seconds from 0 to 604800\""

# the server: a sign-in and a decision answer 503 at once, pages answer
lt=$(login_token bob.jar)
c=$(curl -s -D h1 -o body -w '%{http_code}' -b bob.jar --data-urlencode "csrf=$lt" --data-urlencode name=ann \
    --data-urlencode "password=admin password 1" "$B/login")
check "a sign-in during the import: 503 with Retry-After, saying an import is being written" eval '[ "$c" = 503 ] && grep -qi "^retry-after: 30" h1 && grep -q "An import is being written to the workspace and a sign-in has to wait for it" body && ! grep -q tr_session bob.jar'
c=$(curl -s -D h2 -o body -w '%{http_code}' -b ann.jar --data-urlencode "csrf=$tok" -d decision=scale \
    --data-urlencode "why=faster" --data-urlencode "learned=templates" --data-urlencode "differently=d" "$B/pilots/1/decide")
check "a decision during the import: 503 with Retry-After, nothing saved" eval '[ "$c" = 503 ] && grep -qi "^retry-after: 30" h2 && grep -q "The workspace is busy" body && grep -q "nothing was changed" body'
check "pages are served meanwhile" eval '[ "$(code -b ann.jar "$B/pilots/1")" = 200 ] && [ "$(code -b ann.jar "$B/")" = 200 ]'
dump >during.dump
check "nothing was written by the refused writes" cmp before.dump during.dump

# the import ends: the same writes succeed
tail -n +"$((half + 1))" items.csv >&9
exec 9>&-
wait "$held"
held_rc=$?
held=
check "the held import succeeds" eval '[ "$held_rc" = 0 ]'
run $T --wait 0 import items b.csv --source other
check "afterwards a second import with --wait 0 succeeds" eval 'status_is 0 && out_has "49 added"'
check "the sign-in succeeds" eval '[ "$(code -b bob.jar -c bob.jar --data-urlencode "csrf=$lt" --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login")" = 303 ]'
check "the decision succeeds, and its page shows it" eval '[ "$(code -b ann.jar --data-urlencode "csrf=$tok" -d decision=scale --data-urlencode "why=faster" --data-urlencode "learned=templates" --data-urlencode "differently=d" "$B/pilots/1/decide")" = 303 ] && [ "$(code -b ann.jar -D h4 "$B/pilots/1")" = 200 ] && grep -q "templates" body && ! grep -q "New data arrived" body'
check "one decision is recorded" eval '[ "$(sqlite3 traction.db "SELECT count(*) FROM pilot_decision")" = 1 ]'
finish
