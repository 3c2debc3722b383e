/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar reader against a recording sink: instances of a weekly
 * rule in Amsterdam time across the switch to summer time (UTC starts
 * computed by hand), an EXDATE, an override and a cancelled instance,
 * RDATE lists, all-day days, the window, people; and where problems are
 * reported. */
#include "testutil.h"

#include "core/tstamp.h"
#include "import/calendar.h"

#define MAXREC 64

struct rec {
    int64_t start[MAXREC], day[MAXREC];
    double hours[MAXREC];
    size_t npeople[MAXREC];
    char first[MAXREC][40];
    size_t n;
};

static int record(void *ctx, const struct calendar_occurrence *o,
                  struct diag *diag)
{
    struct rec *r = ctx;

    (void)diag;
    assert_true(r->n < MAXREC);
    r->start[r->n] = o->start;
    r->day[r->n] = o->day;
    r->hours[r->n] = o->hours;
    r->npeople[r->n] = o->npeople;
    snprintf(r->first[r->n], sizeof(r->first[0]), "%s",
             o->npeople ? o->people[0] : "");
    r->n++;
    return 0;
}

static int read_cal(const char *text, double all_day, struct rec *r,
                    struct calendar_counts *c, struct diag *d)
{
    struct calendar_sink sink = {r, record};
    struct calendar_opts o = {NULL, all_day, 0, 1893456000 /* 2030 */};

    memset(r, 0, sizeof(*r));
    memset(c, 0, sizeof(*c));
    diag_init(d);
    return calendar_import_buf(text, strlen(text), &o, &sink, c, d);
}

static int64_t utc(int y, int m, int d, int h, int mi)
{
    return tstamp_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60;
}

static void test_weekly_across_dst(void **state)
{
    static const char text[] =
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:lab\r\n"
        "SUMMARY:AI Lab\r\n"
        "DTSTART;TZID=Europe/Amsterdam:20250324T100000\r\n"
        "DTEND;TZID=Europe/Amsterdam:20250324T113000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\r\n"
        "EXDATE;TZID=Europe/Amsterdam:20250407T100000\r\n"
        "ORGANIZER:MAILTO:boss@x.org\r\n"
        "ATTENDEE;PARTSTAT=DECLINED:mailto:no@x.org\r\n"
        "ATTENDEE;CUTYPE=ROOM:mailto:room@x.org\r\n"
        "ATTENDEE:mailto:yes@x.org\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:lab\r\nSUMMARY:AI Lab (moved)\r\n"
        "RECURRENCE-ID;TZID=Europe/Amsterdam:20250414T100000\r\n"
        "DTSTART:20250415T120000Z\r\nDURATION:PT2H\r\n"
        "ATTENDEE:mailto:yes@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:lab\r\nSUMMARY:AI Lab\r\nSTATUS:CANCELLED\r\n"
        "RECURRENCE-ID;TZID=Europe/Amsterdam:20250331T100000\r\n"
        "DTSTART;TZID=Europe/Amsterdam:20250331T100000\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n";
    struct rec r;
    struct calendar_counts c;
    struct diag d;

    (void)state;
    assert_int_equal(read_cal(text, 0, &r, &c, &d), 0);
    /* 24 Mar 10:00 CET = 09:00Z; 31 Mar cancelled; 7 Apr excluded; 14
     * Apr moved to 15 Apr 12:00Z for 2 hours */
    assert_int_equal(r.n, 2);
    assert_int_equal(r.start[0], utc(2025, 3, 24, 9, 0));
    assert_true(r.hours[0] == 1.5);
    assert_int_equal(r.day[0], tstamp_days_from_civil(2025, 3, 24));
    assert_int_equal(r.npeople[0], 2); /* the organiser and yes@ */
    assert_string_equal(r.first[0], "boss@x.org");
    assert_int_equal(r.start[1], utc(2025, 4, 15, 12, 0));
    assert_true(r.hours[1] == 2.0);
    assert_int_equal(r.npeople[1], 1);
    assert_int_equal(c.events, 3);
    assert_int_equal(c.learning, 3);
    assert_int_equal(c.cancelled, 1);
    diag_release(&d);
}

