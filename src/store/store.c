/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening, checking and migrating the workspace; transactions; the key
 * check value; the import log; the workspace summary. */
#define _POSIX_C_SOURCE 200809L
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/strmap.h"
#include "core/u64map.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define BUSY_MS 5000 /* how long a statement waits for a lock */
#define WAIT_STEP_MS 50 /* how often a waiting writer tries again */

int store_latest_version(void)
{
    return store__migrations[store__nmigrations - 1].version;
}

/* Why SQLite could not write the workspace, when its last error says it
 * could not: the file or its folder is read-only for this user (in WAL
 * mode even a command that only reads writes the -shm file, the WAL's
 * index, created beside the workspace with the -wal file); "" else. */
static const char *why_not_written(struct store *st)
{
    const char *slash = strrchr(st->path, '/');
    struct buf dir = BUF_INIT;
    const char *why = "";

    switch (sqlite3_errcode(st->db)) {
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        break;
    default:
        return "";
    }
    if (slash == st->path)
        buf_puts(&dir, "/");
    else if (slash)
        buf_add(&dir, st->path, (size_t)(slash - st->path));
    else
        buf_puts(&dir, ".");
    if (access(st->path, W_OK))
        why = " (the file is read-only for this user)";
    else if (access(buf_str(&dir), W_OK))
        why = " (its folder is read-only for this user; SQLite creates "
              "the -wal and -shm files beside the workspace, even to read "
              "it)";
    buf_release(&dir);
    return why;
}

/* TR_EBUSY when SQLite's last error is a lock another connection holds
 * (an import writing), TR_EDB for anything else. */
static int err_code(struct store *st)
{
    return (sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY ? TR_EBUSY
                                                           : TR_EDB;
}

int store__err(struct store *st, struct diag *diag, const char *what)
{
    const char *why = why_not_written(st);

    if (*why)
        return diag_set(diag, TR_EDB, "%s: %s: workspace '%s'%s", what,
                        sqlite3_errmsg(st->db), st->path, why);
    return diag_set(diag, err_code(st), "%s: %s", what,
                    sqlite3_errmsg(st->db));
}

int store__exec(struct store *st, const char *sql, struct diag *diag)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        const char *why = why_not_written(st);
        int code = *why ? TR_EDB : err_code(st);

        if (*why)
            diag_set(diag, code, "database error: %s: workspace '%s'%s",
                     msg ? msg : "unknown", st->path, why);
        else
            diag_set(diag, code, "database error: %s", msg ? msg : "unknown");
        sqlite3_free(msg);
        return code;
    }
    return 0;
}

int store__prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
                   struct diag *diag)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return store__err(st, diag, "cannot prepare statement");
    return 0;
}

int store__query(struct store *st, const char *sql,
                 const struct store__arg *args, size_t n, sqlite3_stmt **stmt,
                 struct diag *diag)
{
    int rc = store__prepare(st, sql, stmt, diag);

    for (size_t i = 0; i < n && !rc; i++) {
        int at = (int)i + 1, brc;

        switch (args[i].type) {
        case STORE__INT:
            brc = sqlite3_bind_int64(*stmt, at, args[i].i);
            break;
        case STORE__REAL:
            brc = sqlite3_bind_double(*stmt, at, args[i].d);
            break;
        case STORE__TEXT:
            brc = args[i].p ? sqlite3_bind_text(*stmt, at, args[i].p, -1,
                                                SQLITE_STATIC)
                            : sqlite3_bind_null(*stmt, at);
            break;
        default:
            brc = sqlite3_bind_blob(*stmt, at, args[i].p, (int)args[i].len,
                                    SQLITE_STATIC);
            break;
        }
        if (brc != SQLITE_OK) {
            rc = store__err(st, diag, "cannot bind a parameter");
            sqlite3_finalize(*stmt);
            *stmt = NULL;
        }
    }
    return rc;
}

