/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly cells as reports release them: loaded, then suppressed. */
#include "analysis/cells.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/disclose.h"
#include "analysis/disclose_int.h"
#include "core/buf.h"
#include "core/tstamp.h"
#include "analysis/shadow.h"
#include "analysis/usage.h"
#include "core/xalloc.h"

/* ---- the cubes (the disclosure layer's builders) ---- */

/* Weeks as their keys: "2026-W37" (rows come by week: the last one is
 * kept). */
struct week_key {
    struct buf b;
    int64_t monday;
    int set;
};

static const char *week_key(struct week_key *w, int64_t monday)
{
    if (!w->set || w->monday != monday) {
        buf_reset(&w->b);
        tstamp_format_isoweek(&w->b, monday);
        w->monday = monday;
        w->set = 1;
    }
    return buf_str(&w->b);
}

/* The weeks asked for, [since, until) in seconds, as Monday day
 * numbers [from, to]: whole ISO weeks. */
static void week_range(const struct disclose_request *req,
                       struct disclose_table *t, int64_t *from, int64_t *to)
{
    *from = req->since ? tstamp_monday(tstamp_day(req->since)) : 0;
    *to = req->until ? tstamp_monday(tstamp_day(req->until - 1))
                     : INT64_MAX / 2;
    t->since = req->since ? *from * 86400 : 0;
    t->until = req->until ? (*to + 7) * 86400 : 0;
    t->rounded = t->since != req->since || t->until != req->until;
}

enum { U_PEOPLE, U_DAYS, U_INTERACTIONS, U_LIGHT, U_COUNT };
enum { S_PEOPLE, S_DAYS, S_REQUESTS, S_COUNT };

struct cube {
    struct disclose_table *t;
    struct disclose_units *units;
    struct week_key wk;
};

static int on_usage_cell(void *ctx, const struct store_usage_cell *c,
                         struct diag *diag)
{
    struct cube *cu = ctx;
    const char *key[3];
    double *v;
    size_t i;

    (void)diag;
    if (!c->team)
        return 0; /* organisation rows: not a team's */
    key[0] = disclose_unit_shown(cu->units, c->team);
    if (!key[0])
        key[0] = DISCLOSE_UNNAMED;
    key[1] = c->tool;
    key[2] = week_key(&cu->wk, c->week);
    i = disclose_cell_at(cu->t, key); /* before cells: it may move them */
    v = cu->t->cells[i].v;
    v[U_PEOPLE] += (double)c->people;
    v[U_DAYS] += (double)c->active_days;
    v[U_INTERACTIONS] += (double)c->interactions;
    v[U_LIGHT] += (double)c->light_people;
    return 0;
}

static int on_shadow_cell(void *ctx, const struct store_shadow_cell *c,
                          struct diag *diag)
{
    struct cube *cu = ctx;
    const char *key[6];
    double *v;
    size_t i;

    (void)diag;
    key[0] = disclose_unit_shown(cu->units, c->team);
    if (!key[0])
        key[0] = DISCLOSE_UNNAMED;
    key[1] = c->service;
    key[2] = week_key(&cu->wk, c->week);
    key[3] = c->vendor;
    key[4] = c->category;
    key[5] = c->status;
    i = disclose_cell_at(cu->t, key); /* before cells: it may move them */
    v = cu->t->cells[i].v;
    v[S_PEOPLE] += (double)c->people;
    v[S_DAYS] += (double)c->active_days;
    v[S_REQUESTS] += (double)c->requests;
    return 0;
}

static const char *const usage_keys[] = {"team", "tool", "week"};
static const char *const usage_measures[U_COUNT] = {
    "active_people", "active_days", "interactions", "light_people"};
static const char *const shadow_keys[] = {"team",   "service",  "week",
                                          "vendor", "category", "status"};
static const char *const shadow_measures[S_COUNT] = {"people", "active_days",
                                                     "requests"};

