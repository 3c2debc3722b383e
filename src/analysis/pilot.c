/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilot plans, analyses and recommendations. */
#include "analysis/pilot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/reasons.h"
#include "core/xalloc.h"
#include "stats/placebo.h"
#include "store/pilots.h"

#define DAY 86400
#define WEEK (7 * DAY)

const char *const pilot_rec_names[3] = {"scale", "iterate", "retire"};

/* The analysis scale: log hours for cycle time (a zero cycle counts as a
 * minute), the value itself otherwise. */
static double scale(enum pilot_metric m, double v)
{
    return m == PM_CYCLE_TIME ? log(v > 1.0 / 60 ? v : 1.0 / 60) : v;
}

static void values_release(struct pilot_values *v)
{
    free(v->v);
    memset(v, 0, sizeof(*v));
}

/* One team's items in [from, to): count, mean on the analysis scale and
 * on the metric's own scale. */
struct cell {
    size_t n;
    double mean, raw;
};

static int cell_of(const struct pilot_source *src, size_t team,
                   enum pilot_metric m, int64_t from, int64_t to,
                   struct cell *c, struct diag *diag)
{
    struct pilot_values v = {0};
    double s = 0.0, r = 0.0;
    int rc;

    c->n = 0;
    c->mean = c->raw = NAN;
    if (to <= from)
        return 0;
    rc = src->values(src->ctx, team, m, from, to, &v, diag);
    if (!rc && v.n) {
        for (size_t i = 0; i < v.n; i++) {
            s += scale(m, v.v[i]);
            r += v.v[i];
        }
        c->n = v.n;
        c->mean = s / (double)v.n;
        c->raw = r / (double)v.n;
    }
    values_release(&v);
    return rc;
}

/* The team-level estimates of one metric for a design: the pilot team's
 * (y0) and the references it is compared with (placebo teams, or the
 * team's earlier windows of the same length). */
struct est {
    double y0;
    double ref[PILOT_HISTORY_DAYS / 7 + PILOT_MAX_CONTROLS + 1];
    size_t k;
    size_t n_a, n_b;     /* items: comparison (or history), pilot window */
    double raw_a, raw_b; /* own-scale means of those */
    double base;         /* the level a relative change is taken of */
    int64_t a_from, a_to; /* the comparison arm's span (people count) */
    const char *note;    /* why y0 is undefined, or NULL */
};

static void est_add_a(struct est *e, const struct cell *c, double *sum)
{
    e->n_a += c->n;
    *sum += c->raw * (double)c->n;
}

static int estimate(const struct pilot *p, enum pilot_design design,
                    const struct pilot_source *src, enum pilot_metric m,
                    int64_t start, int64_t to, struct est *e,
                    struct diag *diag)
{
    struct cell w, b;
    double sum_a = 0.0;
    int64_t len = to - start, base_from = start - PILOT_BASELINE_DAYS * DAY;
    int rc;

