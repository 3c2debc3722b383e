/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Welch, relative lift, confidence sequences, Mann-Whitney, adjustments,
 * SRM and power against the published reference cases in
 * tests/fixtures/oracles/stats-reference.md (section numbers below). */
#include "testutil.h"

#include <math.h>

#include "stats/stats.h"

#define REL(got, want, rtol) \
    assert_true(fabs((double)(got) - (double)(want)) <= (rtol) * fabs((double)(want)) + 1e-300)
#define ABS(got, want, atol) assert_true(fabs((got) - (want)) <= (atol))

/* 3.11 scipy/R: t.test(a, b), Welch; our effect is B - A so t flips. */
static void test_welch_scipy(void **state)
{
    double a1[] = {1, 2, 3}, b1[] = {1.1, 2.9, 4.2};
    double a2[] = {1, 2, 3, 4};
    struct stats_result r;

    (void)state;
    assert_int_equal(stats_welch(b1, 3, a1, 3, STATS_TWO_SIDED, 0.05, &r,
                                 NULL), 0);
    REL(r.statistic, -0.686495127355726265, 1e-12);
    REL(r.p_value, 0.53619490753126686, 1e-12);
    assert_int_equal(stats_welch(b1, 3, a2, 4, STATS_TWO_SIDED, 0.05, &r,
                                 NULL), 0);
    REL(r.statistic, -0.210866331595072315, 1e-12);
    REL(r.p_value, 0.84354139131608252, 1e-12);
}

/* 3.11 R t.test with a 90% interval, all three alternatives. */
static void test_welch_r_interval(void **state)
{
    double a[] = {0.88236329, 0.97318744, 0.4549262, 0.97893335, 0.0606677,
                  0.44013366, 0.55806018, 0.40151434, 0.14453315,
                  0.25860601, 0.20202162};
    double b[] = {0.93455277, 0.42680603, 0.49751939, 0.14152846, 0.711435,
                  0.77669667, 0.20507578, 0.78702772, 0.94691855,
                  0.32464958, 0.3873582, 0.35187468, 0.21731811};
    struct stats_result r;

    (void)state;
    /* R: t.test(a, b): effect a - b, so call with A = b, B = a */
    stats_welch(b, 13, a, 11, STATS_TWO_SIDED, 0.10, &r, NULL);
    REL(r.statistic, -0.2314607, 1e-6);
    REL(r.df, 19.894435, 1e-7);
    REL(r.p_value, 0.8193209, 1e-6);
    REL(r.ci_low, -0.247220294, 1e-8);
    REL(r.ci_high, 0.188729943, 1e-8);
    stats_welch(b, 13, a, 11, STATS_LESS, 0.10, &r, NULL);
    REL(r.p_value, 0.40966045, 1e-7);
    assert_true(isinf(r.ci_low) && r.ci_low < 0);
    REL(r.ci_high, 0.1382426469, 1e-8);
    stats_welch(b, 13, a, 11, STATS_GREATER, 0.10, &r, NULL);
    REL(r.p_value, 0.5903395, 1e-6);
    REL(r.ci_low, -0.1967329982, 1e-8);
    assert_true(isinf(r.ci_high) && r.ci_high > 0);
}

/* R's saved example: t.test(1:10, y = c(7:20)) and with an outlier. */
static void test_welch_r_examples(void **state)
{
    double x[10], y[15];
    struct stats_result r;

    (void)state;
    for (int i = 0; i < 10; i++)
        x[i] = i + 1;
    for (int i = 0; i < 14; i++)
        y[i] = i + 7;
    y[14] = 200;
    stats_welch(y, 14, x, 10, STATS_TWO_SIDED, 0.05, &r, NULL);
    REL(r.statistic, -5.4349, 1e-4);
    REL(r.df, 21.982, 1e-4);
    REL(r.p_value, 1.855e-05, 1e-3);
    REL(r.ci_low, -11.052802, 1e-7);
    REL(r.ci_high, -4.947198, 1e-7);
    stats_welch(y, 15, x, 10, STATS_TWO_SIDED, 0.05, &r, NULL);
    REL(r.statistic, -1.6329, 1e-4);
    REL(r.df, 14.165, 1e-4);
    REL(r.p_value, 0.1245, 1e-3);
    REL(r.ci_low, -47.242900, 1e-7);
    REL(r.ci_high, 6.376233, 1e-6);
}

