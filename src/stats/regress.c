/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Least squares (GSL), one-way ANOVA, CUPED and difference-in-differences
 * with cluster-robust standard errors. GSL's abort-on-error handler is
 * turned off; every status is checked. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>

#include "core/xalloc.h"
#include "stats/stats_int.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

int stats_ols(const double *X, const double *y, size_t n, size_t p,
              double *beta, double *se, double *rss, struct diag *diag)
{
    gsl_multifit_linear_workspace *w = NULL;
    gsl_matrix *mx = NULL, *cov = NULL;
    gsl_vector *vy = NULL, *c = NULL;
    double chisq;
    int rc = 0;

    if (n <= p)
        return diag_set(diag, TR_EUNDEF,
                        "%zu observations cannot fit %zu parameters", n, p);
    gsl_set_error_handler_off();
    w = gsl_multifit_linear_alloc(n, p);
    mx = gsl_matrix_alloc(n, p);
    cov = gsl_matrix_alloc(p, p);
    vy = gsl_vector_alloc(n);
    c = gsl_vector_alloc(p);
    if (!w || !mx || !cov || !vy || !c) {
        rc = diag_set(diag, TR_ENOMEM, "cannot allocate a regression");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        gsl_vector_set(vy, i, y[i]);
        for (size_t j = 0; j < p; j++)
            gsl_matrix_set(mx, i, j, X[i * p + j]);
    }
    if (gsl_multifit_linear(mx, vy, c, cov, &chisq, w) != GSL_SUCCESS) {
        rc = diag_set(diag, TR_EUNDEF, "the regression has no solution");
        goto out;
    }
    for (size_t j = 0; j < p; j++) {
        beta[j] = gsl_vector_get(c, j);
        /* GSL's cov is already s^2 (X'X)^-1 */
        if (se)
            se[j] = sqrt(gsl_matrix_get(cov, j, j));
    }
    if (rss)
        *rss = chisq;
out:
    gsl_multifit_linear_free(w);
    gsl_matrix_free(mx);
    gsl_matrix_free(cov);
    gsl_vector_free(vy);
    gsl_vector_free(c);
    return rc;
}

int stats_anova_oneway(const double *x, const size_t *group, size_t n,
                       size_t k, struct stats_anova *out, struct diag *diag)
{
    double *mean = xcalloc(k, sizeof(double)), *m2 = xcalloc(k, sizeof(double));
    size_t *cnt = xcalloc(k, sizeof(size_t));
    double grand = 0.0;
    size_t used = 0;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        size_t g = group[i];
        double d = x[i] - mean[g];

        cnt[g]++;
        mean[g] += d / (double)cnt[g];
        m2[g] += d * (x[i] - mean[g]);
        grand += (x[i] - grand) / (double)(i + 1);
    }
    for (size_t g = 0; g < k; g++) {
        used += cnt[g] > 0;
        out->ss_between += (double)cnt[g] * (mean[g] - grand)
                           * (mean[g] - grand);
        out->ss_within += m2[g];
    }
    if (used < 2 || n <= used) {
        rc = diag_set(diag, TR_EUNDEF,
                      "ANOVA needs two groups and more values than groups");
        goto out;
    }
    out->df_between = (double)(used - 1);
    out->df_within = (double)(n - used);
    out->f = (out->ss_between / out->df_between)
             / (out->ss_within / out->df_within);
    out->p_value = pf(out->f, out->df_between, out->df_within, 0, 0);
    out->r2 = out->ss_between / (out->ss_between + out->ss_within);
out:
    free(mean);
    free(m2);
    free(cnt);
    return rc;
}

/* Sums over both arms for the pooled theta. */
double stats_cuped_theta(const double *a_post, const double *a_pre,
                         size_t n_a, const double *b_post,
                         const double *b_pre, size_t n_b)
{
    double mx = 0.0, my = 0.0, cxy = 0.0, cxx = 0.0;
    size_t n = 0;

    /* Welford-style co-moments over the joined sample */
    for (int s = 0; s < 2; s++) {
        const double *x = s ? b_pre : a_pre, *y = s ? b_post : a_post;
        size_t m = s ? n_b : n_a;

        for (size_t i = 0; i < m; i++) {
            double dx = x[i] - mx;

            n++;
            mx += dx / (double)n;
            my += (y[i] - my) / (double)n;
            cxy += dx * (y[i] - my);
            cxx += dx * (x[i] - mx);
        }
    }
    return cxx > 0.0 ? cxy / cxx : 0.0;
}

