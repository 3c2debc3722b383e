#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice, step 1: survey instruments as data. The built-in pulse
# loads in English and Dutch; a user's file with mistakes is refused
# with each problem at its line and column.
. "$(dirname "$0")/lib.sh"

run $T survey instruments
check "instruments lists the built-in pulse" eval 'status_is 0 && out_has "pulse       1           14  en nl      AI at work: a short pulse"'
run $T survey instruments --json
check "instruments --json" json 'j[0]["id"] == "pulse" and j[0]["languages"] == ["en", "nl"] and j[0]["items"] == 14'

run $T survey show pulse
check "show pulse: English by default, the privacy promise first" eval 'status_is 0 && out_has "AI at work: a short pulse (pulse, version 1; languages: en nl)" && out_has "Results are shown only for groups of five people or more"'
check "show pulse: per-use items keep their placeholders" out_has "How would you feel if you could no longer use {tool} for {workflow}? (asked for each tool and workflow)"
check "show pulse: the friction taxonomy, 'nothing' alone" eval 'out_has "unclear_audit_trail" && out_has "nothing              Nothing slowed it down (alone)"'
check "show pulse: reverse items say so" eval '[ "$(grep -c "scored in reverse" out)" = 4 ]'
run $T survey show pulse --lang nl
check "show pulse --lang nl" eval 'status_is 0 && out_has "Hoe zou je je voelen als je {tool} niet meer kon gebruiken voor {workflow}?" && out_has "Helemaal eens"'
run $T survey show pulse --lang nl-BE --json
check "show --lang nl-BE --json: the language's prefix" json 'j["language"] == "nl" and len(j["items"]) == 14 and j["items"][4]["reverse"] and j["items"][4]["options"][0]["score"] == 5 and j["items"][0]["options"][3]["excluded"]'
run $T survey show pulse --lang de
check "show --lang de: no such language" eval 'status_is 2 && err_has "traction: --lang: instrument '"'"'pulse'"'"' has no language '"'"'de'"'"'"'
run $T survey show nosuch
check "show an unknown instrument" eval 'status_is 1 && err_has "no instrument '"'"'nosuch'"'"'"'

# a user's copy with three mistakes, each reported where it is
python3 - "$ROOT/data/surveys/pulse.json" <<'PY'
import sys
s = open(sys.argv[1]).read()
s = s.replace('"nl": "Helemaal eens"}}', '"nl": "Helemaal eens"}, "colour": 1}', 1)
s = s.replace('"scale": "hours"', '"scale": "hourz"')
s = s.replace('''        "en": "I worry that AI tools will make my job less secure.",
        "nl": "Ik maak me zorgen dat AI-tools mijn baan minder zeker maken."''',
              '''        "en": "I worry that AI tools will make my job less secure."''')
open("mine.json", "w").write(s)
open("syntax.json", "w").write('{\n  "format": 1,\n  "id": "x",\n  oops\n}\n')
PY
run $T survey show mine.json
check "a bad file: every problem with line and column" eval 'status_is 1 && [ "$(cat err)" = "traction: cannot load instrument '"'"'mine.json'"'"': line 23, column 106: unknown key '"'"'colour'"'"'
traction: cannot load instrument '"'"'mine.json'"'"': line 110, column 15: an item'"'"'s text has no text in '"'"'nl'"'"'
traction: cannot load instrument '"'"'mine.json'"'"': line 150, column 88: '"'"'scale'"'"' must name a scale of '"'"'scales'"'"'" ]'
run $T survey show syntax.json
check "a syntax error: jansson's line and column" eval 'status_is 1 && err_is "traction: cannot load instrument '"'"'syntax.json'"'"': line 4, column 6: string or '"'"'}'"'"' expected near '"'"'oops'"'"'"'
cp "$ROOT/data/surveys/pulse.json" copy.json
run $T survey show ./copy.json --lang nl
check "a good copy loads as the built-in does" eval 'status_is 0 && out_has "AI in het werk"'
finish
