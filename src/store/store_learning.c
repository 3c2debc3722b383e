/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning-time plans and calendar weeks. */
#include "store/learning.h"

#include <string.h>

#include "store/store_int.h"

int store_learning_plan_add(struct store *st,
                            const struct store_learning_plan *p, int64_t *id,
                            struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    const char *unit = NULL;
    int rc = store__query(
        st,
        "INSERT INTO learning_plan(unit_id, hours, per, from_day, until_day, "
        "at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, "
        "(SELECT name FROM unit WHERE id = unit_id)",
        STORE_ARGS(STORE_INT(p->unit_id), STORE_REAL(p->hours),
                   STORE_TEXT(learning_per_names[p->per]),
                   STORE_INT(p->from_day), STORE_INT(p->until_day),
                   STORE_INT(p->at)),
        &stmt, diag);

    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc > 0) {
        *id = sqlite3_column_int64(stmt, 0);
        unit = (const char *)sqlite3_column_text(stmt, 1);
        rc = store__audit(
            st, "learning.plan", unit ? unit : "",
            STORE_ARGS(STORE_TEXT("id"), STORE_INT(*id), STORE_TEXT("hours"),
                       STORE_REAL(p->hours), STORE_TEXT("per"),
                       STORE_TEXT(learning_per_names[p->per]),
                       STORE_TEXT("from_day"), STORE_INT(p->from_day),
                       STORE_TEXT("until_day"), STORE_INT(p->until_day)),
            diag);
    } else if (!rc) /* RETURNING always yields the row */
        rc = diag_set(diag, TR_EDB, "cannot record a learning-time plan");
    sqlite3_finalize(stmt);
    return rc;
}

int store_learning_plans(struct store *st, store_learning_plan_fn fn,
                         void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_learning_plan p;
    int rc = store__prepare(st,
                            "SELECT p.id, p.unit_id, u.name, p.hours, p.per, "
                            "p.from_day, p.until_day, p.at "
                            "FROM learning_plan p JOIN unit u "
                            "ON u.id = p.unit_id ORDER BY p.id",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        int per = learning_per_parse(
            (const char *)sqlite3_column_text(stmt, 4));

        memset(&p, 0, sizeof(p));
        p.id = sqlite3_column_int64(stmt, 0);
        p.unit_id = sqlite3_column_int64(stmt, 1);
        p.unit = (const char *)sqlite3_column_text(stmt, 2);
        p.hours = sqlite3_column_double(stmt, 3);
        p.per = per < 0 ? LEARNING_PER_WEEK : (enum learning_per)per;
        p.from_day = sqlite3_column_int64(stmt, 5);
        p.until_day = sqlite3_column_int64(stmt, 6);
        p.at = sqlite3_column_int64(stmt, 7);
        rc = fn(ctx, &p, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_learning_day_add(struct store *st,
                           const struct store_learning_day *rows, size_t n,
                           struct diag *diag)
{
    int rc = 0;

    for (size_t i = 0; i < n && !rc; i++)
        rc = store__run(st,
                        "INSERT OR IGNORE INTO learning_day(day, person_id, "
                        "occ, hours) VALUES (?, ?, ?, ?)",
                        STORE_ARGS(STORE_INT(rows[i].day),
                                   STORE_INT(rows[i].person_id),
                                   STORE_INT(rows[i].occ),
                                   STORE_REAL(rows[i].hours)),
                        NULL, diag);
    return rc;
}

int store_learning_week_exists(struct store *st, int64_t week, int *exists,
                               struct diag *diag)
{
    return store__week_exists(st, "learning_week", week, exists, diag);
}

int store_learning_week_build(struct store *st, int64_t week,
                              struct diag *diag)
{
    return store__rebuild_week(
        st, "learning_week",
        "INSERT INTO learning_week(week, unit_id, hours, people) "
        "SELECT ?1, m.unit_id, sum(d.hours), count(DISTINCT d.person_id) "
        "FROM learning_day d JOIN membership m ON m.person_id = d.person_id "
        "AND m.active_to IS NULL WHERE d.day BETWEEN ?1 AND ?1 + 6 "
        "GROUP BY m.unit_id",
        week, diag);
}

int store_learning_prune(struct store *st, int64_t cutoff, struct diag *diag)
{
    return store__prune_days(st, "learning_day", cutoff, diag);
}

int store_learning_weeks(struct store *st, int64_t from, int64_t to,
                         store_learning_week_fn fn, void *ctx,
                         struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_learning_week w;
    int rc = store__query(st,
                          "SELECT w.week, w.unit_id, u.name, w.hours, "
                          "w.people FROM learning_week w JOIN unit u "
                          "ON u.id = w.unit_id WHERE w.week BETWEEN ? AND ? "
                          "ORDER BY w.week, u.name",
                          STORE_ARGS(STORE_INT(from), STORE_INT(to)), &stmt,
                          diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        w.week = sqlite3_column_int64(stmt, 0);
        w.unit_id = sqlite3_column_int64(stmt, 1);
        w.unit = (const char *)sqlite3_column_text(stmt, 2);
        w.hours = sqlite3_column_double(stmt, 3);
        w.people = sqlite3_column_int(stmt, 4);
        rc = fn(ctx, &w, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
