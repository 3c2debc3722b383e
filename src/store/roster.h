/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation in the workspace: applying a roster, the units and
 * their subtrees, and every identifier the roster knows
 * (store_roster.c). */
#ifndef TR_STORE_ROSTER_H
#define TR_STORE_ROSTER_H

#include "store/store.h"

struct roster;
struct roster_sink;

struct store_roster_result {
    size_t people, units;  /* in the roster */
    long units_added, units_changed;
    long people_added, people_moved, people_left, people_unchanged;
};

/* Applies a validated roster as the organisation at time as_of (Unix
 * seconds): adds units and people, records moves as closed and new
 * memberships, marks people absent from the roster as having left.
 * Runs inside the caller's transaction. Re-applying the same roster
 * changes nothing. */
int store_roster_apply(struct store *st, const struct roster *r, int64_t as_of,
                       int64_t import_seq, struct store_roster_result *res,
                       struct diag *diag);

/* The roster importer's sink: applies the roster it is handed with
 * store_roster_apply. The caller fills st, as_of and import_seq and
 * reads res after the import. */
struct store_roster {
    struct store *st;      /* borrowed */
    int64_t as_of, import_seq;
    struct store_roster_result res;
};
void store_roster_sink(struct store_roster *sr, struct roster_sink *sink);

/* Every unit by name, with its current head count. */
struct store_unit_row {
    int64_t id, parent_id; /* parent 0 for a root */
    const char *name;
    long people;          /* current members */
    const char *function; /* "" when none */
    long managers;        /* current members who manage it */
};
typedef int (*store_unit_fn)(void *ctx, const struct store_unit_row *u,
                             struct diag *diag);
int store_units(struct store *st, store_unit_fn fn, void *ctx,
                struct diag *diag);

/* Units in the subtree of a unit (itself included), by id. */
typedef int (*store_id_fn)(void *ctx, int64_t id, struct diag *diag);
int store_unit_subtree(struct store *st, int64_t unit_id, store_id_fn fn,
                       void *ctx, struct diag *diag);
/* The id of a unit by name (lookup only); 0 when none. */
int store_unit_find(struct store *st, const char *name, int64_t *id,
                    struct diag *diag);

/* Every identifier the roster knows (primary ids and aliases) with its
 * person and current unit (0 when none). */
typedef int (*store_identity_fn)(void *ctx, const void *pseudonym, size_t len,
                                 int64_t person_id, int64_t unit_id);
/* How many people and aliases the roster holds (to size tables). */
int store_identity_counts(struct store *st, size_t *people, size_t *aliases,
                          struct diag *diag);
int store_identities(struct store *st, store_identity_fn fn, void *ctx,
                     struct diag *diag);

#endif
