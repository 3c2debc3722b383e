/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bootstrap intervals (percentile and BCa) for differences of means and
 * quantiles. A quantile of a resample needs only two order statistics,
 * and those can be drawn exactly without drawing the resample: the counts
 * of n draws over the sorted sample are multinomial, and splitting an
 * index range in two splits its draws binomially. Descending towards the
 * wanted rank takes O(log n) binomial draws instead of n uniform ones,
 * with the same distribution as resampling one value at a time. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "core/xalloc.h"
#include "stats/quantile.h"
#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

/* A sample prepared for resampling. */
struct arm {
    double *x;       /* owned; sorted */
    size_t n;
};

/* The statistic of sorted x, leaving out index skip (n when none). */
static double stat_of(const struct stats_boot_opts *o, const double *x,
                      size_t n, size_t skip, double sum)
{
    size_t m = skip < n ? n - 1 : n, k;
    double h, lo, v0, v1;

    if (o->stat == STATS_MEAN)
        return (skip < n ? sum - x[skip] : sum) / (double)m;
    h = (double)(m - 1) * o->prob;
    lo = floor(h);
    k = (size_t)lo;
    /* order statistic k of the reduced sample is x[k] or x[k + 1] */
    v0 = x[k + (skip <= k)];
    v1 = k + 1 < m ? x[k + 1 + (skip <= k + 1)] : v0;
    return v0 + (h - lo) * (v1 - v0);
}

