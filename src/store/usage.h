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

/* A tool's licence seats as a seat export showed them on a day: the
 * seats listed, those with activity in the window before that day, those
 * with none ever. Counts only: no person is stored. */
struct store_usage_seats {
    int64_t tool_id;
    const char *tool;      /* loading: borrowed for the callback */
    char month[8];         /* loading: the month of as_of */
    int64_t as_of;         /* day number */
    long assigned, active, never;
    const char *source;    /* the export's format; borrowed */
};
/* Stores a tool's seats for the month of row->as_of; a later export of
 * the same month replaces them (an earlier one is ignored). */
int store_usage_seats_set(struct store *st, const struct store_usage_seats *row,
                          struct diag *diag);
typedef int (*store_seats_fn)(void *ctx, const struct store_usage_seats *s,
                              struct diag *diag);
/* Every tool's seats by tool name, then month. */
int store_usage_seats(struct store *st, store_seats_fn fn, void *ctx,
                      struct diag *diag);

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
