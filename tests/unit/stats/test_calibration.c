/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calibration by simulation: with no true effect, Welch and Mann-Whitney
 * reject at the nominal 5% (within 1.5 points over 4,000 simulated
 * pilots); 95% intervals cover the true effect 95% of the time, also when
 * there is one, and for skewed (log-normal) cycle times on the log scale;
 * relative lifts (Welch, CUPED) err equally on both sides. */
#include "testutil.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "stats/stats.h"

#define PILOTS 4000
#define N_A 30
#define N_B 25

static void in_band(const char *what, double rate, double want)
{
    if (fabs(rate - want) > 0.015)
        fail_msg("%s: %.4f, expected %.3f +- 0.015", what, rate, want);
}

static void test_null_and_coverage(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double a[N_A], b[N_B];
    int rej_w = 0, rej_m = 0, cover0 = 0, cover1 = 0, cover_log = 0;
    struct stats_result r;

    (void)state;
    gsl_rng_set(rng, 20261126);
    for (int k = 0; k < PILOTS; k++) {
        for (int i = 0; i < N_A; i++)
            a[i] = 10 + gsl_ran_gaussian(rng, 2.0);
        for (int i = 0; i < N_B; i++)
            b[i] = 10 + gsl_ran_gaussian(rng, 3.0); /* unequal variances */
        stats_welch(a, N_A, b, N_B, STATS_TWO_SIDED, 0.05, &r, NULL);
        rej_w += r.p_value < 0.05;
        cover0 += r.ci_low <= 0 && 0 <= r.ci_high;
        stats_mwu(a, N_A, b, N_B, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r,
                  NULL);
        rej_m += r.p_value < 0.05;
        for (int i = 0; i < N_B; i++)
            b[i] += 1.5;
        stats_welch(a, N_A, b, N_B, STATS_TWO_SIDED, 0.05, &r, NULL);
        cover1 += r.ci_low <= 1.5 && 1.5 <= r.ci_high;
        /* log-normal cycle times, B 20% faster: ratio 0.8 */
        for (int i = 0; i < N_A; i++)
            a[i] = exp(log(20.0) + gsl_ran_gaussian(rng, 0.9));
        for (int i = 0; i < N_B; i++)
            b[i] = 0.8 * exp(log(20.0) + gsl_ran_gaussian(rng, 0.9));
        stats_logratio(a, N_A, b, N_B, STATS_TWO_SIDED, 0.05, &r, NULL);
        cover_log += r.ci_low <= 0.8 && 0.8 <= r.ci_high;
    }
    gsl_rng_free(rng);
    in_band("welch false-positive rate", rej_w / (double)PILOTS, 0.05);
    in_band("mwu false-positive rate", rej_m / (double)PILOTS, 0.05);
    in_band("welch coverage, no effect", cover0 / (double)PILOTS, 0.95);
    in_band("welch coverage, effect 1.5", cover1 / (double)PILOTS, 0.95);
    in_band("log-ratio coverage, ratio 0.8", cover_log / (double)PILOTS, 0.95);
}

/* Peeking every week at a fixed-n test inflates false positives; the
 * confidence sequence keeps them at or below alpha. */
static void test_peeking(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int naive = 0, seq = 0, runs = 1000;

    (void)state;
    gsl_rng_set(rng, 7);
    for (int k = 0; k < runs; k++) {
        double sa = 0, sqa = 0, sb = 0, sqb = 0;
        size_t n = 0;
        int hit_naive = 0, hit_seq = 0;

        for (int week = 1; week <= 12; week++) {
            struct stats_result r;

            for (int i = 0; i < 20; i++) {
                double x = gsl_ran_gaussian(rng, 1.0);
                double y = gsl_ran_gaussian(rng, 1.0);

                sa += x, sqa += x * x, sb += y, sqb += y * y;
            }
            n += 20;
            stats_welch_sums(n, sa, sqa, n, sb, sqb, STATS_TWO_SIDED, 0.05,
                             &r, NULL);
            hit_naive |= r.p_value < 0.05;
            hit_seq |= fabs(r.effect)
                       > stats_cs_halfwidth(r.se, 2 * n, 200, 0.05);
        }
        naive += hit_naive;
        seq += hit_seq;
    }
    gsl_rng_free(rng);
    assert_true(naive / (double)runs > 0.12); /* peeking is a real problem */
    assert_true(seq / (double)runs <= 0.05);
}