int store__run(struct store *st, const char *sql, const struct store__arg *args,
               size_t n, const char *what, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, sql, args, n, &stmt, diag);

    if (!rc && sqlite3_step(stmt) != SQLITE_DONE)
        rc = store__err(st, diag, what ? what : "cannot update the workspace");
    sqlite3_finalize(stmt);
    return rc;
}

int store__step(struct store *st, sqlite3_stmt *stmt, struct diag *diag)
{
    switch (sqlite3_step(stmt)) {
    case SQLITE_ROW:
        return 1;
    case SQLITE_DONE:
        return 0;
    default:
        return store__err(st, diag, "cannot read the workspace");
    }
}

int store__add_rows(struct store *st, sqlite3_stmt *cache[2],
                    const char *head, int cols, const char *tail,
                    const void *rows, size_t size, size_t n,
                    store_bind_fn bind, const char *what, struct diag *diag)
{
    const char *row = rows;
    int rc = 0;

    while (n && !rc) {
        size_t k = n >= STORE_ROWS ? STORE_ROWS : 1;
        sqlite3_stmt **stmt = &cache[k > 1];

        if (!*stmt) {
            struct buf sql = BUF_INIT;

            buf_addf(&sql, "%s VALUES ", head);
            for (size_t i = 0; i < k; i++) {
                buf_puts(&sql, i ? ", (?" : "(?");
                for (int c = 1; c < cols; c++)
                    buf_puts(&sql, ", ?");
                buf_putc(&sql, ')');
            }
            buf_addf(&sql, " %s", tail);
            rc = store__prepare(st, buf_str(&sql), stmt, diag);
            buf_release(&sql);
        }
        for (size_t i = 0; i < k && !rc; i++)
            bind(*stmt, (int)i * cols, row + i * size);
        if (!rc && sqlite3_step(*stmt) != SQLITE_DONE)
            rc = store__err(st, diag, what);
        if (*stmt)
            sqlite3_reset(*stmt);
        row += k * size;
        n -= k;
    }
    return rc;
}

int store__finish(struct store *st, sqlite3_stmt *stmt, struct diag *diag)
{
    int rc = sqlite3_step(stmt) == SQLITE_DONE
                 ? 0
                 : store__err(st, diag, "cannot update the workspace");

    sqlite3_finalize(stmt);
    return rc;
}

int store__int(struct store *st, const char *sql, int64_t *out,
               struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, sql, &stmt, diag);

    if (rc)
        return rc;
    rc = store__first_int(st, stmt, out, diag);
    return rc < 0 ? rc : 0;
}

int store__first_int(struct store *st, sqlite3_stmt *stmt, int64_t *out,
                     struct diag *diag)
{
    int rc = store__step(st, stmt, diag);

    *out = rc > 0 ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return rc;
}

int store__bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
    if (!s)
        return sqlite3_bind_null(stmt, idx);
    return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
}

int store__names(struct store *st, const char *sql, struct strmap *m,
                 struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, sql, &stmt, diag);

    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0)
        strmap_puts(m, (const char *)sqlite3_column_text(stmt, 1),
                    sqlite3_column_int64(stmt, 0));
    sqlite3_finalize(stmt);
    return rc;
}

void store__byid_init(struct store__byid *m)
{
    memset(m, 0, sizeof(*m));
    u64map_init(&m->idx);
}

int store__byid_load(struct store *st, const char *sql, struct store__byid *m,
                     struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, sql, &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        int ncols = sqlite3_column_count(stmt) - 1;

        m->text = xgrow(m->text, &m->cap, (m->n + 1) * STORE__BYID_COLS,
                        sizeof(*m->text));
        for (int k = 0; k < STORE__BYID_COLS; k++) {
            const char *t = k < ncols ? (const char *)sqlite3_column_text(
                                            stmt, k + 1)
                                      : NULL;

            m->text[m->n * STORE__BYID_COLS + k] = xstrdup(t ? t : "");
        }
        *u64map_at(&m->idx, (uint64_t)sqlite3_column_int64(stmt, 0), NULL) =
            (int64_t)m->n;
        m->n++;
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc < 0 ? rc : 0;
}

