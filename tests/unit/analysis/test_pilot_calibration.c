/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Calibration of pilot verdicts by simulation, through the real analysis
 * (pilot_plan_source, pilot_analyze_source, pilot_recommend and the
 * portfolio's portfolio_cohort_q) on a simulated source: teams differ in
 * level (sd 0.2 on the log scale) and each team drifts from one 13-week
 * period to the next (sd 0.1), items are log-normal (sd 0.6), 6 a week
 * from 6 people. Null pilots are recommended for scale in at most 5% and
 * reach p < 0.05 in 5% +- 1.5 (long run); a true -30% effect is found;
 * weekly interim looks and a portfolio of 20 staggered null pilots keep
 * their error rate. CALIBRATE_RUNS=N (make calibrate: 2000) runs N pilots
 * per design and checks the tight bands; the default is a fast seeded
 * run with wider bands. Figures with their Monte Carlo error are printed
 * as # lines (docs/statistics.md quotes them). */
#include "testutil.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "analysis/pilot.h"
#include "analysis/portfolio.h"

#define DAY 86400
#define WEEK (7 * DAY)
#define HIST_WEEKS 104
#define WINDOW_WEEKS 13
#define PER_WEEK 6
#define PEOPLE 6
#define START ((int64_t)20000 * DAY) /* a Monday-aligned day */

static double level_sd = 0.2, drift_sd = 0.1, item_sd = 0.6;

struct team_data {
    int64_t *at;
    double *v;
    size_t n;
};

struct sim {
    struct team_data team[PILOT_MAX_CONTROLS + 1];
    size_t nteams;
};

/* One replicate: teams 0..k, weeks -HIST_WEEKS .. WINDOW_WEEKS (the
 * pilot's window), a team x 13-week period drift; effect (log scale) on
 * team 0 from the start. */
static void sim_fill(struct sim *s, gsl_rng *rng, size_t k, double effect)
{
    size_t per = (size_t)(HIST_WEEKS + WINDOW_WEEKS) * PER_WEEK;

    s->nteams = k + 1;
    for (size_t t = 0; t <= k; t++) {
        struct team_data *d = &s->team[t];
        double lvl = log(20.0) + gsl_ran_gaussian(rng, level_sd);
        double drift[(HIST_WEEKS + WINDOW_WEEKS) / 13 + 2];

        for (size_t i = 0; i < sizeof(drift) / sizeof(drift[0]); i++)
            drift[i] = gsl_ran_gaussian(rng, drift_sd);
        d->at = xrealloc(d->at, per * sizeof(*d->at));
        d->v = xrealloc(d->v, per * sizeof(*d->v));
        d->n = 0;
        for (long w = -HIST_WEEKS; w < WINDOW_WEEKS; w++) {
            long period = (w + HIST_WEEKS) / 13;

            for (int j = 0; j < PER_WEEK; j++) {
                double x = lvl + drift[period]
                           + gsl_ran_gaussian(rng, item_sd);

                if (t == 0 && w >= 0)
                    x += effect;
                d->at[d->n] = START + (int64_t)w * WEEK + j * DAY + 3600;
                d->v[d->n++] = exp(x);
            }
        }
    }
}

static void sim_release(struct sim *s)
{
    for (size_t t = 0; t < PILOT_MAX_CONTROLS + 1; t++) {
        free(s->team[t].at);
        free(s->team[t].v);
    }
}

static int src_values(void *ctx, size_t team, enum pilot_metric m,
                      int64_t from, int64_t to, struct pilot_values *out,
                      struct diag *diag)
{
    struct sim *s = ctx;
    const struct team_data *d = &s->team[team];

    (void)diag;
    if (m != PM_CYCLE_TIME || team >= s->nteams)
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
    struct sim *s = ctx;
    const struct team_data *d = &s->team[team];
    long any = 0;

    (void)diag;
    for (size_t i = 0; i < d->n && !any; i++)
        any = d->at[i] >= from && d->at[i] < to;
    *n = any ? PEOPLE : 0;
    return 0;
}

static char pilot_name[] = "sim";

static void pilot_of(struct pilot *p, enum pilot_design design, size_t k)
{
    pilot_init(p);
    p->metric = PM_CYCLE_TIME;
    p->direction = -1;
    p->mde = 0.3;
    p->alpha = 0.05;
    p->design = design;
    p->start_at = START;
    p->review_at = START + (int64_t)WINDOW_WEEKS * WEEK;
    p->ncontrols = k;
    p->team = pilot_name;
    p->workflow = pilot_name;
    for (size_t i = 0; i < k; i++)
        p->controls[i] = pilot_name;
}

static long runs(long fast)
{
    const char *e = getenv("CALIBRATE_RUNS");

    return e && *e ? strtol(e, NULL, 10) : fast;
}

struct rate {
    long hits, n;
};

static double r_of(struct rate r)
{
    return (double)r.hits / (double)r.n;
}

static double mc_of(struct rate r)
{
    double x = r_of(r);

    return sqrt(x * (1 - x) / (double)r.n);
}

/* One design: null scale and p < 0.05 rates, power at a -30% effect. */
static void design(enum pilot_design d, size_t k, long n, int tight,
                   double want_power)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct sim s = {0};
    struct pilot_source src = {&s, src_values, src_people};
    struct pilot p;
    struct rate scale0 = {0, 0}, rej0 = {0, 0}, found = {0, 0};
    struct rate found_met = {0, 0};
    double plan_power = 0.0, plan_n = 0.0, items = 0.0;
    long planned = 0;

    gsl_rng_set(rng, 1000 + (unsigned long)d * 100 + k);
    pilot_of(&p, d, k);
    for (long i = 0; i < n; i++) {
        for (int eff = 0; eff < 2; eff++) {
            struct pilot_analysis a;
            struct pilot_reco r;
            struct pilot_plan pl;
            int has_plan, met;

            sim_fill(&s, rng, k, eff ? log(0.7) : 0.0);
            has_plan = eff && pilot_plan_source(&p, &src, &pl, NULL) == 0;
            if (has_plan) {
                plan_power += pl.power;
                plan_n += ceil(pl.n_needed);
                planned++;
            }
            assert_int_equal(pilot_analyze_source(&p, &src, p.review_at, &a,
                                                  NULL),
                             0);
            assert_true(a.primary.defined);
            /* the criterion: power where the plan's item count is met */
            met = has_plan && (double)a.primary.n_b >= ceil(pl.n_needed);
            if (has_plan)
                items += (double)a.primary.n_b;
            pilot_recommend(&p, &a, a.primary.p_value, &r);
            if (eff) {
                found.hits += r.rec == REC_SCALE;
                found.n++;
                found_met.hits += met && r.rec == REC_SCALE;
                found_met.n += met;
            } else {
                scale0.hits += r.rec == REC_SCALE;
                scale0.n++;
                rej0.hits += a.primary.p_value < 0.05;
                rej0.n++;
            }
        }
    }
    printf("# %-12s refs %2zu: null scaled %.2f%% (MC +- %.2f), null p<0.05 "
           "%.2f%% (+- %.2f), -30%% found %.1f%% (+- %.1f; plan predicts "
           "%.0f%%), where the plan's item count is met %.1f%% (+- %.1f; "
           "met in %.1f%%: %.0f pilot items, the plan's floor %.0f) over "
           "%ld pilots each\n",
           pilot_design_names[d], d == PD_BEFORE_AFTER ? (size_t)0 : k,
           100 * r_of(scale0), 100 * mc_of(scale0), 100 * r_of(rej0),
           100 * mc_of(rej0), 100 * r_of(found), 100 * mc_of(found),
           planned ? 100 * plan_power / (double)planned : NAN,
           100 * r_of(found_met), 100 * mc_of(found_met),
           100 * (double)found_met.n / (double)found.n,
           planned ? items / (double)planned : NAN,
           planned ? plan_n / (double)planned : NAN, n);
    assert_true(r_of(scale0) <= 0.05);
    if (tight)
        assert_true(fabs(r_of(rej0) - 0.05) <= 0.015);
    else
        assert_true(r_of(rej0) >= 0.02 && r_of(rej0) <= 0.08);
    if (want_power > 0)
        assert_true(r_of(found_met) >= want_power);
    /* with enough references the plan's power is what is found (a did
     * plan on a 45-day placebo window said 69% where 51% was found) */
    if (planned && (d == PD_BEFORE_AFTER || k >= 19))
        assert_true(fabs(plan_power / (double)planned - r_of(found)) <= 0.08);
    sim_release(&s);
    gsl_rng_free(rng);
}