/* Regression (issue 21): the relative lift's test and interval are
 * symmetric. Null Poisson error counts (mean 0.5, 115 items an arm): the
 * 95% interval lies wholly below 0 ("B < A") and wholly above 0 in 2.5%
 * each, within 3 Monte Carlo standard errors (0.75 points over 4,000);
 * the delta-method t used before gave 4.2% and 0.6% (this gives 2.1%
 * and 2.7%). The interval
 * excludes 0 exactly when p < 0.05. */
static void test_relative_symmetric(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double a[115], b[115], ma, va, mb, vb;
    int below = 0, above = 0, runs = 4000;
    struct stats_result r;

    (void)state;
    gsl_rng_set(rng, 115);
    for (int k = 0; k < runs; k++) {
        for (int i = 0; i < 115; i++) {
            a[i] = gsl_ran_poisson(rng, 0.5);
            b[i] = gsl_ran_poisson(rng, 0.5);
        }
        stats_mean_var(a, 115, &ma, &va);
        stats_mean_var(b, 115, &mb, &vb);
        if (stats_welch_lift(115, ma, va, 115, mb, vb, STATS_TWO_SIDED,
                                 0.05, &r, NULL))
            continue;
        below += r.ci_high < 0;
        above += r.ci_low > 0;
        if ((r.p_value < 0.05) != (r.ci_high < 0 || r.ci_low > 0))
            fail_msg("run %d: p %.6f but interval [%.6f, %.6f]", k,
                     r.p_value, r.ci_low, r.ci_high);
    }
    gsl_rng_free(rng);
    if (fabs(below / (double)runs - 0.025) > 0.0075
        || fabs(above / (double)runs - 0.025) > 0.0075)
        fail_msg("one-sided error rates %.4f (B < A) and %.4f (B > A), "
                 "expected 0.025 +- 0.0075 each",
                 below / (double)runs, above / (double)runs);
}

/* Relative CUPED under the null: Poisson counts (mean 0.5, 115 units an
 * arm) with a pre-period count sharing part of each unit's rate; both
 * one-sided error rates are 2.5% and every interval agrees with its p.
 * Now 2.50% and 2.65% (Monte Carlo se 0.25 points); GrowthBook's delta
 * method, used before, gave 4.23% below and 1.10% above. */
static void test_cuped_relative_symmetric(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int below = 0, above = 0, runs = 4000;
    struct stats_result r;

    (void)state;
    gsl_rng_set(rng, 116);
    for (int k = 0; k < runs; k++) {
        struct stats_sums arm[2];

        memset(arm, 0, sizeof(arm));
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < 115; i++) {
                double z = gsl_ran_poisson(rng, 0.3);
                double x = z + gsl_ran_poisson(rng, 0.2);
                double y = z + gsl_ran_poisson(rng, 0.2);

                arm[s].n++;
                arm[s].sum_y += y;
                arm[s].sum_yy += y * y;
                arm[s].sum_x += x;
                arm[s].sum_xx += x * x;
                arm[s].sum_xy += x * y;
            }
        if (stats_cuped_sums(&arm[0], &arm[1], 1, STATS_TWO_SIDED, 0.05, &r,
                             NULL))
            continue;
        below += r.ci_high < 0;
        above += r.ci_low > 0;
        if ((r.p_value < 0.05) != (r.ci_high < 0 || r.ci_low > 0))
            fail_msg("run %d: p %.6f but interval [%.6f, %.6f]", k,
                     r.p_value, r.ci_low, r.ci_high);
    }
    gsl_rng_free(rng);
    printf("# relative CUPED, null: B < A %.4f, B > A %.4f\n",
           below / (double)runs, above / (double)runs);
    if (fabs(below / (double)runs - 0.025) > 0.0075
        || fabs(above / (double)runs - 0.025) > 0.0075)
        fail_msg("one-sided error rates %.4f (B < A) and %.4f (B > A), "
                 "expected 0.025 +- 0.0075 each",
                 below / (double)runs, above / (double)runs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_coverage),
        cmocka_unit_test(test_peeking),
        cmocka_unit_test(test_relative_symmetric),
        cmocka_unit_test(test_cuped_relative_symmetric),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
