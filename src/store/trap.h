/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the mandate-trap signal puts side by side, per unit and week
 * (store_trap.c). */
#ifndef TR_STORE_TRAP_H
#define TR_STORE_TRAP_H

#include "store/store.h"

/* Per unit for one week: approved activity on its most used tool, and
 * shadow demand over services that are not approved (people as the
 * largest service's, services counted). */
struct store_week_unit {
    int64_t unit_id;
    long usage_people, usage_days, usage_light;
    long shadow_people, shadow_services, shadow_requests;
};
typedef int (*store_week_unit_fn)(void *ctx, const struct store_week_unit *w,
                                  struct diag *diag);
int store_week_units(struct store *st, int64_t week, store_week_unit_fn fn,
                     void *ctx, struct diag *diag);
/* The tools the approved-tool telemetry covers (names, each once): the
 * tools whose activity the trap measures. name is borrowed during the
 * call. */
typedef int (*store_name_fn)(void *ctx, const char *name, struct diag *diag);
int store_usage_tools(struct store *st, store_name_fn fn, void *ctx,
                      struct diag *diag);
/* The latest week with telemetry or shadow data (0 when none). */
int store_latest_week(struct store *st, int64_t *week, struct diag *diag);

#endif
