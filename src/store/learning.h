/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning time in the workspace (store_learning.c): the plans of
 * protected hours (learning_plan), the occurrences calendars show per
 * pseudonymous person and day for the retention window (learning_day),
 * and per unit and ISO week (learning_week: aggregates only). Reports read them
 * through analysis/learning.h, which applies the privacy rules. */
#ifndef TR_STORE_LEARNING_H
#define TR_STORE_LEARNING_H

#include "model/learning.h"
#include "store/store.h"

struct store_learning_plan {
    int64_t id;
    int64_t unit_id;
    const char *unit;        /* borrowed: the unit's name */
    double hours;            /* per person per `per` */
    enum learning_per per;
    int64_t from_day, until_day; /* day numbers, both included */
    int64_t at;              /* when it was recorded, Unix seconds */
};

/* Records a plan (unit_id, hours, per, from_day, until_day, at) and
 * appends it to the audit trail (action learning.plan); *id its id.
 * Inside the caller's transaction. */
int store_learning_plan_add(struct store *st,
                            const struct store_learning_plan *p, int64_t *id,
                            struct diag *diag);

typedef int (*store_learning_plan_fn)(void *ctx,
                                      const struct store_learning_plan *p,
                                      struct diag *diag);
/* Every plan, in the order they were recorded (later ones win). */
int store_learning_plans(struct store *st, store_learning_plan_fn fn,
                         void *ctx, struct diag *diag);

/* A unit's calendar learning in one ISO week. */
struct store_learning_week {
    int64_t week;     /* its Monday's day number */
    int64_t unit_id;
    const char *unit; /* borrowed: the unit's name (reads only) */
    double hours;     /* summed over its people */
    long people;      /* distinct people with learning hours */
};

/* A person's learning occurrence on a day (its local date). */
struct store_learning_day {
    int64_t day, person_id;
    int64_t occ;      /* the instance: a hash of its UID and start */
    double hours;
};
/* Adds day rows; an occurrence already stored for the person is kept
 * as it is (re-importing a calendar adds nothing). */
int store_learning_day_add(struct store *st,
                           const struct store_learning_day *rows, size_t n,
                           struct diag *diag);
int store_learning_week_exists(struct store *st, int64_t week, int *exists,
                               struct diag *diag);
/* Rebuilds a week's per-unit aggregates from the day rows (people in
 * their current unit). */
int store_learning_week_build(struct store *st, int64_t week,
                              struct diag *diag);
/* Deletes day rows before day `cutoff`; returns the count or < 0. */
int store_learning_prune(struct store *st, int64_t cutoff, struct diag *diag);

typedef int (*store_learning_week_fn)(void *ctx,
                                      const struct store_learning_week *w,
                                      struct diag *diag);
/* The calendar weeks in [from, to] (Mondays), by week and unit name. */
int store_learning_weeks(struct store *st, int64_t from, int64_t to,
                         store_learning_week_fn fn, void *ctx,
                         struct diag *diag);

#endif
