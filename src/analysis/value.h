/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realised value from measured effects (docs/guide.md "Value"): for each
 * scaled pilot (an original or a replication of a playbook), the effect
 * its team-level analysis measured, with its standard error, times the
 * volume of the pilot's workflow in its team in the calendar months since
 * the decision, in hours (cycle time) or avoided errors and reworks,
 * turned into money with the costs the user set (store/costs.h), beside
 * what each tool's licences cost. Nothing unmeasured counts: a tool
 * without a scaled pilot has value "not measured" (NaN), never zero.
 *
 * Uncertainty: the delta method. A month's value of one adoption is
 * V = g(theta) * volume * cost, with theta the analysis-scale effect
 * (log ratio for cycle time: g = exp(-theta) - 1 per observed hour;
 * per-item change for errors and rework: g = -theta per item), so its
 * standard error is |g'(theta)| * volume * cost * se. Within an adoption
 * the months share one theta (their errors add up); adoptions are
 * independent pilots (their variances add up). Intervals are
 * V +- t(df) * se at VALUE_LEVEL, with df the adoption's (references - 1)
 * or, for a sum over adoptions, Welch-Satterthwaite's. Volumes come from
 * the work-item summary (items_summary), so a team-month the disclosure
 * layer hides is not counted and is said to be. */
#ifndef TR_ANALYSIS_VALUE_H
#define TR_ANALYSIS_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/reasons.h"
#include "model/pilot.h"

struct store;
struct access_scope;

#define VALUE_LEVEL 0.95

/* One calendar month of one adoption. */
struct value_month {
    char month[8];  /* "YYYY-MM" */
    double volume;  /* cycle time: hours of the finished items; errors and
                       rework: items with a count recorded */
    double value;   /* money; NaN when the adoption has none */
    double se;      /* its standard error */
};

/* A scaled pilot and what it realised since the decision. */
struct value_adoption {
    int64_t pilot, replicates;   /* replicates: the playbook's pilot, or 0 */
    char *team, *workflow, *tool; /* owned */
    enum pilot_metric metric;
    int64_t decided_at;          /* the scale decision */
    int64_t counted_from;        /* the first month that begins at or
                                    after it */
    double effect, se, df;       /* analysis scale (pilot_test) */
    double rel, rel_lo, rel_hi;  /* as the pilot's analysis shows them */
    double unit_cost;            /* an hour (cycle time) or one event;
                                    NaN when not set */
    const char *note;            /* why there is no value, or NULL */
    size_t hidden;               /* the team's team-workflow-months since
                                    counted_from that the disclosure layer
                                    hid (not counted) */
    struct value_month *m;       /* owned */
    size_t nm;
    double volume, value, se_value, lo, hi; /* over the months */
};

/* A tool's month: licence spend beside realised value. */
struct value_cell {
    char month[8];
    double spend;   /* seats x seat price; NaN when no licence cost */
    long seats;     /* -1 not known */
    double value, se, df, lo, hi; /* NaN when not measured */
};

/* What a tool shows: "scaled" (value measured), "retired" (its pilots
 * concluded, none scaled), "running" (pilots, none concluded), "none"
 * (no pilot at all). */
struct value_tool {
    char *name;                 /* owned */
    const char *evidence;       /* static word above */
    struct value_cell *m;       /* owned, by month */
    size_t nm;
    double spend;               /* NaN when no licence cost */
    double value, se, df, lo, hi; /* NaN when not measured */
};

/* A tool's licence seats in a month, from its seat exports (`import
 * usage`, store/usage.h; analysis/value_seats.c). Counts of people at
 * organisation level: a count under VALUE_MIN_SEATS is not shown (-1),
 * nor a count it could be worked out from (docs/privacy.md, "Seats"). */
#define VALUE_MIN_SEATS 5
struct value_seats {
    char *tool;            /* owned */
    char month[8];         /* "YYYY-MM" */
    int64_t as_of;         /* the export's day (day number) */
    long assigned;         /* seats listed; -1 hidden */
    long active;           /* with activity in the 30 days up to as_of */
    long unused;           /* assigned - active: no activity in those days */
    long never;            /* no activity ever recorded */
    double seat_price;     /* that month's licence price; NaN not set */
    double unused_cost;    /* unused x seat_price; NaN unknown or hidden */
};

/* An open question (analysis/value_open.c): a tool with licence spend
 * whose value is not settled, ranked by what a wrong decision risks a
 * month: the spend at stake times the chance that the current evidence
 * points the wrong way (docs/statistics.md, "Open questions"). */
#define VALUE_QUESTIONS_SHOWN 5
struct value_question {
    char *tool;            /* owned */
    const char *evidence;  /* the tool's (struct value_tool) */
    char month[8];         /* the latest month with licence spend */
    double spend_month;    /* its spend: what is at stake a month */
    double spend, value, se, df; /* over the months with spend and a
                                    measured value; value NaN when none */
    double p_flip;         /* the chance the decision flips: 0.5 when
                              nothing is measured, else the t tail beyond
                              break-even (value = spend) */
    double stake;          /* spend_month x p_flip: the ranking */
    char *reason;          /* owned, plain words */
    char *settle;          /* owned: what would settle it */
    struct reason_msg reason_msg, settle_msg; /* their messages
                                                 (core/reasons.h) */
};

struct value_report {
    struct value_adoption *a; /* owned, by pilot */
    size_t na;
    struct value_tool *t;     /* owned, by name */
    size_t nt;
    double spend, value, se, df, lo, hi; /* every tool's */
    size_t hidden;            /* the adoptions' hidden team-months */
    int costs_hourly, costs_event; /* costs the user set */
    struct value_seats *seats; /* owned, by tool then month */
    size_t nseats;
    struct value_question *q; /* owned, highest stake first */
    size_t nq;
};

/* The seat counts as they may be shown (pure; value_seats.c): hides
 * assigned under VALUE_MIN_SEATS (and everything with it), active and
 * unused together when either is under it (one is the other's
 * complement), never under it; the cost follows unused. */
void value_seats_disclose(struct value_seats *s);

/* The chance that the decision on a tool flips (pure; value_open.c):
 * value v with standard error se and df against spend s, 0.5 when v is
 * not measured (NaN). */
double value_flip_chance(double v, double se, double df, double s);

/* Computes an adoption's months and totals from its effect, se, df,
 * unit_cost and month volumes (pure; the tests call it directly). An
 * adoption without an effect or a cost keeps value NaN. */
void value_adoption_compute(struct value_adoption *a);

/* The value of several independent estimates summed: v[i] with standard
 * errors se[i] and df[i] (NaN values are skipped). Sets *value, *se,
 * *df (Welch-Satterthwaite) and the interval at VALUE_LEVEL; all NaN
 * when no value is defined. Pure. */
void value_sum(const double *v, const double *se, const double *df,
               size_t n, double *value, double *se_out, double *df_out,
               double *lo, double *hi);

/* The report as of now for a reader (scope NULL: the command line):
 * every scaled pilot as an adoption, every tool with a licence cost or a
 * pilot. */
int value_load(struct store *st, const struct access_scope *scope,
               int64_t now, struct value_report *out, struct diag *diag);
/* The same from a portfolio loaded as of now (borrowed; the dashboard
 * shares one between pages). */
struct portfolio;
int value_load_portfolio(struct store *st, const struct access_scope *scope,
                         const struct portfolio *pf,
                         struct value_report *out, struct diag *diag);
void value_report_release(struct value_report *r); /* NULL-safe */

#endif