    memset(e, 0, sizeof(*e));
    e->y0 = e->raw_a = e->raw_b = e->base = NAN;
    rc = cell_of(src, 0, m, start, to, &w, diag);
    if (rc)
        return rc;
    e->n_b = w.n;
    e->raw_b = w.raw;
    if (w.n < PILOT_MIN_ARM)
        e->note = N_("too little data: the pilot window needs at least 5 "
                     "items");
    if (design == PD_BEFORE_AFTER) {
        /* earlier windows of the same length, newest first */
        int64_t limit = start - PILOT_HISTORY_DAYS * DAY;

        e->a_to = start;
        e->a_from = start;
        for (int64_t f = start - len; len > 0 && f >= limit && !rc;
             f -= len) {
            rc = cell_of(src, 0, m, f, f + len, &b, diag);
            if (rc || b.n < PILOT_MIN_REF_ITEMS)
                continue;
            e->ref[e->k++] = b.mean;
            e->a_from = f;
            est_add_a(e, &b, &sum_a);
        }
        e->y0 = w.mean;
        e->base = e->n_a ? sum_a / (double)e->n_a : NAN;
    } else {
        struct cell pre = {0};

        e->a_from = start;
        e->a_to = to;
        if (design == PD_DID) {
            rc = cell_of(src, 0, m, base_from, start, &pre, diag);
            if (!rc && pre.n < PILOT_MIN_REF_ITEMS && !e->note)
                e->note = N_("too little data: the pilot team needs at "
                             "least 3 items before the start");
            e->y0 = w.mean - pre.mean;
            e->base = pre.raw;
        } else
            e->y0 = w.mean;
        for (size_t i = 1; i <= p->ncontrols && !rc; i++) {
            struct cell c, cpre = {0};

            rc = cell_of(src, i, m, start, to, &c, diag);
            if (!rc && design == PD_DID)
                rc = cell_of(src, i, m, base_from, start, &cpre, diag);
            if (rc || c.n < PILOT_MIN_REF_ITEMS
                || (design == PD_DID && cpre.n < PILOT_MIN_REF_ITEMS))
                continue;
            e->ref[e->k++] = design == PD_DID ? c.mean - cpre.mean : c.mean;
            est_add_a(e, &c, &sum_a);
        }
        if (design == PD_CONCURRENT)
            e->base = e->n_a ? sum_a / (double)e->n_a : NAN;
    }
    e->raw_a = e->n_a ? sum_a / (double)e->n_a : NAN;
    return rc;
}

static double sd_of(const double *x, size_t n)
{
    double mean, var;

    if (n < 2)
        return NAN;
    stats_mean_var(x, n, &mean, &var);
    return sqrt(var);
}

/* The MDE on the analysis scale, for a baseline mean. */
static double effect_abs(const struct pilot *p, double baseline_mean)
{
    if (p->metric == PM_CYCLE_TIME)
        return fabs(log(1.0 + p->direction * p->mde));
    return p->mde * fabs(baseline_mean);
}

static const char *refs_word(enum pilot_design d)
{
    return d == PD_BEFORE_AFTER ? N_("earlier windows")
                                : N_("comparison teams");
}

/* Every team of the pilot has PILOT_MIN_PEOPLE people in [from, to). */
static int people_check(const struct pilot *p, const struct pilot_source *src,
                        int64_t from, int64_t to, struct diag *diag)
{
    size_t nteams = p->design == PD_BEFORE_AFTER ? 1 : 1 + p->ncontrols;

    for (size_t i = 0; i < nteams; i++) {
        long n = 0;
        int rc = src->people(src->ctx, i, from, to, &n, diag);

        if (rc)
            return rc;
        if (n < PILOT_MIN_PEOPLE)
            return diag_set(diag, TR_EUNDEF,
                            "too small a team: '%s' has fewer than %d "
                            "people with '%s' items in the %d days before "
                            "the start; run the pilot with its parent unit "
                            "or pool teams",
                            i ? p->controls[i - 1] : p->team,
                            PILOT_MIN_PEOPLE, p->workflow,
                            PILOT_BASELINE_DAYS);
    }
    return 0;
}

int pilot_plan_source(const struct pilot *p, const struct pilot_source *src,
                      struct pilot_plan *out, struct diag *diag)
{
    struct pilot_values v = {0};
    struct est e;
    int64_t len = p->review_at - p->start_at;
    double mean, var;
    size_t refs;
    int rc;

