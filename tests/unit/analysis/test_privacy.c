/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell suppression as an adversary would probe it. */
#include "testutil.h"

#include "analysis/privacy.h"

static void test_threshold_edges(void **state)
{
    long people[] = {4, 5, 6};
    int hidden[3];

    (void)state;
    /* 4 is hidden; exactly one hidden -> the smallest shown (5) too */
    assert_int_equal(privacy_suppress(people, 3, 5, hidden), 2);
    assert_int_equal(hidden[0], 1);
    assert_int_equal(hidden[1], 1);
    assert_int_equal(hidden[2], 0);
}

static void test_two_hidden_need_no_complement(void **state)
{
    long people[] = {1, 2, 50, 60};
    int hidden[4];

    (void)state;
    assert_int_equal(privacy_suppress(people, 4, 5, hidden), 2);
    assert_int_equal(hidden[2] + hidden[3], 0);
}

static void test_single_cell(void **state)
{
    long small[] = {3}, big[] = {5};
    int hidden[1];

    (void)state;
    assert_int_equal(privacy_suppress(small, 1, 5, hidden), 1);
    assert_int_equal(privacy_suppress(big, 1, 5, hidden), 0);
}

static void test_stricter_threshold(void **state)
{
    long people[] = {9, 10, 30};
    int hidden[3];

    (void)state;
    assert_int_equal(privacy_suppress(people, 3, 10, hidden), 2);
    assert_int_equal(hidden[0] && hidden[1] && !hidden[2], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_edges),
        cmocka_unit_test(test_two_hidden_need_no_complement),
        cmocka_unit_test(test_single_cell),
        cmocka_unit_test(test_stricter_threshold),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
