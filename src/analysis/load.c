/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The load on the middle (analysis/load.h): counts of what lands on each
 * managed unit, the survey's workload and psychological safety as the
 * disclosure layer shows them, and the overload rule. */
#include "analysis/load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/learning.h"
#include "analysis/targets.h"
#include "analysis/voice.h"
#include "auth/access.h"
#include "core/reasons.h"
#include "core/i18n.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/pilots.h"
#include "store/requests.h"
#include "store/roster.h"

/* Every unit, read once. */
struct tree {
    struct store_unit_row *u; /* strings owned */
    size_t n, cap;
    struct strmap by_id;      /* id -> index */
    long *child, *next;       /* owned: a unit's first child and its next
                                 sibling, by name (-1: none) */
    struct strmap listed;     /* unit id -> index into the report */
};

static int on_unit(void *ctx, const struct store_unit_row *r,
                   struct diag *diag)
{
    struct tree *t = ctx;
    struct store_unit_row *u;

    (void)diag;
    t->u = xgrow(t->u, &t->cap, t->n + 1, sizeof(*t->u));
    u = &t->u[t->n];
    *u = *r;
    u->name = xstrdup(r->name);
    u->function = xstrdup(r->function);
    strmap_put(&t->by_id, &u->id, sizeof(u->id), (int64_t)t->n);
    t->n++;
    return 0;
}

static void tree_release(struct tree *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->u[i].name);
        free((char *)t->u[i].function);
    }
    free(t->u);
    free(t->child);
    free(t->next);
    strmap_release(&t->by_id);
    strmap_release(&t->listed);
}

/* Links each unit to its children in name order. */
static void tree_link(struct tree *t)
{
    t->child = xmalloc((t->n ? t->n : 1) * sizeof(long));
    t->next = xmalloc((t->n ? t->n : 1) * sizeof(long));
    for (size_t i = 0; i < t->n; i++)
        t->child[i] = t->next[i] = -1;
    for (size_t i = t->n; i-- > 0;) {
        int64_t p = t->u[i].parent_id, k;

        if (p && p != t->u[i].id && strmap_get(&t->by_id, &p, sizeof(p), &k)) {
            t->next[i] = t->child[k];
            t->child[k] = (long)i;
        }
    }
}

static int sees(const struct access_scope *scope, int64_t id)
{
    return !scope || access_sees_unit(scope, id);
}

/* Adds the managed units the reader sees of the subtree of t->u[i],
 * depth first, children by name (store_units gives them by name). */
static void walk(struct tree *t, size_t i, int depth, int inside,
                 const struct access_scope *scope, int64_t unit_id,
                 struct load_report *r)
{
    const struct store_unit_row *u = &t->u[i];

    if (depth > 64)
        return; /* a cycle in the tree: never loop */
    inside = inside || !unit_id || u->id == unit_id;
    if (inside && u->managers > 0 && sees(scope, u->id)) {
        struct load_unit *l;

        r->u = xgrow(r->u, &r->cap, r->n + 1, sizeof(*r->u));
        strmap_put(&t->listed, &u->id, sizeof(u->id), (int64_t)r->n);
        l = &r->u[r->n++];
        memset(l, 0, sizeof(*l));
        l->id = u->id;
        l->parent = u->parent_id;
        l->name = xstrdup(u->name);
        if (depth > 0) {
            int64_t k;

            if (strmap_get(&t->by_id, &u->parent_id, sizeof(u->parent_id),
                           &k))
                l->parent_name = xstrdup(t->u[k].name);
        }
        l->depth = depth;
        l->people = u->people;
        l->workload = l->safety = NAN;
    }
    for (long k = t->child[i]; k >= 0; k = t->next[k])
        walk(t, (size_t)k, depth + 1, inside, scope, unit_id, r);
}

/* The report and the units listed in it, for the row callbacks. */
struct listing {
    struct load_report *r;
    const struct tree *t;
};

static struct load_unit *unit_of(const struct listing *ls, int64_t id)
{
    int64_t k;