    memset(out, 0, sizeof(*out));
    out->team_sd = out->power = out->power_limit = NAN;
    rc = src->values(src->ctx, 0, p->metric,
                     p->start_at - PILOT_BASELINE_DAYS * DAY, p->start_at,
                     &v, diag);
    if (rc)
        goto out;
    out->baseline_n = v.n;
    if (v.n < PILOT_MIN_BASELINE) {
        rc = diag_set(diag, TR_EUNDEF,
                      "too few baseline items to plan: %zu %s item(s) of "
                      "'%s' finished by '%s' in the %d days before the start "
                      "(at least %d needed)",
                      v.n, pilot_metric_names[p->metric], p->workflow,
                      p->team, PILOT_BASELINE_DAYS, PILOT_MIN_BASELINE);
        goto out;
    }
    rc = people_check(p, src, p->start_at - PILOT_BASELINE_DAYS * DAY,
                      p->start_at, diag);
    if (rc)
        goto out;
    stats_mean_var(v.v, v.n, &out->mean, &var);
    for (size_t i = 0; i < v.n; i++)
        v.v[i] = scale(p->metric, v.v[i]);
    stats_mean_var(v.v, v.n, &mean, &var);
    out->sd = sqrt(var);
    out->per_week = (double)v.n / (PILOT_BASELINE_DAYS / 7.0);
    out->effect_abs = effect_abs(p, out->mean);
    if (!(out->sd > 0.0) || !(out->effect_abs > 0.0)) {
        rc = diag_set(diag, TR_EUNDEF,
                      "the baseline %s has no variation (or a mean of 0): "
                      "no sample size can be planned",
                      pilot_metric_names[p->metric]);
        goto out;
    }
    if (p->design != PD_BEFORE_AFTER && p->ncontrols < PILOT_MIN_REFS) {
        rc = diag_set(diag, TR_EUNDEF,
                      "design %s with %zu comparison team cannot be "
                      "calibrated: the pilot's effect is judged against the "
                      "same estimate for each comparison team, so at least "
                      "%d are needed (19 let a permutation test reach 0.05 "
                      "without assumptions)",
                      pilot_design_names[p->design], p->ncontrols,
                      PILOT_MIN_REFS);
        goto out;
    }
    /* the reference spread: for before-after the team's earlier windows
     * of the pilot's length; otherwise the comparison teams' estimates
     * for a placebo pilot of the same length (at most 45 days) ending at
     * the start */
    if (p->design == PD_BEFORE_AFTER)
        rc = estimate(p, p->design, src, p->metric, p->start_at,
                      p->review_at, &e, diag);
    else {
        /* a placebo pilot of the pilot's own length, so a did window and
         * its pre-period drift apart as the pilot's will (a shorter
         * window shares drift with its pre-period: at 45 days for a
         * 13-week pilot the plan said 69% where 51% was found); when the
         * comparison teams have no data that far back, at most half the
         * baseline, so a young workspace can plan */
        int64_t fake = len < PILOT_BASELINE_DAYS / 2 * DAY
                           ? len
                           : PILOT_BASELINE_DAYS / 2 * DAY;

        rc = estimate(p, p->design, src, p->metric, p->start_at - len,
                      p->start_at, &e, diag);
        if (!rc && e.k < PILOT_MIN_REFS && fake < len)
            rc = estimate(p, p->design, src, p->metric, p->start_at - fake,
                          p->start_at, &e, diag);
    }
    if (rc)
        goto out;
    refs = p->design == PD_BEFORE_AFTER ? e.k : p->ncontrols;
    out->refs = refs;
    out->team_sd = sd_of(e.ref, e.k);
    if (refs < PILOT_MIN_REFS || isnan(out->team_sd)) {
        rc = diag_set(diag, TR_EUNDEF,
                      "the design cannot be calibrated: %zu %s of %.0f days "
                      "with at least %d items each (at least %d needed%s)",
                      e.k, refs_word(p->design), (double)len / DAY,
                      PILOT_MIN_REF_ITEMS, PILOT_MIN_REFS,
                      p->design == PD_BEFORE_AFTER
                          ? ", from the 728 days before the start: a shorter "
                            "review window or comparison teams (did)"
                          : ": comparison teams without data in the weeks "
                            "before the start");
        goto out;
    }
    out->power = stats_placebo_power(out->effect_abs, out->team_sd, refs,
                                     p->alpha);
    out->power_limit = stats_placebo_power_limit(out->effect_abs,
                                                 out->team_sd, p->alpha);
    if (p->design != PD_BEFORE_AFTER)
        out->teams_needed = stats_placebo_k(out->effect_abs, out->team_sd,
                                            p->alpha, PILOT_POWER, 200);
    if (out->power < PILOT_POWER) {
        if (out->teams_needed)
            snprintf(out->warning, sizeof(out->warning),
                     "power %.0f%% with %zu comparison teams: %zu would "
                     "reach %.0f%%",
                     100 * out->power, refs, out->teams_needed,
                     100 * PILOT_POWER);
        else if (p->design != PD_BEFORE_AFTER
                 && out->power_limit >= PILOT_POWER)
            snprintf(out->warning, sizeof(out->warning),
                     "power %.0f%% with %zu comparison teams: more than 200 "
                     "would be needed for %.0f%%",
                     100 * out->power, refs, 100 * PILOT_POWER);
        else if (out->power_limit >= PILOT_POWER)
            snprintf(out->warning, sizeof(out->warning),
                     "power %.0f%% with %zu earlier windows of the team: "
                     "comparison teams (did, about %zu) would reach %.0f%%",
                     100 * out->power, refs,
                     stats_placebo_k(out->effect_abs, out->team_sd,
                                     p->alpha, PILOT_POWER, 200),
                     100 * PILOT_POWER);
        else
            snprintf(out->warning, sizeof(out->warning),
                     "power %.0f%%, at most %.0f%% with any number of %s: "
                     "the teams' drift between periods (sd %.3g) is too "
                     "large for a %.0f%% effect; a larger effect, another "
                     "metric or a longer window would",
                     100 * out->power, 100 * out->power_limit,
                     refs_word(p->design), out->team_sd, 100 * p->mde);
    }
    rc = stats_power_n(out->sd, out->effect_abs, p->alpha, PILOT_POWER,
                       &out->n_needed, diag);
    if (!rc)
        out->expected_at = p->start_at
                           + (int64_t)(ceil(out->n_needed) / out->per_week
                                       * 7.0 * DAY);
out:
    values_release(&v);
    return rc;
}

