/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the store's files. */
#ifndef TR_STORE_INT_H
#define TR_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>

#include "core/u64map.h"
#include "store/audit.h"
#include "store/human.h"
#include "store/items.h"
#include "store/pilots.h"
#include "store/proposals.h"
#include "store/requests.h"
#include "store/roster.h"
#include "store/shadow.h"
#include "store/store.h"
#include "store/targets.h"
#include "store/trap.h"
#include "store/usage.h"
#include "store/users.h"
#include "store/voice.h"

struct store {
    sqlite3 *db;       /* owned */
    char *path;        /* owned */
    int version_found; /* user_version before migration */
    int in_tx;
    int bulk;          /* in a store_begin_bulk transaction */
    int wait_writers;  /* store_wait_writers was called */
    long wait_ms;      /* ... and how long store_begin waits */
    int busy_ms;       /* how long a statement waits for a lock */
    store_wait_fn on_wait; /* or NULL */
    void *wait_ctx;        /* borrowed: on_wait's */
    /* cached: adding one day row, and STORE_ROWS of them */
    sqlite3_stmt *shadow_add[2];
    sqlite3_stmt *usage_add[2];
    sqlite3_stmt *shadow_line_add[2];
    sqlite3_stmt *shadow_week_put; /* cached: once per weekly cell */
    sqlite3_stmt *data_version;    /* cached: the server asks per request */
    struct store_itab *itab;       /* the items in memory (store_itab.c):
                                      shared (store_items_share) or, when
                                      itab_owned, this connection's */
    int itab_owned;
    struct store__snap *snap;      /* the items this connection read
                                      last (a reference), kept while */
    int64_t snap_version;          /* data_version and */
    int64_t snap_changes;          /* sqlite3_total_changes64 stay */
    int snap_own;                  /* snap is its own (in a write
                                      transaction), in no table */
    char *actor;                   /* owned: store_set_actor, or NULL */
    int64_t audit_seq;             /* the last entry this transaction
                                      appended, 0 when none */
    char audit_hash[STORE_AUDIT_HEX]; /* and its hash */
};

/* ---- the work items in memory (store_itab.c) ---- */

/* One work item as kept: ids (tool 0: none; person 0: unknown), times
 * (finished 0: open), quality NaN and errors, rework and reviewed -1
 * when unknown; its key at koff in its chunk's keys. */
struct store__item {
    int64_t source_id;
    size_t koff, klen;
    int64_t unit_id, workflow_id, tool_id, person_id;
    int64_t started, finished;
    double quality;
    int64_t errors, rework;
    int reviewed;
};

/* A run of items in key order, shared by the snapshots that have it. */
struct store__chunk {
    atomic_int refs;
    struct store__item *v; /* owned: n of STORE__CHUNK */
    size_t n;
    char *keys;            /* owned: each key NUL-terminated */
    size_t klen, kcap;
};
#define STORE__CHUNK 4096

/* A finished item of a pilot's arm (store_pilots.c). */
struct store__arm_item {
    int64_t unit_id, finished, started, person_id; /* person 0: none */
    double quality;                                /* NaN: none */
    int64_t errors, rework, reviewed;              /* -1: none */
    size_t seq;                                    /* key order */
};

/* One workflow's finished items by unit, then finish, then key order:
 * what a pilot's analysis asks its questions of. Shared by the
 * snapshots its workflow is the same in. */
struct store__arms {
    atomic_int refs;
    struct store__arm_item *v; /* owned */
    size_t n;
};

/* Every work item, in the table's key order (source, key), as of the
 * newest import that listed one (seq): the chunks in order. Immutable
 * once built but for its arms, made on first use. */
struct store__snap {
    atomic_int refs;
    int64_t seq;
    struct store__chunk **c; /* each a reference */
    size_t nc, ccap, n;
    pthread_mutex_t arms_lock;
    struct u64map arms;      /* workflow id -> its arms (a reference) */
};

/* The items as this connection sees them now, a reference the caller
 * gives back with store__snap_put. */
int store__items_snap(struct store *st, struct store__snap **out,
                      struct diag *diag);
void store__snap_put(struct store__snap *s); /* NULL-safe */
/* A workflow's arms in s, made on first use; valid while s is held. */
const struct store__arms *store__snap_arms(struct store__snap *s,
                                           int64_t workflow_id);
