/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shadow-AI demand in the workspace: subnets, services, day rows and
 * weekly aggregates (store_shadow.c). */
#ifndef TR_STORE_SHADOW_H
#define TR_STORE_SHADOW_H

#include "store/store.h"

struct store_subnet {
    uint32_t network; /* host byte order, masked */
    int prefix;
    int64_t unit_id;
};

/* Replaces the subnet table (inside the caller's transaction). */
int store_subnets_replace(struct store *st, const struct store_subnet *s,
                          size_t n, struct diag *diag);
/* All subnets; *out owned by the caller. */
int store_subnets(struct store *st, struct store_subnet **out, size_t *n,
                  struct diag *diag);

/* The subnet importer's sink: resolves each row's team (an unknown team
 * is a located problem) and, at the end, replaces the table with the
 * rows (store_subnets_replace). The caller sets st and reads n. */
struct subnet_sink;
struct store_subnet_table {
    struct store *st;          /* borrowed */
    struct store_subnet *v;    /* owned */
    size_t n, cap;
};
void store_subnet_table_sink(struct store_subnet_table *t,
                             struct subnet_sink *sink);
void store_subnet_table_release(struct store_subnet_table *t);

/* The id of a service by name, adding it (with vendor and category). */
int store_service_intern(struct store *st, const char *name, const char *vendor,
                         const char *category, int64_t *id, struct diag *diag);

/* A day-level row of shadow-AI use (who: borrowed). */
struct store_shadow_day {
    int64_t day;
    const unsigned char *who;
    size_t who_len;
    int64_t unit_id, service_id, requests;
};
/* Adds day-level use (requests add up for the same day, who, team and
 * service). */
int store_shadow_add(struct store *st, const struct store_shadow_day *rows,
                     size_t n, struct diag *diag);
/* A counted log line: a keyed hash of the whole line and how often it
 * was in one file. */
struct store_shadow_line {
    int64_t day, fp, n;
};
/* Records counted lines; a line already recorded keeps the larger n. */
int store_shadow_lines_add(struct store *st,
                           const struct store_shadow_line *rows, size_t n,
                           struct diag *diag);
/* The recorded lines with day in [from, to]. */
typedef int (*store_shadow_line_fn)(void *ctx, int64_t day, int64_t fp,
                                    int64_t n, struct diag *diag);
int store_shadow_lines(struct store *st, int64_t from, int64_t to,
                       store_shadow_line_fn fn, void *ctx, struct diag *diag);
/* Whether a week (the day number of its Monday) already has aggregates. */
int store_shadow_week_exists(struct store *st, int64_t week, int *exists,
                             struct diag *diag);
/* Day-level rows with day in [from, to]. */
typedef int (*store_shadow_day_fn)(void *ctx, int64_t day,
                                   const unsigned char *who, size_t who_len,
                                   int64_t unit_id, int64_t service_id,
                                   int64_t requests, struct diag *diag);
int store_shadow_days(struct store *st, int64_t from, int64_t to,
                      store_shadow_day_fn fn, void *ctx, struct diag *diag);
/* Deletes a week's aggregates (before they are put again). */
int store_shadow_week_clear(struct store *st, int64_t week, struct diag *diag);
/* Adds one aggregate row of a cleared week. */
int store_shadow_week_put(struct store *st, int64_t week, int64_t unit_id,
                          int64_t service_id, long people, long active_days,
                          long requests, struct diag *diag);
/* Deletes day-level rows (and recorded lines) before day `cutoff`.
 * Returns the count of day-level rows or < 0. */
int store_shadow_prune(struct store *st, int64_t cutoff, struct diag *diag);

struct store_shadow_cell {
    int64_t week;
    const char *team, *service, *vendor, *category, *status;
    long people, active_days, requests;
};
typedef int (*store_shadow_fn)(void *ctx, const struct store_shadow_cell *c,
                               struct diag *diag);
/* Weekly aggregates for weeks in [from, to] (Monday day numbers), by
 * week, then service name, then team name (bytewise). */
int store_shadow_weeks(struct store *st, int64_t from, int64_t to,
                       store_shadow_fn fn, void *ctx, struct diag *diag);

/* The latest week with shadow-AI cells (its Monday's day number; 0
 * when none). */
int store_shadow_latest_week(struct store *st, int64_t *week,
                             struct diag *diag);

/* Marks a service approved, tolerated, blocked or unknown (adding it
 * when the scan has not seen it yet). */
int store_service_mark(struct store *st, const char *name, const char *vendor,
                       const char *category, const char *status,
                       struct diag *diag);

#endif
