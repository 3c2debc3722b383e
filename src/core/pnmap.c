/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pseudonym map: open addressing, linear probing. */
#include "core/pnmap.h"

#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

static struct pnmap_entry *find(struct pnmap_entry *slots, size_t cap,
                                const unsigned char *key)
{
    uint64_t h;
    size_t i;

    memcpy(&h, key, sizeof(h));
    for (i = (size_t)h & (cap - 1);
         slots[i].val != PNMAP_EMPTY && memcmp(slots[i].key, key, PSEUDO_BYTES);
         i = (i + 1) & (cap - 1))
        ;
    return &slots[i];
}

void pnmap_init(struct pnmap *m)
{
    m->slots = NULL;
    m->cap = m->len = 0;
}

void pnmap_release(struct pnmap *m)
{
    if (!m)
        return;
    free(m->slots);
    pnmap_init(m);
}

static void resize(struct pnmap *m, size_t cap)
{
    struct pnmap_entry *old = m->slots;

    m->slots = xmalloc(cap * sizeof(*m->slots));
    for (size_t i = 0; i < cap; i++)
        m->slots[i].val = PNMAP_EMPTY;
    for (size_t i = 0; i < m->cap; i++)
        if (old[i].val != PNMAP_EMPTY)
            *find(m->slots, cap, old[i].key) = old[i];
    free(old);
    m->cap = cap;
}

void pnmap_reserve(struct pnmap *m, size_t n)
{
    size_t cap = table_capacity(m->cap, n);

    if (cap != m->cap)
        resize(m, cap);
}

void pnmap_put(struct pnmap *m, const unsigned char key[PSEUDO_BYTES],
               int64_t val)
{
    struct pnmap_entry *e;

    if ((m->len + 1) * 4 > m->cap * 3)
        pnmap_reserve(m, m->len + 1);
    e = find(m->slots, m->cap, key);
    if (e->val == PNMAP_EMPTY) {
        memcpy(e->key, key, PSEUDO_BYTES);
        m->len++;
    }
    e->val = val;
}

int pnmap_get(const struct pnmap *m, const unsigned char key[PSEUDO_BYTES],
              int64_t *val)
{
    const struct pnmap_entry *e;

    if (!m->cap)
        return 0;
    e = find(m->slots, m->cap, key);
    if (e->val == PNMAP_EMPTY)
        return 0;
    *val = e->val;
    return 1;
}
