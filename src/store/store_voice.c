/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey waves, anonymous links and responses (store/voice.h says what
 * is kept and why). */
#include "store/store_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void store_wave_release(struct store_wave *w)
{
    if (!w)
        return;
    free(w->name);
    free(w->instrument);
    free(w->definition);
    free(w->uses);
    memset(w, 0, sizeof(*w));
}

static char *dup_col(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    return xstrdup(t ? (const char *)t : "");
}

#define WAVE_COLS                                                         \
    "id, name, instrument, version, definition, uses, opened, "           \
    "coalesce(until, 0), coalesce(closed, 0)"

/* Reads a wave's row; TR_EDB when SQLite ran out of memory reading a
 * text column (the column reads as NULL then, which must not pass for an
 * empty definition). */
static int read_wave(struct store *st, sqlite3_stmt *s, struct store_wave *w,
                     struct diag *diag)
{
    w->id = sqlite3_column_int64(s, 0);
    w->name = dup_col(s, 1);
    w->instrument = dup_col(s, 2);
    w->version = (long)sqlite3_column_int64(s, 3);
    w->definition = dup_col(s, 4);
    w->uses = dup_col(s, 5);
    w->opened = sqlite3_column_int64(s, 6);
    w->until = sqlite3_column_int64(s, 7);
    w->closed = sqlite3_column_int64(s, 8);
    if (sqlite3_errcode(st->db) == SQLITE_NOMEM)
        return store__err(st, diag, "cannot read a survey wave");
    return 0;
}

int store_wave_add(struct store *st, const struct store_wave *w,
                   const int64_t *units, size_t nunits, int64_t *id,
                   struct diag *diag)
{
    struct store_wave have;
    int found, rc = store_wave_find(st, w->name, &have, &found, diag);

    store_wave_release(&have);
    if (rc)
        return rc;
    if (found)
        return diag_set(diag, TR_EEXIST, "a wave '%s' exists", w->name);
    rc = store__run(
        st,
        "INSERT INTO survey_wave(name, instrument, version, definition, "
        "uses, opened, until, closed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        STORE_ARGS(STORE_TEXT(w->name), STORE_TEXT(w->instrument),
                   STORE_INT(w->version), STORE_TEXT(w->definition),
                   STORE_TEXT(w->uses ? w->uses : "[]"), STORE_INT(w->opened),
                   w->until ? STORE_INT(w->until) : STORE_NULL,
                   w->closed ? STORE_INT(w->closed) : STORE_NULL),
        NULL, diag);
    if (rc)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    for (size_t i = 0; i < nunits && !rc; i++)
        rc = store__run(st,
                        "INSERT OR IGNORE INTO survey_wave_unit(wave_id, "
                        "unit_id) VALUES (?, ?)",
                        STORE_ARGS(STORE_INT(*id), STORE_INT(units[i])), NULL,
                        diag);
    if (!rc)
        rc = store__audit(
            st, "survey.open", w->name,
            STORE_ARGS(STORE_TEXT("instrument"), STORE_TEXT(w->instrument),
                       STORE_TEXT("version"), STORE_INT(w->version),
                       STORE_TEXT("units"), STORE_INT(nunits),
                       STORE_TEXT("opened"), STORE_INT(w->opened),
                       STORE_TEXT("closed"),
                       w->closed ? STORE_INT(w->closed) : STORE_NULL),
            diag);
    return rc;
}

static int wave_query(struct store *st, const char *sql, const char *arg,
                      struct store_wave *w, int *found, struct diag *diag)
{
    const struct store__arg args[] = {STORE_TEXT(arg), STORE_TEXT(arg)};
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, sql, args, arg ? 2 : 0, &stmt, diag);

    memset(w, 0, sizeof(*w));
    *found = 0;
    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc > 0 && (rc = read_wave(st, stmt, w, diag)) == 0)
        *found = 1;
    sqlite3_finalize(stmt);
    if (rc < 0)
        store_wave_release(w);
    return rc < 0 ? rc : 0;
}