/* 3.1 GrowthBook: from sums, absolute and relative. */
static void test_growthbook_sums(void **state)
{
    struct stats_result r;
    double ma = 1396.87 / 3407, mb = 2422.7 / 3461;
    double va = (52377.9767 - 1396.87 * 1396.87 / 3407) / 3406;
    double vb = (134698.29 - 2422.7 * 2422.7 / 3461) / 3460;

    (void)state;
    stats_welch_sums(3407, 1396.87, 52377.9767, 3461, 2422.7, 134698.29,
                     STATS_TWO_SIDED, 0.05, &r, NULL);
    ABS(r.effect, 0.29, 1e-5);
    ABS(r.ci_low, 0.04538, 1e-5);
    ABS(r.ci_high, 0.53462, 1e-5);
    ABS(r.se, 0.12478, 1e-5);
    ABS(r.p_value, 0.02016, 1e-5);
    /* the lift and its delta-method se are GrowthBook's; the interval is
     * Fieller's and the p-value Welch's on B - A (GrowthBook's asymmetric
     * delta-method test gave [-0.03526, 1.44989], p 0.06191). References:
     * scipy 1.10, t = stats.t.ppf(0.975, welch_df); the roots of
     * (m_A^2 - t^2 s_A) r^2 - 2 m_A m_B r + m_B^2 - t^2 s_B, minus 1;
     * p = 2 * stats.t.sf(|m_B - m_A| / sqrt(s_A + s_B), welch_df) */
    stats_welch_lift(3407, ma, va, 3461, mb, vb, STATS_TWO_SIDED, 0.05,
                         &r, NULL);
    ABS(r.effect, 0.70732, 1e-5);
    ABS(r.se, 0.37879, 1e-5);
    REL(r.ci_low, 0.09406197077128642, 1e-9);
    REL(r.ci_high, 1.7086899441918986, 1e-9);
    REL(r.p_value, 0.020158402643586957, 1e-9);
    REL(r.df, 5841.742032093565, 1e-12);
    assert_null(r.note);
}

/* Fieller's interval is equivariant: negating both samples negates the
 * baseline's sign, and (B - A)/|A| keeps its value only through |A|. */
static void test_relative_fieller_sign(void **state)
{
    struct stats_result pos, neg;
    double lo, hi;

    (void)state;
    stats_welch_lift(10, 10, 4, 12, 5, 3, STATS_TWO_SIDED, 0.05, &pos,
                         NULL);
    stats_welch_lift(10, -10, 4, 12, -5, 3, STATS_TWO_SIDED, 0.05, &neg,
                         NULL);
    REL(pos.effect, -0.5, 1e-15);
    REL(neg.effect, 0.5, 1e-15);
    REL(neg.ci_low, -pos.ci_high, 1e-12);
    REL(neg.ci_high, -pos.ci_low, 1e-12);
    REL(neg.p_value, pos.p_value, 1e-12);
    /* a baseline within the noise of 0: unbounded, with a note */
    assert_int_equal(stats_fieller_lift(1.0, 1.0, 3.0, 1.0, 1.96, &lo, &hi),
                     TR_EUNDEF);
    assert_true(isinf(lo) && lo < 0 && isinf(hi) && hi > 0);
    stats_welch_lift(10, 1, 10, 10, 3, 1, STATS_TWO_SIDED, 0.05, &pos,
                         NULL);
    assert_true(isinf(pos.ci_low) && isinf(pos.ci_high));
    assert_non_null(strstr(pos.note, "unbounded"));
}

