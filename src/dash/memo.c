/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the dashboard's pages share: the portfolio (every pilot
 * analysed), the work-item table of teams by month, the telemetry and
 * shadow-demand cells and what the mandate-trap verdicts read besides
 * work items, each built through the disclosure layer and read by every
 * page that needs it, for every reader (what a reader may see is decided
 * when the page takes its rows). Each is built again when what it reads
 * changed (store_data_stamps: work items, and everything else) or the
 * day did, not on every change: an import of work items leaves the
 * cells and the voice as they are. Without a memo (`report`) each is
 * built anew. */
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
    MEMO_TRAP_BASE,
    MEMO_KIND_COUNT
};

/* Whether a kind reads work items (every kind reads the rest). */
static const int reads_items[MEMO_KIND_COUNT] = {
    [MEMO_PORTFOLIO] = 1, [MEMO_TEAM_MONTHS] = 1};

/* What a box was built from: the stamps read before building it, the
 * day ("today" of the analyses) and, for the trap, its week. */
struct memo_key {
    int64_t rest, items, day, week;
};

struct dash__box {
    atomic_int refs;
    struct memo_key key;
    enum memo_kind kind;
    union {
        struct portfolio pf;
        struct summary items;
        struct cells_usage usage;
        struct cells_shadow shadow;
        struct trap_base *trap;
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
    case MEMO_SHADOW:
        cells_shadow_release(&b->u.shadow);
        break;
    default:
        trap_base_free(b->u.trap);
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
    case MEMO_SHADOW:
        return cells_shadow_load(c->st, 0, INT64_MAX / 2, &b->u.shadow,
                                 diag);
    default:
        return trap_base_load(c->st, b->key.week, &b->u.trap, diag);
    }
}

static int same_key(enum memo_kind kind, const struct memo_key *a,
                    const struct memo_key *b)
{
    return a->rest == b->rest && a->day == b->day && a->week == b->week
           && (!reads_items[kind] || a->items == b->items);
}

/* The box of this kind (and week) for the workspace as it is: the
 * memo's when nothing it reads has changed since it was built, or a new
 * one. Builders of a kind take turns, each reading the stamps after the
 * one before it built: a slot's box is never older than the last. */
static int get(const struct dash_ctx *c, enum memo_kind kind, int64_t week,
               struct dash__box **out, struct diag *diag)
{
    struct memo_slot *s = c->memo ? &c->memo->slot[kind] : NULL;
    struct memo_key key = {0, 0, c->now / 86400, week};
    struct dash__box *b;
    int rc = 0;

    *out = NULL;
    if (s) {
        pthread_mutex_lock(&s->lock);
        rc = store_data_stamps(c->st, &key.rest, &key.items, diag);
        if (!rc && s->box && same_key(kind, &s->box->key, &key)) {
            atomic_fetch_add(&s->box->refs, 1);
            *out = s->box;
            pthread_mutex_unlock(&s->lock);
            return 0;
        }
    }
    if (!rc) {
        b = xcalloc(1, sizeof(*b));
        atomic_init(&b->refs, 1);
        b->key = key;
        b->kind = kind;
        rc = build(c, b, diag);
        if (rc)
            free(b); /* the builders release what they made on an error */
        else if (s) {
            dash__put(s->box);
            atomic_fetch_add(&b->refs, 1); /* the slot's reference */
            s->box = b;
        }
        if (!rc)
            *out = b;
    }
    if (s)
        pthread_mutex_unlock(&s->lock);
    return rc;
}

int dash__portfolio(const struct dash_ctx *c, const struct portfolio **pf,
                    struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_PORTFOLIO, 0, box, diag);

    *pf = rc ? NULL : &(*box)->u.pf;
    return rc;
}

int dash__team_months(const struct dash_ctx *c, const struct summary **s,
                      struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_TEAM_MONTHS, 0, box, diag);

    *s = rc ? NULL : &(*box)->u.items;
    return rc;
}

int dash__usage(const struct dash_ctx *c, const struct cells_usage **cs,
                struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_USAGE, 0, box, diag);

    *cs = rc ? NULL : &(*box)->u.usage;
    return rc;
}

int dash__shadow(const struct dash_ctx *c, const struct cells_shadow **cs,
                 struct dash__box **box, struct diag *diag)
{
    int rc = get(c, MEMO_SHADOW, 0, box, diag);

    *cs = rc ? NULL : &(*box)->u.shadow;
    return rc;
}

int dash__trap(const struct dash_ctx *c, int64_t week, struct trap *tr,
               struct diag *diag)
{
    struct dash__box *box = NULL;
    int rc;

    if (!c->memo)
        return trap_compute(c->st, week, tr, diag);
    rc = get(c, MEMO_TRAP_BASE, week, &box, diag);
    if (rc) {
        memset(tr, 0, sizeof(*tr));
        return rc;
    }
    rc = trap_judge(c->st, box->u.trap, tr, diag);
    dash__put(box);
    return rc;
}
