#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages traction needs to build and test; does
# nothing when they are all present. `deps.sh --bench` adds the references
# the benchmarks compare against (and wrk); `deps.sh --fuzz` clang and
# libFuzzer; `deps.sh --e2e` Chromium and npm for the browser test.
set -eu

pkgs="build-essential pkg-config sqlite3 libsqlite3-dev libmicrohttpd-dev
libjansson-dev libcsv-dev r-mathlib libgsl-dev libsodium-dev libpsl-dev
libcmocka-dev zlib1g-dev libglpk-dev gettext python3 curl"
case "${1:-}" in
--bench) pkgs="$pkgs python3 python3-scipy python3-numpy bc time wrk" ;;
--e2e) # Node may come from elsewhere (NodeSource bundles npm)
    pkgs="$pkgs chromium"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm" ;;
--fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
esac

missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "deps: need root (or sudo) to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
# shellcheck disable=SC2086
$as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