const char *store__byid_text(const struct store__byid *m, int64_t id,
                             size_t col)
{
    int64_t i;

    if (col >= STORE__BYID_COLS || !u64map_get(&m->idx, (uint64_t)id, &i))
        return NULL;
    return m->text[(size_t)i * STORE__BYID_COLS + col];
}

int64_t store__byid_rank(const struct store__byid *m, int64_t id)
{
    int64_t i;

    return u64map_get(&m->idx, (uint64_t)id, &i) ? i : -1;
}

void store__byid_release(struct store__byid *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n * STORE__BYID_COLS; i++)
        free(m->text[i]);
    free(m->text);
    u64map_release(&m->idx);
    memset(m, 0, sizeof(*m));
}

static int cmp_week_row(const void *a, const void *b)
{
    const struct store__week_row *x = a, *y = b;

    if (x->week != y->week)
        return (x->week > y->week) - (x->week < y->week);
    if (x->rank1 != y->rank1)
        return (x->rank1 > y->rank1) - (x->rank1 < y->rank1);
    return (x->rank2 > y->rank2) - (x->rank2 < y->rank2);
}

int store__week_rows(struct store *st, const char *sql, int64_t from,
                     int64_t to, const struct store__byid *units,
                     const struct store__byid *keys,
                     struct store__week_row **rows, size_t *n,
                     struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store__week_row *row = NULL;
    size_t cap = 0;
    int rc = store__query(st, sql, STORE_ARGS(STORE_INT(from), STORE_INT(to)),
                          &stmt, diag);

    *n = 0;
    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store__week_row *r;
        int ncounts = sqlite3_column_count(stmt) - 3;

        row = xgrow(row, &cap, *n + 1, sizeof(*row));
        r = &row[*n];
        memset(r, 0, sizeof(*r));
        r->week = sqlite3_column_int64(stmt, 0);
        r->unit_id = sqlite3_column_int64(stmt, 1);
        r->key_id = sqlite3_column_int64(stmt, 2);
        for (int k = 0; k < ncounts && k < STORE__WEEK_COUNTS; k++)
            r->count[k] = sqlite3_column_int(stmt, 3 + k);
        r->rank1 = store__byid_rank(keys, r->key_id);
        r->rank2 = store__byid_rank(units, r->unit_id);
        rc = 0;
        if (r->rank1 >= 0 && r->rank2 >= 0) /* as a join would */
            (*n)++;
    }
    sqlite3_finalize(stmt);
    if (rc < 0) {
        free(row);
        *n = 0;
        return rc;
    }
    if (*n)
        qsort(row, *n, sizeof(*row), cmp_week_row);
    *rows = row;
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8
           | p[3];
}

/* Reads the SQLite header without opening the file through SQLite, so a
 * foreign or newer file is refused before anything could touch it. */
