/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Portfolio-wide analysis and multiple-testing correction. */
#include "analysis/portfolio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/store.h"
#include "store/pilots.h"

int portfolio_load(struct store *st, int64_t now, struct portfolio *out,
                   struct diag *diag)
{
    int64_t *ids = NULL;
    double *p = NULL, *q = NULL;
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_pilot_ids(st, &ids, &n, diag);
    if (rc)
        return rc;
    out->e = xcalloc(n ? n : 1, sizeof(*out->e));
    out->n = n;
    for (size_t i = 0; i < n && !rc; i++) {
        struct portfolio_entry *e = &out->e[i];

        pilot_init(&e->pilot);
        rc = store_pilot_get(st, ids[i], &e->pilot, diag);
        if (!rc)
            rc = pilot_analyze(st, &e->pilot, now, &e->analysis, diag);
        e->concluded = e->pilot.status != PS_RUNNING
                       || now >= e->pilot.review_at;
    }
    p = xmalloc((n ? n : 1) * sizeof(double));
    q = xmalloc((n ? n : 1) * sizeof(double));
    /* each pilot's q: BH over the concluded pilots plus itself */
    for (size_t i = 0; i < n && !rc; i++) {
        for (size_t j = 0; j < n; j++)
            p[j] = (j == i || out->e[j].concluded)
                       ? out->e[j].analysis.primary.p_value
                       : NAN;
        pilot_portfolio_q(p, n, q);
        out->e[i].q = q[i];
        pilot_recommend(&out->e[i].pilot, &out->e[i].analysis, q[i],
                        &out->e[i].reco);
    }
    free(p);
    free(q);
    free(ids);
    if (rc)
        portfolio_release(out);
    return rc;
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
