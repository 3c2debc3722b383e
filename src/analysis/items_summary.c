/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Grouping work items and computing each group's outcome measures. */
#include "analysis/items_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/disclose.h"
#include "analysis/disclose_int.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/u64map.h"
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

/* ---- the cube (the disclosure layer's builder for work items) ---- */

enum {
    M_ITEMS, M_FINISHED, M_ERR_N, M_ERR_POS, M_REW_N, M_REW_POS, M_AI,
    M_QUAL_N, M_QUAL_SUM, M_CYCLE_SUM, M_ERR_SUM, M_REW_SUM, M_CYCLE_P50,
    M_CYCLE_P90, M_COUNT
};

static const char *const measure_names[M_COUNT] = {
    "items", "finished", "errors_known", "errors_items", "rework_known",
    "rework_items", "ai_items", "quality_known", "quality_sum",
    "cycle_h_sum", "errors_sum", "rework_sum", "cycle_h_median",
    "cycle_h_p90"};

struct side {              /* per cell: what is not a sum */
    int64_t *people;       /* person ids; distinct once settled */
    size_t np, pcap;
    double *cycles;        /* hours */
    size_t nc, ccap;
};

struct cube {
    struct disclose_table *t;
    struct disclose_units *units;
    int sk[DISCLOSE_MAX_KEYS]; /* per table key: its summary key */
    struct side *side;
    size_t nside, side_cap;
    struct buf month;
    struct u64map cell_of;     /* an item's key codes, packed -> cell */
    /* what items bring to their cells, gathered during the scan and
     * handed to the cells at its end (spread(): one sort, no per-cell
     * growth per item) */
    struct u64map_entry *pair; /* key: cell << 40 | person */
    size_t npair, pair_cap;
    size_t *cyc_cell;          /* the cell of each cycle time */
    double *cyc;               /* hours */
    size_t ncyc, cyc_cap, cyc_cell_cap;
    unsigned want;             /* the margins of the requested shape: only
                                  its cells need cycle times (medians) */
};

static struct side *side_at(struct cube *c, size_t i)
{
    if (i >= c->nside) {
        c->side = xgrow(c->side, &c->side_cap, i + 1, sizeof(*c->side));
        memset(c->side + c->nside, 0, (i + 1 - c->nside) * sizeof(*c->side));
        c->nside = i + 1;
    }
    return &c->side[i];
}

/* The item's cell by its keys' codes (unit, workflow and tool ids, the
 * month's number), 16 bits each; U64MAP_EMPTY when one does not fit. */
static uint64_t packed(const struct cube *c, const struct store_item_view *it)
{
    uint64_t key = 0;

    for (size_t k = 0; k < c->t->nkeys; k++) {
        int64_t code;
        int y, m, d;

        switch (c->sk[k]) {
        case SK_TEAM:
            code = it->unit_id;
            break;
        case SK_WORKFLOW:
            code = it->workflow_id;
            break;
        case SK_TOOL:
            code = it->tool_id;
            break;
        default:
            tstamp_civil_from_days(
                tstamp_day(it->finished ? it->finished : it->started), &y,
                &m, &d);
            code = (int64_t)y * 12 + m - 1;
            break;
        }
        if (code < 0 || code >= 0xFFFF)
            return U64MAP_EMPTY;
        key = key << 16 | (uint64_t)code;
    }
    return key;
}

/* The item's cell, added when new. */
static size_t cell_of(struct cube *c, const struct store_item_view *it)
{
    struct disclose_table *t = c->t;
    const char *key[DISCLOSE_MAX_KEYS];
    uint64_t code = packed(c, it);
    int64_t idx;
    size_t i;

    if (code != U64MAP_EMPTY && u64map_get(&c->cell_of, code, &idx))
        return (size_t)idx;
    for (size_t k = 0; k < t->nkeys; k++)
        switch (c->sk[k]) {
        case SK_TEAM:
            key[k] = disclose_unit_shown(c->units, it->team);
            if (!key[k])
                key[k] = DISCLOSE_UNNAMED;
            break;
        case SK_WORKFLOW:
            key[k] = it->workflow;
            break;
        case SK_TOOL:
            key[k] = it->tool ? it->tool : "(none)";
            break;
        default:
            buf_reset(&c->month);
            tstamp_format_month(&c->month,
                                it->finished ? it->finished : it->started);
            key[k] = buf_str(&c->month);
            break;
        }
    i = disclose_cell_at(t, key);
    if (code != U64MAP_EMPTY)
        *u64map_at(&c->cell_of, code, NULL) = (int64_t)i;
    return i;
}

