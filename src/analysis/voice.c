/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey results: the disclosure layer's survey cube and the results
 * reports show. */
#include "analysis/voice.h"

#include <jansson.h>
#include <sodium.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/disclose.h"
#include "analysis/disclose_int.h"
#include "core/pseudo.h"
#include "core/xalloc.h"
#include "store/roster.h"
#include "stats/stats.h"

/* The cube's keys. Margins are taken over the team and the function (of
 * the respondent's own unit); for the whole wave also over the tools of
 * a workflow and the workflows of a tool, of items asked per tool and
 * workflow (the pooled rows of --by tool and --by workflow; below the
 * whole wave they would only be sums nobody publishes, hiding cells
 * for nothing). A margin counts distinct respondents (a person answers
 * in one unit, but for several tools and workflows). The free-text cube
 * has the first five keys only and margins over the team. */
enum { K_TEAM, K_WAVE, K_ITEM, K_TOOL, K_WORKFLOW, K_FUNCTION, K_COUNT };
static const char *const survey_keys[K_COUNT] = {
    "team", "wave", "item", "tool", "workflow", "function"};
#define TEXT_KEYS K_FUNCTION
#define OVER_SURVEY ((1u << K_TEAM) | (1u << K_FUNCTION))
#define OVER_TEXT (1u << K_TEAM)
/* Measures: v[0] the people counted; for items v[1 + o] the people per
 * option; for scores v[1] the sum, v[2] the sum of squares and v[3] the
 * favourable count. */
static const char *const survey_measures[1 + SURVEY_MAX_OPTIONS] = {
    "n",  "c1", "c2", "c3", "c4",  "c5",
    "c6", "c7", "c8", "c9", "c10", "c11"};

#define RESPONSES_ITEM "(responses)"
#define SCORE_PREFIX "score:" /* item ids never hold ':' */

const char *const voice_by_names[VOICE_BY_COUNT] = {
    [VOICE_BY_NONE] = "",         [VOICE_BY_UNIT] = "unit",
    [VOICE_BY_FUNCTION] = "function", [VOICE_BY_TOOL] = "tool",
    [VOICE_BY_WORKFLOW] = "workflow"};

int voice_by_parse(const char *name, enum voice_by *out, struct diag *diag)
{
    for (int b = VOICE_BY_UNIT; b < VOICE_BY_COUNT; b++)
        if (name && !strcmp(name, voice_by_names[b])) {
            *out = (enum voice_by)b;
            return 0;
        }
    return diag_set(diag, TR_EUSAGE,
                    "--by: unit, function, tool or workflow (or leave it "
                    "out)");
}

struct build {
    struct disclose_table *t;
    struct disclose_units *units;
    const struct store_wave *wave;
    struct survey_instrument in;
    int text;           /* the free-text cube: only text items count */
    unsigned over;      /* the keys margins are taken over */
    struct strmap function; /* unit name -> index into functions */
    char **functions;   /* owned: each unit's function */
    size_t nfunctions, functions_cap;
    const char **bucket_fn; /* per unit index: the function its figures
                               count under this wave (borrowed) */
    const char *fn;     /* the function of the response being counted */
    size_t *touched;    /* cells the response counts its person in */
    size_t ntouched, touched_cap;
    uint16_t *any;      /* per item: options named for any subject */
    int *any_seen;      /* per item: answered for some subject */
    double *ssum;       /* per construct: a person's scores */
    long *sn;
    struct store *st;
};

/* The measures of a cell of the response being counted; count 1: the
 * person counts in it (its people, and its margins', once each). */
static double *cell(struct build *b, const char *team, const char *item,
                    const char *tool, const char *workflow, int count)
{
    const char *key[K_COUNT] = {team, b->wave->name, item,
                                tool, workflow,      b->fn};
    size_t i = disclose_cell_at(b->t, key); /* first: it may move cells */

    if (count) {
        b->touched = xgrow(b->touched, &b->touched_cap, b->ntouched + 1,
                           sizeof(*b->touched));
        b->touched[b->ntouched++] = i;
    }
    return b->t->cells[i].v;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return (x > y) - (x < y);
}

static void touch(struct build *b, const char *const *key)
{
    size_t at = disclose_cell_at(b->t, key);

    b->touched = xgrow(b->touched, &b->touched_cap, b->ntouched + 1,
                       sizeof(*b->touched));
    b->touched[b->ntouched++] = at;
}

/* Whether a base cell is of an item asked per tool and workflow. */
static int per_use(const struct disclose_cell *c)
{
    return !c->key[K_TEAM] && !c->key[K_FUNCTION] && c->key[K_TOOL]
           && c->key[K_WORKFLOW] && *c->key[K_TOOL] && *c->key[K_WORKFLOW];
}

/* Counts the response's person once in every cell it counts in and in
 * each of their margins (the margins are made here, so that each holds
 * its distinct respondents; disclose_margins_over adds the relations). */
static void count_people(struct build *b)
{
    size_t n = b->ntouched;
    const char *key[K_COUNT];

    for (size_t i = 0; i < n; i++) {
        size_t base = b->touched[i];

        for (unsigned m = 1; m <= b->over; m++) {
            if ((m & b->over) != m)
                continue;
            for (size_t k = 0; k < b->t->nkeys; k++)
                key[k] = m & (1u << k) ? NULL : b->t->cells[base].key[k];
            touch(b, key);
            if (m != b->over || b->text
                || !per_use(&b->t->cells[b->touched[b->ntouched - 1]]))
                continue;
            /* the whole wave's, pooled over workflows and over tools */
            key[K_WORKFLOW] = NULL;
            touch(b, key);
            key[K_WORKFLOW] = b->t->cells[base].key[K_WORKFLOW];
            key[K_TOOL] = NULL;
            touch(b, key);
        }
    }
    if (b->ntouched)
        qsort(b->touched, b->ntouched, sizeof(*b->touched), cmp_size);
    for (size_t i = 0; i < b->ntouched; i++)
        if (!i || b->touched[i] != b->touched[i - 1])
            b->t->cells[b->touched[i]].people++;
    b->ntouched = 0;
}