int store_wave_find(struct store *st, const char *name, struct store_wave *w,
                    int *found, struct diag *diag)
{
    return wave_query(st,
                      "SELECT " WAVE_COLS " FROM survey_wave WHERE name = ?1 "
                      "OR (?2 GLOB '[1-9]*' AND ?2 NOT GLOB '*[^0-9]*' "
                      "AND id = CAST(?2 AS INTEGER)) ORDER BY name = ?1 DESC "
                      "LIMIT 1",
                      name, w, found, diag);
}

int store_wave_latest(struct store *st, struct store_wave *w, int *found,
                      struct diag *diag)
{
    return wave_query(st,
                      "SELECT " WAVE_COLS " FROM survey_wave "
                      "ORDER BY id DESC LIMIT 1",
                      NULL, w, found, diag);
}

int store_waves(struct store *st, store_wave_fn fn, void *ctx,
                struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "SELECT " WAVE_COLS
                            " FROM survey_wave ORDER BY id",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store_wave w;

        memset(&w, 0, sizeof(w));
        rc = read_wave(st, stmt, &w, diag);
        if (!rc)
            rc = fn(ctx, &w, diag);
        store_wave_release(&w);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_wave_units(struct store *st, int64_t wave_id, store_voice_id_fn fn,
                     void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT unit_id FROM survey_wave_unit "
                          "WHERE wave_id = ? ORDER BY unit_id",
                          STORE_ARGS(STORE_INT(wave_id)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, sqlite3_column_int64(stmt, 0), diag);
    sqlite3_finalize(stmt);
    return rc;
}

/* The audit trail's entry for a wave closed on day. */
static int wave_closed(struct store *st, int64_t wave_id, int64_t day,
                       struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT name FROM survey_wave WHERE id = ?",
                          STORE_ARGS(STORE_INT(wave_id)), &stmt, diag);

    if (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = store__audit(st, "survey.close",
                          (const char *)sqlite3_column_text(stmt, 0),
                          STORE_ARGS(STORE_TEXT("closed"), STORE_INT(day)),
                          diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_wave_close(struct store *st, int64_t wave_id, int64_t day,
                     struct diag *diag)
{
    int rc = store__exec(st, "PRAGMA secure_delete = ON", diag);

    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = store__run(st,
                        "UPDATE survey_wave SET closed = ?2 "
                        "WHERE id = ?1 AND closed IS NULL",
                        STORE_ARGS(STORE_INT(wave_id), STORE_INT(day)), NULL,
                        diag);
    if (!rc && sqlite3_changes(st->db) == 1)
        rc = wave_closed(st, wave_id, day, diag);
    if (!rc)
        rc = store__run(st,
                        "UPDATE survey_link SET sealed = NULL "
                        "WHERE wave_id = ?",
                        STORE_ARGS(STORE_INT(wave_id)), NULL, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    /* the log keeps pages in the order they were written: fold it into
     * the file and truncate it (a reader still open keeps it; then the
     * next checkpoint does) */
    sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    return 0;
}

int store_voice_link_add(struct store *st, int64_t wave_id, int64_t unit_id,
                         const unsigned char *hash, struct diag *diag)
{
    return store__run(st,
                      "INSERT INTO survey_link(token_hash, wave_id, "
                      "unit_id) VALUES (?, ?, ?)",
                      STORE_ARGS(STORE_BLOB(hash, STORE_VOICE_HASH),
                                 STORE_INT(wave_id), STORE_INT(unit_id)),
                      NULL, diag);
}

int store_voice_link_find(struct store *st, const unsigned char *hash,
                          int64_t *wave_id, int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT wave_id FROM survey_link "
                          "WHERE token_hash = ?",
                          STORE_ARGS(STORE_BLOB(hash, STORE_VOICE_HASH)), &stmt,
                          diag);

    *found = 0;
    *wave_id = 0;
    if (rc)
        return rc;
    rc = store__first_int(st, stmt, wave_id, diag);
    *found = rc > 0;
    return rc < 0 ? rc : 0;
}

int store_voice_link_counts(struct store *st, int64_t wave_id, long *issued,
                            long *used, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT count(*), coalesce(sum(used), 0) "
                          "FROM survey_link WHERE wave_id = ?",
                          STORE_ARGS(STORE_INT(wave_id)), &stmt, diag);

    *issued = *used = 0;
    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc > 0) {
        *issued = (long)sqlite3_column_int64(stmt, 0);
        *used = (long)sqlite3_column_int64(stmt, 1);
    }
    sqlite3_finalize(stmt);
    return rc < 0 ? rc : 0;
}

int store_voice_response_counts(struct store *st, int64_t wave_id,
                                store_unit_count_fn fn, void *ctx,
                                struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "SELECT u.name, count(*) FROM survey_response r "
                            "JOIN unit u ON u.id = r.unit_id "
                            "WHERE r.wave_id = ? GROUP BY u.id",
                            &stmt, diag);

    if (rc)
        return rc;
    sqlite3_bind_int64(stmt, 1, wave_id);
    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
                (long)sqlite3_column_int64(stmt, 1), diag);
    sqlite3_finalize(stmt);
    return rc;
}

