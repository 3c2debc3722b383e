/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Targets reset while teams learn, as the analyses use them: the resets
 * a pilot's team and comparison teams had during its baseline or window
 * (a reason of its recommendation), and whether a unit's targets are
 * reset on a day (the load on the middle). The records themselves are
 * store/targets.h's. */
#ifndef TR_ANALYSIS_TARGETS_H
#define TR_ANALYSIS_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct store;
struct pilot;
struct pilot_reco;

struct targets_item {
    int64_t id, unit_id;
    char *unit;                  /* owned */
    int metric;                  /* enum pilot_metric */
    double by;                   /* relaxed by this share */
    int64_t from_day, until_day; /* day numbers, both included */
    char *why;                   /* owned */
    int64_t at;                  /* recorded (Unix seconds) */
};

struct targets {
    struct targets_item *v;      /* owned; by unit name, first day */
    size_t n, cap;
};

/* The resets of unit_id (0: every unit). */
int targets_load(struct store *st, int64_t unit_id, struct targets *out,
                 struct diag *diag);
void targets_release(struct targets *t); /* NULL-safe */

/* Whether some reset of unit_id covers the day (a day number). */
int targets_active(const struct targets *t, int64_t unit_id, int64_t day);

/* Adds to a recommendation one reason for each reset of the pilot's
 * team or comparison teams whose days overlap the pilot's baseline (the
 * PILOT_BASELINE_DAYS before its start) or its window (start to
 * review): its outcomes were measured under a relaxed target. The
 * recommendation itself is not changed. */
int targets_pilot_reasons(struct store *st, const struct pilot *p,
                          struct pilot_reco *out, struct diag *diag);

#endif