struct pool_part {
    size_t total, part;
    unsigned key;
};

static int cmp_pool(const void *a, const void *b)
{
    const struct pool_part *x = a, *y = b;

    if (x->total != y->total)
        return (x->total > y->total) - (x->total < y->total);
    return (x->part > y->part) - (x->part < y->part);
}

/* The relations of the whole wave's pooled cells: a tool's over its
 * workflows, a workflow's over its tools, each hidden when one of its
 * parts is. */
static void pooled_relations(struct disclose_table *t)
{
    struct pool_part *pp = NULL;
    size_t n = 0, cap = 0, *parts = NULL, pcap = 0;
    const char *key[K_COUNT];
    size_t ncells = t->n; /* the pooled cells exist: count_people made
                             them */

    for (size_t i = 0; i < ncells; i++) {
        if (!per_use(&t->cells[i]))
            continue;
        for (unsigned k = K_TOOL; k <= K_WORKFLOW; k++) {
            memcpy(key, t->cells[i].key, sizeof(key));
            key[k] = NULL;
            pp = xgrow(pp, &cap, n + 1, sizeof(*pp));
            pp[n++] = (struct pool_part){disclose_cell_at(t, key), i, k};
        }
    }
    if (n)
        qsort(pp, n, sizeof(*pp), cmp_pool);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && pp[j].total == pp[i].total; j++) {
            parts = xgrow(parts, &pcap, j - i + 1, sizeof(*parts));
            parts[j - i] = pp[j].part;
        }
        /* hide up: a pooled row goes before a row of one tool and
         * workflow */
        disclose_relation_add(t, pp[i].total, parts, j - i, pp[i].key, 1);
    }
    free(pp);
    free(parts);
}

static int on_unit_function(void *ctx, const struct store_unit_row *u,
                            struct diag *diag)
{
    struct build *b = ctx;

    (void)diag;
    b->functions = xgrow(b->functions, &b->functions_cap, b->nfunctions + 1,
                         sizeof(*b->functions));
    b->functions[b->nfunctions] =
        xstrdup(u->function && *u->function ? u->function
                                            : VOICE_NO_FUNCTION);
    strmap_puts(&b->function, u->name, (int64_t)b->nfunctions++);
    return 0;
}

/* The people a margin counts: the distinct respondents count_people
 * gave it. */
static long distinct_people(void *ctx, const struct disclose_table *t,
                            size_t total, const size_t *parts, size_t n)
{
    (void)ctx;
    (void)parts;
    (void)n;
    return t->cells[total].people;
}

struct unit_counts {
    const struct disclose_units *units;
    long *count; /* per unit index */
};

static int on_unit_count(void *ctx, const char *unit, long n,
                         struct diag *diag)
{
    struct unit_counts *uc = ctx;
    int64_t ui;

    (void)diag;
    if (strmap_gets(&uc->units->by_name, unit, &ui))
        uc->count[ui] = n;
    return 0;
}

/* Merges the units again by a wave's responses: a unit with fewer than
 * min of them is shown under its parent (docs/privacy.md). */
static int merge_by_responses(struct store *st, int64_t wave_id,
                              struct disclose_units *units, long min,
                              struct diag *diag)
{
    struct unit_counts uc = {units, xcalloc(units->n + 1, sizeof(long))};
    int rc = store_voice_response_counts(st, wave_id, on_unit_count, &uc,
                                         diag);

    if (!rc)
        disclose_units_merge(units, uc.count, min);
    free(uc.count);
    return rc;
}

static int on_response(void *ctx, const char *unit,
                       const struct survey_answer *a, size_t n,
                       struct diag *diag)
{
    struct build *b = ctx;
    const struct survey_instrument *in = &b->in;
    const char *team;
    struct buf key = BUF_INIT;