    return strmap_get(&ls->t->listed, &id, sizeof(id), &k) ? &ls->r->u[k]
                                                          : NULL;
}

static int on_pilots(void *ctx, const struct store_pilot_load *l,
                     struct diag *diag)
{
    struct load_unit *u = unit_of(ctx, l->unit_id);

    (void)diag;
    if (u) {
        u->pilots = l->pilots;
        u->rollouts = l->rollouts;
        u->due = l->due;
    }
    return 0;
}

int load_requests_pending(struct store *st, int64_t unit_id, int64_t as_of,
                          struct load_requests *out, struct diag *diag)
{
    int64_t n = 0;
    int rc;

    (void)as_of; /* the requests open now: a request's state is kept, not
                  * its history of states */
    rc = store_request_pending_count(st, unit_id, 1, &n, diag);
    out->tracked = 1;
    out->pending = (long)n;
    return rc;
}

void load_learning_time(const struct learning_report *rep, int64_t unit_id,
                        struct load_learning *out)
{
    out->recorded = rep->n > 0;
    out->planned = out->actual = NAN;
    for (size_t i = 0; i < rep->n; i++) /* by week: the latest wins */
        if (rep->v[i].unit_id == unit_id) {
            out->planned = rep->v[i].planned;
            out->actual = rep->v[i].actual;
        }
}

/* The latest wave's workload and psychological safety of each unit
 * listed, as the reader may see them (units merged or hidden by the
 * disclosure layer have none). */
static int survey(struct store *st, const struct access_scope *scope,
                  struct load_report *r, const struct strmap *names,
                  struct diag *diag)
{
    struct voice_results v;
    struct diag d;
    int rc;

    diag_init(&d);
    rc = voice_results(st, scope, NULL, 1, 0, &v, &d);
    if (rc == TR_ENOENT) { /* no wave yet */
        diag_release(&d);
        return 0;
    }
    if (rc) {
        diag_set(diag, rc, "%s",
                 d.nproblems ? d.problems[0].msg : tr_strerror(rc));
        diag_release(&d);
        return rc;
    }
    diag_release(&d);
    r->wave = xstrdup(v.wave.name);
    for (size_t i = 0; i < v.n; i++) {
        const struct voice_row *row = &v.rows[i];
        struct load_unit *u = NULL;

        int64_t k;

        if (row->unit && strmap_gets(names, row->unit, &k))
            u = &r->u[k];
        if (!u)
            continue;
        if (voice_row_is(&v, row, "workload") && !*row->tool
            && !*row->workflow && isnan(u->workload)) {
            u->workload = row->mean;
            u->workload_n = row->n;
        } else if (row->kind == VR_SCORE && row->construct
                   && !strcmp(row->construct->id, "psych_safety")) {
            u->safety = row->mean;
            u->safety_n = row->n;
        }
    }
    voice_results_release(&v);
    return 0;
}

static int friction(struct store *st, struct load_report *r,
                    const struct strmap *names, struct diag *diag)
{
    struct voice_friction f;
    int rc;

    memset(&f, 0, sizeof(f));
    rc = voice_friction_update(st, VOICE_FRICTION_SHARE, 0, &f, diag);
    for (size_t i = 0; !rc && i < f.n; i++) {
        if (!strcmp(f.v[i].status, "resolved"))
            continue;
        int64_t k;

        if (strmap_gets(names, f.v[i].unit, &k))
            r->u[k].friction++;
    }
    voice_friction_release(&f);
    return rc;
}

