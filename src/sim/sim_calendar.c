/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation's calendar (calendar.ics): teams with little delivery
 * pressure hold a weekly AI lab, a recurring event in Amsterdam time (a
 * VTIMEZONE, both DST switches inside a default run) with a week
 * excluded (EXDATE), an instance moved and made longer and one cancelled
 * (RECURRENCE-ID), people who declined, and a weekly sync that is not
 * learning; and the truth of learning hours per team and ISO week, as
 * docs/guide.md "Learning time" counts them. Its own random stream, so
 * the other files of a seed do not change. */
#include "sim/sim_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"

#define LAB_SEED 0xCA1E4DA5ull

/* One team's lab, drawn for both the file and the truth. */
struct lab {
    int holds;          /* the team has one */
    int weekday;        /* 0 Monday .. 3 Thursday */
    int hour;           /* local start */
    int minutes;        /* length */
    long excluded;      /* the week without a lab (EXDATE), or -1 */
    long moved;         /* the week whose lab moves a day later and lasts
                           twice as long, or -1 */
    long cancelled;     /* the week cancelled through RECURRENCE-ID, -1 */
    unsigned char *declined; /* per member: declined the series */
};

static long weeks_of(const struct sim_params *p)
{
    return lround(p->months * 52.0 / 12.0);
}

/* Every team's lab: the same draws for the file and the truth. */
static struct lab *draw_labs(const struct sim_run *run)
{
    const struct sim_org *o = &run->org;
    long weeks = weeks_of(run->p);
    struct lab *labs = xcalloc((size_t)o->nteams + 1, sizeof(*labs));
    struct sim_rng r;

    sim_rng_seed(&r, (uint64_t)run->p->seed ^ LAB_SEED);
    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];
        struct lab *l = &labs[t];
        double chance = 1.2 - tm->pressure; /* pressure 0.9: 30% */

        l->declined = xcalloc((size_t)tm->n + 1, 1);
        l->holds = sim_unif(&r) < chance;
        l->weekday = (int)sim_pick(&r, 4);
        l->hour = 9 + (int)sim_pick(&r, 6);
        l->minutes = 60 + 30 * (int)sim_pick(&r, 3);
        l->excluded = sim_unif(&r) < 0.6 ? sim_pick(&r, weeks) : -1;
        l->moved = sim_unif(&r) < 0.5 ? sim_pick(&r, weeks) : -1;
        l->cancelled = sim_unif(&r) < 0.3 ? sim_pick(&r, weeks) : -1;
        if (l->moved == l->excluded)
            l->moved = -1;
        if (l->cancelled == l->excluded || l->cancelled == l->moved)
            l->cancelled = -1;
        for (long i = 1; i < tm->n; i++) /* the first member organises */
            l->declined[i] = sim_unif(&r) < 0.15;
    }
    return labs;
}

static void free_labs(const struct sim_run *run, struct lab *labs)
{
    for (long t = 0; t < run->org.nteams; t++)
        free(labs[t].declined);
    free(labs);
}

static const char vtimezone[] =
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\nDTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\nDTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

/* A local time in the calendar's form: 20260302T090000. */
static void local(FILE *fp, int64_t day, int hour, int minute)
{
    int y, m, d;

    tstamp_civil_from_days(day, &y, &m, &d);
    fprintf(fp, "%04d%02d%02dT%02d%02d00", y, m, d, hour, minute);
}

static void people(FILE *fp, const struct sim_team *tm, const struct lab *l)
{
    fprintf(fp, "ORGANIZER:mailto:u%06ld@sim.example\r\n", tm->first + 1);
    for (long i = 1; i < tm->n; i++)
        fprintf(fp, "ATTENDEE;PARTSTAT=%s:mailto:u%06ld@sim.example\r\n",
                l->declined[i] ? "DECLINED" : "ACCEPTED", tm->first + i + 1);
}

static void event_head(FILE *fp, const char *uid, long t, const char *what)
{
    fprintf(fp, "BEGIN:VEVENT\r\nUID:%s-%ld@sim.example\r\n"
                "DTSTAMP:20260101T000000Z\r\nSUMMARY:%s\r\n",
            uid, t, what);
}

static void stamp(FILE *fp, const char *prop, int64_t day, int hour,
                  int minute)
{
    fprintf(fp, "%s;TZID=Europe/Amsterdam:", prop);
    local(fp, day, hour, minute);
    fputs("\r\n", fp);
}

