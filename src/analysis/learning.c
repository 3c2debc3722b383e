/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning time: the calendar cube of the disclosure layer, plans
 * resolved over the unit tree, the survey's item, one row per unit and
 * week. */
#include "analysis/learning.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/disclose.h"
#include "analysis/disclose_int.h"
#include "analysis/voice.h"
#include "auth/access.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/learning.h"
#include "store/roster.h"
#include "store/voice.h"

/* ---- the calendar cube (the disclosure layer's builder) ---- */

enum { L_PEOPLE, L_HOURS, L_COUNT };

static const char *const learning_keys[] = {"team", "source", "week"};
static const char *const learning_measures[L_COUNT] = {"learners", "hours"};

struct cube {
    struct disclose_table *t;
    struct disclose_units *units;
    struct buf wk;
};

static int on_cube_week(void *ctx, const struct store_learning_week *w,
                        struct diag *diag)
{
    struct cube *cu = ctx;
    const char *key[3];
    size_t i;

    (void)diag;
    key[0] = disclose_unit_shown(cu->units, w->unit);
    if (!key[0])
        key[0] = DISCLOSE_UNNAMED;
    key[1] = "calendar";
    buf_reset(&cu->wk);
    tstamp_format_isoweek(&cu->wk, w->week);
    key[2] = buf_str(&cu->wk);
    i = disclose_cell_at(cu->t, key);
    cu->t->cells[i].v[L_PEOPLE] += (double)w->people;
    cu->t->cells[i].v[L_HOURS] += w->hours;
    return 0;
}

/* People with learning hours add up over units (a person is in one
 * unit), not over weeks: the only margin is over units. */
int disclose__learning(struct store *st, const struct disclose_request *req,
                       struct disclose_table *t, struct disclose_units *units,
                       struct diag *diag)
{
    struct cube cu = {t, units, BUF_INIT};
    int64_t from, to;
    int rc;

    t->min_people = disclose__min(DISCLOSE_MIN_ITEMS, req->min_people);
    rc = disclose_units_load(st, t->min_people, units, diag);
    if (rc)
        return rc;
    t->nkeys = 3;
    memcpy(t->key_names, learning_keys, sizeof(learning_keys));
    t->nmeasures = L_COUNT;
    memcpy(t->measure_names, learning_measures, sizeof(learning_measures));
    t->additive[L_PEOPLE] = t->additive[L_HOURS] = 1;
    from = req->since ? tstamp_monday(tstamp_day(req->since)) : INT64_MIN / 4;
    to = req->until ? tstamp_monday(tstamp_day(req->until - 1))
                    : INT64_MAX / 4;
    t->since = req->since ? from * 86400 : 0;
    t->until = req->until ? (to + 7) * 86400 : 0;
    t->rounded = t->since != req->since || t->until != req->until;
    rc = store_learning_weeks(st, from, to, on_cube_week, &cu, diag);
    buf_release(&cu.wk);
    if (rc) {
        disclose_units_release(units);
        return rc;
    }
    for (size_t i = 0; i < t->n; i++)
        t->cells[i].people = (long)t->cells[i].v[L_PEOPLE];
    disclose_margins_over(t, 1u, -1, NULL, NULL);
    return 0;
}

/* ---- the report ---- */

struct plan {
    int64_t unit_id, from_day, until_day;
    double weekly;
};

struct rep {
    struct store *st;
    const struct access_scope *scope;
    struct learning_report *out;
    struct disclose_units units;
    struct strmap rows;  /* unit name \x1f week -> index */
    struct strmap only;  /* unit ids of --unit's subtree; empty: all */
    int limited;
    struct plan *plans;
    size_t nplans, plans_cap;
    int64_t lo, hi;      /* weeks with figures (Mondays) */
    struct buf k;
};

