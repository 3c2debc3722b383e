/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may see what on the dashboard: roles, units, passwords (argon2id)
 * and the random tokens behind sessions, login links and CSRF. Admins see
 * everything; managers their own unit's subtree; viewers the
 * organisation-level pages only; governance what viewers see, and the
 * tool requests and the register of what stays human. */
#ifndef TR_AUTH_ACCESS_H
#define TR_AUTH_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "core/strmap.h"
#include "store/users.h"

/* governance: reviewers of tool requests; they decide requests, keep
 * the register of what stays human and see what viewers see besides
 * (organisation-level pages, no team-level figures). */
enum access_role {
    ROLE_ADMIN,
    ROLE_MANAGER,
    ROLE_VIEWER,
    ROLE_GOVERNANCE,
    ROLE_COUNT
};

extern const char *const access_role_names[ROLE_COUNT];
int access_role_parse(const char *s); /* -1 when unknown */

/* A token as given out: 64 hex digits (32 random bytes). */
#define ACCESS_TOKEN_LEN 64

/* Hashes a password with argon2id into out (crypto_pwhash_STRBYTES);
 * TR_EINVAL for a password under 10 characters. */
int access_hash_password(const char *pw, char *out, size_t out_len,
                         struct diag *diag);
/* 1 when pw matches the stored hash. Takes the same time for an empty
 * hash (no password set), so a missing account cannot be told apart. */
int access_check_password(const char *hash, const char *pw);

/* A fresh random token (NUL-terminated, ACCESS_TOKEN_LEN digits) and the
 * hash the store keeps of it. */
void access_new_token(char *token, unsigned char *hash);
/* A token (ACCESS_TOKEN_LEN hex digits) derived from a secret key and a
 * user id: the same for every request of that user while the key stays.
 * The server gives users signed in by an SSO proxy such a CSRF token, so
 * that their requests need no stored session. */
#define ACCESS_KEY_LEN 32
void access_derive_token(const unsigned char key[ACCESS_KEY_LEN],
                         int64_t user_id, char *token);
/* Fills key with random bytes. */
void access_new_key(unsigned char key[ACCESS_KEY_LEN]);
/* The stored hash of a token as presented; -1 when it is not one. */
int access_token_hash(const char *token, unsigned char *hash);
/* A survey link's token (NUL-terminated, ACCESS_TOKEN_LEN digits), the
 * hash the store keeps of it (STORE_VOICE_HASH bytes, keyed with the
 * workspace's key, so the database alone cannot test a token) and the
 * pad that seals its response's id (STORE_VOICE_PAD bytes, from the
 * token alone: the workspace never holds it). */
void access_survey_token(const struct pseudo_key *key, char *token,
                         unsigned char *hash, unsigned char *pad);
/* The hash and pad of a survey token as presented; -1 when it is not
 * one. */
int access_survey_token_parse(const struct pseudo_key *key, const char *token,
                              unsigned char *hash, unsigned char *pad);
/* The hidden value a survey form carries (32 hex digits and a NUL in
 * out): a keyed hash of the link's hash, so a post is answered only by
 * a form served for that link. */
void access_survey_form_check(const struct pseudo_key *key,
                              const unsigned char *hash, char *out);
/* Constant-time comparison of two NUL-terminated strings. */
int access_equal(const char *a, const char *b);

/* What a signed-in user may see. */
struct access_scope {
    enum access_role role;
    struct store_user user;
    struct strmap units;      /* managers: unit ids of their subtree */
};

int access_scope_load(struct store *st, const struct store_user *u,
                      struct access_scope *out, struct diag *diag);
void access_scope_release(struct access_scope *s); /* NULL-safe */
/* Team-level data of a unit: admins, and managers above it. */
int access_sees_unit(const struct access_scope *s, int64_t unit_id);
/* Only organisation-level pages: viewers and governance. */
int access_org_only(const struct access_scope *s);
/* Governance's own work (deciding tool requests, the register of what
 * stays human): governance and admins. */
int access_governs(const struct access_scope *s);

#endif
