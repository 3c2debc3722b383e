/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guardrails are one family per pilot: a guardrail is harmed when its
 * one-sided p, Holm-adjusted over the pilot's registered guardrails, is
 * below the level. A before-after pilot on a hand-made source (three
 * earlier windows: the placebo t has df 2, whose tail has a closed form)
 * checked against an independent computation. */
#include "testutil.h"

#include <math.h>

#include "analysis/pilot.h"

#define DAY 86400
#define LEN (28 * DAY)
#define START ((int64_t)20000 * DAY)
#define ITEMS 10

/* Windows: 0 the pilot's, 1..3 the earlier ones (newest first). One
 * window's values of a metric: ITEMS items. */
struct window {
    double v[PM_COUNT][ITEMS];
};

static struct window win[4];

/* n items of value hi, the rest lo. */
static void fill(double *v, double lo, double hi, int n)
{
    for (int i = 0; i < ITEMS; i++)
        v[i] = i < ITEMS - n ? lo : hi;
}

/* The source: window w's items finish at noon of its first day. */
static int src_values(void *ctx, size_t team, enum pilot_metric m,
                      int64_t from, int64_t to, struct pilot_values *out,
                      struct diag *diag)
{
    (void)ctx;
    (void)diag;
    for (int w = 0; w < 4 && team == 0; w++) {
        int64_t at = START - (int64_t)w * LEN + DAY / 2;

        if (at < from || at >= to)
            continue;
        for (int i = 0; i < ITEMS; i++) {
            out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(double));
            out->v[out->n++] = win[w].v[m][i];
        }
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

static char name[] = "team";

/* Cycle time unchanged (a wide interval: inconclusive); errors rise to
 * errors_now, rework a little, quality not at all. */
static void setup(double errors_now_lo, int errors_now_hi_n,
                  struct pilot *p)
{
    static const double cycle[4] = {20, 16, 20, 25};
    static const double err_hi_n[4] = {0, 0, 2, 4};
    static const double rework_n[4] = {4, 2, 3, 4};
    static const double quality[4] = {3.5, 3, 3.5, 4};

