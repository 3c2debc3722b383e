#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The dashboard in Dutch: the catalogue is complete (every message of a
# fresh template translated, none fuzzy, formats matching), and every
# page asked for in Dutch (Accept-Language or ?lang=nl) says lang="nl"
# and shows none of the catalogue's English; the language is per request
# (cache, cookie, q-values), the API and the command line stay English.
. "$(dirname "$0")/lib.sh"
PO=$ROOT/po/nl.po

# ---- the catalogue ----

"$ROOT/scripts/pot.sh" fresh.pot 2>err
check "scripts/pot.sh writes a template of the marked messages" eval '[ -s fresh.pot ] && grep -q "msgid \"Where adoption is real\"" fresh.pot'
cat >ids.py <<'PY'
# The messages of a .po/.pot file: (context, msgid, plural) and msgstrs.
import re, sys

def entries(path):
    text = open(path, encoding="utf-8").read()
    for block in text.split("\n\n"):
        lines = [l for l in block.split("\n") if l and not l.startswith("#~")]
        fuzzy = any(l.startswith("#,") and "fuzzy" in l for l in lines)
        cur, fields = None, {}
        for l in lines:
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', l)
            if m:
                cur = m.group(1)
                fields[cur] = ""
                l = m.group(2)
            if cur and l.startswith('"'):
                fields[cur] += eval(l)
        if "msgid" in fields and fields["msgid"]:
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            yield (fields.get("msgctxt"), fields["msgid"],
                   fields.get("msgid_plural")), strs, fuzzy

if __name__ == "__main__":
    for key, _, _ in sorted(entries(sys.argv[1]), key=lambda e: str(e[0])):
        print(repr(key))
PY
python3 ids.py fresh.pot >fresh.ids
python3 ids.py "$ROOT/po/traction.pot" >kept.ids
check "po/traction.pot holds the messages the source marks (else: make pot)" eval 'diff kept.ids fresh.ids >&2'
run msgcmp "$PO" fresh.pot
check "every message of the source has a Dutch translation, none fuzzy (msgcmp)" status_is 0
check "no message of po/nl.po is untranslated" eval '[ -z "$(msgattrib --untranslated --no-obsolete "$PO")" ]'
check "no message of po/nl.po is fuzzy" eval '[ -z "$(msgattrib --only-fuzzy --no-obsolete "$PO")" ]'
run msgfmt --check --check-format -o /dev/null "$PO"
check "msgfmt -c: formats and the header agree" status_is 0
check "po/nl.po has the plural rule the program reads (one, other)" eval 'grep -q "Plural-Forms: nplurals=2; plural=(n != 1);" "$PO"'
# the checks can fail: a blanked and a fuzzy translation are caught
python3 - "$PO" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
a = s.replace('msgstr "Waar adoptie echt is"', 'msgstr ""', 1)
b = s.replace('msgid "Where adoption is real"', '#, fuzzy\nmsgid "Where adoption is real"', 1)
c = s.replace('msgstr "Pilot %lld: %s"', 'msgstr "Pilot %s: %lld"', 1)
assert a != s and b != s and c != s
open("blank.po", "w").write(a)
open("fuzzy.po", "w").write(b)
open("swapped.po", "w").write(c)
PY
check "a blanked translation fails msgcmp" eval '! msgcmp blank.po fresh.pot 2>/dev/null'
check "a fuzzy translation fails msgcmp" eval '! msgcmp fuzzy.po fresh.pot 2>/dev/null'
check "swapped format specifiers fail msgfmt -c" eval '! msgfmt -c -o /dev/null swapped.po 2>/dev/null'
check "the build put the compiled catalogue beside the program" eval '[ -s "$(dirname "$T")/locale/nl/LC_MESSAGES/traction.mo" ]'

# ---- every page in Dutch ----

# A small simulated organisation with pilots, telemetry, shadow demand
# and a survey wave; one pilot scaled (a playbook), licence costs (value).
$T demo --dir org --no-serve --people 300 --months 5 --seed 7 >demo.out 2>&1 ||
    { cat demo.out >&2; exit 1; }