/* A fresh random response id (positive, 63 bits) not yet taken. */
static int new_response(struct store *st, int64_t wave_id, int64_t unit_id,
                        int64_t *id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (sodium_init() < 0)
        return diag_set(diag, TR_EIO, "no source of random numbers");
    for (int tries = 0; tries < 8; tries++) {
        uint64_t r;
        int64_t taken;

        randombytes_buf(&r, sizeof(r));
        *id = (int64_t)(r >> 1);
        if (!*id)
            continue;
        rc = store__query(st, "SELECT 1 FROM survey_response WHERE id = ?",
                          STORE_ARGS(STORE_INT(*id)), &stmt, diag);
        if (rc)
            return rc;
        rc = store__first_int(st, stmt, &taken, diag);
        if (rc < 0)
            return rc;
        if (rc > 0)
            continue;
        return store__run(
            st,
            "INSERT INTO survey_response(id, wave_id, "
            "unit_id) VALUES (?, ?, ?)",
            STORE_ARGS(STORE_INT(*id), STORE_INT(wave_id), STORE_INT(unit_id)),
            NULL, diag);
    }
    return diag_set(diag, TR_EDB, "no free response id");
}

static int add_answers(struct store *st, int64_t id,
                       const struct survey_response *r, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "INSERT INTO survey_answer(response_id, item, "
                            "tool, workflow, value) VALUES (?, ?, ?, ?, ?)",
                            &stmt, diag);

    for (size_t i = 0; !rc && i < r->n; i++) {
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, r->a[i].item, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, r->a[i].tool, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 4, r->a[i].workflow, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 5, r->a[i].value, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            rc = store__err(st, diag, "cannot store an answer");
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_voice_response_add(struct store *st, int64_t wave_id,
                             int64_t unit_id, const struct survey_response *r,
                             struct diag *diag)
{
    int64_t id;
    int rc = new_response(st, wave_id, unit_id, &id, diag);

    return rc ? rc : add_answers(st, id, r, diag);
}

int store_voice_answer(struct store *st, const unsigned char *hash,
                       const unsigned char *pad, int64_t day,
                       const struct survey_response *r, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int64_t wave_id, unit_id, id = 0, until, closed;
    unsigned char sealed[STORE_VOICE_PAD];
    int rc, used, has_seal = 0;

    rc = store__exec(st, "PRAGMA secure_delete = ON", diag);
    if (!rc)
        rc = store__query(st,
                          "SELECT l.wave_id, l.unit_id, l.used, l.sealed, "
                          "coalesce(w.until, 0), coalesce(w.closed, 0) "
                          "FROM survey_link l JOIN survey_wave w "
                          "ON w.id = l.wave_id WHERE l.token_hash = ?",
                          STORE_ARGS(STORE_BLOB(hash, STORE_VOICE_HASH)), &stmt,
                          diag);
    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc <= 0) {
        sqlite3_finalize(stmt);
        return rc < 0 ? rc : diag_set(diag, TR_ENOENT, "no such survey link");
    }
    wave_id = sqlite3_column_int64(stmt, 0);
    unit_id = sqlite3_column_int64(stmt, 1);
    used = sqlite3_column_int(stmt, 2);
    if (sqlite3_column_bytes(stmt, 3) == STORE_VOICE_PAD) {
        memcpy(sealed, sqlite3_column_blob(stmt, 3), STORE_VOICE_PAD);
        has_seal = 1;
    }
    until = sqlite3_column_int64(stmt, 4);
    closed = sqlite3_column_int64(stmt, 5);
    sqlite3_finalize(stmt);
    if (closed || !until || day > until)
        return diag_set(diag, TR_EPERM, "the survey is closed");
    if (used && has_seal) { /* a change: the same response */
        for (int i = 0; i < STORE_VOICE_PAD; i++)
            id = (int64_t)((uint64_t)id << 8 | (uint8_t)(sealed[i] ^ pad[i]));
        rc = store__run(st, "DELETE FROM survey_answer WHERE response_id = ?",
                        STORE_ARGS(STORE_INT(id)), NULL, diag);
    } else
        rc = new_response(st, wave_id, unit_id, &id, diag);
    if (!rc)
        rc = add_answers(st, id, r, diag);
    if (rc)
        return rc;
    for (int i = STORE_VOICE_PAD - 1; i >= 0; i--)
        sealed[i] = (unsigned char)((uint64_t)id >> (8 * (STORE_VOICE_PAD - 1
                                                          - i))
                                    ^ pad[i]);
    return store__run(st,
                      "UPDATE survey_link SET used = 1, sealed = ? "
                      "WHERE token_hash = ?",
                      STORE_ARGS(STORE_BLOB(sealed, STORE_VOICE_PAD),
                                 STORE_BLOB(hash, STORE_VOICE_HASH)),
                      NULL, diag);
}

