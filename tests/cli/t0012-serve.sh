#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard over real HTTP: sign-in, sessions, roles, CSRF, escaping
# of hostile names, limits, the SSO header, one-time links, the JSON
# twins and the board-pack report.
. "$(dirname "$0")/lib.sh"

# an organisation whose team and workflow names are attacks
python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
XSS='<script>alert(1)</script>'
QUOTE='" onmouseover=alert(1) x="'
python3 - "$XSS" "$QUOTE" <<'PY'
import csv, sys
xss, quote = sys.argv[1], sys.argv[2]
for name in ("roster.csv", "items.csv"):
    rows = list(csv.reader(open(name)))
    with open(name, "w", newline="") as fp:
        w = csv.writer(fp)
        for r in rows:
            w.writerow([c.replace("Alpha", xss).replace("drafting", quote) for c in r])
# a team of three: too small for any number of its own
with open("roster.csv", "a", newline="") as fp:
    for i in range(3):
        fp.write(f"tiny{i}@pilot.example,Tiny,Org,{'yes' if i == 0 else 'no'}\n")
with open("items.csv", "a", newline="") as fp:
    w = csv.writer(fp)
    for k in range(90):
        s = 1735722000 + k * 86400
        w.writerow([f"T-{k}", quote, "Tiny", f"tiny{k % 3}@pilot.example", s, s + 7200 + k * 60, 0, ""])
PY
# a team of twelve beside the three: in a week where only these two use a
# tool or an AI service, Tiny is hidden and Hotel with it (complementary
# suppression), in every report
python3 - <<'PY'
import datetime, time
with open("roster.csv", "a") as fp:
    for i in range(12):
        fp.write(f"hotel{i}@pilot.example,Hotel,Org,{'yes' if i == 0 else 'no'}\n")
people = [f"tiny{i}" for i in range(3)] + [f"hotel{i}" for i in range(12)]
ts = int(time.time()) - 2 * 86400
with open("proxy.log", "w") as fp:
    for k, who in enumerate(people):
        fp.write(f"{ts + k}.000 10 10.0.0.{k} TCP_MISS/200 900 CONNECT chatgpt.com:443 {who}@pilot.example HIER_DIRECT/203.0.113.9 -\n")
day = datetime.date.fromtimestamp(ts).isoformat()
with open("usage.csv", "w") as fp:
    fp.write("day,person,tool,active,interactions\n")
    for who in people:
        fp.write(f"{day},{who}@pilot.example,Copilot Chat,yes,5\n")
PY
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source tracker >/dev/null
$T shadow scan --format squid proxy.log >/dev/null
$T import usage --format generic usage.csv >/dev/null
H="--tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
$T pilot new --team "$XSS" --workflow "$QUOTE" $H --hypothesis "$XSS drafts" >/dev/null
$T pilot new --team Bravo --workflow "$QUOTE" $H --hypothesis "drafts" >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
printf 'manager password\n' | $T user add max --role manager --unit Bravo --password-stdin >/dev/null
printf 'viewer password!\n' | $T user add vic --role viewer --password-stdin >/dev/null

trap 'serve_stop s1; serve_stop s2; serve_stop s3; serve_stop s4; rm -rf "$TMP"' EXIT
serve_start s1 --timeout 2
check "serve listens on a free port and says where" eval 'grep -q "traction serves" s1.log && [ -s s1.port ]'

csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' body | head -1 | sed 's/.*value="//; s/"//'; }

check "no session: a page redirects to the sign-in page" eval '[ "$(code "$B/")" = 303 ]'
check "no session: the API answers 401" eval '[ "$(code "$B/api/overview")" = 401 ]'
check "no session: a POST answers 401" eval '[ "$(code -d x=1 "$B/pilots/1/decide")" = 401 ]'
lt=$(login_token lf.jar)
check "a wrong password is refused" eval '[ "$(code -b lf.jar -d csrf=$lt -d name=ann -d password=nope "$B/login")" = 401 ] && grep -q "do not match" body'
check "an unknown user is refused the same way" eval '[ "$(code -b lf.jar -d csrf=$lt -d name=nobody -d password=nope "$B/login")" = 401 ] && grep -q "do not match" body'
curl -s -i -o head.txt -b lf.jar --data-urlencode csrf=$lt --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B/login"
check "signing in sets an HttpOnly, SameSite=Strict session cookie" eval 'grep -qi "^set-cookie: tr_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict" head.txt && grep -q "^HTTP/1.1 303" head.txt'
login ann.jar ann "admin password 1"

