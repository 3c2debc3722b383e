#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `traction stats`: the scripted contract (JSON keys, "inf", null with a
# note), reference values through the command line, and bad input.
. "$(dirname "$0")/lib.sh"

printf '0.80\n0.83\n1.89\n1.04\n1.45\n1.38\n1.91\n1.64\n0.73\n1.46\n' >x.txt
printf '# baseline\n1.15\n0.88\n\n0.90\n0.74\n1.21\n' >y.txt

run $T stats compare y.txt x.txt --test mwu --alternative greater --exact yes --json
check "mwu: R's wilcox.test(x, y, 'greater') through the CLI" eval 'status_is 0 && json "j[\"statistic\"] == 35 and abs(j[\"p_value\"] - 0.1272061272061) < 1e-12 and j[\"method\"] == \"exact\" and j[\"ci_high\"] == \"inf\""'
run $T stats compare y.txt x.txt --test mwu --json
check "mwu --exact auto: under 50 values and no ties means exact (R's default)" eval 'json "j[\"method\"] == \"exact\" and abs(j[\"p_value\"] - 0.2544122544123) < 1e-12"'
run $T stats compare y.txt x.txt --test mwu --exact no --json
check "mwu --exact no: asymptotic" eval 'json "j[\"method\"] == \"asymptotic\" and abs(j[\"p_value\"] - 0.244623605127) < 1e-11"'

# compare keeps the digits describe keeps (issue 21): values 1e9 +- 1e-3.
# Reference: the effect in exact decimals (Python's Decimal); t and p from
# scipy 1.10 ttest_ind(b - 1e9, a - 1e9, equal_var=False) on deviations
# taken exactly. Raw doubles gave the effect to 3.7e-5 only.
printf '1000000000.001\n999999999.999\n1000000000.0004\n999999999.9993\n1000000000.0011\n999999999.9998\n1000000000.0002\n' >pa.txt
printf '1000000000.0015\n1000000000.0009\n999999999.9997\n1000000000.0021\n1000000000.0006\n1000000000.0013\n' >pb.txt
run $T stats compare pa.txt pb.txt --json
check "compare on 1e9 +- 1e-3: effect, t and p to 1e-12" eval 'status_is 0 && json "abs(j[\"effect\"] / 0.00090238095238095238 - 1) < 1e-12 and abs(j[\"statistic\"] / 1.9918422219378535 - 1) < 1e-12 and abs(j[\"p_value\"] / 0.07282403761249004 - 1) < 1e-11 and abs(j[\"mean_a\"] - 1000000000.00011) < 1e-5"'
run $T stats compare pa.txt pb.txt --test mwu --json
check "compare --test mwu on 1e9 +- 1e-3: U and exact p (scipy mannwhitneyu)" eval 'json "j[\"statistic\"] == 33 and abs(j[\"p_value\"] - 0.10139860139860139) < 1e-12"'
run $T stats compare y.txt x.txt --json
check "compare --json has every documented key" eval 'json "{\"test\",\"alternative\",\"alpha\",\"n_a\",\"n_b\",\"mean_a\",\"mean_b\",\"effect\",\"ci_low\",\"ci_high\",\"p_value\",\"statistic\",\"df\",\"method\"} <= set(j) and j[\"n_a\"] == 5 and j[\"n_b\"] == 10"'
check "welch effect is B - A" eval 'json "abs(j[\"effect\"] - (1.313 - 0.976)) < 1e-12 and j[\"statistic\"] > 0"'
run $T stats compare y.txt x.txt --alternative less --json
check "a one-sided interval has \"-inf\" as its open end" eval 'json "j[\"ci_low\"] == \"-inf\" and j[\"p_value\"] > 0.9"'
cat y.txt | $T stats compare - x.txt --json >out 2>err; rc=$?
check "'-' reads stdin" eval 'status_is 0 && json "j[\"n_a\"] == 5"'
run $T stats compare y.txt x.txt --test logratio --json
check "logratio reports the ratio of geometric means" eval 'json "abs(j[\"effect\"] - j[\"mean_b\"] / j[\"mean_a\"]) < 1e-12 and j[\"ci_low\"] < j[\"effect\"] < j[\"ci_high\"]"'
run $T stats compare y.txt x.txt --test bootstrap --stat p90 --resamples 2000 --seed 3 --json
cp out boot1.json
run $T stats compare y.txt x.txt --test bootstrap --stat p90 --resamples 2000 --seed 3 --json
check "the bootstrap is reproducible with a seed" eval 'status_is 0 && cmp -s out boot1.json && json "j[\"method\"] == \"bca\""'
run $T stats compare y.txt x.txt --relative --json
check "--relative gives (B - A)/|A|" eval 'json "abs(j[\"effect\"] - (1.313 - 0.976) / 0.976) < 1e-12"'
cp out rel.json
run $T stats compare y.txt x.txt --json
check "--relative: Welch's p on B - A, Fieller's interval excludes 0 as p < alpha does" eval 'python3 -c "import json; r = json.load(open(\"rel.json\")); w = json.load(open(\"out\")); assert abs(r[\"p_value\"] - w[\"p_value\"]) < 1e-15; assert (r[\"ci_low\"] > 0) == (w[\"p_value\"] < 0.05) and r[\"ci_low\"] < r[\"effect\"] < r[\"ci_high\"]"'
run $T stats compare y.txt x.txt --relative --alpha 0.2 --json
check "--relative at alpha 0.2: p < alpha and the interval excludes 0" eval 'json "j[\"p_value\"] < 0.2 and j[\"ci_low\"] > 0"'
run $T stats compare y.txt x.txt --relative --sequential 100 --json
check "--relative --sequential: a wider Fieller interval" eval 'json "j[\"cs_low\"] < j[\"ci_low\"] < j[\"effect\"] < j[\"ci_high\"] < j[\"cs_high\"]"'
run $T stats compare y.txt x.txt --sequential 1000 --json
check "--sequential adds a wider always-valid interval" eval 'json "j[\"cs_low\"] < j[\"ci_low\"] and j[\"cs_high\"] > j[\"ci_high\"]"'

