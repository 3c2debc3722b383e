#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The overview's table of teams in pages (issue 19): DASH_OVERVIEW_ROWS
# (50) rows a page in the table's order (theatre, unclear, real; larger
# teams first, then by name), a filter by verdict, links between the
# pages, a clear 400 for a page or verdict that is not there, the
# headline still counting every team; the JSON twin and the report keep
# every team. Kept pages are sent gzip-compressed to a client that
# accepts it, the same bytes once inflated.
. "$(dirname "$0")/lib.sh"

# a simulated organisation of 91 teams (48 theatre, 40 unclear, 3 real)
$T demo --dir org --no-serve --people 1500 --months 5 --seed 7 >demo.out 2>&1 ||
    { cat demo.out >&2; exit 1; }
export TRACTION_DB=$TMP/org/traction.db
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
$T trap --json >trap.json

trap 'serve_stop s1; rm -rf "$TMP"' EXIT
serve_start s1
login ann.jar ann "admin password 1"
curl -s -b ann.jar -o api.json "$B/api/overview"
before=$(dump org/traction.db)

# rows PAGE.html [VERDICT] [PAGE]: compares the page's table of teams
# with the rows of /api/overview in the table's order, cut to the page;
# prints what differs
cat >rows.py <<'PY'
import html, json, re, sys
page, verdict, n = open(sys.argv[1]).read(), sys.argv[2] or None, int(sys.argv[3])
api = json.load(open("api.json"))
rank = {"theatre": 0, "unclear": 1, "real": 2}
teams = [t for f in api["functions"] for t in f["teams"]
         if verdict is None or t["verdict"] == verdict]
