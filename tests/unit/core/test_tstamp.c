/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Date parsing: every accepted form, zones, and what must be refused. */
#include "testutil.h"

#include "core/tstamp.h"

static int64_t parse(const char *s, const char *zone)
{
    struct tzone z;
    int64_t t = -1;

    assert_int_equal(tzone_init(&z, zone, NULL), 0);
    assert_int_equal(tstamp_parse(s, strlen(s), &z, &t), 0);
    return t;
}

static void refused(const char *s)
{
    struct tzone z;
    int64_t t;

    tzone_init(&z, "UTC", NULL);
    assert_int_equal(tstamp_parse(s, strlen(s), &z, &t), TR_EPARSE);
}

static void test_iso_forms(void **state)
{
    (void)state;
    /* 2025-07-14T15:42:00Z = 1752507720 (date -u -d ... +%s) */
    assert_int_equal(parse("2025-07-14T15:42:00Z", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14 15:42:00", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14T17:42:00+02:00", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14T10:42:00-0500", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14T15:42:00.123Z", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14T15:42", NULL), 1752507720);
    assert_int_equal(parse("2025-07-14", NULL), 1752451200);
    assert_int_equal(parse("1752507720", NULL), 1752507720);
    assert_int_equal(parse("1752507720.5", NULL), 1752507720);
    assert_int_equal(parse("  2025-07-14 15:42:00 ", NULL), 1752507720);
}

static void test_jira_and_us(void **state)
{
    (void)state;
    assert_int_equal(parse("14/Jul/25 3:42 PM", NULL), 1752507720);
    assert_int_equal(parse("14/jul/2025 3:42 pm", NULL), 1752507720);
    assert_int_equal(parse("14/Jul/25 12:05 AM", NULL), 1752451500);
    assert_int_equal(parse("14/Jul/25 12:05 PM", NULL), 1752494700);
    assert_int_equal(parse("7/14/2025 15:42", NULL), 1752507720);
    assert_int_equal(parse("6/21/2025 16:14", NULL), 1750522440);
}

static void test_zones(void **state)
{
    (void)state;
    assert_int_equal(parse("2025-07-14 17:42:00", "+02:00"), 1752507720);
    /* Berlin is UTC+2 in July and UTC+1 in January */
    assert_int_equal(parse("2025-07-14 17:42:00", "Europe/Berlin"),
                     1752507720);
    assert_int_equal(parse("2025-01-14 16:42:00", "Europe/Berlin"),
                     1736869320);
    /* an explicit offset wins over the zone */
    assert_int_equal(parse("2025-07-14T15:42:00Z", "Europe/Berlin"),
                     1752507720);
}

static void test_bad_zone(void **state)
{
    struct tzone z;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(tzone_init(&z, "Mars/Olympus", &d), TR_EINVAL);
    assert_non_null(strstr(d.problems[0].msg, "unknown time zone"));
    diag_release(&d);
    assert_int_equal(tzone_init(&z, "../../etc/passwd", NULL), TR_EINVAL);
}

static void test_refused(void **state)
{
    (void)state;
    refused("");
    refused("   ");
    refused("2025-13-01");
    refused("2025-02-29");     /* not a leap year */
    refused("2025-07-14T25:00");
    refused("14/Foo/25 3:42 PM");
    refused("14/Jul/25 13:42 PM");
    refused("yesterday");
    refused("2025-07-14T15:42:00+99:00");
    refused("12345");          /* too short to be an epoch */
    refused("2025-07-14x");
}

static void test_leap_day_and_format(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    assert_int_equal(parse("2024-02-29", NULL), 1709164800);
    tstamp_format_iso(&b, 1709164800 + 3661);
    assert_string_equal(buf_str(&b), "2024-02-29T01:01:01Z");
    buf_reset(&b);
    tstamp_format_month(&b, -1);
    assert_string_equal(buf_str(&b), "1969-12");
    buf_release(&b);
}

static void test_iso_weeks(void **state)
{
    struct buf b = BUF_INIT;
    int64_t monday;

    (void)state;
    /* 2026-09-10 (Thursday) is in 2026-W37, whose Monday is 2026-09-07 */
    monday = tstamp_monday(tstamp_days_from_civil(2026, 9, 10));
    assert_int_equal(monday, tstamp_days_from_civil(2026, 9, 7));
    tstamp_format_isoweek(&b, monday);
    assert_string_equal(buf_str(&b), "2026-W37");
    /* 2021-01-03 (Sunday) belongs to 2020-W53; 2024-12-30 to 2025-W01 */
    buf_reset(&b);
    tstamp_format_isoweek(&b,
                          tstamp_monday(tstamp_days_from_civil(2021, 1, 3)));
    assert_string_equal(buf_str(&b), "2020-W53");
    buf_reset(&b);
    tstamp_format_isoweek(&b,
                          tstamp_monday(tstamp_days_from_civil(2024, 12, 30)));
    assert_string_equal(buf_str(&b), "2025-W01");
    assert_int_equal(tstamp_parse_isoweek("2020-W53", &monday), 0);
    assert_int_equal(monday, tstamp_days_from_civil(2020, 12, 28));
    assert_int_equal(tstamp_parse_isoweek("2021-W53", &monday), TR_EPARSE);
    assert_int_equal(tstamp_parse_isoweek("2026-37", &monday), TR_EPARSE);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_forms),
        cmocka_unit_test(test_jira_and_us),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_bad_zone),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_leap_day_and_format),
        cmocka_unit_test(test_iso_weeks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