# undefined results say why, never a silent NaN
echo 5 >one.txt
run $T stats compare one.txt x.txt --json
check "one value: p_value null with a note" eval 'status_is 0 && json "j[\"p_value\"] is None and \"at least 2\" in j[\"note\"]"'
printf '3\n3\n3\n' >same.txt
run $T stats compare same.txt same.txt --json
check "all values equal: null with a note" eval 'status_is 0 && json "j[\"p_value\"] is None and \"no variance\" in j[\"note\"]"'
run $T stats compare same.txt same.txt --test mwu --json
check "mwu on identical samples: null with a note" eval 'status_is 0 && json "j[\"p_value\"] is None and \"equal\" in j[\"note\"]"'
printf '0\n1\n2\n' >zero.txt
run $T stats compare zero.txt x.txt --test logratio --json
check "log scale with a zero: null with a note" eval 'status_is 0 && json "j[\"effect\"] is None and \"above 0\" in j[\"note\"]"'
printf '1\nabc\n2\ninf\n' >bad.txt
run $T stats describe bad.txt
check "non-numeric and infinite lines are refused with their line" eval 'status_is 1 && err_has "traction: cannot read '"'"'bad.txt'"'"': line 2, column 1: '"'"'abc'"'"' is not a number" && err_has "line 4, column 1: '"'"'inf'"'"' is not a finite number"'
: >empty.txt
run $T stats describe empty.txt
check "an empty file is an error" eval 'status_is 1 && err_has "no numbers in the file"'
run $T stats describe one.txt --json
check "describe of one value: sd null with a note" eval 'status_is 0 && json "j[\"sd\"] is None and j[\"n\"] == 1 and \"note\" in j"'
run $T stats compare y.txt x.txt --test ttest
check "an unknown test is a usage error" eval 'status_is 2 && err_has "--test"'
run $T stats compare y.txt x.txt --stat median
check "--stat median needs the bootstrap" eval 'status_is 2 && err_has "needs --test bootstrap"'

