/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shadow-AI demand: services, subnets, pseudonymised day-level use kept
 * for the retention window, and the weekly aggregates that stay. */
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "model/subnet.h"
#include "store/items.h"

int store_subnets_replace(struct store *st, const struct store_subnet *s,
                          size_t n, struct diag *diag)
{
    int rc = store__exec(st, "DELETE FROM subnet", diag);

    for (size_t i = 0; i < n && !rc; i++)
        rc = store__run(st,
                        "INSERT INTO subnet(network, prefix, unit_id) "
                        "VALUES (?, ?, ?)",
                        STORE_ARGS(STORE_INT(s[i].network),
                                   STORE_INT(s[i].prefix),
                                   STORE_INT(s[i].unit_id)),
                        NULL, diag);
    return rc;
}

int store_subnets(struct store *st, struct store_subnet **out, size_t *n,
                  struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc = store__prepare(st,
                            "SELECT network, prefix, unit_id FROM subnet "
                            "ORDER BY prefix DESC",
                            &stmt, diag);

    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0) {
        *out = xgrow(*out, &cap, *n + 1, sizeof(**out));
        (*out)[*n].network = (uint32_t)sqlite3_column_int64(stmt, 0);
        (*out)[*n].prefix = sqlite3_column_int(stmt, 1);
        (*out)[*n].unit_id = sqlite3_column_int64(stmt, 2);
        (*n)++;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_service_intern(struct store *st, const char *name, const char *vendor,
                         const char *category, int64_t *id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(
        st,
        "INSERT INTO service(name, vendor, category) "
        "VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE "
        "SET vendor = ?2, category = ?3 RETURNING id",
        STORE_ARGS(STORE_TEXT(name), STORE_TEXT(vendor), STORE_TEXT(category)),
        &stmt, diag);

    if (rc)
        return rc;
    rc = store__first_int(st, stmt, id, diag);
    if (!rc) /* RETURNING always yields the row */
        rc = diag_set(diag, TR_EDB, "cannot record a service");
    return rc < 0 ? rc : 0;
}

static void bind_shadow_day(sqlite3_stmt *stmt, int at, const void *row)
{
    const struct store_shadow_day *r = row;

    sqlite3_bind_int64(stmt, at + 1, r->day);
    sqlite3_bind_blob(stmt, at + 2, r->who, (int)r->who_len, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, at + 3, r->unit_id);
    sqlite3_bind_int64(stmt, at + 4, r->service_id);
    sqlite3_bind_int64(stmt, at + 5, r->requests);
}

int store_shadow_add(struct store *st, const struct store_shadow_day *rows,
                     size_t n, struct diag *diag)
{
    return store__add_rows(
        st, st->shadow_add,
        "INSERT INTO shadow_day(day, who, unit_id, service_id, requests)", 5,
        "ON CONFLICT DO UPDATE SET requests = requests + excluded.requests",
        rows, sizeof(*rows), n, bind_shadow_day,
        "cannot store shadow-AI data", diag);
}

static void bind_shadow_line(sqlite3_stmt *stmt, int at, const void *row)
{
    const struct store_shadow_line *r = row;

    sqlite3_bind_int64(stmt, at + 1, r->day);
    sqlite3_bind_int64(stmt, at + 2, r->fp);
    sqlite3_bind_int64(stmt, at + 3, r->n);
}

int store_shadow_lines_add(struct store *st,
                           const struct store_shadow_line *rows, size_t n,
                           struct diag *diag)
{
    return store__add_rows(st, st->shadow_line_add,
                           "INSERT INTO shadow_line(day, fp, n)", 3,
                           "ON CONFLICT DO UPDATE SET n = max(n, excluded.n)",
                           rows, sizeof(*rows), n, bind_shadow_line,
                           "cannot store shadow-AI data", diag);
}

int store_shadow_lines(struct store *st, int64_t from, int64_t to,
                       store_shadow_line_fn fn, void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT day, fp, n FROM shadow_line "
                          "WHERE day BETWEEN ? AND ?",
                          STORE_ARGS(STORE_INT(from), STORE_INT(to)), &stmt,
                          diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, sqlite3_column_int64(stmt, 0),
                sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2),
                diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_shadow_week_exists(struct store *st, int64_t week, int *exists,
                             struct diag *diag)
{
    return store__week_exists(st, "shadow_week", week, exists, diag);
}

int store_shadow_days(struct store *st, int64_t from, int64_t to,
                      store_shadow_day_fn fn, void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc =
        store__query(st,
                     "SELECT day, who, unit_id, service_id, requests "
                     "FROM shadow_day WHERE day BETWEEN ? AND ?",
                     STORE_ARGS(STORE_INT(from), STORE_INT(to)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, sqlite3_column_int64(stmt, 0),
                sqlite3_column_blob(stmt, 1),
                (size_t)sqlite3_column_bytes(stmt, 1),
                sqlite3_column_int64(stmt, 2), sqlite3_column_int64(stmt, 3),
                sqlite3_column_int64(stmt, 4), diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_shadow_week_clear(struct store *st, int64_t week, struct diag *diag)
{
    return store__run(st, "DELETE FROM shadow_week WHERE week = ?",
                      STORE_ARGS(STORE_INT(week)), NULL, diag);
}

int store_shadow_week_put(struct store *st, int64_t week, int64_t unit_id,
                          int64_t service_id, long people, long active_days,
                          long requests, struct diag *diag)
{
    sqlite3_stmt *stmt;
    int rc = 0;

    if (!st->shadow_week_put) /* prepared once: called once per cell */
        rc = store__prepare(st,
                            "INSERT INTO shadow_week(week, unit_id, "
                            "service_id, people, active_days, requests) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            &st->shadow_week_put, diag);
    if (rc)
        return rc;
    stmt = st->shadow_week_put;
    sqlite3_bind_int64(stmt, 1, week);
    sqlite3_bind_int64(stmt, 2, unit_id);
    sqlite3_bind_int64(stmt, 3, service_id);
    sqlite3_bind_int64(stmt, 4, people);
    sqlite3_bind_int64(stmt, 5, active_days);
    sqlite3_bind_int64(stmt, 6, requests);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        rc = store__err(st, diag, "cannot store shadow-AI aggregates");
    sqlite3_reset(stmt);
    return rc;
}

int store_shadow_prune(struct store *st, int64_t cutoff, struct diag *diag)
{
    int n = store__prune_days(st, "shadow_line", cutoff, diag);

    return n < 0 ? n : store__prune_days(st, "shadow_day", cutoff, diag);
}

int store_shadow_weeks(struct store *st, int64_t from, int64_t to,
                       store_shadow_fn fn, void *ctx, struct diag *diag)
{
    struct store__byid units, services;
    struct store__week_row *row = NULL;
    size_t n = 0;
    int rc;

    /* the names are read once and the rows sorted in C: a join and an
     * ORDER BY on names cost more than the rows themselves */
    store__byid_init(&units);
    store__byid_init(&services);
    rc = store__byid_load(st, "SELECT id, name FROM unit ORDER BY name",
                          &units, diag);
    if (!rc)
        rc = store__byid_load(st,
                              "SELECT id, name, coalesce(vendor, ''), "
                              "coalesce(category, ''), status FROM service "
                              "ORDER BY name",
                              &services, diag);
    if (!rc)
        rc = store__week_rows(st,
                              "SELECT week, unit_id, service_id, people, "
                              "active_days, requests FROM shadow_week "
                              "WHERE week BETWEEN ?1 AND ?2",
                              from, to, &units, &services, &row, &n, diag);
    for (size_t i = 0; !rc && i < n; i++) {
        struct store_shadow_cell c;

        c.week = row[i].week;
        c.team = store__byid_text(&units, row[i].unit_id, 0);
        c.service = store__byid_text(&services, row[i].key_id, 0);
        c.vendor = store__byid_text(&services, row[i].key_id, 1);
        c.category = store__byid_text(&services, row[i].key_id, 2);
        c.status = store__byid_text(&services, row[i].key_id, 3);
        c.people = row[i].count[0];
        c.active_days = row[i].count[1];
        c.requests = row[i].count[2];
        rc = fn(ctx, &c, diag);
    }
    free(row);
    store__byid_release(&units);
    store__byid_release(&services);
    return rc;
}

int store_service_mark(struct store *st, const char *name, const char *vendor,
                       const char *category, const char *status,
                       struct diag *diag)
{
    int64_t id = 0;
    int rc = store_service_intern(st, name, vendor, category, &id, diag);

    if (!rc)
        rc = store__run(st, "UPDATE service SET status = ? WHERE id = ?",
                        STORE_ARGS(STORE_TEXT(status), STORE_INT(id)), NULL,
                        diag);
    if (!rc)
        rc = store__audit(st, "catalog.mark", name,
                          STORE_ARGS(STORE_TEXT("status"), STORE_TEXT(status),
                                     STORE_TEXT("vendor"), STORE_TEXT(vendor),
                                     STORE_TEXT("category"),
                                     STORE_TEXT(category)),
                          diag);
    return rc;
}

static int on_subnet(void *ctx, const struct subnet_row *r, struct diag *diag)
{
    struct store_subnet_table *t = ctx;
    struct store_subnet sn = {r->network, r->prefix, 0};
    struct diag d;
    int rc;

    diag_init(&d);
    rc = store_name_find(t->st, "unit", r->team, &sn.unit_id, &d);
    if (rc == TR_ENOENT)
        diag_at(diag, TR_EPARSE, r->line, r->team_col,
                "unknown team '%.60s' (not in the roster)", r->team);
    else if (rc) /* the workspace failed: not the file's fault */
        diag_set(diag, rc, "%s",
                 d.nproblems ? d.problems[0].msg : tr_strerror(rc));
    diag_release(&d);
    if (rc && rc != TR_ENOENT)
        return rc;
    t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
    t->v[t->n++] = sn;
    return 0;
}

static int on_subnets_end(void *ctx, struct diag *diag)
{
    struct store_subnet_table *t = ctx;

    return store_subnets_replace(t->st, t->v, t->n, diag);
}

void store_subnet_table_sink(struct store_subnet_table *t,
                             struct subnet_sink *sink)
{
    sink->ctx = t;
    sink->row = on_subnet;
    sink->end = on_subnets_end;
}

void store_subnet_table_release(struct store_subnet_table *t)
{
    if (!t)
        return;
    free(t->v);
    memset(t, 0, sizeof(*t));
}

int store_shadow_latest_week(struct store *st, int64_t *week,
                             struct diag *diag)
{
    return store__int(st, "SELECT coalesce(max(week), 0) FROM shadow_week",
                      week, diag);
}