    (void)diag;
    team = disclose_unit_shown(b->units, unit);
    if (!team)
        team = DISCLOSE_UNNAMED;
    {
        int64_t ui;

        b->fn = b->bucket_fn && strmap_gets(&b->units->by_name, team, &ui)
                    ? b->bucket_fn[ui]
                    : VOICE_NO_FUNCTION;
    }
    if (b->text) { /* one answer per text item and person */
        for (size_t i = 0; i < n; i++) {
            const struct survey_item *it = survey_item_find(in, a[i].item);

            if (it && it->type == ST_TEXT && *a[i].value)
                cell(b, team, it->id, "", "", 1)[0]++;
        }
        count_people(b);
        return 0;
    }
    cell(b, team, RESPONSES_ITEM, "", "", 1)[0]++;
    memset(b->any, 0, in->nitems * sizeof(*b->any));
    memset(b->any_seen, 0, in->nitems * sizeof(*b->any_seen));
    memset(b->ssum, 0, in->nconstructs * sizeof(*b->ssum));
    memset(b->sn, 0, in->nconstructs * sizeof(*b->sn));
    for (size_t i = 0; i < n; i++) {
        const struct survey_item *it = survey_item_find(in, a[i].item);
        const struct survey_scale *s;
        size_t ix;
        double *v;
        int o;

        if (!it || it->type == ST_TEXT)
            continue;
        ix = (size_t)(it - in->items);
        s = &in->scales[it->scale];
        o = survey_option_find(s, a[i].value);
        if (o < 0 || s->opt[o].excluded)
            continue;
        /* a multi item's answers for one subject are adjacent (the
         * store orders them): count the person once */
        if (it->type == ST_SINGLE || i == 0 || strcmp(a[i - 1].item, a[i].item)
            || strcmp(a[i - 1].tool, a[i].tool)
            || strcmp(a[i - 1].workflow, a[i].workflow)) {
            v = cell(b, team, it->id, a[i].tool, a[i].workflow, 1);
            v[0]++;
        } else
            v = cell(b, team, it->id, a[i].tool, a[i].workflow, 0);
        v[1 + o]++;
        if (it->type == ST_MULTI && it->per != SP_NONE) {
            b->any[ix] |= (uint16_t)(1u << o);
            b->any_seen[ix] = 1;
        }
        if (in->constructs[it->construct].scored) {
            b->ssum[it->construct] += survey_option_score(s, it, (size_t)o);
            b->sn[it->construct]++;
        }
    }
    for (size_t ix = 0; ix < in->nitems; ix++) {
        double *v;

        if (!b->any_seen[ix])
            continue;
        v = cell(b, team, in->items[ix].id, "", "", 1);
        v[0]++;
        for (size_t o = 0; o < SURVEY_MAX_OPTIONS; o++)
            v[1 + o] += (b->any[ix] >> o) & 1;
    }
    for (size_t k = 0; k < in->nconstructs; k++) {
        const struct survey_construct *co = &in->constructs[k];
        double m, *v;

        if (!co->scored || b->sn[k] < co->min_items)
            continue;
        m = b->ssum[k] / (double)b->sn[k];
        buf_reset(&key);
        buf_addf(&key, SCORE_PREFIX "%s", co->id);
        v = cell(b, team, buf_str(&key), "", "", 1);
        v[0]++;
        v[1] += m;
        v[2] += m * m;
        v[3] += m >= co->favourable_at;
    }
    count_people(b);
    buf_release(&key);
    return 0;
}

/* The function each unit as shown (a bucket) counts under: its own, or
 * when it has none the one every unit merged into it that has one
 * shares; else VOICE_NO_FUNCTION. A bucket counts under one function,
 * so functions group units as shown (a small team of another function
 * counts where its unit does: it is merged, as for --by unit) and the
 * cube stays a hierarchy: team within function within the wave. */
static const char *unit_function(const struct build *b, size_t i)
{
    int64_t f;

    return strmap_gets(&b->function, b->units->name[i], &f)
               ? b->functions[f]
               : VOICE_NO_FUNCTION;
}

static void bucket_functions(struct build *b)
{
    const struct disclose_units *u = b->units;
    int *own = xcalloc(u->n + 1, sizeof(int)), *mixed;

    mixed = xcalloc(u->n + 1, sizeof(int));
    b->bucket_fn = xrealloc(b->bucket_fn, (u->n + 1) * sizeof(char *));
    for (size_t i = 0; i < u->n; i++) {
        const char *fi = unit_function(b, i);

        own[i] = u->bucket_of[i] == (int64_t)i
                 && strcmp(fi, VOICE_NO_FUNCTION);
        b->bucket_fn[i] = own[i] ? fi : NULL;
    }
    for (size_t i = 0; i < u->n; i++) {
        int64_t k = u->bucket_of[i];
        const char *fi = unit_function(b, i);

        if (k < 0 || own[k] || !strcmp(fi, VOICE_NO_FUNCTION))
            continue;
        if (!b->bucket_fn[k])
            b->bucket_fn[k] = fi;
        else if (strcmp(b->bucket_fn[k], fi))
            mixed[k] = 1;
    }
    for (size_t i = 0; i < u->n; i++)
        if (!b->bucket_fn[i] || mixed[i])
            b->bucket_fn[i] = VOICE_NO_FUNCTION;
    free(own);
    free(mixed);
}

static int on_wave(void *ctx, const struct store_wave *w, struct diag *diag)
{
    struct build *b = ctx;
    int rc;

    b->wave = w;
    rc = survey_instrument_parse(w->definition, strlen(w->definition), &b->in,
                                 diag);
    if (rc)
        return rc;
    b->any = xcalloc(b->in.nitems + 1, sizeof(*b->any));
    b->any_seen = xcalloc(b->in.nitems + 1, sizeof(*b->any_seen));
    b->ssum = xcalloc(b->in.nconstructs + 1, sizeof(*b->ssum));
    b->sn = xcalloc(b->in.nconstructs + 1, sizeof(*b->sn));
    rc = merge_by_responses(b->st, w->id, b->units, b->t->min_people, diag);
    if (!rc && !b->text)
        bucket_functions(b);
    if (!rc)
        rc = store_voice_responses(b->st, w->id, on_response, b, diag);
    free(b->any);
    free(b->any_seen);
    free(b->ssum);
    free(b->sn);
    survey_instrument_release(&b->in);
    return rc;
}

static void build_release(struct build *b)
{
    for (size_t i = 0; i < b->nfunctions; i++)
        free(b->functions[i]);
    free(b->functions);
    strmap_release(&b->function);
    free(b->touched);
    free(b->bucket_fn);
    b->bucket_fn = NULL;
    b->functions = NULL;
    b->touched = NULL;
    b->nfunctions = b->ntouched = 0;
}

