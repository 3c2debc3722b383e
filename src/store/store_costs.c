/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licence prices, hourly and per-event costs. */
#include "store/costs.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/store_int.h"

int store_cost_licence_set(struct store *st, const char *tool,
                           const char *month, double seat_price, long seats,
                           struct diag *diag)
{
    int64_t tool_id = 0;
    int rc = store_tool_intern(st, tool, &tool_id, diag);

    if (!rc)
        rc = store__run(st,
                        "INSERT OR REPLACE INTO cost_licence(tool_id, month, "
                        "seat_price, seats) VALUES (?, ?, ?, ?)",
                        STORE_ARGS(STORE_INT(tool_id), STORE_TEXT(month),
                                   STORE_REAL(seat_price),
                                   seats < 0 ? STORE_NULL : STORE_INT(seats)),
                        "cannot record the licence cost", diag);
    return rc;
}

int store_cost_hourly_set(struct store *st, const char *function,
                          double amount, struct diag *diag)
{
    return store__run(st,
                      "INSERT OR REPLACE INTO cost_hourly(function, amount) "
                      "VALUES (?, ?)",
                      STORE_ARGS(STORE_TEXT(function), STORE_REAL(amount)),
                      "cannot record the hourly cost", diag);
}

int store_cost_event_set(struct store *st, const char *metric, double amount,
                         struct diag *diag)
{
    return store__run(st,
                      "INSERT OR REPLACE INTO cost_event(metric, amount) "
                      "VALUES (?, ?)",
                      STORE_ARGS(STORE_TEXT(metric), STORE_REAL(amount)),
                      "cannot record the cost of an event", diag);
}

static int sink_row(void *ctx, const struct cost_row *r, struct diag *diag)
{
    struct store *st = ctx;

    switch (r->kind) {
    case COST_LICENCE:
        return store_cost_licence_set(st, r->of, r->month, r->amount,
                                      r->seats, diag);
    case COST_HOURLY:
        return store_cost_hourly_set(st, r->of, r->amount, diag);
    default:
        return store_cost_event_set(st, r->of, r->amount, diag);
    }
}

void store_costs_sink(struct store *st, struct cost_sink *sink)
{
    sink->ctx = st;
    sink->row = sink_row;
}

static int load_rates(struct store *st, const char *sql,
                      struct store_rate **out, size_t *n, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc = store__query(st, sql, NULL, 0, &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        const char *k = (const char *)sqlite3_column_text(stmt, 0);

        *out = xgrow(*out, &cap, *n + 1, sizeof(**out));
        (*out)[*n].key = xstrdup(k ? k : "");
        (*out)[(*n)++].amount = sqlite3_column_double(stmt, 1);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_costs_load(struct store *st, struct store_costs *out,
                     struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store__query(st,
                      "SELECT t.name, c.month, c.seat_price, c.seats FROM "
                      "cost_licence c JOIN tool t ON t.id = c.tool_id "
                      "ORDER BY t.name, c.month",
                      NULL, 0, &stmt, diag);
    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store_licence_cost *l;

        out->licence = xgrow(out->licence, &cap, out->nlicence + 1,
                             sizeof(*out->licence));
        l = &out->licence[out->nlicence++];
        l->tool = xstrdup((const char *)sqlite3_column_text(stmt, 0));
        l->month = xstrdup((const char *)sqlite3_column_text(stmt, 1));
        l->seat_price = sqlite3_column_double(stmt, 2);
        l->seats = sqlite3_column_type(stmt, 3) == SQLITE_NULL
                       ? -1
                       : (long)sqlite3_column_int64(stmt, 3);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    if (!rc)
        rc = load_rates(st,
                        "SELECT function, amount FROM cost_hourly ORDER BY "
                        "function",
                        &out->hourly, &out->nhourly, diag);
    if (!rc)
        rc = load_rates(st,
                        "SELECT metric, amount FROM cost_event ORDER BY "
                        "metric",
                        &out->event, &out->nevent, diag);
    if (rc)
        store_costs_release(out);
    return rc;
}

void store_costs_release(struct store_costs *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nlicence; i++) {
        free(c->licence[i].tool);
        free(c->licence[i].month);
    }
    for (size_t i = 0; i < c->nhourly; i++)
        free(c->hourly[i].key);
    for (size_t i = 0; i < c->nevent; i++)
        free(c->event[i].key);
    free(c->licence);
    free(c->hourly);
    free(c->event);
    memset(c, 0, sizeof(*c));
}
