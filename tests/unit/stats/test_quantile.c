/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Type-7 quantiles against values R prints for quantile(x, p). */
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stats/quantile.h"

static void test_type7(void **state)
{
    /* R: quantile(c(1, 2, 3, 4, 10), c(0, .1, .5, .9, 1)) ->
     * 1.0 1.4 3.0 7.6 10.0 */
    double x[] = {10, 3, 1, 4, 2};

    (void)state;
    stats_sort(x, 5);
    assert_float_equal(stats_quantile_sorted(x, 5, 0.0), 1.0, 1e-12);
    assert_float_equal(stats_quantile_sorted(x, 5, 0.1), 1.4, 1e-12);
    assert_float_equal(stats_quantile_sorted(x, 5, 0.5), 3.0, 1e-12);
    assert_float_equal(stats_quantile_sorted(x, 5, 0.9), 7.6, 1e-12);
    assert_float_equal(stats_quantile_sorted(x, 5, 1.0), 10.0, 1e-12);
}

static void test_edges(void **state)
{
    double one[] = {42};

    (void)state;
    assert_true(isnan(stats_quantile_sorted(one, 0, 0.5)));
    assert_float_equal(stats_quantile_sorted(one, 1, 0.9), 42, 0);
    assert_true(isnan(stats_quantile_sorted(one, 1, 1.5)));
    assert_true(isnan(stats_quantile_sorted(one, 1, NAN)));
}

/* Selection gives exactly what sorting gives, for every p of a grid,
 * on random samples with ties, sorted and reversed input, and sizes
 * from 1 to 300. */
static void test_select(void **state)
{
    static const double ps[] = {0, 0.1, 0.25, 0.5, 0.9, 0.99, 1};
    double x[300], s[300], w[300];
    uint64_t r = 15;

    (void)state;
    for (size_t n = 1; n <= 300; n += (n < 20 ? 1 : 37)) {
        for (int shape = 0; shape < 4; shape++) {
            for (size_t i = 0; i < n; i++) {
                r = r * 6364136223846793005ull + 1442695040888963407ull;
                x[i] = shape == 0   ? (double)(r >> 33) / 4294967296.0
                       : shape == 1 ? (double)(r >> 60) /* many ties */
                       : shape == 2 ? (double)i
                                    : (double)(n - i);
            }
            memcpy(s, x, n * sizeof(*x));
            stats_sort(s, n);
            for (size_t q = 0; q < sizeof(ps) / sizeof(ps[0]); q++) {
                memcpy(w, x, n * sizeof(*x));
                assert_true(stats_quantile_select(w, n, ps[q])
                            == stats_quantile_sorted(s, n, ps[q]));
            }
        }
    }
    assert_true(isnan(stats_quantile_select(x, 0, 0.5)));
    assert_true(isnan(stats_quantile_select(x, 3, -0.1)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type7),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_select),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
