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
    memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
    if (!m)
        return;
    while (m->chunk) {
        char *prev;

        memcpy(&prev, m->chunk, sizeof(prev));
        free(m->chunk);
        m->chunk = prev;
    }
    free(m->slots);
    strmap_init(m);
}

/* A NUL-terminated copy of key in the map's chunks (chunks double up to
 * 64 KiB; a longer key gets one of its own). */
static char *copy_key(struct strmap *m, const void *key, size_t klen)
{
    size_t need = klen + 1;
    char *k;

    if (m->used + need > m->room) {
        size_t room = m->room ? m->room * 2 : 1024;
        char *c;

        if (room > (64u << 10))
            room = 64u << 10;
        if (room < sizeof(c) + need)
            room = sizeof(c) + need;
        c = xmalloc(room);
        memcpy(c, &m->chunk, sizeof(m->chunk)); /* link to the previous */
        m->chunk = c;
        m->used = sizeof(c);
        m->room = room;
    }
    k = m->chunk + m->used;
    memcpy(k, key, klen);
    k[klen] = '\0';
    m->used += need;
    return k;
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
    struct strmap_entry *old = m->slots;
    size_t old_cap = m->cap;

    m->cap = cap;
    m->slots = xmalloc(m->cap * sizeof(*m->slots));
    memset(m->slots, 0, m->cap * sizeof(*m->slots));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].klen, old[i].hash) = old[i];
    free(old);
}

void strmap_reserve(struct strmap *m, size_t n)
{
    size_t cap = table_capacity(m->cap, n);

    if (cap != m->cap)
        rehash_to(m, cap);
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

void strmap_prefetch(const struct strmap *m, const void *key, size_t klen)
{
    if (m->cap)
        __builtin_prefetch(&m->slots[fnv1a(key, klen) & (m->cap - 1)]);
}

void strmap_put(struct strmap *m, const void *key, size_t klen, int64_t val)
{
    uint64_t h = fnv1a(key, klen);
    struct strmap_entry *e;

    if ((m->len + 1) * 4 > m->cap * 3)
        strmap_reserve(m, m->len + 1);
    e = find(m, key, klen, h);
    if (!e->key) {
        e->key = copy_key(m, key, klen);
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
