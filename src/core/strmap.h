/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hash map from byte strings to 64-bit integers (open addressing, linear
 * probing; keys copied into chunks the map owns, not one allocation
 * each): name and pseudonym lookups during imports. */
#ifndef TR_STRMAP_H
#define TR_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
    char *key;     /* copy in the map's chunks, NUL-terminated; NULL marks
                      an empty slot */
    size_t klen;
    uint64_t hash;
    int64_t val;
};

struct strmap {
    struct strmap_entry *slots; /* owned */
    size_t cap;                 /* a power of two, or 0 */
    size_t len;                 /* entries in use */
    char *chunk;                /* keys: the newest chunk (each begins with
                                   a pointer to the one before) */
    size_t used, room;          /* bytes of it in use, and its size */
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m); /* NULL-safe */
/* Returns 1 and sets *val when key is present, else 0. val may be NULL. */
int strmap_get(const struct strmap *m, const void *key, size_t klen,
               int64_t *val);
/* Asks the CPU to fetch the slot where key would be looked for: a
 * caller with many lookups to make prefetches a few ahead. */
void strmap_prefetch(const struct strmap *m, const void *key, size_t klen);
/* Room for n entries without growing. */
void strmap_reserve(struct strmap *m, size_t n);
/* Inserts or replaces; the key is copied. */
void strmap_put(struct strmap *m, const void *key, size_t klen, int64_t val);
/* Convenience for NUL-terminated keys. */
int strmap_gets(const struct strmap *m, const char *key, int64_t *val);
void strmap_puts(struct strmap *m, const char *key, int64_t val);

#endif
