#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Interim looks: a pilot analysed before its review date is labelled
# interim in text and JSON, shows its alpha-spending boundary and tests
# and draws its interval at that level; it recommends scale only when the
# boundary is crossed. The same data at the review, at the full alpha,
# scales. The data are dated from today (pilot analyze looks at the
# clock): the pilot started 70 days ago (look 10 of 12 for a 13-week
# window), history 728 days back.
. "$(dirname "$0")/lib.sh"

# gen DIR EFFECT: a team of 6, 3 items a day, cycle times log-normal (sd
# 0.6), EFFECT (relative) from the start; prints the start, today and the
# review date (midnight UTC, as the JSON writes them).
gen() {
    mkdir -p "$1"
    python3 - "$1" "$2" <<'PY'
import math, random, sys, time
out, effect = sys.argv[1], float(sys.argv[2])
day = 86400
today = int(time.time()) // day * day
start = today - 70 * day
rnd = random.Random(21)
with open(f"{out}/roster.csv", "w") as fp:
    fp.write("id,team,parent,manager\n")
    for i in range(6):
        fp.write(f"p{i}@interim.example,Kilo,Org,{'yes' if i == 0 else 'no'}\n")
with open(f"{out}/items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at,errors,tool\n")
    k = 0
    for d in range(-728, 70):
        shift = math.log1p(effect) if d >= 0 else 0.0
        for j in range(3):
            s = start + d * day + 9 * 3600 + j * 1800
            h = math.exp(math.log(20) + rnd.gauss(0, 0.6) + shift)
            e = rnd.choice([0, 0, 1])
            tool = "copilot" if d >= 0 else ""
            fp.write(f"I-{k},drafting,Kilo,p{rnd.randrange(6)}@interim.example,"
                     f"{s},{s + int(h * 3600)},{e},{tool}\n")
            k += 1
day_of = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
print(day_of(start), day_of(today), day_of(start + 91 * day))
PY
}

# ws DIR START REVIEW: a workspace in DIR with the pilot registered
# (START and REVIEW as the JSON writes them; their days are used).
ws() {
    (cd "$1" && $T init >/dev/null &&
        $T import roster roster.csv --as-of 2024-01-01 >/dev/null &&
        $T import items items.csv --source gen >/dev/null &&
        $T pilot new --team Kilo --workflow drafting --tool copilot \
            --metric cycle_time --direction decrease --mde 0.2 \
            --start "${2%%T*}" --review "${3%%T*}" --guardrail errors \
            --hypothesis "copilot cuts drafting time" >/dev/null)
}

# the spending boundary of look 10 of 12: a quarter of alpha over the
# interim looks, in proportion to (w/12)^2 - ((w-1)/12)^2
level=$(python3 -c 'print(repr(0.05 * 0.25 * ((10 / 12) ** 2 - (9 / 12) ** 2)))')
# the window of look 10: the start plus 10 completed weeks
look_json() { # look_json START: the expected look, as a Python expression
    echo "j[\"look\"][\"interim\"] is True and j[\"look\"][\"week\"] == 10 and j[\"look\"][\"of\"] == 12 and abs(j[\"look\"][\"level\"] - $level) < 1e-15 and j[\"window_from\"] == \"$1\" and j[\"window_to\"] == \"$2\""
}

# a large effect (-50%) crosses the boundary at the look: scale
read -r s today r <<EOF
$(gen big -0.5)
EOF
ws big "$s" "$r"
run $T --db big/traction.db pilot analyze 1 --json
check "before the review the analysis is an interim look at its spending level" eval "status_is 0 && json '$(look_json "$s" "$today")'"
check "a boundary crossed at the interim look: scale" eval 'json "j[\"recommendation\"] == \"scale\" and j[\"primary\"][\"p_value\"] < j[\"look\"][\"level\"] and j[\"primary\"][\"ci_high\"] < 0 and j[\"reasons\"][0].startswith(\"interim look 10 of 12 (completed weeks) before the review: the sequential boundary is p < 0.0016, the interval is at 99.84%\")"'
run $T --db big/traction.db pilot analyze 1
check "the text labels the look interim and shows the boundary" eval 'status_is 0 && out_has "INTERIM      look 10 of 12 before the review: interval and boundary at level 0.0016 (alpha spending)" && out_has "recommend    scale"'

# a -10% effect: p < 0.05, but not below the look's boundary
read -r s today r <<EOF
$(gen small -0.1)
EOF
ws small "$s" "$r"
run $T --db small/traction.db pilot analyze 1 --json
check "the same look with a smaller effect is interim too" eval "status_is 0 && json '$(look_json "$s" "$today")'"
check "p < 0.05 the registered way, but the boundary is not crossed: no scale at the interim look" eval 'json "j[\"recommendation\"] == \"iterate\" and j[\"primary\"][\"change\"] < 0 and j[\"look\"][\"level\"] < j[\"primary\"][\"p_value\"] < 0.05 and j[\"q_value\"] == j[\"primary\"][\"p_value\"]"'
check "the interval is drawn at the look's level: it includes no change" eval 'json "j[\"primary\"][\"ci_low\"] < 0 < j[\"primary\"][\"ci_high\"] and \"99.84% CI\" in j[\"reasons\"][1]"'
run $T --db small/traction.db pilot analyze 1
check "the text says interim and why it does not scale" eval 'out_has "INTERIM      look 10 of 12" && out_has "recommend    iterate" && out_has "the sequential boundary is p < 0.0016"'

# the same data and window at the review (today), at the full alpha
$T --db small/traction.db pilot analyze 1 --json >interim.json
mkdir review && cp small/roster.csv small/items.csv review/
ws review "$s" "$today"
run $T --db review/traction.db pilot analyze 1 --json
check "at the review the same window is tested at alpha: not interim, scale" eval 'status_is 0 && json "j[\"look\"][\"interim\"] is False and j[\"look\"][\"level\"] == 0.05 and j[\"recommendation\"] == \"scale\" and j[\"primary\"][\"p_value\"] == json.load(open(\"interim.json\"))[\"primary\"][\"p_value\"] and not any(r.startswith(\"interim\") for r in j[\"reasons\"])"'
run $T --db review/traction.db pilot analyze 1
check "the text of a review has no interim line" eval 'status_is 0 && ! out_has "INTERIM" && out_has "recommend    scale"'
finish
