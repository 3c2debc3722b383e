#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, items 9, 10 and 12: input that used to fail silently fails
# loudly. A log scanned in the wrong format said "0 hits" or "100
# malformed" and exited 0; a roster cut short would have marked almost
# everyone as having left; a UTF-16 CSV said "NUL byte in field" on every
# row and a semicolon-separated one "missing column" three times.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
cp "$ROOT/examples/org.csv" org.csv
$T import roster org.csv --as-of 2025-01-01 >/dev/null
people() { sqlite3 traction.db "SELECT count(*) FROM person WHERE active_to IS NULL"; }
check "(twelve people)" [ "$(people)" = 12 ]

# item 10: a roster cut at a row boundary
head -3 org.csv >cut.csv
before=$(dump)
run $T import roster cut.csv --as-of 2025-02-01
check "a roster that would mark 10 of 12 as having left is refused" eval 'status_is 1 && err_is "traction: cannot import '"'"'cut.csv'"'"': this roster would mark 10 of the 12 people listed before as having left (83%, more than 10%): is the file cut short or a part of the organisation? Nothing was imported; --allow-shrink imports it anyway"'
check "... and nothing is imported" [ "$(dump)" = "$before" ]
run $T import roster cut.csv --as-of 2025-02-01 --max-shrink 0.5
check "--max-shrink sets the share (0.5 still refuses 83%)" eval 'status_is 1 && err_has "(83%, more than 50%)" && [ "$(dump)" = "$before" ]'
run $T import roster cut.csv --as-of 2025-02-01 --max-shrink 2
check "--max-shrink is a fraction" eval 'status_is 2 && err_has "--max-shrink: '"'"'2'"'"' is not a number in [0, 1]"'
sed '$d' org.csv >one-less.csv
run $T import roster one-less.csv --as-of 2025-02-01
check "one leaver of twelve is ordinary: imported" eval 'status_is 0 && out_has "1 left" && [ "$(people)" = 11 ]'
run $T import roster cut.csv --as-of 2025-03-01 --allow-shrink --json
check "--allow-shrink imports a real reorganisation" eval 'status_is 0 && json "j[\"people_left\"] == 9" && [ "$(people)" = 2 ]'

# item 12: UTF-16 and semicolons
python3 -c 'import sys; sys.stdout.buffer.write(open("org.csv").read().encode("utf-16"))' >utf16.csv
before=$(dump)
run $T import roster utf16.csv --as-of 2025-04-01 --allow-shrink
check "a UTF-16 CSV is refused once, saying what to do" eval 'status_is 1 && [ "$(wc -l <err)" = 1 ] && err_has "line 1: the file is UTF-16 text (such as Excel'"'"'s \"Unicode Text\"), not UTF-8: save it as \"CSV UTF-8 (Comma delimited)\", or convert it with '"'"'iconv -f UTF-16 -t UTF-8'"'"'" && [ "$(dump)" = "$before" ]'
python3 -c 'import sys; sys.stdout.buffer.write(open("org.csv").read().encode("utf-16-le"))' >utf16le.csv
run $T import roster utf16le.csv --as-of 2025-04-01 --allow-shrink
check "... also without a byte-order mark" eval 'status_is 1 && err_has "the file is UTF-16 text"'
tr ',' ';' <org.csv >semi.csv
run $T import roster semi.csv --as-of 2025-04-01
check "a semicolon-separated roster is read as such" eval 'status_is 0 && out_has "12 people" && [ "$(people)" = 12 ]'
printf 'key;workflow;team;person;started_at;finished_at;quality;errors;rework;tool;reviewed\nS-1;w;Growth;;2025-01-01;2025-01-02;"3,5";0;no;;yes\n' >items-semi.csv
run $T import items items-semi.csv --source semi
check "so are work items, and a decimal comma is refused by name, not read wrong" eval 'status_is 1 && err_has "line 2, column 7" && ! err_has "missing column"'

# item 9: a log in another format than the one given
SQ=$FIX/logs/squid/access.log
ZK=$FIX/logs/zeek/lnav_bro_http.log
before=$(dump)
run $T shadow scan --format bind "$SQ"
check "bind on a Squid log is refused, naming the likely format" eval 'status_is 1 && err_is "traction: 100 of the first 100 lines of '"'"'$SQ'"'"' are not in the bind format; it looks like squid (--format squid)"'
run $T shadow scan --format zeek "$SQ"
check "zeek on a Squid log likewise" eval 'status_is 1 && err_has "are not in the zeek format; it looks like squid (--format squid)"'
run $T shadow scan --format squid "$ZK"
check "squid on a Zeek log likewise (205 lines used to vanish)" eval 'status_is 1 && err_has "are not in the squid format; it looks like zeek (--format zeek)"'
run $T shadow scan --format combined "$FIX/logs/umbrella/dnslogs.csv"
check "combined on an Umbrella export likewise" eval 'status_is 1 && err_has "it looks like umbrella (--format umbrella)"'
check "nothing was stored by any of them" [ "$(dump)" = "$before" ]
run $T shadow scan --format auto "$SQ" --dry-run
check "--format auto reads a Squid log as squid" eval 'status_is 0 && out_has "would store, from 100 lines"'
run $T shadow scan --format auto "$ZK" --dry-run
check "... and a Zeek log as zeek" eval 'status_is 0 && out_has "from 206 lines"'
run $T shadow scan --format auto "$SQ" "$ZK" --dry-run
check "--format auto refuses files in different formats" eval 'status_is 1 && err_has "is not in the squid format of the files before it; it looks like zeek: scan them separately"'
run $T shadow scan --format auto - </dev/null
check "--format auto cannot look at standard input" eval 'status_is 2 && err_has "--format auto cannot look at standard input: name its format"'
: >empty.log
printf '\n\n' | gzip >empty.gz
run $T shadow scan --format squid empty.log
check "an empty log is refused (it used to exit 0)" eval 'status_is 1 && err_has "'"'"'empty.log'"'"' holds no log lines"'
run $T shadow scan --format squid empty.gz
check "... gzipped too" eval 'status_is 1 && err_has "'"'"'empty.gz'"'"' holds no log lines"'
run $T shadow scan --format squid - </dev/null
check "... and on standard input" eval 'status_is 1 && err_has "no log lines were read"'
{ cat "$SQ"; head -c 300000 /dev/urandom | tr -d '\000'; } >tail-garbage.log
run $T shadow scan --format squid tail-garbage.log
check "a log that turns to garbage after its first lines is refused after the scan, nothing stored" eval 'status_is 1 && err_has "lines are not in the squid format: nothing was stored" && [ "$(dump)" = "$before" ]'
finish
