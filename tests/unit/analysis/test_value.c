/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realised value (analysis/value.c): the delta-method figures against
 * numbers computed independently with numpy and scipy (the expressions
 * are in the comments), and the calibration of the value interval over
 * 200 simulated pilots whose true effect and realised value are known:
 * its 95% interval must cover the true value in 92% to 98% of them. The
 * pilots go through the real analysis (pilot_analyze_source) on a
 * simulated source like test_pilot_calibration's: teams differ in level
 * (sd 0.2 on the log scale) and drift from one 13-week period to the
 * next (sd 0.1), items are log-normal (sd 0.6), 6 a week; a true -30%
 * effect from the start, kept for 26 weeks after the decision. */
#include "testutil.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "analysis/pilot.h"
#include "analysis/value.h"

static struct value_adoption adoption(enum pilot_metric m, double effect,
                                      double se, double df, double cost,
                                      const double *vol, size_t n)
{
    struct value_adoption a;

    memset(&a, 0, sizeof(a));
    a.metric = m;
    a.effect = effect;
    a.se = se;
    a.df = df;
    a.unit_cost = cost;
    a.m = xcalloc(n, sizeof(*a.m));
    a.nm = n;
    for (size_t i = 0; i < n; i++)
        a.m[i].volume = vol[i];
    value_adoption_compute(&a);
    return a;
}

/* numpy: v = expm1(0.4) * [1000, 1200] * 80; s = exp(0.4) * vol * 80 *
 * 0.05; q = scipy.stats.t.ppf(0.975, 4) */
static void test_cycle_time(void **state)
{
    static const double vol[] = {1000, 1200};
    struct value_adoption a = adoption(PM_CYCLE_TIME, -0.4, 0.05, 4, 80,
                                       vol, 2);

    (void)state;
    assert_true(fabs(a.m[0].value - 39345.97581130163) < 1e-8);
    assert_true(fabs(a.m[1].value - 47215.17097356195) < 1e-8);
    assert_true(fabs(a.value - 86561.14678486358) < 1e-8);
    assert_true(fabs(a.se_value - 13128.05733924318) < 1e-8);
    assert_true(fabs(a.lo - 50111.816244565816) < 1e-6);
    assert_true(fabs(a.hi - 123010.47732516134) < 1e-6);
    assert_true(fabs(a.volume - 2200) < 1e-12);
    free(a.m);
}

/* errors: avoided = 0.1 per item * [300, 100] items * 250; se = 400 *
 * 250 * 0.03; lo = value - t.ppf(0.975, 9) * se */
static void test_errors(void **state)
{
    static const double vol[] = {300, 100};
    struct value_adoption a = adoption(PM_ERRORS, -0.1, 0.03, 9, 250, vol,
                                       2);

    (void)state;
    assert_true(fabs(a.value - 10000.0) < 1e-8);
    assert_true(fabs(a.se_value - 3000.0) < 1e-8);
    assert_true(fabs(a.lo - 3213.5285117770254) < 1e-6);
    free(a.m);
}

/* Nothing unmeasured counts: no cost, no effect, a quality metric. */
static void test_not_measured(void **state)
{
    static const double vol[] = {100};
    struct value_adoption a = adoption(PM_CYCLE_TIME, -0.4, 0.05, 4, NAN,
                                       vol, 1);
    struct value_adoption b = adoption(PM_ERRORS, NAN, NAN, NAN, 10, vol,
                                       1);
    struct value_adoption c = adoption(PM_QUALITY, 0.3, 0.1, 5, 10, vol, 1);

    (void)state;
    assert_true(isnan(a.value) && isnan(a.m[0].value) && isnan(a.lo));
    assert_true(isnan(b.value) && isnan(c.value));
    free(a.m);
    free(b.m);
    free(c.m);
}

/* numpy: var = 10**2 + 20**2; df = var**2 / (10**4 / 4 + 20**4 / 9);
 * 150 -+ t.ppf(0.975, df) * sqrt(var) */
