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
echo "Try: cd demo && ../$(basename "$(dirname "$1")")/traction help"