/* 3.3 GrowthBook one-sided, n_a = 3000. */
static void test_growthbook_one_sided(void **state)
{
    struct stats_result r;
    double ma = 1396.87 / 3000, mb = 2422.7 / 3461;
    double va = (52377.9767 - 1396.87 * 1396.87 / 3000) / 2999;
    double vb = (134698.29 - 2422.7 * 2422.7 / 3461) / 3460;

    (void)state;
    /* relative: GrowthBook's lift and se; Fieller's bound and Welch's p
     * (scipy as in test_growthbook_sums with the one-sided quantile;
     * GrowthBook's delta method gave -0.0451, p 0.0656 and 1.0519, 0.934) */
    stats_welch_lift(3000, ma, va, 3461, mb, vb, STATS_GREATER, 0.05, &r,
                         NULL);
    REL(r.effect, 0.5033610858562358, 1e-9);
    REL(r.ci_low, 0.03854641616804533, 1e-9);
    REL(r.se, 0.3334122146400735, 1e-9);
    REL(r.p_value, 0.035542724898730255, 1e-9);
    assert_true(isinf(r.ci_high));
    stats_welch_suff(3000, ma, va, 3461, mb, vb, STATS_GREATER, 0.05, &r,
                     NULL);
    REL(r.effect, 0.23437666666666668, 1e-12);
    REL(r.ci_low, 0.020791480063255735, 1e-6);
    REL(r.se, 0.12983081254184736, 1e-9);
    REL(r.p_value, 0.03554272489873023, 1e-6);
    stats_welch_lift(3000, ma, va, 3461, mb, vb, STATS_LESS, 0.05, &r,
                         NULL);
    REL(r.ci_high, 1.2006522828948318, 1e-9);
    REL(r.p_value, 0.9644572751012698, 1e-9);
    stats_welch_suff(3000, ma, va, 3461, mb, vb, STATS_LESS, 0.05, &r, NULL);
    REL(r.ci_high, 0.44796185327007765, 1e-6);
    REL(r.p_value, 0.9644572751012698, 1e-6);
}

/* 3.4 GrowthBook sequential: the confidence sequence's half-width. */
static void test_confidence_sequence(void **state)
{
    double hw;

    (void)state;
    hw = stats_cs_halfwidth(0.3334122146400735, 3000 + 3461, 1000, 0.05);
    ABS(0.50336 - hw, -0.55844, 1e-5);
    ABS(0.50336 + hw, 1.56516, 1e-5);
}

/* 3.10 Spotify confidence: Welch from sums (items, sum of squares, users);
 * B = the test arm, A = control. Relative CIs use another convention and
 * are not compared. */
static void test_spotify_sums(void **state)
{
    struct stats_result r;

    (void)state;
    stats_welch_sums(10, 24, 80, 150, 330, 1010, STATS_TWO_SIDED, 0.05, &r,
                     NULL);
    REL(r.effect, -0.2, 1e-12);
    REL(r.ci_low, -1.340533, 1e-3);
    REL(r.ci_high, 0.940533, 1e-3);
    REL(r.p_value, 0.704021, 1e-3);
    stats_welch_sums(10, 24, 80, 100, 195, 553, STATS_TWO_SIDED, 0.05, &r,
                     NULL);
    REL(r.effect, -0.45, 1e-12);
    REL(r.ci_low, -1.595350, 1e-3);
    REL(r.ci_high, 0.695350, 1e-3);
    REL(r.p_value, 0.4030961, 1e-3);
    stats_welch_sums(104, 312, 984, 1009, 1969, 5767, STATS_TWO_SIDED, 0.05,
                     &r, NULL);
    REL(r.effect, -1.048563, 1e-6);
    REL(r.ci_low, -1.205963, 1e-3);
    REL(r.ci_high, -0.891163, 1e-3);
    assert_true(r.p_value < 1e-6);
}

/* 3.9 GrowthBook frequentistVariance: the squared standard errors. */
static void test_growthbook_variance(void **state)
{
    struct stats_result r;

    (void)state;
    stats_welch_suff(4, 7, 2, 15, 5, 0.5, STATS_TWO_SIDED, 0.05, &r, NULL);
    ABS(r.se * r.se, 0.53333, 5e-6);
    stats_welch_lift(4, 7, 2, 15, 5, 0.5, STATS_TWO_SIDED, 0.05, &r,
                         NULL);
    ABS(r.se * r.se, 0.00589, 5e-6);
}

