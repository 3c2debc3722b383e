/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work items: the import sink (upsert by source and key) and the scan the
 * analyses read. */
#include "store/store_int.h"

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
    sqlite3_stmt *insert1, *insertn, *update, *seen, *add_person,
        *add_workflow, *add_tool;
    struct item_sink *sink; /* borrowed; where refusals are reported */
    struct strmap units;   /* name -> id */
    struct strmap people;  /* pseudonym -> index into refs */
    struct person_ref *refs;
    size_t nrefs, refs_cap;
    struct strmap workflows, tools; /* name -> id */
    struct store_items_counts counts;
    char **changed;        /* owned: keys added or changed, up to
                              STORE_ITEMS_LISTED */
    size_t nchanged, changed_cap;
};

/* The lists of changes kept for readers: past this many rows, the older
 * imports' are let go (readers behind them read every item again). */
#define CHANGES_KEPT 100000

#define ITEM_COLS 13
/* Rows per multi-row insert: amortises statement overhead on the common
 * path, a first import of new keys. */
#define CHUNK 32

static const char SQL_INSERT_HEAD[] =
    "INSERT INTO work_item(source_id, source_key, workflow_id, unit_id, "
    "person_id, tool_id, started_at, finished_at, quality, errors, rework, "
    "reviewed, seen_seq) VALUES ";
static const char SQL_INSERT_TAIL[] =
    " ON CONFLICT(source_id, source_key) DO NOTHING";

/* A key already stored, with some value changed: update it, unless this
 * import already listed it (then it is a duplicate in the file). */
static const char SQL_UPDATE[] =
    "UPDATE work_item SET workflow_id = ?3, unit_id = ?4, person_id = ?5, "
    "tool_id = ?6, started_at = ?7, finished_at = ?8, quality = ?9, "
    "errors = ?10, rework = ?11, reviewed = ?12, seen_seq = ?13 "
    "WHERE source_id = ?1 AND source_key = ?2 AND seen_seq <> ?13 "
    "AND (workflow_id IS NOT ?3 OR unit_id IS NOT ?4 OR person_id IS NOT ?5 "
    "OR tool_id IS NOT ?6 OR started_at IS NOT ?7 OR finished_at IS NOT ?8 "
    "OR quality IS NOT ?9 OR errors IS NOT ?10 OR rework IS NOT ?11 "
    "OR reviewed IS NOT ?12)";

/* A key already stored with the same values: only mark it as seen. */
static const char SQL_SEEN[] =
    "UPDATE work_item SET seen_seq = ?3 "
    "WHERE source_id = ?1 AND source_key = ?2 AND seen_seq <> ?3";

static void add_ref(struct store_items *si, const void *pn, size_t len,
                    int64_t id, int64_t unit)
{
    si->refs = xgrow(si->refs, &si->refs_cap, si->nrefs + 1, sizeof(*si->refs));
    si->refs[si->nrefs].id = id;
    si->refs[si->nrefs].unit_id = unit;
    strmap_put(&si->people, pn, len, (int64_t)si->nrefs++);
}

static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    add_ref(ctx, pn, len, person_id, unit_id);
    return 0;
}

static int load_people(struct store_items *si, struct diag *diag)
{
    return store_identities(si->st, on_identity, si, diag);
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
    return store__name_intern(st, "source", name, id, diag);
}

/* An insert of n rows. */
static int prepare_insert(struct store *st, size_t n, sqlite3_stmt **stmt,
                          struct diag *diag)
{
    struct buf sql = BUF_INIT;
    int rc;

