/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading what the trap signal puts side by side. */
#include "store/store_int.h"

int store_week_units(struct store *st, int64_t week, store_week_unit_fn fn,
                     void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_week_unit w;
    int rc = store__query(
        st,
        /* the team's most used approved tool */
        "WITH uw AS (SELECT unit_id, people AS p, active_days AS d, "
        "light_people AS l FROM (SELECT *, row_number() OVER (PARTITION BY "
        "unit_id ORDER BY people DESC, tool_id) AS rn FROM usage_week "
        "WHERE week = ?1) WHERE rn = 1), "
        "sw AS (SELECT w.unit_id, max(w.people) AS p, count(*) AS n, "
        "sum(w.requests) AS r FROM shadow_week w JOIN service s ON "
        "s.id = w.service_id WHERE w.week = ?1 AND s.status <> 'approved' "
        "GROUP BY w.unit_id), "
        "ids AS (SELECT unit_id FROM uw UNION SELECT unit_id FROM sw) "
        "SELECT ids.unit_id, coalesce(uw.p, 0), coalesce(uw.d, 0), "
        "coalesce(uw.l, 0), coalesce(sw.p, 0), coalesce(sw.n, 0), "
        "coalesce(sw.r, 0) FROM ids LEFT JOIN uw ON uw.unit_id = ids.unit_id "
        "LEFT JOIN sw ON sw.unit_id = ids.unit_id",
        STORE_ARGS(STORE_INT(week)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        w.unit_id = sqlite3_column_int64(stmt, 0);
        w.usage_people = sqlite3_column_int(stmt, 1);
        w.usage_days = sqlite3_column_int(stmt, 2);
        w.usage_light = sqlite3_column_int(stmt, 3);
        w.shadow_people = sqlite3_column_int(stmt, 4);
        w.shadow_services = sqlite3_column_int(stmt, 5);
        w.shadow_requests = sqlite3_column_int(stmt, 6);
        rc = fn(ctx, &w, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_usage_tools(struct store *st, store_name_fn fn, void *ctx,
                      struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT t.name FROM tool t WHERE t.id IN "
                          "(SELECT DISTINCT tool_id FROM usage_week) "
                          "ORDER BY t.name",
                          NULL, 0, &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, (const char *)sqlite3_column_text(stmt, 0), diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_latest_week(struct store *st, int64_t *week, struct diag *diag)
{
    return store__int(st,
                      "SELECT max(w) FROM (SELECT max(week) AS w FROM "
                      "usage_week UNION ALL SELECT max(week) FROM "
                      "shadow_week)",
                      week, diag);
}
