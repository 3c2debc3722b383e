#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make demo`: builds a demo workspace in ./demo from the example exports
# and shows what traction reports. Later issues replace the examples with
# the simulated organisation and end in the dashboard.
set -eu
T=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$root/demo"
mkdir -p "$root/demo"
cd "$root/demo"
echo "== traction demo: workspace in demo/traction.db"
"$T" init
"$T" import roster "$root/examples/org.csv" --as-of 2025-01-01
"$T" import items --preset jira "$root/examples/jira.csv"
"$T" import items --preset servicenow "$root/examples/servicenow.csv"
echo
echo "== traction status"
"$T" status
echo
echo "== traction items summary --by team"
"$T" items summary --by team
echo
echo "== traction items summary --by team --by tool"
"$T" items summary --by team --by tool
echo
echo "== pilots on a generated organisation (demo/pilots.db)"
python3 "$root/examples/gen_pilots.py" "$root/demo"
P="$T --db $root/demo/pilots.db"
$P init >/dev/null
$P import roster "$root/demo/roster.csv" --as-of 2024-12-01 >/dev/null
$P import items "$root/demo/items.csv" --source tracker >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
$P pilot new --team Alpha $H --hypothesis "Copilot first drafts cut drafting time by a fifth" --learning-hours 12
for t in Bravo Charlie Delta; do
    $P pilot new --team $t $H --hypothesis "Copilot first drafts cut drafting time by a fifth" >/dev/null
done
echo
$P pilot analyze 3
echo
echo "== traction portfolio"
$P portfolio
echo
echo "Try: cd demo && ../$(basename "$(dirname "$1")")/traction help"
