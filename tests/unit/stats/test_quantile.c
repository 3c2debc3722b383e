/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Type-7 quantiles against values R prints for quantile(x, p). */
#include "testutil.h"

#include <math.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type7),
        cmocka_unit_test(test_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