/* The look an analysis at `now` is: the review (full alpha) or an interim
 * look over the completed weeks (its share of the spending budget). */
static void look_of(const struct pilot *p, int64_t now,
                    struct pilot_analysis *a)
{
    long looks = (long)((p->review_at - p->start_at + WEEK - 1) / WEEK);

    a->looks = looks;
    if (now >= p->review_at) {
        a->interim = 0;
        a->look = looks;
        a->window_to = p->review_at;
        a->level = p->alpha;
        return;
    }
    a->interim = 1;
    a->look = now > p->start_at ? (long)((now - p->start_at) / WEEK) : 0;
    if (a->look > looks - 1)
        a->look = looks - 1;
    a->window_to = p->start_at + (int64_t)a->look * WEEK;
    a->level = stats_spend_level(p->alpha * PILOT_INTERIM_SHARE, a->look,
                                 looks - 1);
}

/* Relative change of an analysis-scale difference x. */
static double rel_of(enum pilot_metric m, double x, double base)
{
    if (m == PM_CYCLE_TIME)
        return isinf(x) ? (x < 0 ? -1.0 : INFINITY) : expm1(x);
    return x / fabs(base);
}

static int analyze_metric(const struct pilot *p,
                          const struct pilot_source *src, enum pilot_metric m,
                          const struct pilot_analysis *a,
                          struct pilot_test *t, struct diag *diag)
{
    struct est e;
    struct stats_result r;
    long people_a = 0, people_b = 0;
    int rc, harm = -pilot_metric_good(m);

