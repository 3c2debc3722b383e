#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The shadow-AI scan: exact aggregates on a generated log with known
# truth, gzip, subnets, suppression, every sample format, bad input, and
# nothing raw left in the workspace.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/tests/cli/gen_squid.py" 3 . || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2025-01-01 >/dev/null
run $T import subnets subnets.csv
check "subnets import" eval 'status_is 0 && out_has "imported 2 subnets"'
before=$(dump)
run $T shadow scan --format squid access.log access.log.2.gz --dry-run --json
check "--dry-run shows aggregates and stores nothing" eval 'status_is 0 && json "j and all(c[\"people\"] >= 10 for c in j)" && [ "$(dump)" = "$before" ]'
cp out dry.json
python3 - <<'PY'
# the first half again, padded past 8 MB (so two workers split it and lines
# cross read blocks) with lines no rule matches and one 70 kB line
src = open("access.log").read().splitlines(True)
with open("padded.log", "w") as fp:
    for i, l in enumerate(src):
        fp.write(l)
        for k in range(30):
            fp.write(f"1772409600.{k:03d} {k:6d} 10.0.0.{k} TCP_MISS/200 5 GET http://news.example.com/{i}/{k}.html u{k} HIER_DIRECT/1.2.3.4 text/html\n")
        if i == len(src) // 3:
            fp.write("1772409600.000 1 10.0.0.1 TCP_MISS/200 5 GET http://chatgpt.com/" + "x" * 70000 + " sales1 - -\n")
PY
run $T shadow scan --format squid padded.log access.log.2.gz --dry-run --json
check "a file split across threads gives the same aggregates" eval 'status_is 0 && [ $(wc -c <padded.log) -gt 9000000 ] && json "j == json.load(open(\"dry.json\"))"'
# gzip files are read side by side, a worker per file: the same again
# from five pieces, most of them gzipped, in an order no worker keeps
all=$(grep -c "" access.log)
head -n $((all / 4)) access.log | gzip >p1.gz
sed -n "$((all / 4 + 1)),$((all / 2))p" access.log >p2.log
sed -n "$((all / 2 + 1)),$((3 * all / 4))p" access.log | gzip >p3.gz
tail -n +$((3 * all / 4 + 1)) access.log | gzip >p4.gz
run $T shadow scan --format squid p4.gz access.log.2.gz p2.log p1.gz p3.gz --dry-run --json
check "gzip files streamed side by side give the same aggregates" eval 'status_is 0 && json "j == json.load(open(\"dry.json\"))"'
# more hits than a worker counts in one batch (65,536): the first half
# eighty times over (about 240,000 lines, two workers): the same people and
# days, eighty times the requests
run $T shadow scan --format squid access.log --dry-run --json
cp out once.json
python3 - <<'PY'
src = open("access.log").read()
with open("many.log", "w") as fp:
    for _ in range(80):
        fp.write(src)
PY
run $T shadow scan --format squid many.log --dry-run --json
check "hits past one batch: the same people and days, every request counted" eval 'status_is 0 && json "len(j) == len(json.load(open(\"once.json\"))) and all(a[\"people\"] == b[\"people\"] and a[\"active_days\"] == b[\"active_days\"] and (a[\"requests\"] is None or a[\"requests\"] == 80 * b[\"requests\"]) for a, b in zip(j, json.load(open(\"once.json\"))))" && out_has "\"requests\": " && [ $(grep -c "" many.log) -gt 200000 ]'
run $T shadow scan --format squid padded.log --dry-run
check "an overlong line is one malformed line, the rest still parse" eval 'status_is 0 && out_has "2 malformed"'
run $T shadow scan --format squid access.log access.log.2.gz --json
check "a plain and a gzipped log scan together" eval 'status_is 0 && json "set(j[0]) == {\"team\",\"week\",\"service\",\"vendor\",\"category\",\"status\",\"people\",\"active_days\",\"requests\"}" && python3 -c "import json,sys; sys.exit(json.load(open(\"out\")) != json.load(open(\"dry.json\")))"'
cp out scan.json
cat >cmp.py <<'PY'
import json, sqlite3, sys
exp = {(c["team"], c["week"], c["service"]): c for c in json.load(open("expect.json"))}
db = sqlite3.connect("traction.db")
got = {}
for week, team, service, people, days, req in db.execute(
        "SELECT w.week, u.name, s.name, people, active_days, requests FROM shadow_week w "
        "JOIN unit u ON u.id = w.unit_id JOIN service s ON s.id = w.service_id"):
    label = "2026-W10" if week == 20514 else "2026-W11" if week == 20521 else str(week)
    got[(team, label, service)] = {"people": people, "active_days": days, "requests": req}