static int sees(const struct rep *r, int64_t unit_id)
{
    int64_t v;

    if (r->limited && !strmap_get(&r->only, &unit_id, sizeof(unit_id), &v))
        return 0;
    if (!r->scope || r->scope->role == ROLE_ADMIN)
        return 1;
    return r->scope->role != ROLE_VIEWER && access_sees_unit(r->scope, unit_id);
}

/* The head count of the unit shown as name: its people and those of the
 * units merged into it; the unit's index in *idx (-1 none). */
static long head_of(const struct rep *r, const char *name, int64_t *idx)
{
    long n = 0;

    if (!strmap_gets(&r->units.by_name, name, idx)) {
        *idx = -1;
        return 0;
    }
    for (size_t k = 0; k < r->units.n; k++)
        if (r->units.bucket_of[k] == *idx)
            n += r->units.people[k];
    return n;
}

/* The row of a unit (as shown) and week, added when new; NULL when the
 * reader may not see it. */
static struct learning_row *row_at(struct rep *r, const char *unit,
                                   int64_t week)
{
    struct learning_report *o = r->out;
    struct learning_row *row;
    int64_t idx, ui;
    long head;

    buf_reset(&r->k);
    buf_addf(&r->k, "%s\x1f%lld", unit, (long long)week);
    if (strmap_gets(&r->rows, buf_str(&r->k), &idx))
        return &o->v[idx];
    head = head_of(r, unit, &ui);
    if (ui < 0 || !sees(r, r->units.id[ui]))
        return NULL;
    o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof(*o->v));
    row = &o->v[o->n];
    memset(row, 0, sizeof(*row));
    row->unit = xstrdup(unit);
    row->unit_id = r->units.id[ui];
    row->week = week;
    row->head = head;
    row->planned = row->calendar_hours = row->calendar = NAN;
    row->survey = row->actual = NAN;
    strmap_puts(&r->rows, buf_str(&r->k), (int64_t)o->n);
    return &o->v[o->n++];
}

static int on_plan(void *ctx, const struct store_learning_plan *p,
                   struct diag *diag)
{
    struct rep *r = ctx;

    (void)diag;
    r->plans = xgrow(r->plans, &r->plans_cap, r->nplans + 1,
                     sizeof(*r->plans));
    r->plans[r->nplans++] = (struct plan){
        p->unit_id, p->from_day, p->until_day,
        learning_weekly_hours(p->hours, p->per)};
    return 0;
}

/* The plan that covers a unit in a week: the unit's own latest, else
 * its parent's, and so on up; NaN when none. */
static double plan_for(const struct rep *r, size_t unit, int64_t week)
{
    size_t steps = 0;

    for (int64_t u = (int64_t)unit; u >= 0 && steps <= r->units.n; steps++) {
        int64_t parent, p = -1;

        for (size_t i = r->nplans; i-- > 0;)
            if (r->plans[i].unit_id == r->units.id[u]
                && r->plans[i].from_day <= week + 6
                && r->plans[i].until_day >= week)
                return r->plans[i].weekly;
        parent = r->units.parent[u];
        if (!parent || !strmap_get(&r->units.by_id, &parent, sizeof(parent), &p))
            break;
        u = p;
    }
    return NAN;
}

/* Planned hours of every unit shown, each week: the head-count-weighted
 * mean of the plans of the units merged into it (0 for a unit without
 * one); no figure when none of them has a plan. One pass over the units
 * a week. */