static void test_sum(void **state)
{
    double v[] = {100, 50, NAN}, se[] = {10, 20, 1}, df[] = {4, 9, 3};
    double value, s, d, lo, hi;

    (void)state;
    value_sum(v, se, df, 3, &value, &s, &d, &lo, &hi);
    assert_true(fabs(value - 150.0) < 1e-12);
    assert_true(fabs(s - 22.360679774997898) < 1e-12);
    assert_true(fabs(d - 12.32876712328767) < 1e-10);
    assert_true(fabs(lo - 101.4239672505255) < 1e-8);
    assert_true(fabs(hi - 198.5760327494745) < 1e-8);
    value_sum(v + 2, se + 2, df + 2, 1, &value, &s, &d, &lo, &hi);
    assert_true(isnan(value) && isnan(lo) && isnan(hi));
}

/* ---- calibration ---- */

#define DAY 86400
#define WEEK (7 * DAY)
#define HIST_WEEKS 104
#define WINDOW_WEEKS 13
#define AFTER_WEEKS 26 /* realised after the decision at the review */
#define PER_WEEK 6
#define START ((int64_t)20000 * DAY)
#define RUNS 200 /* VALUE_RUNS=N runs N (the long-run figure) */
#define HOURLY 80.0

struct team {
    int64_t at[(HIST_WEEKS + WINDOW_WEEKS + AFTER_WEEKS) * PER_WEEK];
    double v[(HIST_WEEKS + WINDOW_WEEKS + AFTER_WEEKS) * PER_WEEK];
    size_t n;
};

static int src_values(void *ctx, size_t team, enum pilot_metric m,
                      int64_t from, int64_t to, struct pilot_values *out,
                      struct diag *diag)
{
    const struct team *d = ctx;

    (void)diag;
    if (m != PM_CYCLE_TIME || team)
        return 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->at[i] >= from && d->at[i] < to) {
            out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(double));
            out->v[out->n++] = d->v[i];
        }
    return 0;
}

static int src_people(void *ctx, size_t team, int64_t from, int64_t to,
                      long *n, struct diag *diag)
{
    (void)ctx;
    (void)team;
    (void)from;
    (void)to;
    (void)diag;
    *n = 6;
    return 0;
}

/* One team: history, the pilot window and the months after, a drift per
 * 13-week period; returns the observed hours after the review and sets
 * *truth to the hours the tool saved in them (each item would have
 * taken exp(-effect) times as long without it). */
static double team_fill(struct team *d, gsl_rng *rng, double effect,
                        double *truth)
{
    double lvl = log(20.0) + gsl_ran_gaussian(rng, 0.2), hours = 0.0;
    double drift[(HIST_WEEKS + WINDOW_WEEKS + AFTER_WEEKS) / 13 + 1];

    for (size_t i = 0; i < sizeof(drift) / sizeof(drift[0]); i++)
        drift[i] = gsl_ran_gaussian(rng, 0.1);
    d->n = 0;
    *truth = 0.0;
    for (long w = -HIST_WEEKS; w < WINDOW_WEEKS + AFTER_WEEKS; w++)
        for (int j = 0; j < PER_WEEK; j++) {
            double x = lvl + drift[(w + HIST_WEEKS) / 13]
                       + gsl_ran_gaussian(rng, 0.6);
            double h;

            if (w >= 0)
                x += effect;
            h = exp(x);
            d->at[d->n] = START + (int64_t)w * WEEK + j * DAY + 3600;
            d->v[d->n++] = h;
            if (w >= WINDOW_WEEKS) {
                hours += h;
                *truth += h * expm1(-effect);
            }
        }
    return hours;
}

/* Seat counts as they may be shown: under 5 hidden, and the complement
 * of a hidden count hidden with it. */
