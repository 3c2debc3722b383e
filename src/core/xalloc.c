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

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p)
        die_oom(n);
    return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

    if (!p)
        die_oom(nmemb * size);
    return p;
}

void *xmalloc_table(size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = 2u << 20;
    void *p;

    if (n >= huge) {
        if (posix_memalign(&p, huge, n))
            die_oom(n);
        madvise(p, n, MADV_HUGEPAGE); /* advice only: no error matters */
        return p;
    }
#endif
    return xmalloc(n);
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
    *cap = c;
    return xrealloc(arr, c * size);
}
