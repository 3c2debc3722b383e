/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dashboard accounts, sessions and login links (store_users.c). */
#ifndef TR_STORE_USERS_H
#define TR_STORE_USERS_H

#include "store/store.h"

#define STORE_TOKEN_HASH 32 /* bytes of a stored token hash */

struct store_user {
    int64_t id;
    char name[128];
    char role[16];     /* admin, manager, viewer or governance */
    int64_t unit_id;   /* managers: their unit; 0 when none */
    char pw_hash[160]; /* argon2id string; "" when none */
    int disabled;      /* 1: may not sign in (store_user_set_disabled) */
};

/* Adds a user; TR_EEXIST when the name is taken. */
int store_user_add(struct store *st, const struct store_user *u, int64_t now,
                   int64_t *id, struct diag *diag);
/* Finds a user by name: *found is 1 and *u filled when there is one.
 * Returns 0 or a TR_E* code. */
int store_user_find(struct store *st, const char *name, struct store_user *u,
                    int *found, struct diag *diag);
/* Sets a user's password hash and ends their sessions and login links
 * (a new password ends what the old one opened), as store_user_revoke.
 * Call it inside a transaction. */
int store_user_set_password(struct store *st, int64_t id, const char *hash,
                            int64_t *sessions, int64_t *links,
                            struct diag *diag);
/* Ends the user's sessions and outstanding login links; *sessions and
 * *links (either may be NULL) get how many. */
int store_user_revoke(struct store *st, int64_t id, int64_t *sessions,
                      int64_t *links, struct diag *diag);
/* A disabled user's sessions and links stop working (store_session_find
 * and store_link_take do not find them) and none can be made; call
 * store_user_revoke too, to delete them. */
int store_user_set_disabled(struct store *st, int64_t id, int disabled,
                            struct diag *diag);
/* Changes a user's role (and unit: a manager's, 0 for the other
 * roles); the sessions stay, the next request sees the new role. */
int store_user_set_role(struct store *st, int64_t id, const char *role,
                        int64_t unit_id, struct diag *diag);
/* Deletes a user with their sessions and links. Decisions keep the name
 * they were recorded under. */
int store_user_remove(struct store *st, int64_t id, struct diag *diag);
typedef int (*store_user_fn)(void *ctx, const struct store_user *u,
                             struct diag *diag);
int store_users(struct store *st, store_user_fn fn, void *ctx,
                struct diag *diag);

/* Sessions and login links are looked up by the hash of their token. */
int store_session_add(struct store *st, const unsigned char *hash,
                      int64_t user_id, const char *csrf, int64_t expires,
                      struct diag *diag);
/* *found is 1 and the user and CSRF token filled when a live session of
 * an enabled user has this hash. Returns 0 or a TR_E* code. */
int store_session_find(struct store *st, const unsigned char *hash, int64_t now,
                       struct store_user *u, char *csrf, size_t csrf_len,
                       int *found, struct diag *diag);
int store_session_delete(struct store *st, const unsigned char *hash,
                         struct diag *diag);
int store_link_add(struct store *st, const unsigned char *hash, int64_t user_id,
                   int64_t expires, struct diag *diag);
/* Uses a login link up: *found is 1 and the user filled when it was live
 * and its user enabled (it is deleted either way). Returns 0 or a TR_E*
 * code. */
int store_link_take(struct store *st, const unsigned char *hash, int64_t now,
                    struct store_user *u, int *found, struct diag *diag);

#endif
