# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the dashboard benchmarks (not one itself: make bench runs
# bench/*.sh). The caller sets T (the binary) and calls serve_setup,
# which runs it in a temporary directory of its own; `serve_cleanup` (in
# the EXIT trap serve_setup sets) stops what these functions started.
#
# WORKSPACE=DIR reuses DIR/traction.db (built once by an earlier run with
# KEEP=1, or by `traction demo --dir DIR --people 13000 --months 12
# --no-serve`) instead of building it again: the benches import into it.

pid=
ref_pid=
import_pid=

serve_cleanup() {
    [ -z "$import_pid" ] || kill "$import_pid" 2>/dev/null
    [ -z "$ref_pid" ] || kill "$ref_pid" 2>/dev/null
    [ -z "$pid" ] || kill "$pid" 2>/dev/null
    wait 2>/dev/null
    :
}

# serve_setup: what every dashboard benchmark does first: T made
# absolute, a temporary directory to run in (removed at exit unless
# KEEP is set, with whatever serve_cleanup stops), the workspace and the
# server signed in (serve_workspace, serve_start).
serve_setup() {
    T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
    dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
    trap 'serve_cleanup; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
    cd "$dir"
    serve_workspace
    serve_start
}

# serve_workspace: sets db to the workspace of about 1,000,000 work items.
serve_workspace() {
    if [ -n "${WORKSPACE:-}" ]; then
        db=$WORKSPACE/traction.db
        echo "workspace: $db (reused)"
    else
        echo "building the workspace (simulate, import, pilots) ..."
        t0=$(date +%s)
        "$T" demo --dir w --people "${PEOPLE:-13000}" --months 12 --no-serve >demo.log
        db=$PWD/w/traction.db
        echo "built in $(($(date +%s) - t0)) s"
    fi
    echo "work items: $(sqlite3 "$db" 'SELECT count(*) FROM work_item')"
    # the team with the most items, and a file of jira rows to import
    team=$(sqlite3 "$db" "SELECT unit_id FROM work_item GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1")
    jira=$(dirname "$db")/data/jira.csv
}

# serve_start: starts the server and signs in as an admin; sets B (the
# base URL), jar (curl's cookie file) and cookie (the session token).
serve_start() {
    "$T" --db "$db" user add bench --role admin --password-stdin \
        >/dev/null 2>&1 <<EOF || true
bench password
EOF
    rm -f port
    # wrk opens up to 64 connections from one address
    "$T" --db "$db" serve --listen 127.0.0.1:0 --port-file port \
        --per-address 64 >serve.log 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do [ -s port ] && break; sleep 0.1; done
    B=http://127.0.0.1:$(cat port)
    jar=$PWD/jar
    # the sign-in form's token, checked against the cookie it comes with
    lt=$(curl -s -c "$jar" "$B/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//')
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$lt" \
        --data-urlencode name=bench --data-urlencode "password=bench password" "$B/login"
    cookie=$(awk '$6 == "tr_session" { print $7 }' "$jar")
}

# ref_start PAGE: serves a copy of PAGE's HTML as a static file with
# python3 -m http.server; sets R (its URL). The reference a page's
# latency is compared with in the same run: the same bytes over HTTP
# from a plain file server on the same machine.
ref_start() {
    rm -rf ref && mkdir ref
    curl -s -b "$jar" -o ref/page.html "$B$1"
    (cd ref && exec python3 -m http.server --bind 127.0.0.1 0 >../ref.log 2>&1) &
    ref_pid=$!
    for _ in $(seq 1 300); do grep -q 'port' ref.log 2>/dev/null && break; sleep 0.1; done
    R=http://127.0.0.1:$(sed -n 's/.*port \([0-9]*\).*/\1/p' ref.log | head -1)/page.html
}

ref_stop() {
    [ -z "$ref_pid" ] || kill "$ref_pid" 2>/dev/null
    wait "$ref_pid" 2>/dev/null || true
    ref_pid=
}

# ms TIME: wrk's "12.34ms" / "850.00us" / "1.20s" in milliseconds.
ms() {
    echo "$1" | awk '/us$/ { sub(/us/, ""); print $1 / 1000; next }
        /ms$/ { sub(/ms/, ""); print $1; next }
        /m$/ { sub(/m/, ""); print $1 * 60000; next }
        /s$/ { sub(/s/, ""); print $1 * 1000 }'
}

# wrk_run CONNS SECONDS URL [COOKIE [HEADER]]: runs wrk (with HEADER,
# e.g. "Accept-Encoding: gzip", when given); sets p50 p99 max (ms), rps
# and errors (non-2xx answers and socket errors). A slow answer counts
# in the latency (a timeout of 60 s, not wrk's 2 s, which leaves out of
# the figures every answer slower than that). wrk sends no
# Accept-Encoding of its own: without HEADER, answers are plain.
wrk_run() {
    if [ -n "${5:-}" ]; then
        wrk -t2 -c"$1" -d"$2"s --timeout 60s --latency -H "Cookie: tr_session=$4" -H "$5" "$3" >wrk.txt
    elif [ -n "${4:-}" ]; then
        wrk -t2 -c"$1" -d"$2"s --timeout 60s --latency -H "Cookie: tr_session=$4" "$3" >wrk.txt
    else
        wrk -t2 -c"$1" -d"$2"s --timeout 60s --latency "$3" >wrk.txt
    fi
    p50=$(ms "$(awk '$1 == "50%" { print $2 }' wrk.txt)")
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' wrk.txt)")
    max=$(ms "$(awk '$1 == "Latency" { print $4; exit }' wrk.txt)")
    rps=$(awk '/Requests\/sec/ { print $2 }' wrk.txt)
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' wrk.txt)
}

# new_items N OUT: 20 rows of the jira export under new keys
# (BENCH-STAMP-N-k, unique across runs on a reused workspace), so each
# import adds work items and changes what the pages show.
stamp=$(date +%s)
new_items() {
    awk -v n="$stamp-$1" 'NR == 1 { print; next }
        NR <= 21 { sub(/,[A-Z]+-[0-9]+,/, ",BENCH-" n "-" NR ","); print }' \
        "$jira" >"$2"
}

# import_new N: imports new_items N into the workspace.
import_new() {
    new_items "$1" "new$1.csv"
    "$T" --db "$db" import items --preset jira "new$1.csv" >/dev/null
    rm -f "new$1.csv"
}