    memset(t, 0, sizeof(*t));
    t->metric = m;
    t->method = p->design == PD_BEFORE_AFTER ? "team-history"
                                             : "placebo-teams";
    t->rel = t->rel_lo = t->rel_hi = t->p_value = t->p_harm = NAN;
    t->p_harm_adj = NAN;
    t->mean_a = t->mean_b = t->sd = NAN;
    t->effect = t->se = t->df = NAN;
    if (a->window_to <= a->window_from) {
        t->note = N_("interim: no complete week since the start yet");
        return 0;
    }
    rc = estimate(p, p->design, src, m, a->window_from, a->window_to, &e,
                  diag);
    if (rc)
        return rc;
    t->n_a = e.n_a;
    t->n_b = e.n_b;
    t->refs = e.k;
    t->sd = sd_of(e.ref, e.k);
    rc = src->people(src->ctx, 0, a->window_from, a->window_to, &people_b,
                     diag);
    for (size_t i = 0; !rc && p->design == PD_BEFORE_AFTER && i < 1; i++)
        rc = src->people(src->ctx, 0, e.a_from, e.a_to, &people_a, diag);
    for (size_t i = 1; !rc && p->design != PD_BEFORE_AFTER
                       && i <= p->ncontrols; i++) {
        long n = 0;

        rc = src->people(src->ctx, i, e.a_from, e.a_to, &n, diag);
        people_a += n;
    }
    if (rc)
        return rc;
    if (people_a < PILOT_MIN_PEOPLE || people_b < PILOT_MIN_PEOPLE) {
        t->n_a = t->n_b = 0;
        t->sd = NAN;
        t->note = N_("suppressed: an arm has fewer than 5 people");
        return 0;
    }
    t->mean_a = e.raw_a;
    t->mean_b = e.raw_b;
    if (e.note) {
        t->note = e.note;
        return 0;
    }
    if (e.k < PILOT_MIN_REFS) {
        t->note = p->design == PD_BEFORE_AFTER
                      ? N_("too little data: fewer than 2 earlier windows "
                           "of the team with 3 items each")
                      : N_("too little data: fewer than 2 comparison teams "
                           "with 3 items each");
        return 0;
    }
    if (m != PM_CYCLE_TIME && !(fabs(e.base) > 0.0)) {
        t->note = N_("the baseline mean is 0: no relative change");
        return 0;
    }
    stats_result_init(&r, t->method, STATS_TWO_SIDED, a->level);
    if (stats_placebo_t(e.y0, e.ref, e.k, &r, NULL)) {
        t->note = r.note ? r.note : N_("the comparison is undefined");
        return 0;
    }
    t->defined = 1;
    t->effect = r.effect;
    t->se = r.se;
    t->df = r.df;
    t->rel = rel_of(m, r.effect, e.base);
    t->rel_lo = rel_of(m, r.ci_low, e.base);
    t->rel_hi = rel_of(m, r.ci_high, e.base);
    t->p_value = r.p_value;
    stats_result_init(&r, t->method, harm > 0 ? STATS_GREATER : STATS_LESS,
                      a->level);
    stats_placebo_t(e.y0, e.ref, e.k, &r, NULL);
    t->p_harm = r.p_value;
    return 0;
}

/* Holm over the pilot's registered guardrails, one-sided in their harm
 * directions: a guardrail without a result counts as p = 1, so the family
 * is the registered one at every look and never grows. */
static void guard_holm(struct pilot_analysis *a)
{
    double p[PILOT_MAX_GUARDRAILS], adj[PILOT_MAX_GUARDRAILS];

    for (size_t i = 0; i < a->nguard; i++)
        p[i] = a->guard[i].defined ? a->guard[i].p_harm : 1.0;
    stats_holm(p, a->nguard, adj);
    for (size_t i = 0; i < a->nguard; i++) {
        struct pilot_test *g = &a->guard[i];

        if (!g->defined)
            continue;
        g->p_harm_adj = adj[i];
        g->harmed = adj[i] < a->level;
    }
}

/* Pre-period level of the pilot team against its comparison teams, at
 * the level of the team. */
static int balance(const struct pilot *p, const struct pilot_source *src,
                   struct pilot_analysis *a, struct diag *diag)
{
    struct est e;
    struct stats_result r;
    int rc;

