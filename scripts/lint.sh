#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# House rules a compiler does not check: banned functions (STYLE.md), the
# layering of src/ folders (which folder may include which) and of library
# includes (sqlite3.h only in store/, Rmath and GSL only in stats/, GLPK
# only in lp/, libical only in import/, microhttpd only in http/), and
# internal names. Prints TAP; exits 1 when
# a check fails.
#
# usage: scripts/lint.sh [--root DIR]   (DIR: a tree with src/ to check;
#                                        the repository by default)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --root ] && [ -n "${2:-}" ]; then
    root=$2
elif [ $# -gt 0 ]; then
    echo "usage: scripts/lint.sh [--root DIR]" >&2
    exit 2
fi
cd "$root" || exit 2

# The layering: each src/ folder and the folders it may include from
# (besides itself). Lower layers first: core <- model <- store <- analysis
# <- view <- dash <- http <- cli, with import beside store, auth between
# store and analysis, and stats, lp, catalog and sim as leaves on core.
# Importers push into sinks declared in model/ that store/ or analysis/
# implement; only the drivers (cli, http) include import/ and wire an
# importer to its sink. A folder missing here is itself an error. Keep
# docs/HACKING.md ("Layers") in step.
LAYERS='
core:
model:    core
stats:    core
lp:       core
catalog:  core
sim:      core
import:   core model
store:    core model
auth:     core model store
analysis: core model stats lp catalog store auth
view:     core model stats catalog sim store analysis
dash:     core model stats catalog sim store auth analysis view
http:     core model stats catalog sim import store auth analysis view dash
cli:      core model stats catalog sim import store auth analysis view dash http
'

# allowed FOLDER: the folders FOLDER may include from; fails when FOLDER
# is not in the table.
allowed() {
    echo "$LAYERS" | sed -n "s/^$1: *//p" | grep . || echo "$LAYERS" | grep -q "^$1:"
}

# Every '#include "X/..."' of a src/ file whose folder may not include X.
layering() {
    for d in src/*/; do
        d=${d%/}
        d=${d#src/}
        if ! echo "$LAYERS" | grep -q "^$d:"; then
            echo "src/$d: a folder not in the layering table of scripts/lint.sh"
            continue
        fi
        ok=" $d $(allowed "$d") "
        grep -Hn '^#include "[a-z_]*/' src/"$d"/*.[ch] 2>/dev/null |
            while IFS= read -r line; do
                inc=${line#*#include \"}
                inc=${inc%%/*}
                case "$ok" in
                *" $inc "*) ;;
                *) echo "$line  (src/$d may not include $inc/)" ;;
                esac
            done
    done
}

# Internal names used outside their module: a mod__name in src/D/ whose
# mod is neither D nor a module of D (src/D/mod.c, mod.h or mod_int.h),
# and a D/x_int.h included from outside src/D/.
internals() {
    grep -noE '\b[a-z][a-z0-9_]*__[a-z0-9_]+|include "[a-z]+/[a-z_]+_int\.h"' \
        src/*/*.[ch] |
        while IFS=: read -r f l m; do
            d=${f#src/}
            d=${d%%/*}
            case $m in
            include*)
                m=${m#include \"}
                m=${m%\"}
                [ "${m%%/*}" = "$d" ] || echo "$f:$l: includes $m (internal to src/${m%%/*}/)"
                ;;
            *)
                mod=${m%%__*}
                [ "$mod" = "$d" ] || [ -e "src/$d/$mod.c" ] || [ -e "src/$d/$mod.h" ] ||
                    [ -e "src/$d/${mod}_int.h" ] || echo "$f:$l: uses $m (internal to module $mod)"
                ;;
            esac
        done
}

n=0
fail=0
check() { # check DESCRIPTION COMMAND-THAT-PRINTS-OFFENDERS
    n=$((n + 1))
    out=$(eval "$2")
    if [ -z "$out" ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        echo "$out" | sed 's/^/#   /'
        fail=1
    fi
}
check "no banned functions (strcpy strcat sprintf strtok atoi gmtime localtime)" \
    "grep -nE '\\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|gmtime|localtime)\\s*\\(' src/*/*.c src/*/*.h"
check "each src/ folder includes only the folders below it (LAYERS)" layering
check "sqlite3.h only in src/store" \
    "grep -ln 'include <sqlite3.h>' src/*/*.[ch] | grep -v '^src/store/'"
check "Rmath.h and GSL only in src/stats" \
    "grep -lnE 'include <(Rmath.h|gsl/)' src/*/*.[ch] | grep -v '^src/stats/'"
check "glpk.h only in src/lp" \
    "grep -ln 'include <glpk.h>' src/*/*.[ch] | grep -v '^src/lp/'"
check "microhttpd.h only in src/http" \
    "grep -ln 'include <microhttpd.h>' src/*/*.[ch] | grep -v '^src/http/'"
check "a module's internals (mod__name, mod_int.h) stay in its folder" internals
check "no printing below cli/ and http/" \
    "grep -nE '\\b(printf|puts)\\s*\\(|fprintf\\s*\\(\\s*(stdout|stderr)' src/core/*.c src/model/*.c src/store/*.c src/import/*.c src/stats/*.c src/lp/*.c src/auth/*.c src/analysis/*.c src/view/*.c src/sim/*.c | grep -v 'xalloc.c\\|progress.c'"
check "an SPDX line at the top of every source file" \
    "for f in src/*/*.[ch] tests/unit/*/*.c; do [ -e \$f ] || continue; head -1 \$f | grep -q SPDX || echo \$f; done"
check "libical only in src/import" \
    "grep -ln 'include <libical/' src/*/*.[ch] | grep -v '^src/import/'"
echo "1..$n"
exit $fail
