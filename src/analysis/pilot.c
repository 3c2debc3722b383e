/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilot plans, analyses and recommendations. */
#include "analysis/pilot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/pilots.h"

#define DAY 86400

const char *const pilot_rec_names[3] = {"scale", "iterate", "retire"};

/* Values of one metric, with the team each came from. */
struct arm {
    double *v;
    size_t *team;
    size_t n, cap, tcap;
};

static void arm_release(struct arm *a)
{
    free(a->v);
    free(a->team);
    memset(a, 0, sizeof(*a));
}

static int arm_add(void *ctx, int64_t unit_id, double value,
                   struct diag *diag)
{
    struct arm *a = ctx;

    (void)diag;
    a->v = xgrow(a->v, &a->cap, a->n + 1, sizeof(*a->v));
    a->team = xgrow(a->team, &a->tcap, a->n + 1, sizeof(*a->team));
    a->v[a->n] = value;
    a->team[a->n++] = (size_t)unit_id;
    return 0;
}

/* The analysis scale: log hours for cycle time (a zero cycle counts as a
 * minute), the value itself otherwise. */
static double scale(enum pilot_metric m, double v)
{
    return m == PM_CYCLE_TIME ? log(v > 1.0 / 60 ? v : 1.0 / 60) : v;
}

static int fetch(struct store *st, const struct pilot *p, enum pilot_metric m,
                 const int64_t *units, size_t nunits, int64_t from,
                 int64_t to, struct arm *out, struct diag *diag)
{
    int rc = 0;

    for (size_t i = 0; i < nunits && !rc; i++)
        rc = store_pilot_values(st, p->workflow_id, units[i], (int)m, from, to,
                                arm_add, out, diag);
    return rc;
}

static void mean_sd(const struct arm *a, enum pilot_metric m, double *mean,
                    double *sd_scaled)
{
    double *x = xmalloc((a->n ? a->n : 1) * sizeof(double)), var, mu;

    stats_mean_var(a->v, a->n, mean, &var);
    for (size_t i = 0; i < a->n; i++)
        x[i] = scale(m, a->v[i]);
    stats_mean_var(x, a->n, &mu, &var);
    *sd_scaled = sqrt(var);
    free(x);
}

/* The MDE on the analysis scale, for a baseline mean. */
static double effect_abs(const struct pilot *p, double baseline_mean)
{
    if (p->metric == PM_CYCLE_TIME)
        return fabs(log(1.0 + p->direction * p->mde));
    return p->mde * fabs(baseline_mean);
}

int pilot_plan(struct store *st, const struct pilot *p, struct pilot_plan *out,
               struct diag *diag)
{
    struct arm base = {0};
    int rc;

    memset(out, 0, sizeof(*out));
    rc = fetch(st, p, p->metric, &p->unit_id, 1,
               p->start_at - PILOT_BASELINE_DAYS * DAY, p->start_at, &base,
               diag);
    if (rc)
        goto out;
    out->baseline_n = base.n;
    if (base.n < PILOT_MIN_BASELINE) {
        rc = diag_set(diag, TR_EUNDEF,
                      "too few baseline items to plan: %zu %s item(s) of "
                      "'%s' finished by '%s' in the %d days before the start "
                      "(at least %d needed)",
                      base.n, pilot_metric_names[p->metric], p->workflow,
                      p->team, PILOT_BASELINE_DAYS, PILOT_MIN_BASELINE);
        goto out;
    }
    mean_sd(&base, p->metric, &out->mean, &out->sd);
    out->per_week = (double)base.n / (PILOT_BASELINE_DAYS / 7.0);
    out->effect_abs = effect_abs(p, out->mean);
    if (!(out->sd > 0.0) || !(out->effect_abs > 0.0)) {
        rc = diag_set(diag, TR_EUNDEF,
                      "the baseline %s has no variation (or a mean of 0): "
                      "no sample size can be planned",
                      pilot_metric_names[p->metric]);
        goto out;
    }
    rc = stats_power_n(out->sd, out->effect_abs, p->alpha, PILOT_POWER,
                       &out->n_needed, diag);
    if (!rc)
        out->expected_at = p->start_at
                           + (int64_t)(ceil(out->n_needed) / out->per_week
                                       * 7.0 * DAY);
out:
    arm_release(&base);
    return rc;
}

/* Two-arm comparison (before-after, concurrent): B against A. */
static void compare(const struct pilot *p, enum pilot_metric m,
                    const struct arm *a, const struct arm *b,
                    enum stats_alt alt, struct stats_result *r)
{
    double ma, va, mb, vb;

