/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The open questions of the value report: tools with licence spend whose
 * value is not measured, or measured with an interval that straddles
 * what they cost, ranked by what a wrong decision risks a month, each
 * with the pilot that would settle it (value.h). */
#include "analysis/value_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "core/reasons.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "stats/stats.h"

double value_flip_chance(double v, double se, double df, double s)
{
    if (isnan(v))
        return 0.5; /* nothing measured: either decision a coin toss */
    if (!(se > 0.0) || !isfinite(se))
        return v == s ? 0.5 : 0.0;
    return stats_t_cdf(-fabs(v - s) / se, df);
}

static int month_in(const struct value_tool *t, const char *month)
{
    for (size_t j = 0; j < t->nm; j++)
        if (!strcmp(t->m[j].month, month))
            return isfinite(t->m[j].spend) && isfinite(t->m[j].value);
    return 0;
}

/* q's value against spend over the months where t has both: each
 * adoption's months in them (one effect: their errors add up), the
 * adoptions summed as independent estimates. */
static void measured(const struct value_report *r, const struct value_tool *t,
                     struct value_question *q)
{
    double *v = xcalloc(r->na + 1, sizeof(double));
    double *se = xcalloc(r->na + 1, sizeof(double));
    double *df = xcalloc(r->na + 1, sizeof(double));
    double lo, hi;
    size_t n = 0;

    q->spend = 0.0;
    for (size_t j = 0; j < t->nm; j++)
        if (isfinite(t->m[j].spend) && isfinite(t->m[j].value))
            q->spend += t->m[j].spend;
    for (size_t i = 0; i < r->na; i++) {
        const struct value_adoption *a = &r->a[i];

        if (strcmp(a->tool, t->name) || !isfinite(a->value))
            continue;
        v[n] = se[n] = 0.0;
        for (size_t k = 0; k < a->nm; k++)
            if (month_in(t, a->m[k].month)) {
                v[n] += a->m[k].value;
                se[n] += a->m[k].se;
            }
        df[n++] = a->df;
    }
    value_sum(v, se, df, n, &q->value, &q->se, &q->df, &lo, &hi);
    if (!(q->spend > 0.0) && isfinite(q->value))
        q->value = q->se = q->df = NAN; /* no month with both */
    if (isnan(q->value))
        q->spend = NAN;
    free(v);
    free(se);
    free(df);
}

/* The running pilot of tool with the earliest review, or NULL. */
static const struct portfolio_entry *running_of(const struct portfolio *pf,
                                                const char *tool, size_t *n)
{
    const struct portfolio_entry *best = NULL;

    *n = 0;
    for (size_t i = 0; pf && i < pf->n; i++) {
        const struct portfolio_entry *e = &pf->e[i];

        if (e->pilot.status != PS_RUNNING || strcmp(e->pilot.tool, tool))
            continue;
        (*n)++;
        if (!best || e->pilot.review_at < best->pilot.review_at)
            best = e;
    }
    return best;
}

static void explain(const struct value_report *r, const struct portfolio *pf,
                    struct value_question *q)
{
    struct buf day = BUF_INIT;
    const struct portfolio_entry *e;
    size_t running = 0;
    char row[1024]; /* each sentence, kept with its message */