static int check_header(const char *path, int *version, struct diag *diag)
{
    /* Read through SQLite's own VFS: closing a descriptor drops every
     * POSIX lock the process holds on the file, and only the VFS knows to
     * keep it open while other connections of this process (a server's
     * threads) hold locks. */
    sqlite3_vfs *vfs;
    sqlite3_file *f;
    unsigned char hdr[100];
    int out, rc;

    if (access(path, F_OK)) {
        if (errno == ENOENT)
            return diag_set(diag, TR_ENOENT,
                            "no workspace at '%s' (create one with "
                            "'traction init')",
                            path);
        return diag_errno(diag, TR_EIO, "cannot open workspace '%s'", path);
    }
    rc = sqlite3_initialize(); /* sqlite3_vfs_find would hide its error */
    if (rc != SQLITE_OK)
        return diag_set(diag, TR_EDB, "cannot open workspace '%s': %s", path,
                        sqlite3_errstr(rc));
    vfs = sqlite3_vfs_find(NULL);
    f = xcalloc(1, (size_t)vfs->szOsFile);
    rc = vfs->xOpen(vfs, path, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB,
                    &out);
    if (rc != SQLITE_OK) {
        if (f->pMethods) /* SQLite's contract: closed even after failure */
            f->pMethods->xClose(f);
        free(f);
        return diag_set(diag, TR_EIO, "cannot open workspace '%s': %s", path,
                        sqlite3_errstr(rc));
    }
    rc = f->pMethods->xRead(f, hdr, (int)sizeof(hdr), 0);
    f->pMethods->xClose(f);
    free(f);
    /* a short read is a file too small to be a database; anything else
     * is an error reading it */
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return diag_set(diag, TR_EIO, "cannot read workspace '%s': %s", path,
                        sqlite3_errstr(rc));
    if (rc != SQLITE_OK || memcmp(hdr, "SQLite format 3", 16))
        return diag_set(diag, TR_EVERSION,
                        "'%s' is not a traction workspace (not an SQLite "
                        "database); it was left untouched",
                        path);
    if (be32(hdr + 68) != STORE_APP_ID)
        return diag_set(diag, TR_EVERSION,
                        "'%s' is an SQLite database but not a traction "
                        "workspace; it was left untouched",
                        path);
    *version = (int)be32(hdr + 60);
    if (*version > store_latest_version())
        return diag_set(diag, TR_EVERSION,
                        "workspace '%s' has schema version %d, newer than "
                        "this traction understands (%d); upgrade traction "
                        "(the file was left untouched)",
                        path, *version, store_latest_version());
    return 0;
}

/* Applies the migrations after the workspace's version, each in its own
 * transaction. The version is read through SQLite, here and again once
 * each transaction holds the write lock: the file's header (what
 * check_header read) lags behind while a version another connection
 * migrated to is still in the WAL (a server keeps its connection open),
 * and another process may migrate first. */
static int migrate(struct store *st, struct diag *diag)
{
    char sql[64];
    int64_t now = 0;
    int rc = store__int(st, "PRAGMA user_version", &now, diag);

    if (!rc && now > store_latest_version())
        rc = diag_set(diag, TR_EVERSION,
                      "workspace '%s' has schema version %lld, newer than "
                      "this traction understands (%d); upgrade traction "
                      "(the file was left untouched)",
                      st->path, (long long)now, store_latest_version());
    if (!rc)
        st->version_found = (int)now;
    for (size_t i = 0; i < store__nmigrations && !rc; i++) {
        const struct store_migration *m = &store__migrations[i];

        if (m->version <= st->version_found)
            continue;
        rc = store__exec(st, "BEGIN IMMEDIATE", diag);
        if (rc)
            break;
        rc = store__int(st, "PRAGMA user_version", &now, diag);
        if (!rc && now >= m->version) { /* done by another connection */
            rc = store__exec(st, "COMMIT", diag);
            continue;
        }
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->version);
        if (!rc)
            rc = store__exec(st, m->sql, diag);
        if (!rc)
            rc = store__exec(st, sql, diag);
        if (!rc)
            rc = store__exec(st, "COMMIT", diag);
        if (rc) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            diag_set(diag, rc, "migration to schema version %d (%s) failed",
                     m->version, m->what);
        }
    }
    return rc;
}

/* Process-wide SQLite settings, before its first use: each connection is
 * used by one thread at a time (the import hands its connection to a
 * worker, the server gives each thread its own), and allocation
 * statistics, which cost a mutex per malloc, are not needed. */
