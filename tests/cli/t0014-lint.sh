#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# scripts/lint.sh on a copy of src/: the copy passes, and each planted
# violation (a folder including one above it, a folder missing from the
# layering table, another module's internals, a library outside its
# layer) fails it with the offending line.
. "$(dirname "$0")/lib.sh"

L=$ROOT/scripts/lint.sh
mkdir tree && cp -r "$ROOT/src" tree/
run sh "$L" --root tree
check "lint passes on an unchanged copy of src/" eval 'status_is 0 && out_has "1..10" && ! grep -q "^not ok" out'

# plant SHELL-CODE: runs it on a fresh copy in ./t2 and lints that
plant() {
    rm -rf t2 && cp -r tree t2 && eval "$1"
    run sh "$L" --root t2
}
plant 'echo "#include \"http/server.h\"" >>t2/src/core/buf.c'
check "core/ including http/ fails the layering, naming the line" eval 'status_is 1 && out_has "not ok 2 - each src/ folder includes only the folders below it" && out_has "src/core/buf.c:" && out_has "(src/core may not include http/)"'
plant 'echo "#include \"cli/cli.h\"" >>t2/src/store/store.c'
check "store/ including cli/ fails" eval 'status_is 1 && out_has "(src/store may not include cli/)"'
plant 'echo "#include \"dash/dash.h\"" >>t2/src/analysis/trap.c'
check "analysis/ including dash/ (a layer above) fails" eval 'status_is 1 && out_has "(src/analysis may not include dash/)"'
plant 'echo "#include \"store/store.h\"" >>t2/src/import/csv.c'
check "import/ including store/ (beside it) fails" eval 'status_is 1 && out_has "(src/import may not include store/)"'
plant 'echo "#include \"import/weblog.h\"" >>t2/src/analysis/shadow.c'
check "analysis/ including import/ fails (sinks are in model/; cli wires)" eval 'status_is 1 && out_has "(src/analysis may not include import/)"'
plant 'mkdir t2/src/newroom && printf "/* SPDX-License-Identifier: GPL-3.0-or-later */\n" >t2/src/newroom/a.c'
check "a folder missing from the layering table fails" eval 'status_is 1 && out_has "src/newroom: a folder not in the layering table"'
plant 'echo "static int f(void) { return store__exec(0, 0, 0); }" >>t2/src/dash/html.c'
check "store__ internals used outside store/ fail" eval 'status_is 1 && out_has "not ok 7 - a module" && out_has "src/dash/html.c:"'
plant 'echo "#include \"store/store_int.h\"" >>t2/src/analysis/trap.c'
check "another module's _int.h fails (though the folder may be included)" eval 'status_is 1 && out_has "not ok 7 - a module" && ! out_has "not ok 2"'
plant 'echo "#include <glpk.h>" >>t2/src/analysis/audit.c'
check "glpk.h outside lp/ fails" eval 'status_is 1 && out_has "not ok 5 - glpk.h only in src/lp" && out_has "src/analysis/audit.c"'
plant 'echo "#include <sqlite3.h>" >>t2/src/analysis/trap.c'
check "sqlite3.h outside store/ fails" eval 'status_is 1 && out_has "not ok 3 - sqlite3.h only in src/store"'
plant 'echo "#include <libical/ical.h>" >>t2/src/analysis/learning.c'
check "libical outside import/ fails" eval 'status_is 1 && out_has "not ok 10 - libical only in src/import" && out_has "src/analysis/learning.c"'
run sh "$L" --bogus
check "an unknown option is a usage error" eval 'status_is 2 && err_has "usage: scripts/lint.sh [--root DIR]"'
finish