export TRACTION_DB=$TMP/org/traction.db
$T pilot decide 1 scale --by "Dana Lee" --why "faster drafts" --learned "templates help" --differently "start with review" >/dev/null
$T costs set licence "GitHub Copilot" --month 2025-01 --seat-price 19 --seats 300 >/dev/null
printf 'admin password 1\n' | $T user add ann --role admin --password-stdin >/dev/null
# the simulation writes its hypotheses in English; a Dutch organisation
# writes its own in Dutch (what people write is shown as written)
sqlite3 org/traction.db "UPDATE pilot SET hypothesis = 'GitHub Copilot verkort de doorlooptijd met minstens 20%'"
team=$(sqlite3 org/traction.db "SELECT unit_id FROM pilot ORDER BY id LIMIT 1")
# governance: requests in each state (one overdue), proposals, the
# register of what stays human
tname=$(sqlite3 org/traction.db "SELECT name FROM unit WHERE id = $team")
rq=$(sqlite3 org/traction.db "SELECT coalesce(max(id), 0) FROM tool_request")
$T request new --unit "$tname" --tool ChatGPT --workflow "ad copy" --why "drafts" --at 2026-01-05 >/dev/null
$T request new --unit "$tname" --tool Claude --workflow replies --at 2026-01-06 >/dev/null
$T request new --unit "$tname" --tool Gemini --workflow search --at 2026-01-07 >/dev/null
$T request review $((rq + 2)) --by ann --at 2026-01-07 >/dev/null
$T request decide $((rq + 3)) approve-with-conditions --by ann --why "fits the policy" --conditions "a person reads each reply" --at 2026-01-09 >/dev/null
$T proposal new --team "$tname" --workflow "ad copy" --friction slow --outcome cycle_time --tool ChatGPT >/dev/null
$T human add --workflow replies --checkpoint "een medewerker leest elk antwoord" --owner teamleider --since 2026-01-05 >/dev/null
$T human add --workflow replies --step "het gesprek met de klant" --owner teamleider --since 2026-01-05 >/dev/null
$T human add --workflow replies --decision "een terugbetaling" --owner teamleider --since 2026-01-05 >/dev/null

trap 'serve_stop s1; serve_stop s2; rm -rf "$TMP"' EXIT
serve_start s1
login ann.jar ann "admin password 1"

# leak.py PAGE: the English of the catalogue in the page's visible text
# but for the parts marked lang="en" (the analyses' reasons, which stay
# English): each message whose Dutch differs, cut at its format
# specifiers and markup into phrases of two words or more and 10
# characters or more (single words are left out: a team, tool or
# workflow may be named so).
cat >leak.py <<'PY'
import html, re, sys
from ids import entries

def visible(page):
    page = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<span lang=\"en\">.*?</span>", " ", page)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))

phrases = set()
for (ctx, msgid, plural), strs, _ in entries(sys.argv[2]):
    for en, nl in zip([msgid, plural or msgid], strs + strs[:1]):
        if en == nl:
            continue
        for part in re.split(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z)?[a-zA-Z%]|<[^>]*>", en):
            part = re.sub(r"\s+", " ", part).strip(" .,;:()")
            if len(part) >= 10 and " " in part and part not in nl:
                phrases.add(part)
text = visible(open(sys.argv[1], encoding="utf-8").read())
found = sorted(p for p in phrases if p in text)
for p in found:
    print(p)
sys.exit(1 if found else 0)
PY
pages="/ /overview /teams/$team /pilots /pilots/1 /pilots/2 /playbooks /playbooks/1 /learning /voice /value /whatif /requests /proposals /human /load /learning-time /nope"
bad_lang= leaks= n_pages=0
for u in $pages; do
    for how in header query; do
        if [ $how = header ]; then
            curl -s -b ann.jar -H 'Accept-Language: nl-NL,nl;q=0.9,en;q=0.8' -o page.html "$B$u"
        else
            case $u in *\?*) q="$u&lang=nl" ;; *) q="$u?lang=nl" ;; esac
            curl -s -b ann.jar -o page.html "$B$q"
        fi
        n_pages=$((n_pages + 1))
        grep -q '<html lang="nl"' page.html || bad_lang="$bad_lang $u($how)"
        python3 leak.py page.html "$PO" >leak.txt || leaks="$leaks $u($how): $(head -3 leak.txt | tr '\n' '|')"
    done
