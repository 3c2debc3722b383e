/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realised value of scaled pilots beside licence spend (value.h). */
#include "analysis/value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/items_summary.h"
#include "analysis/portfolio.h"
#include "analysis/value_int.h"
#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "stats/stats.h"
#include "store/costs.h"
#include "store/roster.h"

static double t_half(double df)
{
    return stats_t_quantile(1.0 - (1.0 - VALUE_LEVEL) / 2.0, df);
}

void value_adoption_compute(struct value_adoption *a)
{
    double per, grad, q;

    a->volume = 0.0;
    for (size_t i = 0; i < a->nm; i++)
        a->volume += a->m[i].volume;
    a->value = a->se_value = a->lo = a->hi = NAN;
    for (size_t i = 0; i < a->nm; i++)
        a->m[i].value = a->m[i].se = NAN;
    if (a->note || !isfinite(a->effect) || !isfinite(a->se)
        || !isfinite(a->unit_cost) || !(a->df > 0.0))
        return;
    if (a->metric == PM_CYCLE_TIME) {
        /* observed hours h were h * exp(-theta) without the tool */
        per = expm1(-a->effect);
        grad = exp(-a->effect);
    } else if (a->metric == PM_ERRORS || a->metric == PM_REWORK) {
        per = -a->effect; /* events avoided per item */
        grad = 1.0;
    } else
        return;
    for (size_t i = 0; i < a->nm; i++) {
        a->m[i].value = per * a->m[i].volume * a->unit_cost;
        a->m[i].se = grad * a->m[i].volume * a->unit_cost * a->se;
    }
    a->value = per * a->volume * a->unit_cost;
    a->se_value = grad * a->volume * a->unit_cost * a->se;
    q = t_half(a->df);
    a->lo = a->value - q * a->se_value;
    a->hi = a->value + q * a->se_value;
}

void value_sum(const double *v, const double *se, const double *df,
               size_t n, double *value, double *se_out, double *df_out,
               double *lo, double *hi)
{
    double sum = 0.0, var = 0.0, den = 0.0, q;
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        double s2;

        if (!isfinite(v[i]) || !isfinite(se[i]))
            continue;
        k++;
        sum += v[i];
        s2 = se[i] * se[i];
        var += s2;
        if (s2 > 0.0 && isfinite(df[i]))
            den += s2 * s2 / df[i];
    }
    *value = *se_out = *df_out = *lo = *hi = NAN;
    if (!k)
        return;
    *value = sum;
    *se_out = sqrt(var);
    *df_out = den > 0.0 ? var * var / den : INFINITY;
    q = var > 0.0 ? t_half(*df_out) : 0.0;
    *lo = sum - q * *se_out;
    *hi = sum + q * *se_out;
}

/* ---- loading ---- */

struct functions {
    char **unit, **function; /* owned */
    size_t n, cap;
};

static int on_unit(void *ctx, const struct store_unit_row *u,
                   struct diag *diag)
{
    struct functions *f = ctx;
    size_t cap = f->cap;

    (void)diag;
    f->unit = xgrow(f->unit, &cap, f->n + 1, sizeof(*f->unit));
    f->function = xgrow(f->function, &f->cap, f->n + 1,
                        sizeof(*f->function));
    f->unit[f->n] = xstrdup(u->name);
    f->function[f->n++] = xstrdup(u->function ? u->function : "");
    return 0;
}

static void functions_release(struct functions *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->unit[i]);
        free(f->function[i]);
    }
    free(f->unit);
    free(f->function);
}

static double rate_of(const struct store_rate *r, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].key, key))
            return r[i].amount;
    return NAN;
}

/* The hourly cost of a team: its function's, else the organisation's. */
static double hourly_of(const struct store_costs *c,
                        const struct functions *f, const char *team)
{
    double v = NAN;

    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->unit[i], team) && *f->function[i])
            v = rate_of(c->hourly, c->nhourly, f->function[i]);
    return isnan(v) ? rate_of(c->hourly, c->nhourly, "") : v;
}

