#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `import usage` streams its input (issue 23, item 5): a large NDJSON
# export is read a block at a time, so memory does not grow with the file;
# a record over USAGE_RECORD_MAX (8 MiB) is refused with its line and the
# others are still checked; what tells NDJSON from the report JSON is
# unchanged, from a file or a pipe.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
printf 'id,aliases,team,parent,manager\nu1@corp.example,dev1,Alpha,Org,no\n' >roster.csv
$T import roster roster.csv >/dev/null

# 64 MiB of NDJSON with 40 MiB of address space above what the program
# needs to start (its shared libraries: libical brings ICU, about 30 MiB
# mapped), found first (the whole file read at once needed more than the
# file). Not on a sanitizer build, whose shadow memory is reserved up
# front.
python3 - <<'PY'
import json
rec = {"user_login": "", "day": "2025-01-06", "user_initiated_interaction_count": 3,
       "totals_by_ide": [{"ide": "vscode", "loc_added_sum": 12}] * 6}
n = i = 0
with open("big.ndjson", "w") as fp:
    while n < 64 << 20:
        rec["user_login"] = f"dev{i % 5000}"
        s = json.dumps(rec) + "\n"
        fp.write(s)
        n += len(s)
        i += 1
PY
rows=$(wc -l <big.ndjson)
if nm "$T" 2>/dev/null | grep -qE '__(asan|tsan)_init'; then
    ok "# SKIP memory bound on a sanitizer build"
else
    base=8192 # KiB: the smallest limit, in 4 MiB steps, that starts it
    while [ $base -lt 1048576 ] &&
        ! (ulimit -v $base && $T --version >/dev/null 2>&1); do
        base=$((base + 4096))
    done
    (
        ulimit -v $((base + 40960))
        $T import usage --format copilot-users big.ndjson --json >out 2>err
    )
    rc=$?
    echo "# started within $((base / 1024)) MiB; the import got 40 MiB more"
    check "a 64 MiB NDJSON imports in 40 MiB of address space above the start" eval 'status_is 0 && json "j[\"rows\"] == $rows and j[\"matched\"] == $(( (rows + 4998) / 5000 )) and j[\"unmatched\"] == $rows - $(( (rows + 4998) / 5000 ))"'
fi

# a record over 8 MiB, after a good one: refused with its line; the
# next bad record is still found; nothing stored
before=$(dump)
python3 - <<'PY'
with open("long.ndjson", "w") as fp:
    fp.write('{"user_login": "dev1", "day": "2025-01-06", "used_chat": true}\n')
    fp.write('{"user_login": "dev1", "day": "2025-01-07", "pad": "' + "x" * (8 << 20) + '"}\n')
    fp.write('{"user_login": "dev1"}\n')
PY
run $T import usage --format copilot-users long.ndjson
check "a record over 8 MiB is refused with its line, the others checked" eval 'status_is 1 && err_is "traction: cannot import '"'"'long.ndjson'"'"': line 2: record longer than 8388608 bytes
traction: cannot import '"'"'long.ndjson'"'"': line 3: record without a readable '"'"'day'"'"'" && [ "$(dump)" = "$before" ]'

# the report JSON, pretty-printed, from a pipe (its first line is not a
# record: read whole, as before) and from a file
cat >report.json <<'J'
{
  "day_totals": [
    {"user_login": "dev1", "day": "2025-01-08", "used_chat": true},
    {"user_login": "ghost", "day": "2025-01-08", "used_chat": true}
  ]
}
J
run sh -c "cat report.json | $T import usage --format copilot-users - --json"
check "the report JSON from a pipe" eval 'status_is 0 && json "j[\"rows\"] == 2 and j[\"matched\"] == 1"'
# NDJSON whose first line is broken: every bad line is listed, from a
# file (read twice: the document is tried first) or a pipe (read whole)
printf '{"user_login": "dev1",\n{"user_login": "dev1", "day": "bad"}\n{"day": "2025-01-06", "used_chat": true}\n' >broken.ndjson
want="traction: cannot import 'broken.ndjson': line 1, column 22: not a JSON object: string or '}' expected near end of file
traction: cannot import 'broken.ndjson': line 2: record without a readable 'day'
traction: cannot import 'broken.ndjson': line 3: record without 'user_login'"
run $T import usage --format copilot-users broken.ndjson
check "NDJSON with a broken first line, from a file: every problem" eval 'status_is 1 && err_is "$want"'
run sh -c "cat broken.ndjson | $T import usage --format copilot-users -"
check "... and from a pipe" eval 'status_is 1 && err_is "$(echo "$want" | sed "s/broken.ndjson/-/")"'
finish