# every page as an admin, hostile names escaped for their context
ok_pages=1
for u in / /pilots /pilots/1 /pilots/2 /playbooks /learning /whatif; do
    [ "$(code -b ann.jar "$B$u")" = 200 ] || ok_pages=0
    cat body >>all.html
done
for id in $(sqlite3 traction.db "SELECT id FROM unit"); do
    [ "$(code -b ann.jar "$B/teams/$id")" = 200 ] || ok_pages=0
    cat body >>all.html
done
check "an admin opens every page" [ "$ok_pages" = 1 ]
check "a script in a team name is never served raw" eval '! grep -qF "$XSS" all.html && grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" all.html'
check "a quote in a workflow name cannot open an attribute" eval '! grep -qF "\" onmouseover=" all.html && grep -qF "&quot; onmouseover=alert(1) x=&quot;" all.html'
check "pages carry a Content-Security-Policy and nosniff" eval 'curl -s -D - -o /dev/null -b ann.jar "$B/" | grep -qi "content-security-policy: default-src .none." && curl -s -D - -o /dev/null -b ann.jar "$B/" | grep -qi "x-content-type-options: nosniff"'
curl -s -D h.txt -o api.json -b ann.jar "$B/api/pilots/1"
check "the JSON twin has the same data, as JSON" eval 'grep -qi "^content-type: application/json" h.txt && python3 -c "import json; j=json.load(open(\"api.json\")); assert j[\"team\"] == \"<script>alert(1)</script>\" and j[\"analysis\"][\"primary\"][\"n_pilot\"] > 0"'
check "unknown pages and ids are 404" eval '[ "$(code -b ann.jar "$B/pilots/999")" = 404 ] && [ "$(code -b ann.jar "$B/teams/abc")" = 404 ] && [ "$(code -b ann.jar "$B/api/nothing")" = 404 ]'

# the OpenAPI description matches what the server answers
bravo=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Bravo'")
cat >openapi.py <<'PY'
import json, subprocess, sys
base, team = sys.argv[1], sys.argv[2]
doc = json.load(open(sys.argv[3]))
schemas = doc["components"]["schemas"]
def required(schema):
    if "$ref" in schema:
        return required(schemas[schema["$ref"].split("/")[-1]])
    keys = list(schema.get("required", []))
    for part in schema.get("allOf", []):
        keys += required(part)
    return keys
bad = []
for path, item in doc["paths"].items():
    if not path.startswith("/api/") or "playbooks/{id}" in path:
        continue
    url = base + path.replace("{id}", team if "teams" in path else "1")
    body = subprocess.run(["curl", "-s", "-b", "ann.jar", url], capture_output=True, text=True).stdout
    got = json.loads(body)
    schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    missing = [k for k in required(schema) if k not in got]
    if missing:
        bad.append((path, missing))
print(bad)
sys.exit(1 if bad else 0)
PY
check "every documented API path answers with the keys docs/openapi.json requires" python3 openapi.py "$B" "$bravo" "$ROOT/docs/openapi.json"

# privacy: a team too small for numbers shows none, in either form
tiny=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Tiny'")
check "a team of three: no month under its name, no number in the JSON" eval 'curl -s -b ann.jar "$B/api/teams/$tiny" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"outcomes\"] == [] and j[\"approved_use\"] == [] and j[\"shadow_demand\"] == [], j"'
check "... nor in the page" eval '[ "$(code -b ann.jar "$B/teams/$tiny")" = 200 ] && ! grep -q "<td class=\"n\">[0-9]" body'

