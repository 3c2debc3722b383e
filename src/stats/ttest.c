/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Welch's t-test (raw data, sufficient statistics, sums), the relative
 * lift with Fieller's interval, the log-scale ratio of geometric
 * means, and GrowthBook's asymptotic confidence sequence. */
#include <math.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "stats/stats_int.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

void stats__t_interval(struct stats_result *r, double d, double se,
                       double df)
{
    double t = d / se, q;

    r->effect = d;
    r->se = se;
    r->df = df;
    r->statistic = t;
    switch (r->alt) {
    case STATS_TWO_SIDED:
        q = qt(1.0 - r->alpha / 2.0, df, 1, 0);
        r->p_value = 2.0 * pt(-fabs(t), df, 1, 0);
        r->ci_low = d - q * se;
        r->ci_high = d + q * se;
        break;
    case STATS_GREATER:
        q = qt(1.0 - r->alpha, df, 1, 0);
        r->p_value = pt(t, df, 0, 0);
        r->ci_low = d - q * se;
        r->ci_high = INFINITY;
        break;
    case STATS_LESS:
        q = qt(1.0 - r->alpha, df, 1, 0);
        r->p_value = pt(t, df, 1, 0);
        r->ci_low = -INFINITY;
        r->ci_high = d + q * se;
        break;
    }
}

static double welch_df(double va, size_t na, double vb, size_t nb)
{
    double sa = va / (double)na, sb = vb / (double)nb;

    return (sa + sb) * (sa + sb)
           / (sa * sa / (double)(na - 1) + sb * sb / (double)(nb - 1));
}

static int check_sizes(size_t na, size_t nb, struct stats_result *r,
                       struct diag *diag)
{
    r->n_a = na;
    r->n_b = nb;
    if (na < 2 || nb < 2) {
        r->note = "each sample needs at least 2 values";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    return 0;
}

int stats_welch_suff(size_t n_a, double mean_a, double var_a, size_t n_b,
                     double mean_b, double var_b, enum stats_alt alt,
                     double alpha, struct stats_result *r,
                     struct diag *diag)
{
    double se;
    int rc;

    stats_result_init(r, "welch", alt, alpha);
    r->mean_a = mean_a;
    r->mean_b = mean_b;
    rc = check_sizes(n_a, n_b, r, diag);
    if (rc)
        return rc;
    r->effect = mean_b - mean_a;
    se = sqrt(var_a / (double)n_a + var_b / (double)n_b);
    if (!(se > 0.0)) {
        r->note = "both samples have no variance: the test is undefined";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    stats__t_interval(r, mean_b - mean_a, se,
                      welch_df(var_a, n_a, var_b, n_b));
    return 0;
}

/* Mean and variance from a sum and a sum of squares. */
static void from_sums(size_t n, double sum, double sumsq, double *mean,
                      double *var)
{
    *mean = sum / (double)n;
    *var = n > 1 ? (sumsq - sum * sum / (double)n) / (double)(n - 1) : NAN;
    if (*var < 0.0)
        *var = 0.0; /* rounding in the sums */
}

int stats_welch_sums(size_t n_a, double sum_a, double sumsq_a, size_t n_b,
                     double sum_b, double sumsq_b, enum stats_alt alt,
                     double alpha, struct stats_result *r,
                     struct diag *diag)
{
    double ma, va, mb, vb;

    if (!n_a || !n_b) {
        stats_result_init(r, "welch", alt, alpha);
        return check_sizes(n_a, n_b, r, diag);
    }
    from_sums(n_a, sum_a, sumsq_a, &ma, &va);
    from_sums(n_b, sum_b, sumsq_b, &mb, &vb);
    return stats_welch_suff(n_a, ma, va, n_b, mb, vb, alt, alpha, r, diag);
}

int stats_welch(const double *a, size_t n_a, const double *b, size_t n_b,
                enum stats_alt alt, double alpha, struct stats_result *r,
                struct diag *diag)
{
    double ma, va, mb, vb;

