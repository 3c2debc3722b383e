/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disclosure-control layer: cubes, their relations, suppression. */
#include "analysis/disclose.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/access.h"
#include "analysis/disclose_int.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "store/roster.h"

const char *const disclose_kind_names[DISCLOSE_KIND_COUNT] = {
    [DISCLOSE_ITEMS] = "items", [DISCLOSE_USAGE] = "usage",
    [DISCLOSE_SHADOW] = "shadow", [DISCLOSE_SURVEY] = "survey",
    [DISCLOSE_SURVEY_TEXT] = "survey_text", [DISCLOSE_LEARNING] = "learning"};

/* ---- the table ---- */

void disclose_table_init(struct disclose_table *t, enum disclose_kind kind)
{
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    strmap_init(&t->index);
    strmap_init(&t->strings);
    buf_init(&t->joined);
}

void disclose_table_release(struct disclose_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nstrings; i++)
        free(t->string[i]);
    free(t->string);
    strmap_release(&t->strings);
    free(t->cells);
    free(t->rel);
    free(t->parts);
    strmap_release(&t->index);
    buf_release(&t->joined);
    memset(t, 0, sizeof(*t));
}

/* The lookup key of a cell: each key value, or \x1e for a margin,
 * joined by \x1f. */
static void join(struct buf *b, size_t nkeys, const char *const *key)
{
    buf_reset(b);
    for (size_t k = 0; k < nkeys; k++) {
        if (k)
            buf_putc(b, '\x1f');
        if (key[k])
            buf_puts(b, key[k]);
        else
            buf_putc(b, '\x1e');
    }
}

/* The table's copy of a key value. */
static const char *intern(struct disclose_table *t, const char *s)
{
    int64_t i;

    if (strmap_gets(&t->strings, s, &i))
        return t->string[i];
    t->string = xgrow(t->string, &t->strings_cap, t->nstrings + 1,
                      sizeof(*t->string));
    strmap_puts(&t->strings, s, (int64_t)t->nstrings);
    return t->string[t->nstrings++] = xstrdup(s);
}

size_t disclose_cell_at(struct disclose_table *t, const char *const *key)
{
    struct buf *b = &t->joined;
    struct disclose_cell *c;
    int64_t idx;

    join(b, t->nkeys, key);
    if (strmap_get(&t->index, b->data ? b->data : "", b->len, &idx))
        return (size_t)idx;
    t->cells = xgrow(t->cells, &t->cap, t->n + 1, sizeof(*t->cells));
    c = &t->cells[t->n];
    memset(c, 0, sizeof(*c));
    for (size_t k = 0; k < t->nkeys; k++)
        c->key[k] = key[k] ? intern(t, key[k]) : NULL;
    strmap_put(&t->index, b->data ? b->data : "", b->len, (int64_t)t->n);
    return t->n++;
}

/* Which keys of a cell are margins, as a bit mask. */
static unsigned mask_of(const struct disclose_table *t, size_t i)
{
    unsigned m = 0;

    for (size_t k = 0; k < t->nkeys; k++)
        if (!t->cells[i].key[k])
            m |= 1u << k;
    return m;
}

static int popcount(unsigned m)
{
    int n = 0;

    for (; m; m &= m - 1)
        n++;
    return n;
}

struct triple {
    size_t total, part;
    unsigned key;
};

static int cmp_triple(const void *a, const void *b)
{
    const struct triple *x = a, *y = b;

    if (x->total != y->total)
        return (x->total > y->total) - (x->total < y->total);
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->part > y->part) - (x->part < y->part);
}

