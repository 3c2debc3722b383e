#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 22, items 7 and 8: the files traction writes cannot be
# redirected, and say what they hold. Every writer used a predictable
# temporary name (PATH.tmpPID, DIR/NAME.tmp) opened with fopen("wb"), or
# wrote the port file in place: a link planted there overwrote its
# target. The rejects file held raw rows at mode 0644 with formula cells
# as given; a Markdown playbook passed <script> through.
. "$(dirname "$0")/lib.sh"

python3 "$ROOT/examples/gen_pilots.py" . >/dev/null || exit 1
$T init >/dev/null
$T import roster roster.csv --as-of 2024-12-01 >/dev/null
$T import items items.csv --source gen >/dev/null
H="--workflow drafting --tool copilot --metric cycle_time --direction decrease --mde 0.2 --start 2025-04-01 --review 2025-07-01 --guardrail errors"
$T pilot new --team Alpha $H --hypothesis '<script>alert(1)</script> and [a link](javascript:alert(1))' >/dev/null
$T pilot decide 1 scale --by "Dana <b>Lee</b>" --why "clear win & more" --learned "templates help" --differently "start with [review]" >/dev/null
echo "precious" >target
unchanged() { [ "$(cat target)" = precious ] && [ ! -s target.extra ]; }

# each writer, with a link planted at the temporary name it used to use
# (exec keeps the shell's pid, which that name held)
run sh -c 'ln -s target pack.html.tmp$$; exec "$0" report -o pack.html' "$T"
check "report -o: a link at the old temporary name is not followed" eval 'status_is 0 && unchanged && grep -q "<h1" pack.html && [ -L pack.html.tmp* ]'
rm -f pack.html.tmp*
run sh -c 'ln -s target pb.md.tmp$$; exec "$0" playbook 1 -o pb.md' "$T"
check "playbook -o: likewise" eval 'status_is 0 && unchanged && grep -q "^# Playbook" pb.md'
rm -f pb.md.tmp*
ln -s target linked.html
run $T report -o linked.html
check "a link at the final name is replaced by the file, its target unchanged" eval 'status_is 0 && unchanged && [ ! -L linked.html ] && grep -q "<h1" linked.html'
ls -a >listing.txt
check "no temporary file is left behind" eval '! grep -q "\.tmp" listing.txt'

H2='key,workflow,team,person,started_at,finished_at,quality,errors,rework,tool,reviewed'
printf '%s\nG-1,drafting,Alpha,alpha1@pilot.example,2025-01-01,2025-01-02,,,,,\n"=HYPERLINK(""http://evil.example"")",drafting,Nowhere,bob@corp.example,2025-01-01,2025-01-02,,,,,\n+cmd,drafting,Alpha,@SUM(1+1),2025-01-09,2025-01-02,,,,,\n' "$H2" >bad.csv
run sh -c 'ln -s target bad.csv.rejects.csv.tmp$$; exec "$0" import items --source bad --skip-bad bad.csv' "$T"
check "the rejects file: a link at the old temporary name is not followed" eval 'status_is 0 && unchanged && [ -s bad.csv.rejects.csv ]'
rm -f bad.csv.rejects.csv.tmp*
check "the rejects file is readable by its owner only" [ "$(stat -c %a bad.csv.rejects.csv)" = 600 ]
check "the output says it holds personal data and should be deleted" eval 'out_has "readable by you only: it holds the rows as given, names and e-mail addresses too; delete it once the rows are fixed"'
check "cells a spreadsheet would run as formulas get a leading quote" eval 'grep -qF "\"'"'"'=HYPERLINK(\"\"http://evil.example\"\")\"" bad.csv.rejects.csv && grep -qF "'"'"'+cmd" bad.csv.rejects.csv && grep -qF "'"'"'@SUM(1+1)" bad.csv.rejects.csv && ! grep -q "^[=+@-]" bad.csv.rejects.csv && ! grep -q ",[=+@-]" bad.csv.rejects.csv'

mkdir sim
for f in roster.csv jira.csv servicenow.csv copilot-users.ndjson m365-copilot.csv access.log pilots.csv truth.json; do
    ln -s ../target "sim/$f.tmp"
done
run $T simulate --out sim --people 300 --months 5
check "simulate --out: links at the old temporary names are not followed" eval 'status_is 0 && unchanged && [ -s sim/roster.csv ] && [ ! -L sim/roster.csv ]'

ln -s target port.txt
$T serve --listen 127.0.0.1:0 --port-file port.txt >serve.log 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -f port.txt ] && [ ! -L port.txt ] && break; sleep 0.1; done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
check "serve --port-file: a link at the name is replaced, not written through" eval 'unchanged && [ ! -L port.txt ] && grep -qx "[0-9]*" port.txt'

# the Markdown playbook escapes what Markdown would render as HTML or links
run $T playbook 1
check "Markdown: no raw HTML from the hypothesis or the decision" eval 'status_is 0 && ! out_has "<script>" && out_has "&lt;script&gt;alert(1)&lt;/script&gt;" && out_has "Dana &lt;b&gt;Lee&lt;/b&gt;" && out_has "clear win &amp; more"'
check "Markdown: no link from the hypothesis" eval '! out_has "[a link](javascript" && out_has "\\[a link\\](javascript:alert(1))" && out_has "start with \\[review\\]"'
check "Markdown keeps its own headings" eval 'grep -q "^# Playbook: drafting with copilot$" out && grep -q "^## Measured effect$" out'
finish
