/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Over many simulated portfolios where no pilot truly works, fewer than 5%
 * scale anything at the default settings (BH at 0.05); and the
 * recommendation rules on known cases. */
#include "testutil.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "analysis/pilot.h"

#define PORTFOLIOS 2000
#define PILOTS 10
#define N 60

static void fill(struct pilot_analysis *a, const struct stats_result *r)
{
    memset(a, 0, sizeof(*a));
    a->primary.metric = PM_CYCLE_TIME;
    a->primary.defined = 1;
    a->primary.rel = r->effect - 1.0;
    a->primary.rel_lo = r->ci_low - 1.0;
    a->primary.rel_hi = r->ci_high - 1.0;
    a->primary.p_value = r->p_value;
    a->primary.n_a = a->primary.n_b = N;
    a->power = a->n_needed = NAN;
    a->level = 0.05;
}

static void test_null_portfolios(void **state)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    struct pilot p;
    struct pilot_analysis a[PILOTS];
    double pv[PILOTS], q[PILOTS], x[N], y[N];
    int any = 0, any_raw = 0, single = 0;

    (void)state;
    pilot_init(&p);
    p.metric = PM_CYCLE_TIME;
    p.direction = -1;
    p.mde = 0.2;
    gsl_rng_set(rng, 11);
    for (int k = 0; k < PORTFOLIOS; k++) {
        int scaled = 0, scaled_raw = 0;

        for (int j = 0; j < PILOTS; j++) {
            struct stats_result r;

            for (int i = 0; i < N; i++) {
                x[i] = exp(3.0 + gsl_ran_gaussian(rng, 0.6));
                y[i] = exp(3.0 + gsl_ran_gaussian(rng, 0.6));
            }
            stats_logratio(x, N, y, N, STATS_TWO_SIDED, 0.05, &r, NULL);
            fill(&a[j], &r);
            pv[j] = r.p_value;
            single += r.p_value < 0.05 && r.effect < 1.0;
        }
        pilot_portfolio_q(pv, PILOTS, q);
        for (int j = 0; j < PILOTS; j++) {
            struct pilot_reco reco;

            pilot_recommend(&p, &a[j], q[j], &reco);
            scaled |= reco.rec == REC_SCALE;
            pilot_recommend(&p, &a[j], pv[j], &reco); /* no correction */
            scaled_raw |= reco.rec == REC_SCALE;
        }
        any += scaled;
        any_raw += scaled_raw;
    }
    gsl_rng_free(rng);
    printf("# null portfolios of %d pilots scaling anything: %.2f%% of %d "
           "with BH; %.2f%% without correction (single pilots %.2f%%)\n",
           PILOTS, 100.0 * any / PORTFOLIOS, PORTFOLIOS,
           100.0 * any_raw / PORTFOLIOS,
           100.0 * single / (PORTFOLIOS * PILOTS));
    assert_true((double)any / PORTFOLIOS < 0.05);
}

static void test_rules(void **state)
{
    struct pilot p;
    struct pilot_analysis a;
    struct pilot_reco r;

    (void)state;
    pilot_init(&p);
    p.metric = PM_CYCLE_TIME;
    p.direction = -1;
    p.mde = 0.2;
    memset(&a, 0, sizeof(a));
    a.power = a.n_needed = NAN;
    a.level = 0.05;
    a.primary.defined = 1;
    /* large improvement, significant after correction */
    a.primary.rel = -0.4, a.primary.rel_lo = -0.46, a.primary.rel_hi = -0.34;
    pilot_recommend(&p, &a, 0.001, &r);
    assert_int_equal(r.rec, REC_SCALE);
    /* the same estimate is not scaled when the portfolio q is too high */
    a.primary.p_value = 0.013;
    pilot_recommend(&p, &a, 0.08, &r);
    assert_int_not_equal(r.rec, REC_SCALE);
    /* ... and says why: the cohort's correction, not "includes no change"
     * beside an interval that excludes it */
    assert_non_null(strstr(r.reasons[0], "p = 0.013), but q = 0.08 after "
                                         "correction over the pilots"));
    assert_null(strstr(r.reasons[0], "includes both no change"));
    /* no effect, interval excludes the MDE */
    a.primary.rel = 0.02, a.primary.rel_lo = -0.08, a.primary.rel_hi = 0.12;
    pilot_recommend(&p, &a, 0.7, &r);
    assert_int_equal(r.rec, REC_RETIRE);
    /* wide interval: iterate */
    a.primary.rel = -0.1, a.primary.rel_lo = -0.45, a.primary.rel_hi = 0.3;
    pilot_recommend(&p, &a, 0.5, &r);
    assert_int_equal(r.rec, REC_ITERATE);
    /* a harmed guardrail retires even a winner */
    a.primary.rel = -0.4, a.primary.rel_lo = -0.46, a.primary.rel_hi = -0.34;
    a.nguard = 1;
    a.guard[0].defined = 1;
    a.guard[0].harmed = 1;
    a.guard[0].metric = PM_ERRORS;
    pilot_recommend(&p, &a, 0.001, &r);
    assert_int_equal(r.rec, REC_RETIRE);
    assert_non_null(strstr(r.reasons[0], "guardrail errors is harmed"));
    /* too little data never gives a confident answer */
    a.nguard = 0;
    a.primary.defined = 0;
    a.primary.note = "too little data";
    pilot_recommend(&p, &a, NAN, &r);
    assert_int_equal(r.rec, REC_ITERATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_portfolios),
        cmocka_unit_test(test_rules),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