/* 3.8 frequentist_diff signs and the near-zero guard. */
static void test_relative_signs_and_guard(void **state)
{
    struct stats_result r;
    struct diag d;

    (void)state;
    stats_welch_lift(10, -10, 1, 10, -5, 1, STATS_TWO_SIDED, 0.05, &r,
                         NULL);
    REL(r.effect, 0.5, 1e-15);
    stats_welch_lift(10, -10, 1, 10, -15, 1, STATS_TWO_SIDED, 0.05, &r,
                         NULL);
    REL(r.effect, -0.5, 1e-15);
    stats_welch_lift(10, -2, 1, 10, 3, 1, STATS_TWO_SIDED, 0.05, &r,
                         NULL);
    REL(r.effect, 2.5, 1e-15);
    diag_init(&d);
    assert_int_equal(stats_welch_lift(10, 0.0, 1, 10, 3, 1,
                                          STATS_TWO_SIDED, 0.05, &r, &d),
                     TR_EUNDEF);
    assert_non_null(strstr(r.note, "baseline mean is 0"));
    diag_release(&d);
}

/* 3.11 R wilcox.test(x, y): x is the pilot B, y the baseline A. */
static void test_mwu_r(void **state)
{
    double x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    double y[] = {1.15, 0.88, 0.90, 0.74, 1.21};
    struct stats_result r;

    (void)state;
    stats_mwu(y, 5, x, 10, STATS_GREATER, 0.05, STATS_EXACT_YES, &r, NULL);
    assert_float_equal(r.statistic, 35, 0);
    assert_string_equal(r.method, "exact");
    REL(r.p_value, 0.1272061272061, 1e-12);
    stats_mwu(y, 5, x, 10, STATS_LESS, 0.05, STATS_EXACT_YES, &r, NULL);
    REL(r.p_value, 0.8967698967699, 1e-12);
    stats_mwu(y, 5, x, 10, STATS_TWO_SIDED, 0.05, STATS_EXACT_YES, &r, NULL);
    REL(r.p_value, 0.2544122544123, 1e-12);
    stats_mwu(y, 5, x, 10, STATS_GREATER, 0.05, STATS_EXACT_NO, &r, NULL);
    assert_string_equal(r.method, "asymptotic");
    REL(r.p_value, 0.1223118025635, 1e-11);
    stats_mwu(y, 5, x, 10, STATS_LESS, 0.05, STATS_EXACT_NO, &r, NULL);
    REL(r.p_value, 0.900775348204, 1e-11);
    stats_mwu(y, 5, x, 10, STATS_TWO_SIDED, 0.05, STATS_EXACT_NO, &r, NULL);
    REL(r.p_value, 0.244623605127, 1e-11);
    /* auto: fewer than 50 values and no ties, so exact (R's default) */
    stats_mwu(y, 5, x, 10, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r, NULL);
    assert_string_equal(r.method, "exact");
    REL(r.p_value, 0.2544122544123, 1e-12);
}

/* Regression (issue 21): --exact auto switches where R's default does,
 * at 50 values. References: scipy 1.10 mannwhitneyu(B, A,
 * method='exact' | 'asymptotic').pvalue for a[i] = (37 i mod 101) + 0.25,
 * b[i] = (53 i mod 103) + 15.5, i < n. */
static void test_mwu_exact_auto_boundary(void **state)
{
    double a[50], b[50];
    struct stats_result r;

    (void)state;
    for (int i = 0; i < 50; i++) {
        a[i] = (i * 37 % 101) + 0.25;
        b[i] = (i * 53 % 103) + 15.5;
    }
    stats_mwu(a, 49, b, 49, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r,
              NULL);
    assert_string_equal(r.method, "exact");
    assert_float_equal(r.statistic, 1480, 0);
    REL(r.p_value, 0.047116440957318415, 1e-10);
    stats_mwu(a, 50, b, 50, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r,
              NULL);
    assert_string_equal(r.method, "asymptotic");
    assert_float_equal(r.statistic, 1506, 0);
    REL(r.p_value, 0.07817563378481004, 1e-11);
    stats_mwu(a, 50, b, 49, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r,
              NULL);
    assert_string_equal(r.method, "asymptotic"); /* one sample of 50 */
}