    e = running_of(pf, q->tool, &running);
    if (isfinite(q->value)) {
        double h = stats_t_quantile(1.0 - (1.0 - VALUE_LEVEL) / 2.0, q->df);

        REASON_ONEF(row, &q->reason_msg,
                    "realised value %.0f (95%%: %.0f to %.0f) against a "
                    "spend of %.0f over the same months: the interval "
                    "holds break-even; the chance the decision flips is "
                    "%.0f%%",
                    q->value, q->value - h * q->se, q->value + h * q->se,
                    q->spend, 100.0 * q->p_flip);
    } else if (!strcmp(q->evidence, "scaled"))
        REASON_ONEF(row, &q->reason_msg,
                    "spend of %.0f a month; its scaled pilots have no value "
                    "in a month with licence spend yet",
                    q->spend_month);
    else if (running)
        /* Dutch counts as English does (one, other) */
        REASON_ONEF(row, &q->reason_msg,
                    running == 1
                        ? N_("spend of %.0f a month and %zu pilot running, "
                             "none concluded: its value is not measured")
                        : N_("spend of %.0f a month and %zu pilots running, "
                             "none concluded: its value is not measured"),
                    q->spend_month, running);
    else
        REASON_ONEF(row, &q->reason_msg,
                    "spend of %.0f a month and no pilot: its value is not "
                    "measured",
                    q->spend_month);
    q->reason = xstrdup(row);
    if (e) {
        tstamp_format_day(&day, e->pilot.review_at);
        REASON_ONEF(row, &q->settle_msg,
                    portfolio_state_of(e) == PST_DUE
                        ? N_("pilot %lld (%s, %s): reviewed on %s, its "
                             "decision is due")
                        : N_("pilot %lld (%s, %s) at its review on %s"),
                    (long long)e->pilot.id, e->pilot.team, e->pilot.workflow,
                    buf_str(&day));
    } else if (isfinite(q->value)) {
        int64_t first = 0;

        for (size_t i = 0; i < r->na && !first; i++)
            if (!strcmp(r->a[i].tool, q->tool) && isfinite(r->a[i].value))
                first = r->a[i].replicates ? r->a[i].replicates
                                           : r->a[i].pilot;
        REASON_ONEF(row, &q->settle_msg,
                    "a replication of playbook %lld in another team, or "
                    "more months of use, to narrow the interval",
                    (long long)first);
    } else
        REASON_ONEF(row, &q->settle_msg,
                    "a pilot of %s: one team, one workflow, one outcome "
                    "('traction pilot new')",
                    q->tool);
    q->settle = xstrdup(row);
    buf_release(&day);
}

static int cmp_question(const void *a, const void *b)
{
    const struct value_question *x = a, *y = b;

    if (x->stake != y->stake)
        return x->stake < y->stake ? 1 : -1;
    if (x->spend_month != y->spend_month)
        return x->spend_month < y->spend_month ? 1 : -1;
    return strcmp(x->tool, y->tool);
}

void value__questions(struct value_report *r, const struct portfolio *pf)
{
    size_t cap = 0;

    for (size_t i = 0; i < r->nt; i++) {
        const struct value_tool *t = &r->t[i];
        struct value_question q;
        size_t last = t->nm;

        if (!strcmp(t->evidence, "retired"))
            continue; /* concluded: its pilots were not scaled */
        for (size_t j = 0; j < t->nm; j++)
            if (isfinite(t->m[j].spend))
                last = j;
        if (last == t->nm || !(t->m[last].spend > 0.0))
            continue; /* no spend at stake */
        memset(&q, 0, sizeof(q));
        q.tool = t->name;
        q.evidence = t->evidence;
        snprintf(q.month, sizeof(q.month), "%s", t->m[last].month);
        q.spend_month = t->m[last].spend;
        q.value = q.se = q.df = q.spend = NAN;
        if (!strcmp(t->evidence, "scaled"))
            measured(r, t, &q);
        q.p_flip = value_flip_chance(q.value, q.se, q.df, q.spend);
        if (q.p_flip < (1.0 - VALUE_LEVEL) / 2.0)
            continue; /* the interval is clear of break-even: settled */
        q.stake = q.spend_month * q.p_flip;
        q.tool = xstrdup(t->name);
        explain(r, pf, &q);
        r->q = xgrow(r->q, &cap, r->nq + 1, sizeof(*r->q));
        r->q[r->nq++] = q;
    }
    if (r->nq)
        qsort(r->q, r->nq, sizeof(*r->q), cmp_question);
}

void value__questions_release(struct value_report *r)
{
    for (size_t i = 0; i < r->nq; i++) {
        free(r->q[i].tool);
        free(r->q[i].reason);
        free(r->q[i].settle);
    }
    free(r->q);
    r->q = NULL;
    r->nq = 0;
}