# NIST through the command line (13 significant digits)
sed -n '/^Data: Y/,$p' "$FIX/nist/NumAcc4.dat" | tail -n +3 >numacc4.txt
run $T stats describe numacc4.txt --json
check "NumAcc4 mean and sd to 13 digits via the CLI" eval 'json "abs(j[\"mean\"] - 10000000.2) <= 1e-13 * 10000000.2 and abs(j[\"sd\"] - 0.1) <= 1e-14 and j[\"n\"] == 1001"'

run $T stats adjust --method holm 0.01 0.04 0.03 0.005 0.55 0.6 --json
check "adjust holm in input order" eval 'json "[round(v, 12) for v in j[\"adjusted\"]] == [0.05, 0.12, 0.12, 0.03, 1, 1]"'
run $T stats adjust --method bh 0.025 0.03 --json
check "adjust bh" eval 'json "[round(v, 12) for v in j[\"adjusted\"]] == [0.03, 0.03]"'
run $T stats adjust --method holm 0.5 1.5
check "a p-value above 1 is refused" eval 'status_is 2 && err_has "not a number in [0, 1]"'
run $T stats power --sd 1 --mde 0.5 --json
check "power: statsmodels' 63.77 per arm, rounded up" eval 'json "j[\"n_per_arm\"] == 64 and abs(j[\"n_exact\"] - 63.76561177540974) < 1e-5"'
run $T stats power --sd 10 --mde 0.3 --power 0.85 --json
check "power: Spotify's 39906 in total within 0.5%" eval 'json "abs(2 * j[\"n_per_arm\"] - 39906) <= 0.005 * 39906"'
run $T stats power --sd 1 --n 64 --json
check "power --n gives the detectable effect" eval 'json "0.49 < j[\"mde\"] < 0.5"'
run $T stats power --mde 1
check "power without --sd is a usage error" eval 'status_is 2 && err_has "--sd"'
# a fixed baseline (before-after); reference: scipy nct with statsmodels'
# ttest_power formula, brentq on the pilot's size (see test_tests.c)
run $T stats power --sd 1 --mde 0.5 --baseline 100 --json
check "power --baseline 100: 47 pilot units" eval 'status_is 0 && json "j[\"n_b\"] == 47 and abs(j[\"n_b_exact\"] - 46.66527431578918) < 1e-5 and abs(j[\"power_limit\"] - 0.9988172507035044) < 1e-12"'
run $T stats power --sd 1 --mde 0.5 --baseline 30 --json
check "power --baseline 30: never 80%, with the limit and the baseline needed" eval 'status_is 0 && json "j[\"n_b\"] is None and abs(j[\"power_limit\"] - 0.7819079987319797) < 1e-12 and j[\"note\"] == \"a baseline of 30 units can never give power 0.8: at most 0.782 with any number of pilot units; the baseline needs at least 32\""'
run $T stats power --sd 1 --mde 0.5 --baseline 30
check "power --baseline 30 in text says unreachable" eval 'status_is 0 && grep -q "^unreachable: a baseline of 30 units can never give power 0.8" out'
run $T stats power --sd 1 --n 200 --baseline 40 --json
check "power --baseline --n: the detectable effect for unequal arms" eval 'json "abs(j[\"mde\"] - 0.4872171941405578) < 1e-8"'
run $T stats power --sd 1 --mde 0.5 --baseline 1
check "power --baseline below 2 is a usage error" eval 'status_is 2 && err_has "--baseline: '"'"'1'"'"' is not a number in [2, 1e+12]"'
# the bootstrap's p-value is the one its interval inverts
run $T stats compare y.txt x.txt --test bootstrap --alpha 0.3 --json
check "bootstrap: p < alpha exactly when the interval excludes 0" eval 'json "(j[\"p_value\"] < 0.3) == (j[\"ci_low\"] > 0 or j[\"ci_high\"] < 0)"'
finish