    if (m == PM_CYCLE_TIME) {
        stats_logratio(a->v, a->n, b->v, b->n, alt, p->alpha, r, NULL);
        return;
    }
    stats_mean_var(a->v, a->n, &ma, &va);
    stats_mean_var(b->v, b->n, &mb, &vb);
    stats_welch_relative(a->n, ma, va, b->n, mb, vb, alt, p->alpha, r, NULL);
}

/* Difference-in-differences over four arms, clustered by team. */
static void did(const struct pilot *p, enum pilot_metric m,
                const struct arm *arms[4], enum stats_alt alt,
                struct stats_result *r)
{
    size_t n = 0, k = 0;
    double *y, base = 0.0, var;
    int *treated, *post;
    size_t *team;

    for (int i = 0; i < 4; i++)
        n += arms[i]->n;
    y = xmalloc((n ? n : 1) * sizeof(*y));
    treated = xmalloc((n ? n : 1) * sizeof(*treated));
    post = xmalloc((n ? n : 1) * sizeof(*post));
    team = xmalloc((n ? n : 1) * sizeof(*team));
    /* arms: 0 control pre, 1 control post, 2 pilot pre, 3 pilot post */
    for (int i = 0; i < 4; i++)
        for (size_t j = 0; j < arms[i]->n; j++, k++) {
            y[k] = scale(m, arms[i]->v[j]);
            treated[k] = i >= 2;
            post[k] = i % 2;
            team[k] = arms[i]->team[j];
        }
    stats_did(y, treated, post, team, n, alt, p->alpha, r, NULL);
    if (m == PM_CYCLE_TIME) {
        r->effect = exp(r->effect);
        r->ci_low = exp(r->ci_low);
        r->ci_high = exp(r->ci_high);
    } else {
        stats_mean_var(arms[2]->v, arms[2]->n, &base, &var);
        if (fabs(base) > 0.0 && !isnan(r->effect)) {
            r->effect = 1.0 + r->effect / fabs(base);
            r->ci_low = 1.0 + r->ci_low / fabs(base);
            r->ci_high = 1.0 + r->ci_high / fabs(base);
        } else if (!r->note) {
            r->note = "the pilot team's baseline mean is 0: no relative "
                      "change";
            r->effect = NAN;
        }
    }
    free(y);
    free(treated);
    free(post);
    free(team);
}

/* Runs one metric's comparison with the given alternative; relative
 * effects come back as (B - A)/A (ratios are turned into changes). */
static void test_metric(const struct pilot *p, enum pilot_metric m,
                        const struct arm *arms[4], enum stats_alt alt,
                        struct stats_result *r)
{
    if (p->design == PD_DID)
        did(p, m, arms, alt, r);
    else
        compare(p, m, arms[p->design == PD_BEFORE_AFTER ? 2 : 1], arms[3],
                alt, r);
    if (p->design == PD_DID || m == PM_CYCLE_TIME) {
        r->effect -= 1.0;
        r->ci_low -= 1.0;
        r->ci_high -= 1.0;
    }
}

/* The arms each design compares (control pre, control post, pilot pre,
 * pilot post). */
static const int needed[PD_COUNT][4] = {
    [PD_BEFORE_AFTER] = {0, 0, 1, 1},
    [PD_CONCURRENT] = {0, 1, 0, 1},
    [PD_DID] = {1, 1, 1, 1},
};

static int analyze_metric(struct store *st, const struct pilot *p,
                          enum pilot_metric m, const struct pilot_analysis *a,
                          struct pilot_test *t, struct diag *diag)
{
    struct arm ctl_pre = {0}, ctl_post = {0}, pre = {0}, post = {0};
    const struct arm *arms[4] = {&ctl_pre, &ctl_post, &pre, &post};
    const struct arm *ca, *cb = &post;
    struct stats_result r;
    int rc, harm = -pilot_metric_good(m);

