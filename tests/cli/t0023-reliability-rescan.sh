#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 23, item 3: scanning a log twice, two overlapping rotations of
# one log (one of them gzipped), in one command or in several, store
# exactly what one scan of their union stores: people, person-days and
# requests, day rows and weeks. The log is the real Squid sample
# (tests/fixtures/logs/squid/access.log), moved into the retention
# window and spread over three days; its hosts are made AI services by
# a catalog of the test's own, its addresses a team by a subnet.
. "$(dirname "$0")/lib.sh"

now=$(date +%s)
day0=$((now - now % 86400 - 4 * 86400))
# every line moved to day0.. (and a third of them a day, two days on);
# line 50 twice over, as a log repeats a request in the same second
awk -v base="$day0" '
    NR == 1 { split($1, t, "."); first = t[1] }
    { split($1, t, "."); $1 = (base + t[1] - first + (NR % 3) * 86400) "." t[2]; print }
    NR == 50 { print }
' "$FIX/logs/squid/access.log" >union.log
[ "$(wc -l <union.log)" = 101 ] || exit 1
sed -n '1,60p' union.log >a.log     # the older rotation
sed -n '41,101p' union.log >b.log   # the newer, overlapping lines 41-60
gzip -c b.log >b.log.gz
printf '# match\thost\tservice\tvendor\tcategory\trole\n' >mine.tsv
printf 'domain\tyahoo.com\tYahoo\tYahoo\tchat\tui\n' >>mine.tsv
printf 'domain\tgoonernews.com\tGoonernews\tGoonernews\tchat\tui\n' >>mine.tsv
printf 'id,team,manager\nops1@corp.example,Ops,yes\nops2@corp.example,Ops,no\n' >roster.csv
printf 'cidr,team\n10.105.0.0/16,Ops\n' >subnets.csv
# the requests: lines whose URL's host is one of the catalog's
hits=$(awk '{ h = $7; sub(/^[a-z]+:\/\//, "", h); sub(/[\/:].*/, "", h)
              if (h ~ /(^|\.)(yahoo|goonernews)\.com$/) n++ } END { print n }' union.log)

# new workspace NAME: one key for all, so their pseudonyms compare
ws() {
    [ -f one.key ] && cp one.key "$1.key"
    $T --db "$1.db" init >/dev/null &&
        $T --db "$1.db" import roster roster.csv --as-of 2025-01-01 >/dev/null &&
        $T --db "$1.db" import subnets subnets.csv >/dev/null ||
        not_ok "workspace $1"
}
scan() {
    db=$1
    shift
    $T --db "$db.db" shadow scan --format squid --catalog mine.tsv "$@" >/dev/null 2>"err.$db" ||
        not_ok "scan $db $*: $(cat "err.$db")"
}
# what a workspace stores of the scans: day rows, weeks, recorded lines
stored() {
    sqlite3 "$1.db" "SELECT day, hex(who), u.name, s.name, requests FROM shadow_day d
            JOIN unit u ON u.id = d.unit_id JOIN service s ON s.id = d.service_id ORDER BY 1, 2, 3, 4;
        SELECT week, u.name, s.name, people, active_days, requests FROM shadow_week w
            JOIN unit u ON u.id = w.unit_id JOIN service s ON s.id = w.service_id ORDER BY 1, 2, 3;
        SELECT day, fp, n FROM shadow_line ORDER BY 1, 2"
}
requests() { sqlite3 "$1.db" "SELECT coalesce(sum(requests), 0) FROM shadow_week"; }

ws one
scan one union.log
check "one scan of the union stores each AI request once" eval '[ "$(requests one)" = "$hits" ] && [ "$hits" = 50 ] && [ "$(sqlite3 one.db "SELECT count(*) FROM shadow_day")" -gt 3 ]'

ws twice
scan twice union.log
scan twice union.log
check "the same file scanned twice stores what one scan stores" eval '[ "$(stored twice)" = "$(stored one)" ]'

ws rot
scan rot a.log
scan rot b.log
check "two overlapping rotations, scanned one after the other: the union" eval '[ "$(stored rot)" = "$(stored one)" ]'

ws rotgz
scan rotgz b.log.gz
scan rotgz a.log
scan rotgz union.log
check "the newer rotation gzipped first, then the older, then the union: the union" eval '[ "$(stored rotgz)" = "$(stored one)" ]'

ws both
scan both a.log b.log.gz
check "both rotations in one scan: the union" eval '[ "$(stored both)" = "$(stored one)" ]'

ws dry
scan dry a.log
before=$(dump dry.db)
run $T --db dry.db shadow scan --format squid --catalog mine.tsv a.log --dry-run --json
check "a dry run of a file already scanned stores nothing" eval 'status_is 0 && [ "$(dump dry.db)" = "$before" ]'

# the line repeated in the log is two requests, in the union as in
# each rotation that holds it
check "a line the log holds twice is counted twice, once per scan" eval '[ "$(sqlite3 one.db "SELECT count(*) FROM shadow_line WHERE n = 2")" = 1 ]'

finish