    a->balance_p = a->balance_rel = NAN;
    if (p->design == PD_BEFORE_AFTER) {
        REASON_ONEF(a->balance, &a->balance_msg,
                    "no comparison teams: a change over time beyond the "
                    "team's own history (season, staffing, other "
                    "initiatives) is not separated from the tool's effect");
        return 0;
    }
    rc = estimate(p, PD_CONCURRENT, src, p->metric, a->baseline_from,
                  a->window_from, &e, diag);
    if (rc)
        return rc;
    stats_result_init(&r, "placebo", STATS_TWO_SIDED, 0.05);
    if (e.n_b < PILOT_MIN_ARM
        || stats_placebo_t(e.y0, e.ref, e.k, &r, NULL)) {
        REASON_ONEF(a->balance, &a->balance_msg,
                    "too little pre-pilot data to compare the teams");
        return 0;
    }
    a->balance_p = r.p_value;
    a->balance_rel = rel_of(p->metric, r.effect, e.base);
    REASON_ONEF(
        a->balance, &a->balance_msg,
        "before the pilot the team's %s differed from the comparison "
        "teams' by %+.0f%% (p = %.2g against their spread)%s",
        reasons_word("metric", pilot_metric_names[p->metric]),
        100 * a->balance_rel, r.p_value,
        reasons_msgid(r.p_value < 0.05
                          ? p->design == PD_DID
                                ? N_(": a stable gap is what DiD removes")
                                : N_(": the comparison may be biased; "
                                     "prefer DiD")
                          : ""));
    return 0;
}

int pilot_analyze_source(const struct pilot *p, const struct pilot_source *src,
                         int64_t now, struct pilot_analysis *out,
                         struct diag *diag)
{
    const struct pilot_test *t;
    double eff;
    int rc;

    memset(out, 0, sizeof(*out));
    out->baseline_from = p->start_at - PILOT_BASELINE_DAYS * DAY;
    out->window_from = p->start_at;
    look_of(p, now, out);
    out->power = out->n_needed = NAN;
    rc = analyze_metric(p, src, p->metric, out, &out->primary, diag);
    for (size_t i = 0; i < p->nguardrails && !rc; i++)
        rc = analyze_metric(p, src, p->guardrails[i], out, &out->guard[i],
                            diag);
    out->nguard = p->nguardrails;
    if (!rc)
        guard_holm(out);
    if (!rc)
        rc = balance(p, src, out, diag);
    t = &out->primary;
    if (rc || !(t->sd > 0.0) || t->refs < PILOT_MIN_REFS)
        return rc;
    eff = effect_abs(p, t->mean_a);
    if (!(eff > 0.0))
        return 0;
    out->power = stats_placebo_power(eff, t->sd, t->refs, p->alpha);
    if (p->design != PD_BEFORE_AFTER)
        out->teams_needed = stats_placebo_k(eff, t->sd, p->alpha,
                                            PILOT_POWER, 200);
    return 0;
}

/* The store as a pilot's data source. */
struct store_src {
    struct store *st;
    const struct pilot *p;
};

static int64_t unit_of(const struct store_src *s, size_t team)
{
    return team ? s->p->control_ids[team - 1] : s->p->unit_id;
}

static int add_value(void *ctx, int64_t unit_id, double value,
                     struct diag *diag)
{
    struct pilot_values *v = ctx;

    (void)unit_id;
    (void)diag;
    v->v = xgrow(v->v, &v->cap, v->n + 1, sizeof(*v->v));
    v->v[v->n++] = value;
    return 0;
}

static int store_values(void *ctx, size_t team, enum pilot_metric m,
                        int64_t from, int64_t to, struct pilot_values *out,
                        struct diag *diag)
{
    struct store_src *s = ctx;

    return store_pilot_values(s->st, s->p->workflow_id, unit_of(s, team),
                              (int)m, from, to, add_value, out, diag);
}

static int store_people(void *ctx, size_t team, int64_t from, int64_t to,
                        long *n, struct diag *diag)
{
    struct store_src *s = ctx;

    return store_pilot_people(s->st, s->p->workflow_id, unit_of(s, team),
                              from, to, n, diag);
}

