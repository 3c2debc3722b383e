/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The LP engine of the privacy audit on small systems whose ranges are
 * worked out by hand in the comments. */
#include "testutil.h"

#include <math.h>

#include "lp/lp.h"

#define EQ(lp, vars, coefs, rhs)                                          \
    lp_row(lp, vars, coefs, sizeof(vars) / sizeof(vars[0]), rhs, rhs)

static void range_is(struct lp *lp, size_t v, double lo, double hi)
{
    struct diag d;
    double l, h;

    diag_init(&d);
    assert_int_equal(lp_range(lp, v, &l, &h, &d), 0);
    if (isinf(lo))
        assert_true(isinf(l) && l < 0);
    else
        assert_float_equal(l, lo, 1e-9);
    if (isinf(hi))
        assert_true(isinf(h) && h > 0);
    else
        assert_float_equal(h, hi, 1e-9);
    diag_release(&d);
}

/* Two hidden cells and their published total: x + y = 10, x, y >= 0.
 * Each lies anywhere in [0, 10]. */
static void test_total(void **state)
{
    struct lp *lp = lp_new();
    size_t v[2];
    double c[2] = {1, 1};

    (void)state;
    v[0] = lp_var(lp, 0, INFINITY);
    v[1] = lp_var(lp, 0, INFINITY);
    EQ(lp, v, c, 10);
    range_is(lp, 0, 0, 10);
    range_is(lp, 1, 0, 10);
    assert_int_equal(lp_nvars(lp), 2);
    assert_int_equal(lp_nrows(lp), 1);
    lp_free(lp);
}

/* The trap's route (issue 15): a parent P = direct members D + child C,
 * P = 14 and D = 12 published, C hidden: C = 2 exactly. With a second
 * hidden child E (a head count of 5 bounds it) P = D + C + E gives
 * C + E = 2: C in [0, 2], E in [0, 2]. */
static void test_parent(void **state)
{
    struct lp *lp = lp_new();
    size_t p, d, c, e, rel3[4];
    double one[4] = {1, -1, -1, -1};

    (void)state;
    p = lp_var(lp, 14, 14);
    d = lp_var(lp, 12, 12);
    c = lp_var(lp, 0, 3);
    rel3[0] = p, rel3[1] = d, rel3[2] = c;
    lp_row(lp, rel3, one, 3, 0, 0);
    range_is(lp, c, 2, 2);
    lp_free(lp);

    lp = lp_new();
    p = lp_var(lp, 14, 14);
    d = lp_var(lp, 12, 12);
    c = lp_var(lp, 0, 3);
    e = lp_var(lp, 0, 5);
    rel3[0] = p, rel3[1] = d, rel3[2] = c, rel3[3] = e;
    lp_row(lp, rel3, one, 4, 0, 0);
    range_is(lp, c, 0, 2);
    range_is(lp, e, 0, 2);
    range_is(lp, p, 14, 14);
    lp_free(lp);
}

/* A 2 x 2 table with its margins, two cells hidden on the diagonal:
 *   a  b | 10        b = 4 and c = 3 published:
 *   c  d |  8        a = 10 - 4 = 6, d = 8 - 3 = 5: each exactly.
 *  -------
 *   9  9 | 18
 * Hiding all four leaves one degree of freedom: a = t, b = 10 - t,
 * c = 9 - t, d = t - 1, so t in [1, 9]: a [1, 9], b [1, 9], c [0, 8],
 * d [0, 8]. */
