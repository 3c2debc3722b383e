/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A cost as the costs importer hands it on (import/costs.c reads the
 * CSV) and the sink that takes it (the store implements it:
 * store_costs_sink; tests record); months as both the importer and
 * `costs set` read them. */
#ifndef TR_MODEL_COST_H
#define TR_MODEL_COST_H

#include <stddef.h>

#include "core/diag.h"

enum cost_kind { COST_LICENCE, COST_HOURLY, COST_EVENT, COST_KIND_COUNT };

extern const char *const cost_kind_names[COST_KIND_COUNT];

/* Returns the kind named s (len bytes), or -1. */
int cost_kind_parse(const char *s, size_t len);

/* "YYYY-MM" (len bytes, 1970 to 9999) into a month number (year * 12 +
 * month - 1); returns 0, or -1 when s is not such a month. */
int cost_month_parse(const char *s, size_t len, long *month);

struct cost_row {
    enum cost_kind kind;
    const char *of;      /* borrowed for the call: the tool (licence),
                            the function ("" the organisation: hourly),
                            "errors" or "rework" (event) */
    char month[8];       /* licence: "YYYY-MM"; "" otherwise */
    double amount;       /* a seat a month, an hour, one event */
    long seats;          /* licence; -1 otherwise */
    long line;           /* where the row is, for messages */
};

struct cost_sink {
    void *ctx;
    /* A valid row; a negative TR_E* return stops the import. */
    int (*row)(void *ctx, const struct cost_row *r, struct diag *diag);
};

#endif
