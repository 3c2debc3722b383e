/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the store's files. */
#ifndef TR_STORE_INT_H
#define TR_STORE_INT_H

#include <sqlite3.h>

#include "store/items.h"
#include "store/pilots.h"
#include "store/roster.h"
#include "store/shadow.h"
#include "store/store.h"
#include "store/trap.h"
#include "store/usage.h"
#include "store/users.h"

struct store {
    sqlite3 *db;       /* owned */
    char *path;        /* owned */
    int version_found; /* user_version before migration */
    int in_tx;
    int bulk;          /* in a store_begin_bulk transaction */
    int left_wal;      /* a bulk transaction runs outside WAL */
    /* cached: adding one day row, and STORE_ROWS of them */
    sqlite3_stmt *shadow_add[2];
    sqlite3_stmt *usage_add[2];
    sqlite3_stmt *shadow_week_put; /* cached: once per weekly cell */
};

/* Binds one row's parameters (from 1 + at) in a many-row statement. */
typedef void (*store_bind_fn)(sqlite3_stmt *stmt, int at, const void *row);
/* Inserts n rows of cols parameters each: "head VALUES (?, ...), ...
 * tail", STORE_ROWS to a statement (prepared once into cache[1]) and the
 * rest one by one (cache[0]); one statement for many rows spares most of
 * SQLite's work per statement. rows: n of size bytes each; what: the
 * error's words. */
int store__add_rows(struct store *st, sqlite3_stmt *cache[2],
                    const char *head, int cols, const char *tail,
                    const void *rows, size_t size, size_t n,
                    store_bind_fn bind, const char *what, struct diag *diag);

/* Turns the last SQLite error into a diag entry; returns TR_EDB. */
int store__err(struct store *st, struct diag *diag, const char *what);
/* Runs SQL with no result rows. */
int store__exec(struct store *st, const char *sql, struct diag *diag);
int store__prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
                   struct diag *diag);
/* Steps a statement that yields rows: 1 with a row, 0 at its end, and
 * TR_EDB (SQLite's message in diag) on anything else, so a busy or I/O
 * error mid-read is never taken for the end of the data. Every row loop
 * is one of
 *     while ((rc = store__step(st, stmt, diag)) > 0)
 *         read the row;
 *     while (!rc && (rc = store__step(st, stmt, diag)) > 0)
 *         rc = callback(row);
 * and ends with rc 0 (all rows), < 0 (an error) or the callback's
 * non-zero return. */
int store__step(struct store *st, sqlite3_stmt *stmt, struct diag *diag);
/* Steps a statement without result rows to its end and finalizes it;
 * returns 0 or TR_EDB. */
int store__finish(struct store *st, sqlite3_stmt *stmt, struct diag *diag);
/* Steps a prepared, bound statement once and finalizes it: 1 with a row
 * (*out = its first column as an integer), 0 without (*out = 0), or the
 * error of store__step. The one way to read a single id or count. */
int store__first_int(struct store *st, sqlite3_stmt *stmt, int64_t *out,
                     struct diag *diag);
/* Runs a query returning one integer (0 when no row). */
int store__int(struct store *st, const char *sql, int64_t *out,
               struct diag *diag);
struct strmap;
/* Reads (id, name) rows of sql into m (name -> id). */
int store__names(struct store *st, const char *sql, struct strmap *m,
                 struct diag *diag);
/* Binds text, or NULL when s is NULL. Like every bind of text or a blob
 * in the store, without a copy (SQLITE_STATIC): s must stay valid until
 * the statement has been stepped. A copy (SQLITE_TRANSIENT) allocates,
 * and when that fails SQLite leaves the parameter NULL and the next step
 * stores NULL as if it were the value (a password hash, a decision's
 * "differently"), unless each bind's return is checked. */
int store__bind_text(sqlite3_stmt *stmt, int idx, const char *s);

/* Helpers for tables named by the store itself (never user input). */
/* The id of the row of `table` whose name column is `name`, adding it. */
int store__name_intern(struct store *st, const char *table, const char *name,
                       int64_t *id, struct diag *diag);
/* Whether `table` has rows for a week (its Monday's day number). */
int store__week_exists(struct store *st, const char *table, int64_t week,
                       int *exists, struct diag *diag);
/* Replaces a week's rows of `table` by what insert_sql (with ?1 = the
 * week) selects. */
int store__rebuild_week(struct store *st, const char *table,
                        const char *insert_sql, int64_t week,
                        struct diag *diag);
/* Deletes rows of `table` with day < cutoff; returns the count or < 0. */
int store__prune_days(struct store *st, const char *table, int64_t cutoff,
                      struct diag *diag);

/* The ordered migrations; store_schema.c. */
struct store_migration {
    int version;
    const char *what;
    const char *sql;
};
extern const struct store_migration store__migrations[];
extern const size_t store__nmigrations;

#define STORE_APP_ID 0x54524354 /* 'TRCT' in PRAGMA application_id */

#endif