    stats_mean_var(a, n_a, &ma, &va);
    stats_mean_var(b, n_b, &mb, &vb);
    return stats_welch_suff(n_a, ma, va, n_b, mb, vb, alt, alpha, r, diag);
}

int stats_fieller_lift(double mean_a, double se2_a, double mean_b,
                       double se2_b, double q, double *lo, double *hi)
{
    double qa = mean_a * mean_a - q * q * se2_a;
    double disc, r1, r2, sgn = mean_a < 0.0 ? -1.0 : 1.0;

    *lo = -INFINITY;
    *hi = INFINITY;
    if (!(qa > 0.0))
        return TR_EUNDEF; /* the baseline is not clearly away from 0 */
    /* the ratios rho with (m_B - rho m_A)^2 <= q^2 (se2_B + rho^2 se2_A):
     * qa rho^2 - 2 m_A m_B rho + m_B^2 - q^2 se2_B <= 0, between the roots;
     * a quarter of the discriminant is q^2 (se2_B qa + se2_A m_B^2) >= 0 */
    disc = fabs(q) * sqrt(se2_b * qa + se2_a * mean_b * mean_b);
    r1 = (mean_a * mean_b - disc) / qa;
    r2 = (mean_a * mean_b + disc) / qa;
    /* lift = sgn(m_A) (rho - 1) */
    *lo = sgn > 0 ? r1 - 1.0 : 1.0 - r2;
    *hi = sgn > 0 ? r2 - 1.0 : 1.0 - r1;
    return 0;
}

int stats_welch_lift(size_t n_a, double mean_a, double var_a, size_t n_b,
                     double mean_b, double var_b, enum stats_alt alt,
                     double alpha, struct stats_result *r, struct diag *diag)
{
    double sa, sb, a2, q, lo, hi;
    int rc;

    stats_result_init(r, "welch", alt, alpha);
    r->mean_a = mean_a;
    r->mean_b = mean_b;
    rc = check_sizes(n_a, n_b, r, diag);
    if (rc)
        return rc;
    if (fabs(mean_a) <= 1e-12 * fmax(fabs(mean_b), 1e-300)
        || fabs(mean_a) < 1e-300) {
        r->note = "the baseline mean is 0: a relative lift is undefined";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    sa = var_a / (double)n_a;
    sb = var_b / (double)n_b;
    if (!(sa + sb > 0.0)) {
        r->note = "both samples have no variance: the test is undefined";
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    /* the test is Welch's on B - A; the interval is Fieller's, which
     * inverts the same pivot at every ratio, so the two always agree */
    stats__t_interval(r, mean_b - mean_a, sqrt(sa + sb),
                      welch_df(var_a, n_a, var_b, n_b));
    a2 = mean_a * mean_a;
    r->effect = (mean_b - mean_a) / fabs(mean_a);
    r->se = sqrt(sb / a2 + sa * mean_b * mean_b / (a2 * a2));
    q = qt(1.0 - (alt == STATS_TWO_SIDED ? alpha / 2.0 : alpha), r->df, 1, 0);
    if (stats_fieller_lift(mean_a, sa, mean_b, sb, q, &lo, &hi)) {
        r->note = "the baseline mean is within the noise of 0: the relative "
                  "interval is unbounded";
        lo = -INFINITY;
        hi = INFINITY;
    }
    r->ci_low = alt == STATS_LESS ? -INFINITY : lo;
    r->ci_high = alt == STATS_GREATER ? INFINITY : hi;
    return 0;
}

int stats_logratio(const double *a, size_t n_a, const double *b, size_t n_b,
                   enum stats_alt alt, double alpha, struct stats_result *r,
                   struct diag *diag)
{
    double *la = xmalloc((n_a ? n_a : 1) * sizeof(double));
    double *lb = xmalloc((n_b ? n_b : 1) * sizeof(double));
    int rc = 0;

    for (size_t i = 0; i < n_a && !rc; i++)
        if (!(a[i] > 0.0))
            rc = TR_EUNDEF;
        else
            la[i] = log(a[i]);
    for (size_t i = 0; i < n_b && !rc; i++)
        if (!(b[i] > 0.0))
            rc = TR_EUNDEF;
        else
            lb[i] = log(b[i]);
    if (rc) {
        stats_result_init(r, "logratio", alt, alpha);
        r->note = "the log scale needs values above 0";
        rc = diag_set(diag, TR_EUNDEF, "%s", r->note);
    } else
        rc = stats_welch(la, n_a, lb, n_b, alt, alpha, r, diag);
    r->test = "logratio";
    if (!rc) {
        r->mean_a = exp(r->mean_a); /* geometric means */
        r->mean_b = exp(r->mean_b);
        r->effect = exp(r->effect);
        r->ci_low = exp(r->ci_low);
        r->ci_high = exp(r->ci_high);
    }
    free(la);
    free(lb);
    return rc;
}

double stats_cs_halfwidth(double se, size_t n, double n_star, double alpha)
{
    double l = -2.0 * log(alpha);
    double rho = sqrt((l + log(l + 1.0)) / n_star);
    double nr2 = (double)n * rho * rho;
    double s = se * sqrt((double)n);

    return s * sqrt(2.0 * (nr2 + 1.0) * log(sqrt(nr2 + 1.0) / alpha)
                    / ((double)n * (double)n * rho * rho));
}

double stats_t_quantile(double p, double df)
{
    if (!(df > 0.0) || !(p > 0.0 && p < 1.0))
        return NAN;
    return isinf(df) ? qnorm(p, 0.0, 1.0, 1, 0) : qt(p, df, 1, 0);
}

double stats_t_cdf(double x, double df)
{
    if (!(df > 0.0) || isnan(x))
        return NAN;
    return isinf(df) ? pnorm(x, 0.0, 1.0, 1, 0) : pt(x, df, 1, 0);
}
