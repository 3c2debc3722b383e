#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Store fault injection: every import, every other command that writes,
# and every report, on a small workspace, with SQLite failing at step N of
# the run: its Nth I/O call (io:N) or its Nth allocation (nomem:N), by
# SQLite's own hooks (a wrapping VFS and SQLITE_CONFIG_MALLOC, in
# build/traction-fault; tests/fault/fault.c). For each N where the fault
# fired: exit 1, a "traction: " message on stderr, nothing on stdout, no
# -o file, and the workspace unchanged. The one other outcome allowed is
# exactly the fault-free run (exit 0, the same output and workspace, with
# times, hashes and tokens masked): where SQLite or the program recovers
# by design (a checkpoint at close; the bulk import's journal switch).
#
# The steps: each command's fault-free run counts its I/O calls and
# allocations, and those of opening the workspace (TRACTION_FAULT=count).
# Opening is tried once, with `status`. After it, each command's steps
# are tried as tests/cli/faults.sh says (docs/HACKING.md has what the
# exhaustive runs found). FAULT_MODES=io or nomem and FAULT_ONLY=REGEX
# (on the arguments) narrow it.
. "$(dirname "$0")/lib.sh"
. "$ROOT/tests/cli/faults.sh"

# ---- the workspace: a few teams, items with varied cycle times (a pilot
# needs a baseline), telemetry, a proxy log, subnets, pilots, a user ----
python3 - <<'PY'
import datetime, math, random
rnd = random.Random(17)
teams = {"Alpha": 12, "Bravo": 12, "Charlie": 6, "Tiny": 3}
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,function,manager\n")
    for t, n in teams.items():
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,{t.lower()}{i},{t},Org,drafting,{'yes' if i == 0 else 'no'}\n")
def ts(d, h=9):
    return int(datetime.datetime(d.year, d.month, d.day, h, tzinfo=datetime.timezone.utc).timestamp())
start = datetime.date(2025, 4, 1)
with open("items.csv", "w") as fp:
    fp.write("key,workflow,team,person,started_at,finished_at,errors,tool\n")
    k = 0
    for t in ("Alpha", "Bravo", "Charlie"):
        d = datetime.date(2024, 10, 1)
        while d < datetime.date(2025, 5, 1):    # every other day
            s = ts(d)
            hours = math.exp(math.log(20) + rnd.gauss(0, 0.6))
            after = d >= start and t == "Alpha"
            if after:
                hours *= 0.6
            who = f"{t.lower()}{rnd.randrange(teams[t])}@corp.example"
            fp.write(f"F-{k},drafting,{t},{who},{s},{s + int(hours * 3600)},{rnd.choice([0, 0, 1])},{'copilot' if after else ''}\n")
            k += 1
            d += datetime.timedelta(days=2)