/* A person with an item in the cell. Ids too large to pack go to the
 * cell at once; settle() deduplicates them. */
static void add_person(struct cube *c, size_t cell, int64_t person)
{
    if (person > 0 && person < (int64_t)1 << 40 && cell < (size_t)1 << 23) {
        c->pair = xgrow(c->pair, &c->pair_cap, c->npair + 1, sizeof(*c->pair));
        c->pair[c->npair++] =
            (struct u64map_entry){(uint64_t)cell << 40 | (uint64_t)person, 0};
    } else {
        struct side *sd = side_at(c, cell);

        sd->people = xgrow(sd->people, &sd->pcap, sd->np + 1,
                           sizeof(int64_t));
        sd->people[sd->np++] = person;
    }
}

/* Hands the gathered people (distinct, sorted) and cycle times to their
 * cells, each list allocated once at its size. */
static void spread(struct cube *c)
{
    size_t n = c->t->n, *count;

    if (!n)
        return;
    side_at(c, n - 1);
    count = xcalloc(n, sizeof(*count));
    if (c->npair)
        u64map_sort(c->pair, c->npair);
    for (size_t i = 0; i < c->npair; i++)
        if (!i || c->pair[i].key != c->pair[i - 1].key)
            count[c->pair[i].key >> 40]++;
    for (size_t i = 0; i < n; i++) {
        struct side *sd = &c->side[i];

        if (count[i])
            sd->people = xgrow(sd->people, &sd->pcap, sd->np + count[i],
                               sizeof(int64_t));
    }
    for (size_t i = 0; i < c->npair; i++) {
        struct side *sd = &c->side[c->pair[i].key >> 40];

        if (!i || c->pair[i].key != c->pair[i - 1].key)
            sd->people[sd->np++] =
                (int64_t)(c->pair[i].key & (((uint64_t)1 << 40) - 1));
    }
    memset(count, 0, n * sizeof(*count));
    for (size_t i = 0; i < c->ncyc; i++)
        count[c->cyc_cell[i]]++;
    for (size_t i = 0; i < n; i++)
        if (count[i])
            c->side[i].cycles = xgrow(c->side[i].cycles, &c->side[i].ccap,
                                      count[i], sizeof(double));
    for (size_t i = 0; i < c->ncyc; i++) {
        struct side *sd = &c->side[c->cyc_cell[i]];

        sd->cycles[sd->nc++] = c->cyc[i];
    }
    free(count);
}

static int on_item(void *ctx, const struct store_item_view *it,
                   struct diag *diag)
{
    struct cube *c = ctx;
    struct disclose_table *t = c->t;
    size_t i = cell_of(c, it);
    double *v;