int pilot_plan(struct store *st, const struct pilot *p, struct pilot_plan *out,
               struct diag *diag)
{
    struct store_src s = {st, p};
    struct pilot_source src = {&s, store_values, store_people};

    return pilot_plan_source(p, &src, out, diag);
}

int pilot_analyze(struct store *st, const struct pilot *p, int64_t now,
                  struct pilot_analysis *out, struct diag *diag)
{
    struct store_src s = {st, p};
    struct pilot_source src = {&s, store_values, store_people};

    return pilot_analyze_source(p, &src, now, out, diag);
}

/* The confidence of an interval at level a (e.g. "95%", "99.96%"). */
static double conf(double level)
{
    return 100 * (1 - level);
}

void pilot_recommend(const struct pilot *p, const struct pilot_analysis *a,
                     double q, struct pilot_reco *out)
{
    const struct pilot_test *t = &a->primary;
    const char *metric = pilot_metric_names[p->metric];
    int right_way, harmed = 0;

    memset(out, 0, sizeof(*out));
    if (a->interim)
        REASONS_ADDF(out,
                     "interim look %ld of %ld (completed weeks) before the "
                     "review: the sequential boundary is p < %.2g, the "
                     "interval is at %.4g%%",
                     a->look, a->looks - 1, a->level, conf(a->level));
    for (size_t i = 0; i < a->nguard; i++)
        if (a->guard[i].defined && a->guard[i].harmed) {
            harmed = 1;
            /* Dutch counts as English does (one, other) */
            REASONS_ADDF(out,
                         a->nguard == 1
                             ? N_("guardrail %s is harmed: %+.0f%% "
                                  "(one-sided p = %.2g; %.2g Holm-adjusted "
                                  "over %zu guardrail)")
                             : N_("guardrail %s is harmed: %+.0f%% "
                                  "(one-sided p = %.2g; %.2g Holm-adjusted "
                                  "over %zu guardrails)"),
                         reasons_word("metric",
                                      pilot_metric_names[a->guard[i].metric]),
                         100 * a->guard[i].rel, a->guard[i].p_harm,
                         a->guard[i].p_harm_adj, a->nguard);
        }
    if (harmed) {
        out->rec = REC_RETIRE;
        return;
    }
    if (!t->defined) {
        out->rec = REC_ITERATE;
        REASONS_ADDF(out,
                     "inconclusive: %s (%zu comparison and %zu pilot items)",
                     reasons_msgid(t->note ? t->note : N_("no result")),
                     t->n_a, t->n_b);
        return;
    }
    right_way = (t->rel > 0) == (p->direction > 0);
    if (right_way && q < a->level) {
        out->rec = REC_SCALE;
        REASONS_ADDF(out,
                     "%s changed %+.1f%% (%.4g%% CI %+.1f%% to %+.1f%%) "
                     "against %zu %s, the registered direction, q = %.2g "
                     "after portfolio correction",
                     reasons_word("metric", metric), 100 * t->rel,
                     conf(a->level), 100 * t->rel_lo, 100 * t->rel_hi,
                     t->refs, reasons_msgid(refs_word(p->design)), q);
        if (fabs(t->rel) < p->mde)
            REASONS_ADDF(out, "the effect is smaller than the %.0f%% hoped "
                              "for",
                         100 * p->mde);
        if (a->nguard)
            REASONS_ADDF(out, "no guardrail is harmed");
        return;
    }
    if (p->direction < 0 ? t->rel_lo > -p->mde : t->rel_hi < p->mde) {
        out->rec = REC_RETIRE;
        REASONS_ADDF(out,
                     "the %.4g%% interval (%+.1f%% to %+.1f%%) excludes the "
                     "%s of %.0f%% hoped for: the tool does not deliver it "
                     "here",
                     conf(a->level), 100 * t->rel_lo, 100 * t->rel_hi,
                     reasons_word("reason", p->direction < 0
                                                ? NC_("reason", "decrease")
                                                : NC_("reason", "increase")),
                     100 * p->mde);
        if (!right_way && q < a->level)
            REASONS_ADDF(out, "%s moved the wrong way",
                         reasons_word("metric", metric));
        return;
    }
    out->rec = REC_ITERATE;
    if (right_way && t->p_value < a->level) /* the pilot alone, not its cohort */
        REASONS_ADDF(out,
                     "inconclusive: %s changed %+.1f%% (%.4g%% CI %+.1f%% to "
                     "%+.1f%%, p = %.2g), but q = %.2g after correction over "
                     "the pilots of its review cohort: not yet evidence "
                     "enough to scale",
                     reasons_word("metric", metric), 100 * t->rel,
                     conf(a->level), 100 * t->rel_lo, 100 * t->rel_hi,
                     t->p_value, q);
    else
        REASONS_ADDF(out,
                     "inconclusive: %s changed %+.1f%% (%.4g%% CI %+.1f%% to "
                     "%+.1f%%, q = %.2g), which includes both no change and "
                     "the %.0f%% hoped for",
                     reasons_word("metric", metric), 100 * t->rel,
                     conf(a->level), 100 * t->rel_lo, 100 * t->rel_hi, q,
                     100 * p->mde);
    if (!isnan(a->power) && a->power < PILOT_POWER) {
        if (a->teams_needed > t->refs)
            REASONS_ADDF(out,
                         "power now %.0f%% with %zu comparison teams: about "
                         "%zu would reach %.0f%% (more items per team do not "
                         "remove the teams' drift)",
                         100 * a->power, t->refs, a->teams_needed,
                         100 * PILOT_POWER);
        else
            REASONS_ADDF(out, "power now %.0f%% against %zu %s",
                         100 * a->power, t->refs,
                         reasons_msgid(refs_word(p->design)));
    }
}

