/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry: pseudonymous day rows kept for the retention
 * window, weekly per-team aggregates, organisation-level counts. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/usage.h"

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

int store_usage_seats_set(struct store *st, const struct store_usage_seats *row,
                          struct diag *diag)
{
    struct buf month = BUF_INIT;
    int rc;

    tstamp_format_month(&month, row->as_of * 86400);
    rc = store__run(
        st,
        "INSERT INTO usage_seats(tool_id, month, as_of, source, assigned, "
        "active, never) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(tool_id, month) DO UPDATE SET as_of = excluded.as_of, "
        "source = excluded.source, assigned = excluded.assigned, "
        "active = excluded.active, never = excluded.never "
        "WHERE excluded.as_of >= usage_seats.as_of",
        STORE_ARGS(STORE_INT(row->tool_id), STORE_TEXT(buf_str(&month)),
                   STORE_INT(row->as_of), STORE_TEXT(row->source),
                   STORE_INT(row->assigned), STORE_INT(row->active),
                   STORE_INT(row->never)),
        "cannot record the seats", diag);
    buf_release(&month);
    return rc;
}

int store_usage_seats(struct store *st, store_seats_fn fn, void *ctx,
                      struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT t.name, s.month, s.as_of, s.assigned, "
                          "s.active, s.never, s.source, s.tool_id FROM "
                          "usage_seats s JOIN tool t ON t.id = s.tool_id "
                          "ORDER BY t.name, s.month",
                          NULL, 0, &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store_usage_seats s;

        memset(&s, 0, sizeof(s));
        s.tool = (const char *)sqlite3_column_text(stmt, 0);
        snprintf(s.month, sizeof(s.month), "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        s.as_of = sqlite3_column_int64(stmt, 2);
        s.assigned = (long)sqlite3_column_int64(stmt, 3);
        s.active = (long)sqlite3_column_int64(stmt, 4);
        s.never = (long)sqlite3_column_int64(stmt, 5);
        s.source = (const char *)sqlite3_column_text(stmt, 6);
        s.tool_id = sqlite3_column_int64(stmt, 7);
        rc = fn(ctx, &s, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
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

/* The team rows: names read once and the rows sorted here (a join and
 * an ORDER BY on names cost more than the rows themselves). */
static int team_weeks(struct store *st, int64_t from, int64_t to,
                      store_usage_fn fn, void *ctx, struct diag *diag)
{
    struct store__byid units, tools;
    struct store__week_row *row = NULL;
    size_t n = 0;
    int rc;

    store__byid_init(&units);
    store__byid_init(&tools);
    rc = store__byid_load(st, "SELECT id, name FROM unit ORDER BY name",
                          &units, diag);
    if (!rc)
        rc = store__byid_load(st, "SELECT id, name FROM tool ORDER BY name",
                              &tools, diag);
    if (!rc)
        rc = store__week_rows(st,
                              "SELECT week, unit_id, tool_id, people, "
                              "active_days, interactions, light_people "
                              "FROM usage_week WHERE week BETWEEN ?1 AND ?2",
                              from, to, &units, &tools, &row, &n, diag);
    for (size_t i = 0; !rc && i < n; i++) {
        struct store_usage_cell c;

        c.week = row[i].week;
        c.team = store__byid_text(&units, row[i].unit_id, 0);
        c.tool = store__byid_text(&tools, row[i].key_id, 0);
        c.people = row[i].count[0];
        c.active_days = row[i].count[1];
        c.interactions = row[i].count[2];
        c.light_people = row[i].count[3];
        rc = fn(ctx, &c, diag);
    }
    free(row);
    store__byid_release(&units);
    store__byid_release(&tools);
    return rc;
}

int store_usage_weeks(struct store *st, int64_t from, int64_t to,
                      store_usage_fn fn, void *ctx, struct diag *diag)
{
    /* Mondays: day - ((day - 4) % 7), days since 1970 being >= 0 */
    static const char org[] =
        "SELECT o.day - ((o.day - 4) % 7) AS wk, t.name, "
        "sum(o.active_users) FROM usage_org_day o "
        "JOIN tool t ON t.id = o.tool_id WHERE o.day - ((o.day - 4) % 7) "
        "BETWEEN ?1 AND ?2 GROUP BY wk, t.name ORDER BY wk, t.name";
    sqlite3_stmt *stmt = NULL;
    struct store_usage_cell c;
    int rc = team_weeks(st, from, to, fn, ctx, diag);

    if (!rc)
        rc = store__query(st, org, STORE_ARGS(STORE_INT(from), STORE_INT(to)),
                          &stmt, diag);
    if (rc)
        return rc;
    memset(&c, 0, sizeof(c));
    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        c.week = sqlite3_column_int64(stmt, 0);
        c.team = NULL;
        c.tool = (const char *)sqlite3_column_text(stmt, 1);
        c.people = sqlite3_column_int(stmt, 2);
        rc = fn(ctx, &c, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
