/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's escaping and numbers for people. */
#include "testutil.h"

#include "dash/dash.h"
#include "dash/dash_int.h"

static void test_escape(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    vhtml_esc(&b, "<script>alert('x')</script> & \"q\"");
    assert_string_equal(buf_str(&b), "&lt;script&gt;alert(&#39;x&#39;)"
                                     "&lt;/script&gt; &amp; &quot;q&quot;");
    buf_reset(&b);
    /* control characters never reach a page (nor fake a marker) */
    vhtml_esc(&b, "a\x01" "b\x1e" "c\td");
    assert_string_equal(buf_str(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\td");
    buf_reset(&b);
    vhtml_esc(&b, DASH_MARK_NAV);
    assert_null(strstr(buf_str(&b), DASH_MARK_NAV));
    buf_reset(&b);
    vhtml_esc(&b, NULL);
    assert_string_equal(buf_str(&b), "");
    buf_release(&b);
}

static void test_numbers(void **state)
{
    struct buf b = BUF_INIT;
    json_t *est = json_real(-0.183), *lo = json_real(-0.249),
           *hi = json_real(-0.106), *pos = json_real(0.052),
           *null = json_null();

    (void)state;
    h_change(&b, est, lo, hi);
    assert_string_equal(buf_str(&b), "\xE2\x88\x92" "18% (\xE2\x88\x92" "25% "
                                     "to \xE2\x88\x92" "11%)");
    buf_reset(&b);
    h_change(&b, pos, lo, pos);
    assert_string_equal(buf_str(&b), "+5% (\xE2\x88\x92" "25% to +5%)");
    buf_reset(&b);
    h_change(&b, est, null, null); /* no interval: the estimate alone */
    assert_string_equal(buf_str(&b), "\xE2\x88\x92" "18%");
    buf_reset(&b);
    h_pct(&b, null, 0);
    assert_string_equal(buf_str(&b), "\xE2\x80\x93");
    buf_reset(&b);
    h_pct(&b, pos, 0);
    assert_string_equal(buf_str(&b), "5%");
    buf_reset(&b);
    {
        json_t *h1 = json_real(5.24), *h2 = json_real(74.4);

        h_hours(&b, h1);
        buf_putc(&b, '|');
        h_hours(&b, h2);
        assert_string_equal(buf_str(&b), "5.2 h|3.1 days");
        json_decref(h1);
        json_decref(h2);
    }
    json_decref(est);
    json_decref(lo);
    json_decref(hi);
    json_decref(pos);
    json_decref(null);
    buf_release(&b);
}

static void test_chart_escapes_labels(void **state)
{
    struct buf b = BUF_INIT;
    json_t *labels = json_pack("[s, s]", "<b>", "W2"),
           *pts = json_pack("[f, n]", 0.5);
    struct h_series s = {"\" onload=\"x", pts};

    (void)state;
    h_line_chart(&b, "t<i>", labels, &s, 1, 1);
    assert_null(strstr(buf_str(&b), "<b>"));
    assert_null(strstr(buf_str(&b), "\" onload"));
    assert_non_null(strstr(buf_str(&b), "&lt;b&gt;"));
    assert_non_null(strstr(buf_str(&b), "<title>t&lt;i&gt;</title>"));
    json_decref(labels);
    json_decref(pts);
    buf_release(&b);
}

/* Axis ticks are round: 1, 2 or 5 times a power of ten (the issue's
 * 7.31 / 14.6 / 21.9 came from quartering the data's range). */
static void test_nice_ticks(void **state)
{
    static const struct {
        double lo, hi, want_lo, want_hi, want_step;
        int intervals;
    } cases[] = {
        {0, 29.24, 0, 30, 10, 3},      /* the cycle-time axis */
        {-0.51, 0.6, -0.6, 0.6, 0.2, 6},
        {0, 0.87, 0, 1, 0.2, 5},
        {-0.35, -0.02, -0.4, 0, 0.1, 4},
        {12, 12, 10, 15, 5, 1},        /* an empty range: its size */
        {0, 1234, 0, 1500, 500, 3},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double lo = cases[i].lo, hi = cases[i].hi, step;
        int k = h_nice_ticks(&lo, &hi, 4, &step);

        assert_int_equal(k, cases[i].intervals);
        assert_float_equal(lo, cases[i].want_lo, 1e-12);
        assert_float_equal(hi, cases[i].want_hi, 1e-12);
        assert_float_equal(step, cases[i].want_step, 1e-12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_chart_escapes_labels),
        cmocka_unit_test(test_nice_ticks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