void disclose_margins_over(struct disclose_table *t, unsigned over,
                           int time_key, disclose_people_fn people_of,
                           void *ctx)
{
    size_t nbase = t->n, ntrip = 0, trip_cap = 0;
    struct triple *trip = NULL;
    const char *key[DISCLOSE_MAX_KEYS];
    unsigned full = over & ((1u << t->nkeys) - 1);

    /* every margin of every base cell over the keys in `over` */
    for (unsigned m = 1; m <= full; m++) {
        if ((m & full) != m)
            continue;
        for (size_t i = 0; i < nbase; i++) {
            for (size_t k = 0; k < t->nkeys; k++)
                key[k] = m & (1u << k) ? NULL : t->cells[i].key[k];
            disclose_cell_at(t, key);
        }
    }
    /* a relation per margin cell and key it sums over */
    for (size_t i = 0; i < t->n; i++) {
        unsigned m = mask_of(t, i);

        for (size_t k = 0; k < t->nkeys; k++) {
            int64_t idx;
            struct buf *b = &t->joined;

            if ((m & (1u << k)) || !(full & (1u << k)))
                continue;
            for (size_t j = 0; j < t->nkeys; j++)
                key[j] = j == k ? NULL : t->cells[i].key[j];
            join(b, t->nkeys, key);
            if (strmap_get(&t->index, b->data ? b->data : "", b->len, &idx)) {
                trip = xgrow(trip, &trip_cap, ntrip + 1, sizeof(*trip));
                trip[ntrip++] = (struct triple){(size_t)idx, i, (unsigned)k};
            }
        }
    }
    if (ntrip) /* qsort may not take NULL, even for 0 */
        qsort(trip, ntrip, sizeof(*trip), cmp_triple);
    for (size_t i = 0; i < ntrip;) {
        size_t j = i;
        struct disclose_relation *r;

        while (j < ntrip && trip[j].total == trip[i].total
               && trip[j].key == trip[i].key)
            j++;
        t->rel = xgrow(t->rel, &t->rel_cap, t->nrel + 1, sizeof(*t->rel));
        r = &t->rel[t->nrel++];
        r->total = trip[i].total;
        r->first = t->nparts;
        r->n = j - i;
        r->key = trip[i].key;
        r->time = (int)trip[i].key == time_key;
        t->parts = xgrow(t->parts, &t->parts_cap, t->nparts + (j - i),
                         sizeof(*t->parts));
        for (size_t k = i; k < j; k++)
            t->parts[t->nparts++] = trip[k].part;
        i = j;
    }
    free(trip);
    /* margins' figures, fewest margins first so parts are complete: each
     * from its relation over its lowest margin key */
    for (int level = 1; level <= (int)t->nkeys; level++)
        for (size_t r = 0; r < t->nrel; r++) {
            struct disclose_relation *rel = &t->rel[r];
            struct disclose_cell *c = &t->cells[rel->total];
            unsigned m = mask_of(t, rel->total);
            const size_t *p = t->parts + rel->first;

            if (popcount(m) != level || (m & -m) != 1u << rel->key)
                continue;
            for (size_t k = 0; k < t->nmeasures; k++) {
                c->v[k] = t->additive[k] ? 0 : NAN;
                if (!t->additive[k])
                    continue;
                for (size_t q = 0; q < rel->n; q++)
                    c->v[k] += t->cells[p[q]].v[k];
            }
            if (people_of)
                c->people = people_of(ctx, t, rel->total, p, rel->n);
            else {
                c->people = 0;
                for (size_t q = 0; q < rel->n; q++)
                    c->people += t->cells[p[q]].people;
            }
        }
}

void disclose_relation_add(struct disclose_table *t, size_t total,
                           const size_t *parts, size_t n, unsigned key,
                           int hide_up)
{
    struct disclose_relation *r;
    struct disclose_cell *c = &t->cells[total];

    t->rel = xgrow(t->rel, &t->rel_cap, t->nrel + 1, sizeof(*t->rel));
    r = &t->rel[t->nrel++];
    r->total = total;
    r->first = t->nparts;
    r->n = n;
    r->key = key;
    r->time = hide_up;
    t->parts = xgrow(t->parts, &t->parts_cap, t->nparts + n,
                     sizeof(*t->parts));
    for (size_t q = 0; q < n; q++)
        t->parts[t->nparts++] = parts[q];
    for (size_t k = 0; k < t->nmeasures; k++) {
        c->v[k] = t->additive[k] ? 0 : NAN;
        for (size_t q = 0; t->additive[k] && q < n; q++)
            c->v[k] += t->cells[parts[q]].v[k];
    }
}

void disclose_margins(struct disclose_table *t, int time_key,
                      disclose_people_fn people_of, void *ctx)
{
    disclose_margins_over(t, ~0u, time_key, people_of, ctx);
}

/* ---- suppression ---- */

/* The smallest shown part of a relation (people, then index); n none. */
static size_t smallest_shown(const struct disclose_table *t,
                             const struct disclose_relation *r)
{
    size_t best = (size_t)-1;

    for (size_t q = 0; q < r->n; q++) {
        size_t i = t->parts[r->first + q];

        if (t->cells[i].hidden)
            continue;
        if (best == (size_t)-1 || t->cells[i].people < t->cells[best].people
            || (t->cells[i].people == t->cells[best].people && i < best))
            best = i;
    }
    return best;
}

