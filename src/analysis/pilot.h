/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilot planning, analysis by the registered design, and the
 * scale / iterate / retire recommendation. A recommendation is never a
 * decision: a person decides (store_pilot_decide). */
#ifndef TR_ANALYSIS_PILOT_H
#define TR_ANALYSIS_PILOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/reasons.h"
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
/* How far back a before-after pilot's team history is read. */
#define PILOT_HISTORY_DAYS 728
/* Reference estimates (comparison teams, or earlier windows of the team)
 * a team-level test needs: with fewer there is no spread to calibrate
 * against. */
#define PILOT_MIN_REFS 2
/* Items a reference team or window needs to count. */
#define PILOT_MIN_REF_ITEMS 3
/* Distinct people every arm needs (privacy: a pilot is never about one
 * person). */
#define PILOT_MIN_PEOPLE 5
/* Share of alpha spent over the interim looks (weekly, before the
 * review); the review itself is tested at the full alpha. */
#define PILOT_INTERIM_SHARE 0.25

/* Values of one metric (the source appends to v). */
struct pilot_values {
    double *v; /* owned */
    size_t n, cap;
};

/* Where an analysis reads its data: the store (pilot_analyze) or a
 * simulation (the calibration tests). Team 0 is the pilot team, team i
 * (1..ncontrols) the pilot's control_ids[i - 1]. Items are those of the
 * pilot's workflow finished in [from, to). */
struct pilot_source {
    void *ctx;
    int (*values)(void *ctx, size_t team, enum pilot_metric m, int64_t from,
                  int64_t to, struct pilot_values *out, struct diag *diag);
    int (*people)(void *ctx, size_t team, int64_t from, int64_t to,
                  long *n, struct diag *diag);
};

struct pilot_plan {
    size_t baseline_n;
    double mean;       /* on the metric's own scale */
    double sd;         /* on the analysis scale (log hours for cycle time) */
    double per_week;   /* baseline items per week */
    double effect_abs; /* the MDE on the analysis scale */
    double n_needed;   /* items per arm for the MDE at PILOT_POWER if
                          items were independent: a floor, not enough */
    int64_t expected_at; /* when the pilot arm should reach n_needed */
    size_t refs;       /* reference estimates the design will have:
                          comparison teams, or earlier windows */
    double team_sd;    /* sd of the team-level estimate (placebo) */
    double power;      /* of the team-level test at the review */
    double power_limit; /* with unlimited comparison teams or windows */
    size_t teams_needed; /* comparison teams for PILOT_POWER; 0: none */
    char warning[320]; /* why the plan falls short of PILOT_POWER, or "" */
};

/* Computes the plan from the team's baseline and the references the
 * design will be tested against. TR_EUNDEF (with the reason) when there
 * are too few baseline items or no variation, when the design cannot be
 * calibrated (fewer than PILOT_MIN_REFS comparison teams or earlier
 * windows), or when a team has fewer than PILOT_MIN_PEOPLE people. */
int pilot_plan(struct store *st, const struct pilot *p, struct pilot_plan *out,
               struct diag *diag);
int pilot_plan_source(const struct pilot *p, const struct pilot_source *src,
                      struct pilot_plan *out, struct diag *diag);

/* One metric compared by the registered design. */
struct pilot_test {
    enum pilot_metric metric;
    int defined;            /* 0: too little data (note says why) */
    const char *note;
    const char *method;     /* "placebo-teams" (concurrent, did) or
                               "team-history" (before-after) */
    size_t n_a, n_b;        /* comparison arm, pilot arm (raw counts) */
    double mean_a, mean_b;  /* on the metric's own scale */
    double rel, rel_lo, rel_hi; /* relative change B vs A and its interval */
    double p_value;         /* two-sided */
    double p_harm;          /* one-sided, in the direction that hurts */
    double p_harm_adj;      /* guardrails: p_harm Holm-adjusted over the
                               pilot's registered guardrails (one that is
                               undefined counts as p = 1); NaN otherwise */
    int harmed;             /* guardrails: p_harm_adj < the look's level */
    double effect, se, df;  /* the team-level estimate on the analysis
                               scale (log ratio for cycle time, the
                               metric's unit per item otherwise), its
                               standard error and degrees of freedom
                               (references - 1); NaN when undefined */
    double sd;              /* sd of the reference estimates */
    size_t refs;            /* reference estimates (teams or windows) */
};

