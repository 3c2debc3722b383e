#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Employee voice: free text is shown only in groups of 10 people or more
# (its own cube in the disclosure layer: units merged by 10 responses, a
# sibling hidden with a small group), masked (e-mail, phone numbers,
# names the roster knows as ids or aliases) and in random order.
. "$(dirname "$0")/lib.sh"

$T init >/dev/null
python3 - <<'PY'
with open("roster.csv", "w") as fp:
    fp.write("id,aliases,team,parent,manager\n")
    fp.write("alice@corp.example,asmith;Alice Smith,Sales,Org,no\n")
    for t, n in (("Sales", 29), ("Support", 12), ("Eng", 15)):
        for i in range(n):
            fp.write(f"{t.lower()}{i}@corp.example,,{t},Org,no\n")
with open("answers.csv", "w") as fp:
    fp.write("unit,comment\n")
    special = ['"Ask alice@corp.example, or call +31 6 1234 5678."',
               "Alice Smith said so.", "asmith knows the approvals."]
    for i in range(12):
        fp.write(f"Sales,{special[i] if i < 3 else f'sales comment {i}'}\n")
    for i in range(8):
        fp.write(f"Support,support comment {i}\n")
    for i in range(11):
        fp.write(f"Eng,eng comment {i}\n")
PY
$T import roster roster.csv >/dev/null
$T import survey answers.csv --instrument pulse --wave w1 >/dev/null

run $T survey results --json
check "the whole wave: 31 texts in one group" json 'len(j["texts"]) == 1 and j["texts"][0]["unit"] is None and j["texts"][0]["n"] == 31 and len(j["texts"][0]["texts"]) == 31'
check "masked: e-mail, phone, a name and a login the roster knows" json 'sorted(t for t in j["texts"][0]["texts"] if "[" in t) == ["Ask [e-mail], or call [phone].", "[name] knows the approvals.", "[name] said so."] and not any("@" in t or "Alice" in t or "asmith" in t or "5678" in t for t in j["texts"][0]["texts"])'
first=$(python3 -c "import json; print(json.load(open('out'))['texts'][0]['texts'])")
run $T survey results --json
again=$(python3 -c "import json; print(json.load(open('out'))['texts'][0]['texts'])")
check "random order: not the same twice" eval '[ "$first" != "$again" ]'
run $T survey results --by unit --json
check "by unit: Sales (12); Support (8) merges into nothing shown, and Eng (11) is hidden with it" json 'sorted((g["unit"] or "", g["n"]) for g in j["texts"]) == [("", 31), ("Sales", 12)] and j["hidden"] >= 2'
run $T survey results --by unit
check "text: the groups" eval 'status_is 0 && out_has "Comments (comment), Sales: 12 answers, masked, in random order" && out_has "  - [name] said so."'
run $T survey results --min-people 32 --json
check "--min-people 32: no text at all" json 'j["texts"] == []'
finish
