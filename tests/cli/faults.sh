# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced after lib.sh by the fault-injection tests (t0015 for SQLite's
# I/O and allocations, t0022 for a full disk): build/traction-fault fails
# SQLite's Nth I/O call (io:N), allocation (nomem:N) or write (full:N)
# through SQLite's own hooks (tests/fault/fault.c). A case is a command
# ($args) run on a saved workspace ($state) with $stdin and an output
# file $ofile; `sweep` tries faults at a range of its steps and prints one
# TAP line: each run must fail cleanly (exit 1, one "traction: " message
# with SQLite's reason, nothing on stdout, no output file, the workspace
# unchanged) or be exactly the fault-free run (where SQLite or the
# program recovers by design). With $must_name set, the message must also
# name that file in quotes and be one line.
#
# The steps tried: the first DENSE and the last TAIL one by one, and
# SPREAD more spread evenly between. The defaults (2, 6 and 4; 1, 1 and 1
# on a sanitizer build, four times slower) keep a test near a minute;
# FAULT_DENSE=100000 tries every step.
F=$(dirname "$T")/traction-fault
[ -x "$F" ] || { not_ok "$F is built (make check-build)"; finish; exit 1; }
if nm "$F" 2>/dev/null | grep -q __asan_init; then
    DENSE=${FAULT_DENSE:-1} SPREAD=${FAULT_SPREAD:-1} TAIL=${FAULT_TAIL:-1}
else
    DENSE=${FAULT_DENSE:-2} SPREAD=${FAULT_SPREAD:-4} TAIL=${FAULT_TAIL:-6}
fi
MODES=${FAULT_MODES:-io nomem}
ONLY=${FAULT_ONLY:-.}
must_name=

setup() { "$@" >/dev/null || { not_ok "setup: $*"; finish; exit 1; }; }

# save NAME: a snapshot of the workspace (with the audit trail's head
# file once there is one); restore NAME puts it back
save() {
    mkdir -p "snap/$1" && cp traction.db traction.key "snap/$1/" &&
        if [ -f traction.audit-head ]; then cp traction.audit-head "snap/$1/"; fi
}
restore() {
    for f in traction.db-wal traction.db-shm traction.db-journal traction.audit-head; do
        [ ! -e $f ] || rm -f $f
    done
    if [ -f "snap/$1/traction.db" ]; then
        cp "snap/$1/traction.db" "snap/$1/traction.key" .
    else
        rm -f traction.db traction.key
    fi
    if [ -f "snap/$1/traction.audit-head" ]; then cp "snap/$1/traction.audit-head" .; fi
}
# steps FROM TO: the steps to try of FROM+1 .. TO, one a line: the first
# DENSE and the last TAIL one by one (the tail holds a command's last
# writes and its commit: the bind that stored no password hash was the
# fifth step from the end of `user password`), SPREAD more evenly between
steps() {
    if [ $(($2 - $1)) -le $((DENSE + SPREAD + TAIL)) ]; then
        seq $(($1 + 1)) "$2"
    else
        seq $(($1 + 1)) $(($1 + DENSE))
        awk -v a=$(($1 + DENSE)) -v b=$(($2 - TAIL)) -v s="$SPREAD" \
            'BEGIN { for (i = 1; i <= s; i++) print a + int((b - a) * i / (s + 1)) }' | uniq
        seq $(($2 - TAIL + 1)) "$2"
    fi
}

# Output and workspace content to compare with the fault-free run's, with
# what differs from run to run masked: tokens and hashes, times, salted
# password hashes.
masked() { sed -E 's/[0-9a-f]{32,}/H/g; s/; [0-9.]+ s$/; S/; s/[0-9]{10,}/T/g; s/\$argon2[^\x27]*/A/g' "$@"; }
# snapshot: what the run left, masked, for `same_as_clean`; the dump's
# lines sorted (survey responses have random ids, so random row order)
snapshot() {
    masked out
    if [ -f traction.db ]; then sqlite3 traction.db .dump | masked | sort; fi
    [ ! -f "$ofile" ] || masked "$ofile"
}

# unchanged STATE: the workspace is the snapshot's (bytes, or else the
# same .dump once SQLite has rolled back what a failed run left); for
# "empty", no workspace or key file at all
unchanged() {
    if [ ! -f "snap/$1/traction.db" ]; then
        ! ls traction.* >/dev/null 2>&1
        return
    fi
    # the audit trail's head moves only after a commit
    if [ -f "snap/$1/traction.audit-head" ]; then
        cmp -s traction.audit-head "snap/$1/traction.audit-head" || return 1
    elif [ -e traction.audit-head ]; then
        return 1
    fi
    if [ ! -s traction.db-wal ] && [ ! -e traction.db-journal ] &&
        cmp -s traction.db "snap/$1/traction.db"; then
        return 0
    fi
    [ "$(dump)" = "$(dump "snap/$1/traction.db")" ]
}

# attempt SPEC: runs the case with TRACTION_FAULT=SPEC on a fresh copy of
# its state; $rc, ./out, ./err, ./fault.log
attempt() {
    restore "$state"
    [ ! -e "$ofile" ] || rm -f "$ofile"
    : >fault.log
    TRACTION_FAULT=$1 TRACTION_FAULT_LOG=fault.log $F $args >out 2>err <<IN
$stdin
IN
    rc=$?
}

# sweep MODE FROM TO WHAT: faults at steps FROM+1 .. TO of the case
# ($state, $stdin, $ofile, $every, $args); one TAP line
sweep() {
    tried=0 clean=0 absorbed=0 closing=0 bad=
    # the message gives SQLite's reason
    case $1 in
    io) why='disk I/O error|unable to open database file' ;;
    nomem) why='out of memory' ;;
    full) why='database or disk is full' ;;
    esac
    for k in $(steps "$2" "$3"); do
        attempt "$1:$k"
        tried=$((tried + 1))
        fired= msg=
        read -r fired <fault.log
        read -r msg <err
        if [ "${fired#fired }" = "$fired" ]; then
            bad="$bad
$1:$k: the fault did not fire"
        elif [ "$rc" -eq 1 ] && [ ! -s out ] && [ "${msg#traction: ??}" != "$msg" ] &&
            grep -qE "$why" err && [ ! -e "$ofile" ] && unchanged "$state" &&
            { [ -z "$must_name" ] ||
                { grep -qF -- "'$must_name'" err && [ "$(wc -l <err)" -eq 1 ]; }; }; then
            clean=$((clean + 1))
        elif [ "$rc" -eq 0 ] && [ "$(snapshot)" = "$(cat clean.snap)" ]; then
            absorbed=$((absorbed + 1))
            [ "${fired% at close}" = "$fired" ] || closing=$((closing + 1))
        else
            bad="$bad
$1:$k: exit $rc: $(head -c 200 err | tr '\n' ' ')$(head -c 80 out | tr '\n' ' ')$([ -e "$ofile" ] && echo " $ofile left")$(unchanged "$state" || echo ' workspace changed') ($(sed -n 's/^fired //p' fault.log))"
        fi
    done
    ncases=$((ncases + tried))
    d="$args: $1 at $tried of steps $(($2 + 1))-$3$4: $clean failed cleanly, $absorbed absorbed ($closing closing)"
    if [ -z "$bad" ]; then
        ok "$d"
    else
        not_ok "$d"
        echo "$bad" | sed '/^$/d' | head -8 | sed 's/^/#   /'
    fi
}