static void test_margins(void **state)
{
    struct lp *lp;
    size_t a, b, c, d, r[3];
    double coef[3] = {1, 1, -1};

    (void)state;
    for (int all = 0; all < 2; all++) {
        size_t t1, t2, m1, m2;

        lp = lp_new();
        a = lp_var(lp, 0, INFINITY);
        b = all ? lp_var(lp, 0, INFINITY) : lp_var(lp, 4, 4);
        c = all ? lp_var(lp, 0, INFINITY) : lp_var(lp, 3, 3);
        d = lp_var(lp, 0, INFINITY);
        t1 = lp_var(lp, 10, 10);
        t2 = lp_var(lp, 8, 8);
        m1 = lp_var(lp, 9, 9);
        m2 = lp_var(lp, 9, 9);
        r[0] = a, r[1] = b, r[2] = t1;
        lp_row(lp, r, coef, 3, 0, 0);
        r[0] = c, r[1] = d, r[2] = t2;
        lp_row(lp, r, coef, 3, 0, 0);
        r[0] = a, r[1] = c, r[2] = m1;
        lp_row(lp, r, coef, 3, 0, 0);
        r[0] = b, r[1] = d, r[2] = m2;
        lp_row(lp, r, coef, 3, 0, 0);
        if (!all) {
            range_is(lp, a, 6, 6);
            range_is(lp, d, 5, 5);
        } else {
            range_is(lp, a, 1, 9);
            range_is(lp, b, 1, 9);
            range_is(lp, c, 0, 8);
            range_is(lp, d, 0, 8);
        }
        assert_int_equal(lp_nnz(lp), 12);
        lp_free(lp);
    }
}

/* Inequalities: distinct people over two tools, t = 10 published, each
 * tool's count hidden: x <= t, y <= t, t <= x + y, and y <= 4 (a head
 * count): x >= 6, so x in [6, 10]. A row added later narrows it: x + y
 * <= 11 leaves x in [6, 10]; x - y >= 5 makes x >= 7.5 (x >= y + 5 and
 * x >= 10 - y meet at y = 2.5) and y <= 3 (2y + 5 <= x + y <= 11). */
static void test_inequalities(void **state)
{
    struct lp *lp = lp_new();
    size_t t, x, y, r[2], r3[3];
    double c2[2] = {1, -1}, c3[3] = {1, 1, -1}, s2[2] = {1, 1};

    (void)state;
    t = lp_var(lp, 10, 10);
    x = lp_var(lp, 0, INFINITY);
    y = lp_var(lp, 0, 4);
    r[0] = x, r[1] = t;
    lp_row(lp, r, c2, 2, -INFINITY, 0);
    r[0] = y;
    lp_row(lp, r, c2, 2, -INFINITY, 0);
    r3[0] = x, r3[1] = y, r3[2] = t;
    lp_row(lp, r3, c3, 3, 0, INFINITY);
    range_is(lp, x, 6, 10);
    range_is(lp, y, 0, 4);
    r[0] = x, r[1] = y;
    lp_row(lp, r, s2, 2, -INFINITY, 11);
    range_is(lp, x, 6, 10);
    lp_row(lp, r, c2, 2, 5, INFINITY);
    range_is(lp, x, 7.5, 10);
    range_is(lp, y, 0, 3);
    lp_free(lp);
}

/* Unbounded and contradictory systems. x - y = 0 alone: x in [0, inf).
 * x = 5 published beside a bound x <= 3: no solution, TR_EINVAL. A
 * variable named twice in one row has its coefficients added: x + x =
 * 6 gives x = 3. */
static void test_edges(void **state)
{
    struct lp *lp = lp_new();
    struct diag d;
    size_t v[2];
    double c[2] = {1, -1}, lo, hi;

    (void)state;
    diag_init(&d);
    v[0] = lp_var(lp, 0, INFINITY);
    v[1] = lp_var(lp, 0, INFINITY);
    lp_row(lp, v, c, 2, 0, 0);
    range_is(lp, 0, 0, INFINITY);
    assert_int_equal(lp_range(lp, 7, &lo, &hi, &d), TR_EINVAL);
    lp_free(lp);
    diag_release(&d);

    lp = lp_new();
    v[0] = lp_var(lp, 0, 3);
    c[0] = 1;
    lp_row(lp, v, c, 1, 5, 5);
    assert_int_equal(lp_range(lp, 0, &lo, &hi, &d), TR_EINVAL);
    assert_non_null(strstr(d.problems[0].msg, "contradict"));
    lp_free(lp);
    diag_release(&d);

    lp = lp_new();
    v[0] = lp_var(lp, 0, INFINITY);
    v[1] = v[0];
    c[0] = 1, c[1] = 1;
    lp_row(lp, v, c, 2, 6, 6);
    assert_int_equal(lp_nnz(lp), 1);
    range_is(lp, 0, 3, 3);
    lp_free(lp);
    lp_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total),
        cmocka_unit_test(test_parent),
        cmocka_unit_test(test_margins),
        cmocka_unit_test(test_inequalities),
        cmocka_unit_test(test_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
