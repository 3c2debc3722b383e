/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Applying a roster: units, people, aliases and membership history. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/u64map.h"
#include "core/xalloc.h"
#include "model/roster.h"

struct existing {
    int64_t person_id;
    int64_t membership_id; /* 0 when none is current */
    int64_t unit_id;
    int manager;
    int left;              /* active_to is set */
    int seen;              /* listed in this roster */
};

struct stmts {
    sqlite3_stmt *unit_add, *unit_set, *person_add, *person_back,
        *person_leave, *member_add, *member_close, *alias_set;
};

static const char *const stmt_sql[] = {
    "INSERT INTO unit(name) VALUES (?)",
    "UPDATE unit SET parent_id = ?, function = ? WHERE id = ? "
    "AND (parent_id IS NOT ? OR function IS NOT ?)",
    "INSERT INTO person(pseudonym, active_from) VALUES (?, ?)",
    "UPDATE person SET active_to = NULL WHERE id = ?",
    "UPDATE person SET active_to = ? WHERE id = ?",
    "INSERT INTO membership(person_id, unit_id, is_manager, active_from) "
    "VALUES (?, ?, ?, ?)",
    "UPDATE membership SET active_to = ? WHERE id = ?",
    "INSERT INTO alias(pseudonym, person_id) VALUES (?, ?) "
    "ON CONFLICT(pseudonym) DO UPDATE SET person_id = excluded.person_id "
    "WHERE person_id <> excluded.person_id",
};

static int prepare_all(struct store *st, struct stmts *s, struct diag *diag)
{
    sqlite3_stmt **v = (sqlite3_stmt **)s;
    int rc = 0;

    for (size_t i = 0; i < sizeof(stmt_sql) / sizeof(stmt_sql[0]) && !rc; i++)
        rc = store__prepare(st, stmt_sql[i], &v[i], diag);
    return rc;
}

static void finalize_all(struct stmts *s)
{
    sqlite3_stmt **v = (sqlite3_stmt **)s;

    for (size_t i = 0; i < sizeof(stmt_sql) / sizeof(stmt_sql[0]); i++)
        sqlite3_finalize(v[i]);
}

/* Steps a statement with no result rows, then resets it. */
static int run(struct store *st, sqlite3_stmt *stmt, struct diag *diag)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE
                 ? 0
                 : store__err(st, diag, "cannot update the roster");

    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc;
}