teams.sort(key=lambda t: (rank[t["verdict"]], -t["people"], t["team"].encode()))
want = [(t["team"], t["function"], t["verdict"]) for t in teams[(n - 1) * 50:n * 50]]
body = page[page.index('<h3 id="teams">'):]
tbody = re.search(r"<tbody>(.*?)</tbody>", body, re.S)
got = []
for tr in re.findall(r"<tr>(.*?)</tr>", tbody.group(1) if tbody else "", re.S):
    cells = [html.unescape(re.sub(r"<[^>]*>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    got.append((cells[0].replace(" (merged: teams under 10 people)", ""), cells[1], cells[8]))
if got != want:
    print(f"{len(got)} rows, {len(want)} wanted; first differing:",
          next(((g, w) for g, w in zip(got, want) if g != w), None))
    sys.exit(1)
PY
rows() { python3 rows.py "$@"; }

check "the JSON twin has every team, each with its function" eval 'python3 -c "
import json; j = json.load(open(\"api.json\")); t = json.load(open(\"trap.json\"))
rows = [r for f in j[\"functions\"] for r in f[\"teams\"]]
assert len(rows) == len(t[\"teams\"]) == 91, len(rows)
assert all(r[\"function\"] == f[\"function\"] for f in j[\"functions\"] for r in f[\"teams\"])"'
check "the first page: the first 50 teams in the table's order" eval '[ "$(code -b ann.jar "$B/")" = 200 ] && cp body p1.html && rows p1.html "" 1'
check "it says where it is and links to the next and the last page" eval 'grep -qF "Teams 1 to 50 of 91, page 1 of 2." p1.html && grep -qF "<a rel=\"next\" href=\"/?page=2\">next</a> <a href=\"/?page=2\">last</a>" p1.html && ! grep -q "rel=\"prev\"" p1.html'
check "page 2: teams 51 to 91" eval '[ "$(code -b ann.jar "$B/?page=2")" = 200 ] && cp body p2.html && rows p2.html "" 2 && grep -qF "Teams 51 to 91 of 91, page 2 of 2." p2.html && grep -qF "<a rel=\"prev\" href=\"/\">previous</a>" p2.html && ! grep -q "rel=\"next\"" p2.html'
cat >headline.py <<'PY'
import json, re, sys
t = json.load(open("trap.json"))
c = lambda v: sum(1 for x in t["teams"] if x["verdict"] == v)
text = re.sub(r"<[^>]*>", "", re.search(r'<p class="headline">(.*?)</p>', open(sys.argv[1]).read()).group(1))
want = (f"In week {t['week']}, of {len(t['teams'])} teams shown, {c('real')} use",
        f"{c('theatre')} are in the mandate trap", f"{c('unclear')} are unclear")
sys.exit(0 if text.startswith(want[0]) and want[1] in text and want[2] in text else 1)
PY
check "every page's headline counts every team, as trap --json does" eval 'python3 headline.py p1.html && python3 headline.py p2.html'
check "the counts by function add up to the headline's" eval 'python3 -c "
import json, re; j = json.load(open(\"api.json\")); s = open(\"p2.html\").read()
t = s[s.index(\"By function\"):s.index(\"<h3 id=\\\"teams\\\">\")]
cells = [[int(c) for c in re.findall(r\"<td class=\\\"n\\\">(\\d+)</td>\", r)] for r in re.findall(r\"<tr><td>.*?</tr>\", t)]
assert cells == [[f[k] for k in (\"teams_shown\", \"people\", \"theatre\", \"unclear\", \"real\")] for f in j[\"functions\"]], cells
assert sum(r[0] for r in cells) == 91"'
check "the teams of one verdict: all 40 unclear on one page, the filter showing it" eval '[ "$(code -b ann.jar "$B/?verdict=unclear")" = 200 ] && cp body u.html && rows u.html unclear 1 && grep -qF "Teams 1 to 40 of 40, page 1 of 1." u.html && grep -qF "<option value=\"unclear\" selected>" u.html'
check "the 48 theatre teams, on one page" eval '[ "$(code -b ann.jar "$B/?verdict=theatre&page=1")" = 200 ] && rows body theatre 1'
check "page 1 and an empty filter are the overview itself" eval '[ "$(code -b ann.jar "$B/?page=1&verdict=")" = 200 ] && cmp -s body p1.html'
check "/overview takes the same query" eval '[ "$(code -b ann.jar "$B/overview?page=2")" = 200 ] && cmp -s body p2.html'
check "a page past the last is 400, with the pages there are" eval '[ "$(code -b ann.jar "$B/?page=3")" = 400 ] && grep -qF "there is no page 3 of the teams table: its pages are 1 to 2" body && [ "$(code -b ann.jar "$B/?verdict=real&page=2")" = 400 ] && grep -qF "its pages are 1 to 1" body'
ok_bad=1
for p in 0 -1 x 1e3 01 2x 1234567890 "%201"; do
    [ "$(code -b ann.jar "$B/?page=$p")" = 400 ] && grep -qF "the page of the table is a whole number from 1" body || ok_bad=0
done
check "a page that is not a whole number from 1 is 400" [ "$ok_bad" = 1 ]
check "a verdict that is not one is 400" eval '[ "$(code -b ann.jar "$B/?verdict=Theatre")" = 400 ] && grep -qF "the verdict to show is &#39;theatre&#39;, &#39;unclear&#39; or &#39;real&#39;" body'
check "the JSON twin keeps every team whatever the query" eval 'curl -s -b ann.jar "$B/api/overview?page=2&verdict=real" | cmp -s - api.json'
check "the form to filter is a plain GET form with a label" eval 'grep -qF "<form method=\"get\" action=\"/\" class=\"filter\"><label for=\"verdict\">Teams with the verdict</label> <select id=\"verdict\" name=\"verdict\">" p1.html'
check "a kept view is served again the same (the second request from memory)" eval '[ "$(code -b ann.jar "$B/?page=2")" = 200 ] && cmp -s body p2.html'
check "in Dutch, page 2 says so in Dutch" eval '[ "$(code -b ann.jar -H "Accept-Language: nl" "$B/?page=2")" = 200 ] && grep -qF "Teams 51 tot en met 91 van 91, pagina 2 van 2." body && grep -qF "<a rel=\"prev\" href=\"/\">vorige</a>" body'
check "a signed-out reader gets no page of it" eval '[ "$(code "$B/?page=2")" = 303 ]'

# gzip when the client accepts it: the reader's own parts (navigation,
# CSRF token) put between the kept page's compressed parts; the plain
# overview (39 KB) is sent from the kept parts (an iovec), the smaller
# answers joined into one buffer (HTTP_JOIN_MAX, 32 KiB)
team=$(sqlite3 org/traction.db "SELECT unit_id FROM work_item GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1")
ok_gz=1
for u in / "/?page=2" "/?verdict=theatre" "/teams/$team" /pilots/1 /pilots /learning; do
    curl -s -b ann.jar -D plain.h -o plain.html "$B$u"
    curl -s -b ann.jar -H "Accept-Encoding: gzip, deflate, br" -D gz.h -o gz.bin "$B$u"
    { grep -qi "^content-encoding: gzip" gz.h && ! grep -qi "^content-encoding" plain.h &&
        grep -qi "^vary: accept-encoding" gz.h && grep -qi "^vary: accept-encoding" plain.h &&
        gunzip -c gz.bin | cmp -s - plain.html && [ "$(stat -c %s gz.bin)" -lt "$(stat -c %s plain.html)" ]; } || { ok_gz=0; echo "# $u"; }
done
check "with Accept-Encoding gzip a page comes compressed, and inflates to the same bytes" [ "$ok_gz" = 1 ]
check "the plain overview is over 32 KiB (so sent as an iovec), its gzip form under" eval '[ "$(stat -c %s p1.html)" -gt 32768 ] && [ "$(curl -s -b ann.jar -H "Accept-Encoding: gzip" "$B/" | wc -c)" -lt 32768 ]'
check "the form's CSRF token is the reader's own in the compressed page too" eval 'curl -s -b ann.jar -H "Accept-Encoding: gzip" "$B/pilots/1" | gunzip -c | grep -q "name=\"csrf\" value=\"[0-9a-f]\{64\}\"" && ! curl -s -b ann.jar -H "Accept-Encoding: gzip" "$B/pilots/1" | gunzip -c | grep -q "<!--tr:"'
check "gzip;q=0 or only other codings: plain" eval 'curl -s -b ann.jar -H "Accept-Encoding: gzip;q=0, br" -D h -o b "$B/" && ! grep -qi "^content-encoding" h && cmp -s b p1.html && curl -s -b ann.jar -H "Accept-Encoding: identity" -D h -o b "$B/" && ! grep -qi "^content-encoding" h'
check "HEAD says the compressed length" eval '[ "$(curl -s -I -b ann.jar -H "Accept-Encoding: gzip" "$B/" | tr -d "\r" | sed -n "s/^Content-Length: //Ip")" = "$(curl -s -b ann.jar -H "Accept-Encoding: gzip" "$B/" | wc -c)" ]'
check "the JSON twin is sent plain" eval 'curl -s -b ann.jar -H "Accept-Encoding: gzip" -D h -o b "$B/api/overview" && ! grep -qi "^content-encoding" h && cmp -s b api.json'

# the report is read from its file: every team in one table
run $T report -o report.html
check "the workspace is unchanged by the pages" eval '[ "$(dump org/traction.db)" = "$before" ]'
check "the report lists every team, no pages" eval 'status_is 0 && python3 -c "
s = open(\"report.html\").read(); t = s[s.index(\"<h3 id=\\\"teams\\\">\"):]
assert t[:t.index(\"</table>\")].count(\"<tr><td>\") == 91 and \"class=\\\"pager\\\"\" not in s"'
finish
