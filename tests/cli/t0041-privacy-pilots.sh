#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 15, route 1: pilots count items, not people. A pilot on a team of
# one (or with one as its comparison team) must not show that person's
# figures in `pilot analyze`, the portfolio or the playbook, and a viewer
# must not read team-level means in /playbooks/N or /api/playbooks that
# /teams/N refuses them. Checked as a property: no output contains the
# mean cycle time, or the change, of an arm of fewer than 5 people.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_privacy.py" . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source t >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null

# small_arm_figures FILE...: the mean cycle times (hours) of arms of fewer
# than 5 people, as any output could print them, found in FILE...; prints
# what it found. The arms: Solo before and after 2025-03-01.
cat >arms.py <<'PY'
import json, re, sys
truth = json.load(open("truth.json"))
cut, end = 1740787200, 1745971200      # 2025-03-01, 2025-04-30
arms = {}
for it in truth["items"]:
    if it["team"] != "Solo" or not cut - 90 * 86400 <= it["finished"] < end:
        continue
    arm = "pilot" if it["finished"] >= cut else "baseline"
    arms.setdefault(arm, []).append((it["finished"] - it["started"]) / 3600)
found = []
text = "".join(open(f, errors="replace").read() for f in sys.argv[1:])
for arm, hs in arms.items():
    mean = sum(hs) / len(hs)
    for digits in (1, 2, 4):
        s = f"{mean:.{digits}f}"
        if re.search(r"(?<![\d.])" + re.escape(s) + r"(?!\d)", text):
            found.append(f"{arm} mean {s} h of 1 person")
try:                                    # the one person's change, as printed
    c = json.load(open("solo-analyze.json"))["primary"]["change"] * 100
    for s in (f"{c:.0f}%", f"{c:.1f}%"):
        if s in text:
            found.append(f"change {s} of 1 person")
except (OSError, ValueError, KeyError, TypeError):
    pass
for f in found:
    print(f, file=sys.stderr)
sys.exit(1 if found else 0)
PY

H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.3 --hypothesis h"
run $T pilot new --team Solo $H --start 2025-03-01 --review 2025-04-30
if [ "$rc" -eq 0 ]; then
    $T pilot analyze 1 >solo-analyze.txt 2>&1
    $T pilot analyze 1 --json >solo-analyze.json 2>&1
    $T pilot decide 1 scale --by D --why w --learned l --differently d >/dev/null 2>&1
    $T portfolio >solo-portfolio.txt 2>&1
    $T portfolio --json >solo-portfolio.json 2>&1
    $T playbook 1 >solo-playbook.md 2>&1
    $T playbook 1 --format html >solo-playbook.html 2>&1
fi
check "a pilot on a team of one is refused, or shows none of that person's figures" \
    eval '[ "$rc" -ne 0 ] || python3 arms.py solo-*'
check "... and a refusal says why: an arm needs 5 distinct people" \
    eval '[ "$rc" -ne 0 ] && grep -q "5" err'
run $T pilot new --team Five $H --design concurrent --control-team Solo --start 2025-03-01 --review 2025-04-30
check "a one-person comparison team is refused too" eval '[ "$rc" -ne 0 ]'

# a viewer and a proper pilot (Big1, 11 people): the effect and its
# interval may be published to everyone, the team's means may not
$T pilot new --team Big1 $H --start 2025-03-01 --review 2025-04-30 --design did \
    --control-team Big2 --control-team Marketing --control-team Ten --control-team Five >/dev/null 2>&1
big1=$(sqlite3 traction.db "SELECT max(id) FROM pilot")
$T pilot decide "$big1" scale --by D --why w --learned l --differently d >/dev/null 2>&1
means=$($T pilot show "$big1" --json | python3 -c '
import json, sys
p = json.load(sys.stdin)["decisions"][0]["evidence"]["primary"]
print(" ".join(f"{p[k]:.{d}f}" for k in ("mean_comparison", "mean_pilot") for d in (1, 2)))')
check "the Big1 pilot's evidence has its team means (admin)" [ -n "$means" ]
serve_start s1
trap 'serve_stop s1; rm -rf "$TMP"' EXIT
login vic.jar vic "viewer password!"
big1u=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Big1'")
check "a viewer is refused the team page of Big1" eval '[ "$(code -b vic.jar "$B/teams/$big1u")" = 403 ] || [ "$(code -b vic.jar "$B/teams/$big1u")" = 404 ]'
: >viewer.txt
for u in /playbooks "/playbooks/$big1" /api/playbooks "/api/playbooks/$big1" /pilots "/pilots/$big1" /api/pilots "/api/pilots/$big1"; do
    [ "$(code -b vic.jar "$B$u")" = 200 ] && cat body >>viewer.txt
done
leak() { for m in $means; do grep -qF "$m" viewer.txt && return 0; done; return 1; }
check "a viewer reads no team-level means in playbooks or pilots" eval '! leak'
if [ -s solo-playbook.md ]; then
    code -b vic.jar "$B/playbooks/1" >/dev/null
    cp body solo-viewer.html
    code -b vic.jar "$B/api/playbooks" >/dev/null
    cp body solo-viewer.json
fi
check "... nor the one person's figures of the Solo pilot" eval '! [ -s solo-viewer.html ] || python3 arms.py solo-viewer.*'
finish