done
check "all $n_pages Dutch pages (18 paths, by header and by ?lang=nl) say lang=\"nl\"" eval '[ -z "$bad_lang" ] || { echo "#$bad_lang" >&2; false; }'
check "no Dutch page shows English from the catalogue" eval '[ -z "$leaks" ] || { echo "#$leaks" >&2; false; }'
curl -s -b ann.jar -H 'Accept-Language: nl' -o page.html "$B/"
check "the Dutch overview reads in Dutch: headline, legend, decisions due" eval 'grep -q "Waar adoptie echt is" page.html && grep -q "getoonde teams" page.html && grep -q "Besluiten nodig" page.html && grep -q ">schijngebruik<" page.html'
check "the English words of the catalogue are there in English (the check can fail)" eval 'curl -s -b ann.jar -o en.html "$B/" && ! python3 leak.py en.html "$PO" >/dev/null && grep -q "<html lang=\"en\"" en.html'
curl -s -b ann.jar -H "Accept-Language: nl" -o page.html "$B/pilots/2"
check "the decision form in Dutch, with no choice made" eval 'grep -q "value=\"scale\" required> opschalen" page.html && grep -q "value=\"retire\"> stoppen" page.html && ! grep -q "checked" page.html && grep -q "Besluit vastleggen" page.html'
check "numbers with a decimal comma in Dutch, a point in English" eval 'curl -s -b ann.jar -H "Accept-Language: nl" "$B/teams/$team" | grep -q "<td class=\"n\">[0-9]*,[0-9]" && ! curl -s -b ann.jar "$B/teams/$team" | grep -q "<td class=\"n\">[0-9]*,[0-9]"'
check "plural forms: one pilot with a decision due or several" eval 'curl -s -b ann.jar -H "Accept-Language: nl" "$B/" | grep -Eq "Bij [0-9]+ pilots? is een besluit nodig"'

# ---- the analyses' reasons in Dutch ----

# Every reason format of the source is in the catalogue with a Dutch
# msgstr (the check above covers them only if xgettext finds them): the
# formats of REASONS_ADDF / REASONS_APPENDF / REASON_ONEF calls, read
# from the source.
cat >reasonfmts.py <<'PY'
import re, sys
from ids import entries
cat = {(c, i): s for (c, i, p), s, f in entries(sys.argv[1]) if s and s[0] and not f}

def nth_arg(text, at, nth):
    """The text of argument nth (0 first) of the call whose '(' is at."""
    depth, i, args, start = 0, at, [], at + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")" or (c == "," and depth == 1):
            if depth == 1:
                args.append(text[start:i])
                start = i + 1
                if len(args) > nth:
                    return args[nth]
                if c == ")":
                    return ""
            if c == ")":
                depth -= 1
        i += 1
    return ""

