/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power of the two-sample t-test with the noncentral t distribution, and
 * its inverses (sample size, minimum detectable effect) by bisection. */
#include <math.h>

#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

double stats_power(double sd, double mde, double alpha, double n)
{
    double df = 2.0 * n - 2.0;
    double ncp = fabs(mde) / (sd * sqrt(2.0 / n));
    double q = qt(1.0 - alpha / 2.0, df, 1, 0);

    return pnt(q, df, ncp, 0, 0) + pnt(-q, df, ncp, 1, 0);
}

static int check(double sd, double alpha, double power, struct diag *diag)
{
    if (!(sd > 0.0) || !isfinite(sd))
        return diag_set(diag, TR_EINVAL, "the standard deviation must be "
                                         "above 0");
    if (!(alpha > 0.0 && alpha < 1.0))
        return diag_set(diag, TR_EINVAL, "alpha must be between 0 and 1");
    if (!(power > alpha && power < 1.0))
        return diag_set(diag, TR_EINVAL,
                        "power must be between alpha and 1");
    return 0;
}

/* Bisects [lo, hi] for the x where power(x) reaches target; power must
 * increase with x (the sample size, or the effect). */
static double bisect(double sd, double alpha, double fixed, int x_is_n,
                     double lo, double hi, double target)
{
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2.0;
        double p = x_is_n ? stats_power(sd, fixed, alpha, mid)
                          : stats_power(sd, mid, alpha, fixed);

        if (p < target)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2.0;
}

int stats_power_n(double sd, double mde, double alpha, double power,
                  double *n_exact, struct diag *diag)
{
    double lo = 2.0, hi = 4.0;
    int rc = check(sd, alpha, power, diag);

    if (rc)
        return rc;
    if (!(fabs(mde) > 0.0) || !isfinite(mde))
        return diag_set(diag, TR_EINVAL, "the effect to detect must not be 0");
    if (stats_power(sd, mde, alpha, lo) >= power) {
        *n_exact = lo;
        return 0;
    }
    while (stats_power(sd, mde, alpha, hi) < power) {
        lo = hi;
        hi *= 2.0;
        if (hi > 1e12)
            return diag_set(diag, TR_EUNDEF, "the sample size is beyond "
                                             "10^12 per arm");
    }
    *n_exact = bisect(sd, alpha, mde, 1, lo, hi, power);
    return 0;
}

int stats_mde(double sd, double n, double alpha, double power, double *mde,
              struct diag *diag)
{
    double lo = 0.0, hi = sd;
    int rc = check(sd, alpha, power, diag);

    if (rc)
        return rc;
    if (!(n >= 2.0))
        return diag_set(diag, TR_EINVAL, "n must be at least 2 per arm");
    while (stats_power(sd, hi, alpha, n) < power)
        hi *= 2.0;
    *mde = bisect(sd, alpha, n, 0, lo, hi, power);
    return 0;
}
