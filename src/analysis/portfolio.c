/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Portfolio-wide analysis and multiple-testing correction. */
#include "analysis/portfolio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/pilots.h"

/* The calendar quarter of a time, as a running number. */
static long quarter_of(int64_t t)
{
    int y, m, d;

    tstamp_civil_from_days(tstamp_day(t), &y, &m, &d);
    return (long)y * 4 + (m - 1) / 3;
}

static int on_close(void *ctx, const struct store_decision *d,
                    struct diag *diag)
{
    int64_t *at = ctx;

    (void)diag;
    if (strcmp(d->decision, "iterate") && (!*at || d->at < *at))
        *at = d->at;
    return 0;
}

/* Review cohorts: a pilot belongs to the quarter of its review date,
 * unless that cohort had a closing decision before the pilot was
 * registered: then it moves on to the next quarter (and so on), so a
 * family never grows behind a decision. Pilots come in registration
 * order. */
static int cohorts(struct store *st, struct portfolio *pf, struct diag *diag)
{
    int64_t *closed = xcalloc(pf->n ? pf->n : 1, sizeof(*closed));
    int rc = 0;

    for (size_t i = 0; i < pf->n && !rc; i++)
        rc = store_pilot_decisions(st, pf->e[i].pilot.id, on_close,
                                   &closed[i], diag);
    for (size_t i = 0; i < pf->n && !rc; i++) {
        struct portfolio_entry *e = &pf->e[i];
        int moved = 1;

        e->cohort = quarter_of(e->pilot.review_at);
        while (moved) {
            moved = 0;
            for (size_t j = 0; j < i; j++)
                if (pf->e[j].cohort == e->cohort && closed[j]
                    && closed[j] < e->pilot.registered_at) {
                    e->cohort++;
                    moved = 1;
                    break;
                }
        }
    }
    free(closed);
    return rc;
}

/* Each pilot's q within its cohort (see portfolio.h): at the review, Benjamini-Hochberg
 * over every member, members not yet concluded counting as p = 1 (so a q
 * only falls as the cohort concludes, and a decision taken on it stands
 * under the cohort's final BH); at an interim look, Bonferroni over the
 * cohort (its p times the cohort's size). */
void portfolio_cohort_q(struct portfolio *pf)
{
    double *p = xmalloc((pf->n ? pf->n : 1) * sizeof(double));
    double *q = xmalloc((pf->n ? pf->n : 1) * sizeof(double));
    size_t *idx = xmalloc((pf->n ? pf->n : 1) * sizeof(size_t));

    for (size_t i = 0; i < pf->n; i++) {
        struct portfolio_entry *e = &pf->e[i];
        double pi = e->analysis.primary.p_value;
        size_t m = 0, me = 0;

        for (size_t j = 0; j < pf->n; j++) {
            const struct portfolio_entry *o = &pf->e[j];
            double pj = o->analysis.primary.p_value;

            if (o->cohort != e->cohort)
                continue;
            if (j == i)
                me = m;
            p[m] = (j == i || o->concluded) && !isnan(pj) ? pj : 1.0;
            idx[m++] = j;
        }
        e->cohort_size = m;
        if (isnan(pi)) {
            e->q = NAN;
        } else if (e->analysis.interim) {
            e->q = pi * (double)m < 1.0 ? pi * (double)m : 1.0;
        } else {
            pilot_portfolio_q(p, m, q);
            e->q = q[me];
        }
    }
    free(p);
    free(q);
    free(idx);
}

int portfolio_load(struct store *st, int64_t now, struct portfolio *out,
                   struct diag *diag)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_pilot_ids(st, &ids, &n, diag);
    if (rc)
        return rc;
    out->e = xcalloc(n ? n : 1, sizeof(*out->e));
    out->n = n;
    for (size_t i = 0; i < n; i++)
        pilot_init(&out->e[i].pilot);
    for (size_t i = 0; i < n && !rc; i++) {
        struct portfolio_entry *e = &out->e[i];

        rc = store_pilot_get(st, ids[i], &e->pilot, diag);
        if (!rc)
            rc = pilot_analyze(st, &e->pilot, now, &e->analysis, diag);
        e->concluded = e->pilot.status != PS_RUNNING
                       || now >= e->pilot.review_at;
    }
    if (!rc)
        rc = cohorts(st, out, diag);
    if (!rc) {
        portfolio_cohort_q(out);
        for (size_t i = 0; i < n && !rc; i++) {
            struct pilot_voice v;

            pilot_recommend(&out->e[i].pilot, &out->e[i].analysis,
                            out->e[i].q, &out->e[i].reco);
            rc = pilot_voice_load(st, &out->e[i].pilot, now, &v, diag);
            if (!rc)
                pilot_recommend_voice(&out->e[i].pilot, &v, &out->e[i].reco);
        }
    }
    free(ids);
    if (rc)
        portfolio_release(out);
    return rc;
}

