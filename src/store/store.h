/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workspace: one SQLite file in WAL mode with foreign keys on. This
 * module is the only place that includes sqlite3.h; everything above it
 * speaks in domain terms. Schema changes are migrations keyed on
 * PRAGMA user_version, each applied in its own transaction. */
#ifndef TR_STORE_H
#define TR_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/pseudo.h"

struct store;

/* The schema version this program writes. */
int store_latest_version(void);

enum store_open_mode {
    STORE_OPEN = 0,   /* an existing workspace; migrate it if older */
    STORE_CREATE = 1, /* a new workspace; refuse if the file exists */
};

/* Opens (or creates) the workspace at path. An existing file that is not a
 * traction workspace, or is newer than this program, is refused before
 * anything is written to it. *out is owned; close with store_close. */
int store_open(const char *path, enum store_open_mode mode,
               struct store **out, struct diag *diag);
void store_close(struct store *st); /* NULL-safe */
/* Closes a workspace this run created (STORE_CREATE) and deletes its file
 * and SQLite's files beside it (-wal, -shm, -journal), so a command that
 * fails after creating it leaves nothing behind. NULL-safe. */
void store_discard(struct store *st);

/* PRAGMA data_version: changes when another connection commits. */
int64_t store_data_version(struct store *st);
/* What changed, in two counts that only grow: *items, the newest import
 * that added or changed a work item (work items change only through
 * imports, which list what they changed: work_item_change), and
 * *rest, the changes to every other table whose rows a page keeps
 * (data_stamp; store_schema.c names the tables it leaves out). One
 * query. */
int store_data_stamps(struct store *st, int64_t *rest, int64_t *items,
                      struct diag *diag);

/* The version found in the file before migration, and the current one. */
int store_version_found(const struct store *st);
int store_version(const struct store *st);

/* Transactions; store_rollback is safe to call when none is open. A
 * transaction holds the workspace's write lock until it ends; readers
 * (other connections) go on reading what was committed before it. When
 * another connection holds the write lock, store_begin waits up to 5 s
 * for it (or what store_wait_writers or store_busy_ms set) and then
 * fails with TR_EBUSY. Any statement refused because another connection
 * writes fails with TR_EBUSY too, not TR_EDB. */
int store_begin(struct store *st, struct diag *diag);
/* Called once when a transaction begins to wait for another writer. */
typedef void (*store_wait_fn)(void *ctx);
/* Makes store_begin (and store_begin_bulk) on st wait for another
 * writer up to wait_ms (an import takes minutes; 0: not at all),
 * calling fn(ctx) once when it starts waiting (fn may be NULL). When
 * the time is up it fails with TR_EBUSY and a message that another
 * import or change is being written to the workspace. For commands run
 * by a person or a script. */
void store_wait_writers(struct store *st, long wait_ms, store_wait_fn fn,
                        void *ctx);
/* How long any statement on st waits for a lock another connection
 * holds before it fails with TR_EBUSY (default 5,000 ms). The server
 * sets a short one: a request that waits holds up its thread's other
 * connections. */
void store_busy_ms(struct store *st, int ms);
/* A transaction for a bulk import: foreign keys are not re-checked row by
 * row (the importer binds only ids it read from, or wrote to, the same
 * transaction); restored after commit or rollback. The journal stays
 * the WAL, so readers are never locked out by an import. */
int store_begin_bulk(struct store *st, struct diag *diag);
int store_commit(struct store *st, struct diag *diag);
void store_rollback(struct store *st);

/* Records the key check value (at init) or verifies it (on open).
 * A workspace without a check value gets one. Returns 0 or TR_EKEY. */
int store_key_verify(struct store *st, const struct pseudo_key *key,
                     struct diag *diag);

/* Opens a row in the import log; sha256: the file's SHA-256 in hex (NULL
 * when unknown); *seq identifies this import. store_import_done records
 * its rows and appends the import to the audit trail. */
int store_import_start(struct store *st, const char *kind, const char *file,
                       const char *sha256, int64_t *seq, struct diag *diag);
/* Records the SHA-256 of import seq when it was taken as the file was
 * read (after store_import_start, before store_import_done). */
int store_import_sha256(struct store *st, int64_t seq, const char *sha256,
                        struct diag *diag);
int store_import_done(struct store *st, int64_t seq, long rows,
                      const char *detail, struct diag *diag);

/* ---- workspace summary ---- */

struct store_status {
    int version;
    long units, teams, people, managers, people_left;
    long sources, workflows, tools, items, items_open, imports;
    long pilots, pilots_running, pilots_scaled, pilots_retired;
    long usage_weeks, shadow_weeks, services; /* weeks with aggregates */
    int64_t first_item, last_item; /* finished_at range, 0 when none */
};
int store_status(struct store *st, struct store_status *out,
                 struct diag *diag);

/* Day rows are added many to a statement: this many at most. */
#define STORE_ROWS 64

#endif
