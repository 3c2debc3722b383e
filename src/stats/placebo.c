/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placebo (prediction) t-test, its power and alpha-spending levels. */
#include "stats/placebo.h"

#include <math.h>

#include "core/i18n.h"
#include "stats/stats_int.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

int stats_placebo_t(double y0, const double *y, size_t k,
                    struct stats_result *r, struct diag *diag)
{
    double mean, var, se;

    r->n_a = k;
    r->n_b = 1;
    r->effect = r->se = r->ci_low = r->ci_high = r->p_value = NAN;
    r->statistic = r->df = NAN;
    if (k < 2) {
        r->note = N_("fewer than 2 reference estimates: no spread to "
                     "compare with");
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    stats_mean_var(y, k, &mean, &var);
    r->mean_a = mean;
    r->mean_b = y0;
    if (!(var > 0.0) || !isfinite(var) || !isfinite(y0)) {
        r->note = N_("the reference estimates do not vary");
        return diag_set(diag, TR_EUNDEF, "%s", r->note);
    }
    se = sqrt(var * (1.0 + 1.0 / (double)k));
    stats__t_interval(r, y0 - mean, se, (double)k - 1.0);
    return 0;
}

double stats_placebo_power(double delta, double s, size_t k, double alpha)
{
    double df = (double)k - 1.0, ncp, q;

    if (k < 2 || !(s > 0.0))
        return NAN;
    ncp = fabs(delta) / (s * sqrt(1.0 + 1.0 / (double)k));
    q = qt(1.0 - alpha / 2.0, df, 1, 0);
    return pnt(q, df, ncp, 0, 0) + pnt(-q, df, ncp, 1, 0);
}

double stats_placebo_power_limit(double delta, double s, double alpha)
{
    double z = qnorm(1.0 - alpha / 2.0, 0, 1, 1, 0), m;

    if (!(s > 0.0))
        return NAN;
    m = fabs(delta) / s;
    return pnorm(m - z, 0, 1, 1, 0) + pnorm(-m - z, 0, 1, 1, 0);
}

size_t stats_placebo_k(double delta, double s, double alpha, double target,
                       size_t kmax)
{
    for (size_t k = 2; k <= kmax; k++)
        if (stats_placebo_power(delta, s, k, alpha) >= target)
            return k;
    return 0;
}

double stats_spend_level(double budget, long look, long looks)
{
    double t1, t0;

    if (looks < 1 || look < 1 || look > looks)
        return 0.0;
    t1 = (double)look / (double)looks;
    t0 = (double)(look - 1) / (double)looks;
    return budget * (t1 * t1 - t0 * t0);
}