static void configure_once(void)
{
    static int done;

    if (done)
        return;
    done = 1;
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* tr_text(x): free text as stored, with bytes that are not UTF-8 (text
 * written before every input was checked) replaced by U+FFFD, so that
 * what the store hands out can always be shown and encoded as JSON. */
static void sql_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *s;
    size_t len;
    struct buf b = BUF_INIT;

    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    s = (const char *)sqlite3_value_text(argv[0]);
    len = (size_t)sqlite3_value_bytes(argv[0]);
    if (!s || utf8_check(s, len) == len) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    utf8_repair(&b, s, len);
    sqlite3_result_text(ctx, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
    buf_release(&b);
}

int store_open(const char *path, enum store_open_mode mode,
               struct store **out, struct diag *diag)
{
    struct store *st = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    int version = 0, rc = 0;
    char sql[64];

    *out = NULL;
    configure_once();
    if (mode == STORE_CREATE) {
        if (access(path, F_OK) == 0)
            return diag_set(diag, TR_EEXIST, "workspace '%s' already exists",
                            path);
        flags |= SQLITE_OPEN_CREATE;
    } else {
        rc = check_header(path, &version, diag);
        if (rc)
            return rc;
    }
    st = xcalloc(1, sizeof(*st));
    st->path = xstrdup(path);
    st->version_found = version;
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        rc = diag_set(diag, TR_EDB, "cannot open workspace '%s': %s", path,
                      st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto out;
    }
    st->busy_ms = BUSY_MS;
    sqlite3_busy_timeout(st->db, BUSY_MS);
    if (sqlite3_create_function(st->db, "tr_text", 1,
                                SQLITE_UTF8 | SQLITE_DETERMINISTIC
                                    | SQLITE_INNOCUOUS,
                                NULL, sql_text, NULL, NULL)
        != SQLITE_OK)
        rc = store__err(st, diag, "cannot set the workspace up");
    if (!rc && mode == STORE_CREATE) {
        snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", STORE_APP_ID);
        rc = store__exec(st, sql, diag);
    }
    if (!rc
        && sqlite3_exec(st->db,
                        "PRAGMA journal_mode = WAL;"
                        "PRAGMA synchronous = NORMAL;"
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA cache_size = -8192;"
                        "PRAGMA mmap_size = 268435456;",
                        NULL, NULL, NULL)
               != SQLITE_OK)
        rc = diag_set(diag, TR_EDB, "cannot open workspace '%s': %s%s", path,
                      sqlite3_errmsg(st->db), why_not_written(st));
    if (!rc)
        rc = migrate(st, diag);
out:
    if (rc) {
        if (mode == STORE_CREATE)
            store_discard(st);
        else
            store_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

void store_discard(struct store *st)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    struct buf name = BUF_INIT;
    char *path;

    if (!st)
        return;
    path = xstrdup(st->path);
    store_close(st); /* first: closing may write the WAL */
    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        buf_reset(&name);
        buf_addf(&name, "%s%s", path, suffix[i]);
        unlink(buf_str(&name));
    }
    buf_release(&name);
    free(path);
}

void store_close(struct store *st)
{
    if (!st)
        return;
    for (int i = 0; i < 2; i++) {
        sqlite3_finalize(st->shadow_add[i]);
        sqlite3_finalize(st->usage_add[i]);
        sqlite3_finalize(st->shadow_line_add[i]);
    }
    sqlite3_finalize(st->shadow_week_put);
    sqlite3_finalize(st->data_version);
    store__itab_close(st);
    sqlite3_close_v2(st->db);
    free(st->actor);
    free(st->path);
    free(st);
}

int store_version_found(const struct store *st)
{
    return st->version_found;
}

int store_version(const struct store *st)
{
    (void)st;
    return store_latest_version();
}

void store_wait_writers(struct store *st, long wait_ms, store_wait_fn fn,
                        void *ctx)
{
    st->wait_writers = 1;
    st->wait_ms = wait_ms > 0 ? wait_ms : 0;
    st->on_wait = fn;
    st->wait_ctx = ctx;
}

void store_busy_ms(struct store *st, int ms)
{
    st->busy_ms = ms > 0 ? ms : 0;
    sqlite3_busy_timeout(st->db, st->busy_ms);
}

static int64_t mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The busy handler of a transaction that waits for another writer
 * until ctx's deadline (monotonic ms). */
static int wait_turn(void *ctx, int tries)
{
    const int64_t *until = ctx;

    (void)tries;
    if (mono_ms() >= *until)
        return 0;
    sqlite3_sleep(WAIT_STEP_MS);
    return 1;
}

int store_begin(struct store *st, struct diag *diag)
{
    int rc;

    if (!st->wait_writers) {
        rc = store__exec(st, "BEGIN IMMEDIATE", diag);
    } else {
        int64_t until = 0;

        /* at once first: the wait is announced only when there is one */
        sqlite3_busy_timeout(st->db, 0);
        rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_BUSY && st->wait_ms > 0) {
            if (st->on_wait)
                st->on_wait(st->wait_ctx);
            until = mono_ms() + st->wait_ms;
            sqlite3_busy_handler(st->db, wait_turn, &until);
            rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        }
        sqlite3_busy_timeout(st->db, st->busy_ms);
        if (rc == SQLITE_BUSY && st->wait_ms > 0)
            rc = diag_set(diag, TR_EBUSY,
                          "another import or change is being written to "
                          "'%s'; gave up waiting for it after %ld s",
                          st->path, (st->wait_ms + 999) / 1000);
        else if (rc == SQLITE_BUSY)
            rc = diag_set(diag, TR_EBUSY,
                          "another import or change is being written to "
                          "'%s'",
                          st->path);
        else if (rc != SQLITE_OK)
            rc = store__err(st, diag, "cannot write to the workspace");
    }
    if (!rc)
        st->in_tx = 1;
    return rc;
}

