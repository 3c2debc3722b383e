/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The load on the middle: for each unit with a manager, what lands on
 * it at once — pilots and rollouts under way, pilot decisions due,
 * friction on its backlog, pending tool requests, protected against
 * actual learning time, its targets (reset or not) — beside the pulse
 * survey's workload and psychological-safety figures (through the
 * disclosure layer, as voice_results shows them to the reader), and
 * whether it is overloaded, with the reasons (docs/guide.md, "Load on
 * the middle").
 *
 * The rule: a unit is overloaded when it has LOAD_CHANGES or more
 * changes at once (pilots and rollouts in their window), or when
 * LOAD_STRAINS or more of these hold: piloting with no target reset
 * covering the day; piloting with no protected learning time (when
 * learning time is recorded); the workload item's mean at or below
 * LOAD_WORKLOAD_MAX; the psychological-safety score's mean below
 * LOAD_SAFETY_MIN; LOAD_DECISIONS or more pilot decisions due;
 * LOAD_REQUESTS or more tool requests pending (when requests are
 * tracked). Friction items open on the unit's backlog are shown, not
 * counted: they are the work of whoever owns them, and what they cost
 * the team the survey's workload item already measures.
 *
 * Units are listed in the order of the org tree (each unit, then its
 * children by name), never by load: it is not a ranking. */
#ifndef TR_ANALYSIS_LOAD_H
#define TR_ANALYSIS_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/reasons.h"

struct store;
struct access_scope;

#define LOAD_CHANGES 3         /* changes at once that overload alone */
#define LOAD_STRAINS 2         /* strains that overload together */
#define LOAD_WORKLOAD_MAX 2.0  /* the workload item's mean (1-5, "my
                                  workload left room to do my work
                                  well") at or below it is a strain */
#define LOAD_SAFETY_MIN 2.5    /* a psychological-safety score (1-5)
                                  below it is a strain */
#define LOAD_DECISIONS 2       /* pilot decisions due */
#define LOAD_REQUESTS 3        /* tool requests pending */
#define LOAD_MAX_REASONS 10

/* Planned and actual learning hours per person and week. */
struct load_learning {
    int recorded;              /* 0: learning time is not recorded */
    double planned, actual;    /* hours; NaN when not known */
};

/* The tool requests a unit has waiting for a decision. */
struct load_requests {
    int tracked;               /* 0: requests are not tracked */
    long pending;
};

struct load_unit {
    int64_t id, parent;
    char *name;                /* owned */
    char *parent_name;         /* owned; NULL for a root */
    int depth;                 /* in the org tree (0: a root) */
    long people;               /* current members */
    long pilots, rollouts;     /* in their window */
    long due;                  /* pilot decisions due */
    long friction;             /* friction items open (not resolved) */
    struct load_requests requests;
    struct load_learning learning;
    int target_reset;          /* a target of the unit is reset on the
                                  day */
    double workload;           /* the workload item's mean (1-5); NaN
                                  when not shown for the unit */
    long workload_n;           /* its respondents (0: not shown) */
    double safety;             /* the psychological-safety score's mean
                                  (1-5); NaN when not shown */
    long safety_n;
    int strains;               /* how many of the strains hold */
    int overloaded;
    char reasons[LOAD_MAX_REASONS][200]; /* every change count and strain
                                            that holds, in plain words */
    struct reason_msg reason_msgs[LOAD_MAX_REASONS]; /* their messages */
    size_t nreasons;
};

struct load_report {
    int64_t as_of;             /* the day (Unix seconds) */
    char *wave;                /* owned: the survey wave read; NULL none */
    struct load_unit *u;       /* owned; in the order of the org tree */
    size_t n, cap;
};

/* The load of every unit with a manager the reader may see (scope NULL:
 * the command line, as an admin), in unit_id's subtree (0: all), as of
 * as_of (Unix seconds). */
int load_compute(struct store *st, const struct access_scope *scope,
                 int64_t as_of, int64_t unit_id, struct load_report *out,
                 struct diag *diag);
void load_release(struct load_report *r); /* NULL-safe */

/* The tool requests of a unit and its subtree waiting for a decision
 * now (store_request_pending_count); out->tracked is 1. */
int load_requests_pending(struct store *st, int64_t unit_id, int64_t as_of,
                          struct load_requests *out, struct diag *diag);

/* The unit's protected learning hours per person and week planned, and
 * the actual hours (the survey's where shown, else the calendar's), of
 * the latest week of rep (learning_report, the reader's scope applied)
 * that shows the unit; NaN when it shows none. out->recorded is 0 when
 * the workspace records no learning time at all. */
struct learning_report;
void load_learning_time(const struct learning_report *rep, int64_t unit_id,
                        struct load_learning *out);

#endif
