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

/* PRAGMA data_version: changes when another connection commits. */
int64_t store_data_version(struct store *st);

/* The version found in the file before migration, and the current one. */
int store_version_found(const struct store *st);
int store_version(const struct store *st);

/* Transactions; store_rollback is safe to call when none is open. */
int store_begin(struct store *st, struct diag *diag);
/* A transaction for a bulk import: foreign keys are not re-checked row by
 * row (the importer binds only ids it read from, or wrote to, the same
 * transaction), and the journal leaves WAL when no other connection is
 * open. Both are restored after commit or rollback. */
int store_begin_bulk(struct store *st, struct diag *diag);
int store_commit(struct store *st, struct diag *diag);
void store_rollback(struct store *st);

/* Records the key check value (at init) or verifies it (on open).
 * A workspace without a check value gets one. Returns 0 or TR_EKEY. */
int store_key_verify(struct store *st, const struct pseudo_key *key,
                     struct diag *diag);

/* Opens a row in the import log; *seq identifies this import. */
int store_import_start(struct store *st, const char *kind, const char *file,
                       int64_t *seq, struct diag *diag);
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


/* ---- the organisation (store_roster.c) ---- */

struct roster;

struct store_roster_result {
    long units_added, units_changed;
    long people_added, people_moved, people_left, people_unchanged;
};

/* Applies a validated roster as the organisation at time as_of (Unix
 * seconds): adds units and people, records moves as closed and new
 * memberships, marks people absent from the roster as having left.
 * Runs inside the caller's transaction. Re-applying the same roster
 * changes nothing. */
int store_roster_apply(struct store *st, const struct roster *r,
                       int64_t as_of, int64_t import_seq,
                       struct store_roster_result *res, struct diag *diag);

/* ---- work items (store_items.c) ---- */

struct item_sink;
struct store_items;

struct store_items_counts {
    long added, updated, unchanged;
};

/* A sink that upserts work items of one source inside the caller's
 * transaction: teams must exist in the roster; workflows and tools are
 * created on first use; a person not in the roster is kept as a bare
 * pseudonym. A key seen twice in one import is refused. Refused rows go
 * to the sink's refused() hook, which the importer sets. *out is owned;
 * free with store_items_free. */
int store_items_open(struct store *st, const char *source, int64_t seq,
                     struct store_items **out, struct diag *diag);
/* Fills sink (ctx, rows) and remembers it (borrowed) for its hook. */
void store_items_sink(struct store_items *si, struct item_sink *sink);
void store_items_counts(const struct store_items *si,
                        struct store_items_counts *out);
void store_items_free(struct store_items *si); /* NULL-safe */

/* One work item as the analyses read it. Names are borrowed and valid
 * during the callback. */
struct store_item_view {
    const char *team, *workflow, *tool; /* tool NULL: no AI tool */
    int64_t person_id;                  /* 0 when unknown */
    int64_t started, finished;          /* finished 0 when open */
    double quality;                     /* NaN when unknown */
    long errors, rework;                /* -1 when unknown */
    int reviewed;                       /* -1 when unknown */
};

typedef int (*store_item_fn)(void *ctx, const struct store_item_view *it,
                             struct diag *diag);

/* Calls fn for every item whose date (finished, or started when open)
 * lies in [since, until), of one unit or (unit_id 0) all; 0 means no
 * bound. */
int store_items_scan(struct store *st, int64_t since, int64_t until,
                     int64_t unit_id, store_item_fn fn, void *ctx,
                     struct diag *diag);

/* ---- pilots (store_pilots.c) ---- */

struct pilot;

/* The id of a unit, workflow or tool by name; TR_ENOENT (with a message
 * naming it) when there is none. kind: "unit", "workflow" or "tool". */
int store_name_id(struct store *st, const char *kind, const char *name,
                  int64_t *id, struct diag *diag);