    (void)diag;
    v = t->cells[i].v;
    v[M_ITEMS]++;
    if (it->finished) {
        v[M_FINISHED]++;
        c->cyc = xgrow(c->cyc, &c->cyc_cap, c->ncyc + 1, sizeof(*c->cyc));
        c->cyc_cell = xgrow(c->cyc_cell, &c->cyc_cell_cap, c->ncyc + 1,
                            sizeof(*c->cyc_cell));
        c->cyc_cell[c->ncyc] = i;
        c->cyc[c->ncyc++] = (double)(it->finished - it->started) / 3600.0;
        v[M_CYCLE_SUM] += c->cyc[c->ncyc - 1];
    }
    if (it->person_id)
        add_person(c, i, it->person_id);
    if (!isnan(it->quality)) {
        v[M_QUAL_N]++;
        v[M_QUAL_SUM] += it->quality;
    }
    if (it->errors >= 0) {
        v[M_ERR_N]++;
        v[M_ERR_POS] += it->errors > 0;
        v[M_ERR_SUM] += it->errors;
    }
    if (it->rework >= 0) {
        v[M_REW_N]++;
        v[M_REW_POS] += it->rework > 0;
        v[M_REW_SUM] += it->rework;
    }
    v[M_AI] += it->tool != NULL;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Sorts and dedups a cell's people; returns how many. */
static long settle(struct side *sd)
{
    size_t d = 0;

    if (sd->np > 1)
        qsort(sd->people, sd->np, sizeof(int64_t), cmp_i64);
    for (size_t i = 0; i < sd->np; i++)
        if (i == 0 || sd->people[i] != sd->people[d - 1])
            sd->people[d++] = sd->people[i];
    sd->np = d;
    return (long)d;
}

/* Whether cell i has the requested shape (its margins are those of
 * c->want): only those are published, so only they need medians. */
static int in_shape(const struct cube *c, size_t i)
{
    for (size_t k = 0; k < c->t->nkeys; k++)
        if (!c->t->cells[i].key[k] != !!(c->want & (1u << k)))
            return 0;
    return 1;
}

/* A margin's people (the union of its parts') and cycle times. */
static long margin_people(void *ctx, const struct disclose_table *t,
                          size_t total, const size_t *parts, size_t n)
{
    struct cube *c = ctx;
    struct side *sd;
    int cycles = in_shape(c, total);

    (void)t; /* c->t */
    side_at(c, total);
    for (size_t q = 0; q < n; q++)
        side_at(c, parts[q]);
    sd = &c->side[total];
    for (size_t q = 0; q < n; q++) {
        const struct side *p = &c->side[parts[q]];

        sd->people = xgrow(sd->people, &sd->pcap, sd->np + p->np + 1,
                           sizeof(int64_t));
        memcpy(sd->people + sd->np, p->people, p->np * sizeof(int64_t));
        sd->np += p->np;
        if (!cycles)
            continue;
        sd->cycles = xgrow(sd->cycles, &sd->ccap, sd->nc + p->nc + 1,
                           sizeof(double));
        memcpy(sd->cycles + sd->nc, p->cycles, p->nc * sizeof(double));
        sd->nc += p->nc;
    }
    return settle(sd);
}

/* [since, until) widened to whole calendar months. */
static int64_t month_floor(int64_t t)
{
    int y, m, d;

    tstamp_civil_from_days(tstamp_day(t), &y, &m, &d);
    return tstamp_days_from_civil(y, m, 1) * 86400;
}

static int64_t month_ceil(int64_t t)
{
    int64_t f = month_floor(t);
    int y, m, d;

    if (f == t)
        return t;
    tstamp_civil_from_days(tstamp_day(t), &y, &m, &d);
    return tstamp_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1,
                                  1) * 86400;
}

int disclose__items(struct store *st, const struct disclose_request *req,
                    struct disclose_table *t, struct disclose_units *units,
                    struct diag *diag)
{
    struct cube c;
    int month = -1, rc;

