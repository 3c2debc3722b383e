/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mann-Whitney U and the Hodges-Lehmann shift, following R's
 * wilcox.test(B, A, conf.int = TRUE): exact null distribution without ties
 * (by default below 50 values a sample), otherwise the normal
 * approximation with tie and continuity corrections, for the test and
 * for the interval. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "stats/quantile.h"
#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

/* Pairwise differences are enumerated up to this many (32 MB). */
#define HL_MAX_PAIRS 4000000u
/* R's exact distribution needs memory growing with n_a * n_b * min(n). */
#define EXACT_MAX_N 50

struct tagged {
    double v;
    int from_b;
};

static int cmp_tagged(const void *x, const void *y)
{
    double a = ((const struct tagged *)x)->v, b = ((const struct tagged *)y)->v;

    return (a > b) - (a < b);
}

/* Rank sum of B (average ranks for ties) and the tie term sum(t^3 - t). */
static void rank_sum(const double *a, size_t na, const double *b, size_t nb,
                     double *rb, double *ties)
{
    size_t n = na + nb;
    struct tagged *t = xmalloc(n * sizeof(*t));

    for (size_t i = 0; i < na; i++)
        t[i] = (struct tagged){a[i], 0};
    for (size_t i = 0; i < nb; i++)
        t[na + i] = (struct tagged){b[i], 1};
    qsort(t, n, sizeof(*t), cmp_tagged);
    *rb = 0.0;
    *ties = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double avg, cnt;

        while (j < n && t[j].v == t[i].v)
            j++;
        cnt = (double)(j - i);
        avg = (double)(i + 1 + j) / 2.0; /* ranks i+1 .. j */
        for (size_t k = i; k < j; k++)
            if (t[k].from_b)
                *rb += avg;
        *ties += cnt * cnt * cnt - cnt;
        i = j;
    }
    free(t);
}

static void exact_p(struct stats_result *r, double u, size_t nb, size_t na)
{
    double m = (double)nb, n = (double)na, p;

    switch (r->alt) {
    case STATS_GREATER:
        r->p_value = pwilcox(u - 1.0, m, n, 0, 0);
        break;
    case STATS_LESS:
        r->p_value = pwilcox(u, m, n, 1, 0);
        break;
    case STATS_TWO_SIDED:
        p = u > m * n / 2.0 ? pwilcox(u - 1.0, m, n, 0, 0)
                            : pwilcox(u, m, n, 1, 0);
        r->p_value = fmin(2.0 * p, 1.0);
        break;
    }
}

static void normal_p(struct stats_result *r, double u, size_t nb, size_t na,
                     double ties)
{
    double m = (double)nb, n = (double)na, z = u - m * n / 2.0, corr = 0.0;
    double sigma = sqrt(m * n / 12.0
                        * ((m + n + 1.0) - ties / ((m + n) * (m + n - 1.0))));

    switch (r->alt) {
    case STATS_TWO_SIDED:
        corr = z > 0 ? 0.5 : (z < 0 ? -0.5 : 0.0);
        break;
    case STATS_GREATER:
        corr = 0.5;
        break;
    case STATS_LESS:
        corr = -0.5;
        break;
    }
    if (!(sigma > 0.0)) {
        r->note = "all values are equal: the test is undefined";
        return;
    }
    z = (z - corr) / sigma;
    if (r->alt == STATS_TWO_SIDED)
        r->p_value = 2.0 * fmin(pnorm(z, 0, 1, 1, 0), pnorm(z, 0, 1, 0, 0));
    else if (r->alt == STATS_GREATER)
        r->p_value = pnorm(z, 0, 1, 0, 0);
    else
        r->p_value = pnorm(z, 0, 1, 1, 0);
}

/* sum(t^3 - t) over the groups of equal values in x. */
static double tie_term(const double *x, size_t n)
{
    double *s = xmalloc((n ? n : 1) * sizeof(*s)), ties = 0.0;

    memcpy(s, x, n * sizeof(*s));
    stats_sort(s, n);
    for (size_t i = 0; i < n;) {
        size_t j = i;

        while (j < n && s[j] == s[i])
            j++;
        ties += (double)(j - i) * (double)(j - i) * (double)(j - i)
                - (double)(j - i);
        i = j;
    }
    free(s);
    return ties;
}

/* One end of the asymptotic interval as R's wilcox.test finds it: the
 * shift m where the standardised U of B - m against A crosses zq. U(m)
 * steps down at each difference; between two differences the only ties
 * are those within A and within B, whence sigma. The crossing is at the
 * first distinct difference after which (U - N/2 - corr) / sigma <= zq
 * (corr: the continuity correction R applies for alt). */