const char *const portfolio_state_names[PST_COUNT] = {
    /* the dashboard shows them translated (core/i18n.h) */
    N_("running"), N_("decision due"), N_("scaled"), N_("retired")};
const char *const portfolio_state_keys[PST_COUNT] = {
    "running", "decision_due", "scaled", "retired"};

enum portfolio_state portfolio_state_of(const struct portfolio_entry *e)
{
    switch (e->pilot.status) {
    case PS_SCALED:
        return PST_SCALED;
    case PS_RETIRED:
        return PST_RETIRED;
    default:
        return e->concluded ? PST_DUE : PST_RUNNING;
    }
}

void portfolio_counts(const struct portfolio *pf, long n[PST_COUNT])
{
    for (int k = 0; k < PST_COUNT; k++)
        n[k] = 0;
    for (size_t i = 0; i < pf->n; i++)
        n[portfolio_state_of(&pf->e[i])]++;
}

struct portfolio_entry *portfolio_find(struct portfolio *pf, int64_t id)
{
    for (size_t i = 0; i < pf->n; i++)
        if (pf->e[i].pilot.id == id)
            return &pf->e[i];
    return NULL;
}

void portfolio_release(struct portfolio *pf)
{
    if (!pf)
        return;
    for (size_t i = 0; i < pf->n; i++)
        pilot_release(&pf->e[i].pilot);
    free(pf->e);
    pf->e = NULL;
    pf->n = 0;
}

static int given(const char *s)
{
    return s && *s;
}

int portfolio_decide(struct store *st, const struct portfolio_entry *e,
                     const char *decision, const char *by, const char *why,
                     const char *learned, const char *differently,
                     const char *evidence, int64_t now, struct diag *diag)
{
    struct store_decision d;
    int rc, closing;

    if (strcmp(decision, "scale") && strcmp(decision, "iterate")
        && strcmp(decision, "retire"))
        return diag_set(diag, TR_EUSAGE,
                        "a decision is scale, iterate or retire, not '%s'",
                        decision);
    closing = strcmp(decision, "iterate") != 0;
    if (!given(by) || !given(why) || !given(learned))
        return diag_set(diag, TR_EUSAGE,
                        "a decision needs who decides, why, and what was "
                        "learned (also when it failed)");
    if (closing && !given(differently))
        return diag_set(diag, TR_EUSAGE,
                        "closing a pilot needs what would be done "
                        "differently");
    if (e->pilot.status != PS_RUNNING)
        return diag_set(diag, TR_EINVAL, "pilot %lld is already %s",
                        (long long)e->pilot.id,
                        pilot_status_names[e->pilot.status]);
    d.at = now;
    d.decision = decision;
    d.recommended = pilot_rec_names[e->reco.rec];
    d.by = by;
    d.why = why;
    d.learned = learned;
    d.differently = given(differently) ? differently : NULL;
    d.evidence = evidence;
    rc = store_begin(st, diag);
    if (!rc)
        rc = store_pilot_decide(st, e->pilot.id, &d, diag);
    if (!rc)
        rc = store_commit(st, diag);
    store_rollback(st);
    return rc;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void portfolio_scaled_release(struct portfolio_scaled *s)
{
    if (!s)
        return;
    free((char *)s->d.decision);
    free((char *)s->d.recommended);
    free((char *)s->d.by);
    free((char *)s->d.why);
    free((char *)s->d.learned);
    free((char *)s->d.differently);
    free((char *)s->d.evidence);
    memset(s, 0, sizeof(*s));
}

static int on_scale(void *ctx, const struct store_decision *d,
                    struct diag *diag)
{
    struct portfolio_scaled *s = ctx;

    (void)diag;
    if (strcmp(d->decision, "scale"))
        return 0;
    portfolio_scaled_release(s);
    s->d = (struct store_decision){d->at,
                                   dup_or_null(d->decision),
                                   dup_or_null(d->recommended),
                                   dup_or_null(d->by),
                                   dup_or_null(d->why),
                                   dup_or_null(d->learned),
                                   dup_or_null(d->differently),
                                   dup_or_null(d->evidence)};
    return 0;
}

int portfolio_last_scale(struct store *st, int64_t pilot,
                         struct portfolio_scaled *out, struct diag *diag)
{
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_pilot_decisions(st, pilot, on_scale, out, diag);
    return rc ? rc : out->d.decision != NULL;
}
