/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intervals for survey results: Wilson's for shares, Student's t for
 * means of scores. */
#include <math.h>

#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

int stats_wilson(long k, long n, double alpha, double *lo, double *hi)
{
    double z, z2, p, centre, half;

    *lo = *hi = NAN;
    if (n <= 0 || k < 0 || k > n || !(alpha > 0 && alpha < 1))
        return TR_EUNDEF;
    z = qnorm(1.0 - alpha / 2.0, 0.0, 1.0, 1, 0);
    z2 = z * z;
    p = (double)k / (double)n;
    centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    half = z / (1.0 + z2 / n)
           * sqrt(p * (1.0 - p) / n + z2 / (4.0 * (double)n * n));
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
    return 0;
}

int stats_newcombe_diff(long k1, long n1, long k2, long n2, double alpha,
                        double *diff, double *lo, double *hi)
{
    double l1, u1, l2, u2, p1, p2;

    *diff = *lo = *hi = NAN;
    if (stats_wilson(k1, n1, alpha, &l1, &u1)
        || stats_wilson(k2, n2, alpha, &l2, &u2))
        return TR_EUNDEF;
    p1 = (double)k1 / (double)n1;
    p2 = (double)k2 / (double)n2;
    *diff = p1 - p2;
    *lo = *diff - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
    *hi = *diff + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
    return 0;
}

int stats_mean_interval(long n, double mean, double var, double alpha,
                        double *lo, double *hi)
{
    double q, se;

    *lo = *hi = NAN;
    if (n < 2 || !(var >= 0) || !(alpha > 0 && alpha < 1))
        return TR_EUNDEF;
    q = qt(1.0 - alpha / 2.0, (double)(n - 1), 1, 0);
    se = sqrt(var / (double)n);
    *lo = mean - q * se;
    *hi = mean + q * se;
    return 0;
}