/* A team cube: people add up over teams (a person counts in one team),
 * not over weeks or tools, so the only margin is over teams. */
static int team_cube(struct store *st, const struct disclose_request *req,
                     struct disclose_table *t, struct disclose_units *units,
                     const char *const *keys, size_t nkeys,
                     const char *const *measures, size_t nmeasures,
                     struct diag *diag)
{
    struct cube cu = {t, units, {BUF_INIT, 0, 0}};
    int64_t from, to;
    int rc;

    t->min_people = disclose__min(DISCLOSE_MIN_TELEMETRY, req->min_people);
    rc = disclose_units_load(st, t->min_people, units, diag);
    if (rc)
        return rc;
    t->nkeys = nkeys;
    memcpy(t->key_names, keys, nkeys * sizeof(*keys));
    t->nmeasures = nmeasures;
    memcpy(t->measure_names, measures, nmeasures * sizeof(*measures));
    for (size_t m = 0; m < nmeasures; m++)
        t->additive[m] = 1;
    week_range(req, t, &from, &to);
    rc = t->kind == DISCLOSE_USAGE
             ? store_usage_weeks(st, from, to, on_usage_cell, &cu, diag)
             : store_shadow_weeks(st, from, to, on_shadow_cell, &cu, diag);
    buf_release(&cu.wk.b);
    if (rc) {
        disclose_units_release(units);
        return rc;
    }
    for (size_t i = 0; i < t->n; i++)
        t->cells[i].people = (long)t->cells[i].v[0];
    disclose_margins_over(t, 1u, -1, NULL, NULL);
    return 0;
}

int disclose__usage(struct store *st, const struct disclose_request *req,
                    struct disclose_table *t, struct disclose_units *units,
                    struct diag *diag)
{
    return team_cube(st, req, t, units, usage_keys, 3, usage_measures,
                     U_COUNT, diag);
}

int disclose__shadow(struct store *st, const struct disclose_request *req,
                     struct disclose_table *t, struct disclose_units *units,
                     struct diag *diag)
{
    return team_cube(st, req, t, units, shadow_keys, 6, shadow_measures,
                     S_COUNT, diag);
}

/* ---- the cells as reports list them ---- */

static int cmp_shadow(const void *a, const void *b)
{
    const struct store_shadow_cell *x = a, *y = b;
    int c;

    if (x->week != y->week)
        return (x->week > y->week) - (x->week < y->week);
    if ((c = strcmp(x->service, y->service)))
        return c;
    return strcmp(x->team, y->team);
}

static int cmp_usage(const void *a, const void *b)
{
    const struct store_usage_cell *x = a, *y = b;
    int c;

    if (!x->team != !y->team)
        return x->team ? -1 : 1; /* organisation rows last */
    if (x->week != y->week)
        return (x->week > y->week) - (x->week < y->week);
    if ((c = strcmp(x->tool, y->tool)))
        return c;
    return x->team ? strcmp(x->team, y->team) : 0;
}

/* The one copy of s the cells share. */
static const char *keep(struct cells_shadow *cs, const char *s)
{
    int64_t i;

    if (!s)
        s = "";
    if (strmap_gets(&cs->strings, s, &i))
        return cs->names[i];
    cs->names = xgrow(cs->names, &cs->names_cap, cs->nnames + 1,
                      sizeof(*cs->names));
    strmap_puts(&cs->strings, s, (int64_t)cs->nnames);
    return cs->names[cs->nnames++] = xstrdup(s);
}

/* The request of a loader: its weeks, in seconds. */
static void weeks_request(struct disclose_request *req, enum disclose_kind k,
                          int64_t from, int64_t to)
{
    memset(req, 0, sizeof(*req));
    req->kind = k;
    req->since = from > 0 ? from * 86400 : 0;
    req->until = to < INT64_MAX / 4 ? (to + 7) * 86400 : 0;
}

