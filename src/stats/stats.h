/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The statistics engine: pure functions, no I/O. Distributions come from
 * R's standalone math library, linear algebra and random numbers from GSL
 * (this folder is the only place that includes either). B is the pilot,
 * A the baseline: every effect is B - A. */
#ifndef TR_STATS_H
#define TR_STATS_H

#include <stddef.h>

#include "core/diag.h"

enum stats_alt {
    STATS_TWO_SIDED,
    STATS_GREATER, /* H1: B > A */
    STATS_LESS,    /* H1: B < A */
};

/* Descriptive statistics of a sample given as deviations from a shift
 * (x[i] = shift + dev[i]); Welford accumulation on the deviations. */
struct stats_desc {
    size_t n;
    double mean, sd, min, max, median, p90; /* sd NaN when n < 2 */
};
int stats_describe(const double *dev, size_t n, double shift,
                   struct stats_desc *out, struct diag *diag);

/* Mean and unbiased variance, numerically stable (Welford). */
void stats_mean_var(const double *x, size_t n, double *mean, double *var);

/* The result of comparing two samples. Fields that do not apply are NaN;
 * an open interval end is +-INFINITY. */
struct stats_result {
    const char *test;   /* "welch", "mwu", "bootstrap", "logratio" */
    enum stats_alt alt;
    double alpha;
    size_t n_a, n_b;
    double mean_a, mean_b;
    double effect, se, ci_low, ci_high, p_value, statistic, df;
    const char *method; /* "exact"/"asymptotic" (mwu), "percentile"/"bca"
                           (bootstrap), else NULL */
    const char *note;   /* why something is undefined, or NULL */
};

void stats_result_init(struct stats_result *r, const char *test,
                       enum stats_alt alt, double alpha);

/* The p quantile of Student's t with df degrees of freedom (df may be
 * infinite: the normal's); NaN when df <= 0 or p is outside (0, 1). */
double stats_t_quantile(double p, double df);
/* P(T <= x) for Student's t with df degrees of freedom (infinite: the
 * normal's); NaN when df <= 0 or x is NaN. */
double stats_t_cdf(double x, double df);

/* Welch's t-test from sufficient statistics (n, mean, unbiased variance). */
int stats_welch_suff(size_t n_a, double mean_a, double var_a, size_t n_b,
                     double mean_b, double var_b, enum stats_alt alt,
                     double alpha, struct stats_result *r,
                     struct diag *diag);
/* ... from sums and sums of squares (as exported by telemetry tools). */
int stats_welch_sums(size_t n_a, double sum_a, double sumsq_a, size_t n_b,
                     double sum_b, double sumsq_b, enum stats_alt alt,
                     double alpha, struct stats_result *r,
                     struct diag *diag);
/* ... from raw data. */
int stats_welch(const double *a, size_t n_a, const double *b, size_t n_b,
                enum stats_alt alt, double alpha, struct stats_result *r,
                struct diag *diag);
/* Relative lift (B - A)/|A|. The test is Welch's on B - A (statistic,
 * df, p-value); the interval is Fieller's for the ratio, which inverts the
 * same pivot (m_B - rho m_A)/sqrt(se2_B + rho^2 se2_A) at every ratio rho
 * with the Welch df of B - A: the interval excludes 0 exactly when
 * p < alpha, and both one-sided error rates are alpha/2. se is the
 * delta-method standard error of the lift, for information. Undefined
 * (TR_EUNDEF with a note) when |A| is near 0; when A is within the noise
 * of 0 the interval is unbounded (both ends infinite, a note). */
int stats_welch_lift(size_t n_a, double mean_a, double var_a, size_t n_b,
                     double mean_b, double var_b, enum stats_alt alt,
                     double alpha, struct stats_result *r, struct diag *diag);
/* Fieller's interval for the lift (mu_B - mu_A)/|mu_A| from the means and
 * their squared standard errors, at critical value q (the t or z quantile;
 * pass the one-sided quantile and use one end for a one-sided bound).
 * Returns 0, or TR_EUNDEF when m_A^2 <= q^2 se2_A (the set is unbounded;
 * *lo = -inf, *hi = inf). No diag: callers word the note. */
int stats_fieller_lift(double mean_a, double se2_a, double mean_b,
                       double se2_b, double q, double *lo, double *hi);
/* Ratio of geometric means B/A (Welch on logs): effect, CI are ratios. */
int stats_logratio(const double *a, size_t n_a, const double *b, size_t n_b,
                   enum stats_alt alt, double alpha, struct stats_result *r,
                   struct diag *diag);