monday = datetime.date(2025, 4, 7)
with open("usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for t in ("alpha", "bravo"):
        for i in range(11):
            for d in (0, 2):
                fp.write(f"{monday + datetime.timedelta(days=d)},{t}{i},Copilot,yes,{3 + i}\n")
with open("access.log", "w") as fp:
    for i in range(12):
        for d in range(2):
            fp.write(f"{ts(monday + datetime.timedelta(days=d))}.000 10 10.0.0.{i} TCP_MISS/200 100 CONNECT chatgpt.com:443 bravo{i} HIER_DIRECT/1.1.1.1 -\n")
    fp.write(f"{ts(monday)}.000 10 10.0.1.1 TCP_MISS/200 100 CONNECT claude.ai:443 - HIER_DIRECT/1.1.1.1 -\n")
for name in ("w.csv", "w2.csv"):
    with open(name, "w") as fp:
        fp.write("unit,friction@drafting\n")
        for i in range(8):
            fp.write("Alpha,slow_approval\nBravo,nothing\n")
with open("subnets.csv", "w") as fp:
    fp.write("cidr,team\n10.0.1.0/24,Charlie\n10.0.0.0/24,Bravo\n")
with open("costs.csv", "w") as fp:
    fp.write("kind,of,month,amount,seats\nlicence,copilot,2025-04,30,20\nhourly,,,80,\nevent,errors,,120,\n")
PY
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.3"
W="--start 2025-04-01 --review 2025-05-01"
mkdir -p snap/empty
setup $T init
save init
cp "$FIX/telemetry/seats/copilot-seats-2026-05.json" seats.json
setup $T import roster roster.csv --as-of 2024-09-01
save roster
setup $T import items items.csv --source tracker
setup $T import usage --format generic usage.csv
setup $T import subnets subnets.csv
setup $T shadow scan --format squid access.log
setup $T pilot new --team Alpha $H $W --hypothesis "drafts get faster"
setup $T pilot new --team Bravo $H $W --hypothesis "drafts get faster"
setup $T pilot decide 1 scale --by Dana --why "faster" --learned "drafts faster" --differently "sooner"
setup sh -c "printf 'admin password 1\n' | $T user add ann --role admin --password-stdin"
setup $T catalog mark Claude tolerated
setup $T survey open --instrument pulse --units Org --until 2030-01-01 --use copilot:drafting --name o1
setup $T import survey w.csv --instrument pulse --wave w1
setup $T friction list
save full
# employee voice: a survey in the trap's week and a pilot whose plan has a
# voice check (the pilot and trap read it through the disclosure layer)
python3 - <<'PY'
with open("pulse.csv", "w") as fp:
    fp.write("unit,friction@drafting,trust_live@Copilot:drafting,pmf@Copilot:drafting\n")
    for t in ("Alpha", "Bravo"):
        for i in range(6):
            fp.write(f"{t},{'extra_steps' if i % 2 else 'nothing'},agree,{'very' if i % 3 else 'not'}\n")
PY
setup $T survey open --instrument pulse --units Org --from 2025-04-07 --until 2025-04-11 --name w15 --use Copilot:drafting
setup $T import survey pulse.csv --instrument pulse --wave w15
setup $T pilot new --team Alpha $H $W --hypothesis "drafts get faster" --voice-check comparison --control-team Bravo
save voice

# ---- the cases: STATE|STDIN|OUTPUT FILE|ARGUMENTS (split on spaces) ----
cases="empty|||init
init|||import roster roster.csv --as-of 2024-09-01
roster|||import items items.csv --source tracker
roster|||import usage --format generic usage.csv
roster|||import usage --format copilot-seats seats.json --as-of 2026-05-31
roster|||import subnets subnets.csv
roster|||shadow scan --format squid access.log
full|||pilot new --team Charlie $H $W --hypothesis h
full|||pilot decide 2 iterate --by Dana --why w --learned l --differently d
full|||pilot extend 2 --review 2025-06-01 --why w
full|||playbook 1 --rollout Charlie $W
full|||catalog mark ChatGPT approved
full|new password 2||user add bob --role viewer --password-stdin
full|new password 2||user password ann
full|||user link ann
full|||status
full|||items summary --by team --by month
full|||pilot analyze 2
full|||pilot show 1 --json
full|||portfolio
full|||playbook 1
full||pb.html|playbook 1 --format html -o pb.html
full|||learning
full|||shadow scan --format squid access.log --dry-run
full|||shadow report --json
full|||usage --week 2025-W15
full|||trap --week 2025-W15
voice|||trap --week 2025-W15
voice|||pilot analyze 3 --json
full|||privacy audit
full|||privacy audit --as manager:Alpha
full||board.html|report -o board.html
full||board.html|report --board -o board.html --json
full|||user list
full|||user disable ann
full|||user enable ann
full|||user remove ann
full|||import survey w2.csv --instrument pulse --wave w2
full|||survey open --instrument pulse --units Alpha --until 2030-01-01 --name o2
full|||survey links --wave o1 --roster roster.csv
full|||survey close --wave o1
full|||survey status --wave o1
full|||survey results --wave w1
full|||friction list
full|||friction assign 1 --owner Dana
full|||friction resolve 1 --note fixed
full|||import costs costs.csv
full|||costs set hourly 80
full|||costs set licence copilot --month 2025-04 --until 2025-06 --seat-price 30 --seats 20
full|||costs set event errors 120 --json
full|||costs list
full|||value --json
full|||audit log
full|||audit log --json
full|||audit verify
full|||audit export
full||trail.jsonl|audit export -o trail.jsonl"

ncases=0
while IFS='|' read -r state stdin ofile args; do
    echo "$args" | grep -qE -- "$ONLY" || continue
    [ -n "$ofile" ] || ofile=none.out
    attempt count
    if [ "$rc" -ne 0 ]; then
        not_ok "$args: the fault-free run succeeds"
        continue
    fi
    snapshot >clean.snap
    set -- $(sed -n 's/^count io \([0-9]*\) nomem \([0-9]*\) opened io \([-0-9]*\) nomem \([-0-9]*\)$/\1 \2 \3 \4/p' fault.log)
    if [ $# -ne 4 ]; then
        not_ok "$args: the fault-free run counts its steps"
        continue
    fi
    io=$1 nomem=$2 open_io=$3 open_nomem=$4
    if [ "$state" = empty ]; then # init's work is opening
        open_io=0 open_nomem=0
    fi
    for mode in $MODES; do
        eval "sweep $mode \$open_$mode \$$mode ' (after opening)'"
        if [ "$args" = status ]; then # opening the workspace, once
            eval "sweep $mode 0 \$open_$mode ' (opening)'"
        fi
    done
done <<EOF
$cases
EOF
echo "# $ncases (command, step) cases"

# Every command of `traction --help` is a case above, or opens no
# workspace (checked: the counting run never reaches store_open), or is
# named here as not covered: serve (a server's faults are per request)
# and demo (simulate, then the imports and reports above).
printf '1\n2\n3\n' >a.txt
printf '4\n5\n7\n' >b.txt
nows="help status
version
stats describe a.txt
stats compare a.txt b.txt
stats adjust --method bh 0.01 0.04
stats power --sd 1 --mde 0.5
simulate --out sim --people 50 --months 5
catalog check chatgpt.com
catalog list
survey instruments
survey show pulse"
$T --help >list
tops=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' list | uniq)
for t in $tops; do
    $T help "$t" >h
    if head -1 h | grep -q " $t KIND \.\.\.\$"; then
        cmds=$(sed -n "/^$t:\$/,\$s/^  \\([a-z][a-z-]*\\) .*/$t \\1/p" h)
    else
        cmds=$t
    fi
    echo "$cmds" | while read -r c; do
        if printf '%s\n' "$cases" | cut -d'|' -f4 | grep -q "^$c\( \|\$\)"; then
            continue
        fi
        case $c in serve | demo) continue ;; esac
        line=$(printf '%s\n' "$nows" | grep "^$c\( \|\$\)")
        if [ -z "$line" ]; then
            echo "not ok - '$c' is neither a case of this test nor known to open no workspace"
            continue
        fi
        rm -f fault.log traction.db*
        TRACTION_FAULT=count TRACTION_FAULT_LOG=fault.log $F $line >out 2>err
        rc=$?
        if [ "$rc" -eq 0 ] && ! grep -q 'opened io [0-9]' fault.log 2>/dev/null &&
            [ ! -e traction.db ]; then
            echo "ok - $c opens no workspace"
        else
            echo "not ok - $c opens no workspace (exit $rc)"
        fi
    done >>commands.tap
done
while read -r line; do
    case $line in
    ok*) ok "${line#ok - }" ;;
    *) not_ok "${line#not ok - }" ;;
    esac
done <commands.tap
check "the command list was read" [ -s commands.tap ]
finish