struct resp_acc {
    struct survey_answer *a;
    size_t n, cap;
    struct buf text; /* the strings of a, NUL-separated */
    size_t *off;     /* per answer: item, tool, workflow, value offsets */
    size_t off_cap;
};

int store_voice_responses(struct store *st, int64_t wave_id,
                          store_voice_response_fn fn, void *ctx,
                          struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct resp_acc acc;
    char *unit = NULL;
    int64_t cur = 0;
    int rc;

    memset(&acc, 0, sizeof(acc));
    rc = store__query(st,
                      "SELECT r.id, u.name, a.item, a.tool, a.workflow, "
                      "a.value FROM survey_response r "
                      "JOIN unit u ON u.id = r.unit_id "
                      "LEFT JOIN survey_answer a ON a.response_id = r.id "
                      "WHERE r.wave_id = ? ORDER BY r.id",
                      STORE_ARGS(STORE_INT(wave_id)), &stmt, diag);
    for (;;) {
        int got = rc ? 0 : store__step(st, stmt, diag);
        int64_t id = got > 0 ? sqlite3_column_int64(stmt, 0) : 0;

        if (got < 0)
            rc = got;
        if (rc)
            break;
        if (cur && id != cur) { /* a response is complete */
            for (size_t i = 0; i < acc.n; i++) {
                acc.a[i].item = acc.text.data + acc.off[4 * i];
                acc.a[i].tool = acc.text.data + acc.off[4 * i + 1];
                acc.a[i].workflow = acc.text.data + acc.off[4 * i + 2];
                acc.a[i].value = acc.text.data + acc.off[4 * i + 3];
            }
            rc = fn(ctx, unit, acc.a, acc.n, diag);
            acc.n = 0;
            buf_reset(&acc.text);
            if (rc)
                break;
        }
        if (!got)
            break;
        if (id != cur) {
            free(unit);
            unit = dup_col(stmt, 1);
            cur = id;
        }
        if (sqlite3_column_type(stmt, 2) == SQLITE_NULL)
            continue; /* a response with no answers */
        acc.a = xgrow(acc.a, &acc.cap, acc.n + 1, sizeof(*acc.a));
        acc.off = xgrow(acc.off, &acc.off_cap, 4 * (acc.n + 1),
                        sizeof(*acc.off));
        for (int c = 0; c < 4; c++) {
            const unsigned char *t = sqlite3_column_text(stmt, 2 + c);

            acc.off[4 * acc.n + (size_t)c] = acc.text.len;
            buf_puts(&acc.text, t ? (const char *)t : "");
            buf_putc(&acc.text, '\0');
        }
        acc.n++;
    }
    sqlite3_finalize(stmt);
    free(unit);
    free(acc.a);
    free(acc.off);
    buf_release(&acc.text);
    return rc;
}