static int survey_cube(struct store *st, const struct disclose_request *req,
                       struct disclose_table *t, struct disclose_units *units,
                       int text, struct diag *diag)
{
    struct build b;
    int rc;

    memset(&b, 0, sizeof(b));
    b.text = text;
    b.over = text ? OVER_TEXT : OVER_SURVEY;
    strmap_init(&b.function);
    t->min_people = disclose__min(text ? DISCLOSE_MIN_TEXT
                                       : DISCLOSE_MIN_ITEMS,
                                  req->min_people);
    t->sums_published = 1; /* the whole wave's, to every reader */
    rc = store_units(st, on_unit_function, &b, diag);
    if (!rc)
        rc = disclose_units_load(st, t->min_people, units, diag);
    if (rc) {
        build_release(&b);
        return rc;
    }
    t->nkeys = text ? TEXT_KEYS : K_COUNT;
    memcpy(t->key_names, survey_keys, sizeof(survey_keys));
    t->nmeasures = 1 + SURVEY_MAX_OPTIONS;
    for (size_t m = 0; m < t->nmeasures; m++) {
        t->measure_names[m] = survey_measures[m];
        t->additive[m] = 1;
    }
    b.t = t;
    b.units = units;
    b.st = st;
    rc = store_waves(st, on_wave, &b, diag);
    build_release(&b);
    if (rc) {
        disclose_units_release(units);
        return rc;
    }
    disclose_margins_over(t, b.over, -1, distinct_people, NULL);
    if (!text)
        pooled_relations(t);
    return 0;
}

int disclose__survey(struct store *st, const struct disclose_request *req,
                     struct disclose_table *t, struct disclose_units *units,
                     struct diag *diag)
{
    return survey_cube(st, req, t, units, 0, diag);
}

/* Free text: its own cube, with the text threshold (10) both for the
 * units a wave's responses merge into and for each result. */
int disclose__survey_text(struct store *st,
                          const struct disclose_request *req,
                          struct disclose_table *t,
                          struct disclose_units *units, struct diag *diag)
{
    return survey_cube(st, req, t, units, 1, diag);
}

/* ---- results ---- */

static void row_stats(const struct survey_instrument *in, struct voice_row *r,
                      const double *v)
{
    r->mean = r->mean_lo = r->mean_hi = NAN;
    r->share = r->share_lo = r->share_hi = NAN;
    r->var = NAN;
    r->d_share = r->d_share_lo = r->d_share_hi = NAN;
    r->d_mean = r->d_mean_lo = r->d_mean_hi = NAN;
    r->n = (long)v[0];
    if (r->kind == VR_SCORE) {
        double var = r->n > 1 ? (v[2] - v[1] * v[1] / r->n) / (r->n - 1) : NAN;

        r->var = var < 0 ? 0 : var;
        r->fav = (long)v[3];
        r->mean = v[1] / r->n;
        stats_mean_interval(r->n, r->mean, var < 0 ? 0 : var, VOICE_ALPHA,
                            &r->mean_lo, &r->mean_hi);
        r->share = v[3] / r->n;
        stats_wilson((long)v[3], r->n, VOICE_ALPHA, &r->share_lo,
                     &r->share_hi);
        return;
    }
    if (r->kind != VR_ITEM)
        return;
    {
        const struct survey_scale *s = &in->scales[r->item->scale];
        double sum = 0, sumsq = 0;
        long fav = 0;
        int has_fav = 0;

        for (size_t o = 0; o < s->nopt; o++) {
            r->count[o] = (long)v[1 + o];
            if (s->opt[o].excluded)
                continue;
            if (s->ordinal) {
                double sc = survey_option_score(s, r->item, o);

                sum += sc * (double)r->count[o];
                sumsq += sc * sc * (double)r->count[o];
            }
            has_fav |= s->opt[o].favourable;
            if (survey_option_favourable(s, r->item, o))
                fav += r->count[o];
        }
        if (s->ordinal && r->item->type == ST_SINGLE && r->n > 0) {
            double var = r->n > 1 ? (sumsq - sum * sum / r->n) / (r->n - 1)
                                  : NAN;

            r->mean = sum / r->n;
            r->var = var < 0 ? 0 : var;
            stats_mean_interval(r->n, r->mean, var < 0 ? 0 : var,
                                VOICE_ALPHA, &r->mean_lo, &r->mean_hi);
        }
        if (has_fav && r->item->type == ST_SINGLE && r->n > 0) {
            r->fav = fav;
            r->share = (double)fav / r->n;
            stats_wilson(fav, r->n, VOICE_ALPHA, &r->share_lo, &r->share_hi);
        }
    }
}

int voice_row_is(const struct voice_results *r, const struct voice_row *row,
                 const char *construct)
{
    return row->kind == VR_ITEM && row->item
           && !strcmp(r->in.constructs[row->item->construct].id, construct);
}

/* Position of a row in the instrument: items in their order, then the
 * scores, then the count of responses. */
static size_t order_of(const struct voice_results *res,
                       const struct voice_row *r)
{
    if (r->kind == VR_ITEM)
        return (size_t)(r->item - res->in.items);
    if (r->kind == VR_SCORE)
        return res->in.nitems + (size_t)(r->construct - res->in.constructs);
    return (size_t)-1;
}

/* Whether a row is of a group (not the whole wave's). */
static int grouped(const struct voice_row *r)
{
    return r->unit || r->function || r->all_tools || r->all_workflows;
}

static int cmp_row(const void *a, const void *b)
{
    const struct voice_row *x = a, *y = b;
    size_t ox, oy;
    int c;

    if (grouped(x) != grouped(y))
        return grouped(x) ? 1 : -1;
    if (!x->unit != !y->unit)
        return x->unit ? 1 : -1;
    if (x->unit && (c = strcmp(x->unit, y->unit)))
        return c;
    if (!x->function != !y->function)
        return x->function ? 1 : -1;
    if (x->function && (c = strcmp(x->function, y->function)))
        return c;
    ox = x->order;
    oy = y->order;
    if (ox != oy)
        return ox < oy ? -1 : 1;
    if ((c = strcmp(x->tool, y->tool)))
        return c;
    return strcmp(x->workflow, y->workflow);
}