static int64_t month_ceil(int64_t t)
{
    int y, m, d;
    int64_t day = tstamp_day(t);

    tstamp_civil_from_days(day, &y, &m, &d);
    if (d == 1 && t == day * 86400)
        return t;
    return tstamp_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1,
                                  1) * 86400;
}

static void month_of(char out[8], int64_t t)
{
    struct buf b = BUF_INIT;

    tstamp_format_month(&b, t);
    snprintf(out, 8, "%s", buf_str(&b));
    buf_release(&b);
}

static int adoption_of(struct store *st, const struct portfolio_entry *e,
                       const struct store_costs *c,
                       const struct functions *f, struct value_adoption *a,
                       struct diag *diag)
{
    const struct pilot *p = &e->pilot;
    const struct pilot_test *t = &e->analysis.primary;
    struct portfolio_scaled sc;
    int rc;

    memset(a, 0, sizeof(*a));
    a->pilot = p->id;
    a->replicates = p->replicates;
    a->team = xstrdup(p->team);
    a->workflow = xstrdup(p->workflow);
    a->tool = xstrdup(p->tool);
    a->metric = p->metric;
    a->effect = t->effect;
    a->se = t->se;
    a->df = t->df;
    a->rel = t->rel;
    a->rel_lo = t->rel_lo;
    a->rel_hi = t->rel_hi;
    a->unit_cost = NAN;
    rc = portfolio_last_scale(st, p->id, &sc, diag);
    if (rc < 0)
        return rc;
    a->decided_at = rc ? sc.d.at : p->review_at;
    portfolio_scaled_release(&sc);
    a->counted_from = month_ceil(a->decided_at);
    if (p->metric == PM_CYCLE_TIME)
        a->unit_cost = hourly_of(c, f, p->team);
    else if (p->metric != PM_QUALITY)
        a->unit_cost = rate_of(c->event, c->nevent,
                               pilot_metric_names[p->metric]);
    if (!t->defined)
        a->note = "the pilot's effect is not defined in its analysis";
    else if (p->metric == PM_QUALITY)
        a->note = "a quality score has no money figure";
    else if (isnan(a->unit_cost))
        a->note = p->metric == PM_CYCLE_TIME
                      ? "no hourly cost set ('traction costs set hourly')"
                      : "no cost per event set ('traction costs set event')";
    return 0;
}

/* The months of a's team and workflow from the summary, on or after
 * counted_from. */
static void months_of(struct value_adoption *a, const struct summary *s)
{
    char from[8];

    month_of(from, a->counted_from);
    for (size_t i = 0; i < s->n; i++) {
        const struct summary_group *g = &s->groups[i];
        struct value_month *m;

        if (strcmp(g->values[0], a->team) || strcmp(g->values[1], a->workflow)
            || strcmp(g->values[2], from) < 0)
            continue;
        a->m = xrealloc(a->m, (a->nm + 1) * sizeof(*a->m));
        m = &a->m[a->nm++];
        memset(m, 0, sizeof(*m));
        snprintf(m->month, sizeof(m->month), "%s", g->values[2]);
        m->volume = a->metric == PM_CYCLE_TIME ? g->cycle_h_sum
                    : a->metric == PM_ERRORS   ? (double)g->errors_known
                                               : (double)g->rework_known;
    }
}

static struct value_tool *tool_at(struct value_report *r, const char *name)
{
    struct value_tool *t;

    for (size_t i = 0; i < r->nt; i++)
        if (!strcmp(r->t[i].name, name))
            return &r->t[i];
    r->t = xrealloc(r->t, (r->nt + 1) * sizeof(*r->t));
    t = &r->t[r->nt++];
    memset(t, 0, sizeof(*t));
    t->name = xstrdup(name);
    t->evidence = "none";
    return t;
}

static struct value_cell *cell_at(struct value_tool *t, const char *month)
{
    struct value_cell *c;