void sim_calendar_write(struct sim_run *run, FILE *fp)
{
    const struct sim_org *o = &run->org;
    int64_t first = (int64_t)run->p->start_day;
    long weeks = weeks_of(run->p);
    struct lab *labs = draw_labs(run);

    fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
          "PRODID:-//traction//simulated organisation//EN\r\n",
          fp);
    fputs(vtimezone, fp);
    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];
        const struct lab *l = &labs[t];
        int64_t day0 = first + l->weekday;

        if (!l->holds || tm->n < 1)
            continue;
        event_head(fp, "lab", t, "AI lab: trying the assistant on our work");
        stamp(fp, "DTSTART", day0, l->hour, 0);
        fprintf(fp, "DURATION:PT%dM\r\nRRULE:FREQ=WEEKLY;COUNT=%ld\r\n",
                l->minutes, weeks);
        if (l->excluded >= 0)
            stamp(fp, "EXDATE", day0 + 7 * l->excluded, l->hour, 0);
        people(fp, tm, l);
        fputs("END:VEVENT\r\n", fp);
        if (l->moved >= 0) {
            event_head(fp, "lab", t,
                       "AI lab: trying the assistant on our work (long)");
            stamp(fp, "RECURRENCE-ID", day0 + 7 * l->moved, l->hour, 0);
            stamp(fp, "DTSTART", day0 + 7 * l->moved + 1, l->hour, 0);
            fprintf(fp, "DURATION:PT%dM\r\n", 2 * l->minutes);
            people(fp, tm, l);
            fputs("END:VEVENT\r\n", fp);
        }
        if (l->cancelled >= 0) {
            event_head(fp, "lab", t, "AI lab: trying the assistant on our work");
            stamp(fp, "RECURRENCE-ID", day0 + 7 * l->cancelled, l->hour, 0);
            stamp(fp, "DTSTART", day0 + 7 * l->cancelled, l->hour, 0);
            fprintf(fp, "DURATION:PT%dM\r\nSTATUS:CANCELLED\r\n", l->minutes);
            people(fp, tm, l);
            fputs("END:VEVENT\r\n", fp);
        }
        /* not learning: the weekly sync */
        event_head(fp, "sync", t, "Team sync");
        stamp(fp, "DTSTART", first + 4, 16, 0);
        fprintf(fp, "DURATION:PT30M\r\nRRULE:FREQ=WEEKLY;COUNT=%ld\r\n",
                weeks);
        people(fp, tm, l);
        fputs("END:VEVENT\r\n", fp);
    }
    fputs("END:VCALENDAR\r\n", fp);
    free_labs(run, labs);
}

struct json_t *sim_calendar_truth(const struct sim_run *run)
{
    const struct sim_org *o = &run->org;
    int64_t first = (int64_t)run->p->start_day;
    long weeks = weeks_of(run->p);
    struct lab *labs = draw_labs(run);
    json_t *teams = json_array();
    struct buf wk = BUF_INIT;

    for (long t = 0; t < o->nteams; t++) {
        const struct sim_team *tm = &o->teams[t];
        const struct lab *l = &labs[t];
        json_t *ws;
        long attend = 0;

        if (!l->holds)
            continue;
        ws = json_array();
        for (long i = 0; i < tm->n; i++)
            attend += !l->declined[i];
        for (long w = 0; w < weeks; w++) {
            double h = l->minutes / 60.0;

            if (w == l->excluded || w == l->cancelled)
                continue;
            if (w == l->moved)
                h *= 2; /* a day later: Friday at the latest, same week */
            buf_reset(&wk);
            tstamp_format_isoweek(&wk, tstamp_monday(first + 7 * w));
            json_array_append_new(
                ws, json_pack("{s:s, s:f, s:I}", "week", buf_str(&wk),
                              "hours", h * (double)attend, "people",
                              (json_int_t)attend));
        }
        json_array_append_new(teams, json_pack("{s:s, s:o}", "team",
                                               tm->name, "weeks", ws));
    }
    buf_release(&wk);
    free_labs(run, labs);
    return json_pack("{s:s, s:s, s:o}", "what",
                     "learning hours per team and ISO week in calendar.ics "
                     "(AI labs; declined attendees, the excluded and "
                     "cancelled weeks left out, a moved lab twice as long)",
                     "time_zone", "Europe/Amsterdam", "teams", teams);
}
