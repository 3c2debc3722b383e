/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilots in the workspace: registration, decisions, deviations, the
 * metric values the analyses read, the learning ledger
 * (store_pilots.c). */
#ifndef TR_STORE_PILOTS_H
#define TR_STORE_PILOTS_H

#include "store/store.h"

struct pilot;

/* Adds a pilot with its controls and guardrails; sets p->id. */
int store_pilot_add(struct store *st, struct pilot *p, struct diag *diag);
/* Loads pilot id into p (initialised by the caller). */
int store_pilot_get(struct store *st, int64_t id, struct pilot *p,
                    struct diag *diag);
/* All pilot ids in registration order; *ids is owned by the caller. */
int store_pilot_ids(struct store *st, int64_t **ids, size_t *n,
                    struct diag *diag);

/* One item's value for a pilot metric; the callback returns 0 to go on. */
typedef int (*store_value_fn)(void *ctx, int64_t unit_id, double value,
                              struct diag *diag);
/* Values of metric (cycle hours, quality, errors or rework) for items of
 * workflow in unit that finished in [since, until), by finish time.
 * Both this and store_pilot_people answer from the workflow's finished
 * items, read in one scan and kept by the connection until the
 * workspace changes (up to 8 workflows; each item about 56 bytes). */
int store_pilot_values(struct store *st, int64_t workflow_id, int64_t unit_id,
                       int metric, int64_t since, int64_t until,
                       store_value_fn fn, void *ctx, struct diag *diag);
/* Distinct people with items of workflow in unit finished in [since,
 * until) (a count only: people are never listed). */
int store_pilot_people(struct store *st, int64_t workflow_id, int64_t unit_id,
                       int64_t since, int64_t until, long *n,
                       struct diag *diag);

struct store_decision {
    int64_t at;
    const char *decision, *recommended, *by, *why, *learned, *differently;
    const char *evidence; /* JSON */
};
/* Records a decision and sets the pilot's status (scaled, retired, or
 * running for iterate). Only a running pilot may be decided: checked
 * here, by the write itself, so that of decisions racing each other
 * (two people posting the form at once) one closes the pilot and the
 * others get TR_EINVAL "pilot N is already ..." and store nothing. Call
 * it inside a transaction. */
int store_pilot_decide(struct store *st, int64_t pilot_id,
                       const struct store_decision *d, struct diag *diag);
typedef int (*store_decision_fn)(void *ctx, const struct store_decision *d,
                                 struct diag *diag);
/* Decisions of a pilot, oldest first. */
int store_pilot_decisions(struct store *st, int64_t pilot_id,
                          store_decision_fn fn, void *ctx, struct diag *diag);
/* Records a change to the frozen plan. */
int store_pilot_deviation(struct store *st, int64_t pilot_id, const char *what,
                          const char *why, struct diag *diag);
typedef int (*store_deviation_fn)(void *ctx, int64_t at, const char *what,
                                  const char *why, struct diag *diag);
/* Deviations from a pilot's plan, oldest first. */
int store_pilot_deviations(struct store *st, int64_t pilot_id,
                           store_deviation_fn fn, void *ctx, struct diag *diag);
/* Moves a pilot's review date (recorded as a deviation by the caller). */
int store_pilot_set_review(struct store *st, int64_t pilot_id,
                           int64_t review_at, struct diag *diag);

/* The pilots one unit has under way on a day (the load on the middle):
 * those started and not closed by a decision (scale or retire) at or
 * before it. */
struct store_pilot_load {
    int64_t unit_id;
    long pilots;   /* in their window (started, review not reached),
                      not replications */
    long rollouts; /* replications of a scaled pilot in their window */
    long due;      /* past their review with no closing decision */
};
typedef int (*store_pilot_load_fn)(void *ctx,
                                   const struct store_pilot_load *l,
                                   struct diag *diag);
/* Per unit with any such pilot, as of `at` (Unix seconds), by unit id. */
int store_pilot_load(struct store *st, int64_t at, store_pilot_load_fn fn,
                     void *ctx, struct diag *diag);

/* One unit's line in the learning ledger. */
struct store_learning {
    const char *unit;
    long pilots, scaled, retired, running, documented;
    double learning_hours;
};
typedef int (*store_learning_fn)(void *ctx, const struct store_learning *l,
                                 struct diag *diag);
/* Per unit that ran pilots: counts by status, pilots whose decisions
 * document what was learned, and learning hours invested. */
int store_pilot_learning(struct store *st, store_learning_fn fn, void *ctx,
                         struct diag *diag);

#endif