int stats_cuped(const double *a_post, const double *a_pre, size_t n_a,
                const double *b_post, const double *b_pre, size_t n_b,
                enum stats_alt alt, double alpha, struct stats_result *r,
                double *theta_out, struct diag *diag)
{
    double theta = stats_cuped_theta(a_post, a_pre, n_a, b_post, b_pre, n_b);
    double *adj = xmalloc((n_a + n_b + 1) * sizeof(double));
    double pre_mean = 0.0, mean, var;
    size_t n = 0;
    int rc;

    for (size_t i = 0; i < n_a; i++)
        pre_mean += (a_pre[i] - pre_mean) / (double)++n;
    for (size_t i = 0; i < n_b; i++)
        pre_mean += (b_pre[i] - pre_mean) / (double)++n;
    for (size_t i = 0; i < n_a; i++)
        adj[i] = a_post[i] - theta * (a_pre[i] - pre_mean);
    for (size_t i = 0; i < n_b; i++)
        adj[n_a + i] = b_post[i] - theta * (b_pre[i] - pre_mean);
    rc = stats_welch(adj, n_a, adj + n_a, n_b, alt, alpha, r, diag);
    /* report the unadjusted means, as GrowthBook does */
    stats_mean_var(a_post, n_a, &mean, &var);
    r->mean_a = mean;
    stats_mean_var(b_post, n_b, &mean, &var);
    r->mean_b = mean;
    r->test = "cuped";
    if (theta_out)
        *theta_out = theta;
    free(adj);
    return rc;
}

/* Means, variances and covariance of one arm from its sums. */
struct moments {
    double n, my, mx, vy, vx, cxy;
};

static void moments(const struct stats_sums *s, struct moments *m)
{
    double n = (double)s->n;

    m->n = n;
    m->my = s->sum_y / n;
    m->mx = s->sum_x / n;
    m->vy = (s->sum_yy - n * m->my * m->my) / (n - 1.0);
    m->vx = (s->sum_xx - n * m->mx * m->mx) / (n - 1.0);
    m->cxy = (s->sum_xy - n * m->mx * m->my) / (n - 1.0);
}

int stats_cuped_sums(const struct stats_sums *a, const struct stats_sums *b,
                     int relative, enum stats_alt alt, double alpha,
                     struct stats_result *r, struct diag *diag)
{
    struct moments ma, mb;
    double n, jy, jx, cov, vx, theta, va, vb, sa, sb, est;
    int rc;

