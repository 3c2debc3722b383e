/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guessing a log's format from its first lines, on the real sample logs
 * of every format: each is read best by its own parser, by most of its
 * lines, and by no other parser at all (issue 22, item 9). */
#include "testutil.h"

#include <string.h>

#include "import/weblog_detect.h"

static const struct {
    const char *file;
    enum weblog_format format;
} samples[] = {
    {TU_FIXTURES "/logs/squid/access.log", WL_SQUID},
    {TU_FIXTURES "/logs/apache/apache_logs.head1000.log", WL_COMBINED},
    {TU_FIXTURES "/logs/zeek/lnav_bro_http.log", WL_ZEEK},
    {TU_FIXTURES "/logs/umbrella/dnslogs.csv", WL_UMBRELLA},
    {TU_FIXTURES "/logs/bind/infoblox_nios_named_syslog.log", WL_BIND},
};

static void test_samples(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        struct buf b = BUF_INIT;
        struct weblog_guess g;
        struct diag d;

        diag_init(&d);
        assert_int_equal(weblog_head(samples[i].file, &b, &d), 0);
        weblog_detect(b.data, b.len, 2026, &g);
        buf_release(&b); /* before a failure leaves the loop */
        diag_release(&d);
        if (g.best != (int)samples[i].format)
            fail_msg("%s: read best as %s", samples[i].file,
                     g.best < 0 ? "none" : weblog_format_names[g.best]);
        /* most lines, but for the BIND sample, whose syslog holds other
         * lines too: 8 of 28, and no other format reads any */
        if (weblog_guess_share(&g, g.best)
            < (samples[i].format == WL_BIND ? 0.25 : 0.9))
            fail_msg("%s: %s reads %ld of %ld lines", samples[i].file,
                     weblog_format_names[g.best], g.read[g.best], g.lines);
        for (int f = 0; f < WL_COUNT; f++)
            if (f != g.best && g.read[f])
                fail_msg("%s: %s reads %ld of %ld lines too", samples[i].file,
                         weblog_format_names[f], g.read[f], g.lines);
    }
}

/* Zeek's btest baselines mask their times (XXXXXXXXXX.XXXXXX): no
 * format reads them, which `shadow scan` refuses. */
static void test_masked(void **state)
{
    static const char *const masked[] = {
        TU_FIXTURES "/logs/zeek/http.log",
        TU_FIXTURES "/logs/zeek/dns.log",
        TU_FIXTURES "/logs/zeek/ssl.log",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(masked) / sizeof(masked[0]); i++) {
        struct buf b = BUF_INIT;
        struct weblog_guess g;
        struct diag d;

        diag_init(&d);
        assert_int_equal(weblog_head(masked[i], &b, &d), 0);
        weblog_detect(b.data, b.len, 2026, &g);
        buf_release(&b);
        diag_release(&d);
        assert_true(g.lines > 10);
        assert_int_equal(g.best, -1);
    }
}

static void test_nothing(void **state)
{
    struct weblog_guess g;

    (void)state;
    weblog_detect("", 0, 2026, &g);
    assert_int_equal(g.lines, 0);
    assert_int_equal(g.best, -1);
    assert_true(weblog_guess_share(&g, WL_SQUID) == 0);
    weblog_detect("hello\nworld\n\n", 13, 2026, &g);
    assert_int_equal(g.lines, 2);
    assert_int_equal(g.best, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_masked),
        cmocka_unit_test(test_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