    memset(t, 0, sizeof(*t));
    t->metric = m;
    t->method = p->design == PD_DID ? "did"
                : m == PM_CYCLE_TIME ? "logratio" : "welch";
    t->rel = t->rel_lo = t->rel_hi = t->p_value = t->p_harm = NAN;
    t->mean_a = t->mean_b = t->sd = NAN;
    rc = fetch(st, p, m, &p->unit_id, 1, a->baseline_from, a->window_from,
               &pre, diag);
    if (!rc)
        rc = fetch(st, p, m, &p->unit_id, 1, a->window_from, a->window_to,
                   &post, diag);
    if (!rc && p->design != PD_BEFORE_AFTER) {
        rc = fetch(st, p, m, p->control_ids, p->ncontrols, a->window_from,
                   a->window_to, &ctl_post, diag);
        if (!rc && p->design == PD_DID)
            rc = fetch(st, p, m, p->control_ids, p->ncontrols,
                       a->baseline_from, a->window_from, &ctl_pre, diag);
    }
    if (rc)
        goto out;
    ca = p->design == PD_BEFORE_AFTER ? &pre : &ctl_post;
    t->n_a = ca->n;
    t->n_b = cb->n;
    if (ca->n)
        mean_sd(ca, m, &t->mean_a, &t->sd);
    if (cb->n) {
        double sd_b;

        mean_sd(cb, m, &t->mean_b, &sd_b);
        t->sd = ca->n ? sqrt((t->sd * t->sd + sd_b * sd_b) / 2.0) : sd_b;
    }
    for (int i = 0; i < 4; i++)
        if (needed[p->design][i] && arms[i]->n < PILOT_MIN_ARM)
            t->note = "too little data: each arm needs at least 5 items";
    if (t->note)
        goto out;
    test_metric(p, m, arms, STATS_TWO_SIDED, &r);
    if (isnan(r.p_value) || isnan(r.effect)) {
        t->note = r.note ? r.note : "the comparison is undefined";
        goto out;
    }
    t->defined = 1;
    t->rel = r.effect;
    t->rel_lo = r.ci_low;
    t->rel_hi = r.ci_high;
    t->p_value = r.p_value;
    test_metric(p, m, arms, harm > 0 ? STATS_GREATER : STATS_LESS, &r);
    t->p_harm = r.p_value;
    t->harmed = r.p_value < p->alpha;
out:
    arm_release(&ctl_pre);
    arm_release(&ctl_post);
    arm_release(&pre);
    arm_release(&post);
    return rc;
}

/* Pre-period comparison of the pilot team with its comparison teams. */
static int balance(struct store *st, const struct pilot *p,
                   struct pilot_analysis *a, struct diag *diag)
{
    struct arm team = {0}, ctl = {0};
    struct stats_result r;
    int rc;

    a->balance_p = a->balance_rel = NAN;
    if (p->design == PD_BEFORE_AFTER) {
        snprintf(a->balance, sizeof(a->balance),
                 "no comparison teams: a change over time (season, staffing, "
                 "other initiatives) is not separated from the tool's effect");
        return 0;
    }
    rc = fetch(st, p, p->metric, &p->unit_id, 1, a->baseline_from,
               a->window_from, &team, diag);
    if (!rc)
        rc = fetch(st, p, p->metric, p->control_ids, p->ncontrols,
                   a->baseline_from, a->window_from, &ctl, diag);
    if (!rc) {
        compare(p, p->metric, &ctl, &team, STATS_TWO_SIDED, &r);
        if (p->metric == PM_CYCLE_TIME)
            r.effect -= 1.0;
        a->balance_p = r.p_value;
        a->balance_rel = r.effect;
        if (isnan(r.p_value))
            snprintf(a->balance, sizeof(a->balance),
                     "too little pre-pilot data to compare the teams");
        else
            snprintf(a->balance, sizeof(a->balance),
                     "before the pilot the team's %s differed from the "
                     "comparison teams' by %+.0f%% (p = %.2g)%s",
                     pilot_metric_names[p->metric], 100 * r.effect,
                     r.p_value,
                     r.p_value < 0.05
                         ? p->design == PD_DID
                               ? ": a stable gap is what DiD removes"
                               : ": the comparison may be biased; prefer DiD"
                         : "");
    }
    arm_release(&team);
    arm_release(&ctl);
    return rc;
}

int pilot_analyze(struct store *st, const struct pilot *p, int64_t now,
                  struct pilot_analysis *out, struct diag *diag)
{
    const struct pilot_test *t;
    double n_h, eff;
    int rc;

    memset(out, 0, sizeof(*out));
    out->baseline_from = p->start_at - PILOT_BASELINE_DAYS * DAY;
    out->window_from = p->start_at;
    out->window_to = now < p->review_at ? now : p->review_at;
    out->power = out->n_needed = NAN;
    rc = analyze_metric(st, p, p->metric, out, &out->primary, diag);
    for (size_t i = 0; i < p->nguardrails && !rc; i++)
        rc = analyze_metric(st, p, p->guardrails[i], out, &out->guard[i],
                            diag);
    out->nguard = p->nguardrails;
    if (!rc)
        rc = balance(st, p, out, diag);
    t = &out->primary;
    if (rc || !(t->sd > 0.0) || !t->n_a || !t->n_b)
        return rc;
    eff = effect_abs(p, t->mean_a);
    if (!(eff > 0.0))
        return 0;
    n_h = 2.0 / (1.0 / (double)t->n_a + 1.0 / (double)t->n_b);
    if (n_h >= 2.0)
        out->power = stats_power(t->sd, eff, p->alpha, n_h);
    stats_power_n(t->sd, eff, p->alpha, PILOT_POWER, &out->n_needed, NULL);
    return 0;
}

