/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning time per unit and ISO week as it may be shown: protected
 * hours planned (store/learning.h: a unit's plan covers its subtree),
 * the hours calendars show (through the disclosure layer, kind
 * DISCLOSE_LEARNING: at least 5 people with learning hours per cell,
 * complementary suppression over the units of a week), and the pulse
 * survey's learning item (through voice_results, so its own rules). The
 * actual figure is the survey's where it is shown, else the calendar's.
 * docs/guide.md "Learning time" says how bands become hours. */
#ifndef TR_ANALYSIS_LEARNING_H
#define TR_ANALYSIS_LEARNING_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct store;
struct access_scope;

/* The survey item that asks for learning hours, and how many weeks it
 * asks about ("in the last two weeks"). Its options' scores are the
 * hours of each band (0, 0.5, 1.5, 3, 5 in data/surveys/pulse.json). */
#define LEARNING_SURVEY_ITEM "learning_hours"
#define LEARNING_SURVEY_WEEKS 2

struct learning_row {
    char *unit;             /* owned: the unit as shown (small units
                               merged into their parent) */
    int64_t unit_id;
    int64_t week;           /* its Monday's day number */
    long head;              /* people in the unit now (merged ones too) */
    double planned;         /* protected hours per person per week; NaN:
                               no plan */
    double calendar_hours;  /* calendar learning hours, all its people;
                               NaN: none shown */
    long calendar_people;   /* people with calendar learning hours; 0
                               when none shown */
    double calendar;        /* calendar hours per person (over head) */
    double survey;          /* hours per person per week, from the
                               survey; NaN: none shown */
    long survey_n;          /* the survey's respondents */
    double actual;          /* survey where shown, else calendar; NaN */
    const char *source;     /* "survey", "calendar" or NULL (static) */
};

struct learning_report {
    struct learning_row *v; /* owned; by week, then unit name */
    size_t n, cap;
    size_t hidden;          /* calendar cells not shown */
    int64_t from, to;       /* the weeks covered (Mondays); 0 none */
};

/* Planned against actual learning time per unit and week for a reader
 * (scope NULL: the command line; a manager sees their subtree, a viewer
 * no unit), limited to unit_id's subtree (0: all) and to the weeks of
 * the days [from_day, to_day] (either 0: from the first, or to the last,
 * week with a calendar or survey figure; plans count up to this week).
 * This is the one reader of learning time for other analyses. */
int learning_report(struct store *st, const struct access_scope *scope,
                     int64_t unit_id, int64_t from_day, int64_t to_day,
                     struct learning_report *out, struct diag *diag);
void learning_report_release(struct learning_report *r); /* NULL-safe */

#endif