static void test_designs(void **state)
{
    long n = runs(300);
    int tight = n >= 1000;

    (void)state;
    design(PD_BEFORE_AFTER, 0, n, tight, 0.6);
    design(PD_CONCURRENT, 19, n, tight, 0.0);
    design(PD_CONCURRENT, 5, n, tight, 0.0);
    design(PD_DID, 19, n, tight, 0.0);
    design(PD_DID, 5, n, tight, 0.0);
    design(PD_DID, 2, n, tight, 0.0);
}

/* Weekly looks from week 1 to the review: the chance of a scale at any
 * look stays at most 5%. */
static void interim(enum pilot_design d, size_t k, long n)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct sim s = {0};
    struct pilot_source src = {&s, src_values, src_people};
    struct pilot p;
    struct rate any = {0, 0}, naive = {0, 0};

    gsl_rng_set(rng, 77 + (unsigned long)d);
    pilot_of(&p, d, k);
    for (long i = 0; i < n; i++) {
        int scaled = 0, naive_scaled = 0;

        sim_fill(&s, rng, k, 0.0);
        for (long w = 1; w <= WINDOW_WEEKS; w++) {
            struct pilot_analysis a;
            struct pilot_reco r;
            int64_t now = w == WINDOW_WEEKS ? p.review_at
                                            : START + w * WEEK + DAY;

            assert_int_equal(pilot_analyze_source(&p, &src, now, &a, NULL),
                             0);
            assert_int_equal(a.interim, w < WINDOW_WEEKS);
            if (!a.primary.defined)
                continue;
            pilot_recommend(&p, &a, a.primary.p_value, &r);
            scaled |= r.rec == REC_SCALE;
            /* what fixed-horizon looks would do: p < alpha each week */
            naive_scaled |= a.primary.rel < 0
                            && a.primary.p_value < p.alpha;
        }
        any.hits += scaled;
        naive.hits += naive_scaled;
        any.n++;
        naive.n++;
    }
    printf("# interim %-12s refs %2zu: weekly looks, null scaled at any "
           "look %.2f%% (MC +- %.2f); at the unadjusted level %.2f%% (+- "
           "%.2f) over %ld pilots\n",
           pilot_design_names[d], k, 100 * r_of(any), 100 * mc_of(any),
           100 * r_of(naive), 100 * mc_of(naive), n);
    assert_true(r_of(any) <= 0.05);
    sim_release(&s);
    gsl_rng_free(rng);
}

