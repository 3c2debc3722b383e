/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Outcome summary of work items per group (team, workflow, tool, month):
 * volume, cycle-time median and p90, quality, error and rework rates and
 * the share done with an AI tool, with small groups suppressed. */
#ifndef TR_ANALYSIS_ITEMS_SUMMARY_H
#define TR_ANALYSIS_ITEMS_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct store;
struct access_scope;

enum summary_key { SK_TEAM, SK_WORKFLOW, SK_TOOL, SK_MONTH, SK_COUNT };

extern const char *const summary_key_names[SK_COUNT];

/* Returns the key named s, or -1. */
int summary_key_parse(const char *s);

struct summary_opts {
    enum summary_key keys[SK_COUNT]; /* grouping keys, in order */
    size_t nkeys;
    int64_t since, until;            /* item date bounds; 0 = open */
    long min_people;                 /* >= DISCLOSE_MIN_ITEMS */
    const char *unit_name;           /* one unit's rows (team first key);
                                        NULL = all */
    const struct access_scope *scope; /* the reader; NULL the CLI */
};

struct summary_group {
    char *values[SK_COUNT]; /* owned; one per key, in opts order */
    long items, people;
    long finished;          /* items with a cycle time */
    double cycle_median_h, cycle_p90_h; /* NaN when no finished items */
    double quality_mean;    /* NaN when no quality recorded */
    double error_rate;      /* share of items with errors > 0 (NaN: none
                               known) */
    double rework_rate;     /* share of items with rework > 0 (NaN: none
                               known) */
    double ai_share;        /* share of items done with an AI tool */
    double cycle_h_sum;     /* hours of the finished items' cycle times */
    long errors_known, rework_known; /* items with a count recorded */
    double errors_sum, rework_sum;   /* errors and reworks over those */
};

/* The groups shown: a group the disclosure layer hides is not listed,
 * only counted. */
struct summary {
    struct summary_group *groups; /* owned, sorted by key values */
    size_t n;
    size_t hidden;                /* groups not shown */
    int64_t since, until;         /* the period, widened to whole months */
    int rounded;                  /* 1 when the request's was widened */
};

/* Computes the summary through the disclosure layer (disclose.h): the
 * cube of the keys and the month, suppressed as every report does. Item
 * date = finished_at, or started_at for open items; month keys use the
 * same date (UTC). Units under the threshold are counted under the unit
 * they merge into. */
int items_summary(struct store *st, const struct summary_opts *opts,
                  struct summary *out, struct diag *diag);
void summary_release(struct summary *s); /* NULL-safe */

#endif
