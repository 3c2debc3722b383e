#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The workspace: creation, WAL, key file, migrations, refusing foreign and
# newer files without touching them.
. "$(dirname "$0")/lib.sh"

latest=$($T --version | sed 's/.*workspace schema \([0-9]*\).*/\1/')
run $T init
check "init creates the workspace and key" eval 'status_is 0 && [ -f traction.db ] && [ -f traction.key ]'
check "the key file is mode 0600" [ "$(stat -c %a traction.key)" = 600 ]
check "the key is 64 hex digits" eval 'grep -qE "^[0-9a-f]{64}$" traction.key'
check "the workspace is in WAL mode" [ "$(sqlite3 traction.db 'PRAGMA journal_mode')" = wal ]
check "the key is not inside the workspace" eval '! grep -q "$(cat traction.key)" traction.db'
run $T status --json
check "status --json reports the latest schema" eval 'status_is 0 && json "j[\"schema_version\"] == $latest and j[\"people\"] == 0"'

before=$(dump)
run $T init
check "a second init refuses and changes nothing" eval 'status_is 1 && err_has "already exists" && [ "$(dump)" = "$before" ]'

cp traction.key saved.key
rm traction.key
run $T status
check "status reads counts only and works without the key" status_is 0
run $T import roster /dev/null
check "an import without the key fails and creates no key" eval 'status_is 1 && err_has "cannot read key file" && [ ! -e traction.key ]'
cp saved.key traction.key
chmod 644 traction.key
run $T import roster /dev/null
check "a key readable by others is refused" eval 'status_is 1 && err_has "accessible by others"'
chmod 600 traction.key
echo "not hex" >traction.key
run $T import roster /dev/null
check "a malformed key is refused" eval 'status_is 1 && err_has "malformed"'
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >traction.key; echo >>traction.key
chmod 600 traction.key
run $T import roster /dev/null
check "another workspace's key is refused" eval 'status_is 1 && err_has "does not belong to this workspace"'
cp saved.key traction.key

# $TRACTION_DB and --db
run env TRACTION_DB=other.db $T init
check "\$TRACTION_DB names the workspace; its key sits beside it" eval 'status_is 0 && [ -f other.db ] && [ -f other.key ]'
run $T --db other.db status
check "--db names the workspace" eval 'status_is 0 && out_has "other.db"'

# foreign files are refused and left untouched
echo "hello" >notes.txt
s1=$(sha256sum notes.txt)
run $T --db notes.txt status
check "a text file is refused, untouched" eval 'status_is 1 && err_has "not a traction workspace" && [ "$(sha256sum notes.txt)" = "$s1" ]'
sqlite3 foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
s1=$(sha256sum foreign.db)
run $T --db foreign.db status
check "another SQLite database is refused, untouched" eval 'status_is 1 && err_has "not a traction workspace" && [ "$(sha256sum foreign.db)" = "$s1" ] && [ ! -e foreign.db-wal ]'
: >empty.db
run $T --db empty.db status
check "an empty file is refused" eval 'status_is 1 && err_has "not a traction workspace"'

# a newer workspace is refused, untouched
cp traction.db newer.db
sqlite3 newer.db "PRAGMA user_version = 99"
s1=$(sha256sum newer.db)
run $T --db newer.db status
check "a newer workspace is refused, untouched" eval 'status_is 1 && err_has "schema version 99, newer than" && [ "$(sha256sum newer.db)" = "$s1" ]'

# an older workspace is migrated, keeping its data
sqlite3 old.db <"$FIX/workspace-v1.sql"
cp saved.key old.key
run $T --db old.db status --json
check "a version-1 workspace is migrated to the latest" eval 'status_is 0 && json "j[\"schema_version\"] == $latest and j[\"people\"] == 3 and j[\"units\"] == 3"'
check "the migration recorded the new version" [ "$(sqlite3 old.db 'PRAGMA user_version')" = "$latest" ]
check "the migrated workspace has the pilot tables" [ "$(sqlite3 old.db "SELECT count(*) FROM sqlite_master WHERE name = 'pilot'")" = 1 ]
check "the migrated workspace has the work-item tables" [ "$(sqlite3 old.db "SELECT count(*) FROM sqlite_master WHERE name = 'work_item'")" = 1 ]

# the server migrates an older workspace and keeps its connection open,
# so the new version is in the WAL, not yet in the file: its other
# connections must read the version SQLite sees, not the file's header
sqlite3 old2.db <"$FIX/workspace-v1.sql"
cp saved.key old2.key
t0=$T
T="$t0 --db old2.db"
serve_start old2
T=$t0
trap 'serve_stop old2; rm -rf "$TMP"' EXIT
answers() { for _ in 1 2 3 4 5 6; do lt=$(login_token old2.jar); [ "$(code -b old2.jar -d "csrf=$lt" -d name=nobody -d password=wrong "$B/login")" = 401 ] || return 1; done; }
check "a server started on an older workspace answers from every connection" answers
check "... and a command beside it opens the workspace too" eval '$T --db old2.db status >/dev/null 2>err'
serve_stop old2
finish