/* Adds a pilot with its controls and guardrails; sets p->id. */
int store_pilot_add(struct store *st, struct pilot *p, struct diag *diag);
/* Loads pilot id into p (initialised by the caller). */
int store_pilot_get(struct store *st, int64_t id, struct pilot *p,
                    struct diag *diag);
/* All pilot ids in registration order; *ids is owned by the caller. */
int store_pilot_ids(struct store *st, int64_t **ids, size_t *n,
                    struct diag *diag);

/* One item's value for a pilot metric; the callback returns 0 to go on. */
typedef int (*store_value_fn)(void *ctx, int64_t unit_id, double value,
                              struct diag *diag);
/* Values of metric (cycle hours, quality, errors or rework) for items of
 * workflow in unit that finished in [since, until). */
int store_pilot_values(struct store *st, int64_t workflow_id, int64_t unit_id,
                       int metric, int64_t since, int64_t until,
                       store_value_fn fn, void *ctx, struct diag *diag);

struct store_decision {
    int64_t at;
    const char *decision, *recommended, *by, *why, *learned, *differently;
    const char *evidence; /* JSON */
};
/* Records a decision and sets the pilot's status (scaled, retired, or
 * running for iterate). */
int store_pilot_decide(struct store *st, int64_t pilot_id,
                       const struct store_decision *d, struct diag *diag);
typedef int (*store_decision_fn)(void *ctx, const struct store_decision *d,
                                 struct diag *diag);
/* Decisions of a pilot, oldest first. */
int store_pilot_decisions(struct store *st, int64_t pilot_id,
                          store_decision_fn fn, void *ctx,
                          struct diag *diag);
/* Records a change to the frozen plan. */
int store_pilot_deviation(struct store *st, int64_t pilot_id, const char *what,
                          const char *why, struct diag *diag);
typedef int (*store_deviation_fn)(void *ctx, int64_t at, const char *what,
                                  const char *why, struct diag *diag);
/* Deviations from a pilot's plan, oldest first. */
int store_pilot_deviations(struct store *st, int64_t pilot_id,
                           store_deviation_fn fn, void *ctx,
                           struct diag *diag);
/* Moves a pilot's review date (recorded as a deviation by the caller). */
int store_pilot_set_review(struct store *st, int64_t pilot_id,
                           int64_t review_at, struct diag *diag);

/* One unit's line in the learning ledger. */
struct store_learning {
    const char *unit;
    long pilots, scaled, retired, running, documented;
    double learning_hours;
};
typedef int (*store_learning_fn)(void *ctx, const struct store_learning *l,
                                 struct diag *diag);
/* Per unit that ran pilots: counts by status, pilots whose decisions
 * document what was learned, and learning hours invested. */
int store_pilot_learning(struct store *st, store_learning_fn fn, void *ctx,
                         struct diag *diag);

/* Every identifier the roster knows (primary ids and aliases) with its
 * person and current unit (0 when none). */
typedef int (*store_identity_fn)(void *ctx, const void *pseudonym,
                                 size_t len, int64_t person_id,
                                 int64_t unit_id);
/* How many people and aliases the roster holds (to size tables). */
int store_identity_counts(struct store *st, size_t *people, size_t *aliases,
                          struct diag *diag);
int store_identities(struct store *st, store_identity_fn fn, void *ctx,
                     struct diag *diag);

/* ---- shadow AI (store_shadow.c) ---- */

struct store_subnet {
    uint32_t network; /* host byte order, masked */
    int prefix;
    int64_t unit_id;
};

/* Replaces the subnet table (inside the caller's transaction). */
int store_subnets_replace(struct store *st, const struct store_subnet *s,
                          size_t n, struct diag *diag);
/* All subnets; *out owned by the caller. */
int store_subnets(struct store *st, struct store_subnet **out, size_t *n,
                  struct diag *diag);

/* The id of a service by name, adding it (with vendor and category). */
int store_service_id(struct store *st, const char *name, const char *vendor,
                     const char *category, int64_t *id, struct diag *diag);

