#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, items 3 and 4: access can be taken back, at once. A new
# password ends the sessions and the login links the old one opened;
# `user disable` ends them and keeps the user out (password, link, SSO
# proxy) until `user enable`; `user remove` deletes the account. Behind
# the SSO proxy, requests without a cookie write no session (they used to
# write one each, and each such commit emptied the page cache).
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
for t in Alpha Bravo; do $T pilot new --team $t $H --hypothesis "drafts get faster" >/dev/null; done
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Alpha --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null
$T user add sam --role admin >/dev/null
sessions() { sqlite3 traction.db "SELECT count(*) FROM app_session s JOIN app_user u ON u.id = s.user_id WHERE u.name = '$1'"; }

trap 'serve_stop s1; serve_stop s2; serve_stop v6/s3 2>/dev/null; rm -rf "$TMP"' EXIT
serve_start s1
signed_in() { [ "$(code -b "$1" "$B/api/overview")" = 200 ]; }

# a new password ends what the old one opened
login ann1.jar ann "admin password 1"
login ann2.jar ann "admin password 1"
link1=$($T user link ann --base "$B" | head -1)
link2=$($T user link ann --base "$B" | head -1)
check "(ann has two sessions and two links)" eval 'signed_in ann1.jar && signed_in ann2.jar && [ "$(sessions ann)" = 2 ]'
run sh -c "printf 'a new password 22\n' | $T user password ann"
check "user password says what it ended" eval 'status_is 0 && out_is "password of '"'"'ann'"'"' changed; 2 sessions and 2 login links ended"'
check "both sessions are over" eval '! signed_in ann1.jar && ! signed_in ann2.jar && [ "$(sessions ann)" = 0 ]'
check "the links sent before do not work" eval '[ "$(code "$link1")" = 401 ] && [ "$(code "$link2")" = 401 ]'
login ann.jar ann "admin password 1"
check "the old password does not sign in" eval '! signed_in ann.jar'
login ann.jar ann "a new password 22"
check "the new one does" eval 'signed_in ann.jar'
run sh -c "printf 'short\n' | $T user password ann"
check "a refused password changes nothing and ends nothing" eval 'status_is 1 && err_has "at least 10 characters" && signed_in ann.jar'

# disable: out at once, and kept out
login max.jar max "manager password"
maxlink=$($T user link max --base "$B" | head -1)
check "(max is signed in)" signed_in max.jar
run $T user disable max
check "user disable says what it ended and how to undo it" eval 'status_is 0 && out_is "disabled '"'"'max'"'"': 1 session and 1 login link ended; '"'"'traction user enable max'"'"' undoes it"'
check "max's session is over at once, without a restart" eval '! signed_in max.jar && [ "$(code -b max.jar "$B/")" = 303 ]'
check "max's link does not work" eval '[ "$(code "$maxlink")" = 401 ]'
login max.jar max "manager password"
check "max's password no longer signs in" eval '! signed_in max.jar'
run $T user link max
check "a disabled user gets no new link" eval 'status_is 1 && err_has "user '"'"'max'"'"' is disabled ('"'"'traction user enable max'"'"' first)"'
run $T user list --json
check "user list says who is disabled" eval 'status_is 0 && json "[(u[\"name\"], u[\"disabled\"]) for u in j[\"users\"]] == [(\"ann\", False), (\"max\", True), (\"sam\", False), (\"vic\", False)]"'
run $T user list
check "... in the table too" eval 'grep -q "^max .*disabled" out && grep -q "^vic .*active" out'
run $T user enable max
check "user enable gives access back" eval 'status_is 0 && out_is "enabled '"'"'max'"'"'" && login max.jar max "manager password" && signed_in max.jar'

# remove
login vic.jar vic "viewer password!"
run $T user remove vic
check "user remove deletes the account with its sessions" eval 'status_is 0 && out_is "removed '"'"'vic'"'"': 1 session and 0 login links ended; decisions keep the name they were made under" && ! signed_in vic.jar && [ "$(sqlite3 traction.db "SELECT count(*) FROM app_user WHERE name = '"'"'vic'"'"'")" = 0 ]'
before=$(dump)
run $T user remove nobody
check "removing nobody is an error that changes nothing" eval 'status_is 1 && err_is "traction: no user '"'"'nobody'"'"'" && [ "$(dump)" = "$before" ]'
run $T user disable
check "disable needs a name" eval 'status_is 2 && err_has "missing argument"'
for k in disable enable remove password; do
    run $T user $k bob --help
    check "user $k --help answers (and exits 0)" eval 'status_is 0 && out_has "usage: traction [--db PATH] user $k NAME"'