static void add_plans(struct rep *r, int64_t from, int64_t to)
{
    size_t n = r->units.n ? r->units.n : 1;
    double *sum = xcalloc(n, sizeof(*sum));
    long *head = xcalloc(n, sizeof(*head));
    unsigned char *any = xcalloc(n, 1);

    if (!r->nplans)
        goto out;
    for (int64_t w = from; w <= to; w += 7) {
        memset(sum, 0, n * sizeof(*sum));
        memset(head, 0, n * sizeof(*head));
        memset(any, 0, n);
        for (size_t k = 0; k < r->units.n; k++) {
            int64_t b = r->units.bucket_of[k];
            double h;

            if (b < 0)
                continue; /* unnamed: never shown */
            head[b] += r->units.people[k];
            h = plan_for(r, k, w);
            if (isnan(h))
                continue;
            any[b] = 1;
            sum[b] += h * (double)r->units.people[k];
        }
        for (size_t b = 0; b < r->units.n; b++) {
            struct learning_row *row;

            if (!any[b] || !head[b])
                continue;
            row = row_at(r, r->units.name[b], w);
            if (row)
                row->planned = sum[b] / (double)head[b];
        }
    }
out:
    free(sum);
    free(head);
    free(any);
}

static int on_extent(void *ctx, const struct store_learning_week *w,
                     struct diag *diag)
{
    struct rep *r = ctx;

    (void)diag;
    if (!r->lo || w->week < r->lo)
        r->lo = w->week;
    if (!r->hi || w->week > r->hi)
        r->hi = w->week;
    return 0;
}

/* The weeks a wave's learning item speaks for: the week it opened and
 * the one before ("in the last two weeks"). */
static int64_t wave_week(const struct store_wave *w)
{
    return tstamp_monday(w->opened);
}

struct waves {
    struct store_wave *v;
    size_t n, cap;
};

static int on_wave(void *ctx, const struct store_wave *w, struct diag *diag)
{
    struct waves *ws = ctx;
    struct store_wave *d;

    (void)diag;
    ws->v = xgrow(ws->v, &ws->cap, ws->n + 1, sizeof(*ws->v));
    d = &ws->v[ws->n++];
    memset(d, 0, sizeof(*d));
    d->id = w->id;
    d->name = xstrdup(w->name);
    d->opened = w->opened;
    return 0;
}

static int add_survey(struct rep *r, const struct waves *ws, int64_t from,
                      int64_t to, struct diag *diag)
{
    for (size_t i = 0; i < ws->n; i++) {
        struct voice_results vr;
        int64_t last = wave_week(&ws->v[i]);
        int rc = voice_results(r->st, r->scope, ws->v[i].name, 1, 0, &vr,
                               diag);

        if (rc)
            return rc;
        for (size_t j = 0; j < vr.n; j++) {
            const struct voice_row *v = &vr.rows[j];

            if (v->kind != VR_ITEM || !v->unit || !v->item
                || strcmp(v->item->id, LEARNING_SURVEY_ITEM) || isnan(v->mean))
                continue;
            for (int k = 0; k < LEARNING_SURVEY_WEEKS; k++) {
                int64_t w = last - 7 * k;
                struct learning_row *row;

                if (w < from || w > to)
                    continue;
                row = row_at(r, v->unit, w);
                if (!row)
                    continue;
                row->survey = v->mean / LEARNING_SURVEY_WEEKS;
                row->survey_n = v->n;
            }
        }
        voice_results_release(&vr);
    }
    return 0;
}

static int on_sub(void *ctx, int64_t id, struct diag *diag)
{
    (void)diag;
    strmap_put(ctx, &id, sizeof(id), 1);
    return 0;
}

static int cmp_rows(const void *a, const void *b)
{
    const struct learning_row *x = a, *y = b;

    if (x->week != y->week)
        return (x->week > y->week) - (x->week < y->week);
    return strcmp(x->unit, y->unit);
}

int learning_report(struct store *st, const struct access_scope *scope,
                     int64_t unit_id, int64_t from_day, int64_t to_day,
                     struct learning_report *out, struct diag *diag)
{
    struct rep r;
    struct waves ws = {NULL, 0, 0};
    struct disclose_request req;
    struct disclose_table t;
    int64_t from, to, this_week = tstamp_monday(tstamp_day(time(NULL)));
    int have_table = 0, rc;

