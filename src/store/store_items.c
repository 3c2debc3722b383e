/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work items: the import sink (upsert by source and key) and the scan the
 * analyses read. */
#include "store/store_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strmap.h"
#include "core/xalloc.h"
#include "model/item.h"

struct person_ref {
    int64_t id;
    int64_t unit_id; /* current unit, 0 when not in the roster */
};

struct store_items {
    struct store *st;      /* borrowed */
    int64_t source_id, seq;
    sqlite3_stmt *insert, *update, *add_person, *add_workflow, *add_tool;
    struct strmap units;   /* name -> id */
    struct strmap people;  /* pseudonym -> index into refs */
    struct person_ref *refs;
    size_t nrefs, refs_cap;
    struct strmap workflows, tools; /* name -> id */
    struct store_items_counts counts;
};

/* The fast path: a new key is one plain insert. */
static const char SQL_INSERT[] =
    "INSERT INTO work_item(source_id, source_key, workflow_id, unit_id, "
    "person_id, tool_id, started_at, finished_at, quality, errors, rework, "
    "reviewed, created_seq, changed_seq, seen_seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?13) "
    "ON CONFLICT(source_id, source_key) DO NOTHING";

/* A key already stored: update it, unless this import already listed it
 * (a duplicate in the file: no row changes). changed_seq moves only when a
 * value differs, so re-importing the same file changes no data. */
static const char SQL_UPDATE[] =
    "UPDATE work_item SET "
    "changed_seq = CASE WHEN workflow_id IS NOT ?3 OR unit_id IS NOT ?4 "
    "OR person_id IS NOT ?5 OR tool_id IS NOT ?6 OR started_at IS NOT ?7 "
    "OR finished_at IS NOT ?8 OR quality IS NOT ?9 OR errors IS NOT ?10 "
    "OR rework IS NOT ?11 OR reviewed IS NOT ?12 "
    "THEN ?13 ELSE changed_seq END, "
    "workflow_id = ?3, unit_id = ?4, person_id = ?5, tool_id = ?6, "
    "started_at = ?7, finished_at = ?8, quality = ?9, errors = ?10, "
    "rework = ?11, reviewed = ?12, seen_seq = ?13 "
    "WHERE source_id = ?1 AND source_key = ?2 AND seen_seq <> ?13 "
    "RETURNING changed_seq";

static int load_names(struct store *st, const char *sql, struct strmap *m,
                      struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, sql, &stmt, diag);

    while (!rc && sqlite3_step(stmt) == SQLITE_ROW)
        strmap_puts(m, (const char *)sqlite3_column_text(stmt, 1),
                    sqlite3_column_int64(stmt, 0));
    sqlite3_finalize(stmt);
    return rc;
}

static void add_ref(struct store_items *si, const void *pn, size_t len,
                    int64_t id, int64_t unit)
{
    si->refs = xgrow(si->refs, &si->refs_cap, si->nrefs + 1, sizeof(*si->refs));
    si->refs[si->nrefs].id = id;
    si->refs[si->nrefs].unit_id = unit;
    strmap_put(&si->people, pn, len, (int64_t)si->nrefs++);
}

static int load_people(struct store_items *si, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(si->st,
                            "SELECT p.pseudonym, p.id, coalesce(m.unit_id, 0) "
                            "FROM person p LEFT JOIN membership m ON "
                            "m.person_id = p.id AND m.active_to IS NULL "
                            "UNION ALL "
                            "SELECT a.pseudonym, a.person_id, "
                            "coalesce(m.unit_id, 0) FROM alias a "
                            "LEFT JOIN membership m ON m.person_id = "
                            "a.person_id AND m.active_to IS NULL",
                            &stmt, diag);

    while (!rc && sqlite3_step(stmt) == SQLITE_ROW)
        add_ref(si, sqlite3_column_blob(stmt, 0),
                (size_t)sqlite3_column_bytes(stmt, 0),
                sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2));
    sqlite3_finalize(stmt);
    return rc;
}

/* The id of name in m, inserting it with stmt (one text parameter). */
static int intern(struct store_items *si, struct strmap *m,
                  sqlite3_stmt *stmt, const char *name, int64_t *id,
                  struct diag *diag)
{
    if (strmap_gets(m, name, id))
        return 0;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        sqlite3_reset(stmt);
        return store__err(si->st, diag, "cannot add a name");
    }
    sqlite3_reset(stmt);
    *id = sqlite3_last_insert_rowid(si->st->db);
    strmap_puts(m, name, *id);
    return 0;
}

static int source_id(struct store *st, const char *name, int64_t *id,
                     struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "INSERT INTO source(name) VALUES (?1) "
                            "ON CONFLICT(name) DO UPDATE SET name = name "
                            "RETURNING id",
                            &stmt, diag);

    if (rc)
        return rc;
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW)
        *id = sqlite3_column_int64(stmt, 0);
    else
        rc = store__err(st, diag, "cannot record the source");
    sqlite3_finalize(stmt);
    return rc;
}

