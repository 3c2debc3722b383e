/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What AI tools and work cost (store_costs.c): licence prices per tool and
 * calendar month (with the seats bought, when known), the loaded hourly
 * cost of a function or of the whole organisation, and the cost of one
 * error or one rework. The realised-value report (analysis/value.h) sets
 * them beside measured effects. */
#ifndef TR_STORE_COSTS_H
#define TR_STORE_COSTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/cost.h"
#include "store/store.h"

/* The licence of tool for month ('YYYY-MM'): the price of one seat and
 * the seats bought (seats < 0: not known). The tool is added when new.
 * Replaces an earlier price for the same tool and month. */
int store_cost_licence_set(struct store *st, const char *tool,
                           const char *month, double seat_price, long seats,
                           struct diag *diag);
/* The loaded cost of an hour of work in function ("" : the organisation's
 * figure, used for units whose function has none). */
int store_cost_hourly_set(struct store *st, const char *function,
                          double amount, struct diag *diag);
/* The cost of one error or one rework (metric "errors" or "rework"). */
int store_cost_event_set(struct store *st, const char *metric, double amount,
                         struct diag *diag);

/* The sink the costs importer pushes into (model/cost.h): each row set
 * as the functions above do; st is borrowed. */
void store_costs_sink(struct store *st, struct cost_sink *sink);

struct store_licence_cost {
    char *tool, *month;  /* owned */
    double seat_price;
    long seats;          /* -1: not known */
};
struct store_rate {
    char *key;           /* owned: a function ("" the organisation) or a
                            metric */
    double amount;
};
/* Every cost the workspace holds, sorted: licences by tool then month,
 * rates by key. */
struct store_costs {
    struct store_licence_cost *licence; /* owned */
    size_t nlicence;
    struct store_rate *hourly, *event;  /* owned */
    size_t nhourly, nevent;
};
int store_costs_load(struct store *st, struct store_costs *out,
                     struct diag *diag);
void store_costs_release(struct store_costs *c); /* NULL-safe; zeroed */

#endif
