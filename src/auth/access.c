/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Roles, passwords and tokens for the dashboard. */
#include "auth/access.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/roster.h"
#include "store/voice.h"

const char *const access_role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin", [ROLE_MANAGER] = "manager",
    [ROLE_VIEWER] = "viewer", [ROLE_GOVERNANCE] = "governance"};

int access_role_parse(const char *s)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (!strcmp(s, access_role_names[i]))
            return i;
    return -1;
}

#define MIN_PASSWORD 10

int access_hash_password(const char *pw, char *out, size_t out_len,
                         struct diag *diag)
{
    if (sodium_init() < 0 || out_len < crypto_pwhash_STRBYTES)
        return diag_set(diag, TR_EINVAL, "cannot hash passwords here");
    if (strlen(pw) < MIN_PASSWORD)
        return diag_set(diag, TR_EINVAL,
                        "a password needs at least %d characters",
                        MIN_PASSWORD);
    if (crypto_pwhash_str_alg(out, pw, strlen(pw),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13))
        return diag_set(diag, TR_ENOMEM, "out of memory hashing a password");
    return 0;
}

/* A hash of nothing anyone knows, checked for accounts without a
 * password so that they take as long to refuse as a wrong password. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
    static const char nothing[] = "traction: no password is set";

    if (crypto_pwhash_str_alg(dummy, nothing, sizeof(nothing) - 1,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13))
        dummy[0] = '\0';
}

int access_check_password(const char *hash, const char *pw)
{
    if (sodium_init() < 0)
        return 0;
    if (!*hash) {
        pthread_once(&dummy_once, make_dummy);
        if (*dummy && crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0)
            return 0; /* never a match, whatever the outcome */
        return 0;
    }
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static void hash_bytes(const unsigned char *raw, unsigned char *hash)
{
    crypto_generichash(hash, STORE_TOKEN_HASH, raw, 32,
                       (const unsigned char *)"traction token", 14);
}

void access_new_token(char *token, unsigned char *hash)
{
    unsigned char raw[32];

    if (sodium_init() < 0)
        memset(raw, 0, sizeof(raw));
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(token, ACCESS_TOKEN_LEN + 1, raw, sizeof(raw));
    if (hash)
        hash_bytes(raw, hash);
    sodium_memzero(raw, sizeof(raw));
}

void access_new_key(unsigned char key[ACCESS_KEY_LEN])
{
    if (sodium_init() < 0)
        memset(key, 0, ACCESS_KEY_LEN);
    randombytes_buf(key, ACCESS_KEY_LEN);
}

void access_derive_token(const unsigned char key[ACCESS_KEY_LEN],
                         int64_t user_id, char *token)
{
    unsigned char id[8], raw[32];

    for (int i = 0; i < 8; i++)
        id[i] = (unsigned char)((uint64_t)user_id >> (8 * i));
    crypto_generichash(raw, sizeof(raw), id, sizeof(id), key, ACCESS_KEY_LEN);
    sodium_bin2hex(token, ACCESS_TOKEN_LEN + 1, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
}

int access_token_hash(const char *token, unsigned char *hash)
{
    unsigned char raw[32];
    size_t n = 0;

    if (!token || strlen(token) != ACCESS_TOKEN_LEN
        || sodium_hex2bin(raw, sizeof(raw), token, ACCESS_TOKEN_LEN, NULL, &n,
                          NULL)
        || n != sizeof(raw))
        return -1;
    hash_bytes(raw, hash);
    return 0;
}

static void survey_derive(const struct pseudo_key *key,
                          const unsigned char *raw, unsigned char *hash,
                          unsigned char *pad)
{
    crypto_generichash_state h;

    crypto_generichash_init(&h, key->k, sizeof(key->k), STORE_VOICE_HASH);
    crypto_generichash_update(&h, (const unsigned char *)"traction survey",
                              15);
    crypto_generichash_update(&h, raw, 32);
    crypto_generichash_final(&h, hash, STORE_VOICE_HASH);
    crypto_generichash(pad, STORE_VOICE_PAD, raw, 32,
                       (const unsigned char *)"traction seal", 13);
}

void access_survey_token(const struct pseudo_key *key, char *token,
                         unsigned char *hash, unsigned char *pad)
{
    unsigned char raw[32];

    if (sodium_init() < 0)
        abort(); /* no randomness: never hand out a guessable link */
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(token, ACCESS_TOKEN_LEN + 1, raw, sizeof(raw));
    survey_derive(key, raw, hash, pad);
    sodium_memzero(raw, sizeof(raw));
}

int access_survey_token_parse(const struct pseudo_key *key, const char *token,
                              unsigned char *hash, unsigned char *pad)
{
    unsigned char raw[32];
    size_t n = 0;

    if (!token || strlen(token) != ACCESS_TOKEN_LEN
        || sodium_hex2bin(raw, sizeof(raw), token, ACCESS_TOKEN_LEN, NULL, &n,
                          NULL)
        || n != sizeof(raw))
        return -1;
    survey_derive(key, raw, hash, pad);
    sodium_memzero(raw, sizeof(raw));
    return 0;
}

void access_survey_form_check(const struct pseudo_key *key,
                              const unsigned char *hash, char *out)
{
    unsigned char h[16];
    crypto_generichash_state st;

    crypto_generichash_init(&st, key->k, sizeof(key->k), sizeof(h));
    crypto_generichash_update(&st, (const unsigned char *)"traction form",
                              13);
    crypto_generichash_update(&st, hash, STORE_VOICE_HASH);
    crypto_generichash_final(&st, h, sizeof(h));
    sodium_bin2hex(out, 33, h, sizeof(h));
}

int access_equal(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int add_unit(void *ctx, int64_t id, struct diag *diag)
{
    (void)diag;
    strmap_put(ctx, &id, sizeof(id), 1);
    return 0;
}

int access_scope_load(struct store *st, const struct store_user *u,
                      struct access_scope *out, struct diag *diag)
{
    int role = access_role_parse(u->role);

    memset(out, 0, sizeof(*out));
    strmap_init(&out->units);
    out->user = *u;
    out->role = role < 0 ? ROLE_VIEWER : (enum access_role)role;
    if (out->role == ROLE_MANAGER && u->unit_id)
        return store_unit_subtree(st, u->unit_id, add_unit, &out->units,
                                  diag);
    return 0;
}

void access_scope_release(struct access_scope *s)
{
    if (s)
        strmap_release(&s->units);
}

int access_sees_unit(const struct access_scope *s, int64_t unit_id)
{
    if (s->role == ROLE_ADMIN)
        return 1;
    return s->role == ROLE_MANAGER
           && strmap_get(&s->units, &unit_id, sizeof(unit_id), NULL);
}

int access_org_only(const struct access_scope *s)
{
    return s->role == ROLE_VIEWER || s->role == ROLE_GOVERNANCE;
}

int access_governs(const struct access_scope *s)
{
    return s->role == ROLE_ADMIN || s->role == ROLE_GOVERNANCE;
}
