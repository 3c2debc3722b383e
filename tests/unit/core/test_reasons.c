/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: rows are added in order, cut to their width, and none is added
 * once all are taken. */
#include "testutil.h"

#include "core/reasons.h"

struct holder {
    char reasons[2][8];
    size_t nreasons;
};

static void test_rows(void **state)
{
    struct holder h = {{{0}}, 0};

    (void)state;
    REASONS_ADDF(&h, "%d apples", 3);
    assert_int_equal(h.nreasons, 1);
    assert_string_equal(h.reasons[0], "3 apple"); /* 7 bytes and the NUL */
    REASONS_ADDF(&h, "%s", "pear");
    REASONS_ADDF(&h, "%s", "plum"); /* no room: nothing */
    assert_int_equal(h.nreasons, 2);
    assert_string_equal(h.reasons[1], "pear");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