    memset(&c, 0, sizeof(c));
    t->min_people = disclose__min(DISCLOSE_MIN_ITEMS, req->min_people);
    t->sums_published = 1; /* the organisation's, to every reader */
    rc = disclose_units_load(st, t->min_people, units, diag);
    if (rc)
        return rc;
    for (size_t r = 0; r < (req->nkeys ? req->nkeys : SK_COUNT); r++) {
        int k = req->nkeys ? summary_key_parse(req->keys[r]) : (int)r;

        if (k < 0) {
            disclose_units_release(units);
            return diag_set(diag, TR_EINVAL, "no work-item key '%s'",
                            req->keys[r]);
        }
        c.sk[t->nkeys] = k;
        t->key_names[t->nkeys++] = summary_key_names[k];
        if (k == SK_MONTH)
            month = (int)t->nkeys - 1;
    }
    if (month < 0) { /* below the organisation: whole months only */
        c.want = 1u << t->nkeys;
        c.sk[t->nkeys] = SK_MONTH;
        t->key_names[t->nkeys++] = summary_key_names[SK_MONTH];
        month = (int)t->nkeys - 1;
    }
    t->nmeasures = M_COUNT;
    for (size_t m = 0; m < M_COUNT; m++) {
        t->measure_names[m] = measure_names[m];
        t->additive[m] = m < M_CYCLE_P50;
    }
    t->since = req->since ? month_floor(req->since) : 0;
    t->until = req->until ? month_ceil(req->until) : 0;
    t->rounded = t->since != req->since || t->until != req->until;
    c.t = t;
    c.units = units;
    u64map_init(&c.cell_of);
    rc = store_items_scan(st, t->since, t->until, 0, on_item, &c, diag);
    if (!rc) {
        spread(&c);
        for (size_t i = 0; i < t->n; i++)
            t->cells[i].people = settle(side_at(&c, i));
        disclose_margins(t, month, margin_people, &c);
        for (size_t i = 0; i < t->n; i++) {
            struct side *sd = side_at(&c, i);
            int shown = in_shape(&c, i);

            t->cells[i].v[M_CYCLE_P50] =
                shown ? stats_quantile_select(sd->cycles, sd->nc, 0.5) : NAN;
            t->cells[i].v[M_CYCLE_P90] =
                shown ? stats_quantile_select(sd->cycles, sd->nc, 0.9) : NAN;
        }
    } else
        disclose_units_release(units);
    for (size_t i = 0; i < c.nside; i++) {
        free(c.side[i].people);
        free(c.side[i].cycles);
    }
    free(c.side);
    buf_release(&c.month);
    u64map_release(&c.cell_of);
    free(c.pair);
    free(c.cyc);
    free(c.cyc_cell);
    return rc;
}

/* ---- the summary as reports show it ---- */

static double ratio(double num, double den)
{
    return den ? num / den : NAN;
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
    struct disclose_request req;
    struct disclose_table t;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&req, 0, sizeof(req));
    req.kind = DISCLOSE_ITEMS;
    for (size_t k = 0; k < opts->nkeys; k++)
        req.keys[req.nkeys++] = summary_key_names[opts->keys[k]];
    req.since = opts->since;
    req.until = opts->until;
    req.min_people = opts->min_people;
    rc = disclose_table(st, opts->scope, &req, &t, diag);
    if (rc)
        return rc;
    out->since = t.since;
    out->until = t.until;
    out->rounded = t.rounded;
    out->groups = xcalloc(t.n ? t.n : 1, sizeof(*out->groups));
    for (size_t i = 0; i < t.n; i++) {
        const struct disclose_cell *c = &t.cells[i];
        struct summary_group *g;

        if (!c->published)
            continue;
        if (opts->unit_name && (!c->key[0] || strcmp(c->key[0],
                                                      opts->unit_name)))
            continue;
        if (c->hidden) {
            out->hidden++;
            continue;
        }
        g = &out->groups[out->n++];
        for (size_t k = 0; k < opts->nkeys; k++)
            g->values[k] = xstrdup(c->key[k]);
        g->items = (long)c->v[M_ITEMS];
        g->people = c->people;
        g->finished = (long)c->v[M_FINISHED];
        g->cycle_median_h = c->v[M_CYCLE_P50];
        g->cycle_p90_h = c->v[M_CYCLE_P90];
        g->quality_mean = ratio(c->v[M_QUAL_SUM], c->v[M_QUAL_N]);
        g->error_rate = ratio(c->v[M_ERR_POS], c->v[M_ERR_N]);
        g->rework_rate = ratio(c->v[M_REW_POS], c->v[M_REW_N]);
        g->ai_share = ratio(c->v[M_AI], c->v[M_ITEMS]);
        g->cycle_h_sum = c->v[M_CYCLE_SUM];
        g->errors_known = (long)c->v[M_ERR_N];
        g->errors_sum = c->v[M_ERR_SUM];
        g->rework_known = (long)c->v[M_REW_N];
        g->rework_sum = c->v[M_REW_SUM];
    }
    if (out->n)
        qsort(out->groups, out->n, sizeof(*out->groups), cmp_group);
    disclose_table_release(&t);
    return 0;
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