int store_items_open(struct store *st, const char *source, int64_t seq,
                     struct store_items **out, struct diag *diag)
{
    struct store_items *si = xcalloc(1, sizeof(*si));
    int rc;

    si->st = st;
    si->seq = seq;
    strmap_init(&si->units);
    strmap_init(&si->people);
    strmap_init(&si->workflows);
    strmap_init(&si->tools);
    rc = source_id(st, source, &si->source_id, diag);
    if (!rc)
        rc = store__prepare(st, SQL_INSERT, &si->insert, diag);
    if (!rc)
        rc = store__prepare(st, SQL_UPDATE, &si->update, diag);
    if (!rc)
        rc = store__prepare(st,
                            "INSERT INTO person(pseudonym, active_from) "
                            "VALUES (?1, ?2)",
                            &si->add_person, diag);
    if (!rc)
        rc = store__prepare(st, "INSERT INTO workflow(name) VALUES (?1)",
                            &si->add_workflow, diag);
    if (!rc)
        rc = store__prepare(st, "INSERT INTO tool(name) VALUES (?1)",
                            &si->add_tool, diag);
    if (!rc)
        rc = load_names(st, "SELECT id, name FROM unit", &si->units, diag);
    if (!rc)
        rc = load_names(st, "SELECT id, name FROM workflow", &si->workflows,
                        diag);
    if (!rc)
        rc = load_names(st, "SELECT id, name FROM tool", &si->tools, diag);
    if (!rc)
        rc = load_people(si, diag);
    if (rc) {
        store_items_free(si);
        si = NULL;
    }
    *out = si;
    return rc;
}

void store_items_free(struct store_items *si)
{
    if (!si)
        return;
    sqlite3_finalize(si->insert);
    sqlite3_finalize(si->update);
    sqlite3_finalize(si->add_person);
    sqlite3_finalize(si->add_workflow);
    sqlite3_finalize(si->add_tool);
    strmap_release(&si->units);
    strmap_release(&si->people);
    strmap_release(&si->workflows);
    strmap_release(&si->tools);
    free(si->refs);
    free(si);
}

__attribute__((format(printf, 3, 4))) static int
refuse(struct item_problem *prob, enum item_field f, const char *fmt, ...)
{
    va_list ap;

    prob->field = f;
    va_start(ap, fmt);
    vsnprintf(prob->msg, sizeof(prob->msg), fmt, ap);
    va_end(ap);
    return 1;
}

/* The person's id, adding a bare pseudonym for someone not in the roster. */
static int person(struct store_items *si, const struct item_row *row,
                  const struct person_ref **ref, struct diag *diag)
{
    int64_t idx;

    if (!strmap_get(&si->people, row->person, PSEUDO_BYTES, &idx)) {
        sqlite3_bind_blob(si->add_person, 1, row->person, PSEUDO_BYTES,
                          SQLITE_STATIC);
        sqlite3_bind_int64(si->add_person, 2, (sqlite3_int64)time(NULL));
        if (sqlite3_step(si->add_person) != SQLITE_DONE) {
            sqlite3_reset(si->add_person);
            return store__err(si->st, diag, "cannot add a person");
        }
        sqlite3_reset(si->add_person);
        add_ref(si, row->person, PSEUDO_BYTES,
                sqlite3_last_insert_rowid(si->st->db), 0);
        idx = (int64_t)si->nrefs - 1;
    }
    *ref = &si->refs[idx];
    return 0;
}

static void bind_opt_int(sqlite3_stmt *s, int i, long v)
{
    if (v < 0)
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_int64(s, i, v);
}

static void bind_opt_id(sqlite3_stmt *s, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(s, i, id);
    else
        sqlite3_bind_null(s, i);
}

