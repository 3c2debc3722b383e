#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 23, item 4: a workspace traction may not write is refused with
# its path and the reason (the file, or its folder, where SQLite keeps
# the -wal and -shm files), and is left as it was. File modes do not
# stop root: as root the commands run as nobody.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" = 0 ]; then
    chmod 755 "$TMP"
    as_user() { runuser -u nobody -- "$@"; }
    give() { chown -R nobody "$@"; }
else
    as_user() { "$@"; }
    give() { :; }
fi
if ! as_user test -x "$T" 2>/dev/null; then
    echo "ok 1 # SKIP the binary cannot be run as another user here"
    echo "1..1"
    exit 0
fi

mkdir ro
$T --db ro/traction.db init >/dev/null
give ro
before=$(dump ro/traction.db)

chmod 444 ro/traction.db
run as_user $T --db ro/traction.db status
check "a read-only workspace file in a folder it may write: status reads it" eval 'status_is 0 && out_has "schema version"'
run as_user $T --db ro/traction.db import roster "$FIX/roster.csv"
check "... an import says which file and why" eval 'status_is 1 && [ ! -s out ] && err_is "traction: cannot import '"'$FIX/roster.csv'"': cannot log the import: attempt to write a readonly database: workspace '"'ro/traction.db'"' (the file is read-only for this user)"'
chmod 644 ro/traction.db
rm -f ro/traction.db-wal ro/traction.db-shm
check "... and it is left as it was" [ "$(dump ro/traction.db)" = "$before" ]

chmod 555 ro
run as_user $T --db ro/traction.db status
check "a read-only folder: the path and the reason" eval 'status_is 1 && [ ! -s out ] && err_is "traction: cannot open workspace '"'ro/traction.db'"': attempt to write a readonly database (its folder is read-only for this user; SQLite creates the -wal and -shm files beside the workspace, even to read it)"'
run as_user $T --db ro/traction.db import roster "$FIX/roster.csv"
check "... an import too" eval 'status_is 1 && err_has "cannot open workspace '"'ro/traction.db'"'" && err_has "its folder is read-only"'
chmod 755 ro
check "... and it is left as it was" [ "$(dump ro/traction.db)" = "$before" ]

finish