done
run $T user add "a,b" --role viewer
check "a user name with a comma is refused (SSO headers join names with commas)" eval 'status_is 2 && err_has "may not hold a comma or a control character"'
serve_stop s1

# the SSO proxy: no session written per request; access taken back there too
serve_start s2 --trust-proxy-header X-Forwarded-User --proxy 127.0.0.1
rows=$(sqlite3 traction.db "SELECT count(*) FROM app_session")
ok_sso=1
for i in $(seq 1 20); do
    [ "$(curl -s -o /dev/null -D h.txt -w '%{http_code}' -H "X-Forwarded-User: sam" "$B/api/overview")" = 200 ] || ok_sso=0
    grep -qi "^set-cookie: tr_session" h.txt && ok_sso=0
done
check "twenty requests from the proxy answer 200 and set no session cookie" [ "$ok_sso" = 1 ]
check "... and write no session" [ "$(sqlite3 traction.db "SELECT count(*) FROM app_session")" = "$rows" ]
csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }
code -H "X-Forwarded-User: sam" "$B/pilots/2" >/dev/null
tok=$(csrf)
code -H "X-Forwarded-User: sam" "$B/pilots/1" >/dev/null
check "an SSO user's forms carry the same token on every page" [ "$(csrf)" = "$tok" ]
code -H "X-Forwarded-User: ann" "$B/pilots/1" >/dev/null
check "another user's token differs" eval '[ -n "$tok" ] && [ "$(csrf)" != "$tok" ]'
check "an SSO user's token is not accepted for another user" eval '[ "$(code -H "X-Forwarded-User: ann" --data-urlencode csrf=$tok -d decision=iterate -d why=w -d learned=l "$B/pilots/2/decide")" = 403 ]'
check "an SSO user decides with it" eval '[ "$(code -H "X-Forwarded-User: sam" --data-urlencode csrf=$tok -d decision=iterate -d why=w -d learned=l "$B/pilots/2/decide")" = 303 ] && [ "$(sqlite3 traction.db "SELECT by_name FROM pilot_decision")" = sam ]'
$T user disable sam >/dev/null
check "a disabled user gets nothing through the proxy" eval '[ "$(code -H "X-Forwarded-User: sam" "$B/api/overview")" = 401 ]'
check "a removed one neither" eval '[ "$(code -H "X-Forwarded-User: vic" "$B/api/overview")" = 401 ]'
check "still no session written" [ "$(sqlite3 traction.db "SELECT count(*) FROM app_session")" = "$rows" ]
serve_stop s2

# a workspace of schema version 6 keeps its accounts, sessions and links,
# all enabled, and they can be taken back
mkdir v6 && sqlite3 v6/traction.db <"$FIX/workspace-v6.sql" >/dev/null
cd v6
run $T user list --json
check "a version-6 workspace is migrated: every account enabled" eval 'status_is 0 && json "[(u[\"name\"], u[\"disabled\"]) for u in j[\"users\"]] == [(\"ann\", False), (\"max\", False)]" && [ "$(sqlite3 traction.db "PRAGMA user_version")" -ge 7 ]'
serve_start s3
v6cookie=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20
check "its session still works" eval '[ "$(code -H "Cookie: tr_session=$v6cookie" "$B/api/overview")" = 200 ]'
run $T user disable max
check "its login link is ended by disable" eval 'status_is 0 && out_has "0 sessions and 1 login link ended"'
run sh -c "printf 'a new password 22\n' | $T user password ann"
check "its session is ended by a new password" eval 'status_is 0 && out_has "1 session and 0 login links ended" && [ "$(code -H "Cookie: tr_session=$v6cookie" "$B/api/overview")" = 401 ]'
serve_stop s3
cd ..
finish