int cells_shadow_load(struct store *st, int64_t from, int64_t to,
                      struct cells_shadow *cs, struct diag *diag)
{
    struct disclose_request req;
    struct disclose_table t;
    int rc;

    memset(cs, 0, sizeof(*cs));
    strmap_init(&cs->strings);
    weeks_request(&req, DISCLOSE_SHADOW, from, to);
    rc = disclose_table(st, NULL, &req, &t, diag);
    if (rc)
        return rc;
    for (size_t i = 0; i < t.n; i++) {
        const struct disclose_cell *c = &t.cells[i];
        struct store_shadow_cell *d;

        if (!c->published)
            continue;
        if (c->hidden) {
            cs->nhidden++;
            continue;
        }
        cs->v = xgrow(cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
        d = &cs->v[cs->n++];
        tstamp_parse_isoweek(c->key[2], &d->week);
        d->team = keep(cs, c->key[0]);
        d->service = keep(cs, c->key[1]);
        d->vendor = keep(cs, c->key[3]);
        d->category = keep(cs, c->key[4]);
        d->status = keep(cs, c->key[5]);
        d->people = (long)c->v[S_PEOPLE];
        d->active_days = (long)c->v[S_DAYS];
        d->requests = (long)c->v[S_REQUESTS];
    }
    disclose_table_release(&t);
    if (cs->n)
        qsort(cs->v, cs->n, sizeof(*cs->v), cmp_shadow);
    return 0;
}

void cells_shadow_release(struct cells_shadow *cs)
{
    for (size_t i = 0; i < cs->nnames; i++)
        free(cs->names[i]);
    free(cs->names);
    strmap_release(&cs->strings);
    free(cs->v);
    memset(cs, 0, sizeof(*cs));
}

static void add_usage(struct cells_usage *cs, const struct store_usage_cell *c)
{
    struct store_usage_cell *d;

    cs->v = xgrow(cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
    d = &cs->v[cs->n++];
    *d = *c;
    d->team = c->team ? xstrdup(c->team) : NULL;
    d->tool = xstrdup(c->tool);
}

static int on_org_usage(void *ctx, const struct store_usage_cell *c,
                        struct diag *diag)
{
    (void)diag;
    if (!c->team)
        add_usage(ctx, c);
    return 0;
}

int cells_usage_load(struct store *st, int64_t from, int64_t to,
                     struct cells_usage *cs, struct diag *diag)
{
    struct disclose_request req;
    struct disclose_table t;
    int rc;

    memset(cs, 0, sizeof(*cs));
    weeks_request(&req, DISCLOSE_USAGE, from, to);
    rc = disclose_table(st, NULL, &req, &t, diag);
    if (rc)
        return rc;
    for (size_t i = 0; i < t.n; i++) {
        const struct disclose_cell *c = &t.cells[i];
        struct store_usage_cell u;

        if (!c->published)
            continue;
        if (c->hidden) {
            cs->nhidden++;
            continue;
        }
        memset(&u, 0, sizeof(u));
        tstamp_parse_isoweek(c->key[2], &u.week);
        u.team = c->key[0];
        u.tool = c->key[1];
        u.people = (long)c->v[U_PEOPLE];
        u.active_days = (long)c->v[U_DAYS];
        u.interactions = (long)c->v[U_INTERACTIONS];
        u.light_people = (long)c->v[U_LIGHT];
        add_usage(cs, &u);
    }
    disclose_table_release(&t);
    rc = store_usage_weeks(st, from, to, on_org_usage, cs, diag);
    if (rc) {
        cells_usage_release(cs);
        return rc;
    }
    if (cs->n)
        qsort(cs->v, cs->n, sizeof(*cs->v), cmp_usage);
    return 0;
}

void cells_usage_release(struct cells_usage *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free((char *)cs->v[i].team);
        free((char *)cs->v[i].tool);
    }
    free(cs->v);
    memset(cs, 0, sizeof(*cs));
}
