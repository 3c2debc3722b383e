/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A team's address range as the subnet importer hands it on
 * (import/subnets.c reads the CSV), and the sink that takes the ranges
 * (the store implements it: store_subnet_table_sink; tests record). The
 * shadow scan attributes an address to the team of the longest range
 * that holds it. */
#ifndef TR_MODEL_SUBNET_H
#define TR_MODEL_SUBNET_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct subnet_row {
    uint32_t network;   /* host byte order, masked to the prefix */
    int prefix;         /* 0 to 32 */
    const char *team;   /* borrowed for the call; trimmed */
    long line;          /* where the row is, and its team (column), */
    int team_col;       /* for messages */
};

/* The importer pushes every valid row, then calls end once when the
 * whole file is valid. */
struct subnet_sink {
    void *ctx;
    /* A row. A team the sink does not know is a located problem in
     * diag (TR_EPARSE) and the import goes on to find the others; a
     * negative TR_E* return stops it. */
    int (*row)(void *ctx, const struct subnet_row *r, struct diag *diag);
    /* The rows replace the table. Returns 0 or a negative TR_E*. */
    int (*end)(void *ctx, struct diag *diag);
};

#endif
