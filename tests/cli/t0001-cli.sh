#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line itself: help, version, exit statuses, error form.
. "$(dirname "$0")/lib.sh"

run $T --help
check "--help lists every command" eval 'status_is 0 && out_has "import roster" && out_has "items summary" && out_has "status"'
run $T --version
check "--version names the program and schema" eval 'status_is 0 && out_has "traction 0." && out_has "schema"'
run $T help import items
check "help COMMAND shows usage and options" eval 'status_is 0 && out_has "usage: traction [--db PATH] import items FILE.csv" && out_has "--skip-bad"'
run $T import items --help
check "COMMAND --help is the same help" eval 'status_is 0 && out_has "--preset P"'
run $T help nosuch
check "help for an unknown command is a usage error" eval 'status_is 2 && err_has "no command"'
run $T frobnicate
check "an unknown command exits 2" eval 'status_is 2 && err_has "traction: unknown command '"'"'frobnicate'"'"'"'
run $T status --bogus
check "an unknown option exits 2 with the usage line" eval 'status_is 2 && err_has "unknown option '"'"'--bogus'"'"'" && err_has "usage: traction [--db PATH] status"'
run $T
check "no command at all exits 2" status_is 2
run $T status
check "no workspace: a clear error, exit 1, nothing created" eval 'status_is 1 && err_has "no workspace at '"'"'traction.db'"'"' (create one with '"'"'traction init'"'"')" && [ ! -e traction.db ]'
run $T items summary --by colour
check "a bad --by value is a usage error" eval 'status_is 2 && err_has "unknown key"'
# every command's --help in any position: t0013-help.sh

# the test library itself: a script with a failed test exits non-zero
mkdir -p libt/tests/cli
cp "$ROOT/tests/cli/lib.sh" libt/tests/cli/
printf '. "$(dirname "$0")/lib.sh"\nok one\nnot_ok two\nok three\nfinish\n' >libt/tests/cli/t.sh
run sh libt/tests/cli/t.sh
check "a test script with a failed test exits non-zero (after its plan)" eval 'status_is 1 && out_has "not ok 2 - two" && out_has "1..3"'
printf '. "$(dirname "$0")/lib.sh"\nok one\nfinish\n' >libt/tests/cli/t.sh
run sh libt/tests/cli/t.sh
check "a test script whose tests all pass exits 0" eval 'status_is 0 && out_is "ok 1 - one
1..1"'
finish
