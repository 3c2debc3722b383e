#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The end-to-end test: a simulated organisation, the real server, and the
# dashboard driven in headless Chromium (Debian's chromium, playwright-core
# from npm); then the board pack printed to A4 (board.mjs). Installs what
# it needs; prints TAP; screenshots and the pack's PDF go to
# tests/e2e/out/. Usage: TRACTION=build/traction tests/e2e/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
T=${TRACTION:?set TRACTION to the traction binary}
"$here/../../scripts/deps.sh" --e2e >&2 || exit 1
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent >&2) || exit 1
fi
tmp=$(mktemp -d /tmp/traction-e2e-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
"$T" demo --dir "$tmp/demo" --people 600 --months 8 --no-serve >"$tmp/demo.log" 2>&1 ||
    { echo "not ok 1 - the demo workspace"; sed 's/^/# /' "$tmp/demo.log" | tail; exit 1; }
db=$tmp/demo/traction.db
printf 'e2e password here\n' | "$T" --db "$db" user add lead --role admin --password-stdin >/dev/null
# costs, a scaled pilot counted for months, and a seat export, so that
# /value and the board pack show spend, value with its band, open
# questions and seats
m1=$(date -u +%Y-%m)
m0=$(date -u -d "$(date -u +%Y-%m-01) -9 months" +%Y-%m)
"$T" --db "$db" costs set hourly 60 >/dev/null
"$T" --db "$db" costs set licence "GitHub Copilot" --month "$m0" --until "$m1" --seat-price 19 --seats 400 >/dev/null
"$T" --db "$db" costs set licence "Microsoft 365 Copilot" --month "$m0" --until "$m1" --seat-price 30 --seats 600 >/dev/null
"$T" --db "$db" pilot decide 4 scale --by lead --why "clear" --learned "templates" --differently "earlier" >/dev/null
sqlite3 "$db" "UPDATE pilot_decision SET at = CAST(strftime('%s', 'now', 'start of month', '-6 months') AS INTEGER) WHERE pilot_id = 4"
"$T" --db "$db" import usage --format copilot-seats "$here/../fixtures/telemetry/seats/copilot-seats-2026-05.json" \
    --as-of 2026-05-31 >/dev/null
# what the overview's headline must count
"$T" --db "$db" trap --json >"$tmp/trap.json"
export TRAP_JSON="$tmp/trap.json"
# a wave with one anonymous link, answered on a phone with the keyboard
"$T" --db "$db" survey open --instrument pulse --units Marketing --until 2099-01-01 \
    --name e2e --use "GitHub Copilot:Campaign brief" >/dev/null
"$T" --db "$db" survey links --wave e2e --roster "$tmp/demo/data/roster.csv" >"$tmp/links.csv" 2>/dev/null
E2E_LINK=$(sed -n 2p "$tmp/links.csv" | cut -d, -f4)
export E2E_LINK E2E_DB="$db"
"$T" --db "$db" serve --listen 127.0.0.1:0 --port-file "$tmp/port" >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
rm -rf "$here/out"
mkdir -p "$here/out"
node "$here/dashboard.mjs" "http://127.0.0.1:$(cat "$tmp/port")" lead "e2e password here" "$here/out" >"$tmp/dash.tap"
rc=$?
grep -v '^1\.\.' "$tmp/dash.tap"
n=$(grep -c '^\(not \)\{0,1\}ok ' "$tmp/dash.tap")
# the board pack, printed
"$T" --db "$db" report --board -o "$here/out/board.html" --json >"$tmp/board.json" || rc=1
node "$here/board.mjs" "$here/out/board.html" "$tmp/board.json" "$here/out" $((n + 1)) >"$tmp/board.tap" || rc=1
cat "$tmp/board.tap"
n=$((n + $(grep -c '^\(not \)\{0,1\}ok ' "$tmp/board.tap")))
echo "1..$n"
exit $rc