static double hl_bound(const double *d, size_t N, double sigma, double zq,
                       enum stats_alt alt)
{
    for (size_t i = 0; i < N;) {
        size_t j = i;
        double dz, corr;

        while (j < N && d[j] == d[i])
            j++;
        dz = (double)(N - j) - (double)N / 2.0; /* U just right of d[i] */
        if (alt == STATS_TWO_SIDED)
            corr = dz > 0 ? 0.5 : (dz < 0 ? -0.5 : 0.0);
        else
            corr = alt == STATS_GREATER ? 0.5 : -0.5;
        if ((dz - corr) / sigma <= zq)
            return d[i];
        i = j;
    }
    return d[N - 1];
}

/* Hodges-Lehmann: the median of all differences b - a, with the interval
 * from order statistics of the differences: exact quantiles of U, or
 * asymptotically R's root of the tie- and continuity-corrected normal
 * approximation. */
static void hodges_lehmann(struct stats_result *r, const double *a, size_t na,
                           const double *b, size_t nb, int exact)
{
    size_t N = na * nb, lo = 0, hi = N - 1;
    double *d;
    double q;

    if (N > HL_MAX_PAIRS) {
        r->note = "too many pairs for the Hodges-Lehmann shift; no "
                  "estimate or interval";
        return;
    }
    d = xmalloc(N * sizeof(*d));
    for (size_t j = 0; j < nb; j++)
        for (size_t i = 0; i < na; i++)
            d[j * na + i] = b[j] - a[i];
    stats_sort(d, N);
    r->effect = stats_quantile_sorted(d, N, 0.5);
    q = r->alt == STATS_TWO_SIDED ? r->alpha / 2.0 : r->alpha;
    if (exact) {
        double k = qwilcox(q, (double)nb, (double)na, 1, 0);

        lo = k > 0 ? (size_t)k - 1 : 0;
        if (lo >= N)
            lo = N - 1;
        hi = N - 1 - lo;
        r->ci_low = d[lo];
        r->ci_high = d[hi];
    } else {
        double n = (double)(na + nb), z = qnorm(1.0 - q, 0, 1, 1, 0);
        double ties = tie_term(a, na) + tie_term(b, nb);
        double sigma = sqrt((double)N / 12.0
                            * ((n + 1.0) - ties / (n * (n - 1.0))));

        if (!(sigma > 0.0)) {
            r->ci_low = r->ci_high = NAN;
            free(d);
            return;
        }
        r->ci_low = hl_bound(d, N, sigma, z, r->alt);
        r->ci_high = hl_bound(d, N, sigma, -z, r->alt);
    }
    if (r->alt == STATS_LESS)
        r->ci_low = -INFINITY;
    if (r->alt == STATS_GREATER)
        r->ci_high = INFINITY;
    free(d);
}

int stats_mwu(const double *a, size_t n_a, const double *b, size_t n_b,
              enum stats_alt alt, double alpha, enum stats_exact exact,
              struct stats_result *r, struct diag *diag)
{
    double rb, ties, u, ma, va, mb, vb;
    int use_exact;

    stats_result_init(r, "mwu", alt, alpha);
    r->n_a = n_a;
    r->n_b = n_b;
    if (!n_a || !n_b) {
        r->note = "each sample needs at least 1 value";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    stats_mean_var(a, n_a, &ma, &va);
    stats_mean_var(b, n_b, &mb, &vb);
    r->mean_a = ma;
    r->mean_b = mb;
    rank_sum(a, n_a, b, n_b, &rb, &ties);
    u = rb - (double)n_b * (double)(n_b + 1) / 2.0;
    r->statistic = u;
    /* auto is R's default: exact below 50 values in each sample */
    use_exact = ties == 0.0
                && (exact == STATS_EXACT_YES
                        ? n_a <= EXACT_MAX_N && n_b <= EXACT_MAX_N
                        : exact == STATS_EXACT_AUTO && n_a < EXACT_MAX_N
                              && n_b < EXACT_MAX_N);
    if (exact == STATS_EXACT_YES && !use_exact)
        r->note = ties != 0.0 ? "ties: the exact distribution does not "
                                "apply; normal approximation used"
                              : "samples too large for the exact "
                                "distribution; normal approximation used";
    r->method = use_exact ? "exact" : "asymptotic";
    if (use_exact)
        exact_p(r, u, n_b, n_a);
    else
        normal_p(r, u, n_b, n_a, ties);
    hodges_lehmann(r, a, n_a, b, n_b, use_exact);
    return 0;
}