    for (int w = 0; w < 4; w++) {
        fill(win[w].v[PM_CYCLE_TIME], cycle[w], cycle[w], 0);
        fill(win[w].v[PM_QUALITY], quality[w], quality[w], 0);
        fill(win[w].v[PM_REWORK], 0, 1, (int)rework_n[w]);
        fill(win[w].v[PM_ERRORS], 1, 2, (int)err_hi_n[w]);
    }
    /* errors in the window: 6 items at lo, 4 at lo + 1 */
    fill(win[0].v[PM_ERRORS], errors_now_lo, errors_now_lo + 1,
         errors_now_hi_n);
    pilot_init(p);
    p->team = p->workflow = p->tool = name;
    p->metric = PM_CYCLE_TIME;
    p->direction = -1;
    p->mde = 0.3;
    p->alpha = 0.05;
    p->design = PD_BEFORE_AFTER;
    p->start_at = START;
    p->review_at = START + LEN;
    p->guardrails[0] = PM_ERRORS;
    p->guardrails[1] = PM_REWORK;
    p->guardrails[2] = PM_QUALITY;
    p->nguardrails = 3;
}

/* Expected values: window means errors 2.4 (3.4) against 1.0, 1.2, 1.4;
 * rework 0.4 against 0.2, 0.3, 0.4; quality 3.5 against 3, 3.5, 4.
 * t = (y0 - mean) / (sd sqrt(1 + 1/3)), one-sided tail with df 2:
 * 1/2 - t / (2 sqrt(2 + t^2)); Holm by hand. In Python:
 *   p = lambda y0, r: (lambda t: .5 - t / (2 * math.sqrt(2 + t * t)))(
 *       (y0 - statistics.mean(r)) / (statistics.stdev(r) * math.sqrt(4/3)))
 *   p(2.4, [1, 1.2, 1.4]) = 0.017549359322992286   -> Holm x3 0.0526...
 *   p(3.4, [1, 1.2, 1.4]) = 0.005420214302600923   -> Holm x3 0.0162...
 *   p(0.4, [.2, .3, .4])  = 0.2388835160664532     -> Holm x2 0.4777...
 *   p(-3.5, [-3, -3.5, -4]) = 0.5                  -> Holm x1 0.5 */
static void check_guard(const struct pilot_test *g, enum pilot_metric m,
                        double p, double adj)
{
    assert_int_equal(g->metric, m);
    assert_true(g->defined);
    assert_float_equal(g->p_harm, p, 1e-12);
    assert_float_equal(g->p_harm_adj, adj, 1e-12);
}

/* p = 0.0175 < 0.05 alone, but 0.0526 over three guardrails: not harmed,
 * and the recommendation is not a retirement for harm. */
static void test_holm_not_harmed(void **state)
{
    struct pilot p;
    struct pilot_source src = {NULL, src_values, src_people};
    struct pilot_analysis a;
    struct pilot_reco r;

    (void)state;
    setup(2, 4, &p);
    assert_int_equal(pilot_analyze_source(&p, &src, p.review_at, &a, NULL),
                     0);
    assert_int_equal(a.interim, 0);
    assert_int_equal(a.nguard, 3);
    assert_int_equal(a.guard[0].refs, 3);
    check_guard(&a.guard[0], PM_ERRORS, 0.017549359322992286,
                3 * 0.017549359322992286);
    check_guard(&a.guard[1], PM_REWORK, 0.2388835160664532,
                2 * 0.2388835160664532);
    check_guard(&a.guard[2], PM_QUALITY, 0.5, 0.5);
    for (int i = 0; i < 3; i++)
        assert_false(a.guard[i].harmed);
    assert_true(isnan(a.primary.p_harm_adj));
    assert_true(a.primary.defined);
    pilot_recommend(&p, &a, a.primary.p_value, &r);
    assert_int_equal(r.rec, REC_ITERATE);
    assert_null(strstr(r.reasons[0], "harmed"));
}

/* p = 0.0054: 0.0163 after Holm, harmed: retire, with both p-values. */
static void test_holm_harmed(void **state)
{
    struct pilot p;
    struct pilot_source src = {NULL, src_values, src_people};
    struct pilot_analysis a;
    struct pilot_reco r;

    (void)state;
    setup(3, 4, &p);
    assert_int_equal(pilot_analyze_source(&p, &src, p.review_at, &a, NULL),
                     0);
    check_guard(&a.guard[0], PM_ERRORS, 0.005420214302600923,
                3 * 0.005420214302600923);
    check_guard(&a.guard[1], PM_REWORK, 0.2388835160664532,
                2 * 0.2388835160664532);
    assert_true(a.guard[0].harmed);
    assert_false(a.guard[1].harmed);
    pilot_recommend(&p, &a, a.primary.p_value, &r);
    assert_int_equal(r.rec, REC_RETIRE);
    assert_string_equal(r.reasons[0],
                        "guardrail errors is harmed: +183% (one-sided p = "
                        "0.0054; 0.016 Holm-adjusted over 3 guardrails)");
}

/* A guardrail without a result still counts in the family (as p = 1):
 * the family is the registered one at every look. */
static void test_holm_undefined_counts(void **state)
{
    struct pilot p;
    struct pilot_source src = {NULL, src_values, src_people};
    struct pilot_analysis a;

    (void)state;
    setup(2, 4, &p);
    /* quality without variation in the references: undefined */
    for (int w = 1; w < 4; w++)
        fill(win[w].v[PM_QUALITY], 3, 3, 0);
    assert_int_equal(pilot_analyze_source(&p, &src, p.review_at, &a, NULL),
                     0);
    assert_false(a.guard[2].defined);
    assert_true(isnan(a.guard[2].p_harm_adj));
    check_guard(&a.guard[0], PM_ERRORS, 0.017549359322992286,
                3 * 0.017549359322992286);
    check_guard(&a.guard[1], PM_REWORK, 0.2388835160664532,
                2 * 0.2388835160664532);
}

/* The second question: a scale needs the voice check's evidence; the
 * other recommendations only gain its reasons. Pure, no statistics. */
static void test_voice_check(void **state)
{
    struct pilot p;
    struct pilot_reco r;
    struct pilot_voice v;
    char team[] = "Alpha", workflow[] = "drafting", tool[] = "copilot";

    (void)state;
    pilot_init(&p); /* the names are borrowed: no pilot_release */
    p.team = team;
    p.workflow = workflow;
    p.tool = tool;
    memset(&v, 0, sizeof(v));
    /* no voice check: unchanged, and says the question went unasked */
    memset(&r, 0, sizeof(r));
    r.rec = REC_SCALE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_SCALE);
    assert_int_equal(r.nreasons, 1);
    assert_string_equal(r.reasons[0],
                        "the second question went unasked: the plan has no "
                        "voice check (does copilot remove friction in "
                        "drafting, do people trust it?)");
    /* asked, missing: a scale is held at iterate; a retire stays */
    p.voice = PV_BASELINE;
    p.trust_min = 0.6;
    v.asked = 1;
    snprintf(v.missing, sizeof(v.missing), "no survey");
    memset(&r, 0, sizeof(r));
    r.rec = REC_SCALE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_ITERATE);
    assert_string_equal(r.reasons[0],
                        "held at iterate, voice check incomplete: no survey");
    memset(&r, 0, sizeof(r));
    r.rec = REC_RETIRE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_RETIRE);
    assert_string_equal(r.reasons[0], "voice check incomplete: no survey");
    /* complete: more friction than the baseline stops a scale */
    v.complete = 1;
    snprintf(v.wave, sizeof(v.wave), "dec");
    snprintf(v.ref_wave, sizeof(v.ref_wave), "mar");
    v.n = 10;
    v.friction = 0.6;
    v.ref_n = 12;
    v.ref_friction = 0.25;
    v.diff = 0.35;
    v.diff_lo = -0.05;
    v.diff_hi = 0.66;
    v.trust_n = 10;
    v.trust = 0.7;
    v.trust_lo = 0.4;
    v.trust_hi = 0.89;
    v.trust_ok = 1;
    memset(&r, 0, sizeof(r));
    r.rec = REC_SCALE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_ITERATE);
    assert_int_equal(r.nreasons, 2);
    assert_string_equal(r.reasons[0],
                        "not recommended for scale: more friction: 60% of 10 "
                        "in the team name friction in drafting (dec) against "
                        "25% of 12 before the start, in mar: +35 points (95% "
                        "CI -5 to +66)");
    /* less friction and enough trust: the scale stands */
    v.friction_ok = 1;
    memset(&r, 0, sizeof(r));
    r.rec = REC_SCALE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_SCALE);
    assert_string_equal(r.reasons[1],
                        "70% of 10 would use copilot's output on live work "
                        "without redoing it (95% CI 40% to 89%); the plan "
                        "asks 60%");
    /* too little trust stops it */
    v.trust_ok = 0;
    memset(&r, 0, sizeof(r));
    r.rec = REC_SCALE;
    pilot_recommend_voice(&p, &v, &r);
    assert_int_equal(r.rec, REC_ITERATE);
    assert_non_null(strstr(r.reasons[1], "not recommended for scale: trust: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holm_not_harmed),
        cmocka_unit_test(test_holm_harmed),
        cmocka_unit_test(test_holm_undefined_counts),
        cmocka_unit_test(test_voice_check),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