    buf_puts(&sql, SQL_INSERT_HEAD);
    for (size_t r = 0; r < n; r++) {
        buf_puts(&sql, r ? ",(" : "(");
        for (size_t c = 0; c < ITEM_COLS; c++)
            buf_puts(&sql, c ? ",?" : "?");
        buf_putc(&sql, ')');
    }
    buf_puts(&sql, SQL_INSERT_TAIL);
    rc = store__prepare(st, buf_str(&sql), stmt, diag);
    buf_release(&sql);
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
        rc = prepare_insert(st, 1, &si->insert1, diag);
    if (!rc)
        rc = prepare_insert(st, CHUNK, &si->insertn, diag);
    if (!rc)
        rc = store__prepare(st, SQL_UPDATE, &si->update, diag);
    if (!rc)
        rc = store__prepare(st, SQL_SEEN, &si->seen, diag);
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
        rc = store__names(st, "SELECT id, name FROM unit", &si->units, diag);
    if (!rc)
        rc = store__names(st, "SELECT id, name FROM workflow", &si->workflows,
                        diag);
    if (!rc)
        rc = store__names(st, "SELECT id, name FROM tool", &si->tools, diag);
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
    for (size_t i = 0; i < si->nchanged && i < STORE_ITEMS_LISTED; i++)
        free(si->changed[i]);
    free(si->changed);
    sqlite3_finalize(si->insert1);
    sqlite3_finalize(si->insertn);
    sqlite3_finalize(si->update);
    sqlite3_finalize(si->seen);
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

/* A row with its names resolved to ids. */
struct resolved {
    const struct item_row *row;
    int64_t workflow, unit, person, tool;
};

/* Binds a row's 13 values from parameter base + 1 on. */
static void bind_row(struct store_items *si, sqlite3_stmt *u, int base,
                     const struct resolved *r)
{
    const struct item_row *row = r->row;

    sqlite3_bind_int64(u, base + 1, si->source_id);
    sqlite3_bind_text(u, base + 2, row->key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(u, base + 3, r->workflow);
    sqlite3_bind_int64(u, base + 4, r->unit);
    bind_opt_id(u, base + 5, r->person);
    bind_opt_id(u, base + 6, r->tool);
    sqlite3_bind_int64(u, base + 7, row->started);
    if (row->has_finished)
        sqlite3_bind_int64(u, base + 8, row->finished);
    else
        sqlite3_bind_null(u, base + 8);
    if (row->has_quality)
        sqlite3_bind_double(u, base + 9, row->quality);
    else
        sqlite3_bind_null(u, base + 9);
    bind_opt_int(u, base + 10, row->errors);
    bind_opt_int(u, base + 11, row->rework);
    bind_opt_int(u, base + 12, row->reviewed);
    sqlite3_bind_int64(u, base + 13, si->seq);
}

/* Runs a statement without result rows; returns sqlite3_changes. */
static int step_changes(struct store_items *si, sqlite3_stmt *stmt,
                        struct diag *diag)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE
                 ? sqlite3_changes(si->st->db)
                 : store__err(si->st, diag, "cannot store a work item");

    sqlite3_reset(stmt);
    return rc;
}

/* A key this import added or changed. */
static void changed(struct store_items *si, const char *key)
{
    if (si->nchanged++ >= STORE_ITEMS_LISTED)
        return;
    si->changed = xgrow(si->changed, &si->changed_cap, si->nchanged,
                        sizeof(*si->changed));
    si->changed[si->nchanged - 1] = xstrdup(key);
}

int store_items_finish(struct store_items *si, struct diag *diag)
{
    static const char add[] =
        "INSERT INTO work_item_change(seq, source_id, source_key) "
        "VALUES (?1, ?2, ?3)";
    int64_t kept = 0;
    int rc = 0;

    if (!si->nchanged)
        return 0;
    if (si->nchanged > STORE_ITEMS_LISTED)
        return store__run(si->st, add,
                          STORE_ARGS(STORE_INT(si->seq), STORE_INT(0),
                                     STORE_TEXT("")),
                          "cannot record what the import changed", diag);
    {
        sqlite3_stmt *stmt = NULL;

        rc = store__prepare(si->st, add, &stmt, diag);
        for (size_t i = 0; !rc && i < si->nchanged; i++) {
            sqlite3_bind_int64(stmt, 1, si->seq);
            sqlite3_bind_int64(stmt, 2, si->source_id);
            store__bind_text(stmt, 3, si->changed[i]);
            if (step_changes(si, stmt, diag) < 0)
                rc = TR_EDB;
        }
        sqlite3_finalize(stmt);
    }
    if (!rc)
        rc = store__int(si->st, "SELECT count(*) FROM work_item_change",
                        &kept, diag);
    if (!rc && kept > CHANGES_KEPT) /* the older lists go: "all" instead */
        rc = store__run(si->st,
                        "DELETE FROM work_item_change WHERE seq < ?1",
                        STORE_ARGS(STORE_INT(si->seq)), NULL, diag);
    if (!rc && kept > CHANGES_KEPT)
        rc = store__run(si->st, add,
                        STORE_ARGS(STORE_INT(si->seq - 1), STORE_INT(0),
                                   STORE_TEXT("")),
                        "cannot record what the import changed", diag);
    return rc;
}

/* One row: insert, else update, else mark seen, else it is a duplicate. */
static int store_one(struct store_items *si, const struct resolved *r,
                     struct diag *diag)
{
    struct item_problem prob;
    int n;