size_t disclose_suppress(struct disclose_table *t)
{
    size_t nhidden = 0;
    int changed = 1;

    for (size_t i = 0; i < t->n; i++) {
        struct disclose_cell *c = &t->cells[i];

        c->hidden = c->people < t->min_people ? DISCLOSE_PRIMARY
                                              : DISCLOSE_SHOWN;
        for (size_t k = 0; k < t->nkeys; k++)
            if (c->key[k] && !strcmp(c->key[k], DISCLOSE_UNNAMED))
                c->hidden = DISCLOSE_PRIMARY;
    }
    while (changed) {
        changed = 0;
        for (size_t r = 0; r < t->nrel; r++) {
            const struct disclose_relation *rel = &t->rel[r];
            struct disclose_cell *total = &t->cells[rel->total];
            size_t parts_hidden = 0, pick;

            long hidden_people = 0;

            for (size_t q = 0; q < rel->n; q++) {
                const struct disclose_cell *p =
                    &t->cells[t->parts[rel->first + q]];

                parts_hidden += p->hidden != 0;
                hidden_people += p->hidden ? p->people : 0;
            }
            if (rel->time && parts_hidden && !total->hidden) {
                total->hidden = DISCLOSE_SECONDARY; /* hide up */
                changed = 1;
                continue;
            }
            /* at least two hidden members; when totals are published,
             * hidden parts under a shown total of at least min_people
             * together: the total minus the shown parts gives their sum
             * away, and each lies anywhere from 0 to it */
            if (parts_hidden + (total->hidden != 0) != 1
                && (!t->sums_published || total->hidden || !parts_hidden
                    || hidden_people >= t->min_people))
                continue;
            pick = smallest_shown(t, rel);
            if (pick != (size_t)-1)
                t->cells[pick].hidden = DISCLOSE_SECONDARY;
            else
                total->hidden = DISCLOSE_SECONDARY;
            changed = 1;
        }
    }
    for (size_t i = 0; i < t->n; i++)
        nhidden += t->cells[i].hidden != 0;
    return nhidden;
}

/* ---- units ---- */

static int on_unit(void *ctx, const struct store_unit_row *r,
                   struct diag *diag)
{
    struct disclose_units *u = ctx;
    size_t n = u->n;

    (void)diag;
    u->id = xrealloc(u->id, (n + 1) * sizeof(*u->id));
    u->parent = xrealloc(u->parent, (n + 1) * sizeof(*u->parent));
    u->bucket_of = xrealloc(u->bucket_of, (n + 1) * sizeof(*u->bucket_of));
    u->name = xrealloc(u->name, (n + 1) * sizeof(*u->name));
    u->people = xrealloc(u->people, (n + 1) * sizeof(*u->people));
    u->id[n] = r->id;
    u->parent[n] = r->parent_id;
    u->bucket_of[n] = (int64_t)n;
    u->name[n] = xstrdup(r->name);
    u->people[n] = r->people;
    strmap_puts(&u->by_name, r->name, (int64_t)n);
    strmap_put(&u->by_id, &r->id, sizeof(r->id), (int64_t)n);
    u->n++;
    return 0;
}

struct by_depth {
    size_t depth, index;
};

