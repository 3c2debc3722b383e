#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# House rules a compiler does not check: banned functions (STYLE.md), and
# the layering of library includes (sqlite3.h only in store/, Rmath and GSL
# only in stats/, GLPK only in lp/, microhttpd only in http/). Prints TAP.
set -u
cd "$(dirname "$0")/.."
n=0
check() { # check DESCRIPTION COMMAND-THAT-PRINTS-OFFENDERS
    n=$((n + 1))
    out=$(eval "$2")
    if [ -z "$out" ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        echo "$out" | sed 's/^/#   /'
    fi
}
check "no banned functions (strcpy strcat sprintf strtok atoi gmtime localtime)" \
    "grep -nE '\\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|gmtime|localtime)\\s*\\(' src/*/*.c src/*/*.h"
check "sqlite3.h only in src/store" \
    "grep -ln 'include <sqlite3.h>' src/*/*.[ch] | grep -v '^src/store/'"
check "Rmath.h and GSL only in src/stats" \
    "grep -lnE 'include <(Rmath.h|gsl/)' src/*/*.[ch] | grep -v '^src/stats/'"
check "glpk.h only in src/lp" \
    "grep -ln 'include <glpk.h>' src/*/*.[ch] | grep -v '^src/lp/'"
check "microhttpd.h only in src/http" \
    "grep -ln 'include <microhttpd.h>' src/*/*.[ch] | grep -v '^src/http/'"
check "no printing below cli/ and http/" \
    "grep -nE '\\b(printf|puts)\\s*\\(|fprintf\\s*\\(\\s*(stdout|stderr)' src/core/*.c src/model/*.c src/store/*.c src/import/*.c src/stats/*.c src/lp/*.c src/analysis/*.c src/view/*.c src/sim/*.c | grep -v 'xalloc.c\\|progress.c\\|view/json.c'"
check "an SPDX line at the top of every source file" \
    "for f in src/*/*.[ch] tests/unit/*/*.c; do head -1 \$f | grep -q SPDX || echo \$f; done"
echo "1..$n"