static void reason(struct pilot_reco *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reason(struct pilot_reco *r, const char *fmt, ...)
{
    va_list ap;

    if (r->nreasons >= sizeof(r->reasons) / sizeof(r->reasons[0]))
        return;
    va_start(ap, fmt);
    vsnprintf(r->reasons[r->nreasons++], sizeof(r->reasons[0]), fmt, ap);
    va_end(ap);
}

void pilot_recommend(const struct pilot *p, const struct pilot_analysis *a,
                     double q, struct pilot_reco *out)
{
    const struct pilot_test *t = &a->primary;
    const char *metric = pilot_metric_names[p->metric];
    int right_way, harmed = 0;
    double more;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < a->nguard; i++)
        if (a->guard[i].defined && a->guard[i].harmed) {
            harmed = 1;
            reason(out, "guardrail %s is harmed: %+.0f%% (one-sided p = %.2g)",
                   pilot_metric_names[a->guard[i].metric],
                   100 * a->guard[i].rel, a->guard[i].p_harm);
        }
    if (harmed) {
        out->rec = REC_RETIRE;
        return;
    }
    if (!t->defined) {
        out->rec = REC_ITERATE;
        reason(out, "inconclusive: %s (%zu comparison and %zu pilot items)",
               t->note ? t->note : "no result", t->n_a, t->n_b);
        if (!isnan(a->n_needed))
            reason(out, "about %.0f items per arm are needed for the MDE",
                   ceil(a->n_needed));
        return;
    }
    right_way = (t->rel > 0) == (p->direction > 0);
    if (right_way && q < p->alpha) {
        out->rec = REC_SCALE;
        reason(out,
               "%s changed %+.1f%% (%.0f%% CI %+.1f%% to %+.1f%%), the "
               "registered direction, q = %.2g after portfolio correction",
               metric, 100 * t->rel, 100 * (1 - p->alpha), 100 * t->rel_lo,
               100 * t->rel_hi, q);
        if (fabs(t->rel) < p->mde)
            reason(out, "the effect is smaller than the %.0f%% hoped for",
                   100 * p->mde);
        if (a->nguard)
            reason(out, "no guardrail is harmed");
        return;
    }
    if (p->direction < 0 ? t->rel_lo > -p->mde : t->rel_hi < p->mde) {
        out->rec = REC_RETIRE;
        reason(out,
               "the %.0f%% interval (%+.1f%% to %+.1f%%) excludes the %s of "
               "%.0f%% hoped for: the tool does not deliver it here",
               100 * (1 - p->alpha), 100 * t->rel_lo, 100 * t->rel_hi,
               p->direction < 0 ? "decrease" : "increase", 100 * p->mde);
        if (!right_way && q < p->alpha)
            reason(out, "%s moved the wrong way", metric);
        return;
    }
    out->rec = REC_ITERATE;
    reason(out,
           "inconclusive: %s changed %+.1f%% (%.0f%% CI %+.1f%% to %+.1f%%, "
           "q = %.2g), which includes both no change and the %.0f%% hoped for",
           metric, 100 * t->rel, 100 * (1 - p->alpha), 100 * t->rel_lo,
           100 * t->rel_hi, q, 100 * p->mde);
    more = isnan(a->n_needed) ? NAN
                              : ceil(a->n_needed) - (double)(t->n_b < t->n_a
                                                                 ? t->n_b
                                                                 : t->n_a);
    if (!isnan(more) && more > 0)
        reason(out, "about %.0f more items per arm are needed (power now "
               "%.0f%%)", more, 100 * a->power);
}

void pilot_portfolio_q(const double *p, size_t n, double *q)
{
    double *def = xmalloc((n ? n : 1) * sizeof(double));
    double *adj = xmalloc((n ? n : 1) * sizeof(double));
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i]))
            def[k++] = p[i];
    stats_bh(def, k, adj);
    k = 0;
    for (size_t i = 0; i < n; i++)
        q[i] = isnan(p[i]) ? NAN : adj[k++];
    free(def);
    free(adj);
}