hotel=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Hotel'")
check "the CLI lists neither Tiny's cells nor Hotel's (their complement), only counts them" eval '$T shadow report --json | python3 -c "import json,sys; j=json.load(sys.stdin); assert j == [], j" && $T usage --json | python3 -c "import json,sys; j=json.load(sys.stdin); assert [c for c in j if c[\"team\"]] == [], j" && $T usage | grep -q "2 cell(s) with fewer than 10 people"'
check "... and so does Hotel's team page: no count of twelve to subtract from" eval 'curl -s -b ann.jar "$B/api/teams/$hotel" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"shadow_demand\"] == [] and j[\"approved_use\"] == [], j" && [ "$(code -b ann.jar "$B/teams/$hotel")" = 200 ] && ! grep -q "<td class=\"n\">1[25]<" body'

# roles
login max.jar max "manager password"
charlie=$(sqlite3 traction.db "SELECT id FROM unit WHERE name = 'Charlie'")
check "a manager sees their own team" eval '[ "$(code -b max.jar "$B/teams/$bravo")" = 200 ]'
check "a manager asking for another unit gets 403" eval '[ "$(code -b max.jar "$B/teams/$charlie")" = 403 ] && [ "$(code -b max.jar "$B/api/teams/$charlie")" = 403 ] && [ "$(code -b max.jar "$B/pilots/1")" = 403 ]'
check "a manager sees only their pilots in the portfolio" eval 'curl -s -b max.jar "$B/api/pilots" | python3 -c "import json,sys; j=json.load(sys.stdin); assert [p[\"team\"] for p in j[\"pilots\"]] == [\"Bravo\"]"'
login vic.jar vic "viewer password!"
check "a viewer sees organisation-level pages" eval '[ "$(code -b vic.jar "$B/")" = 200 ] && [ "$(code -b vic.jar "$B/whatif")" = 200 ]'
check "a viewer gets 403 for team pages and pilot pages" eval '[ "$(code -b vic.jar "$B/teams/$bravo")" = 403 ] && [ "$(code -b vic.jar "$B/pilots/2")" = 403 ]'
check "a viewer's portfolio lists no team's pilot, only the organisation's counts" eval 'curl -s -b vic.jar "$B/api/pilots" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"pilots\"] == [] and sum(j[\"glance\"][\"counts\"].values()) == 2 and j[\"glance\"][\"decisions_due\"] == [], j" && [ "$(code -b vic.jar "$B/pilots")" = 200 ] && ! grep -q "href=\"/pilots/[0-9]" body'