/* Day rows are added many to a statement: this many at most. */
#define STORE_ROWS 64

/* A day-level row of shadow-AI use (who: borrowed). */
struct store_shadow_day {
    int64_t day;
    const unsigned char *who;
    size_t who_len;
    int64_t unit_id, service_id, requests;
};
/* Adds day-level use (requests add up for the same day, who, team and
 * service). */
int store_shadow_add(struct store *st, const struct store_shadow_day *rows,
                     size_t n, struct diag *diag);
/* Whether a week (the day number of its Monday) already has aggregates. */
int store_shadow_week_exists(struct store *st, int64_t week, int *exists,
                             struct diag *diag);
/* Day-level rows with day in [from, to]. */
typedef int (*store_shadow_day_fn)(void *ctx, int64_t day,
                                   const unsigned char *who, size_t who_len,
                                   int64_t unit_id, int64_t service_id,
                                   int64_t requests, struct diag *diag);
int store_shadow_days(struct store *st, int64_t from, int64_t to,
                      store_shadow_day_fn fn, void *ctx, struct diag *diag);
/* Deletes a week's aggregates (before they are put again). */
int store_shadow_week_clear(struct store *st, int64_t week,
                            struct diag *diag);
/* Adds one aggregate row of a cleared week. */
int store_shadow_week_put(struct store *st, int64_t week, int64_t unit_id,
                          int64_t service_id, long people, long active_days,
                          long requests, struct diag *diag);
/* Deletes day-level rows before day `cutoff`. Returns the count or < 0. */
int store_shadow_prune(struct store *st, int64_t cutoff, struct diag *diag);

struct store_shadow_cell {
    int64_t week;
    const char *team, *service, *vendor, *category, *status;
    long people, active_days, requests;
};
typedef int (*store_shadow_fn)(void *ctx, const struct store_shadow_cell *c,
                               struct diag *diag);
/* Weekly aggregates for weeks in [from, to] (Monday day numbers), by
 * week, then service name, then team name (bytewise). */
int store_shadow_weeks(struct store *st, int64_t from, int64_t to,
                       store_shadow_fn fn, void *ctx, struct diag *diag);

/* ---- approved-tool telemetry (store_usage.c) ---- */

/* The id of a tool by name, adding it (status unknown) when new. */
int store_tool_id(struct store *st, const char *name, int64_t *id,
                  struct diag *diag);
/* A person's use of a tool on a day. */
struct store_usage_day {
    int64_t day, person_id, tool_id;
    long interactions;
    int last_only;       /* known only by a last-activity date */
};
/* Adds day rows. Re-importing is idempotent: the larger interaction
 * count and the more detailed kind of row win. */
int store_usage_add(struct store *st, const struct store_usage_day *rows,
                    size_t n, struct diag *diag);
/* Organisation-level counts for a day, tool and source (replaced). */
int store_usage_org_set(struct store *st, int64_t day, int64_t tool_id,
                        const char *source, long active, long engaged,
                        struct diag *diag);
int store_usage_week_exists(struct store *st, int64_t week, int *exists,
                            struct diag *diag);
/* Rebuilds a week's per-team aggregates from the day rows. */
int store_usage_week_build(struct store *st, int64_t week,
                           struct diag *diag);
/* Deletes day rows before day `cutoff`; returns the count or < 0. */
int store_usage_prune(struct store *st, int64_t cutoff, struct diag *diag);

struct store_usage_cell {
    int64_t week;
    const char *team, *tool; /* team NULL: an organisation-level row */
    long people, active_days, interactions, light_people;
};
typedef int (*store_usage_fn)(void *ctx, const struct store_usage_cell *c,
                              struct diag *diag);
/* Weekly team aggregates for weeks in [from, to], then the organisation
 * rows (summed per week: user-days) with team NULL. */
int store_usage_weeks(struct store *st, int64_t from, int64_t to,
                      store_usage_fn fn, void *ctx, struct diag *diag);

