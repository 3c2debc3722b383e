/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pseudonyms: a keyed BLAKE2b hash of a normalised identifier. The key
 * lives in a file beside the workspace (never inside it), so a copy of the
 * database alone cannot be joined back to names. */
#ifndef TR_PSEUDO_H
#define TR_PSEUDO_H

#include <stddef.h>

#include "core/diag.h"

#define PSEUDO_KEY_BYTES 32
#define PSEUDO_BYTES 16 /* stored pseudonym length */

struct pseudo_key {
    unsigned char k[PSEUDO_KEY_BYTES];
};

/* The key file for a workspace path: "$TRACTION_KEY" when set, else the
 * workspace path with its extension replaced by ".key" (traction.db ->
 * traction.key). Returns an owned string. */
char *pseudo_key_path(const char *db_path);

/* Creates a new random key file (mode 0600); refuses to overwrite one.
 * Returns 0, TR_EEXIST or TR_EIO. */
int pseudo_key_create(const char *path, struct pseudo_key *key,
                      struct diag *diag);

/* Loads a key file. A missing, unreadable, malformed or group/world
 * accessible file is TR_EKEY: never silently a new key, which would break
 * every pseudonym. */
int pseudo_key_load(const char *path, struct pseudo_key *key,
                    struct diag *diag);

/* Normalises an identifier into out (trim, collapse inner whitespace runs
 * to one space, ASCII lower case). Returns the normalised length (0 when
 * nothing is left). out must hold len bytes. */
size_t pseudo_normalise(const char *id, size_t len, char *out);

/* The pseudonym of an identifier. Returns 0, or TR_EINVAL when the
 * identifier is empty after normalisation. */
int pseudo_hash(const struct pseudo_key *key, const char *id, size_t len,
                unsigned char out[PSEUDO_BYTES]);

/* The SHA-256 of the file at path in hex (64 digits and a NUL), for
 * the record of what was imported. Returns 0 or TR_EIO. */
int pseudo_file_sha256(const char *path, char hex[65], struct diag *diag);

/* A SHA-256 taken as a reader goes, so an imported file is read once:
 * pseudo_sha256_new (NULL when libsodium cannot start: nothing is
 * hashed), _update with every byte read, in order (sha may be NULL),
 * then _final writes the hex digest and frees sha, or _free drops it.
 * Both are NULL-safe. */
struct pseudo_sha256;
struct pseudo_sha256 *pseudo_sha256_new(void);
void pseudo_sha256_update(struct pseudo_sha256 *sha, const void *buf,
                          size_t len);
void pseudo_sha256_final(struct pseudo_sha256 *sha, char hex[65]);
void pseudo_sha256_free(struct pseudo_sha256 *sha);

/* A check value stored in the workspace to detect a wrong key file; it
 * reveals nothing about the key. */
void pseudo_key_check(const struct pseudo_key *key,
                      unsigned char out[PSEUDO_BYTES]);

#endif