n, missing = 0, []
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"(?s)/\*.*?\*/", " ", text)
    for m in re.finditer(r"\b(REASONS_ADDF|REASONS_APPENDF|REASON_ONEF)\(", text):
        if text[m.start() - 8:m.start()] == "define ":
            continue
        arg = nth_arg(text, m.end() - 1, 2 if m.group(1) == "REASON_ONEF" else 1)
        lits = re.findall(r'((?:"(?:[^"\\]|\\.)*"\s*)+)', arg)
        if not lits:
            missing.append("a format that is not a literal in " + path)
        for lit in lits:
            msgid = "".join(eval(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', lit))
            n += 1
            if (None, msgid) not in cat:
                missing.append(msgid)
print(n)
for x in missing:
    print("# no Dutch msgstr:", x, file=sys.stderr)
sys.exit(1 if missing or n < 60 else 0)
PY
check "every reason format of the source has a Dutch msgstr (60 or more formats)" eval 'python3 reasonfmts.py "$PO" "$ROOT"/src/*/*.c >nfmts'
# the check can fail: a format without a msgstr is named
python3 - "$PO" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
old = 'msgstr "stem (enquête %s): %s"'
assert old in s
open("noreason.po", "w").write(s.replace(old, 'msgstr ""', 1))
PY
check "a reason format without a msgstr fails that check" eval '! python3 reasonfmts.py noreason.po "$ROOT"/src/*/*.c 2>fmts.err >/dev/null && grep -q "voice (survey %s): %s" fmts.err'

# dutch.py API PAGE PO: each reason of the API's JSON (English, with its
# reason_messages) formatted here in Dutch from the catalogue (numbers
# with a decimal comma) must be in the Dutch page's text; prints how many
# reasons were checked and how many of them had numbers and names.
cat >dutch.py <<'PY'
import html, json, re, sys
from ids import entries
api, page = json.load(open(sys.argv[1])), open(sys.argv[2], encoding="utf-8").read()
cat = {(c, i): s[0] for (c, i, p), s, f in entries(sys.argv[3]) if s and s[0]}
spec = re.compile(r"%([-+ #0]*\d*(?:\.\d+)?)(hh|h|ll|l|z|j|t)?([diuxXofFeEgGs%])")

def part(fmt, args):
    tr = cat[(None, fmt)]
    assert [m.group(3) for m in spec.finditer(fmt)] == [m.group(3) for m in spec.finditer(tr)], fmt
    def one(m):
        if m.group(3) == "%":
            return "%"
        a = args.pop(0)
        if m.group(3) == "s":
            if isinstance(a, dict) and "msgid" in a:
                a = cat.get((None, a["msgid"]), a["msgid"]) if a["msgid"] else ""
            elif isinstance(a, dict):
                a = cat.get((a["context"], a["word"]), a["word"])
            return ("%" + m.group(1) + "s") % a
        out = ("%" + m.group(1) + m.group(3)) % a
        return out.replace(".", ",") if m.group(3) in "fFeEgG" else out
    return spec.sub(one, tr)

def reasons(x):
    if isinstance(x, dict):
        if "reason_messages" in x:
            yield from zip(x["reasons"], x["reason_messages"])
        if "caveat_messages" in x:
            yield from ((t, m) for t, m in zip(x["caveats"], x["caveat_messages"]) if m)
        for k in ("reason", "settle"):
            if k + "_message" in x:
                yield x[k], x[k + "_message"]
        for v in x.values():
            yield from reasons(v)
    elif isinstance(x, list):
        for v in x:
            yield from reasons(v)

text = re.sub(r"<[^>]+>", " ", page)
text = re.sub(r"\s+", " ", html.unescape(text))
n = mixed = 0
bad = []
for en, m in reasons(api):
    if m is None:
        bad.append("no message: " + en)
        continue
    args = list(m["args"])
    nl = "".join(part(f, args) for f in m["msgids"])
    n += 1
    if any(isinstance(a, (int, float)) for a in m["args"]) and any(isinstance(a, str) and a for a in m["args"]):
        mixed += 1
    if nl not in text:
        bad.append("not on the page: " + nl)
print(n, mixed)
for b in bad[:5]:
    print("#", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
for p in 1 2 3; do curl -s -b ann.jar "$B/api/pilots/$p" >api$p.json; curl -s -b ann.jar -H "Accept-Language: nl" -o nl$p.html "$B/pilots/$p"; done
curl -s -b ann.jar "$B/api/overview" >apio.json; curl -s -b ann.jar -H "Accept-Language: nl" -o nlo.html "$B/"
curl -s -b ann.jar "$B/api/load" >apil.json; curl -s -b ann.jar -H "Accept-Language: nl" -o nll.html "$B/load"
check "a pilot's reasons in Dutch, with their numbers (decimal comma) and names" eval 'python3 dutch.py api1.json nl1.html "$PO" >n1 && python3 dutch.py api2.json nl2.html "$PO" >n2 && python3 dutch.py api3.json nl3.html "$PO" >n3 && grep -q "onbeslist\|geschaad\|sluit de gehoopte" nl1.html nl2.html nl3.html && grep -q "de tweede vraag bleef ongesteld: het plan heeft geen stemcheck (neemt GitHub Copilot frictie weg in" nl1.html'
check "the trap's reasons on the Dutch overview, numbers and names (10 or more with both)" eval 'python3 dutch.py apio.json nlo.html "$PO" >no && [ "$(cut -d" " -f2 no)" -ge 10 ] && grep -q "stem (enquête pulse-sim): mensen melden een slechte aansluiting" nlo.html && grep -q "[0-9],[0-9] dagen per actieve persoon" nlo.html'
curl -s -b ann.jar "$B/api/value" >apiv.json; curl -s -b ann.jar -H "Accept-Language: nl" -o nlv.html "$B/value"
check "the value page's open questions and caveats made with numbers, in Dutch" eval 'python3 dutch.py apiv.json nlv.html "$PO" >nv && [ "$(cut -d" " -f1 nv)" -ge 2 ] && grep -q "uitgaven van [0-9]* per maand" nlv.html && ! grep -q "<span lang=\"en\">" nlv.html'
check "the load's reasons in Dutch" eval 'python3 dutch.py apil.json nll.html "$PO" >nl && [ "$(cut -d" " -f1 nl)" -ge 3 ] && grep -Eq "werkdruk: .* scoort gemiddeld [0-9],[0-9] van 5 \(op of onder 2,0\)" nll.html'
check "the check can fail: the English page does not hold the Dutch reasons" eval 'curl -s -b ann.jar -o en1.html "$B/pilots/1" && ! python3 dutch.py api1.json en1.html "$PO" 2>/dev/null >/dev/null'
no_en=
for u in "/teams/$team" /pilots/1 /pilots/2 /pilots/3 / /load /value /playbooks/1; do
    curl -s -b ann.jar -H "Accept-Language: nl" -o page.html "$B$u"
    grep -q '<span lang="en">' page.html && no_en="$no_en $u"
done
check "no Dutch team, pilot, overview, load, value or playbook page marks a reason lang=\"en\"" eval '[ -z "$no_en" ] || { echo "#$no_en" >&2; false; }'

# ---- choosing the language, per request ----

curl -s -b ann.jar -c ann.jar -D head.txt -o page.html "$B/pilots?lang=nl"
check "?lang=nl sets a cookie for a year and answers in Dutch" eval 'grep -qi "^set-cookie: tr_lang=nl; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000" head.txt && grep -qi "^content-language: nl" head.txt && grep -q "<html lang=\"nl\"" page.html'
check "the cookie keeps Dutch on the next page, over an English Accept-Language" eval 'curl -s -b ann.jar -H "Accept-Language: en" "$B/learning" | grep -q "Het leerregister"'
check "the header's switch leads back to English" eval 'grep -q "href=\"?lang=en\" hreflang=\"en\" lang=\"en\">English</a>" page.html'
curl -s -b ann.jar -c ann.jar -o page.html "$B/pilots?lang=en"
check "?lang=en switches back" eval 'grep -q "<html lang=\"en\"" page.html && grep -q "href=\"?lang=nl\" hreflang=\"nl\" lang=\"nl\">Nederlands</a>" page.html && curl -s -b ann.jar "$B/learning" | grep -q "The learning ledger"'
login fresh.jar ann "admin password 1"
al() { curl -s -b fresh.jar -H "Accept-Language: $1" "$B/whatif" | grep -o '<html lang="[a-z]*"'; }
check "Accept-Language: q-values decide (en;q=0.5, nl;q=0.8 is Dutch)" eval '[ "$(al "en;q=0.5, nl;q=0.8")" = "<html lang=\"nl\"" ]'
check "Accept-Language: nl-BE is Dutch, q=0 refuses it, an unknown language is English" eval '[ "$(al "fr-FR, nl-BE;q=0.7")" = "<html lang=\"nl\"" ] && [ "$(al "nl;q=0, fr")" = "<html lang=\"en\"" ] && [ "$(al "de")" = "<html lang=\"en\"" ]'
check "an unknown ?lang= is ignored and sets no cookie" eval 'curl -s -D h2.txt -b fresh.jar -o p2.html "$B/?lang=xx" && ! grep -qi "tr_lang" h2.txt && grep -q "<html lang=\"en\"" p2.html'
check "the page cache keeps each language apart: English, Dutch, English again" eval 'a=$(curl -s -b fresh.jar "$B/pilots" | grep -c "Decisions due"); b=$(curl -s -b fresh.jar -H "Accept-Language: nl" "$B/pilots" | grep -c "Besluiten nodig"); c=$(curl -s -b fresh.jar "$B/pilots" | grep -c "Besluiten nodig"); [ "$a" -ge 1 ] && [ "$b" -ge 1 ] && [ "$c" = 0 ]'
check "the API stays English whatever the reader's language" eval 'curl -s -b fresh.jar -H "Accept-Language: nl" "$B/api/overview?lang=nl" | grep -q "the latest week with approved-tool telemetry"'
check "the sign-in page and its errors in Dutch" eval 'curl -s -H "Accept-Language: nl" "$B/login" | grep -q "Aanmelden bij traction" && [ "$(code -H "Accept-Language: nl" -b fresh.jar "$B/teams/999999")" = 404 ] && grep -q "dit team bestaat niet" body && grep -q "Niet gevonden" body'
check "the command line stays English" eval '$T portfolio | grep -q "decision due" && ! $T portfolio | grep -q "besluit"'

# ---- the board report, and a missing catalogue ----

run $T report -o pack.html --lang nl
check "report --lang nl writes the board pack in Dutch" eval 'status_is 0 && grep -q "<html lang=\"nl\"" pack.html && grep -q "Rapport gemaakt door traction" pack.html && python3 leak.py pack.html "$PO" >&2'
run $T report -o pack2.html --lang fr
check "report --lang fr is refused" eval 'status_is 2 && err_has "en or nl"'
TRACTION_LOCALEDIR=$TMP/none
export TRACTION_LOCALEDIR
serve_start s2
check "without the catalogue the server says so and serves English" eval 'grep -q "warning: cannot open .*none/nl/LC_MESSAGES/traction.mo" s2.log && login nofile.jar ann "admin password 1" && curl -s -b nofile.jar -H "Accept-Language: nl" "$B/" | grep -q "<html lang=\"en\"" && curl -s -b nofile.jar -H "Accept-Language: nl" "$B/" | grep -q "Where adoption is real"'
run $T report -o pack3.html --lang nl
check "report --lang nl without the catalogue fails and names the file" eval 'status_is 1 && err_has "none/nl/LC_MESSAGES/traction.mo" && [ ! -e pack3.html ]'
finish