/* The keys a grouping publishes (the request's), besides wave and item. */
static void request_keys(enum voice_by by, struct disclose_request *req)
{
    req->nkeys = 0;
    if (by == VOICE_BY_UNIT)
        req->keys[req->nkeys++] = "team";
    if (by == VOICE_BY_FUNCTION)
        req->keys[req->nkeys++] = "function";
    req->keys[req->nkeys++] = "wave";
    req->keys[req->nkeys++] = "item";
    if (by != VOICE_BY_WORKFLOW)
        req->keys[req->nkeys++] = "tool";
    if (by != VOICE_BY_TOOL)
        req->keys[req->nkeys++] = "workflow";
}

/* Whether cell c of the cube is a row of the whole wave (pass 0) or of
 * the grouping (pass 1) of the results r. */
static int row_cell(const struct voice_results *r, const struct disclose_cell *c,
                    int pass)
{
    const struct survey_item *it;

    if (!c->key[K_WAVE] || strcmp(c->key[K_WAVE], r->wave.name)
        || !c->key[K_ITEM])
        return 0;
    /* the whole wave, the margin over teams and functions: every reader
     * may see it (it is what a request without --by publishes,
     * suppressed in the same cube) */
    if (pass == 0)
        return !c->key[K_TEAM] && !c->key[K_FUNCTION] && c->key[K_TOOL]
               && c->key[K_WORKFLOW];
    if (!c->published)
        return 0;
    switch (r->by) {
    case VOICE_BY_UNIT:
        return c->key[K_TEAM] != NULL;
    case VOICE_BY_FUNCTION:
        return c->key[K_FUNCTION] != NULL;
    case VOICE_BY_TOOL:
    case VOICE_BY_WORKFLOW:
        /* items asked per tool and workflow, pooled over the other */
        it = survey_item_find(&r->in, c->key[K_ITEM]);
        return it && it->per == SP_USE
               && *c->key[r->by == VOICE_BY_TOOL ? K_TOOL : K_WORKFLOW];
    default:
        return 0;
    }
}

static int results_of(struct store *st, const struct access_scope *scope,
                      const char *wave, enum voice_by by, long min_people,
                      struct voice_results *out, struct diag *diag)
{
    struct disclose_request req;
    struct disclose_table t;
    int found, rc;

    memset(out, 0, sizeof(*out));
    out->by = by;
    rc = wave ? store_wave_find(st, wave, &out->wave, &found, diag)
              : store_wave_latest(st, &out->wave, &found, diag);
    if (!rc && !found)
        rc = wave ? diag_set(diag, TR_ENOENT, "no wave '%s'", wave)
                  : diag_set(diag, TR_ENOENT,
                             "no survey wave yet: run 'traction survey "
                             "open' or 'traction import survey' first");
    if (!rc)
        rc = survey_instrument_parse(out->wave.definition,
                                     strlen(out->wave.definition), &out->in,
                                     diag);
    if (rc) {
        voice_results_release(out);
        return rc;
    }
    memset(&req, 0, sizeof(req));
    req.kind = DISCLOSE_SURVEY;
    req.min_people = min_people;
    request_keys(by, &req);
    rc = disclose_table(st, scope, &req, &t, diag);
    if (rc) {
        voice_results_release(out);
        return rc;
    }
    for (int pass = 0; pass < 1 + (by != VOICE_BY_NONE); pass++)
        for (size_t i = 0; i < t.n; i++) {
            const struct disclose_cell *c = &t.cells[i];
            struct voice_row r;

            if (!row_cell(out, c, pass))
                continue;
            if (c->hidden) {
                out->hidden++;
                continue;
            }
            memset(&r, 0, sizeof(r));
            if (!strcmp(c->key[K_ITEM], RESPONSES_ITEM))
                r.kind = VR_RESPONSES;
            else if (!strncmp(c->key[K_ITEM], SCORE_PREFIX,
                              strlen(SCORE_PREFIX))) {
                r.kind = VR_SCORE;
                for (size_t k = 0; k < out->in.nconstructs; k++)
                    if (!strcmp(out->in.constructs[k].id,
                                c->key[K_ITEM] + strlen(SCORE_PREFIX)))
                        r.construct = &out->in.constructs[k];
                if (!r.construct)
                    continue;
            } else {
                r.kind = VR_ITEM;
                r.item = survey_item_find(&out->in, c->key[K_ITEM]);
                if (!r.item)
                    continue;
            }
            r.unit = c->key[K_TEAM] ? xstrdup(c->key[K_TEAM]) : NULL;
            r.function = c->key[K_FUNCTION] ? xstrdup(c->key[K_FUNCTION])
                                            : NULL;
            r.all_tools = !c->key[K_TOOL];
            r.all_workflows = !c->key[K_WORKFLOW];
            r.tool = xstrdup(r.all_tools ? "" : c->key[K_TOOL]);
            r.workflow = xstrdup(r.all_workflows ? "" : c->key[K_WORKFLOW]);
            row_stats(&out->in, &r, c->v);
            r.order = order_of(out, &r);
            out->rows = xgrow(out->rows, &out->cap, out->n + 1,
                              sizeof(*out->rows));
            out->rows[out->n++] = r;
        }
    disclose_table_release(&t);
    if (out->n)
        qsort(out->rows, out->n, sizeof(*out->rows), cmp_row);
    return 0;
}

struct prev_find {
    const struct store_wave *w;
    char *name;
};

static int on_prev(void *ctx, const struct store_wave *w, struct diag *diag)
{
    struct prev_find *p = ctx;

    (void)diag;
    if (w->id < p->w->id && !strcmp(w->instrument, p->w->instrument)
        && w->version == p->w->version) {
        free(p->name);
        p->name = xstrdup(w->name);
    }
    return 0;
}