/* ---- the trap signal's inputs (store_trap.c) ---- */

struct store_unit_row {
    int64_t id, parent_id; /* parent 0 for a root */
    const char *name;
    long people;           /* current members */
    const char *function;  /* "" when none */
};
typedef int (*store_unit_fn)(void *ctx, const struct store_unit_row *u,
                             struct diag *diag);
int store_units(struct store *st, store_unit_fn fn, void *ctx,
                struct diag *diag);

/* Per unit for one week: approved activity on its most used tool, and
 * shadow demand over services that are not approved (people as the
 * largest service's, services counted). */
struct store_week_unit {
    int64_t unit_id;
    long usage_people, usage_days, usage_light;
    long shadow_people, shadow_services, shadow_requests;
};
typedef int (*store_week_unit_fn)(void *ctx, const struct store_week_unit *w,
                                  struct diag *diag);
int store_week_units(struct store *st, int64_t week, store_week_unit_fn fn,
                     void *ctx, struct diag *diag);
/* The latest week with telemetry or shadow data (0 when none). */
int store_latest_week(struct store *st, int64_t *week, struct diag *diag);

/* Marks a service approved, tolerated, blocked or unknown (adding it
 * when the scan has not seen it yet). */
int store_service_mark(struct store *st, const char *name, const char *vendor,
                       const char *category, const char *status,
                       struct diag *diag);

/* ---- dashboard accounts (store_users.c) ---- */

#define STORE_TOKEN_HASH 32 /* bytes of a stored token hash */

struct store_user {
    int64_t id;
    char name[128];
    char role[16];            /* admin, manager or viewer */
    int64_t unit_id;          /* managers: their unit; 0 when none */
    char pw_hash[160];        /* argon2id string; "" when none */
};

/* Adds a user; TR_EEXIST when the name is taken. */
int store_user_add(struct store *st, const struct store_user *u, int64_t now,
                   int64_t *id, struct diag *diag);
/* Finds a user by name: *found is 1 and *u filled when there is one.
 * Returns 0 or a TR_E* code. */
int store_user_find(struct store *st, const char *name, struct store_user *u,
                    int *found, struct diag *diag);
int store_user_set_password(struct store *st, int64_t id, const char *hash,
                            struct diag *diag);
typedef int (*store_user_fn)(void *ctx, const struct store_user *u,
                             struct diag *diag);
int store_users(struct store *st, store_user_fn fn, void *ctx,
                struct diag *diag);

/* Sessions and login links are looked up by the hash of their token. */
int store_session_add(struct store *st, const unsigned char *hash,
                      int64_t user_id, const char *csrf, int64_t expires,
                      struct diag *diag);
/* *found is 1 and the user and CSRF token filled when a live session has
 * this hash. Returns 0 or a TR_E* code. */
int store_session_get(struct store *st, const unsigned char *hash,
                      int64_t now, struct store_user *u, char *csrf,
                      size_t csrf_len, int *found, struct diag *diag);
int store_session_delete(struct store *st, const unsigned char *hash,
                         struct diag *diag);
int store_link_add(struct store *st, const unsigned char *hash,
                   int64_t user_id, int64_t expires, struct diag *diag);
/* Uses a login link up: *found is 1 and the user filled when it was live
 * (it is deleted either way). Returns 0 or a TR_E* code. */
int store_link_take(struct store *st, const unsigned char *hash, int64_t now,
                    struct store_user *u, int *found, struct diag *diag);

/* Units in the subtree of a unit (itself included), by id. */
typedef int (*store_id_fn)(void *ctx, int64_t id, struct diag *diag);
int store_unit_subtree(struct store *st, int64_t unit_id, store_id_fn fn,
                       void *ctx, struct diag *diag);
/* The id of a unit by name; 0 when none. */
int store_unit_id(struct store *st, const char *name, int64_t *id,
                  struct diag *diag);

#endif
