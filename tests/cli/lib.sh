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
unset TRACTION_DB TRACTION_KEY TRACTION_LOCALEDIR
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

# known_breakage DESCRIPTION TEST-EXPRESSION...: a property a known,
# filed defect still breaks (issue 15's privacy attacks). While it breaks
# it reports "# TODO known breakage" and does not fail the suite; once it
# holds it says "# FIXED": then make it a check.
known_breakage() {
    d=$1
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $d # FIXED: turn known_breakage into check"
    else
        echo "ok $n - $d # TODO known breakage"
    fi
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

# serve_start NAME ARGS...: the real server in the background on a free
# port; $B is its address. serve_stop NAME stops it.
serve_start() {
    _name=$1
    shift
    rm -f "$_name.port"
    $T serve --listen 127.0.0.1:0 --port-file "$_name.port" "$@" >"$_name.log" 2>&1 &
    echo $! >"$_name.pid"
    for _ in $(seq 1 100); do [ -s "$_name.port" ] && break; sleep 0.1; done
    B=http://127.0.0.1:$(cat "$_name.port")
}
serve_stop() { kill "$(cat "$1.pid")" 2>/dev/null; wait "$(cat "$1.pid")" 2>/dev/null; }
# login_token JAR: opens the sign-in page with a fresh JAR and prints the
# token its form carries (the server checks it against the cookie it set
# in JAR: no login CSRF).
login_token() {
    rm -f "$1"
    curl -s -c "$1" "$B/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//'
}
# login JAR NAME PASSWORD: a session cookie for NAME in JAR, signed in
# through the form as a browser does.
login() {
    _lt=$(login_token "$1")
    curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "csrf=$_lt" --data-urlencode "name=$2" --data-urlencode "password=$3" "$B/login"
}
# code ARGS...: GETs with curl into ./body and prints the HTTP status.
code() { curl -s -o body -w '%{http_code}' "$@"; }
# fresh ARGS...: as code, asked again (every 0.1 s, up to a minute) while
# the answer is the page from before a change, marked "X-Traction-Data:
# refreshing" while the server brings it up to date in the background.
fresh() {
    for _ in $(seq 1 600); do
        _c=$(curl -s -D head -o body -w '%{http_code}' "$@")
        grep -qi '^x-traction-data: refreshing' head || break
        sleep 0.1
    done
    echo "$_c"
}

# finish: prints the plan; fails (the script's exit status) when a test did.
finish() {
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
