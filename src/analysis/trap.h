/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal: per team and week, approved activity beside
 * shadow demand beside the outcome trend, and a verdict with its reasons:
 * `theatre` (thin approved activity while people reach for other tools),
 * `real` (deep approved use and outcomes that moved) or `unclear`. Teams
 * under the privacy threshold are merged into their parent unit; within
 * a team shown, fewer than 10 active (or shadow) people are not counted
 * out loud, and depth is claimed only from 10 or more. The team's voice
 * (survey results: low internal PMF or trust, high friction) is the third
 * leg: its reasons confirm or question what behaviour suggests; the
 * verdict itself is read from behaviour and outcomes. Slow approval of
 * the team's tool requests is a reason of its own (friction people meet
 * before they reach for other tools). */
#ifndef TR_ANALYSIS_TRAP_H
#define TR_ANALYSIS_TRAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/reasons.h"

struct store;

#define TRAP_MIN_PEOPLE 10
#define TRAP_TRUST_LOW 0.5 /* voice: fewer than this share trust the output */

/* The third leg: the team's voice in the latest survey opened by the
 * week's end, as `survey results --by unit` shows it (the disclosure
 * layer; a unit not shown on its own there has no voice here). */
struct trap_voice {
    int shown;               /* the survey shows the unit */
    char wave[64];
    char tool[64];           /* the tool most of the unit's respondents
                                answered PMF about ("" none) */
    long pmf_n, pmf_very;    /* its internal PMF pooled over the unit's
                                workflows shown */
    double pmf;              /* NaN when none is shown */
    long trust_n, trust_fav; /* trust in its output, pooled likewise */
    double trust;            /* NaN when none is shown */
    long friction_n;         /* respondents to friction (any workflow) */
    double friction_share;   /* of the category named most; NaN none */
    char friction_top[40];
    int low_pmf;             /* pmf below the 40% fit line */
    int low_trust;           /* trust below TRAP_TRUST_LOW */
    int high_friction;       /* friction_share at least 30% */
};

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
    struct trap_voice voice;
    /* Slow approval (analysis/requests.h) as of the week's end: tool
     * requests of the team's units open past the service level, or
     * whose median wait exceeds it. Friction, not a verdict. */
    int slow_approval;
    long requests_overdue;
    const char *verdict;     /* "theatre", "real" or "unclear" */
    char reasons[8][240];
    struct reason_msg reason_msgs[8]; /* each reason's message */
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

/* trap_compute in two steps, for a reader that keeps the first while
 * only work items change (the dashboard): what the week's verdicts read
 * besides work items (units, the week's telemetry and demand and their
 * hidden cells, the voice, the request clocks), then the verdicts with
 * the work items as they are. A base is read-only once loaded: threads
 * may judge with one at once. */
struct trap_base;
int trap_base_load(struct store *st, int64_t week, struct trap_base **out,
                   struct diag *diag);
int trap_judge(struct store *st, const struct trap_base *b, struct trap *out,
               struct diag *diag);
void trap_base_free(struct trap_base *b); /* NULL-safe */
void trap_release(struct trap *t); /* NULL-safe */

#endif
