/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hash map from 64-bit keys to 64-bit values (open addressing, linear
 * probing, no allocation per entry): packed keys on hot paths, where a
 * string map's copies and byte hashing cost too much. */
#ifndef TR_U64MAP_H
#define TR_U64MAP_H

#include <stddef.h>
#include <stdint.h>

/* The one key a map cannot hold: it marks an empty slot. */
#define U64MAP_EMPTY UINT64_MAX

struct u64map_entry {
    uint64_t key; /* U64MAP_EMPTY: free */
    int64_t val;
};

struct u64map {
    struct u64map_entry *slots; /* owned */
    size_t cap;                 /* a power of two, or 0 */
    size_t len;                 /* entries in use */
    uint64_t seed;              /* of the hash, set by u64map_init */
};

void u64map_init(struct u64map *m);
void u64map_release(struct u64map *m); /* NULL-safe */
/* Room for n entries without growing. */
void u64map_reserve(struct u64map *m, size_t n);
/* The value of key, inserted as 0 when absent (*added then 1; added may
 * be NULL). The pointer lasts until the next insertion. */
int64_t *u64map_at(struct u64map *m, uint64_t key, int *added);
/* Asks the CPU to fetch the slot where key would be looked for: a
 * caller with many lookups to make prefetches a few ahead. */
void u64map_prefetch(const struct u64map *m, uint64_t key);
/* Sorts n entries by key, in place (a radix sort over the key's bytes;
 * a byte that is the same in every key costs no pass). */
void u64map_sort(struct u64map_entry *v, size_t n);
/* Returns 1 and sets *val when key is present, else 0. */
int u64map_get(const struct u64map *m, uint64_t key, int64_t *val);

#endif
