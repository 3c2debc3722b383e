# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by benchmarks (not one itself: make bench runs bench/*.sh).
now() { date +%s.%N; }
best() { # best NAME COMMAND...: best of 3 wall times, printed and in $b
    name=$1
    shift
    b=
    for run in 1 2 3; do
        t0=$(now)
        "$@" >/dev/null
        t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    printf '%-10s %.3f s\n' "$name" "$b"
}