    for (size_t i = 0; i < t->nm; i++)
        if (!strcmp(t->m[i].month, month))
            return &t->m[i];
    t->m = xrealloc(t->m, (t->nm + 1) * sizeof(*t->m));
    c = &t->m[t->nm++];
    memset(c, 0, sizeof(*c));
    snprintf(c->month, sizeof(c->month), "%s", month);
    c->spend = c->value = c->se = c->df = c->lo = c->hi = NAN;
    c->seats = -1;
    return c;
}

static int evidence_rank(const char *w)
{
    static const char *const order[] = {"none", "running", "retired",
                                        "scaled"};

    for (int i = 0; i < 4; i++)
        if (!strcmp(order[i], w))
            return i;
    return 0;
}

static int cmp_cell(const void *a, const void *b)
{
    return strcmp(((const struct value_cell *)a)->month,
                  ((const struct value_cell *)b)->month);
}

static int cmp_tool(const void *a, const void *b)
{
    return strcmp(((const struct value_tool *)a)->name,
                  ((const struct value_tool *)b)->name);
}

/* A tool's months and totals from its licences and adoptions. */
static void tool_fill(struct value_report *r, struct value_tool *t)
{
    size_t n = 0;
    double *v = xcalloc(r->na + 1, sizeof(double));
    double *se = xcalloc(r->na + 1, sizeof(double));
    double *df = xcalloc(r->na + 1, sizeof(double));

    for (size_t i = 0; i < r->na; i++)
        for (size_t k = 0; k < r->a[i].nm; k++)
            if (!strcmp(r->a[i].tool, t->name) && isfinite(r->a[i].value))
                cell_at(t, r->a[i].m[k].month);
    if (t->nm)
        qsort(t->m, t->nm, sizeof(*t->m), cmp_cell);
    for (size_t j = 0; j < t->nm; j++) {
        struct value_cell *c = &t->m[j];

        n = 0;
        for (size_t i = 0; i < r->na; i++) {
            const struct value_adoption *a = &r->a[i];

            if (strcmp(a->tool, t->name) || !isfinite(a->value))
                continue;
            for (size_t k = 0; k < a->nm; k++)
                if (!strcmp(a->m[k].month, c->month)) {
                    v[n] = a->m[k].value;
                    se[n] = a->m[k].se;
                    df[n++] = a->df;
                }
        }
        value_sum(v, se, df, n, &c->value, &c->se, &c->df, &c->lo, &c->hi);
    }
    n = 0;
    for (size_t i = 0; i < r->na; i++)
        if (!strcmp(r->a[i].tool, t->name) && isfinite(r->a[i].value)) {
            v[n] = r->a[i].value;
            se[n] = r->a[i].se_value;
            df[n++] = r->a[i].df;
        }
    value_sum(v, se, df, n, &t->value, &t->se, &t->df, &t->lo, &t->hi);
    t->spend = NAN;
    for (size_t j = 0; j < t->nm; j++)
        if (isfinite(t->m[j].spend))
            t->spend = (isnan(t->spend) ? 0.0 : t->spend) + t->m[j].spend;
    free(v);
    free(se);
    free(df);
}

int value_load(struct store *st, const struct access_scope *scope,
               int64_t now, struct value_report *out, struct diag *diag)
{
    struct portfolio pf = {0};
    int rc = portfolio_load(st, now, &pf, diag);

    if (!rc)
        rc = value_load_portfolio(st, scope, &pf, out, diag);
    else
        memset(out, 0, sizeof(*out));
    portfolio_release(&pf);
    return rc;
}