/* ---- the friction backlog ---- */

int store_friction_raise(struct store *st, const char *unit,
                         const char *workflow, const char *category,
                         int64_t wave_id, double share, int *added,
                         struct diag *diag)
{
    int rc = store__run(
        st,
        "INSERT INTO friction(unit, workflow, category, raised_wave_id, "
        "share) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM "
        "friction WHERE unit = ?1 AND workflow = ?2 AND category = ?3 AND "
        "(status <> 'resolved' OR raised_wave_id >= ?4))",
        STORE_ARGS(STORE_TEXT(unit), STORE_TEXT(workflow), STORE_TEXT(category),
                   STORE_INT(wave_id), STORE_REAL(share)),
        NULL, diag);

    *added = 0;
    if (!rc)
        *added = sqlite3_changes(st->db) > 0;
    return rc;
}

int store_frictions(struct store *st, store_friction_fn fn, void *ctx,
                    struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "SELECT f.id, f.unit, f.workflow, f.category, "
                            "f.raised_wave_id, w.name, f.share, f.status, "
                            "f.owner, f.note FROM friction f JOIN "
                            "survey_wave w ON w.id = f.raised_wave_id "
                            "ORDER BY f.id",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store_friction f;

        f.id = sqlite3_column_int64(stmt, 0);
        f.unit = (const char *)sqlite3_column_text(stmt, 1);
        f.workflow = (const char *)sqlite3_column_text(stmt, 2);
        f.category = (const char *)sqlite3_column_text(stmt, 3);
        f.raised_wave_id = sqlite3_column_int64(stmt, 4);
        f.raised_wave = (const char *)sqlite3_column_text(stmt, 5);
        f.share = sqlite3_column_double(stmt, 6);
        f.status = (const char *)sqlite3_column_text(stmt, 7);
        f.owner = (const char *)sqlite3_column_text(stmt, 8);
        f.note = (const char *)sqlite3_column_text(stmt, 9);
        rc = fn(ctx, &f, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_friction_set(struct store *st, int64_t id, const char *status,
                       const char *owner, const char *note,
                       struct diag *diag)
{
    int rc = store__run(st,
                        "UPDATE friction SET status = ?2, "
                        "owner = coalesce(?3, owner), "
                        "note = coalesce(?4, note) WHERE id = ?1",
                        STORE_ARGS(STORE_INT(id), STORE_TEXT(status),
                                   STORE_TEXT(owner), STORE_TEXT(note)),
                        NULL, diag);

    char subject[32];

    if (!rc && sqlite3_changes(st->db) == 0)
        rc = diag_set(diag, TR_ENOENT, "no friction item %lld",
                      (long long)id);
    snprintf(subject, sizeof(subject), "friction %lld", (long long)id);
    if (!rc)
        rc = store__audit(st, "friction.set", subject,
                          STORE_ARGS(STORE_TEXT("status"), STORE_TEXT(status),
                                     STORE_TEXT("owner"), STORE_TEXT(owner),
                                     STORE_TEXT("note"), STORE_TEXT(note)),
                          diag);
    return rc;
}
