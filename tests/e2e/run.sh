#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The end-to-end test: a simulated organisation, the real server, and the
# dashboard driven in headless Chromium (Debian's chromium, playwright-core
# from npm). Installs what it needs; prints TAP; screenshots go to
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
node "$here/dashboard.mjs" "http://127.0.0.1:$(cat "$tmp/port")" lead "e2e password here" "$here/out"