/* Regression (issue 21): the asymptotic Hodges-Lehmann interval with
 * ties. No R here: the reference is R's wilcox.test(b, a, conf.int =
 * TRUE, exact = FALSE) transcribed to Python (wdiff with ranks from
 * scipy.stats.rankdata of c(b - d, a), tie-corrected sigma, continuity
 * correction sign(dz)/2, or +-1/2 one-sided; uniroot -> scipy brentq):
 * two-sided [0, 3], greater [0, inf), less (-inf, 2] to 1e-10. Without
 * the tie correction the interval was [0, 2]. */
static void test_hodges_lehmann_ties(void **state)
{
    double a[] = {0, 4, 2, 4, 3, 1, 1, 3, 4, 4, 2, 0};
    double b[] = {5, 5, 4, 2, 1, 4, 2, 2, 5, 4};
    struct stats_result r;

    (void)state;
    stats_mwu(a, 12, b, 10, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r,
              NULL);
    assert_string_equal(r.method, "asymptotic");
    REL(r.p_value, 0.11215179086740452, 1e-11); /* scipy mannwhitneyu */
    assert_float_equal(r.effect, 1, 0);
    assert_float_equal(r.ci_low, 0, 0);
    assert_float_equal(r.ci_high, 3, 0);
    stats_mwu(a, 12, b, 10, STATS_GREATER, 0.05, STATS_EXACT_AUTO, &r, NULL);
    assert_float_equal(r.ci_low, 0, 0);
    assert_true(isinf(r.ci_high) && r.ci_high > 0);
    stats_mwu(a, 12, b, 10, STATS_LESS, 0.05, STATS_EXACT_AUTO, &r, NULL);
    assert_true(isinf(r.ci_low) && r.ci_low < 0);
    assert_float_equal(r.ci_high, 2, 0);
}

static void test_mwu_ties(void **state)
{
    double x[] = {1, 2, 3, 4}, y[] = {1, 2, 3, 4, 5};
    struct stats_result r;

    (void)state;
    /* scipy mannwhitneyu(x, y): U of x = 8, p = 0.7086240584439 */
    stats_mwu(y, 5, x, 4, STATS_TWO_SIDED, 0.05, STATS_EXACT_AUTO, &r, NULL);
    assert_float_equal(r.statistic, 8, 0);
    assert_string_equal(r.method, "asymptotic"); /* ties */
    REL(r.p_value, 0.7086240584439, 1e-11);
}

/* 3.8 Holm and BH. */
static void test_adjust(void **state)
{
    double p1[] = {0.01, 0.04, 0.03, 0.005, 0.55, 0.6};
    double holm[] = {0.05, 0.12, 0.12, 0.03, 1, 1};
    double p2[] = {0.898, 0.138, 0.007, 0.964, 0.538, 0.006, 0.138};
    double bh[] = {0.964, 0.2415, 0.0245, 0.964, 0.7532, 0.0245, 0.2415};
    double two[] = {0.025, 0.03}, adj[7];

    (void)state;
    stats_holm(p1, 6, adj);
    for (int i = 0; i < 6; i++)
        REL(adj[i], holm[i], 1e-12);
    stats_bh(p2, 7, adj);
    for (int i = 0; i < 7; i++)
        REL(adj[i], bh[i], 1e-12);
    stats_holm(two, 2, adj);
    REL(adj[0], 0.05, 1e-12);
    REL(adj[1], 0.05, 1e-12);
    stats_bh(two, 2, adj);
    REL(adj[0], 0.03, 1e-12);
    REL(adj[1], 0.03, 1e-12);
}

static void test_srm(void **state)
{
    double obs[] = {1000, 1200}, shares[] = {0.5, 0.5};

    (void)state;
    ABS(stats_srm(obs, shares, 2), 0.000020079, 1e-9);
    assert_true(isnan(stats_srm(obs, shares, 1)));
}

/* statsmodels TTestIndPower().solve_power(0.5, alpha=.05, power=.8)
 * = 63.76561177540974; Spotify: mde 0.3, variance 100, power 0.85
 * -> 39906 in total (rtol 0.005). */