void pilot_recommend_voice(const struct pilot *p, const struct pilot_voice *v,
                           struct pilot_reco *out)
{
    int scale = out->rec == REC_SCALE;

    out->voice = *v;
    if (!v->asked) {
        REASONS_ADDF(out,
                     "the second question went unasked: the plan has no "
                     "voice check (does %s remove friction in %s, do people "
                     "trust it?)",
                     p->tool, p->workflow);
        return;
    }
    if (!v->complete) {
        if (scale)
            out->rec = REC_ITERATE;
        /* and what is missing, as pilot_voice_load said it */
        if (REASONS_ADDF(out, scale ? N_("held at iterate, voice check "
                                         "incomplete: ")
                                    : N_("voice check incomplete: ")))
            REASONS_APPENDM(out, &v->missing_msg, v->missing);
        return;
    }
    if (scale && (!v->friction_ok || !v->trust_ok))
        out->rec = REC_ITERATE;
    REASONS_ADDF(
        out,
        "%s%s%.0f%% of %ld in the team name friction in %s (%s) against "
        "%.0f%% of %ld %s%s: %+.0f points (95%% CI %+.0f to %+.0f)",
        reasons_msgid(scale && !v->friction_ok
                          ? N_("not recommended for scale: ")
                          : ""),
        reasons_msgid(v->friction_ok ? N_("less friction: ")
                                     : N_("more friction: ")),
        100 * v->friction, v->n, p->workflow, v->wave,
        100 * v->ref_friction, v->ref_n,
        reasons_msgid(p->voice == PV_BASELINE
                          ? N_("before the start, in ")
                          : N_("in the comparison teams")),
        p->voice == PV_BASELINE ? v->ref_wave : "", 100 * v->diff,
        100 * v->diff_lo, 100 * v->diff_hi);
    REASONS_ADDF(
        out,
        "%s%.0f%% of %ld would use %s's output on live work without "
        "redoing it (95%% CI %.0f%% to %.0f%%); the plan asks %.0f%%",
        reasons_msgid(scale && !v->trust_ok
                          ? N_("not recommended for scale: trust: ")
                          : ""),
        100 * v->trust, v->trust_n, p->tool, 100 * v->trust_lo,
        100 * v->trust_hi, 100 * p->trust_min);
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
