/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A map from pseudonyms (PSEUDO_BYTES of keyed hash) to 64-bit values:
 * keys inline in one array, their own first bytes as the hash (they are
 * uniform already). For loading a roster's identities in one pass. */
#ifndef TR_PNMAP_H
#define TR_PNMAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/pseudo.h"

struct pnmap_entry {
    unsigned char key[PSEUDO_BYTES];
    int64_t val;     /* PNMAP_EMPTY: a free slot */
};

/* The one value a map cannot hold. */
#define PNMAP_EMPTY INT64_MIN

struct pnmap {
    struct pnmap_entry *slots; /* owned */
    size_t cap, len;           /* cap a power of two, or 0 */
};

void pnmap_init(struct pnmap *m);
void pnmap_release(struct pnmap *m); /* NULL-safe */
/* Room for n entries without growing. */
void pnmap_reserve(struct pnmap *m, size_t n);
/* Inserts or replaces. */
void pnmap_put(struct pnmap *m, const unsigned char key[PSEUDO_BYTES],
               int64_t val);
/* Returns 1 and sets *val when key is present, else 0. */
int pnmap_get(const struct pnmap *m, const unsigned char key[PSEUDO_BYTES],
              int64_t *val);

#endif