    bind_row(si, si->insert1, 0, r);
    n = step_changes(si, si->insert1, diag);
    if (n > 0) {
        si->counts.added++;
        changed(si, r->row->key);
    }
    if (n)
        return n < 0 ? n : 0;
    bind_row(si, si->update, 0, r);
    n = step_changes(si, si->update, diag);
    if (n > 0) {
        si->counts.updated++;
        changed(si, r->row->key);
    }
    if (n)
        return n < 0 ? n : 0;
    sqlite3_bind_int64(si->seen, 1, si->source_id);
    sqlite3_bind_text(si->seen, 2, r->row->key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(si->seen, 3, si->seq);
    n = step_changes(si, si->seen, diag);
    if (n > 0)
        si->counts.unchanged++;
    if (n)
        return n < 0 ? n : 0;
    refuse(&prob, IF_KEY, "duplicate key '%.200s' in this file", r->row->key);
    si->sink->refused(si->sink->owner, r->row, &prob);
    return 0;
}

static int has_duplicate(const struct resolved *c, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(c[i].row->key, c[j].row->key))
                return 1;
    return 0;
}

/* Stores a chunk: one multi-row insert when every key is new, otherwise
 * row by row (inside a savepoint, so a partly applied insert is undone). */
static int store_chunk(struct store_items *si, const struct resolved *c,
                       size_t n, struct diag *diag)
{
    int rc = 0;

    if (n == CHUNK && !has_duplicate(c, n)) {
        rc = store__exec(si->st, "SAVEPOINT chunk", diag);
        for (size_t i = 0; i < n && !rc; i++)
            bind_row(si, si->insertn, (int)(i * ITEM_COLS), &c[i]);
        if (!rc) {
            int done = step_changes(si, si->insertn, diag);

            if (done == (int)n) {
                si->counts.added += (long)n;
                for (size_t i = 0; i < n; i++)
                    changed(si, c[i].row->key);
                return store__exec(si->st, "RELEASE chunk", diag);
            }
            if (done < 0)
                rc = done;
        }
        sqlite3_exec(si->st->db, "ROLLBACK TO chunk; RELEASE chunk", NULL,
                     NULL, NULL);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = store_one(si, &c[i], diag);
    return rc;
}

/* Resolves names to ids; returns 0, 1 when refused (prob set), or < 0. */
static int resolve(struct store_items *si, const struct item_row *row,
                   struct resolved *r, struct item_problem *prob,
                   struct diag *diag)
{
    const struct person_ref *ref = NULL;
    int rc;

    memset(r, 0, sizeof(*r));
    r->row = row;
    if (row->has_person) {
        rc = person(si, row, &ref, diag);
        if (rc)
            return rc;
        r->person = ref->id;
    }
    if (row->team) {
        if (!strmap_gets(&si->units, row->team, &r->unit))
            return refuse(prob, IF_TEAM,
                          "unknown team '%.200s' (not in the roster)",
                          row->team);
    } else if (ref && ref->unit_id)
        r->unit = ref->unit_id;
    else
        return refuse(prob, IF_PERSON, "%s",
                      row->has_person ? "no team: the person is not in the "
                                        "roster and the row names no team"
                                      : "no team and no person");
    rc = intern(si, &si->workflows, si->add_workflow, row->workflow,
                &r->workflow, diag);
    if (!rc && row->tool)
        rc = intern(si, &si->tools, si->add_tool, row->tool, &r->tool, diag);
    return rc;
}

static int sink_rows(void *ctx, const struct item_row *rows, size_t n,
                     struct diag *diag)
{
    struct store_items *si = ctx;
    struct resolved chunk[CHUNK];
    struct item_problem prob;
    size_t k = 0;
    int rc = 0;

    for (size_t i = 0; i < n && !rc; i++) {
        rc = resolve(si, &rows[i], &chunk[k], &prob, diag);
        if (rc == 1) {
            si->sink->refused(si->sink->owner, &rows[i], &prob);
            rc = 0;
            continue;
        }
        if (!rc && ++k == CHUNK) {
            rc = store_chunk(si, chunk, k, diag);
            k = 0;
        }
    }
    if (!rc && k)
        rc = store_chunk(si, chunk, k, diag);
    return rc;
}

void store_items_sink(struct store_items *si, struct item_sink *sink)
{
    sink->ctx = si;
    sink->rows = sink_rows;
    si->sink = sink;
}

void store_items_counts(const struct store_items *si,
                        struct store_items_counts *out)
{
    *out = si->counts;
}

int store_items_scan(struct store *st, int64_t since, int64_t until,
                     int64_t unit_id, store_item_fn fn, void *ctx,
                     struct diag *diag)
{
    struct store__snap *snap = NULL;
    struct store_item_view v = {0};
    struct store__byid units, wfs, tools;
    int rc;

    store__byid_init(&units);
    store__byid_init(&wfs);
    store__byid_init(&tools);
    rc = store__byid_load(st, "SELECT id, name FROM unit", &units, diag);
    if (!rc)
        rc = store__byid_load(st, "SELECT id, name FROM workflow", &wfs,
                              diag);
    if (!rc)
        rc = store__byid_load(st, "SELECT id, name FROM tool", &tools, diag);
    if (!rc)
        rc = store__items_snap(st, &snap, diag);
    for (size_t k = 0; !rc && snap && k < snap->nc; k++)
        for (size_t i = 0; !rc && i < snap->c[k]->n; i++) {
            const struct store__item *it = &snap->c[k]->v[i];
            int64_t day = it->finished ? it->finished : it->started;

            if ((since && day < since) || (until && day >= until)
                || (unit_id && it->unit_id != unit_id))
                continue;
            /* neighbours in key order share names more often than not */
            if (it->unit_id != v.unit_id || !v.team)
                v.team = store__byid_text(&units, it->unit_id, 0);
            if (it->workflow_id != v.workflow_id || !v.workflow)
                v.workflow = store__byid_text(&wfs, it->workflow_id, 0);
            if (it->tool_id != v.tool_id)
                v.tool = it->tool_id ? store__byid_text(&tools, it->tool_id, 0)
                                     : NULL;
            v.unit_id = it->unit_id;
            v.workflow_id = it->workflow_id;
            v.tool_id = it->tool_id;
            if (!v.team || !v.workflow) /* as a join would: not an item */
                continue;
            v.person_id = it->person_id;
            v.started = it->started;
            v.finished = it->finished;
            v.quality = it->quality;
            v.errors = (long)it->errors;
            v.rework = (long)it->rework;
            v.reviewed = it->reviewed;
            rc = fn(ctx, &v, diag);
        }
    store__snap_put(snap);
    store__byid_release(&units);
    store__byid_release(&wfs);
    store__byid_release(&tools);
    return rc;
}

int store_name_find(struct store *st, const char *kind, const char *name,
                    int64_t *id, struct diag *diag)
{
    static const struct {
        const char *kind, *sql;
    } q[] = {
        {"unit", "SELECT id FROM unit WHERE name = ?"},
        {"workflow", "SELECT id FROM workflow WHERE name = ?"},
        {"tool", "SELECT id FROM tool WHERE name = ?"},
    };
    sqlite3_stmt *stmt = NULL;
    int rc = TR_EINVAL;

    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
        if (strcmp(q[i].kind, kind))
            continue;
        rc = store__prepare(st, q[i].sql, &stmt, diag);
        if (rc)
            return rc;
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        rc = store__first_int(st, stmt, id, diag);
        if (!rc)
            rc = diag_set(diag, TR_ENOENT, "unknown %s '%s'",
                          !strcmp(kind, "unit") ? "team" : kind, name);
        return rc < 0 ? rc : 0;
    }
    return diag_set(diag, rc, "unknown kind '%s'", kind);
}
