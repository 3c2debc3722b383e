/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wilson's interval and the t interval of a mean (stats/props.c) against
 * published and independently computed values. */
#include "testutil.h"

#include <math.h>

#include "stats/stats.h"

/* Newcombe (1998), "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Statistics in Medicine 17,
 * Table II, method 3 (score interval without continuity correction),
 * published to 4 decimals. */
static void test_wilson_newcombe(void **state)
{
    static const struct {
        long k, n;
        double lo, hi;
    } cases[] = {
        {81, 263, 0.2553, 0.3662},
        {15, 148, 0.0624, 0.1605},
        {0, 20, 0.0000, 0.1611},
        {1, 29, 0.0061, 0.1718},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double lo, hi;

        assert_int_equal(stats_wilson(cases[i].k, cases[i].n, 0.05, &lo, &hi),
                         0);
        assert_true(fabs(lo - cases[i].lo) < 0.00005);
        assert_true(fabs(hi - cases[i].hi) < 0.00005);
    }
}

/* The formula evaluated by hand in Python (statistics.NormalDist for z;
 * p = k/n; centre = (p + z^2/2n)/(1 + z^2/n); half = z/(1 + z^2/n) *
 * sqrt(p(1-p)/n + z^2/4n^2)), to 1e-12. */
static void test_wilson_by_hand(void **state)
{
    static const struct {
        long k, n;
        double lo, hi;
    } cases[] = {
        {7, 20, 0.18119182410108209, 0.56714572331476365},
        {46, 120, 0.30124527754856906, 0.47265919461579525},
        {1, 5, 0.036224108632430085, 0.62446537023747462},
        {81, 263, 0.25528851987827428, 0.3662095769828001},
        {10, 10, 0.72246720013711085, 1.0},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double lo, hi;

        assert_int_equal(stats_wilson(cases[i].k, cases[i].n, 0.05, &lo, &hi),
                         0);
        assert_true(fabs(lo - cases[i].lo) < 1e-12);
        assert_true(fabs(hi - cases[i].hi) < 1e-12);
    }
}

/* Newcombe (1998), "Interval estimation for the difference between
 * independent proportions: comparison of eleven methods", Statistics in
 * Medicine 17, Table II, method 10 (hybrid score), to 4 decimals; and the
 * same evaluated by hand in Python to 1e-12. */
static void test_newcombe_diff(void **state)
{
    static const struct {
        long k1, n1, k2, n2;
        double lo, hi, lo_py, hi_py;
    } cases[] = {
        {56, 70, 48, 80, 0.0524, 0.3339, 0.052431472402364981,
         0.33387265403690591},
        {9, 10, 3, 10, 0.1705, 0.8090, 0.17052272393450313,
         0.80901797353548799},
        {6, 7, 2, 7, 0.0582, 0.8062, 0.058227927482312425,
         0.80624963752422774},
        {5, 56, 0, 29, -0.0381, 0.1926, -0.038137147903536853,
         0.19256001385511157},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double d, lo, hi;

        assert_int_equal(stats_newcombe_diff(cases[i].k1, cases[i].n1,
                                             cases[i].k2, cases[i].n2, 0.05,
                                             &d, &lo, &hi),
                         0);
        assert_true(fabs(d - ((double)cases[i].k1 / cases[i].n1
                              - (double)cases[i].k2 / cases[i].n2))
                    < 1e-15);
        assert_true(fabs(lo - cases[i].lo) < 0.00005);
        assert_true(fabs(hi - cases[i].hi) < 0.00005);
        assert_true(fabs(lo - cases[i].lo_py) < 1e-12);
        assert_true(fabs(hi - cases[i].hi_py) < 1e-12);
    }
}

static void test_wilson_undefined(void **state)
{
    double lo, hi;

    (void)state;
    assert_int_equal(stats_wilson(0, 0, 0.05, &lo, &hi), TR_EUNDEF);
    assert_true(isnan(lo) && isnan(hi));
    assert_int_equal(stats_wilson(6, 5, 0.05, &lo, &hi), TR_EUNDEF);
}

/* t(0.975, 9) = 2.262157162798204, found by bisection in Python on the
 * closed form of Student's t distribution for odd degrees of freedom
 * (F(t) = 1/2 + (th + sin th (c + 2/3 c^3 + 8/15 c^5 + 48/105 c^7))/pi,
 * th = atan(t/3), c = cos th); the interval of a mean 3 with variance 1
 * from 10 values is 3 -+ t / sqrt(10). */
static void test_mean_interval(void **state)
{
    double lo, hi, half = 2.262157162798204 / sqrt(10.0);

    (void)state;
    assert_int_equal(stats_mean_interval(10, 3.0, 1.0, 0.05, &lo, &hi), 0);
    assert_true(fabs(lo - (3.0 - half)) < 1e-12);
    assert_true(fabs(hi - (3.0 + half)) < 1e-12);
    assert_int_equal(stats_mean_interval(1, 3.0, 0.0, 0.05, &lo, &hi),
                     TR_EUNDEF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson_newcombe),
        cmocka_unit_test(test_wilson_by_hand),
        cmocka_unit_test(test_newcombe_diff),
        cmocka_unit_test(test_wilson_undefined),
        cmocka_unit_test(test_mean_interval),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
