/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the dashboard's pages share within one version of the workspace:
 * the portfolio (every pilot analysed), the work-item table of teams by
 * month and the telemetry and shadow-demand cells, each built once per
 * version through the disclosure layer and read by every page that
 * needs it, for every reader (what a reader may see is decided when the
 * page takes its rows). Without a memo (`report`) each is built anew. */
#include "dash/dash_int.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

enum memo_kind {
    MEMO_PORTFOLIO,
    MEMO_TEAM_MONTHS,
    MEMO_USAGE,
    MEMO_SHADOW,
    MEMO_KIND_COUNT
};

struct dash__box {
    atomic_int refs;
    uint64_t gen;
    enum memo_kind kind;
    union {
        struct portfolio pf;
        struct summary items;
        struct cells_usage usage;
        struct cells_shadow shadow;
    } u;
};

struct memo_slot {
    pthread_mutex_t lock; /* held while building: one builder per kind */
    struct dash__box *box;
};

struct dash_memo {
    struct memo_slot slot[MEMO_KIND_COUNT];
};

struct dash_memo *dash_memo_new(void)
{
    struct dash_memo *m = xcalloc(1, sizeof(*m));

    for (int k = 0; k < MEMO_KIND_COUNT; k++)
        pthread_mutex_init(&m->slot[k].lock, NULL);
    return m;
}

void dash__put(struct dash__box *b)
{
    if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    switch (b->kind) {
    case MEMO_PORTFOLIO:
        portfolio_release(&b->u.pf);
        break;
    case MEMO_TEAM_MONTHS:
        summary_release(&b->u.items);
        break;
    case MEMO_USAGE:
        cells_usage_release(&b->u.usage);
        break;
    default:
        cells_shadow_release(&b->u.shadow);
        break;
    }
    free(b);
}

void dash_memo_free(struct dash_memo *m)
{
    if (!m)
        return;
    for (int k = 0; k < MEMO_KIND_COUNT; k++) {
        dash__put(m->slot[k].box);
        pthread_mutex_destroy(&m->slot[k].lock);
    }
    free(m);
}

/* Builds a box of this kind from the workspace as it is now. */
static int build(const struct dash_ctx *c, struct dash__box *b,
                 struct diag *diag)
{
    switch (b->kind) {
    case MEMO_PORTFOLIO:
        return portfolio_load(c->st, c->now, &b->u.pf, diag);
    case MEMO_TEAM_MONTHS: {
        struct summary_opts so;

        memset(&so, 0, sizeof(so));
        so.keys[0] = SK_TEAM;
        so.keys[1] = SK_MONTH;
        so.nkeys = 2;
        return items_summary(c->st, &so, &b->u.items, diag);
    }
    case MEMO_USAGE:
        return cells_usage_load(c->st, 0, INT64_MAX / 2, &b->u.usage, diag);
    default:
        return cells_shadow_load(c->st, 0, INT64_MAX / 2, &b->u.shadow,
                                 diag);
    }
}

/* The box of this kind for c's version: the memo's, or a new one. */
static int get(const struct dash_ctx *c, enum memo_kind kind,
               struct dash__box **out, struct diag *diag)
{
    struct memo_slot *s = c->memo ? &c->memo->slot[kind] : NULL;
    struct dash__box *b;
    int rc;

    *out = NULL;
    if (s) {
        pthread_mutex_lock(&s->lock);
        if (s->box && s->box->gen == c->gen) {
            atomic_fetch_add(&s->box->refs, 1);
            *out = s->box;
            pthread_mutex_unlock(&s->lock);
            return 0;
        }
    }
    b = xcalloc(1, sizeof(*b));
    atomic_init(&b->refs, 1);
    b->gen = c->gen;
    b->kind = kind;
    rc = build(c, b, diag);
    if (rc)
        free(b); /* the builders release what they made on an error */
    else if (s && !(s->box && s->box->gen > c->gen)) { /* never older */
        dash__put(s->box);
        atomic_fetch_add(&b->refs, 1); /* the slot's reference */
        s->box = b;
    }
    if (s)
        pthread_mutex_unlock(&s->lock);
    if (!rc)
        *out = b;
    return rc;
}

int dash__portfolio(const struct dash_ctx *c, const struct portfolio **pf,
                    struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_PORTFOLIO, box, diag);

    *pf = rc ? NULL : &(*box)->u.pf;
    return rc;
}

int dash__team_months(const struct dash_ctx *c, const struct summary **s,
                      struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_TEAM_MONTHS, box, diag);

    *s = rc ? NULL : &(*box)->u.items;
    return rc;
}

int dash__usage(const struct dash_ctx *c, const struct cells_usage **cs,
                struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_USAGE, box, diag);

    *cs = rc ? NULL : &(*box)->u.usage;
    return rc;
}

int dash__shadow(const struct dash_ctx *c, const struct cells_shadow **cs,
                 struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_SHADOW, box, diag);

    *cs = rc ? NULL : &(*box)->u.shadow;
    return rc;
}
