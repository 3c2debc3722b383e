#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The roster: units and people, history, pseudonyms, and every bad roster
# refused with line and column while the workspace stays as it was.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
cp "$FIX/roster.csv" roster.csv
run $T import roster roster.csv --as-of 2025-01-01 --json
check "a roster imports people and units" eval 'status_is 0 && json "j[\"people_added\"] == 6 and j[\"units\"] == 5 and j[\"units_added\"] == 5"'
check "teams hang under their parent unit" [ "$(sqlite3 traction.db "SELECT p.name FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.name = 'Growth'")" = Marketing ]
check "functions are recorded on the team" [ "$(sqlite3 traction.db "SELECT function FROM unit WHERE name = 'Support EMEA'")" = "customer success" ]
check "aliases are stored as pseudonyms too" [ "$(sqlite3 traction.db 'SELECT count(*) FROM alias')" = 3 ]

before=$(dump)
run $T import roster roster.csv --as-of 2025-02-01 --json
check "re-importing the same roster changes nothing" eval 'status_is 0 && json "j[\"people_unchanged\"] == 6 and j[\"people_added\"] == 0" && [ "$(dump | cut -c1-10)" != "" ]'
check "  ... and writes no membership or person row" [ "$(sqlite3 traction.db 'SELECT count(*) FROM membership')" = 6 ]

# case and whitespace are normalised before hashing
sed 's/^alice@example.com/  ALICE@Example.com /' roster.csv >upper.csv
run $T import roster upper.csv --as-of 2025-02-02 --json
check "identifiers match regardless of case and surrounding space" eval 'status_is 0 && json "j[\"people_unchanged\"] == 6"'

# bob moves to Brand, dan leaves
grep -v '^dan@' roster.csv | sed 's/^bob@example.com,bjones,Growth/bob@example.com,bjones,Brand/' >moved.csv
run $T import roster moved.csv --as-of 2025-03-01 --json
check "a move and a leaver are recorded" eval 'status_is 0 && json "j[\"people_moved\"] == 1 and j[\"people_left\"] == 1 and j[\"people_unchanged\"] == 4"'
check "the mover keeps history: one closed and one open membership" [ "$(sqlite3 traction.db "SELECT count(*) || '/' || count(active_to) FROM membership WHERE person_id = (SELECT person_id FROM membership GROUP BY person_id HAVING count(*) = 2)")" = "2/1" ]
check "the leaver is marked with the roster date" [ "$(sqlite3 traction.db "SELECT count(*) FROM person WHERE active_to = 1740787200")" = 1 ]
run $T status --json
check "status counts active people, managers and leavers" eval 'json "j[\"people\"] == 5 and j[\"managers\"] == 3 and j[\"people_left\"] == 1 and j[\"teams\"] == 3"'
run $T import roster roster.csv --as-of 2025-02-15
check "a roster dated before the last change is refused" eval 'status_is 1 && err_has "before the last roster change"'

# no raw identifier anywhere in the database files
sqlite3 traction.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
check "no identifier, alias or domain in the workspace bytes" eval '! cat traction.db traction.db-wal 2>/dev/null | grep -aqiE "alice|bob@|example\.com|asmith|bjones|Alice Smith"'

# pseudonyms: stable for one key, different for another
mkdir a b c
cp traction.key a/ws.key
cp traction.key b/ws.key
$T --db a/ws.db init >/dev/null 2>&1
$T --db b/ws.db init >/dev/null 2>&1
$T --db c/ws.db init >/dev/null 2>&1
for d in a b c; do $T --db $d/ws.db import roster roster.csv >/dev/null 2>&1; done
p() { sqlite3 "$1" "SELECT hex(pseudonym) FROM person ORDER BY 1"; }
check "the same key gives the same pseudonyms" [ "$(p a/ws.db)" = "$(p b/ws.db)" ]
check "another key gives other pseudonyms" eval '[ -n "$(p c/ws.db)" ] && [ "$(p a/ws.db)" != "$(p c/ws.db)" ]'
check "the same key gives the same pseudonyms as the first workspace" [ "$(p a/ws.db)" = "$(p traction.db)" ]

# bad rosters: refused with line and column, workspace unchanged
before=$(dump)
bad() { # bad NAME EXPECTED-ERROR-LINE
    want=$2
    run $T import roster "$1"
    check "bad roster $1: exact error" eval 'status_is 1 && err_has "$want"'
    check "bad roster $1: workspace unchanged" [ "$(dump)" = "$before" ]
}
printf 'id,aliases,parent,manager\na@x.org,,P,no\n' >missing.csv
bad missing.csv "traction: cannot import 'missing.csv': line 1: missing column 'team' (the roster needs id, team and manager)"
printf 'id,team,manager\na@x.org,T,yes\nb@x.org,T,maybe\n' >manager.csv
bad manager.csv "traction: cannot import 'manager.csv': line 3, column 3: unknown manager value 'maybe' (expected yes or no)"
printf 'id,team,parent,manager\na@x.org,A,B,no\nb@x.org,B,C,no\nc@x.org,C,A,no\n' >cycle.csv
bad cycle.csv "parent links form a cycle: "
printf 'id,team,parent,manager\na@x.org,A,A,no\n' >self.csv
bad self.csv "traction: cannot import 'self.csv': line 2, column 3: team 'A' is its own parent (a cycle)"
printf 'id,team,manager\na@x.org,T,no\nb@x.org,T,no\n A@X.org,T,no\n' >dup.csv
bad dup.csv "traction: cannot import 'dup.csv': line 4, column 1: duplicate id (the same identifier is on line 2)"
printf 'id,aliases,team,manager\na@x.org,,T,no\nb@x.org,a@x.org,T,no\n' >dupalias.csv
bad dupalias.csv "traction: cannot import 'dupalias.csv': line 3, column 2: duplicate alias (the same identifier is on line 2)"
printf 'id,team,manager\na@x.org,T\377\376,no\n' >utf8.csv
bad utf8.csv "traction: cannot import 'utf8.csv': line 2, column 2: invalid UTF-8"
printf 'id,team,manager\na@x.org,T,no\n' >long.csv
head -c 10485760 /dev/zero | tr '\0' 'x' >>long.csv
printf ',T,no\n' >>long.csv
bad long.csv "traction: cannot import 'long.csv': line 3, column 1: record longer than 8388608 bytes"
printf 'id,team,manager\na@x.org,"T,no\nb@x.org,T,no\n' >quote.csv
bad quote.csv "traction: cannot import 'quote.csv': line 2, column 2: unterminated quote"
printf 'id,team,manager\na@x.org,T,no,extra\n' >fields.csv
bad fields.csv "traction: cannot import 'fields.csv': line 2: expected 3 fields as in the header, found 4"
printf 'id,team,manager\n' >empty.csv
bad empty.csv "the roster has no people"
printf 'id,team,manager\na@x.org,T,no\nb@x.org,T,perhaps\nc@x.org,,no\n' >many.csv
run $T import roster many.csv
check "every problem in a file is listed, not only the first" eval 'status_is 1 && [ "$(wc -l <err)" = 2 ] && err_has "line 3, column 3" && err_has "line 4, column 2: empty team"'
check "  ... and the workspace is unchanged" [ "$(dump)" = "$before" ]
printf 'id,team,manager\r\na@x.org,T,no\r\n' | sed '1s/^/\xef\xbb\xbf/' >crlf.csv
run $T --db c/ws.db import roster crlf.csv --allow-shrink
check "a BOM and CRLF line ends are accepted" eval 'status_is 0 && out_has "1 people"'
finish