    memset(out, 0, sizeof(*out));
    memset(&r, 0, sizeof(r));
    r.st = st;
    r.scope = scope;
    r.out = out;
    strmap_init(&r.rows);
    strmap_init(&r.only);
    buf_init(&r.k);
    rc = disclose_units_load(st, DISCLOSE_MIN_ITEMS, &r.units, diag);
    if (!rc && unit_id) {
        r.limited = 1;
        rc = store_unit_subtree(st, unit_id, on_sub, &r.only, diag);
    }
    if (!rc)
        rc = store_learning_plans(st, on_plan, &r, diag);
    if (!rc)
        rc = store_learning_weeks(st, INT64_MIN / 4, INT64_MAX / 4, on_extent,
                                  &r, diag);
    if (!rc)
        rc = store_waves(st, on_wave, &ws, diag);
    if (rc)
        goto out;
    /* the weeks: asked for, else those with figures, plans up to now */
    for (size_t i = 0; i < ws.n; i++) {
        int64_t w = wave_week(&ws.v[i]);

        if (!r.lo || w - 7 * (LEARNING_SURVEY_WEEKS - 1) < r.lo)
            r.lo = w - 7 * (LEARNING_SURVEY_WEEKS - 1);
        if (!r.hi || w > r.hi)
            r.hi = w;
    }
    for (size_t i = 0; i < r.nplans; i++) {
        int64_t a = tstamp_monday(r.plans[i].from_day);
        int64_t b = tstamp_monday(r.plans[i].until_day);

        if (b > this_week)
            b = this_week;
        if (a > b)
            continue;
        if (!r.lo || a < r.lo)
            r.lo = a;
        if (!r.hi || b > r.hi)
            r.hi = b;
    }
    from = from_day ? tstamp_monday(from_day) : r.lo;
    to = to_day ? tstamp_monday(to_day) : r.hi;
    if (!from || !to || from > to)
        goto out; /* nothing to show */
    out->from = from;
    out->to = to;
    memset(&req, 0, sizeof(req));
    req.kind = DISCLOSE_LEARNING;
    req.since = from * 86400;
    req.until = (to + 7) * 86400;
    rc = disclose_table(st, scope, &req, &t, diag);
    if (rc)
        goto out;
    have_table = 1;
    for (size_t i = 0; i < t.n; i++) {
        const struct disclose_cell *c = &t.cells[i];
        struct learning_row *row;
        int64_t week;

        if (!c->published || !c->key[0])
            continue;
        if (c->hidden) {
            out->hidden++;
            continue;
        }
        if (tstamp_parse_isoweek(c->key[2], &week))
            continue;
        row = row_at(&r, c->key[0], week);
        if (!row)
            continue;
        row->calendar_hours = c->v[L_HOURS];
        row->calendar_people = (long)c->v[L_PEOPLE];
    }
    add_plans(&r, from, to);
    rc = add_survey(&r, &ws, from, to, diag);
    for (size_t i = 0; i < out->n; i++) {
        struct learning_row *row = &out->v[i];

        if (!isnan(row->calendar_hours) && row->head > 0)
            row->calendar = row->calendar_hours / (double)row->head;
        if (!isnan(row->survey)) {
            row->actual = row->survey;
            row->source = "survey";
        } else if (!isnan(row->calendar)) {
            row->actual = row->calendar;
            row->source = "calendar";
        }
    }
    if (out->n)
        qsort(out->v, out->n, sizeof(*out->v), cmp_rows);
out:
    if (have_table)
        disclose_table_release(&t);
    for (size_t i = 0; i < ws.n; i++)
        free(ws.v[i].name);
    free(ws.v);
    free(r.plans);
    strmap_release(&r.rows);
    strmap_release(&r.only);
    buf_release(&r.k);
    disclose_units_release(&r.units);
    if (rc)
        learning_report_release(out);
    return rc;
}

void learning_report_release(struct learning_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].unit);
    free(r->v);
    memset(r, 0, sizeof(*r));
}