/* Lets go of the connection's table and snapshots (store_close). */
void store__itab_close(struct store *st);

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
/* A parameter of a statement, for store__query and store__run: an
 * integer, a real, text (NUL-terminated; NULL binds NULL) or a blob of
 * len bytes. Text and blobs are borrowed until the statement is done. */
struct store__arg {
    enum { STORE__INT, STORE__REAL, STORE__TEXT, STORE__BLOB } type;
    int64_t i;
    double d;
    const void *p;
    size_t len;
};
#define STORE_INT(x) ((struct store__arg){STORE__INT, (int64_t)(x), 0, NULL, 0})
#define STORE_REAL(x) ((struct store__arg){STORE__REAL, 0, (x), NULL, 0})
#define STORE_TEXT(x) ((struct store__arg){STORE__TEXT, 0, 0, (x), 0})
#define STORE_BLOB(x, n) ((struct store__arg){STORE__BLOB, 0, 0, (x), (n)})
#define STORE_NULL STORE_TEXT(NULL)
/* The parameters of a statement as an array and its length:
 * store__run(st, sql, STORE_ARGS(STORE_INT(id), STORE_TEXT(name)), d). */
#define STORE_ARGS(...)                                                        \
    (const struct store__arg[]){__VA_ARGS__},                                  \
        sizeof((const struct store__arg[]){__VA_ARGS__}) /                     \
            sizeof(struct store__arg)
/* Prepares sql and binds args[0, n) to its parameters 1 to n: the head
 * of every row loop. On an error *stmt is NULL. */
int store__query(struct store *st, const char *sql,
                 const struct store__arg *args, size_t n, sqlite3_stmt **stmt,
                 struct diag *diag);
/* Runs sql, which yields no rows, with args: the one way to run a single
 * statement with parameters. Returns 0 or TR_EDB; what: the error's
 * words (NULL: "cannot update the workspace"). */
int store__run(struct store *st, const char *sql, const struct store__arg *args,
               size_t n, const char *what, struct diag *diag);
/* Appends an audit entry whose details are the JSON object of the pairs
 * kv[0, n) (key, value, key, value, ...; a NULL text is null), built by
 * SQLite's json_object (store_audit.c). */
int store__audit(struct store *st, const char *action, const char *subject,
                 const struct store__arg *kv, size_t n, struct diag *diag);
/* Writes the head file after a commit that appended entries. */
int store__audit_head_write(struct store *st, struct diag *diag);

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
/* The rows of a small table (units, workflows, tools, services) by id,
 * read once so that a scan of a large one joins nothing per row: each
 * row's text columns after the id, and its rank in the query's order
 * (queries that ORDER BY name rank by name, as an ORDER BY would). */
#define STORE__BYID_COLS 4
struct store__byid {
    struct u64map idx; /* id -> row */
    char **text;       /* owned: row * STORE__BYID_COLS + column; NULL as
                          "" */
    size_t n, cap;
};
void store__byid_init(struct store__byid *m);
/* sql selects the id and up to STORE__BYID_COLS text columns. */
int store__byid_load(struct store *st, const char *sql, struct store__byid *m,
                     struct diag *diag);
/* Column col of the row with this id, NULL when there is none. */
const char *store__byid_text(const struct store__byid *m, int64_t id,
                             size_t col);
/* The row's rank (its place in the query's order), -1 when none. */
int64_t store__byid_rank(const struct store__byid *m, int64_t id);
void store__byid_release(struct store__byid *m);

/* A weekly aggregate row (usage_week, shadow_week): its week, unit, the
 * other key (a tool, a service) and up to STORE__WEEK_COUNTS counts. */
#define STORE__WEEK_COUNTS 4
struct store__week_row {
    int64_t week, unit_id, key_id, rank1, rank2;
    long count[STORE__WEEK_COUNTS];
};
/* The rows of sql (selecting week, unit_id, key_id and then the counts,
 * with ?1 and ?2 bound to from and to) whose unit and key are in units
 * and keys, as a join would keep them, in the order the reports list
 * them: by week, the key's rank, the unit's rank (an ORDER BY on names
 * when both maps were loaded ORDER BY name). *rows is owned. */
int store__week_rows(struct store *st, const char *sql, int64_t from,
                     int64_t to, const struct store__byid *units,
                     const struct store__byid *keys,
                     struct store__week_row **rows, size_t *n,
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
/* The tables whose changes data_stamp does not count, NULL-terminated
 * (store_schema.c). */
extern const char *const store__unstamped[];

#define STORE_APP_ID 0x54524354 /* 'TRCT' in PRAGMA application_id */

#endif
