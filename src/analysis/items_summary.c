/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grouping work items and computing each group's outcome measures. */
#include "analysis/items_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/privacy.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "stats/quantile.h"
#include "store/items.h"

const char *const summary_key_names[SK_COUNT] = {
    [SK_TEAM] = "team", [SK_WORKFLOW] = "workflow", [SK_TOOL] = "tool",
    [SK_MONTH] = "month"};

int summary_key_parse(const char *s)
{
    for (int k = 0; k < SK_COUNT; k++)
        if (!strcmp(s, summary_key_names[k]))
            return k;
    return -1;
}

struct acc {
    char *key;                  /* owned; values joined by \x1f */
    double *cycles;             /* owned; hours */
    size_t ncycles, cycles_cap;
    int64_t *people;            /* owned; person ids, with repeats */
    size_t npeople, people_cap;
    long items, quality_n, errors_n, errors_pos, rework_n, rework_pos, ai;
    double quality_sum;
};

struct scan {
    const struct summary_opts *opts;
    struct strmap index; /* key -> index into accs */
    struct acc *accs;
    size_t n, cap;
    struct buf key;
};

static void key_of(struct scan *sc, const struct store_item_view *it)
{
    buf_reset(&sc->key);
    for (size_t i = 0; i < sc->opts->nkeys; i++) {
        if (i)
            buf_putc(&sc->key, '\x1f');
        switch (sc->opts->keys[i]) {
        case SK_TEAM:
            buf_puts(&sc->key, it->team);
            break;
        case SK_WORKFLOW:
            buf_puts(&sc->key, it->workflow);
            break;
        case SK_TOOL:
            buf_puts(&sc->key, it->tool ? it->tool : "(none)");
            break;
        case SK_MONTH:
            tstamp_format_month(&sc->key,
                                it->finished ? it->finished : it->started);
            break;
        case SK_COUNT:
            break;
        }
    }
}

static int on_item(void *ctx, const struct store_item_view *it,
                   struct diag *diag)
{
    struct scan *sc = ctx;
    struct acc *a;
    int64_t idx;

    (void)diag;
    key_of(sc, it);
    if (!strmap_get(&sc->index, sc->key.data ? sc->key.data : "",
                    sc->key.len, &idx)) {
        sc->accs = xgrow(sc->accs, &sc->cap, sc->n + 1, sizeof(*sc->accs));
        memset(&sc->accs[sc->n], 0, sizeof(*sc->accs));
        sc->accs[sc->n].key = xstrdup(buf_str(&sc->key));
        idx = (int64_t)sc->n++;
        strmap_put(&sc->index, buf_str(&sc->key), sc->key.len, idx);
    }
    a = &sc->accs[idx];
    a->items++;
    if (it->finished) {
        a->cycles = xgrow(a->cycles, &a->cycles_cap, a->ncycles + 1,
                          sizeof(double));
        a->cycles[a->ncycles++] = (double)(it->finished - it->started) / 3600.0;
    }
    if (it->person_id) {
        a->people = xgrow(a->people, &a->people_cap, a->npeople + 1,
                          sizeof(int64_t));
        a->people[a->npeople++] = it->person_id;
    }
    if (!isnan(it->quality)) {
        a->quality_n++;
        a->quality_sum += it->quality;
    }
    if (it->errors >= 0) {
        a->errors_n++;
        a->errors_pos += it->errors > 0;
    }
    if (it->rework >= 0) {
        a->rework_n++;
        a->rework_pos += it->rework > 0;
    }
    a->ai += it->tool != NULL;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

static long distinct(int64_t *v, size_t n)
{
    long d = 0;

    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_i64);
    for (size_t i = 0; i < n; i++)
        d += i == 0 || v[i] != v[i - 1];
    return d;
}

static double ratio(long num, long den)
{
    return den ? (double)num / (double)den : NAN;
}

static void finish_group(const struct summary_opts *opts, struct acc *a,
                         struct summary_group *g)
{
    const char *p = a->key;

    memset(g, 0, sizeof(*g));
    for (size_t i = 0; i < opts->nkeys; i++) {
        const char *end = strchr(p, '\x1f');
        size_t len = end ? (size_t)(end - p) : strlen(p);

        g->values[i] = xstrndup(p, len);
        p += len + (end != NULL);
    }
    stats_sort(a->cycles, a->ncycles);
    g->items = a->items;
    g->people = distinct(a->people, a->npeople);
    g->finished = (long)a->ncycles;
    g->cycle_median_h = stats_quantile_sorted(a->cycles, a->ncycles, 0.5);
    g->cycle_p90_h = stats_quantile_sorted(a->cycles, a->ncycles, 0.9);
    g->quality_mean = a->quality_n ? a->quality_sum / (double)a->quality_n
                                   : NAN;
    g->error_rate = ratio(a->errors_pos, a->errors_n);
    g->rework_rate = ratio(a->rework_pos, a->rework_n);
    g->ai_share = ratio(a->ai, a->items);
}

static int cmp_group(const void *a, const void *b)
{
    const struct summary_group *x = a, *y = b;

    for (size_t i = 0; i < SK_COUNT && x->values[i] && y->values[i]; i++) {
        int c = strcmp(x->values[i], y->values[i]);

        if (c)
            return c;
    }
    return 0;
}

int items_summary(struct store *st, const struct summary_opts *opts,
                  struct summary *out, struct diag *diag)
{
    struct scan sc;
    long *people = NULL;
    int *hidden = NULL;
    int rc;

    memset(&sc, 0, sizeof(sc));
    memset(out, 0, sizeof(*out));
    sc.opts = opts;
    strmap_init(&sc.index);
    rc = store_items_scan(st, opts->since, opts->until, opts->unit_id, on_item,
                          &sc, diag);
    if (!rc) {
        out->groups = xcalloc(sc.n ? sc.n : 1, sizeof(*out->groups));
        out->n = sc.n;
        people = xcalloc(sc.n ? sc.n : 1, sizeof(*people));
        hidden = xcalloc(sc.n ? sc.n : 1, sizeof(*hidden));
        for (size_t i = 0; i < sc.n; i++) {
            finish_group(opts, &sc.accs[i], &out->groups[i]);
            people[i] = out->groups[i].people;
        }
        privacy_suppress(people, sc.n,
                         opts->min_people > PRIVACY_MIN_PEOPLE_ITEMS
                             ? opts->min_people
                             : PRIVACY_MIN_PEOPLE_ITEMS,
                         hidden);
        for (size_t i = 0; i < sc.n; i++)
            out->groups[i].suppressed = hidden[i];
        qsort(out->groups, out->n, sizeof(*out->groups), cmp_group);
    }
    for (size_t i = 0; i < sc.n; i++) {
        free(sc.accs[i].key);
        free(sc.accs[i].cycles);
        free(sc.accs[i].people);
    }
    free(sc.accs);
    free(people);
    free(hidden);
    strmap_release(&sc.index);
    buf_release(&sc.key);
    return rc;
}

void summary_release(struct summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k < SK_COUNT; k++)
            free(s->groups[i].values[k]);
    free(s->groups);
    s->groups = NULL;
    s->n = 0;
}