bad = [k for k in exp if k not in got or any(got[k][f] != exp[k][f] for f in ("people", "active_days", "requests"))]
bad += [k for k in got if k not in exp]
print(bad)
shown = {(c["team"], c["week"], c["service"]): c for c in json.load(open("scan.json"))}
# a cell under 10 people is not listed, nor Support's beside it (the
# complement); every other cell is, with its stored figures
want = {k for k in exp if not (exp[k]["people"] < 10 or k[0] == "Support")}
if set(shown) != want:
    bad.append(("listed", sorted(set(shown) ^ want)))
for k, c in shown.items():
    if any(c[f] != exp[k][f] for f in ("people", "active_days", "requests")):
        bad.append(("figures", k))
sys.exit(1 if bad else 0)
PY
check "stored aggregates match the known truth exactly (people, active days, requests)" python3 cmp.py
check "small teams' cells are not listed, nor their sibling (complementary)" eval '! grep -q "\"people\": [0-9]," scan.json && ! grep -q "Support" scan.json'
sqlite3 traction.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
check "no user name, address, URL path or query is in the workspace" eval '! cat traction.db traction.db-wal 2>/dev/null | grep -aqiE "sales1|support1|10\.9\.|192\.168\.|secret|/path|corp\.example"'
check "day-level rows older than the retention window are gone" [ "$(sqlite3 traction.db 'SELECT count(*) FROM shadow_day')" = 0 ]
run $T status --json
check "status counts the weeks of shadow-AI demand and the services" eval 'json "j[\"shadow_weeks\"] == 2 and j[\"services\"] == 4"'
run $T shadow report --json
check "shadow report shows the stored cells as the scan did, suppressed alike" eval 'status_is 0 && python3 -c "import json,sys; sys.exit(json.load(open(\"out\")) != json.load(open(\"scan.json\")))"'
run $T shadow report --week 2026-W11 --json
check "... one week of them with --week" eval 'status_is 0 && json "j and all(c[\"week\"] == \"2026-W11\" for c in j) and len(j) == sum(c[\"week\"] == \"2026-W11\" for c in json.load(open(\"scan.json\")))"'
run $T shadow report --since 2026-W12
check "... and says so when a range has none" eval 'status_is 0 && out_is "no shadow-AI demand stored in these weeks"'
run $T shadow report --week 2026-W11 --since 2026-W10
check "... refusing a week and a range together" eval 'status_is 2 && err_has "--week: one week, or --since and --until"'
run $T shadow report --week 11
check "... and a week that is not an ISO week" eval 'status_is 2 && err_has "--week: an ISO week such as 2026-W37"'
run $T shadow scan --format squid access.log
check "rescanning a week already closed by retention does not corrupt it" eval 'status_is 0 && out_has "already closed by the retention window" && python3 cmp.py'

# two scans of one open week give what one scan of both files gives
python3 - <<'PY'
import random, time
rnd = random.Random(9)
now = int(time.time())
day0 = now - now % 86400 - 3 * 86400        # three days ago, within 30
users = [f"sales{i}" for i in range(14)] + [f"support{i}" for i in range(12)]
lines = []
for k in range(3000):
    u = rnd.choice(users)
    t = day0 + rnd.randrange(2) * 86400 + rnd.randrange(80000)
    host = rnd.choice(["chatgpt.com:443", "claude.ai:443", "www.deepl.com:443"])
    lines.append(f"{t}.000 1 192.168.1.2 TCP_TUNNEL/200 9 CONNECT {host} {u} HIER_DIRECT/1.2.3.4 -\n")