static void test_interim(void **state)
{
    long n = runs(300);

    (void)state;
    interim(PD_BEFORE_AFTER, 0, n);
    interim(PD_DID, 19, n);
}

/* 20 null pilots registered together, reviews staggered weekly inside one
 * quarter; each is recommended at its review with the cohort's q as it
 * stands then. */
#define PF 20
static void test_portfolio(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct sim s = {0};
    struct portfolio pf;
    struct rate any = {0, 0}, old = {0, 0};
    long n = runs(150);

    (void)state;
    gsl_rng_set(rng, 4242);
    pf.n = PF;
    pf.e = xcalloc(PF, sizeof(*pf.e));
    for (long i = 0; i < n; i++) {
        int scaled = 0, scaled_old = 0;
        double pv[PF], q[PF];

        for (int j = 0; j < PF; j++) {
            struct portfolio_entry *e = &pf.e[j];
            struct pilot_source sj = {&s, src_values, src_people};

            pilot_of(&e->pilot, PD_BEFORE_AFTER, 0);
            sim_fill(&s, rng, 0, 0.0);
            assert_int_equal(pilot_analyze_source(&e->pilot, &sj,
                                                  e->pilot.review_at,
                                                  &e->analysis, NULL),
                             0);
            e->cohort = 0;
            pv[j] = e->analysis.primary.p_value;
        }
        /* pilot j reviews in week j * 12 / 19 of the quarter: the ones
         * reviewed before it have concluded */
        for (int j = 0; j < PF; j++) {
            struct pilot_reco r;

            for (int o = 0; o < PF; o++)
                pf.e[o].concluded = o * 12 / 19 <= j * 12 / 19;
            portfolio_cohort_q(&pf);
            pilot_recommend(&pf.e[j].pilot, &pf.e[j].analysis, pf.e[j].q,
                            &r);
            scaled |= r.rec == REC_SCALE;
            /* the old rule: BH over the concluded so far plus itself */
            {
                double pp[PF];
                size_t m = 0;

                for (int o = 0; o < PF; o++)
                    if (pf.e[o].concluded)
                        pp[m++] = pv[o];
                pilot_portfolio_q(pp, m, q);
                for (size_t o = 0; o < m; o++)
                    if (pp[o] == pv[j] && q[o] < 0.05
                        && pf.e[j].analysis.primary.rel < 0)
                        scaled_old = 1;
            }
        }
        any.hits += scaled;
        old.hits += scaled_old;
        any.n++;
        old.n++;
    }
    printf("# portfolio of %d null pilots, staggered reviews: anything "
           "scaled in %.2f%% (MC +- %.2f); with BH over the concluded so "
           "far %.2f%% (+- %.2f) over %ld portfolios\n",
           PF, 100 * r_of(any), 100 * mc_of(any), 100 * r_of(old),
           100 * mc_of(old), n);
    assert_true(r_of(any) <= 0.05);
    free(pf.e);
    sim_release(&s);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_designs),
        cmocka_unit_test(test_interim),
        cmocka_unit_test(test_portfolio),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