/* The same row in another wave's results, or NULL. */
static const struct voice_row *same_row(const struct voice_results *p,
                                        const struct voice_results *r,
                                        const struct voice_row *x)
{
    for (size_t i = 0; i < p->n; i++) {
        const struct voice_row *y = &p->rows[i];

        if (y->kind != x->kind || !y->unit != !x->unit
            || (x->unit && strcmp(x->unit, y->unit))
            || !y->function != !x->function
            || (x->function && strcmp(x->function, y->function))
            || x->all_tools != y->all_tools
            || x->all_workflows != y->all_workflows
            || strcmp(x->tool, y->tool) || strcmp(x->workflow, y->workflow))
            continue;
        if (x->kind == VR_ITEM && strcmp(x->item->id, y->item->id))
            continue;
        if (x->kind == VR_SCORE
            && strcmp(x->construct->id, y->construct->id))
            continue;
        (void)r;
        return y;
    }
    return NULL;
}

int voice_results(struct store *st, const struct access_scope *scope,
                  const char *wave, enum voice_by by, long min_people,
                  struct voice_results *out, struct diag *diag)
{
    struct prev_find pf = {NULL, NULL};
    struct voice_results prev;
    int rc = results_of(st, scope, wave, by, min_people, out, diag);

    if (rc)
        return rc;
    pf.w = &out->wave;
    rc = store_waves(st, on_prev, &pf, diag);
    if (!rc && pf.name)
        rc = results_of(st, scope, pf.name, by, min_people, &prev,
                        diag);
    if (rc || !pf.name) {
        free(pf.name);
        if (rc)
            voice_results_release(out);
        return rc;
    }
    out->prev_wave = pf.name;
    for (size_t i = 0; i < out->n; i++) {
        struct voice_row *x = &out->rows[i];
        const struct voice_row *y = same_row(&prev, out, x);
        struct stats_result sr;

        if (!y)
            continue;
        if (!isnan(x->share) && !isnan(y->share))
            stats_newcombe_diff(x->fav, x->n, y->fav, y->n, VOICE_ALPHA,
                                &x->d_share, &x->d_share_lo, &x->d_share_hi);
        if (!isnan(x->mean) && !isnan(y->mean) && x->n > 1 && y->n > 1
            && (x->var > 0 || y->var > 0)
            && !stats_welch_suff((size_t)y->n, y->mean, y->var,
                                 (size_t)x->n, x->mean, x->var,
                                 STATS_TWO_SIDED, VOICE_ALPHA, &sr, NULL)) {
            x->d_mean = sr.effect;
            x->d_mean_lo = sr.ci_low;
            x->d_mean_hi = sr.ci_high;
        }
    }
    voice_results_release(&prev);
    return 0;
}

void voice_results_release(struct voice_results *r)
{
    if (!r)
        return;
    free(r->prev_wave);
    for (size_t i = 0; i < r->ntexts; i++) {
        for (size_t k = 0; k < r->texts[i].n; k++)
            free(r->texts[i].text[k]);
        free(r->texts[i].text);
        free(r->texts[i].unit);
    }
    free(r->texts);
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].unit);
        free(r->rows[i].function);
        free(r->rows[i].tool);
        free(r->rows[i].workflow);
    }
    free(r->rows);
    store_wave_release(&r->wave);
    survey_instrument_release(&r->in);
    memset(r, 0, sizeof(*r));
}

size_t voice_subjects(const char *uses, enum survey_per per, char ***tools,
                      char ***workflows)
{
    json_t *j = uses ? json_loads(uses, 0, NULL) : NULL;
    size_t n = 0, cap = json_array_size(j) + 1;

    *tools = xcalloc(cap, sizeof(char *));
    *workflows = xcalloc(cap, sizeof(char *));
    if (per == SP_NONE) {
        (*tools)[0] = xstrdup("");
        (*workflows)[0] = xstrdup("");
        json_decref(j);
        return 1;
    }
    for (size_t i = 0; i < json_array_size(j); i++) {
        const char *tool = json_string_value(json_array_get(
            json_array_get(j, i), 0));
        const char *wf = json_string_value(json_array_get(
            json_array_get(j, i), 1));
        size_t k;

        if (!wf || (!tool && per == SP_USE))
            continue;
        if (per == SP_WORKFLOW) {
            for (k = 0; k < n && strcmp((*workflows)[k], wf); k++)
                ;
            if (k < n)
                continue;
            tool = "";
        }
        (*tools)[n] = xstrdup(tool);
        (*workflows)[n] = xstrdup(wf);
        n++;
    }
    json_decref(j);
    return n;
}

/* ---- the friction backlog ---- */

struct fr_wave {
    int64_t id;
    char *name;
};

struct fr_ctx {
    struct fr_wave *w;
    size_t n, cap;
    struct strmap shown;   /* wave id, unit, workflow, category -> share */
    struct voice_friction *out;
    double share;
};

static int fr_on_wave(void *ctx, const struct store_wave *w,
                      struct diag *diag)
{
    struct fr_ctx *c = ctx;

    (void)diag;
    c->w = xgrow(c->w, &c->cap, c->n + 1, sizeof(*c->w));
    c->w[c->n].id = w->id;
    c->w[c->n].name = xstrdup(w->name);
    c->n++;
    return 0;
}

static void fr_key(struct buf *b, int64_t wave, const char *unit,
                   const char *workflow, const char *category)
{
    buf_reset(b);
    buf_addf(b, "%lld\x1f%s\x1f%s\x1f%s", (long long)wave, unit, workflow,
             category);
}

static int fr_on_item(void *ctx, const struct store_friction *f,
                      struct diag *diag)
{
    struct fr_ctx *c = ctx;
    struct voice_friction_item *it;
    struct buf k = BUF_INIT;

