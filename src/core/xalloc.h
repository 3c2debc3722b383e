/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers that end the program on failure: traction is an
 * application, and every caller would otherwise do the same. */
#ifndef TR_XALLOC_H
#define TR_XALLOC_H

#include <stddef.h>

/* Each returns owned memory, never NULL; on failure prints and exits 1.
 * Blocks of 1 MiB and more (from xmalloc, xcalloc and xgrow) are whole
 * 2 MiB pages advised to be transparent huge pages: a first touch faults
 * once per 2 MiB instead of once per 4 KiB, and random probes into a
 * large table miss the TLB less. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n); /* p consumed; returns the new block */
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
