/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Key-file handling and keyed BLAKE2b pseudonyms (libsodium). */
#define _POSIX_C_SOURCE 200809L
#include "core/pseudo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/xalloc.h"

#define KEY_HEX (PSEUDO_KEY_BYTES * 2)
#define MAX_STACK_ID 256

char *pseudo_key_path(const char *db_path)
{
    const char *env = getenv("TRACTION_KEY");
    const char *slash, *dot;
    struct buf b = BUF_INIT;

    if (env && *env)
        return xstrdup(env);
    slash = strrchr(db_path, '/');
    dot = strrchr(db_path, '.');
    if (dot && (!slash || dot > slash + 1))
        buf_add(&b, db_path, (size_t)(dot - db_path));
    else
        buf_puts(&b, db_path);
    buf_puts(&b, ".key");
    return buf_detach(&b);
}

static int ensure_sodium(struct diag *diag)
{
    if (sodium_init() < 0)
        return diag_set(diag, TR_EKEY, "cannot initialise libsodium");
    return 0;
}

int pseudo_key_create(const char *path, struct pseudo_key *key,
                      struct diag *diag)
{
    char hex[KEY_HEX + 2];
    int fd, rc = 0;
    size_t n;

    if (ensure_sodium(diag))
        return TR_EKEY;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return diag_set(diag, TR_EEXIST,
                            "key file '%s' already exists; refusing to "
                            "replace it",
                            path);
        return diag_errno(diag, TR_EIO, "cannot create key file '%s'", path);
    }
    randombytes_buf(key->k, sizeof(key->k));
    sodium_bin2hex(hex, sizeof(hex), key->k, sizeof(key->k));
    n = strlen(hex);
    hex[n++] = '\n';
    if (write(fd, hex, n) != (ssize_t)n || fsync(fd) != 0)
        rc = diag_errno(diag, TR_EIO, "cannot write key file '%s'", path);
    if (close(fd) != 0 && !rc)
        rc = diag_errno(diag, TR_EIO, "cannot write key file '%s'", path);
    sodium_memzero(hex, sizeof(hex));
    if (rc)
        unlink(path);
    return rc;
}

int pseudo_key_load(const char *path, struct pseudo_key *key,
                    struct diag *diag)
{
    char hex[KEY_HEX + 8];
    struct stat st;
    size_t bin_len = 0;
    const char *end = NULL;
    ssize_t n;
    int fd, rc = 0;

    if (ensure_sodium(diag))
        return TR_EKEY;
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return diag_errno(diag, TR_EKEY,
                          "cannot read key file '%s' (every pseudonym "
                          "depends on it: restore it from a backup)",
                          path);
    if (fstat(fd, &st) != 0) {
        rc = diag_errno(diag, TR_EKEY, "cannot read key file '%s'", path);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = diag_set(diag, TR_EKEY, "key file '%s' is not a regular file",
                      path);
        goto out;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        rc = diag_set(diag, TR_EKEY,
                      "key file '%s' is accessible by others (mode %03o); "
                      "run: chmod 600 '%s'",
                      path, (unsigned)(st.st_mode & 0777), path);
        goto out;
    }
    n = read(fd, hex, sizeof(hex) - 1);
    if (n < 0) {
        rc = diag_errno(diag, TR_EKEY, "cannot read key file '%s'", path);
        goto out;
    }
    hex[n] = '\0';
    while (n > 0 && isspace((unsigned char)hex[n - 1]))
        hex[--n] = '\0';
    if (n != KEY_HEX
        || sodium_hex2bin(key->k, sizeof(key->k), hex, (size_t)n, NULL,
                          &bin_len, &end) != 0
        || bin_len != sizeof(key->k))
        rc = diag_set(diag, TR_EKEY,
                      "key file '%s' is malformed (expected %d hex digits)",
                      path, KEY_HEX);
out:
    sodium_memzero(hex, sizeof(hex));
    close(fd);
    return rc;
}

size_t pseudo_normalise(const char *id, size_t len, char *out)
{
    size_t i = 0, n = 0;
    int space = 0;

    while (i < len && isspace((unsigned char)id[i]))
        i++;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)id[i];

        if (isspace(c)) {
            space = 1;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = 0;
        out[n++] = (char)tolower(c);
    }
    return n;
}

int pseudo_hash(const struct pseudo_key *key, const char *id, size_t len,
                unsigned char out[PSEUDO_BYTES])
{
    char stack[MAX_STACK_ID];
    char *norm = len <= sizeof(stack) ? stack : xmalloc(len);
    size_t n = pseudo_normalise(id, len, norm);

    if (n)
        crypto_generichash(out, PSEUDO_BYTES, (const unsigned char *)norm, n,
                           key->k, sizeof(key->k));
    if (norm != stack)
        free(norm);
    return n ? 0 : TR_EINVAL;
}

void pseudo_key_check(const struct pseudo_key *key,
                      unsigned char out[PSEUDO_BYTES])
{
    static const char label[] = "traction key check v1";

    crypto_generichash(out, PSEUDO_BYTES, (const unsigned char *)label,
                       sizeof(label) - 1, key->k, sizeof(key->k));
}

struct pseudo_sha256 {
    crypto_hash_sha256_state s;
};

struct pseudo_sha256 *pseudo_sha256_new(void)
{
    struct pseudo_sha256 *sha;

    if (ensure_sodium(NULL))
        return NULL;
    sha = xmalloc(sizeof(*sha));
    crypto_hash_sha256_init(&sha->s);
    return sha;
}

void pseudo_sha256_update(struct pseudo_sha256 *sha, const void *buf,
                          size_t len)
{
    if (sha && len)
        crypto_hash_sha256_update(&sha->s, buf, len);
}

void pseudo_sha256_final(struct pseudo_sha256 *sha, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    if (!sha)
        return;
    crypto_hash_sha256_final(&sha->s, h);
    sodium_bin2hex(hex, 65, h, sizeof(h));
    free(sha);
}

void pseudo_sha256_free(struct pseudo_sha256 *sha)
{
    free(sha);
}

int pseudo_file_sha256(const char *path, char hex[65], struct diag *diag)
{
    unsigned char block[65536], h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state s;
    FILE *fp;
    size_t n;
    int rc = 0;

    if (ensure_sodium(diag))
        return TR_EKEY;
    fp = fopen(path, "rb");
    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    crypto_hash_sha256_init(&s);
    while ((n = fread(block, 1, sizeof(block), fp)) > 0)
        crypto_hash_sha256_update(&s, block, n);
    if (ferror(fp))
        rc = diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    fclose(fp);
    crypto_hash_sha256_final(&s, h);
    sodium_bin2hex(hex, 65, h, sizeof(h));
    return rc;
}
