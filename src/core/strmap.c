/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Open-addressing string map with FNV-1a hashing. */
#include "core/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static uint64_t fnv1a(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 1469598103934665603ULL;

    while (len--) {
        h ^= *p++;
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
}

void strmap_release(struct strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_entry *find(const struct strmap *m, const void *key,
                                 size_t klen, uint64_t h)
{
    size_t mask = m->cap - 1, i = (size_t)h & mask;

    for (;;) {
        struct strmap_entry *e = &m->slots[i];

        if (!e->key || (e->hash == h && e->klen == klen
                        && !memcmp(e->key, key, klen)))
            return e;
        i = (i + 1) & mask;
    }
}

static void rehash_to(struct strmap *m, size_t cap)
{
    struct strmap old = *m;

    m->cap = cap;
    m->slots = xcalloc(m->cap, sizeof(*m->slots));
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key, old.slots[i].klen, old.slots[i].hash)
                = old.slots[i];
    free(old.slots);
}

static void rehash(struct strmap *m)
{
    rehash_to(m, m->cap ? m->cap * 2 : 64);
}

int strmap_get(const struct strmap *m, const void *key, size_t klen,
               int64_t *val)
{
    struct strmap_entry *e;

    if (!m->cap)
        return 0;
    e = find(m, key, klen, fnv1a(key, klen));
    if (!e->key)
        return 0;
    if (val)
        *val = e->val;
    return 1;
}

void strmap_put(struct strmap *m, const void *key, size_t klen, int64_t val)
{
    uint64_t h = fnv1a(key, klen);
    struct strmap_entry *e;

    if ((m->len + 1) * 4 > m->cap * 3)
        rehash(m);
    e = find(m, key, klen, h);
    if (!e->key) {
        e->key = xstrndup(key, klen);
        e->klen = klen;
        e->hash = h;
        m->len++;
    }
    e->val = val;
}

int strmap_gets(const struct strmap *m, const char *key, int64_t *val)
{
    return strmap_get(m, key, strlen(key), val);
}

void strmap_puts(struct strmap *m, const char *key, int64_t val)
{
    strmap_put(m, key, strlen(key), val);
}