# the same people and days in both halves: person-days must not double
open("recentA.log", "w").writelines(lines[:1500])
open("recentB.log", "w").writelines(lines[1500:])
open("recentAB.log", "w").writelines(lines)
# the lines of A a half-second later: the same people and days, new lines
open("recentC.log", "w").writelines(l.replace(".000 1 ", ".500 1 ", 1) for l in lines[:1500])
PY
for w in one two; do
    $T --db $w.db init >/dev/null
    $T --db $w.db import roster roster.csv --as-of 2025-01-01 >/dev/null
done
$T --db one.db shadow scan --format squid recentAB.log >/dev/null
$T --db two.db shadow scan --format squid recentA.log >/dev/null
$T --db two.db shadow scan --format squid recentB.log >/dev/null
weeks() { sqlite3 "$1" "SELECT u.name, s.name, w.week, people, active_days, requests FROM shadow_week w JOIN unit u ON u.id = w.unit_id JOIN service s ON s.id = w.service_id ORDER BY 1, 2, 3"; }
check "a week scanned in two parts equals one scan of both (people, person-days, requests)" eval '[ -n "$(weeks one.db)" ] && [ "$(weeks one.db)" = "$(weeks two.db)" ] && [ "$(sqlite3 two.db "SELECT sum(requests) FROM shadow_week")" = 3000 ]'
before=$(dump two.db)
run $T --db two.db shadow scan --format squid recentC.log --dry-run --json
cat >drycheck.py <<'PY'
import datetime, json, sqlite3, sys
def iso(day):
    y, w, _ = (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isocalendar()
    return f"{y}-W{w:02d}"
shown = json.load(open("out"))
db = sqlite3.connect("two.db")
stored = {(t, s, iso(w)): r for t, s, w, r in db.execute(
    "SELECT u.name, s.name, w.week, requests FROM shadow_week w JOIN unit u ON u.id = w.unit_id "
    "JOIN service s ON s.id = w.service_id")}
key = lambda c: (c["team"], c["service"], c["week"])
# the dry run adds C's 1,500 new requests to what is stored (A's lines,
# scanned already, add none)
extra = sum(c["requests"] - stored[key(c)] for c in shown)
want = sys.argv[1]
sys.exit(0 if shown and (all(c["requests"] > stored[key(c)] for c in shown) and 0 < extra <= 1500
                         if want == "more" else extra == 0) else 1)
PY
check "a dry run merges with the stored day rows of an open week, and stores nothing" eval 'status_is 0 && [ "$(dump two.db)" = "$before" ] && python3 drycheck.py more'
run $T --db two.db shadow scan --format squid recentA.log --dry-run --json
check "a dry run of lines already scanned shows the stored aggregates, unchanged" eval 'status_is 0 && [ "$(dump two.db)" = "$before" ] && python3 drycheck.py same'

# people who changed teams between two scans of one open week: the days
# stored keep the former team, the new ones go to the new team, and every
# weekly aggregate is what the stored day rows give
sed 's/^\(sales[0-6]@corp.example,[^,]*\),Sales,/\1,Support,/' roster.csv >moved.csv
$T --db two.db import roster moved.csv --as-of 2026-01-01 >/dev/null
$T --db two.db shadow scan --format squid recentC.log >/dev/null
cat >daycheck.py <<'PY'
import collections, sqlite3, sys
db = sqlite3.connect("two.db")
days = collections.defaultdict(lambda: [set(), set(), 0])
for day, who, unit, svc, req in db.execute("SELECT day, who, unit_id, service_id, requests FROM shadow_day"):
    c = days[(day - (day + 3) % 7, unit, svc)]
    c[0].add(who); c[1].add((who, day)); c[2] += req
want = {k: (len(v[0]), len(v[1]), v[2]) for k, v in days.items()}
got = {(w, u, s): (p, d, r) for w, u, s, p, d, r in db.execute(
    "SELECT week, unit_id, service_id, people, active_days, requests FROM shadow_week")}
units = {u for _, u, _ in got}
sys.exit(0 if want == got and len(units) == 2 and sum(r for _, _, r in got.values()) == 4500 else 1)
PY
check "after a team change the weeks' aggregates equal what the stored day rows give, in both teams" python3 daycheck.py

# every sample format parses
run $T shadow scan --format squid "$FIX/logs/squid/access.log" --dry-run
check "Squid sample: 100 lines, users not in the roster are not attributed" eval 'status_is 0 && out_has "from 100 lines" && out_has "0 hits"'
run $T shadow scan --format combined "$FIX/logs/apache/apache_logs.head1000.log" --dry-run
check "Apache combined sample: paths only, counted as no host" eval 'status_is 0 && out_has "no host"'
run $T shadow scan --format zeek "$FIX/logs/zeek/lnav_bro_http.log" --dry-run
check "Zeek lnav_bro_http.log parses" status_is 0
for f in dns.log ssl.log http.log; do
    run $T shadow scan --format zeek "$FIX/logs/zeek/$f" --dry-run
    check "Zeek $f (btest baseline, masked timestamps): refused, not 0 hits" eval 'status_is 1 && err_has "are not in the zeek format, nor in another format traction reads"'
done
run $T shadow scan --format umbrella "$FIX/logs/umbrella/dnslogs.csv" --dry-run
check "Umbrella DNS sample: 15 lines" eval 'status_is 0 && out_has "15 lines"'
run $T shadow scan --format bind "$FIX/logs/bind/infoblox_nios_named_syslog.log" --dry-run
check "BIND behind syslog parses" status_is 0
printf 'Jan  5 09:14:07 dnsmasq[2221]: query[A] chatgpt.com from 10.9.8.3\nJan  5 09:14:07 dnsmasq[2221]: forwarded chatgpt.com to 1.1.1.1\n' >dnsmasq.log
run $T shadow scan --format dnsmasq dnsmasq.log --year 2026 --dry-run --json
check "dnsmasq: one person's cell is not listed" eval 'status_is 0 && json "j == []"'
cp traction.db dm.db && cp traction.key dm.key
run $T --db dm.db shadow scan --format dnsmasq dnsmasq.log --year 2026
check "dnsmasq: query lines only, year from --year, address through subnets" eval 'status_is 0 && [ "$(sqlite3 dm.db "SELECT w.week, u.name, w.people FROM shadow_week w JOIN unit u ON u.id = w.unit_id JOIN service s ON s.id = w.service_id WHERE w.week = 20458")" = "20458|Sales|1" ]'

printf '"Mon Jan  5 10:00:00 2026","sales1@corp.example","10.9.8.1","https%%3A%%2F%%2Fchat.openai.com%%2Fc%%2F1","Sales"\n"2026-01-06 11:00:00","SALES2","10.1.1.1","deepl.com/translator","Sales"\n' >zs.csv
run $T shadow scan --format zscaler --fields time,elogin,cip,eurl,dept zs.csv --dry-run --json
cp traction.db zs.db && cp traction.key zs.key
run $T --db zs.db shadow scan --format zscaler --fields time,elogin,cip,eurl,dept zs.csv
check "Zscaler NSS: user-supplied fields, %%-encoded URLs, NSS times" eval 'status_is 0 && [ "$(sqlite3 zs.db "SELECT w.week, s.name FROM shadow_week w JOIN service s ON s.id = w.service_id WHERE w.week = 20458 ORDER BY 2" | tr "\n" " ")" = "20458|ChatGPT 20458|DeepL " ]'
run $T shadow scan --format zscaler zs.csv
check "Zscaler without --fields is a usage error" eval 'status_is 2 && err_has "needs --fields"'

# progress: on a terminal only, and right for a pipe (no total, no
# gzip offset): the bytes and the line rate read so far
run $T shadow scan --format squid access.log --dry-run
check "no progress when stderr is not a terminal" eval 'status_is 0 && [ ! -s err ]'
lines=$(grep -c "" access.log)
script -qec "sh -c '(cat access.log; sleep 0.8; cat access.log) | $T shadow scan --format squid - --dry-run --quiet'" /dev/null >tty.out 2>&1
check "on a terminal a pipe's scan shows MB and lines/s, then clears the line" python3 - "$lines" <<'PY'
import re, sys
lines = int(sys.argv[1])
t = open("tty.out", "rb").read().decode()
m = re.search(r"\rscanning: (\d+) MB \((\d+\.\d)(k?) lines/s\)\x1b\[K", t)
size = 2 * len(open("access.log", "rb").read())
ok = m and "\r\x1b[Kwould store, from %d lines" % (2 * lines) in t
if ok:  # read so far over at least the 0.8 s pause
    mb, rate = int(m.group(1)), float(m.group(2)) * (1000 if m.group(3) else 1)
    ok = mb <= size / 1e6 + 1 and 0 < rate <= 2 * lines / 0.8
sys.exit(0 if ok else 1)
PY

# bad input: counted, never a crash, nothing stored
before=$(dump)
head -c 200000 /dev/urandom >garbage.log
run $T shadow scan --format squid garbage.log
check "binary garbage is refused (it used to count as malformed, exit 0)" eval 'status_is 1 && err_has "lines of '"'"'garbage.log'"'"' are not in the squid format, nor in another format traction reads" && [ "$(dump)" = "$before" ]'
grep -v '^#fields' "$FIX/logs/zeek/lnav_bro_http.log" >nofields.log
run $T shadow scan --format zeek nofields.log
check "a Zeek file without #fields: refused" eval 'status_is 1 && err_has "lines of '"'"'nofields.log'"'"' are not in the zeek format"'
head -c 3000 access.log.2.gz >truncated.gz
run $T shadow scan --format squid truncated.gz
check "a gzip file that ends early is an error and stores nothing" eval 'status_is 1 && err_has "ends early" && [ "$(dump)" = "$before" ]'
lines=$(zcat truncated.gz 2>/dev/null | grep -c "")
run $T shadow scan --format squid p1.gz p3.gz truncated.gz p4.gz
check "... also among others read beside it, its own lines counted" eval 'status_is 1 && err_has "'"'"'truncated.gz'"'"': unexpected end of file after $lines lines" && [ "$(dump)" = "$before" ]'
gzip -c "$FIX/logs/zeek/lnav_bro_http.log" >zhttp.gz
gzip -c nofields.log >znone.gz
run $T shadow scan --format zeek zhttp.gz --dry-run
zh=$(cat out)
# a file without #fields alone is refused (above); after two with it,
# through standard input (not looked at first), its lines are malformed
zn="from $(grep -c '' nofields.log) lines, $(grep -vc '^#' nofields.log) malformed"
# whichever worker reads the stream has read a file with #fields before
run sh -c "zcat znone.gz | $T shadow scan --format zeek zhttp.gz zhttp.gz - --dry-run"
check "Zeek files read side by side each start afresh (no #fields: malformed)" eval 'status_is 0 && python3 -c "
import re, sys
def counts(t):
    lines = int(re.search(r\"from (\\d+) lines\", t).group(1))
    bad = re.search(r\"(\\d+) malformed\", t)
    return lines, int(bad.group(1)) if bad else 0
h, z, a = counts(sys.argv[1]), counts(sys.argv[2]), counts(sys.argv[3])
sys.exit(a != (2 * h[0] + z[0], 2 * h[1] + z[1]) or h != (206, 0) or z[1] < 190)" "$zh" "$zn" "$(cat out)"'
run $T shadow scan --format squid - p1.gz - </dev/null
check "standard input given twice is a usage error" eval 'status_is 2 && err_has "(standard input) can be given once"'
run $T shadow scan --format haproxy access.log
check "an unknown format is a usage error" eval 'status_is 2 && err_has "--format"'
printf 'cidr,team\n10.0.0.0/33,Sales\n10.1.0.0/16,Nowhere\n' >badnets.csv
run $T import subnets badnets.csv
check "bad subnets are refused with line and column" eval 'status_is 1 && err_has "line 2, column 1" && err_has "line 3, column 2: unknown team '"'"'Nowhere'"'"'"'
finish
