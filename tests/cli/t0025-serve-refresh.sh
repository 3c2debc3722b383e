#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The page cache after a change (issue 23, item 2): the server computes a
# page for its scope once, in the background, while requests get the
# version before the change, marked (a notice on the page,
# "X-Traction-Data: refreshing" on the JSON twin), or wait for it; every
# answer is a page, and the answers after the computation show the new
# data.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv >/dev/null
$T import items items.csv --source tracker >/dev/null
printf 'lead password 1\n' | $T user add lead --role admin --password-stdin >/dev/null
serve_start s
trap 'serve_stop s; rm -rf "$TMP"' EXIT
login lead.jar lead "lead password 1"
check "a warm page: 200, not marked" eval '[ "$(curl -s -D h0 -o p0 -w "%{http_code}" -b lead.jar "$B/api/pilots")" = 200 ] && ! grep -qi "^x-traction-data" h0'
before=$(python3 -c "import json; print(len(json.load(open('p0'))['pilots']))")
# a change from another process: a new pilot
$T pilot new --team Bravo --workflow drafting --tool copilot --metric cycle_time --direction decrease \
    --mde 0.3 --start 2025-03-01 --review 2025-04-30 --hypothesis "after the change" >/dev/null 2>&1
pids=
for i in 1 2 3 4 5 6 7 8; do
    curl -s -D h$i -o p$i -w "%{http_code}\n" -b lead.jar "$B/api/pilots" >c$i &
    pids="$pids $!"
    curl -s -o q$i -w "%{http_code}\n" -b lead.jar "$B/pilots" >d$i &
    pids="$pids $!"
done
wait $pids # not the server
ok_all=1 fresh=0 stale=0
for i in 1 2 3 4 5 6 7 8; do
    [ "$(cat c$i)" = 200 ] && [ "$(cat d$i)" = 200 ] || ok_all=0
    n=$(python3 -c "import json; print(len(json.load(open('p$i'))['pilots']))" 2>/dev/null) || ok_all=0
    if grep -qi "^x-traction-data: refreshing" h$i; then
        [ "$n" = "$before" ] || ok_all=0 # marked stale: the old version
        stale=$((stale + 1))
    else
        [ "$n" = $((before + 1)) ] || ok_all=0 # unmarked: the new one
        fresh=$((fresh + 1))
    fi
    # the page: marked, or listing the new pilot
    grep -q "New data arrived" q$i || grep -q "href=\"/pilots/$((before + 1))\"" q$i || ok_all=0
done
echo "# after the change: $fresh fresh, $stale marked refreshing"
check "concurrent requests after a change: each a page, new data or the old marked" [ "$ok_all" = 1 ]
# the server brings the page up to date in the background: asked again
# until it is no longer marked, it shows the change
check "afterwards the page shows the change, unmarked" eval '[ "$(fresh -b lead.jar "$B/api/pilots")" = 200 ] && ! grep -qi "^x-traction-data" head && [ "$(python3 -c "import json; print(len(json.load(open(\"body\"))[\"pilots\"]))")" = $((before + 1)) ]'
finish