/* Ends a transaction's bookkeeping, undoing what a bulk one changed. */
static void tx_ended(struct store *st)
{
    st->in_tx = 0;
    if (!st->bulk)
        return;
    st->bulk = 0;
    sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

int store_begin_bulk(struct store *st, struct diag *diag)
{
    /* The journal stays the WAL: leaving it for the rollback journal
     * (which writes a new table's pages once, not to the WAL and again
     * at the checkpoint) locked every other process out of the
     * workspace until the import ended, readers too (issue 23). */
    int rc = store__exec(st, "PRAGMA foreign_keys = OFF", diag);

    if (!rc) {
        st->bulk = 1;
        rc = store_begin(st, diag);
        if (rc)
            tx_ended(st);
    }
    return rc;
}

int store_commit(struct store *st, struct diag *diag)
{
    int rc = store__exec(st, "COMMIT", diag);

    if (!rc) {
        tx_ended(st);
        rc = store__audit_head_write(st, diag);
    }
    return rc;
}

void store_rollback(struct store *st)
{
    if (st && st->in_tx) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        tx_ended(st);
        st->audit_seq = 0; /* nothing appended after all */
    }
}

int store_key_verify(struct store *st, const struct pseudo_key *key,
                     struct diag *diag)
{
    unsigned char check[PSEUDO_BYTES];
    char hex[PSEUDO_BYTES * 2 + 1];
    sqlite3_stmt *stmt = NULL;
    int rc;

    pseudo_key_check(key, check);
    for (size_t i = 0; i < PSEUDO_BYTES; i++)
        snprintf(hex + 2 * i, 3, "%02x", check[i]);
    rc = store__prepare(st, "SELECT value FROM meta WHERE key = 'key_check'",
                        &stmt, diag);
    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc) {
        const char *have = (const char *)sqlite3_column_text(stmt, 0);

        if (rc > 0)
            rc = have && !strcmp(have, hex)
                     ? 0
                     : diag_set(diag, TR_EKEY,
                                "the key file does not belong to this "
                                "workspace (its pseudonyms would not match); "
                                "use the key file that was created with it");
        sqlite3_finalize(stmt);
        return rc;
    }
    sqlite3_finalize(stmt);
    return store__run(
        st, "INSERT INTO meta(key, value) VALUES ('key_check', ?)",
        STORE_ARGS(STORE_TEXT(hex)), "cannot record the key check", diag);
}

