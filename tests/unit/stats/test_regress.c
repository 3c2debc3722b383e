/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CUPED's pooled theta (GrowthBook's case), its symmetric relative test,
 * and difference-in-differences with cluster-robust errors against a
 * numpy computation of the same sandwich (bread (X'X)^-1, meat by team,
 * CR1 scaling). */
#include "testutil.h"

#include <math.h>

#include "stats/stats.h"

static void test_cuped_theta(void **state)
{
    double pre[] = {0.3, 0.5, 0.9, 22}, post[] = {2, 1, 5, 3};
    double theta;
    struct stats_result r;

    (void)state;
    theta = stats_cuped_theta(post, pre, 4, post, pre, 4);
    assert_float_equal(round(theta * 1e5) / 1e5, 0.01864, 1e-12);
    assert_int_equal(stats_cuped(post, pre, 4, post, pre, 4, STATS_TWO_SIDED,
                                 0.05, &r, &theta, NULL),
                     0);
    assert_float_equal(r.effect, 0.0, 1e-12);
    assert_string_equal(r.test, "cuped");
}

/* 3.6 GrowthBook end-to-end, CUPED from sums. GrowthBook's relative
 * effect, (adjusted B - adjusted A) / |unadjusted A| = -0.281707154 (9
 * dp), checks theta and the adjusted difference. Its delta-method p
 * (0.003732549) is not ours: the test is Welch's on the adjusted
 * difference, the relative interval Fieller's for the ratio of the
 * adjusted means, each centred on the joined covariate mean. References
 * from an independent Python computation (Student t from the incomplete
 * beta function by continued fraction, checked against R's pt and qt):
 * adjusted means 0.10106382016754593 (A), 0.07290249189239822 (B), Welch
 * df 5995.24042250744, p 0.01102936864633839, lift -0.2786489589297259,
 * Fieller [-0.45079367201272713, -0.07154172180566187]. */
static const struct stats_sums gb_b = {3000, 222, 555, 120, 405, -10};
static const struct stats_sums gb_a = {3001, 300, 600, 210, 415, -20};

static void test_cuped_growthbook(void **state)
{
    struct stats_result r;

    (void)state;
    assert_int_equal(stats_cuped_sums(&gb_a, &gb_b, 0, STATS_TWO_SIDED, 0.05,
                                      &r, NULL),
                     0);
    assert_float_equal(r.mean_a, 0.099966678, 5e-10);
    assert_float_equal(r.mean_b, 0.074, 5e-10);
    assert_float_equal(r.effect / fabs(r.mean_a), -0.281707154, 5e-10);
    assert_float_equal(r.effect, 0.07290249189239822 - 0.10106382016754593,
                       1e-15);
    assert_true(fabs(r.p_value / 0.01102936864633839 - 1) < 1e-9);
    assert_true(fabs(r.df / 5995.24042250744 - 1) < 1e-12);
    assert_int_equal(stats_cuped_sums(&gb_a, &gb_b, 1, STATS_TWO_SIDED, 0.05,
                                      &r, NULL),
                     0);
    assert_string_equal(r.test, "cuped");
    assert_float_equal(r.mean_a, 0.099966678, 5e-10);
    assert_true(fabs(r.effect / -0.2786489589297259 - 1) < 1e-12);
    assert_true(fabs(r.ci_low / -0.45079367201272713 - 1) < 1e-9);
    assert_true(fabs(r.ci_high / -0.07154172180566187 - 1) < 1e-9);
    assert_true(fabs(r.p_value / 0.01102936864633839 - 1) < 1e-9);
}

/* Relative CUPED is symmetric: swapping the arms inverts the ratio, so
 * the lift L becomes 1/(1 + L) - 1 and the interval [lo, hi] becomes
 * [1/(1 + hi) - 1, 1/(1 + lo) - 1], with the same p-value (the absolute
 * one negates); and the interval excludes 0 exactly when p < alpha.
 * GrowthBook's delta method failed all three (its lift is taken of the
 * unadjusted baseline, its error shrinks when B falls). */
static void test_cuped_relative_swap(void **state)
{
    struct stats_result ab, ba;

    (void)state;
    stats_cuped_sums(&gb_a, &gb_b, 1, STATS_TWO_SIDED, 0.05, &ab, NULL);
    stats_cuped_sums(&gb_b, &gb_a, 1, STATS_TWO_SIDED, 0.05, &ba, NULL);
    assert_true(fabs(ba.effect / (1 / (1 + ab.effect) - 1) - 1) < 1e-12);
    assert_true(fabs(ba.ci_low / (1 / (1 + ab.ci_high) - 1) - 1) < 1e-12);
    assert_true(fabs(ba.ci_high / (1 / (1 + ab.ci_low) - 1) - 1) < 1e-12);
    assert_true(fabs(ba.p_value / ab.p_value - 1) < 1e-12);
    stats_cuped_sums(&gb_a, &gb_b, 0, STATS_TWO_SIDED, 0.05, &ab, NULL);
    stats_cuped_sums(&gb_b, &gb_a, 0, STATS_TWO_SIDED, 0.05, &ba, NULL);
    assert_float_equal(ba.effect, -ab.effect, 1e-15);
    assert_float_equal(ba.ci_low, -ab.ci_high, 1e-15);
    assert_float_equal(ba.ci_high, -ab.ci_low, 1e-15);
    assert_float_equal(ba.p_value, ab.p_value, 1e-15);
    /* the interval at alpha just above and just below p */
    stats_cuped_sums(&gb_a, &gb_b, 1, STATS_TWO_SIDED, ab.p_value * 1.0001,
                     &ba, NULL);
    assert_true(ba.ci_high < 0);
    stats_cuped_sums(&gb_a, &gb_b, 1, STATS_TWO_SIDED, ab.p_value * 0.9999,
                     &ba, NULL);
    assert_true(ba.ci_low < 0 && ba.ci_high > 0);
}

/* CUPED must shrink the interval when the covariate predicts the metric. */
static void test_cuped_reduces_variance(void **state)
{
    double pre_a[40], post_a[40], pre_b[40], post_b[40];
    struct stats_result plain, adj;

    (void)state;
    for (int i = 0; i < 40; i++) {
        pre_a[i] = 10 + (i * 37 % 23);
        pre_b[i] = 10 + (i * 41 % 23);
        post_a[i] = pre_a[i] + ((i * 7) % 5) * 0.1;
        post_b[i] = pre_b[i] + 1.0 + ((i * 11) % 5) * 0.1;
    }
    stats_welch(post_a, 40, post_b, 40, STATS_TWO_SIDED, 0.05, &plain, NULL);
    stats_cuped(post_a, pre_a, 40, post_b, pre_b, 40, STATS_TWO_SIDED, 0.05,
                &adj, NULL, NULL);
    assert_true(adj.ci_high - adj.ci_low < (plain.ci_high - plain.ci_low) / 5);
    assert_true(fabs(adj.effect - 1.0) < 0.2);
}

static void test_did_clustered(void **state)
{
    static const double y[] = {
        11.789, 10.437, 10.096, 8.137,  9.723,  9.645,  9.417,  8.873,
        9.456,  9.023,  8.186,  10.385, 12.881, 13.710, 12.050, 11.595,
        11.455, 10.454, 14.482, 12.399, 12.315, 13.294, 14.986, 13.737,
        7.976,  8.287,  9.625,  8.839,  8.231,  8.770,  11.245, 12.476,
        9.256,  9.874,  9.696,  8.081,  10.076, 9.976,  12.124, 10.868,
        9.377,  11.647, 12.144, 10.757, 11.903, 11.911, 11.626, 12.530};
    int treated[48], post[48];
    size_t team[48];
    struct stats_result r;
    double m[2][2] = {{0}};

    (void)state;
    for (int i = 0; i < 48; i++) {
        team[i] = (size_t)(i / 12);
        treated[i] = team[i] == 0;
        post[i] = (i % 12) >= 6;
        m[treated[i]][post[i]] += y[i] / (treated[i] ? 6.0 : 18.0);
    }
    assert_int_equal(stats_did(y, treated, post, team, 48, STATS_TWO_SIDED,
                               0.05, &r, NULL),
                     0);
    /* the interaction is the difference of differences of cell means */
    assert_float_equal(r.effect, (m[1][1] - m[1][0]) - (m[0][1] - m[0][0]),
                       1e-12);
    assert_float_equal(r.effect, -2.123999999999992, 1e-12);
    assert_float_equal(r.se, 0.11832967462451965, 1e-12);
    assert_float_equal(r.df, 3, 0);
    assert_true(r.ci_low < -2.124 && r.ci_high > -2.124 && r.ci_high < 0);
}

static void test_did_needs_cells(void **state)
{
    double y[] = {1, 2, 3, 4};
    int treated[] = {1, 1, 0, 0}, post[] = {0, 1, 0, 1};
    size_t one[] = {0, 0, 0, 0};
    struct stats_result r;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(stats_did(y, treated, post, one, 4, STATS_TWO_SIDED,
                               0.05, &r, &d),
                     TR_EUNDEF);
    assert_non_null(strstr(r.note, "at least 2 teams"));
    diag_release(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cuped_theta),
        cmocka_unit_test(test_cuped_growthbook),
        cmocka_unit_test(test_cuped_relative_swap),
        cmocka_unit_test(test_cuped_reduces_variance),
        cmocka_unit_test(test_did_clustered),
        cmocka_unit_test(test_did_needs_cells),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