static void bind_row(struct store_items *si, sqlite3_stmt *u,
                     const struct item_row *row, int64_t workflow,
                     int64_t unit, int64_t person, int64_t tool)
{
    sqlite3_bind_int64(u, 1, si->source_id);
    sqlite3_bind_text(u, 2, row->key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(u, 3, workflow);
    sqlite3_bind_int64(u, 4, unit);
    bind_opt_id(u, 5, person);
    bind_opt_id(u, 6, tool);
    sqlite3_bind_int64(u, 7, row->started);
    if (row->has_finished)
        sqlite3_bind_int64(u, 8, row->finished);
    else
        sqlite3_bind_null(u, 8);
    if (row->has_quality)
        sqlite3_bind_double(u, 9, row->quality);
    else
        sqlite3_bind_null(u, 9);
    bind_opt_int(u, 10, row->errors);
    bind_opt_int(u, 11, row->rework);
    bind_opt_int(u, 12, row->reviewed);
    sqlite3_bind_int64(u, 13, si->seq);
}

/* Updates a stored key; returns 0, 1 for a duplicate, or TR_EDB. */
static int update(struct store_items *si, const struct item_row *row,
                  int64_t workflow, int64_t unit, int64_t person,
                  int64_t tool, struct item_problem *prob, struct diag *diag)
{
    sqlite3_stmt *u = si->update;
    int rc = 0;

    bind_row(si, u, row, workflow, unit, person, tool);
    switch (sqlite3_step(u)) {
    case SQLITE_ROW:
        if (sqlite3_column_int64(u, 0) == si->seq)
            si->counts.updated++;
        else
            si->counts.unchanged++;
        if (sqlite3_step(u) != SQLITE_DONE)
            rc = store__err(si->st, diag, "cannot store a work item");
        break;
    case SQLITE_DONE: /* seen_seq = this import: listed twice */
        rc = refuse(prob, IF_KEY, "duplicate key '%.200s' in this file",
                    row->key);
        break;
    default:
        rc = store__err(si->st, diag, "cannot store a work item");
    }
    sqlite3_reset(u);
    return rc;
}

static int sink_row(void *ctx, const struct item_row *row,
                    struct item_problem *prob, struct diag *diag)
{
    struct store_items *si = ctx;
    const struct person_ref *ref = NULL;
    int64_t unit = 0, workflow, tool = 0;
    int rc;

    if (row->has_person) {
        rc = person(si, row, &ref, diag);
        if (rc)
            return rc;
    }
    if (row->team) {
        if (!strmap_gets(&si->units, row->team, &unit))
            return refuse(prob, IF_TEAM,
                          "unknown team '%.200s' (not in the roster)",
                          row->team);
    } else if (ref && ref->unit_id)
        unit = ref->unit_id;
    else
        return refuse(prob, IF_PERSON, "%s",
                      row->has_person ? "no team: the person is not in the "
                                        "roster and the row names no team"
                                      : "no team and no person");
    rc = intern(si, &si->workflows, si->add_workflow, row->workflow,
                &workflow, diag);
    if (!rc && row->tool)
        rc = intern(si, &si->tools, si->add_tool, row->tool, &tool, diag);
    if (rc)
        return rc;
    bind_row(si, si->insert, row, workflow, unit, ref ? ref->id : 0, tool);
    if (sqlite3_step(si->insert) != SQLITE_DONE) {
        sqlite3_reset(si->insert);
        return store__err(si->st, diag, "cannot store a work item");
    }
    sqlite3_reset(si->insert);
    if (sqlite3_changes(si->st->db) == 1) {
        si->counts.added++;
        return 0;
    }
    return update(si, row, workflow, unit, ref ? ref->id : 0, tool, prob,
                  diag);
}

void store_items_sink(struct store_items *si, struct item_sink *sink)
{
    sink->ctx = si;
    sink->row = sink_row;
}

void store_items_counts(const struct store_items *si,
                        struct store_items_counts *out)
{
    *out = si->counts;
}

int store_items_scan(struct store *st, int64_t since, int64_t until,
                     store_item_fn fn, void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_item_view v;
    int rc, step = SQLITE_DONE;

    rc = store__prepare(st,
                        "SELECT u.name, w.name, t.name, "
                        "coalesce(i.person_id, 0), i.started_at, "
                        "coalesce(i.finished_at, 0), i.quality, "
                        "coalesce(i.errors, -1), coalesce(i.rework, -1), "
                        "coalesce(i.reviewed, -1) "
                        "FROM work_item i JOIN unit u ON u.id = i.unit_id "
                        "JOIN workflow w ON w.id = i.workflow_id "
                        "LEFT JOIN tool t ON t.id = i.tool_id "
                        "WHERE (?1 = 0 OR coalesce(i.finished_at, "
                        "i.started_at) >= ?1) AND (?2 = 0 OR "
                        "coalesce(i.finished_at, i.started_at) < ?2)",
                        &stmt, diag);
    if (rc)
        return rc;
    sqlite3_bind_int64(stmt, 1, since);
    sqlite3_bind_int64(stmt, 2, until);
    while (!rc && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
        v.team = (const char *)sqlite3_column_text(stmt, 0);
        v.workflow = (const char *)sqlite3_column_text(stmt, 1);
        v.tool = (const char *)sqlite3_column_text(stmt, 2);
        v.person_id = sqlite3_column_int64(stmt, 3);
        v.started = sqlite3_column_int64(stmt, 4);
        v.finished = sqlite3_column_int64(stmt, 5);
        v.quality = sqlite3_column_type(stmt, 6) == SQLITE_NULL
                        ? NAN
                        : sqlite3_column_double(stmt, 6);
        v.errors = (long)sqlite3_column_int64(stmt, 7);
        v.rework = (long)sqlite3_column_int64(stmt, 8);
        v.reviewed = sqlite3_column_int(stmt, 9);
        rc = fn(ctx, &v, diag);
    }
    if (!rc && step != SQLITE_DONE)
        rc = store__err(st, diag, "cannot read work items");
    sqlite3_finalize(stmt);
    return rc;
}