    stats_result_init(r, "cuped", alt, alpha);
    r->n_a = a->n;
    r->n_b = b->n;
    if (a->n < 2 || b->n < 2) {
        r->note = "each arm needs at least 2 units";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    moments(a, &ma);
    moments(b, &mb);
    r->mean_a = ma.my;
    r->mean_b = mb.my;
    /* theta over both arms joined */
    n = ma.n + mb.n;
    jy = (a->sum_y + b->sum_y) / n;
    jx = (a->sum_x + b->sum_x) / n;
    cov = (a->sum_xy + b->sum_xy - n * jx * jy) / (n - 1.0);
    vx = (a->sum_xx + b->sum_xx - n * jx * jx) / (n - 1.0);
    theta = vx > 0.0 ? cov / vx : 0.0;
    va = ma.vy + theta * theta * ma.vx - 2.0 * theta * ma.cxy;
    vb = mb.vy + theta * theta * mb.vx - 2.0 * theta * mb.cxy;
    sa = va / ma.n;
    sb = vb / mb.n;
    if (!(sa + sb > 0.0)) {
        r->note = "no variance left after adjustment: the test is undefined";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    if (relative) {
        /* the adjusted means (centred on the joined covariate mean, so
         * swapping the arms swaps them) into the Welch test of their
         * difference with Fieller's interval for their ratio: the same
         * test as the absolute one, an interval that agrees with it, and
         * swapping the arms inverts the ratio */
        rc = stats_welch_lift(a->n, ma.my - theta * (ma.mx - jx), va, b->n,
                              mb.my - theta * (mb.mx - jx), vb, alt, alpha,
                              r, diag);
        r->test = "cuped";
        r->mean_a = ma.my;
        r->mean_b = mb.my;
        return rc;
    }
    est = (mb.my - theta * mb.mx) - (ma.my - theta * ma.mx);
    stats__t_interval(r, est, sqrt(sa + sb),
                      (sa + sb) * (sa + sb)
                          / (sa * sa / (ma.n - 1.0) + sb * sb / (mb.n - 1.0)));
    return 0;
}

/* Small dense helpers for the 4 x 4 sandwich. */
#define DP 4

int stats_did(const double *y, const int *treated, const int *post,
              const size_t *cluster, size_t n, enum stats_alt alt,
              double alpha, struct stats_result *r, struct diag *diag)
{
    double *X = xmalloc((n ? n : 1) * DP * sizeof(double));
    double beta[DP], meat[DP][DP] = {{0}}, bread[DP][DP], V[DP][DP];
    double cell[4] = {0}, rss;
    size_t G = 0, *seen = NULL, nseen = 0, cap = 0;
    gsl_matrix *xtx = NULL, *inv = NULL;
    gsl_permutation *perm = NULL;
    int sign, rc;

    stats_result_init(r, "did", alt, alpha);
    for (size_t i = 0; i < n; i++) {
        double *row = &X[i * DP];
        size_t k;

        row[0] = 1.0;
        row[1] = treated[i] ? 1.0 : 0.0;
        row[2] = post[i] ? 1.0 : 0.0;
        row[3] = row[1] * row[2];
        cell[(treated[i] ? 2 : 0) + (post[i] ? 1 : 0)]++;
        for (k = 0; k < nseen && seen[k] != cluster[i]; k++)
            ;
        if (k == nseen) {
            seen = xgrow(seen, &cap, nseen + 1, sizeof(*seen));
            seen[nseen++] = cluster[i];
        }
    }
    G = nseen;
    r->n_a = (size_t)(cell[0] + cell[1]);
    r->n_b = (size_t)(cell[2] + cell[3]);
    if (G < 2 || !cell[0] || !cell[1] || !cell[2] || !cell[3]) {
        r->note = "difference-in-differences needs pilot and comparison "
                  "items both before and after, from at least 2 teams";
        rc = diag_set(diag, TR_EUNDEF, "%s", r->note);
        goto out;
    }
    rc = stats_ols(X, y, n, DP, beta, NULL, &rss, diag);
    if (rc)
        goto out;
    /* bread = (X'X)^-1 */
    xtx = gsl_matrix_calloc(DP, DP);
    inv = gsl_matrix_alloc(DP, DP);
    perm = gsl_permutation_alloc(DP);
    if (!xtx || !inv || !perm) {
        rc = diag_set(diag, TR_ENOMEM, "cannot allocate a regression");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        for (int a = 0; a < DP; a++)
            for (int b = 0; b < DP; b++)
                *gsl_matrix_ptr(xtx, a, b) += X[i * DP + a] * X[i * DP + b];
    if (gsl_linalg_LU_decomp(xtx, perm, &sign) != GSL_SUCCESS
        || gsl_linalg_LU_invert(xtx, perm, inv) != GSL_SUCCESS) {
        rc = diag_set(diag, TR_EUNDEF, "the design is singular");
        goto out;
    }
    for (int a = 0; a < DP; a++)
        for (int b = 0; b < DP; b++)
            bread[a][b] = gsl_matrix_get(inv, a, b);
    /* meat = sum over clusters of (X_g' u_g)(X_g' u_g)' */
    for (size_t g = 0; g < G; g++) {
        double s[DP] = {0};

        for (size_t i = 0; i < n; i++) {
            double u = y[i];

            if (cluster[i] != seen[g])
                continue;
            for (int a = 0; a < DP; a++)
                u -= X[i * DP + a] * beta[a];
            for (int a = 0; a < DP; a++)
                s[a] += X[i * DP + a] * u;
        }
        for (int a = 0; a < DP; a++)
            for (int b = 0; b < DP; b++)
                meat[a][b] += s[a] * s[b];
    }
    for (int a = 0; a < DP; a++)
        for (int b = 0; b < DP; b++) {
            double v = 0.0;

            for (int c = 0; c < DP; c++)
                for (int d = 0; d < DP; d++)
                    v += bread[a][c] * meat[c][d] * bread[d][b];
            V[a][b] = v;
        }
    {
        /* CR1: G/(G-1) * (N-1)/(N-K) */
        double scale = (double)G / (double)(G - 1) * (double)(n - 1)
                       / (double)(n - DP);
        double se = sqrt(V[3][3] * scale);

        r->mean_a = NAN;
        r->mean_b = NAN;
        if (!(se > 0.0)) {
            r->note = "no variation left: the test is undefined";
            rc = diag_set(diag, TR_EUNDEF, "%s", r->note);
            goto out;
        }
        stats__t_interval(r, beta[3], se, (double)(G - 1));
    }
out:
    gsl_matrix_free(xtx);
    gsl_matrix_free(inv);
    gsl_permutation_free(perm);
    free(seen);
    free(X);
    return rc;
}