static void test_summer_time_and_rdates(void **state)
{
    static const char text[] =
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:t\r\n"
        "SUMMARY:Sync\r\nCATEGORIES:Team,Training\r\n"
        "DTSTART;TZID=Europe/Amsterdam:20250330T010000\r\n"
        "DTEND;TZID=Europe/Amsterdam:20250330T040000\r\n"
        "RDATE;TZID=Europe/Amsterdam:20250406T010000,20250413T010000\r\n"
        "ATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Experiment day\r\n"
        "DTSTART;VALUE=DATE:20250331\r\nDTEND;VALUE=DATE:20250402\r\n"
        "ATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:n\r\nSUMMARY:Sprint planning\r\n"
        "DTSTART:20250331T090000Z\r\nDURATION:PT1H\r\n"
        "ATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    struct rec r;
    struct calendar_counts c;
    struct diag d;

    (void)state;
    assert_int_equal(read_cal(text, 7.5, &r, &c, &d), 0);
    /* 30 Mar 01:00 CET (00:00Z) to 04:00 CEST (02:00Z): 2 hours; the
     * RDATEs in summer time: 23:00Z the day before, on their local day,
     * each as long as the first in exact time (RFC 5545 3.8.5.2: 2 hours,
     * though 01:00 to 04:00 there would be 3) */
    assert_int_equal(r.n, 5);
    assert_int_equal(r.start[0], utc(2025, 3, 30, 0, 0));
    assert_true(r.hours[0] == 2.0);
    assert_int_equal(r.start[1], utc(2025, 4, 5, 23, 0));
    assert_int_equal(r.day[1], tstamp_days_from_civil(2025, 4, 6));
    assert_true(r.hours[1] == 2.0);
    assert_int_equal(r.start[2], utc(2025, 4, 12, 23, 0));
    /* two all-day days at 7.5 hours */
    assert_int_equal(r.day[3], tstamp_days_from_civil(2025, 3, 31));
    assert_int_equal(r.day[4], tstamp_days_from_civil(2025, 4, 1));
    assert_true(r.hours[3] == 7.5 && r.hours[4] == 7.5);
    assert_int_equal(c.events, 3);
    assert_int_equal(c.learning, 2); /* the planning is not learning */
    diag_release(&d);
    assert_int_equal(read_cal(text, 0, &r, &c, &d), 0);
    assert_int_equal(r.n, 3);
    assert_int_equal(c.all_day, 2);
    diag_release(&d);
}

static void test_problems_are_located(void **state)
{
    static const struct {
        const char *text;
        long line, col;
        const char *msg;
    } cases[] = {
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:AI lab\n"
         "DTSTART;TZID=Nowhere/Else:20250101T100000\nEND:VEVENT\n"
         "END:VCALENDAR\n",
         4, 9, "unknown time zone"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:AI lab\nDTSTART:tomorrow\n"
         "END:VEVENT\nEND:VCALENDAR\n",
         4, 9, "cannot read the DTSTART property"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:AI lab\n"
         "DTSTART:20250101T100000Z\nEND:VCALENDAR\n",
         5, 5, "expected END:VEVENT (BEGIN on line 2)"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY;X=\"open:AI lab\n",
         3, 11, "unterminated quoted parameter value"},
        {"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:AI lab\nEND:VEVENT\n"
         "END:VCALENDAR\n",
         2, 1, "an event without DTSTART"},
        {"", 1, 1, "an empty file"},
        {"BEGIN:VCALENDAR\nX-BAD:\xff\n", 2, 7, "not UTF-8"},
    };
    struct rec r;
    struct calendar_counts c;
    struct diag d;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(read_cal(cases[i].text, 0, &r, &c, &d), TR_EPARSE);
        assert_true(d.nproblems >= 1);
        assert_int_equal(d.problems[0].line, cases[i].line);
        assert_int_equal(d.problems[0].col, cases[i].col);
        assert_non_null(strstr(d.problems[0].msg, cases[i].msg));
        assert_int_equal(r.n, 0);
        diag_release(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekly_across_dst),
        cmocka_unit_test(test_summer_time_and_rdates),
        cmocka_unit_test(test_problems_are_located),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