static int load_people(struct store *st, struct strmap *index,
                       struct existing **out, size_t *n, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc = store__prepare(st,
                            "SELECT p.id, p.pseudonym, p.active_to, m.id, "
                            "m.unit_id, m.is_manager FROM person p "
                            "LEFT JOIN membership m ON m.person_id = p.id "
                            "AND m.active_to IS NULL",
                            &stmt, diag);

    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0) {
        struct existing e;

        memset(&e, 0, sizeof(e));
        e.person_id = sqlite3_column_int64(stmt, 0);
        e.left = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
        e.membership_id = sqlite3_column_int64(stmt, 3);
        e.unit_id = sqlite3_column_int64(stmt, 4);
        e.manager = sqlite3_column_int(stmt, 5);
        *out = xgrow(*out, &cap, *n + 1, sizeof(e));
        (*out)[*n] = e;
        strmap_put(index, sqlite3_column_blob(stmt, 1),
                   (size_t)sqlite3_column_bytes(stmt, 1), (int64_t)*n);
        (*n)++;
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int check_as_of(struct store *st, int64_t as_of, struct diag *diag)
{
    int64_t last;
    int rc = store__int(st,
                        "SELECT coalesce(max(max(active_from), "
                        "coalesce(max(active_to), 0)), 0) FROM membership",
                        &last, diag);

    if (!rc && as_of < last) {
        struct buf b = BUF_INIT;

        tstamp_format_iso(&b, last);
        rc = diag_set(diag, TR_EINVAL,
                      "the roster date is before the last roster change "
                      "(%s); history only moves forward",
                      buf_str(&b));
        buf_release(&b);
    }
    return rc;
}

static int apply_units(struct store *st, struct stmts *s,
                       const struct roster *r, struct strmap *units,
                       struct store_roster_result *res, struct diag *diag)
{
    struct strmap added;
    int rc = 0;

    strmap_init(&added);
    for (size_t i = 0; i < r->nunits && !rc; i++) {
        if (strmap_gets(units, r->units[i].name, NULL))
            continue;
        strmap_puts(&added, r->units[i].name, 1);
        sqlite3_bind_text(s->unit_add, 1, r->units[i].name, -1,
                          SQLITE_STATIC);
        rc = run(st, s->unit_add, diag);
        strmap_puts(units, r->units[i].name,
                    sqlite3_last_insert_rowid(st->db));
        res->units_added++;
    }
    for (size_t i = 0; i < r->nunits && !rc; i++) {
        const struct roster_unit *u = &r->units[i];
        int64_t id, parent = 0;

        strmap_gets(units, u->name, &id);
        if (u->parent)
            strmap_gets(units, u->parent, &parent);
        for (int k = 0; k < 2; k++) {
            int base = 1 + k * 3; /* ?1,?2 = new values; ?4,?5 = same */

            if (parent)
                sqlite3_bind_int64(s->unit_set, base, parent);
            else
                sqlite3_bind_null(s->unit_set, base);
            store__bind_text(s->unit_set, base + 1, u->function);
        }
        sqlite3_bind_int64(s->unit_set, 3, id);
        rc = run(st, s->unit_set, diag);
        if (sqlite3_changes(st->db) > 0 && !strmap_gets(&added, u->name, NULL))
            res->units_changed++;
    }
    strmap_release(&added);
    return rc;
}

static int add_membership(struct store *st, struct stmts *s, int64_t person,
                          int64_t unit, int manager, int64_t as_of,
                          struct diag *diag)
{
    sqlite3_bind_int64(s->member_add, 1, person);
    sqlite3_bind_int64(s->member_add, 2, unit);
    sqlite3_bind_int(s->member_add, 3, manager);
    sqlite3_bind_int64(s->member_add, 4, as_of);
    return run(st, s->member_add, diag);
}

static int close_membership(struct store *st, struct stmts *s, int64_t id,
                            int64_t as_of, struct diag *diag)
{
    if (!id)
        return 0;
    sqlite3_bind_int64(s->member_close, 1, as_of);
    sqlite3_bind_int64(s->member_close, 2, id);
    return run(st, s->member_close, diag);
}

static int apply_person(struct store *st, struct stmts *s,
                        const struct roster_person *p, int64_t unit,
                        struct existing *ex, int64_t as_of,
                        struct store_roster_result *res, struct diag *diag)
{
    int64_t pid;
    int rc = 0;

    if (!ex) {
        sqlite3_bind_blob(s->person_add, 1, p->id, PSEUDO_BYTES,
                          SQLITE_STATIC);
        sqlite3_bind_int64(s->person_add, 2, as_of);
        rc = run(st, s->person_add, diag);
        pid = sqlite3_last_insert_rowid(st->db);
        if (!rc)
            rc = add_membership(st, s, pid, unit, p->manager, as_of, diag);
        res->people_added++;
    } else {
        pid = ex->person_id;
        ex->seen = 1;
        if (ex->left) {
            sqlite3_bind_int64(s->person_back, 1, pid);
            rc = run(st, s->person_back, diag);
        }
        if (!rc && (!ex->membership_id || ex->unit_id != unit
                    || ex->manager != p->manager)) {
            rc = close_membership(st, s, ex->membership_id, as_of, diag);
            if (!rc)
                rc = add_membership(st, s, pid, unit, p->manager, as_of, diag);
            res->people_moved++;
        } else
            res->people_unchanged++;
    }
    for (size_t a = 0; a < p->naliases && !rc; a++) {
        sqlite3_bind_blob(s->alias_set, 1, p->aliases[a], PSEUDO_BYTES,
                          SQLITE_STATIC);
        sqlite3_bind_int64(s->alias_set, 2, pid);
        rc = run(st, s->alias_set, diag);
    }
    return rc;
}

int store_roster_apply(struct store *st, const struct roster *r,
                       int64_t as_of, int64_t import_seq,
                       struct store_roster_result *res, struct diag *diag)
{
    struct stmts s;
    struct strmap units, people;
    struct existing *ex = NULL;
    size_t nex = 0;
    int rc;

    (void)import_seq;
    memset(&s, 0, sizeof(s));
    memset(res, 0, sizeof(*res));
    res->people = r->npeople;
    res->units = r->nunits;
    strmap_init(&units);
    strmap_init(&people);
    rc = check_as_of(st, as_of, diag);
    if (!rc)
        rc = prepare_all(st, &s, diag);
    if (!rc)
        rc = store__names(st, "SELECT id, name FROM unit", &units, diag);
    if (!rc)
        rc = load_people(st, &people, &ex, &nex, diag);
    if (!rc)
        rc = apply_units(st, &s, r, &units, res, diag);
    for (size_t i = 0; i < r->npeople && !rc; i++) {
        const struct roster_person *p = &r->people[i];
        int64_t unit, idx;

        strmap_gets(&units, r->units[p->unit].name, &unit);
        rc = apply_person(st, &s, p, unit,
                          strmap_get(&people, p->id, PSEUDO_BYTES, &idx)
                              ? &ex[idx]
                              : NULL,
                          as_of, res, diag);
    }
    for (size_t i = 0; i < nex && !rc; i++) {
        /* people known only from work items never had a membership */
        if (ex[i].seen || ex[i].left || !ex[i].membership_id)
            continue;
        sqlite3_bind_int64(s.person_leave, 1, as_of);
        sqlite3_bind_int64(s.person_leave, 2, ex[i].person_id);
        rc = run(st, s.person_leave, diag);
        if (!rc)
            rc = close_membership(st, &s, ex[i].membership_id, as_of, diag);
        res->people_left++;
    }
    finalize_all(&s);
    strmap_release(&units);
    strmap_release(&people);
    free(ex);
    return rc;
}

int store_identity_counts(struct store *st, size_t *people, size_t *aliases,
                          struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "SELECT (SELECT count(*) FROM person), "
                            "(SELECT count(*) FROM alias)",
                            &stmt, diag);

    if (!rc)
        rc = store__step(st, stmt, diag);
    if (rc > 0) {
        *people = (size_t)sqlite3_column_int64(stmt, 0);
        *aliases = (size_t)sqlite3_column_int64(stmt, 1);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Three plain scans joined here: the current units by person first, then
 * every person and alias (a join in SQL costs two index probes a row). */
int store_identities(struct store *st, store_identity_fn fn, void *ctx,
                     struct diag *diag)
{
    static const char *const names =
        "SELECT pseudonym, id FROM person "
        "UNION ALL SELECT pseudonym, person_id FROM alias";
    sqlite3_stmt *stmt = NULL;
    struct u64map unit_of;
    int rc;

    u64map_init(&unit_of);
    rc = store__prepare(st,
                        "SELECT person_id, unit_id FROM membership "
                        "WHERE active_to IS NULL",
                        &stmt, diag);
    if (!rc)
        while ((rc = store__step(st, stmt, diag)) > 0)
            *u64map_at(&unit_of, (uint64_t)sqlite3_column_int64(stmt, 0),
                       NULL) = sqlite3_column_int64(stmt, 1);
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (!rc)
        rc = store__prepare(st, names, &stmt, diag);
    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        int64_t person = sqlite3_column_int64(stmt, 1), unit = 0;

        u64map_get(&unit_of, (uint64_t)person, &unit);
        rc = fn(ctx, sqlite3_column_blob(stmt, 0),
                (size_t)sqlite3_column_bytes(stmt, 0), person, unit);
    }
    sqlite3_finalize(stmt);
    u64map_release(&unit_of);
    return rc;
}

int store_units(struct store *st, store_unit_fn fn, void *ctx,
                struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_unit_row u;
    int rc = store__prepare(st,
                            "SELECT u.id, coalesce(u.parent_id, 0), u.name, "
                            "(SELECT count(*) FROM membership m WHERE "
                            "m.unit_id = u.id AND m.active_to IS NULL), "
                            "coalesce(u.function, ''), "
                            "(SELECT count(*) FROM membership m WHERE "
                            "m.unit_id = u.id AND m.active_to IS NULL "
                            "AND m.is_manager = 1) "
                            "FROM unit u ORDER BY u.name",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        u.id = sqlite3_column_int64(stmt, 0);
        u.parent_id = sqlite3_column_int64(stmt, 1);
        u.name = (const char *)sqlite3_column_text(stmt, 2);
        u.people = sqlite3_column_int(stmt, 3);
        u.function = (const char *)sqlite3_column_text(stmt, 4);
        u.managers = sqlite3_column_int(stmt, 5);
        rc = fn(ctx, &u, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_unit_subtree(struct store *st, int64_t unit_id, store_id_fn fn,
                       void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION "
                          "SELECT u.id FROM unit u JOIN sub ON "
                          "u.parent_id = sub.id) SELECT id FROM sub",
                          STORE_ARGS(STORE_INT(unit_id)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, sqlite3_column_int64(stmt, 0), diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_unit_find(struct store *st, const char *name, int64_t *id,
                    struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT id FROM unit WHERE name = ?",
                          STORE_ARGS(STORE_TEXT(name)), &stmt, diag);

    *id = 0;
    if (rc)
        return rc;
    rc = store__first_int(st, stmt, id, diag);
    return rc < 0 ? rc : 0;
}

static int on_roster(void *ctx, const struct roster *r, struct diag *diag)
{
    struct store_roster *sr = ctx;

    return store_roster_apply(sr->st, r, sr->as_of, sr->import_seq, &sr->res,
                              diag);
}

void store_roster_sink(struct store_roster *sr, struct roster_sink *sink)
{
    sink->ctx = sr;
    sink->roster = on_roster;
}