# decisions and CSRF
code -b ann.jar "$B/pilots/2" >/dev/null
tok=$(csrf)
check "a POST without a CSRF token gets 403" eval '[ "$(code -b ann.jar -d decision=iterate -d why=w -d learned=l "$B/pilots/2/decide")" = 403 ]'
check "a POST with a wrong CSRF token gets 403" eval '[ "$(code -b ann.jar -d csrf=0123 -d decision=iterate -d why=w -d learned=l "$B/pilots/2/decide")" = 403 ]'
check "another session's token does not work either" eval 'code -b max.jar "$B/teams/$bravo" >/dev/null; t2=$(csrf); [ "$(code -b ann.jar -d csrf=$t2 -d decision=iterate -d why=w -d learned=l "$B/pilots/2/decide")" = 403 ]'
check "a post with no decision chosen is refused, saying what to choose" eval '[ "$(code -b ann.jar -d csrf=$tok -d why=w -d learned=l "$B/pilots/2/decide")" = 400 ] && grep -q "scale, iterate or retire" body'
check "the decision form preselects nothing" eval 'code -b ann.jar "$B/pilots/2" >/dev/null && [ "$(grep -o "type=\"radio\" name=\"decision\"" body | wc -l)" = 3 ] && ! grep -q "checked\|<select name=\"decision\"" body'
check "a closing decision without what to do differently is refused" eval '[ "$(code -b ann.jar -d csrf=$tok -d decision=retire -d why=w -d learned=l "$B/pilots/2/decide")" = 400 ] && grep -q "differently" body'
check "a decision with a valid token is recorded" eval '[ "$(code -b ann.jar --data-urlencode csrf=$tok -d decision=retire --data-urlencode "why=no effect at all" --data-urlencode "learned=drafts were not the bottleneck" --data-urlencode "differently=measure review time" "$B/pilots/2/decide")" = 303 ]'
check "the decision appears in the history, by the signed-in user" eval '[ "$(code -b ann.jar "$B/pilots/2")" = 200 ] && grep -q "drafts were not the bottleneck" body && grep -q "<td>ann</td>" body'
check "the portfolio shows it at once (the cache follows the data)" eval 'curl -s -b ann.jar "$B/api/pilots" | python3 -c "import json,sys; j=json.load(sys.stdin); assert [p[\"status\"] for p in j[\"pilots\"]] == [\"running\", \"retired\"]"'
run $T audit log --json
check "the dashboard's decision is in the audit trail by the signed-in account, the refused posts are not" eval 'status_is 0 && json "[(e[\"actor\"], e[\"subject\"], e[\"details\"][\"decision\"]) for e in j[\"entries\"] if e[\"action\"] == \"pilot.decide\"] == [(\"ann\", \"pilot 2\", \"retire\")]"'
run $T audit verify
check "the server wrote the head beside the key" eval 'status_is 0 && out_has "chain intact, head matches traction.audit-head"'
$T pilot decide 1 scale --by "Dana Lee" --why "faster drafts" --learned "templates help" --differently "start with the review step" >/dev/null
check "a scaled pilot has a playbook page and its JSON, escaped" eval '[ "$(fresh -b ann.jar "$B/playbooks")" = 200 ] && grep -q "templates help" body && [ "$(code -b ann.jar "$B/playbooks/1")" = 200 ] && ! grep -qF "$XSS" body && grep -q "Dana Lee" body && curl -s -b ann.jar "$B/api/playbooks/1" | python3 -c "import json,sys; j=json.load(sys.stdin); assert j[\"decision\"][\"by\"] == \"Dana Lee\" and j[\"decision\"][\"at\"] and j[\"evidence\"][\"pilot\"] == 1"'
check "a pilot that was not scaled has no playbook" eval '[ "$(code -b ann.jar "$B/playbooks/2")" = 404 ] && [ "$(code -b ann.jar "$B/api/playbooks/99")" = 404 ]'
cat >means.py <<'PY'
import json, sys
def keys(j):
    if isinstance(j, dict):
        for k, v in j.items():
            yield k
            yield from keys(v)
    elif isinstance(j, list):
        for v in j:
            yield from keys(v)
j = json.load(sys.stdin)
team = [k for k in keys(j) if k.startswith(("mean", "sd")) or k == "baseline"]
prim = j["evidence"]["primary"] if "evidence" in j else j["playbooks"][0]["evidence"]["primary"]
assert prim["change"] is not None and "ci_low" in prim and "ci_high" in prim, prim
sys.exit(0 if (sys.argv[1] == "some") == bool(team) else 1)
PY
check "a playbook open to a viewer carries the effect and its interval, not the team's means" eval 'curl -s -b vic.jar "$B/api/playbooks/1" | python3 means.py none && curl -s -b vic.jar "$B/api/playbooks" | python3 means.py none && curl -s -b ann.jar "$B/api/playbooks/1" | python3 means.py some'
check "a viewer cannot decide" eval 'code -b vic.jar "$B/" >/dev/null; t3=$(csrf); [ "$(code -b vic.jar -d csrf=$t3 -d decision=iterate -d why=w -d learned=l "$B/pilots/1/decide")" = 403 ]'
items() { fresh -b ann.jar "$B/api/teams/$bravo" >/dev/null && python3 -c "import json,sys; print(sum(m['items'] or 0 for m in json.load(sys.stdin)['outcomes']))" <body; }
before=$(items)
$T import items items.csv --source other >/dev/null
check "an import by the command line shows without a restart" eval '[ "$before" -gt 0 ] && [ "$(items)" = $((before * 2)) ]'

# limits
head -c 20000 /dev/zero | tr '\0' a >big.txt
check "a body over 16 KiB gets 413" eval '[ "$(code -b ann.jar --data-binary @big.txt "$B/login")" = 413 ]'
check "headers over 32 KiB are refused" eval 'h=$(head -c 40000 /dev/zero | tr "\0" a); c=$(curl -s -o /dev/null -w "%{http_code}" -H "X-Big: $h" "$B/health"); [ "$c" -ge 400 ] || [ "$c" = 000 ]'
python3 - "$(cat s1.port)" >slow.txt <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes the headers
s.settimeout(8)
t = time.time()
try:
    data = s.recv(100)
