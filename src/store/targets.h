/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Targets reset while teams learn (store_targets.c): a unit's target on
 * one outcome metric relaxed by a share over a range of days, with the
 * reason, each recorded once and appended to the audit trail. */
#ifndef TR_STORE_TARGETS_H
#define TR_STORE_TARGETS_H

#include "store/store.h"

struct store_target {
    int64_t id;
    int64_t unit_id;
    const char *unit;          /* the unit's name (borrowed) */
    int metric;                /* enum pilot_metric */
    double by;                 /* the share it was relaxed by, (0, 1] */
    int64_t from_day, until_day; /* day numbers, both included */
    const char *why;           /* borrowed */
    int64_t at;                /* recorded (Unix seconds) */
};

/* Records a reset (t->unit_id, metric, by, days, why; at is taken now)
 * and appends it to the audit trail; sets *id. A reset of the same unit
 * and metric whose days overlap an earlier one is refused (TR_EEXIST,
 * naming it). Call it inside a transaction. */
int store_target_add(struct store *st, const struct store_target *t,
                     int64_t *id, struct diag *diag);

typedef int (*store_target_fn)(void *ctx, const struct store_target *t,
                               struct diag *diag);
/* The resets of unit_id (0: every unit), by unit name, first day, id;
 * the strings are borrowed for the call. */
int store_targets(struct store *st, int64_t unit_id, store_target_fn fn,
                  void *ctx, struct diag *diag);

#endif