int store_import_start(struct store *st, const char *kind, const char *file,
                       const char *sha256, int64_t *seq, struct diag *diag)
{
    int rc = store__run(
        st,
        "INSERT INTO import_log(kind, file, at, sha256) "
        "VALUES (?, ?, ?, ?)",
        STORE_ARGS(STORE_TEXT(kind), STORE_TEXT(file), STORE_INT(time(NULL)),
                   STORE_TEXT(sha256)),
        "cannot log the import", diag);

    if (!rc)
        *seq = sqlite3_last_insert_rowid(st->db);
    return rc;
}

int store_import_sha256(struct store *st, int64_t seq, const char *sha256,
                        struct diag *diag)
{
    return store__run(st, "UPDATE import_log SET sha256 = ? WHERE id = ?",
                      STORE_ARGS(STORE_TEXT(sha256), STORE_INT(seq)),
                      "cannot log the import", diag);
}

int store_import_done(struct store *st, int64_t seq, long rows,
                      const char *detail, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__run(
        st,
        "UPDATE import_log SET rows = ?, detail = ? "
        "WHERE id = ?",
        STORE_ARGS(STORE_INT(rows), STORE_TEXT(detail), STORE_INT(seq)),
        "cannot log the import", diag);

    if (!rc)
        rc = store__query(st,
                          "SELECT file, json_object('kind', kind, 'file', "
                          "file, 'sha256', sha256, 'rows', rows, 'detail', "
                          "detail) FROM import_log WHERE id = ?",
                          STORE_ARGS(STORE_INT(seq)), &stmt, diag);
    if (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = store_audit_append(st, "import",
                                (const char *)sqlite3_column_text(stmt, 0),
                                (const char *)sqlite3_column_text(stmt, 1),
                                diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_status(struct store *st, struct store_status *s, struct diag *diag)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM unit",
        "SELECT count(*) FROM unit u WHERE NOT EXISTS "
        "(SELECT 1 FROM unit c WHERE c.parent_id = u.id)",
        "SELECT count(DISTINCT person_id) FROM membership "
        "WHERE active_to IS NULL",
        "SELECT count(DISTINCT person_id) FROM membership "
        "WHERE active_to IS NULL AND is_manager = 1",
        "SELECT count(*) FROM person WHERE active_to IS NOT NULL",
        "SELECT count(*) FROM source",
        "SELECT count(*) FROM workflow",
        "SELECT count(*) FROM tool",
        "SELECT count(*) FROM work_item",
        "SELECT count(*) FROM work_item WHERE finished_at IS NULL",
        "SELECT count(*) FROM import_log WHERE rows IS NOT NULL",
        "SELECT coalesce(min(finished_at), 0) FROM work_item",
        "SELECT coalesce(max(finished_at), 0) FROM work_item",
        "SELECT count(*) FROM pilot",
        "SELECT count(*) FROM pilot WHERE status = 'running'",
        "SELECT count(*) FROM pilot WHERE status = 'scaled'",
        "SELECT count(*) FROM pilot WHERE status = 'retired'",
        "SELECT count(DISTINCT week) FROM usage_week",
        "SELECT count(DISTINCT week) FROM shadow_week",
        "SELECT count(*) FROM service",
    };
    int64_t v[sizeof(sql) / sizeof(sql[0])];
    int rc = 0;

    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]) && !rc; i++)
        rc = store__int(st, sql[i], &v[i], diag);
    if (rc)
        return rc;
    s->version = store_version(st);
    s->units = (long)v[0];
    s->teams = (long)v[1];
    s->people = (long)v[2];
    s->managers = (long)v[3];
    s->people_left = (long)v[4];
    s->sources = (long)v[5];
    s->workflows = (long)v[6];
    s->tools = (long)v[7];
    s->items = (long)v[8];
    s->items_open = (long)v[9];
    s->imports = (long)v[10];
    s->first_item = v[11];
    s->last_item = v[12];
    s->pilots = (long)v[13];
    s->pilots_running = (long)v[14];
    s->pilots_scaled = (long)v[15];
    s->pilots_retired = (long)v[16];
    s->usage_weeks = (long)v[17];
    s->shadow_weeks = (long)v[18];
    s->services = (long)v[19];
    return 0;
}

