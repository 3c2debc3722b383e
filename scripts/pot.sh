#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The template of every message marked for translation in src/ (the
# markers of core/i18n.h), written to OUT: `make pot` writes
# po/traction.pot with it, and tests/cli/t0026-i18n.sh compares a fresh
# one with it.
#
# usage: scripts/pot.sh OUT
set -eu
[ $# -eq 1 ] || { echo "usage: scripts/pot.sh OUT" >&2; exit 2; }
cd "$(dirname "$0")/.."
out=$1
case $out in /*) ;; *) out=$OLDPWD/$out ;; esac
# shellcheck disable=SC2046
xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=i18n_ngettext:1,2 --keyword=REASONS_ADDF:2 \
    --keyword=REASONS_APPENDF:2 --flag=REASONS_ADDF:2:c-format \
    --flag=REASONS_APPENDF:2:c-format --keyword=REASON_ONEF:3 \
    --flag=REASON_ONEF:3:c-format --package-name=traction \
    --package-version="$(sed -n 's/^VERSION *:= *//p' Makefile)" \
    --add-location=file --sort-by-file -o "$out" \
    $(ls src/*/*.c | LC_ALL=C sort)
