/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal: per team and week, approved activity beside
 * shadow demand beside the outcome trend, and a verdict with its reasons:
 * `theatre` (thin approved activity while people reach for other tools),
 * `real` (deep approved use and outcomes that moved) or `unclear`. Teams
 * under the privacy threshold are merged into their parent unit; within
 * a team shown, fewer than 10 active (or shadow) people are not counted
 * out loud, and depth is claimed only from 10 or more. */
#ifndef TR_ANALYSIS_TRAP_H
#define TR_ANALYSIS_TRAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct store;

#define TRAP_MIN_PEOPLE 10

struct trap_team {
    char *name;              /* owned; a team, or a unit teams merged into */
    int merged;              /* holds teams too small to show alone */
    long people;             /* current members */
    long usage_people, usage_days, usage_light;
    long shadow_people, shadow_services;
    /* A count of 1 to 9 people is a cell every report hides: then that
     * signal's figures are not shown, and reasons give only its bound. */
    int usage_hidden, shadow_hidden;
    double active_share;     /* usage_people / people */
    double depth;            /* active days per active person */
    double light_share;      /* registration-only share of active people */
    double shadow_share;     /* shadow_people / people (a lower bound) */
    long items_now, items_before;
    double cycle_change;     /* median now / median before - 1; NaN */
    const char *verdict;     /* "theatre", "real" or "unclear" */
    char reasons[5][200];
    size_t nreasons;
};

struct trap {
    int64_t week;            /* Monday's day number */
    struct trap_team *t;     /* owned */
    size_t n;
    long hidden_people;      /* in units too small even when merged */
};

int trap_compute(struct store *st, int64_t week, struct trap *out,
                 struct diag *diag);
void trap_release(struct trap *t); /* NULL-safe */

#endif