static int cmp_deeper(const void *a, const void *b)
{
    const struct by_depth *x = a, *y = b;

    if (x->depth != y->depth)
        return x->depth > y->depth ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void disclose_units_merge(struct disclose_units *u, const long *count,
                          long min)
{
    size_t n = u->n ? u->n : 1;
    long *sum = xcalloc(n, sizeof(*sum));
    struct by_depth *order = xcalloc(n, sizeof(*order));
    int64_t *parent = xcalloc(n, sizeof(*parent));

    for (size_t i = 0; i < u->n; i++) {
        int64_t p;

        u->bucket_of[i] = (int64_t)i;
        sum[i] = count[i];
        order[i].index = i;
        parent[i] = strmap_get(&u->by_id, &u->parent[i], sizeof(int64_t), &p)
                        ? p
                        : -1;
    }
    for (size_t i = 0; i < u->n; i++) /* a cycle stops at n steps */
        for (int64_t p = parent[i]; p >= 0 && order[i].depth < u->n;
             p = parent[p])
            order[i].depth++;
    /* deepest first: a unit still under the threshold, with what merged
     * into it, moves into its parent, so a parent and a child that are
     * small alone but large together end up as the parent's bucket */
    if (u->n)
        qsort(order, u->n, sizeof(*order), cmp_deeper);
    for (size_t o = 0; o < u->n; o++) {
        size_t b = order[o].index;
        int64_t p = parent[b];

        if (sum[b] >= min)
            continue;
        if (p >= 0) /* a root with too few people: unnamed (-1) */
            sum[p] += sum[b];
        u->bucket_of[b] = p; /* b and all that merged into it */
    }
    /* each unit's bucket: the end of its chain of merges (parents come
     * later in the order, so a chain only climbs), paths shortened */
    for (size_t i = 0; i < u->n; i++) {
        int64_t b = (int64_t)i;

        while (b >= 0 && u->bucket_of[b] != b)
            b = u->bucket_of[b];
        for (int64_t k = (int64_t)i, next; k >= 0 && k != b; k = next) {
            next = u->bucket_of[k];
            u->bucket_of[k] = b;
        }
    }
    free(sum);
    free(order);
    free(parent);
}

int disclose_units_load(struct store *st, long min,
                        struct disclose_units *u, struct diag *diag)
{
    int rc;

    memset(u, 0, sizeof(*u));
    strmap_init(&u->by_name);
    strmap_init(&u->by_id);
    rc = store_units(st, on_unit, u, diag);
    if (rc) {
        disclose_units_release(u);
        return rc;
    }
    disclose_units_merge(u, u->people, min);
    return 0;
}

void disclose_units_release(struct disclose_units *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        free(u->name[i]);
    free(u->name);
    free(u->id);
    free(u->parent);
    free(u->bucket_of);
    free(u->people);
    strmap_release(&u->by_name);
    strmap_release(&u->by_id);
    memset(u, 0, sizeof(*u));
}

const char *disclose_unit_shown(const struct disclose_units *u,
                                const char *name)
{
    int64_t i;

    if (!name || !strmap_gets(&u->by_name, name, &i))
        return NULL;
    return u->bucket_of[i] < 0 ? DISCLOSE_UNNAMED : u->name[u->bucket_of[i]];
}

/* ---- the door ---- */

static const disclose_build_fn builders[DISCLOSE_KIND_COUNT] = {
    [DISCLOSE_ITEMS] = disclose__items,
    [DISCLOSE_USAGE] = disclose__usage,
    [DISCLOSE_SHADOW] = disclose__shadow,
    [DISCLOSE_SURVEY] = disclose__survey,
    [DISCLOSE_SURVEY_TEXT] = disclose__survey_text,
    [DISCLOSE_LEARNING] = disclose__learning,
};

/* Marks what the reader may see: the cells whose margins are exactly
 * the keys not requested, and whose unit (key 0, every kind's "team")
 * is in scope. */
static void publish(struct disclose_table *t, const struct access_scope *sc,
                    const struct disclose_request *req,
                    const struct disclose_units *units)
{
    unsigned want = 0;

    if (req->nkeys == 0)
        want = 0;
    else {
        want = (1u << t->nkeys) - 1;
        for (size_t r = 0; r < req->nkeys; r++)
            for (size_t k = 0; k < t->nkeys; k++)
                if (!strcmp(req->keys[r], t->key_names[k]))
                    want &= ~(1u << k);
    }
    for (size_t i = 0; i < t->n; i++) {
        struct disclose_cell *c = &t->cells[i];
        int64_t ui;

        c->published = mask_of(t, i) == want;
        if (!c->published || !sc || sc->role == ROLE_ADMIN || !c->key[0])
            continue;
        if (sc->role == ROLE_VIEWER
            || !strmap_gets(&units->by_name, c->key[0], &ui)
            || !access_sees_unit(sc, units->id[ui]))
            c->published = 0;
    }
}

int disclose_table(struct store *st, const struct access_scope *scope,
                   const struct disclose_request *req,
                   struct disclose_table *out, struct diag *diag)
{
    struct disclose_units units;
    int rc;

    if ((unsigned)req->kind >= DISCLOSE_KIND_COUNT)
        return diag_set(diag, TR_EINVAL, "no such table kind");
    disclose_table_init(out, req->kind);
    rc = builders[req->kind](st, req, out, &units, diag);
    if (rc) {
        disclose_table_release(out);
        return rc;
    }
    disclose_suppress(out);
    publish(out, scope, req, &units);
    disclose_units_release(&units);
    return 0;
}

long disclose__min(long kind_min, long asked)
{
    return asked > kind_min ? asked : kind_min;
}
