#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: the dashboard on a workspace with about 1,000,000 work items
# (a simulated organisation of 13,000 people over 12 months). wrk with 64
# connections for 20 s against the overview, a team page and a pilot
# page, each after one cold request (printed: what the first visitor
# after an import waits). Target: p99 under 20 ms and zero errors.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT
cd "$dir"
echo "building the workspace (simulate, import, pilots) ..."
t0=$(date +%s)
"$T" demo --dir w --people "${PEOPLE:-13000}" --months 12 --no-serve >demo.log
echo "built in $(($(date +%s) - t0)) s: $(sqlite3 w/traction.db 'SELECT count(*) FROM work_item') work items"
db=w/traction.db
printf 'bench password\n' | "$T" --db "$db" user add bench --role admin --password-stdin >/dev/null
# wrk opens 64 connections from one address
"$T" --db "$db" serve --listen 127.0.0.1:0 --port-file port --per-address 64 >serve.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -s port ] && break; sleep 0.1; done
B=http://127.0.0.1:$(cat port)
# the sign-in form's token, checked against the cookie it comes with
lt=$(curl -s -c jar "$B/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | sed 's/.*value="//; s/"//')
curl -s -b jar -c jar -o /dev/null --data-urlencode "csrf=$lt" --data-urlencode name=bench \
    --data-urlencode "password=bench password" "$B/login"
cookie=$(awk '$6 == "tr_session" { print $7 }' jar)
team=$(sqlite3 "$db" "SELECT unit_id FROM work_item GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1")
fail=0
for page in / "/teams/$team" /pilots/1; do
    cold=$(curl -s -o /dev/null -w '%{time_total}' -b jar "$B$page")
    wrk -t2 -c64 -d"${DURATION:-20}"s --latency -H "Cookie: tr_session=$cookie" \
        "$B$page" >wrk.txt
    p99=$(awk '$1 == "99%" { print $2 }' wrk.txt)
    rps=$(awk '/Requests\/sec/ { print $2 }' wrk.txt)
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' wrk.txt)
    ms=$(echo "$p99" | awk '/us$/ { sub(/us/, ""); print $1 / 1000; next } /ms$/ { sub(/ms/, ""); print $1; next } /s$/ { sub(/s/, ""); print $1 * 1000 }')
    printf '%-12s cold %6.3f s   p99 %8s   %9s req/s   errors %s\n' "$page" "$cold" "$p99" "$rps" "$errors"
    if [ "$(echo "$ms >= 20" | bc)" = 1 ] || [ "$errors" != 0 ]; then fail=1; fi
done
echo "target: p99 under 20 ms and zero errors on each page"
[ "$fail" = 0 ]