int value_load_portfolio(struct store *st, const struct access_scope *scope,
                         const struct portfolio *pfp,
                         struct value_report *out, struct diag *diag)
{
    const struct portfolio pf = *pfp;
    struct store_costs c = {0};
    struct functions f = {0};
    struct summary s = {0};
    struct summary_opts so;
    double *v = NULL, *se = NULL, *df = NULL;
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    out->spend = out->value = out->se = out->df = out->lo = out->hi = NAN;
    rc = store_costs_load(st, &c, diag);
    if (!rc)
        rc = store_units(st, on_unit, &f, diag);
    if (rc)
        goto out;
    out->costs_hourly = c.nhourly > 0;
    out->costs_event = c.nevent > 0;
    for (size_t i = 0; i < pf.n && !rc; i++) {
        const struct portfolio_entry *e = &pf.e[i];
        struct value_tool *t = tool_at(out, e->pilot.tool);
        const char *w = e->pilot.status == PS_SCALED    ? "scaled"
                        : e->pilot.status == PS_RETIRED ? "retired"
                                                        : "running";

        if (evidence_rank(w) > evidence_rank(t->evidence))
            t->evidence = w;
        if (e->pilot.status != PS_SCALED)
            continue;
        out->a = xrealloc(out->a, (out->na + 1) * sizeof(*out->a));
        rc = adoption_of(st, e, &c, &f, &out->a[out->na++], diag);
    }
    if (rc)
        goto out;
    for (size_t i = 0; i < out->na && !rc; i++) {
        /* one team's rows: its hidden team-workflow-months are counted */
        memset(&so, 0, sizeof(so));
        so.keys[0] = SK_TEAM;
        so.keys[1] = SK_WORKFLOW;
        so.keys[2] = SK_MONTH;
        so.nkeys = 3;
        so.since = out->a[i].counted_from;
        so.unit_name = out->a[i].team;
        so.scope = scope;
        rc = items_summary(st, &so, &s, diag);
        if (rc)
            goto out;
        out->a[i].hidden = s.hidden;
        out->hidden += s.hidden;
        months_of(&out->a[i], &s);
        if (!out->a[i].nm && !out->a[i].note)
            out->a[i].note = "no month to count: none has begun since the "
                             "decision, or the team's items are shown "
                             "under its parent unit (too few people)";
        value_adoption_compute(&out->a[i]);
        summary_release(&s);
    }
    if (rc)
        goto out;
    for (size_t i = 0; i < c.nlicence; i++) {
        struct value_cell *cell = cell_at(tool_at(out, c.licence[i].tool),
                                          c.licence[i].month);

        cell->seats = c.licence[i].seats;
        if (c.licence[i].seats >= 0)
            cell->spend = (double)c.licence[i].seats * c.licence[i].seat_price;
    }
    if (out->nt)
        qsort(out->t, out->nt, sizeof(*out->t), cmp_tool);
    for (size_t i = 0; i < out->nt; i++) {
        tool_fill(out, &out->t[i]);
        if (isfinite(out->t[i].spend))
            out->spend = (isnan(out->spend) ? 0.0 : out->spend)
                         + out->t[i].spend;
    }
    v = xcalloc(out->na + 1, sizeof(double));
    se = xcalloc(out->na + 1, sizeof(double));
    df = xcalloc(out->na + 1, sizeof(double));
    for (size_t i = 0; i < out->na; i++) {
        v[n] = out->a[i].value;
        se[n] = out->a[i].se_value;
        df[n++] = out->a[i].df;
    }
    value_sum(v, se, df, n, &out->value, &out->se, &out->df, &out->lo,
              &out->hi);
    rc = value__seats_load(st, &c, out, diag);
    if (!rc)
        value__questions(out, &pf);
out:
    free(v);
    free(se);
    free(df);
    summary_release(&s);
    functions_release(&f);
    store_costs_release(&c);
    if (rc)
        value_report_release(out);
    return rc;
}

void value_report_release(struct value_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->na; i++) {
        free(r->a[i].team);
        free(r->a[i].workflow);
        free(r->a[i].tool);
        free(r->a[i].m);
    }
    for (size_t i = 0; i < r->nt; i++) {
        free(r->t[i].name);
        free(r->t[i].m);
    }
    free(r->a);
    free(r->t);
    value__seats_release(r);
    value__questions_release(r);
    memset(r, 0, sizeof(*r));
}
