/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open-addressing map of 64-bit keys: a multiplicative hash, slots of key
 * and value side by side (one cache line per probe). */
#include "core/u64map.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* Each map hashes with its own seed: copying one map into another in
 * slot order would otherwise fill the new one's slots in runs and make
 * probing quadratic. */
static atomic_uint_fast64_t seeds;

static size_t slot_of(uint64_t key, uint64_t seed, size_t cap)
{
    uint64_t h = key ^ seed;

    /* murmur3's finaliser: every key bit reaches the low bits */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    return (size_t)(h ^ h >> 33) & (cap - 1);
}

static struct u64map_entry *find(struct u64map_entry *slots, size_t cap,
                                 uint64_t seed, uint64_t key)
{
    size_t i = slot_of(key, seed, cap);

    while (slots[i].key != key && slots[i].key != U64MAP_EMPTY)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

void u64map_init(struct u64map *m)
{
    m->slots = NULL;
    m->cap = m->len = 0;
    m->seed = (atomic_fetch_add(&seeds, 1) + 1) * 0x9E3779B97F4A7C15ull;
}

void u64map_release(struct u64map *m)
{
    if (!m)
        return;
    free(m->slots);
    u64map_init(m);
}

void u64map_reserve(struct u64map *m, size_t n)
{
    struct u64map_entry *old = m->slots;
    size_t cap = table_capacity(m->cap, n);

    if (cap == m->cap)
        return;
    m->slots = xmalloc(cap * sizeof(*m->slots));
    for (size_t i = 0; i < cap; i++)
        m->slots[i].key = U64MAP_EMPTY;
    for (size_t i = 0; i < m->cap; i++)
        if (old[i].key != U64MAP_EMPTY)
            *find(m->slots, cap, m->seed, old[i].key) = old[i];
    free(old);
    m->cap = cap;
}

int64_t *u64map_at(struct u64map *m, uint64_t key, int *added)
{
    struct u64map_entry *e;

    if ((m->len + 1) * 4 > m->cap * 3)
        u64map_reserve(m, m->len + 1);
    e = find(m->slots, m->cap, m->seed, key);
    if (added)
        *added = e->key == U64MAP_EMPTY;
    if (e->key == U64MAP_EMPTY) {
        e->key = key;
        e->val = 0;
        m->len++;
    }
    return &e->val;
}

void u64map_prefetch(const struct u64map *m, uint64_t key)
{
    if (m->cap)
        __builtin_prefetch(&m->slots[slot_of(key, m->seed, m->cap)]);
}

int u64map_get(const struct u64map *m, uint64_t key, int64_t *val)
{
    const struct u64map_entry *e;

    if (!m->cap)
        return 0;
    e = find(m->slots, m->cap, m->seed, key);
    if (e->key == U64MAP_EMPTY)
        return 0;
    *val = e->val;
    return 1;
}

void u64map_sort(struct u64map_entry *v, size_t n)
{
    size_t (*count)[256];
    struct u64map_entry *tmp, *from = v, *to;

    if (n < 2)
        return;
    count = xcalloc(8, sizeof(*count));
    tmp = to = xmalloc(n * sizeof(*tmp));
    for (size_t i = 0; i < n; i++)
        for (unsigned b = 0; b < 8; b++)
            count[b][v[i].key >> (8 * b) & 0xFF]++;
    for (unsigned b = 0; b < 8; b++) {
        size_t at = 0, *c = count[b];

        if (c[v[0].key >> (8 * b) & 0xFF] == n)
            continue; /* every key has this byte */
        for (unsigned d = 0; d < 256; d++) {
            size_t k = c[d];

            c[d] = at;
            at += k;
        }
        for (size_t i = 0; i < n; i++)
            to[c[from[i].key >> (8 * b) & 0xFF]++] = from[i];
        {
            struct u64map_entry *t = from;

            from = to;
            to = t;
        }
    }
    if (from != v)
        memcpy(v, from, n * sizeof(*v));
    free(tmp);
    free(count);
}