static void test_power(void **state)
{
    double n, mde;

    (void)state;
    assert_int_equal(stats_power_n(1.0, 0.5, 0.05, 0.8, &n, NULL), 0);
    REL(n, 63.76561177540974, 1e-7);
    assert_int_equal(stats_power_n(10.0, 0.3, 0.05, 0.85, &n, NULL), 0);
    REL(2 * ceil(n), 39906, 0.005);
    assert_int_equal(stats_mde(1.0, 63.76561177540974, 0.05, 0.8, &mde, NULL),
                     0);
    REL(mde, 0.5, 1e-7);
    REL(stats_power(1.0, 0.5, 0.05, 63.76561177540974), 0.8, 1e-6);
    assert_int_equal(stats_power_n(0, 0.5, 0.05, 0.8, &n, NULL), TR_EINVAL);
}

/* Before-after with a fixed baseline (issue 21). References: scipy 1.10
 * with statsmodels' ttest_power formula, df = n_a + n_b - 2, nc = d /
 * sd * sqrt(1 / (1/n_a + 1/n_b)), c = t.isf(alpha/2, df), power =
 * nct.sf(c, df, nc) + nct.cdf(-c, df, nc); n_b by brentq on power - 0.8;
 * the limit norm.cdf(d sqrt(n_a)/sd - z) + norm.cdf(-d sqrt(n_a)/sd - z)
 * and the baseline where it reaches 0.8 by brentq. */
static void test_power_fixed_baseline(void **state)
{
    struct stats_power_plan plan;
    struct diag d;
    double mde;

    (void)state;
    REL(stats_power2(2.0, 1.0, 0.05, 25, 60), 0.5462471161691126, 1e-9);
    REL(stats_power2(1.0, 0.5, 0.05, 63.76561177540974, 63.76561177540974),
        stats_power(1.0, 0.5, 0.05, 63.76561177540974), 1e-15);
    assert_int_equal(stats_power_n_b(1.0, 0.5, 0.05, 0.8, 100, &plan, NULL),
                     0);
    REL(plan.n_b, 46.66527431578918, 1e-7);
    REL(plan.power_limit, 0.9988172507035044, 1e-12);
    REL(plan.n_a_min, 31.3954420373048, 1e-7);
    assert_int_equal(stats_power_n_b(1.0, -0.5, 0.05, 0.8, 40, &plan, NULL),
                     0);
    REL(plan.n_b, 153.09687183975495, 1e-7);
    REL(plan.power_limit, 0.8853791407623512, 1e-12);
    /* 30 baseline units: 80% is out of reach however long the pilot */
    diag_init(&d);
    assert_int_equal(stats_power_n_b(1.0, 0.5, 0.05, 0.8, 30, &plan, &d),
                     TR_EUNDEF);
    assert_true(isinf(plan.n_b));
    REL(plan.power_limit, 0.7819079987319797, 1e-12);
    REL(plan.n_a_min, 31.3954420373048, 1e-7);
    assert_string_equal(d.problems[0].msg, "a baseline of 30 units can never give power "
                               "0.8: at most 0.782 with any number of pilot "
                               "units; the baseline needs at least 32");
    diag_release(&d);
    assert_int_equal(stats_power_n_b(1.0, 0.5, 0.05, 0.8, 1, &plan, NULL),
                     TR_EINVAL);
    assert_true(isnan(plan.n_b));
    assert_int_equal(stats_mde2(1.0, 40, 200, 0.05, 0.8, &mde, NULL), 0);
    REL(mde, 0.4872171941405578, 1e-8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welch_scipy),
        cmocka_unit_test(test_welch_r_interval),
        cmocka_unit_test(test_welch_r_examples),
        cmocka_unit_test(test_growthbook_sums),
        cmocka_unit_test(test_relative_fieller_sign),
        cmocka_unit_test(test_growthbook_one_sided),
        cmocka_unit_test(test_confidence_sequence),
        cmocka_unit_test(test_spotify_sums),
        cmocka_unit_test(test_growthbook_variance),
        cmocka_unit_test(test_relative_signs_and_guard),
        cmocka_unit_test(test_mwu_r),
        cmocka_unit_test(test_mwu_ties),
        cmocka_unit_test(test_mwu_exact_auto_boundary),
        cmocka_unit_test(test_hodges_lehmann_ties),
        cmocka_unit_test(test_adjust),
        cmocka_unit_test(test_srm),
        cmocka_unit_test(test_power),
        cmocka_unit_test(test_power_fixed_baseline),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
