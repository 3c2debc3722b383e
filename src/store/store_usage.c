/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry: pseudonymous day rows kept for the retention
 * window, weekly per-team aggregates, organisation-level counts. */
#include "store/store_int.h"

#include <string.h>

int store_tool_intern(struct store *st, const char *name, int64_t *id,
                      struct diag *diag)
{
    return store__name_intern(st, "tool", name, id, diag);
}

static void bind_usage_day(sqlite3_stmt *stmt, int at, const void *row)
{
    const struct store_usage_day *r = row;

    sqlite3_bind_int64(stmt, at + 1, r->day);
    sqlite3_bind_int64(stmt, at + 2, r->person_id);
    sqlite3_bind_int64(stmt, at + 3, r->tool_id);
    sqlite3_bind_int64(stmt, at + 4, r->interactions);
    sqlite3_bind_int(stmt, at + 5, r->last_only);
}

int store_usage_add(struct store *st, const struct store_usage_day *rows,
                    size_t n, struct diag *diag)
{
    return store__add_rows(
        st, st->usage_add,
        "INSERT INTO usage_day(day, person_id, tool_id, interactions, "
        "last_only)",
        5,
        "ON CONFLICT DO UPDATE SET interactions = max(interactions, "
        "excluded.interactions), last_only = min(last_only, "
        "excluded.last_only)",
        rows, sizeof(*rows), n, bind_usage_day, "cannot store telemetry",
        diag);
}

int store_usage_org_set(struct store *st, int64_t day, int64_t tool_id,
                        const char *source, long active, long engaged,
                        struct diag *diag)
{
    return store__run(st,
                      "INSERT OR REPLACE INTO usage_org_day(day, tool_id, "
                      "source, active_users, engaged_users) "
                      "VALUES (?, ?, ?, ?, ?)",
                      STORE_ARGS(STORE_INT(day), STORE_INT(tool_id),
                                 STORE_TEXT(source), STORE_INT(active),
                                 engaged < 0 ? STORE_NULL : STORE_INT(engaged)),
                      NULL, diag);
}

int store_usage_week_exists(struct store *st, int64_t week, int *exists,
                            struct diag *diag)
{
    return store__week_exists(st, "usage_week", week, exists, diag);
}

int store_usage_week_build(struct store *st, int64_t week,
                           struct diag *diag)
{
    return store__rebuild_week(
        st, "usage_week",
        "WITH p AS (SELECT d.person_id, m.unit_id, d.tool_id, "
        "count(*) AS days, sum(d.interactions) AS inter, "
        "min(d.last_only) AS lo FROM usage_day d JOIN membership m "
        "ON m.person_id = d.person_id AND m.active_to IS NULL "
        "WHERE d.day BETWEEN ?1 AND ?1 + 6 "
        "GROUP BY d.person_id, m.unit_id, d.tool_id) "
        "INSERT INTO usage_week(week, unit_id, tool_id, people, "
        "active_days, interactions, light_people) "
        "SELECT ?1, unit_id, tool_id, count(*), sum(days), sum(inter), "
        "sum(days <= 1 OR lo = 1) FROM p GROUP BY unit_id, tool_id",
        week, diag);
}

int store_usage_prune(struct store *st, int64_t cutoff, struct diag *diag)
{
    return store__prune_days(st, "usage_day", cutoff, diag);
}

int store_usage_weeks(struct store *st, int64_t from, int64_t to,
                      store_usage_fn fn, void *ctx, struct diag *diag)
{
    static const char *const sql[] = {
        "SELECT w.week, u.name, t.name, w.people, w.active_days, "
        "w.interactions, w.light_people FROM usage_week w "
        "JOIN unit u ON u.id = w.unit_id JOIN tool t ON t.id = w.tool_id "
        "WHERE w.week BETWEEN ?1 AND ?2 ORDER BY w.week, t.name, u.name",
        /* Mondays: day - ((day - 4) % 7), days since 1970 being >= 0 */
        "SELECT o.day - ((o.day - 4) % 7) AS wk, NULL, t.name, "
        "sum(o.active_users), 0, 0, 0 FROM usage_org_day o "
        "JOIN tool t ON t.id = o.tool_id WHERE o.day - ((o.day - 4) % 7) "
        "BETWEEN ?1 AND ?2 GROUP BY wk, t.name ORDER BY wk, t.name",
    };
    struct store_usage_cell c;
    int rc = 0;

    for (size_t q = 0; q < 2 && !rc; q++) {
        sqlite3_stmt *stmt = NULL;

        rc =
            store__query(st, sql[q], STORE_ARGS(STORE_INT(from), STORE_INT(to)),
                         &stmt, diag);
        while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
            c.week = sqlite3_column_int64(stmt, 0);
            c.team = (const char *)sqlite3_column_text(stmt, 1);
            c.tool = (const char *)sqlite3_column_text(stmt, 2);
            c.people = sqlite3_column_int(stmt, 3);
            c.active_days = sqlite3_column_int(stmt, 4);
            c.interactions = sqlite3_column_int(stmt, 5);
            c.light_people = sqlite3_column_int(stmt, 6);
            rc = fn(ctx, &c, diag);
        }
        sqlite3_finalize(stmt);
    }
    return rc;
}
