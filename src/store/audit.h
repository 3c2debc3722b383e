/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail (store_audit.c): every state change of the workspace
 * appended, in the transaction of the change, to a hash chain in the
 * table audit_log, and the chain's head written outside the database,
 * beside the key file, after each commit that appended to it.
 *
 * Each entry's hash is SHA-256 (hex) over the previous entry's hash (32
 * raw bytes; 32 zero bytes before the first entry) followed by the
 * entry's canonical encoding: its sequence number and time (Unix
 * seconds) as 8-byte big-endian signed integers, then actor, action,
 * subject and details (the JSON text as stored), each as a 4-byte
 * big-endian length and its UTF-8 bytes. The head file holds one line:
 * the last sequence number, a space and its hash. */
#ifndef TR_STORE_AUDIT_H
#define TR_STORE_AUDIT_H

#include "store/store.h"

#define STORE_AUDIT_HEX 65 /* a SHA-256 in hex and its NUL */

/* Who the following appends are made by: a dashboard account's name, or
 * "cli:" and the OS user for the command line (copied; NULL: "cli"). */
void store_set_actor(struct store *st, const char *actor);

/* Appends an entry of action about subject; details: a JSON object's
 * text (NULL: {}). Only inside the change's transaction (store_begin):
 * outside one it is refused (TR_EINVAL). */
int store_audit_append(struct store *st, const char *action,
                       const char *subject, const char *details,
                       struct diag *diag);

struct store_audit_entry {
    int64_t seq, at;
    const char *actor, *action, *subject, *details; /* borrowed */
    const char *prev, *hash;                        /* hex */
};
typedef int (*store_audit_fn)(void *ctx, const struct store_audit_entry *e,
                              struct diag *diag);
/* The entries by sequence number. */
int store_audit_entries(struct store *st, store_audit_fn fn, void *ctx,
                        struct diag *diag);

/* The head file of the workspace at db_path: the key file's path with
 * ".audit-head" for its ".key" (traction.key -> traction.audit-head).
 * Owned. */
char *store_audit_head_path(const char *db_path);

/* What store_audit_verify found. bad: the sequence number of the first
 * bad entry (0: none); why: what is wrong (empty when all is well). */
struct store_audit_check {
    int64_t entries;                 /* in the table */
    int64_t head_seq;                /* the head file's, -1 when absent */
    int64_t bad;
    char why[256];
};
/* Recomputes the chain and compares its end with the head file. Returns
 * 0 whatever it found (see out), or an error reading either. */
int store_audit_verify(struct store *st, struct store_audit_check *out,
                       struct diag *diag);

#endif
