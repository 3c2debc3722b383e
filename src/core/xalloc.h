/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers that end the program on failure: traction is an
 * application, and every caller would otherwise do the same. */
#ifndef TR_XALLOC_H
#define TR_XALLOC_H

#include <stddef.h>

/* Each returns owned memory, never NULL; on failure prints and exits 1. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n); /* p consumed; returns the new block */
/* Memory for a large hash table (freed with free): from 2 MiB on it is
 * aligned to 2 MiB and advised to use transparent huge pages, so random
 * probes miss the TLB less and first touches fault less often. */
void *xmalloc_table(size_t n);
/* The capacity of an open-addressing table (a power of two, from cap, or
 * from 64 when cap is 0) that holds n entries at most three quarters
 * full; the maps grow to it. */
size_t table_capacity(size_t cap, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow an array to hold at least `need` items of `size` bytes: *cap is
 * doubled as needed. Returns the (possibly moved) array. */
void *xgrow(void *arr, size_t *cap, size_t need, size_t size);

#endif