/* GrowthBook's asymptotic confidence sequence around an estimate with
 * standard error se from n = n_a + n_b units and tuning n_star: an
 * interval valid at every look. Returns the half-width. */
double stats_cs_halfwidth(double se, size_t n, double n_star, double alpha);

enum stats_exact { STATS_EXACT_AUTO, STATS_EXACT_YES, STATS_EXACT_NO };

/* Mann-Whitney U as R's wilcox.test(B, A, conf.int = TRUE, exact = NULL,
 * correct = TRUE): statistic = U of B (pairs b > a plus half the ties);
 * the exact distribution without ties (AUTO: when both samples have fewer
 * than 50 values, R's default; YES: up to 50), else normal with tie and
 * continuity correction. effect = the Hodges-Lehmann shift (the median of
 * the differences); its interval is exact (qwilcox order statistics) or
 * R's asymptotic one: the shifts where the tie- and continuity-corrected
 * statistic crosses the normal quantile, which are differences (R's
 * uniroot finds them to 1e-4). NaN with a note when n_a * n_b is too
 * large to enumerate. */
int stats_mwu(const double *a, size_t n_a, const double *b, size_t n_b,
              enum stats_alt alt, double alpha, enum stats_exact exact,
              struct stats_result *r, struct diag *diag);

/* ---- bootstrap (boot.c) ---- */

enum stats_boot_stat { STATS_MEAN, STATS_QUANTILE };

struct stats_boot_opts {
    enum stats_boot_stat stat;
    double prob;          /* quantile probability (0.5 = median) */
    size_t resamples;
    unsigned long seed;   /* the same seed gives the same result anywhere */
    int bca;              /* 1: BCa interval, 0: percentile */
};

/* A bootstrap interval for stat(B) - stat(A), resampling each arm on its
 * own (GSL's MT19937); BCa with scipy's z0 and two-sample jackknife
 * acceleration. The p-value is the one the interval inverts: the smallest
 * alpha at which the same interval (same resamples, z0, acceleration)
 * would exclude 0, so p < alpha exactly when it does. p = 0 when 0 lies
 * beyond every resampled value (then p < 1/R in any ordinary sense). */
int stats_bootstrap(const double *a, size_t n_a, const double *b, size_t n_b,
                    const struct stats_boot_opts *o, enum stats_alt alt,
                    double alpha, struct stats_result *r, struct diag *diag);

/* ---- multiple testing and balance (adjust.c) ---- */

/* Holm and Benjamini-Hochberg adjusted p-values, in input order.
 * Guardrails use Holm: a pilot's k guardrails are one family (each tested
 * one-sided in its harm direction), a guardrail counts as harmed when its
 * Holm-adjusted p is below the pilot's alpha, so the chance that a pilot
 * with no harm shows some harmed guardrail stays at most alpha. */
void stats_holm(const double *p, size_t n, double *adj);
void stats_bh(const double *p, size_t n, double *adj);
/* Chi-square goodness of fit of observed counts to expected shares (a
 * sample-ratio mismatch check). Returns the p-value; NaN when undefined. */
double stats_srm(const double *observed, const double *shares, size_t k);

/* ---- power (power.c) ---- */

/* Units per arm a two-sample t-test needs to detect a difference mde
 * with the given sd, two-sided alpha and power (noncentral t, as G*Power
 * and statsmodels). *n_exact is the fractional solution. */
int stats_power_n(double sd, double mde, double alpha, double power,
                  double *n_exact, struct diag *diag);
/* The power of that test with n per arm. */
double stats_power(double sd, double mde, double alpha, double n);
/* ... with n_a baseline and n_b pilot units (df n_a + n_b - 2, noncentral
 * t with ncp |mde| / (sd sqrt(1/n_a + 1/n_b)), as statsmodels'
 * ttest_power with nobs2 = ratio * nobs1). */
double stats_power2(double sd, double mde, double alpha, double n_a,
                    double n_b);
/* The smallest difference detectable with n per arm. */
int stats_mde(double sd, double n, double alpha, double power, double *mde,
              struct diag *diag);
/* ... with n_a baseline and n_b pilot units. */
int stats_mde2(double sd, double n_a, double n_b, double alpha, double power,
               double *mde, struct diag *diag);

/* A before-after plan: the baseline is what it is (n_a units), the
 * pilot's size is solved for. */
