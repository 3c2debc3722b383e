#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: BCa bootstrap interval of the median difference, two
# log-normal samples of 5,000, 10,000 resamples, against
# scipy.stats.bootstrap (Debian's python3-scipy) on the same data in the
# same run. Target: traction at least 40 times faster.
set -eu
T=${TRACTION:-build/traction}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
PY=/usr/bin/python3
dir=$(mktemp -d /tmp/traction-bench-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
$PY - <<'PY'
import numpy as np
rng = np.random.default_rng(2026)
np.savetxt("a.txt", rng.lognormal(np.log(20.0), 0.9, 5000), fmt="%.6f")
np.savetxt("b.txt", rng.lognormal(np.log(17.0), 0.9, 5000), fmt="%.6f")
PY
cat >ref.py <<'PY'
import sys, time
import numpy as np
from scipy import stats
a = np.loadtxt("a.txt"); b = np.loadtxt("b.txt")
def diff(x, y, axis=-1):
    return np.median(y, axis=axis) - np.median(x, axis=axis)
t0 = time.perf_counter()
res = stats.bootstrap((a, b), diff, n_resamples=10000, method="BCa",
                      confidence_level=0.95, random_state=1, vectorized=True)
t1 = time.perf_counter()
print("%.6f %.6f %.6f" % (t1 - t0, res.confidence_interval.low, res.confidence_interval.high))
PY
now() { date +%s.%N; }
best_t=
for run in 1 2 3; do
    t0=$(now)
    "$T" stats compare a.txt b.txt --test bootstrap --stat median --resamples 10000 --seed "$run" --json >out.json
    t1=$(now)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc)" = 1 ]; then best_t=$t; fi
done
set -- $($PY ref.py)
ref=$1
ours=$($PY -c 'import json; j = json.load(open("out.json")); print("%.4f %.4f" % (j["ci_low"], j["ci_high"]))')
printf 'scipy.stats.bootstrap (BCa, 10000): %.3f s, interval %.4f to %.4f\n' "$ref" "$2" "$3"
printf 'traction stats compare --test bootstrap: %.3f s (best of 3, whole process), interval %s\n' "$best_t" "$(echo "$ours" | sed 's/ / to /')"
ratio=$(echo "$ref / $best_t" | bc -l)
printf 'speed-up %.1fx (target >= 40x)\n' "$ratio"
[ "$(echo "$ratio >= 40" | bc)" = 1 ]
