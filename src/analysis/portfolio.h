/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The portfolio: every pilot analysed as of now, with its q-value within
 * its review cohort (docs/statistics.md) and a recommendation each. */
#ifndef TR_ANALYSIS_PORTFOLIO_H
#define TR_ANALYSIS_PORTFOLIO_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/pilot.h"
#include "store/pilots.h"

struct portfolio_entry {
    struct pilot pilot;
    struct pilot_analysis analysis;
    int concluded;      /* decided, or past its review date */
    long cohort;        /* review cohort: a calendar quarter's number
                           (year * 4 + quarter - 1) */
    size_t cohort_size; /* pilots in it */
    double q;           /* BH over the cohort at the review (members not
                           concluded count as p = 1); Bonferroni over the
                           cohort at an interim look */
    struct pilot_reco reco;
    int64_t proposal;   /* the team's proposal it came from; 0: set up
                           from the top */
};

struct portfolio {
    struct portfolio_entry *e; /* owned */
    size_t n;
};

/* Where a pilot stands for its readers: running, past its review date
 * with no closing decision (a person must decide: "decision due"),
 * scaled or retired. */
enum portfolio_state { PST_RUNNING, PST_DUE, PST_SCALED, PST_RETIRED, PST_COUNT };
extern const char *const portfolio_state_names[PST_COUNT]; /* for people */
extern const char *const portfolio_state_keys[PST_COUNT];  /* JSON keys */
enum portfolio_state portfolio_state_of(const struct portfolio_entry *e);
/* The number of pilots in each state. */
void portfolio_counts(const struct portfolio *pf, long n[PST_COUNT]);

/* Loads and analyses every pilot as of now, with cohorts and q-values:
 * a pilot's cohort is the quarter of its review date, or a later one when
 * that cohort had a closing decision before the pilot was registered (a
 * family never grows behind a decision). */
int portfolio_load(struct store *st, int64_t now, struct portfolio *out,
                   struct diag *diag);
/* Sets each entry's q (and cohort_size) from the entries' cohort,
 * concluded flag and analysis: at the review BH over the cohort with
 * members not yet concluded as p = 1, at an interim look Bonferroni over
 * the cohort. Pure; portfolio_load calls it. */
void portfolio_cohort_q(struct portfolio *pf);
/* The entry of pilot id, or NULL. */
struct portfolio_entry *portfolio_find(struct portfolio *pf, int64_t id);
void portfolio_release(struct portfolio *pf); /* NULL-safe */

/* The decision a pilot was last scaled with, its strings owned (for
 * playbooks). */
struct portfolio_scaled {
    struct store_decision d;
};

/* 1 and the decision when the pilot has been scaled, 0 when not. */
int portfolio_last_scale(struct store *st, int64_t pilot,
                         struct portfolio_scaled *out, struct diag *diag);
void portfolio_scaled_release(struct portfolio_scaled *s); /* NULL-safe */

/* Records a person's decision on a running pilot with the evidence it
 * was made on (the analysis as JSON) in one transaction. by, why and
 * learned are required; closing (scale, retire) also needs differently.
 * TR_EUSAGE names what is missing; TR_EINVAL when the pilot is closed. */
int portfolio_decide(struct store *st, const struct portfolio_entry *e,
                     const char *decision, const char *by, const char *why,
                     const char *learned, const char *differently,
                     const char *evidence, int64_t now, struct diag *diag);

#endif
