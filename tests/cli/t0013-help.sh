#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# --help for every command and subcommand, in any position: the commands
# are read from the program itself (`traction --help`, then `traction help
# GROUP` for each group), so a new command is tested without editing this.
. "$(dirname "$0")/lib.sh"

# the first word of every line of the command list
$T --help >list || exit 1
tops=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' list | uniq)
cmds=
for t in $tops; do
    $T help "$t" >h
    if head -1 h | grep -q " $t KIND \.\.\.\$"; then
        run $T "$t" --help
        check "$t (a group) --help lists its kinds" eval 'status_is 0 && out_has "usage: traction [--db PATH] $t KIND ..." && [ ! -s err ]'
        for s in $(sed -n "/^$t:\$/,\$s/^  \\([a-z][a-z-]*\\) .*/\\1/p" h); do
            cmds="$cmds$t $s
"
        done
    else
        cmds="$cmds$t
"
    fi
done
count=$(printf '%s' "$cmds" | grep -c .)
check "the enumeration found every command (36 today), groups' kinds included" eval '[ "$count" -ge 36 ] && printf "%s" "$cmds" | grep -qx "user password" && printf "%s" "$cmds" | grep -qx "import roster" && printf "%s" "$cmds" | grep -qx "stats power" && printf "%s" "$cmds" | grep -qx version'

# helped CMD... : help went to stdout with the usage line, nothing on
# stderr, exit 0, and no workspace was opened or created
helped() {
    [ "$rc" -eq 0 ] && grep -qF -- "usage: traction [--db PATH] $1" out &&
        [ ! -s err ] && [ ! -e traction.db ] && [ ! -e other.db ]
}
printf '%s' "$cmds" | while IFS= read -r c; do echo "$c"; done >cmds.txt
while IFS= read -r c; do
    # shellcheck disable=SC2086 # the command's words
    run $T $c --help
    check "$c --help (first)" helped "$c"
    first=$(cat out)
    run $T help $c
    check "help $c is the same text" eval 'status_is 0 && [ "$(cat out)" = "$first" ]'
    run $T $c x --bogus y --help
    check "$c ARGS --help (last, after an unknown option)" eval 'helped "$c" && [ "$(cat out)" = "$first" ]'
    run $T $c x --help --bogus y
    check "$c ARGS --help ARGS (in the middle)" eval 'helped "$c" && [ "$(cat out)" = "$first" ]'
    run $T --db other.db $c --help x
    check "--db PATH $c --help ARGS" eval 'helped "$c" && [ "$(cat out)" = "$first" ]'
done <cmds.txt

# after "--" it is an argument, not a request for help
$T init >/dev/null
run $T catalog check -- --help
check "-- ends options: --help after it is an argument" eval 'status_is 0 && ! out_has "usage:"'
run $T user password bob --help </dev/null
check "user password bob --help shows help (it crashed with exit 139)" eval 'status_is 0 && out_has "usage: traction [--db PATH] user password NAME"'
finish