    (void)diag;
    c->out->v = xgrow(c->out->v, &c->out->cap, c->out->n + 1,
                      sizeof(*c->out->v));
    it = &c->out->v[c->out->n++];
    memset(it, 0, sizeof(*it));
    it->id = f->id;
    it->unit = xstrdup(f->unit);
    it->workflow = xstrdup(f->workflow);
    it->category = xstrdup(f->category);
    it->raised_wave = xstrdup(f->raised_wave);
    it->share = f->share;
    it->status = xstrdup(f->status);
    it->owner = f->owner ? xstrdup(f->owner) : NULL;
    it->note = f->note ? xstrdup(f->note) : NULL;
    it->gone = -1;
    it->since_share = NAN;
    for (size_t i = c->n; i-- > 0 && c->w[i].id > f->raised_wave_id;) {
        int64_t bits;

        fr_key(&k, c->w[i].id, f->unit, f->workflow, f->category);
        if (!strmap_get(&c->shown, k.data, k.len, &bits))
            continue;
        memcpy(&it->since_share, &bits, sizeof(double));
        it->since_wave = xstrdup(c->w[i].name);
        it->gone = it->since_share < c->share;
        break;
    }
    buf_release(&k);
    return 0;
}

int voice_friction_update(struct store *st, double share, int raise,
                          struct voice_friction *out, struct diag *diag)
{
    struct fr_ctx c;
    struct buf k = BUF_INIT;
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&c, 0, sizeof(c));
    strmap_init(&c.shown);
    c.out = out;
    c.share = share;
    rc = store_waves(st, fr_on_wave, &c, diag);
    for (size_t i = 0; !rc && i < c.n; i++) {
        struct voice_results res;

        rc = voice_results(st, NULL, c.w[i].name, VOICE_BY_UNIT, 0, &res,
                           diag);
        for (size_t r = 0; !rc && r < res.n; r++) {
            const struct voice_row *x = &res.rows[r];
            const struct survey_scale *sc;

            if (x->kind != VR_ITEM || x->item->type != ST_MULTI || !x->unit
                || strcmp(res.in.constructs[x->item->construct].id,
                          "friction")
                || (x->item->per != SP_NONE && !*x->workflow) || !x->n)
                continue;
            sc = &res.in.scales[x->item->scale];
            for (size_t o = 0; !rc && o < sc->nopt; o++) {
                double v = (double)x->count[o] / (double)x->n;
                int64_t bits;
                int added;

                if (sc->opt[o].exclusive || sc->opt[o].excluded)
                    continue;
                fr_key(&k, c.w[i].id, x->unit, x->workflow, sc->opt[o].code);
                memcpy(&bits, &v, sizeof(bits));
                strmap_put(&c.shown, k.data, k.len, bits);
                if (v < share || !raise)
                    continue;
                rc = store_friction_raise(st, x->unit, x->workflow,
                                          sc->opt[o].code, c.w[i].id, v,
                                          &added, diag);
                out->raised += added;
            }
        }
        voice_results_release(&res);
    }
    if (!rc)
        rc = store_frictions(st, fr_on_item, &c, diag);
    for (size_t i = 0; i < c.n; i++)
        free(c.w[i].name);
    free(c.w);
    strmap_release(&c.shown);
    buf_release(&k);
    if (rc)
        voice_friction_release(out);
    return rc;
}

void voice_friction_release(struct voice_friction *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        struct voice_friction_item *it = &f->v[i];

        free(it->unit);
        free(it->workflow);
        free(it->category);
        free(it->raised_wave);
        free(it->status);
        free(it->owner);
        free(it->note);
        free(it->since_wave);
    }
    free(f->v);
    memset(f, 0, sizeof(*f));
}

/* ---- free text ---- */

static int is_word_char(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
           || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.'
           || c == '\'';
}

/* Whether words [s, s + n) are an identifier the roster knows. */
static int known(const char *s, size_t n, const struct pseudo_key *key,
                 const struct strmap *ids)
{
    unsigned char h[PSEUDO_BYTES];

    while (n && (s[n - 1] == '.' || s[n - 1] == '\'' || s[n - 1] == '-'))
        n--;
    return n && !pseudo_hash(key, s, n, h)
           && strmap_get(ids, h, sizeof(h), NULL);
}

void voice_mask(const char *text, const struct pseudo_key *key,
                const struct strmap *ids, struct buf *out)
{
    const char *p = text;

    while (*p) {
        const char *w = p, *e, *q;
        size_t digits = 0;
        int masked = 0;

        if (!is_word_char((unsigned char)*p) && *p != '@' && *p != '+'
            && *p != '(') {
            buf_putc(out, *p++);
            continue;
        }
        /* an e-mail address: a run without spaces holding an @ */
        for (e = p; *e && *e != ' ' && *e != '\n' && *e != '\t' && *e != ','
                    && *e != ';' && *e != '<' && *e != '>';
             e++)
            ;
        if (memchr(p, '@', (size_t)(e - p)) && e - p > 2) {
            while (e > p && (e[-1] == '.' || e[-1] == ')'))
                e--;
            buf_puts(out, "[e-mail]");
            p = e;
            continue;
        }
        /* a phone number: digits with + - ( ) . and spaces, 7 or more */
        for (q = p; *q && (strchr("+-(). ", *q) || (*q >= '0' && *q <= '9'));
             q++)
            digits += *q >= '0' && *q <= '9';
        if (digits >= 7) {
            while (q > p && strchr(" .-(", q[-1]))
                q--;
            buf_puts(out, "[phone]");
            p = q;
            continue;
        }
        /* up to three words the roster knows */
        for (int words = 3; words >= 1 && !masked; words--) {
            const char *end = w;

            for (int k = 0; k < words; k++) {
                while (*end && !is_word_char((unsigned char)*end)
                       && *end == ' ')
                    end++;
                if (!is_word_char((unsigned char)*end)) {
                    end = NULL;
                    break;
                }
                while (is_word_char((unsigned char)*end))
                    end++;
            }
            if (end && known(w, (size_t)(end - w), key, ids)) {
                buf_puts(out, "[name]");
                p = end;
                masked = 1;
            }
        }
        if (masked)
            continue;
        while (is_word_char((unsigned char)*p) || *p == '@' || *p == '+'
               || *p == '(')
            buf_putc(out, *p++);
    }
}