/* The rule (analysis/load.h). */
static void judge(struct load_unit *u)
{
    long changes = u->pilots + u->rollouts;

    /* in two parts, each counted as Dutch counts as well (one, other) */
    if (changes >= LOAD_CHANGES &&
        REASONS_ADDF(u,
                     u->pilots == 1 ? N_("%ld changes at once (%ld pilot, ")
                                    : N_("%ld changes at once (%ld pilots, "),
                     changes, u->pilots))
        REASONS_APPENDF(u,
                        u->rollouts == 1
                            ? N_("%ld rollout): %d or more overload a unit "
                                 "on their own")
                            : N_("%ld rollouts): %d or more overload a unit "
                                 "on their own"),
                        u->rollouts, LOAD_CHANGES);
    if (changes && !u->target_reset) {
        u->strains++;
        REASONS_ADDF(u, N_("piloting with the same targets: no target reset "
                           "covers the day"));
    }
    if (changes && u->learning.recorded && !(u->learning.planned > 0)) {
        u->strains++;
        REASONS_ADDF(u, N_("piloting with no protected learning time"));
    }
    if (!isnan(u->workload) && u->workload <= LOAD_WORKLOAD_MAX) {
        u->strains++;
        REASONS_ADDF(u,
                     "high workload: 'my workload left room to do my work "
                     "well' averages %.1f of 5 (at or below %.1f)",
                     u->workload, LOAD_WORKLOAD_MAX);
    }
    if (!isnan(u->safety) && u->safety < LOAD_SAFETY_MIN) {
        u->strains++;
        REASONS_ADDF(u,
                     "low psychological safety: the score averages %.1f of 5 "
                     "(below %.1f)",
                     u->safety, LOAD_SAFETY_MIN);
    }
    if (u->due >= LOAD_DECISIONS) {
        u->strains++;
        REASONS_ADDF(u, "%ld pilot decisions due", u->due);
    }
    if (u->requests.tracked && u->requests.pending >= LOAD_REQUESTS) {
        u->strains++;
        REASONS_ADDF(u, "%ld tool requests pending", u->requests.pending);
    }
    u->overloaded = changes >= LOAD_CHANGES || u->strains >= LOAD_STRAINS;
}

int load_compute(struct store *st, const struct access_scope *scope,
                 int64_t as_of, int64_t unit_id, struct load_report *out,
                 struct diag *diag)
{
    struct tree t;
    struct listing ls;
    struct strmap names;      /* unit name -> index into out */
    struct targets tg = {0};
    struct learning_report lr;
    int64_t day = tstamp_day(as_of);
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&t, 0, sizeof(t));
    strmap_init(&t.by_id);
    strmap_init(&t.listed);
    strmap_init(&names);
    memset(&lr, 0, sizeof(lr));
    out->as_of = as_of;
    rc = store_units(st, on_unit, &t, diag);
    if (!rc)
        tree_link(&t);
    for (size_t i = 0; !rc && i < t.n; i++) {
        int64_t p = t.u[i].parent_id, k;

        if (!p || p == t.u[i].id || !strmap_get(&t.by_id, &p, sizeof(p), &k))
            walk(&t, i, 0, 0, scope, unit_id, out); /* a root */
    }
    ls.r = out;
    ls.t = &t;
    if (!rc)
        rc = store_pilot_load(st, as_of, on_pilots, &ls, diag);
    if (!rc)
        rc = targets_load(st, 0, &tg, diag);
    /* the learning time of the day's week and the one before, as the
     * reader may see it */
    if (!rc)
        rc = learning_report(st, scope, 0, day - 13, day, &lr, diag);
    for (size_t i = 0; !rc && i < out->n; i++) {
        struct load_unit *u = &out->u[i];

        u->target_reset = targets_active(&tg, u->id, day);
        rc = load_requests_pending(st, u->id, as_of, &u->requests, diag);
        load_learning_time(&lr, u->id, &u->learning);
    }
    for (size_t i = 0; i < out->n; i++)
        strmap_puts(&names, out->u[i].name, (int64_t)i);
    if (!rc)
        rc = survey(st, scope, out, &names, diag);
    if (!rc)
        rc = friction(st, out, &names, diag);
    for (size_t i = 0; !rc && i < out->n; i++)
        judge(&out->u[i]);
    targets_release(&tg);
    learning_report_release(&lr);
    tree_release(&t);
    strmap_release(&names);
    if (rc)
        load_release(out);
    return rc;
}

void load_release(struct load_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->u[i].name);
        free(r->u[i].parent_name);
    }
    free(r->u);
    free(r->wave);
    memset(r, 0, sizeof(*r));
}
