# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by every CLI test: runs in a fresh temporary directory with the
# binary under test as $T, and prints TAP. Fixtures are in $FIX
# (tests/fixtures; sources and licences in tests/fixtures/SOURCES.md). The
# script's last command is `finish`, so it exits non-zero when a test failed.
set -u
T=${TRACTION:?set TRACTION to the traction binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/fixtures
TMP=$(mktemp -d /tmp/traction-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
unset TRACTION_DB TRACTION_KEY
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    [ -s out ] && sed 's/^/#   out: /' out | head -20
    [ -s err ] && sed 's/^/#   err: /' err | head -20
    return 0
}

# run CMD...: runs with stdout in ./out, stderr in ./err, status in $rc.
run() {
    "$@" >out 2>err
    rc=$?
}

# check DESCRIPTION TEST-EXPRESSION...: passes when the command succeeds.
check() {
    d=$1
    shift
    if "$@"; then ok "$d"; else not_ok "$d"; fi
}

status_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -qF -- "$1" out; }
err_has() { grep -qF -- "$1" err; }
out_is() { [ "$(cat out)" = "$1" ]; }
err_is() { [ "$(cat err)" = "$1" ]; }

# The logical content of a workspace, to prove nothing changed.
dump() { sqlite3 "${1:-traction.db}" .dump | sha256sum; }

# json EXPR: evaluates a Python expression over the JSON in ./out as `j`.
json() { python3 -c "import json,sys; j=json.load(open('out')); sys.exit(0 if ($1) else 1)"; }

# finish: prints the plan; fails (the script's exit status) when a test did.
finish() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
