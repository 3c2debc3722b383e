/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power of the two-sample t-test with the noncentral t distribution, and
 * its inverses (sample size, minimum detectable effect) by bisection, for
 * equal arms and for a fixed baseline with the pilot's size to solve. */
#include <math.h>

#include "stats/stats.h"

#define MATHLIB_STANDALONE
#include <Rmath.h>

/* Sample sizes beyond this are reported as unreachable. */
#define POWER_MAX_N 1e12

double stats_power2(double sd, double mde, double alpha, double n_a,
                    double n_b)
{
    double df = n_a + n_b - 2.0;
    double ncp = fabs(mde) / (sd * sqrt(1.0 / n_a + 1.0 / n_b));
    double q = qt(1.0 - alpha / 2.0, df, 1, 0);

    return pnt(q, df, ncp, 0, 0) + pnt(-q, df, ncp, 1, 0);
}

double stats_power(double sd, double mde, double alpha, double n)
{
    return stats_power2(sd, mde, alpha, n, n);
}

/* The power as the pilot grows without bound: a z-test whose standard
 * error is the baseline's alone. */
static double power_limit(double sd, double mde, double alpha, double n_a)
{
    double ncp = fabs(mde) * sqrt(n_a) / sd;
    double z = qnorm(1.0 - alpha / 2.0, 0, 1, 1, 0);

    return pnorm(ncp - z, 0, 1, 1, 0) + pnorm(-ncp - z, 0, 1, 1, 0);
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

/* What is solved for: the pilot's size (with the baseline n_a, or equal
 * to it when n_a is NaN), the effect, or the baseline of the limit. */
enum unknown { X_N_B, X_MDE, X_N_A_LIMIT };

struct problem {
    enum unknown x;
    double sd, alpha, mde, n_a, n_b;
};

static double power_at(const struct problem *pb, double x)
{
    switch (pb->x) {
    case X_N_B:
        return stats_power2(pb->sd, pb->mde, pb->alpha,
                            isnan(pb->n_a) ? x : pb->n_a, x);
    case X_MDE:
        return stats_power2(pb->sd, x, pb->alpha, pb->n_a, pb->n_b);
    case X_N_A_LIMIT:
        return power_limit(pb->sd, pb->mde, pb->alpha, x);
    }
    return NAN;
}

/* Bisects [lo, hi] for the x where the power (increasing in x) reaches
 * target. */
static double bisect(const struct problem *pb, double lo, double hi,
                     double target)
{
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2.0;

        if (power_at(pb, mid) < target)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2.0;
}

/* Doubles hi from lo until the power reaches target, then bisects;
 * TR_EUNDEF beyond POWER_MAX_N. */
static int solve_n(const struct problem *pb, double lo, double target,
                   double *x, struct diag *diag)
{
    double hi = 2.0 * lo;

    if (power_at(pb, lo) >= target) {
        *x = lo;
        return 0;
    }
    while (power_at(pb, hi) < target) {
        lo = hi;
        hi *= 2.0;
        if (hi > POWER_MAX_N)
            return diag_set(diag, TR_EUNDEF,
                            "the sample size is beyond 10^12 per arm");
    }
    *x = bisect(pb, lo, hi, target);
    return 0;
}

int stats_power_n(double sd, double mde, double alpha, double power,
                  double *n_exact, struct diag *diag)
{
    struct problem pb = {X_N_B, sd, alpha, mde, NAN, NAN};
    int rc = check(sd, alpha, power, diag);

    if (rc)
        return rc;
    if (!(fabs(mde) > 0.0) || !isfinite(mde))
        return diag_set(diag, TR_EINVAL, "the effect to detect must not be 0");
    return solve_n(&pb, 2.0, power, n_exact, diag);
}

int stats_power_n_b(double sd, double mde, double alpha, double power,
                    double n_a, struct stats_power_plan *out,
                    struct diag *diag)
{
    struct problem pb = {X_N_B, sd, alpha, mde, n_a, NAN};
    int rc = check(sd, alpha, power, diag);

    out->n_b = out->power_limit = out->n_a_min = NAN;
    if (rc)
        return rc;
    if (!(fabs(mde) > 0.0) || !isfinite(mde))
        return diag_set(diag, TR_EINVAL, "the effect to detect must not be 0");
    if (!(n_a >= 2.0) || !isfinite(n_a))
        return diag_set(diag, TR_EINVAL,
                        "the baseline needs at least 2 units");
    out->power_limit = power_limit(sd, mde, alpha, n_a);
    pb.x = X_N_A_LIMIT;
    rc = solve_n(&pb, 2.0, power, &out->n_a_min, NULL);
    if (rc)
        out->n_a_min = INFINITY;
    if (out->power_limit <= power) {
        out->n_b = INFINITY;
        return diag_set(diag, TR_EUNDEF,
                        "a baseline of %g units can never give power %g: "
                        "at most %.3f with any number of pilot units; the "
                        "baseline needs at least %.0f",
                        n_a, power, out->power_limit, ceil(out->n_a_min));
    }
    pb.x = X_N_B;
    /* at 1 pilot unit the t-test still has n_a - 1 df */
    return solve_n(&pb, 1.0, power, &out->n_b, diag);
}

int stats_mde2(double sd, double n_a, double n_b, double alpha, double power,
               double *mde, struct diag *diag)
{
    struct problem pb = {X_MDE, sd, alpha, NAN, n_a, n_b};
    double hi = sd;
    int rc = check(sd, alpha, power, diag);

    if (rc)
        return rc;
    if (!(n_a >= 1.0 && n_b >= 1.0 && n_a + n_b >= 3.0))
        return diag_set(diag, TR_EINVAL,
                        "the arms need at least 1 unit each and 3 in all");
    while (power_at(&pb, hi) < power)
        hi *= 2.0;
    *mde = bisect(&pb, 0.0, hi, power);
    return 0;
}

int stats_mde(double sd, double n, double alpha, double power, double *mde,
              struct diag *diag)
{
    int rc = check(sd, alpha, power, diag);

    if (rc)
        return rc;
    if (!(n >= 2.0))
        return diag_set(diag, TR_EINVAL, "n must be at least 2 per arm");
    return stats_mde2(sd, n, n, alpha, power, mde, diag);
}
