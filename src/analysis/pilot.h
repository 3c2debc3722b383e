/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilot planning, analysis by the registered design, and the
 * scale / iterate / retire recommendation. A recommendation is never a
 * decision: a person decides (store_pilot_decide). */
#ifndef TR_ANALYSIS_PILOT_H
#define TR_ANALYSIS_PILOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "model/pilot.h"
#include "stats/stats.h"

struct store;

/* The baseline window before a pilot's start, for plans, before-after
 * comparisons, pre-periods and balance checks. */
#define PILOT_BASELINE_DAYS 90
/* Fewer baseline items than this cannot plan a pilot. */
#define PILOT_MIN_BASELINE 10
/* Each arm needs this many items before any effect is shown. */
#define PILOT_MIN_ARM 5
/* The power pilots are planned for. */
#define PILOT_POWER 0.8

struct pilot_plan {
    size_t baseline_n;
    double mean;       /* on the metric's own scale */
    double sd;         /* on the analysis scale (log hours for cycle time) */
    double per_week;   /* baseline items per week */
    double effect_abs; /* the MDE on the analysis scale */
    double n_needed;   /* items per arm for the MDE at PILOT_POWER */
    int64_t expected_at; /* when the pilot arm should reach n_needed */
};

/* Computes the plan from the team's baseline. TR_EUNDEF (with the reason)
 * when there are too few baseline items or no variation. */
int pilot_plan(struct store *st, const struct pilot *p, struct pilot_plan *out,
               struct diag *diag);

/* One metric compared by the registered design. */
struct pilot_test {
    enum pilot_metric metric;
    int defined;            /* 0: too little data (note says why) */
    const char *note;
    const char *method;     /* "logratio", "welch" or "did" */
    size_t n_a, n_b;        /* comparison arm, pilot arm (raw counts) */
    double mean_a, mean_b;  /* on the metric's own scale */
    double rel, rel_lo, rel_hi; /* relative change B vs A and its interval */
    double p_value;         /* two-sided */
    double p_harm;          /* one-sided, in the direction that hurts */
    int harmed;             /* p_harm < alpha (guardrails) */
    double sd;              /* analysis-scale sd, pooled */
};

struct pilot_analysis {
    int64_t baseline_from, window_from, window_to;
    struct pilot_test primary;
    struct pilot_test guard[PILOT_MAX_GUARDRAILS];
    size_t nguard;
    double power;          /* achieved power for the MDE */
    double n_needed;       /* per arm, from the observed spread */
    double balance_p;      /* pre-period difference, NaN when none */
    double balance_rel;
    char balance[320];     /* what the balance check says */
};

/* Analyses a pilot with the data as of now (Unix seconds). */
int pilot_analyze(struct store *st, const struct pilot *p, int64_t now,
                  struct pilot_analysis *out, struct diag *diag);

enum pilot_rec { REC_SCALE, REC_ITERATE, REC_RETIRE };
extern const char *const pilot_rec_names[3];

struct pilot_reco {
    enum pilot_rec rec;
    char reasons[6][320];
    size_t nreasons;
};

/* The recommendation from an analysis and the pilot's portfolio q-value
 * (Benjamini-Hochberg): scale only when the primary effect goes the
 * registered way with q < alpha and no guardrail is harmed; retire when a
 * guardrail is harmed or the interval lies wholly short of the MDE;
 * otherwise iterate, saying how many more items are needed. Pure. */
void pilot_recommend(const struct pilot *p, const struct pilot_analysis *a,
                     double q, struct pilot_reco *out);

/* Benjamini-Hochberg q-values for the defined p-values of n pilots (NaN
 * stays NaN). */
void pilot_portfolio_q(const double *p, size_t n, double *q);

#endif
