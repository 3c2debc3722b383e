/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry in the workspace: day rows, organisation
 * counts and weekly aggregates (store_usage.c). */
#ifndef TR_STORE_USAGE_H
#define TR_STORE_USAGE_H

#include "store/store.h"

/* The id of a tool by name, adding it (status unknown) when new. */
int store_tool_intern(struct store *st, const char *name, int64_t *id,
                      struct diag *diag);
/* A person's use of a tool on a day. */
struct store_usage_day {
    int64_t day, person_id, tool_id;
    long interactions;
    int last_only; /* known only by a last-activity date */
};
/* Adds day rows. Re-importing is idempotent: the larger interaction
 * count and the more detailed kind of row win. */
int store_usage_add(struct store *st, const struct store_usage_day *rows,
                    size_t n, struct diag *diag);
/* Organisation-level counts for a day, tool and source (replaced). */
int store_usage_org_set(struct store *st, int64_t day, int64_t tool_id,
                        const char *source, long active, long engaged,
                        struct diag *diag);
int store_usage_week_exists(struct store *st, int64_t week, int *exists,
                            struct diag *diag);
/* Rebuilds a week's per-team aggregates from the day rows. */
int store_usage_week_build(struct store *st, int64_t week, struct diag *diag);
/* Deletes day rows before day `cutoff`; returns the count or < 0. */
int store_usage_prune(struct store *st, int64_t cutoff, struct diag *diag);

struct store_usage_cell {
    int64_t week;
    const char *team, *tool; /* team NULL: an organisation-level row */
    long people, active_days, interactions, light_people;
};
typedef int (*store_usage_fn)(void *ctx, const struct store_usage_cell *c,
                              struct diag *diag);
/* Weekly team aggregates for weeks in [from, to], then the organisation
 * rows (summed per week: user-days) with team NULL. */
int store_usage_weeks(struct store *st, int64_t from, int64_t to,
                      store_usage_fn fn, void *ctx, struct diag *diag);

#endif
