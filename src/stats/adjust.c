/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Multiple-testing adjustments (Holm, Benjamini-Hochberg) and the
 * sample-ratio chi-square check. */
#include <math.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

struct ranked {
    double p;
    size_t i;
};

static int cmp_ranked(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;

    if (a->p != b->p)
        return (a->p > b->p) - (a->p < b->p);
    return (a->i > b->i) - (a->i < b->i);
}

static struct ranked *rank_p(const double *p, size_t n)
{
    struct ranked *r = xmalloc((n ? n : 1) * sizeof(*r));

    for (size_t i = 0; i < n; i++)
        r[i] = (struct ranked){p[i], i};
    qsort(r, n, sizeof(*r), cmp_ranked);
    return r;
}

void stats_holm(const double *p, size_t n, double *adj)
{
    struct ranked *r = rank_p(p, n);
    double run = 0.0;

    for (size_t k = 0; k < n; k++) {
        double v = fmin(1.0, (double)(n - k) * r[k].p);

        run = fmax(run, v); /* step-down: never below an earlier one */
        adj[r[k].i] = run;
    }
    free(r);
}

void stats_bh(const double *p, size_t n, double *adj)
{
    struct ranked *r = rank_p(p, n);
    double run = 1.0;

    for (size_t k = n; k-- > 0;) {
        double v = fmin(1.0, (double)n / (double)(k + 1) * r[k].p);

        run = fmin(run, v); /* step-up: never above a later one */
        adj[r[k].i] = run;
    }
    free(r);
}

double stats_srm(const double *observed, const double *shares, size_t k)
{
    double total = 0.0, share_sum = 0.0, x2 = 0.0;

    if (k < 2)
        return NAN;
    for (size_t i = 0; i < k; i++) {
        total += observed[i];
        share_sum += shares[i];
    }
    if (!(total > 0.0) || !(share_sum > 0.0))
        return NAN;
    for (size_t i = 0; i < k; i++) {
        double e = total * shares[i] / share_sum;

        if (!(e > 0.0))
            return NAN;
        x2 += (observed[i] - e) * (observed[i] - e) / e;
    }
    return pchisq(x2, (double)(k - 1), 0, 0);
}