static void test_seats_disclose(void **state)
{
    struct value_seats s = {NULL, "2026-05", 0, 11, 5, 6, 3, 19.0, NAN};

    (void)state;
    value_seats_disclose(&s);
    assert_int_equal(s.assigned, 11);
    assert_int_equal(s.active, 5);
    assert_int_equal(s.unused, 6);
    assert_int_equal(s.never, -1);
    assert_true(s.unused_cost == 114.0);
    s = (struct value_seats){NULL, "2026-05", 0, 600, 597, 3, 0, 30.0, NAN};
    value_seats_disclose(&s);
    assert_int_equal(s.assigned, 600);
    assert_int_equal(s.active, -1); /* 600 - 3 would give the 3 away */
    assert_int_equal(s.unused, -1);
    assert_true(isnan(s.unused_cost));
    s = (struct value_seats){NULL, "2026-05", 0, 4, 0, 4, 4, 30.0, NAN};
    value_seats_disclose(&s);
    assert_int_equal(s.assigned, -1);
    assert_int_equal(s.active, -1);
    assert_int_equal(s.unused, -1);
    assert_int_equal(s.never, -1);
}

/* The chance a decision flips: a coin toss unmeasured, the t tail beyond
 * break-even otherwise (P(T_3 < -1) = 0.19550110947788527: scipy's
 * t.cdf(-1, 3), and the closed form of t with 3 df). */
static void test_flip_chance(void **state)
{
    (void)state;
    assert_true(value_flip_chance(NAN, NAN, NAN, 100.0) == 0.5);
    assert_true(fabs(value_flip_chance(110.0, 10.0, 3.0, 100.0)
                     - 0.19550110947788527) < 1e-12);
    assert_true(fabs(value_flip_chance(90.0, 10.0, 3.0, 100.0)
                     - 0.19550110947788527) < 1e-12);
    assert_true(value_flip_chance(100.0, 0.0, 3.0, 100.0) == 0.5);
    assert_true(value_flip_chance(120.0, 0.0, 3.0, 100.0) == 0.0);
}

static void test_coverage(void **state)
{
    static char name[] = "sim";
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct team *d = xcalloc(1, sizeof(*d));
    struct pilot_source src = {d, src_values, src_people};
    struct pilot p;
    long covered = 0, below = 0;
    double effect = log(0.7), cov, mc;
    const char *env = getenv("VALUE_RUNS");
    long runs = env && *env ? strtol(env, NULL, 10) : RUNS;

    (void)state;
    gsl_rng_set(rng, 20);
    pilot_init(&p);
    p.metric = PM_CYCLE_TIME;
    p.direction = -1;
    p.mde = 0.3;
    p.alpha = 0.05;
    p.design = PD_BEFORE_AFTER;
    p.start_at = START;
    p.review_at = START + (int64_t)WINDOW_WEEKS * WEEK;
    p.team = p.workflow = name;
    for (long i = 0; i < runs; i++) {
        struct pilot_analysis a;
        struct value_adoption v;
        double truth, hours = team_fill(d, rng, effect, &truth);

        assert_int_equal(pilot_analyze_source(&p, &src, p.review_at, &a,
                                              NULL),
                         0);
        assert_true(a.primary.defined);
        v = adoption(PM_CYCLE_TIME, a.primary.effect, a.primary.se,
                     a.primary.df, HOURLY, &hours, 1);
        truth *= HOURLY;
        covered += v.lo <= truth && truth <= v.hi;
        below += truth < v.lo;
        free(v.m);
    }
    cov = (double)covered / (double)runs;
    mc = sqrt(cov * (1 - cov) / (double)runs);
    printf("# value interval (95%%) covers the true realised value in "
           "%.1f%% (MC +- %.1f) of %ld pilots; below it in %.1f%%\n",
           100 * cov, 100 * mc, runs, 100.0 * (double)below / (double)runs);
    assert_true(cov >= 0.92 && cov <= 0.98);
    free(d);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle_time),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_not_measured),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_seats_disclose),
        cmocka_unit_test(test_flip_chance),
        cmocka_unit_test(test_coverage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