struct pilot_analysis {
    int64_t baseline_from, window_from, window_to;
    struct pilot_test primary;
    struct pilot_test guard[PILOT_MAX_GUARDRAILS];
    size_t nguard;
    int interim;           /* before the review date */
    long look, looks;      /* interim look (completed weeks) of looks */
    double level;          /* two-sided level of this look: alpha at the
                              review, the spending boundary before */
    double power;          /* team-level power for the MDE at alpha */
    double n_needed;       /* NaN: items alone do not decide (kept for
                              the JSON field) */
    size_t teams_needed;   /* comparison teams for PILOT_POWER, or 0 */
    double balance_p;      /* pre-period difference, NaN when none */
    double balance_rel;
    char balance[320];     /* what the balance check says */
    struct reason_msg balance_msg; /* its message (core/reasons.h) */
};

/* Analyses a pilot with the data as of now (Unix seconds): at the level
 * of the team (docs/statistics.md). Before the review date the analysis
 * is an interim look over the completed weeks, at its spending level.
 * The guardrails are one family: each is tested one-sided in its harm
 * direction and is harmed when its Holm-adjusted p is below the look's
 * level. */
int pilot_analyze(struct store *st, const struct pilot *p, int64_t now,
                  struct pilot_analysis *out, struct diag *diag);
int pilot_analyze_source(const struct pilot *p, const struct pilot_source *src,
                         int64_t now, struct pilot_analysis *out,
                         struct diag *diag);

enum pilot_rec { REC_SCALE, REC_ITERATE, REC_RETIRE };
extern const char *const pilot_rec_names[3];

/* The share of the pilot team that must trust the tool's output when
 * the plan's voice check gives no --trust-min. */
#define PILOT_TRUST_MIN 0.5

/* The voice evidence of a plan's voice check, from survey results as
 * the disclosure layer shows them (voice_results, by unit): friction is
 * the share of the pilot team's respondents naming any friction category
 * for the pilot's workflow; trust the favourable share of the trust item
 * for the pilot's tool and workflow. Intervals are 95%. */
struct pilot_voice {
    int asked;              /* the plan has a voice check */
    int complete;           /* every figure the check needs is shown */
    char missing[256];      /* what is missing when not complete */
    struct reason_msg missing_msg; /* its message (core/reasons.h) */
    char wave[64];          /* the latest survey since the start */
    char ref_wave[64];      /* baseline: the latest survey before it */
    long n, named;          /* the pilot team's respondents, naming some */
    double friction, friction_lo, friction_hi;
    long ref_n, ref_named;  /* baseline, or the comparison teams pooled */
    size_t ref_units;       /* comparison teams shown */
    double ref_friction;
    double diff, diff_lo, diff_hi; /* friction - ref_friction, Newcombe */
    long trust_n, trust_fav;
    double trust, trust_lo, trust_hi;
    int friction_ok;        /* friction below the reference */
    int trust_ok;           /* trust at or above the plan's trust_min */
};

struct pilot_reco {
    enum pilot_rec rec;
    char reasons[10][320];
    struct reason_msg reason_msgs[10]; /* each reason's message */
    size_t nreasons;
    struct pilot_voice voice; /* as pilot_recommend_voice saw it */
};

/* The recommendation from an analysis and the pilot's portfolio q-value
 * (see portfolio.h): scale only when the primary effect goes the
 * registered way with q < a->level (alpha at the review, the spending
 * boundary at an interim look) and no guardrail is harmed; retire when a
 * guardrail is harmed or the interval lies wholly short of the MDE;
 * otherwise iterate, saying what is missing. Pure. */
void pilot_recommend(const struct pilot *p, const struct pilot_analysis *a,
                     double q, struct pilot_reco *out);

/* The voice evidence for p's voice check as of now (Unix seconds):
 * out->asked 0 when the plan has none. Reads survey results only through
 * voice_results (the disclosure layer): a team whose answers are not
 * shown on their own counts as missing. */
int pilot_voice_load(struct store *st, const struct pilot *p, int64_t now,
                     struct pilot_voice *out, struct diag *diag);

/* Adds the second question to a recommendation (after pilot_recommend):
 * without a voice check, a reason that it went unasked; with one whose
 * evidence is missing, a scale is held at iterate and the reason says
 * what is missing; with one that fails (friction not lower, or trust
 * below the plan's threshold), a scale becomes iterate with that reason.
 * The outcome's statistics are untouched. Pure. */
void pilot_recommend_voice(const struct pilot *p, const struct pilot_voice *v,
                           struct pilot_reco *out);

/* Benjamini-Hochberg q-values for the defined p-values of n pilots (NaN
 * stays NaN): the final q-values of one review cohort. */
void pilot_portfolio_q(const double *p, size_t n, double *q);

#endif