struct stats_power_plan {
    double n_b;         /* pilot units needed (fractional; round up);
                           INFINITY when the baseline is too small */
    double power_limit; /* the power as n_b -> infinity: the baseline's
                           own noise, sd / sqrt(n_a), bounds it */
    double n_a_min;     /* the baseline units at which power_limit reaches
                           the target: a baseline must exceed it */
};
/* Pilot units a two-sample t-test needs, with n_a baseline units, to
 * detect mde (two-sided alpha, the given power). Returns 0; TR_EUNDEF with
 * a message ("a baseline of N units can never give power P: at most L
 * with any number of pilot units; the baseline needs at least M")
 * and out->n_b = INFINITY when power_limit <= power; TR_EINVAL for bad
 * arguments (then every field is NaN). power_limit and n_a_min are filled
 * whenever the arguments are valid. */
int stats_power_n_b(double sd, double mde, double alpha, double power,
                    double n_a, struct stats_power_plan *out,
                    struct diag *diag);

/* ---- regression and variance analysis (regress.c) ---- */

/* Ordinary least squares of y on the n x p row-major design X (include a
 * column of ones for an intercept). beta and se have p entries; *rss is
 * the residual sum of squares. Uses GSL's SVD-based solver. */
int stats_ols(const double *X, const double *y, size_t n, size_t p,
              double *beta, double *se, double *rss, struct diag *diag);

struct stats_anova {
    double ss_between, ss_within, df_between, df_within, f, p_value, r2;
};
/* One-way ANOVA of values in groups 0..k-1 (pass deviations from a shift
 * for accuracy; the result does not depend on it). */
int stats_anova_oneway(const double *x, const size_t *group, size_t n,
                       size_t k, struct stats_anova *out, struct diag *diag);

/* CUPED: Welch on the pilot metric adjusted by a pre-period covariate with
 * one pooled theta = cov(pre, post) / var(pre) over both arms. *theta may
 * be NULL. */
int stats_cuped(const double *a_post, const double *a_pre, size_t n_a,
                const double *b_post, const double *b_pre, size_t n_b,
                enum stats_alt alt, double alpha, struct stats_result *r,
                double *theta, struct diag *diag);
/* One arm of a CUPED comparison as exported by experimentation tools:
 * n and the sums of the metric y, the covariate x, their squares and
 * their products. */
struct stats_sums {
    size_t n;
    double sum_y, sum_yy, sum_x, sum_xx, sum_xy;
};
/* CUPED from sums (GrowthBook's convention): pooled theta, adjusted means,
 * Welch df on the adjusted variances. relative: the lift of the adjusted
 * means (each centred on the joined covariate mean) as stats_welch_lift
 * gives it: Welch's test on their difference, Fieller's interval for
 * their ratio, so the interval agrees with the test and swapping the arms
 * inverts it (GrowthBook's delta method, (adjusted B - adjusted A) /
 * |unadjusted A|, shrank its error when B fell). mean_a and mean_b are
 * the unadjusted means. */
int stats_cuped_sums(const struct stats_sums *a, const struct stats_sums *b,
                     int relative, enum stats_alt alt, double alpha,
                     struct stats_result *r, struct diag *diag);
/* The pooled theta alone. */
double stats_cuped_theta(const double *a_post, const double *a_pre,
                         size_t n_a, const double *b_post,
                         const double *b_pre, size_t n_b);

/* Difference-in-differences: y ~ 1 + treated + post + treated:post by OLS,
 * with cluster-robust (CR1) standard errors over `cluster` (the team, the
 * unit that was assigned) and G - 1 degrees of freedom. effect = the
 * interaction. Needs at least 2 clusters and every cell filled. */
int stats_did(const double *y, const int *treated, const int *post,
              const size_t *cluster, size_t n, enum stats_alt alt,
              double alpha, struct stats_result *r, struct diag *diag);

/* ---- proportions and means of survey answers (props.c) ---- */

/* Wilson's score interval for k successes in n trials at level
 * 1 - alpha (z = the normal 1 - alpha/2 quantile): the interval that
 * stays inside [0, 1] and behaves at 0 and n. TR_EUNDEF when n is 0. */
int stats_wilson(long k, long n, double alpha, double *lo, double *hi);

/* The difference of two independent proportions k1/n1 - k2/n2 with
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998, built
 * from the two Wilson intervals). TR_EUNDEF when n1 or n2 is 0. */
int stats_newcombe_diff(long k1, long n1, long k2, long n2, double alpha,
                        double *diff, double *lo, double *hi);

/* Student's t interval for a mean from n, the mean and the unbiased
 * variance. TR_EUNDEF when n < 2. */
int stats_mean_interval(long n, double mean, double var, double alpha,
                        double *lo, double *hi);

#endif