except socket.timeout:
    data = None
print("closed" if data == b"" or (data and time.time() - t < 8) else "held", round(time.time() - t))
PY
check "a slow client is cut off after the timeout" eval 'grep -q "^closed [1-4]" slow.txt'
check "sign out ends the session" eval 'code -b ann.jar "$B/" >/dev/null; t=$(csrf); [ "$(code -b ann.jar -d csrf=$t "$B/logout")" = 303 ] && [ "$(code -b ann.jar "$B/")" = 303 ]'

# one-time links
link=$($T user link ann --base "$B" | head -1)
check "a login link signs in once" eval '[ "$(code -c l.jar "$link")" = 303 ] && [ "$(code -b l.jar "$B/")" = 200 ]'
check "the same link does not work twice" eval '[ "$(code "$link")" = 401 ]'
check "a forged link does not work" eval '[ "$(code "$B/login/link?token=$(printf %064d 7)")" = 401 ]'
check "user list shows no password hashes" eval '$T user list --json >out && json "[u[\"name\"] for u in j[\"users\"]] == [\"ann\", \"max\", \"vic\"]" && ! grep -q argon2 out'
run $T user add x --role manager
check "a manager without --unit is a usage error" eval 'status_is 2 && err_has "needs --unit"'
run sh -c "printf 'short\n' | $T user add y --role viewer --password-stdin"
check "a short password is refused" eval 'status_is 1 && err_has "at least 10 characters"'

# an SSO proxy's header: trusted from the proxy's address only
serve_stop s1
serve_start s2 --trust-proxy-header X-Forwarded-User --proxy 127.0.0.1
B2=http://127.0.0.1:$(cat s2.port)
check "from the trusted proxy, the header signs the user in" eval '[ "$(code -H "X-Forwarded-User: ann" "$B2/api/overview")" = 200 ]'
check "an unknown user in the header gets nothing" eval '[ "$(code -H "X-Forwarded-User: mallory" "$B2/api/overview")" = 401 ]'
login sso.jar ann "admin password 1"
check "the header wins over a session cookie of someone else" eval '[ "$(code -b sso.jar -H "X-Forwarded-User: vic" "$B2/api/teams/$bravo")" = 403 ]'
serve_stop s2
serve_start s3 --trust-proxy-header X-Forwarded-User --proxy 10.1.2.3
B3=http://127.0.0.1:$(cat s3.port)
check "from any other address the header is ignored" eval '[ "$(code -H "X-Forwarded-User: ann" "$B3/api/overview")" = 401 ]'
serve_stop s3
run $T serve --trust-proxy-header X-User
check "a trusted header needs the proxy's address" eval 'status_is 2 && err_has "--proxy ADDR"'
run $T serve --listen nowhere
check "a bad --listen is a usage error" eval 'status_is 2 && err_has "ADDR:PORT"'

# guessing passwords: ten failures from one address, then 429
serve_start s4
B4=http://127.0.0.1:$(cat s4.port)
lt=$(login_token lf.jar)
for i in 1 2 3 4 5 6 7 8 9 10; do code -b lf.jar -d csrf=$lt -d name=ann -d password=guess$i "$B4/login" >/dev/null; done
check "after ten failed sign-ins the address must wait, even with the right password" eval '[ "$(code -b lf.jar -d csrf=$lt --data-urlencode name=ann --data-urlencode "password=admin password 1" "$B4/login")" = 429 ] && grep -q "Too many failed attempts" body'
serve_stop s4

# the board pack
run $T report -o pack.html
check "report -o writes one self-contained file" eval 'status_is 0 && out_has "wrote" && grep -q "<style>" pack.html && ! grep -q "stylesheet" pack.html && grep -q "Playbooks" pack.html'
check "the report escapes hostile names too" eval '! grep -qF "$XSS" pack.html && [ ! -e pack.html.tmp ]'
finish