static int add_id(void *ctx, const void *pseudonym, size_t len,
                  int64_t person_id, int64_t unit_id)
{
    (void)person_id;
    (void)unit_id;
    strmap_put(ctx, pseudonym, len, 1);
    return 0;
}

struct tx {
    struct voice_results *r;
    const struct survey_instrument *in;
    struct disclose_units *units;
    const struct pseudo_key *key;
    const struct strmap *ids;
};

static struct voice_texts *group_of(struct voice_results *r, const char *unit,
                                    const struct survey_item *it)
{
    for (size_t i = 0; i < r->ntexts; i++)
        if (r->texts[i].item == it
            && (unit ? r->texts[i].unit && !strcmp(r->texts[i].unit, unit)
                     : !r->texts[i].unit))
            return &r->texts[i];
    return NULL;
}

static int tx_on_response(void *ctx, const char *unit,
                          const struct survey_answer *a, size_t n,
                          struct diag *diag)
{
    struct tx *x = ctx;
    const char *team;

    (void)diag;
    team = disclose_unit_shown(x->units, unit);
    for (size_t i = 0; i < n; i++) {
        const struct survey_item *it = survey_item_find(x->in, a[i].item);
        struct voice_texts *g[2];

        if (!it || it->type != ST_TEXT || !*a[i].value)
            continue;
        g[0] = group_of(x->r, NULL, it);
        g[1] = team ? group_of(x->r, team, it) : NULL;
        for (int k = 0; k < 2; k++) {
            struct buf m = BUF_INIT;

            if (!g[k])
                continue;
            voice_mask(a[i].value, x->key, x->ids, &m);
            g[k]->text = xgrow(g[k]->text, &g[k]->cap, g[k]->n + 1,
                               sizeof(char *));
            g[k]->text[g[k]->n++] = buf_detach(&m);
        }
    }
    return 0;
}

int voice_results_texts(struct store *st, const struct access_scope *scope,
                        const struct pseudo_key *key, long min_people,
                        struct voice_results *r, struct diag *diag)
{
    struct disclose_request req;
    struct disclose_table t;
    struct disclose_units units;
    struct strmap ids;
    struct tx x;
    long min;
    int rc;

    memset(&req, 0, sizeof(req));
    req.kind = DISCLOSE_SURVEY_TEXT;
    req.min_people = min_people;
    if (r->by == VOICE_BY_UNIT)
        req.keys[req.nkeys++] = "team";
    req.keys[req.nkeys++] = "wave";
    req.keys[req.nkeys++] = "item";
    req.keys[req.nkeys++] = "tool";
    req.keys[req.nkeys++] = "workflow";
    rc = disclose_table(st, scope, &req, &t, diag);
    if (rc)
        return rc;
    min = t.min_people;
    for (int pass = 0; pass < 1 + (r->by == VOICE_BY_UNIT); pass++)
        for (size_t i = 0; i < t.n; i++) {
            const struct disclose_cell *c = &t.cells[i];
            const struct survey_item *it;
            struct voice_texts *g;

            if (!c->key[K_WAVE] || strcmp(c->key[K_WAVE], r->wave.name))
                continue;
            if (pass == 0 ? c->key[K_TEAM] != NULL
                          : !c->published || !c->key[K_TEAM])
                continue;
            if (c->hidden) {
                r->texts_hidden++;
                continue;
            }
            it = survey_item_find(&r->in, c->key[K_ITEM]);
            if (!it)
                continue;
            r->texts = xgrow(r->texts, &r->texts_cap, r->ntexts + 1,
                             sizeof(*r->texts));
            g = &r->texts[r->ntexts++];
            memset(g, 0, sizeof(*g));
            g->unit = c->key[K_TEAM] ? xstrdup(c->key[K_TEAM]) : NULL;
            g->item = it;
        }
    disclose_table_release(&t);
    if (!r->ntexts)
        return 0;
    /* the texts of the groups shown, under the same merging of units */
    strmap_init(&ids);
    rc = store_identities(st, add_id, &ids, diag);
    if (!rc)
        rc = disclose_units_load(st, min, &units, diag);
    if (rc) {
        strmap_release(&ids);
        return rc;
    }
    memset(&x, 0, sizeof(x));
    x.r = r;
    x.in = &r->in;
    x.units = &units;
    x.key = key;
    x.ids = &ids;
    rc = merge_by_responses(st, r->wave.id, &units, min, diag);
    if (!rc)
        rc = store_voice_responses(st, r->wave.id, tx_on_response, &x, diag);
    /* random order: the order of the store (random ids) is not shown */
    if (sodium_init() >= 0)
        for (size_t i = 0; i < r->ntexts; i++)
            for (size_t k = r->texts[i].n; k > 1; k--) {
                size_t j = randombytes_uniform((uint32_t)k);
                char *tmp = r->texts[i].text[k - 1];

                r->texts[i].text[k - 1] = r->texts[i].text[j];
                r->texts[i].text[j] = tmp;
            }
    disclose_units_release(&units);
    strmap_release(&ids);
    return rc;
}