static double sum_of(const double *x, size_t n)
{
    double s = 0.0;

    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* An index range [lo, hi) of the sorted sample holding m of the n draws. */
struct span {
    size_t lo, hi;
    unsigned m;
};

/* Descends to the index of the r-th smallest draw (0-based) among the m
 * draws in sp; right siblings passed on the way are pushed on stack.
 * On return sp is the leaf and *r the rank within it. */
static size_t descend(gsl_rng *rng, struct span sp, unsigned *r,
                      struct span *leaf, struct span *stack, size_t *depth)
{
    while (sp.hi - sp.lo > 1) {
        size_t mid = sp.lo + (sp.hi - sp.lo) / 2;
        unsigned left = sp.m ? gsl_ran_binomial(rng,
                                                (double)(mid - sp.lo)
                                                    / (double)(sp.hi - sp.lo),
                                                sp.m)
                             : 0;

        if (*r < left) {
            if (stack)
                stack[(*depth)++] = (struct span){mid, sp.hi, sp.m - left};
            sp.hi = mid;
            sp.m = left;
        } else {
            *r -= left;
            sp.lo = mid;
            sp.m -= left;
        }
    }
    *leaf = sp;
    return sp.lo;
}

/* The statistic of one resample of arm. */
static double resample(const struct stats_boot_opts *o, struct arm *arm,
                       gsl_rng *rng)
{
    struct span stack[64], leaf;
    size_t n = arm->n, k, depth = 0, i0, i1;
    unsigned r;
    double h, lo;

    if (o->stat == STATS_MEAN) {
        double s = 0.0;

        for (size_t j = 0; j < n; j++)
            s += arm->x[gsl_rng_uniform_int(rng, n)];
        return s / (double)n;
    }
    h = (double)(n - 1) * o->prob;
    lo = floor(h);
    k = (size_t)lo;
    r = (unsigned)k;
    i0 = descend(rng, (struct span){0, n, (unsigned)n}, &r, &leaf, stack,
                 &depth);
    if (h == lo || k + 1 >= n)
        return arm->x[i0];
    if (r + 1 < leaf.m)
        i1 = i0; /* order statistic k + 1 is a copy of the same value */
    else {
        /* the smallest draw in the nearest non-empty right sibling */
        while (depth && !stack[depth - 1].m)
            depth--;
        r = 0;
        i1 = descend(rng, stack[depth - 1], &r, &leaf, NULL, NULL);
    }
    return arm->x[i0] + (h - lo) * (arm->x[i1] - arm->x[i0]);
}

/* Jackknife acceleration as scipy computes it for several samples. The
 * estimate is stat(B) - stat(A): leaving out a value of A moves it the
 * other way from the left-out statistic of A, so A's terms change sign. */
static double acceleration(const struct stats_boot_opts *o,
                           const struct arm *arms, const double *sums)
{
    double num = 0.0, den = 0.0;

    for (int s = 0; s < 2; s++) {
        const struct arm *arm = &arms[s];
        double n = (double)arm->n, mean = 0.0, *t;

        t = xmalloc(arm->n * sizeof(*t));
        for (size_t i = 0; i < arm->n; i++) {
            t[i] = stat_of(o, arm->x, arm->n, i, sums[s]);
            mean += t[i];
        }
        mean /= n;
        for (size_t i = 0; i < arm->n; i++) {
            double u = (s ? 1.0 : -1.0) * (n - 1.0) * (mean - t[i]);

            num += u * u * u / (n * n * n);
            den += u * u / (n * n);
        }
        free(t);
    }
    return den > 0.0 ? num / (6.0 * pow(den, 1.5)) : 0.0;
}

/* BCa's map from a nominal normal quantile z to the percentile of the
 * bootstrap distribution (the identity when z0 = acc = 0). */
static double bca_level(double z, double z0, double acc)
{
    return pnorm(z0 + (z0 + z) / (1.0 - acc * (z0 + z)), 0, 1, 1, 0);
}

/* The interval from the sorted bootstrap distribution. */
static void interval(struct stats_result *r, const double *t, size_t R,
                     double z0, double acc)
{
    double q = r->alt == STATS_TWO_SIDED ? r->alpha / 2.0 : r->alpha;
    double pl = bca_level(qnorm(q, 0, 1, 1, 0), z0, acc);
    double ph = bca_level(qnorm(1.0 - q, 0, 1, 1, 0), z0, acc);

    r->ci_low = r->alt == STATS_LESS ? -INFINITY
                                     : stats_quantile_sorted(t, R, pl);
    r->ci_high = r->alt == STATS_GREATER ? INFINITY
                                         : stats_quantile_sorted(t, R, ph);
}

/* Where 0 sits in the type-7 quantile function Q of sorted t: with
 * upper = 0, sup{p : Q(p) <= 0}; with upper = 1, inf{p : Q(p) >= 0} (the
 * two differ only when Q is 0 over a stretch). */
static double zero_level(const double *t, size_t R, int upper)
{
    size_t j;

    if (upper) {
        if (t[R - 1] <= 0.0)
            return 1.0;
        if (t[0] > 0.0)
            return 0.0;
        for (j = R - 1; t[j - 1] > 0.0; j--)
            ; /* t[j - 1] <= 0 < t[j] */
    } else {
        if (t[0] >= 0.0)
            return 0.0;
        if (t[R - 1] < 0.0)
            return 1.0;
        for (j = 1; t[j] < 0.0; j++)
            ; /* t[j - 1] < 0 <= t[j] */
    }
    return ((double)(j - 1) + (0.0 - t[j - 1]) / (t[j] - t[j - 1]))
           / (double)(R - 1);
}

/* The nominal one-sided level at which the interval's end sits at the
 * percentile c: bca_level inverted (0 or 1 beyond its range). */
static double level_of(double c, double z0, double acc)
{
    double v, y;

    if (c <= 0.0 || c >= 1.0)
        return c <= 0.0 ? 0.0 : 1.0;
    v = qnorm(c, 0, 1, 1, 0) - z0;
    if (1.0 + acc * v <= 0.0)
        return v < 0.0 ? 0.0 : 1.0;
    y = v / (1.0 + acc * v);
    return pnorm(y - z0, 0, 1, 1, 0);
}

/* The p-value the interval inverts: the smallest alpha at which the
 * interval (same z0 and acceleration) excludes 0, so p < alpha exactly
 * when it does. */
static double inverted_p(const struct stats_result *r, const double *t,
                         size_t R, double z0, double acc)
{
    double lo = level_of(zero_level(t, R, 1), z0, acc);  /* low end > 0 */
    double hi = level_of(zero_level(t, R, 0), z0, acc);  /* high end < 0 */

    switch (r->alt) {
    case STATS_GREATER:
        return lo;
    case STATS_LESS:
        return 1.0 - hi;
    case STATS_TWO_SIDED:
        break;
    }
    return fmin(1.0, 2.0 * fmin(lo, 1.0 - hi));
}

int stats_bootstrap(const double *a, size_t n_a, const double *b, size_t n_b,
                    const struct stats_boot_opts *o, enum stats_alt alt,
                    double alpha, struct stats_result *r, struct diag *diag)
{
    struct arm arms[2] = {{NULL, n_a}, {NULL, n_b}};
    const double *src[2] = {a, b};
    double sums[2], *t = NULL, mean, var, z0 = 0.0, acc = 0.0;
    size_t R = o->resamples, below = 0;
    gsl_rng *rng = NULL;
    int rc = 0;

    stats_result_init(r, "bootstrap", alt, alpha);
    r->n_a = n_a;
    r->n_b = n_b;
    r->method = o->bca ? "bca" : "percentile";
    if (n_a < 2 || n_b < 2 || R < 100) {
        r->note = n_a < 2 || n_b < 2 ? "each sample needs at least 2 values"
                                     : "at least 100 resamples are needed";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    gsl_set_error_handler_off();
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return diag_set(diag, TR_ENOMEM, "cannot allocate a random generator");
    gsl_rng_set(rng, o->seed);
    for (int s = 0; s < 2; s++) {
        arms[s].x = xmalloc(arms[s].n * sizeof(double));
        memcpy(arms[s].x, src[s], arms[s].n * sizeof(double));
        stats_sort(arms[s].x, arms[s].n);
        sums[s] = sum_of(arms[s].x, arms[s].n);
    }
    stats_mean_var(a, n_a, &mean, &var);
    r->mean_a = mean;
    stats_mean_var(b, n_b, &mean, &var);
    r->mean_b = mean;
    r->effect = stat_of(o, arms[1].x, n_b, n_b, sums[1])
                - stat_of(o, arms[0].x, n_a, n_a, sums[0]);
    t = xmalloc(R * sizeof(*t));
    for (size_t i = 0; i < R; i++) {
        double ta = resample(o, &arms[0], rng);

        t[i] = resample(o, &arms[1], rng) - ta;
        below += t[i] < r->effect;
    }
    stats_mean_var(t, R, &mean, &var);
    r->se = sqrt(var);
    stats_sort(t, R);
    if (o->bca && (below == 0 || below == R)) {
        r->note = "the bootstrap distribution lies on one side of the "
                  "estimate: BCa is undefined, percentile interval given";
        r->method = "percentile";
    } else if (o->bca) {
        z0 = qnorm((double)below / (double)R, 0, 1, 1, 0);
        acc = acceleration(o, arms, sums);
    }
    interval(r, t, R, z0, acc);
    r->p_value = inverted_p(r, t, R, z0, acc);
    for (int s = 0; s < 2; s++)
        free(arms[s].x);
    free(t);
    gsl_rng_free(rng);
    return rc;
}