int store__name_intern(struct store *st, const char *table, const char *name,
                       int64_t *id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    char sql[96];
    int rc;

    /* looked up first: an upsert that finds the row updates it, and that
     * counts as a change (data_stamp) */
    snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE name = ?1", table);
    rc = store__query(st, sql, STORE_ARGS(STORE_TEXT(name)), &stmt, diag);
    if (!rc)
        rc = store__first_int(st, stmt, id, diag);
    if (rc)
        return rc < 0 ? rc : 0;
    snprintf(sql, sizeof(sql), "INSERT INTO %s(name) VALUES (?1) RETURNING id",
             table);
    rc = store__query(st, sql, STORE_ARGS(STORE_TEXT(name)), &stmt, diag);
    if (!rc)
        rc = store__first_int(st, stmt, id, diag);
    if (!rc) /* RETURNING always yields the row */
        rc = diag_set(diag, TR_EDB, "cannot record a name");
    return rc < 0 ? rc : 0;
}

int store__week_exists(struct store *st, const char *table, int64_t week,
                       int *exists, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    char sql[96];
    int rc;

    snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE week = ? LIMIT 1",
             table);
    rc = store__query(st, sql, STORE_ARGS(STORE_INT(week)), &stmt, diag);
    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    *exists = rc > 0;
    sqlite3_finalize(stmt);
    return rc < 0 ? rc : 0;
}

int store__rebuild_week(struct store *st, const char *table,
                        const char *insert_sql, int64_t week,
                        struct diag *diag)
{
    char del[96];
    const char *sql[2] = {del, insert_sql};
    int rc = 0;

    snprintf(del, sizeof(del), "DELETE FROM %s WHERE week = ?1", table);
    for (int i = 0; i < 2 && !rc; i++)
        rc = store__run(st, sql[i], STORE_ARGS(STORE_INT(week)),
                        "cannot rebuild a week", diag);
    return rc;
}

int store__prune_days(struct store *st, const char *table, int64_t cutoff,
                      struct diag *diag)
{
    char sql[96];
    int rc;

    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE day < ?", table);
    rc = store__run(st, sql, STORE_ARGS(STORE_INT(cutoff)),
                    "cannot delete old day rows", diag);
    return rc ? rc : sqlite3_changes(st->db);
}

int store_data_stamps(struct store *st, int64_t *rest, int64_t *items,
                      struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT (SELECT n FROM data_stamp), "
                          "(SELECT coalesce(max(seq), 0) FROM "
                          "work_item_change)",
                          NULL, 0, &stmt, diag);

    *rest = *items = 0;
    if (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        *rest = sqlite3_column_int64(stmt, 0);
        *items = sqlite3_column_int64(stmt, 1);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int64_t store_data_version(struct store *st)
{
    int64_t v = 0;

    if (!st->data_version
        && store__prepare(st, "PRAGMA data_version", &st->data_version, NULL))
        return 0;
    if (sqlite3_step(st->data_version) == SQLITE_ROW)
        v = sqlite3_column_int64(st->data_version, 0);
    sqlite3_reset(st->data_version);
    return v;
}
