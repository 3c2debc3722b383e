/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clocks of tool requests: stage durations by month, overdue
 * requests, demand per tool, slow approval per unit
 * (analysis/requests.h). */
#include "analysis/requests.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/cells.h"
#include "core/buf.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "stats/quantile.h"
#include "store/requests.h"
#include "store/shadow.h"

#define DAY 86400

const char *const request_stage_names[RS_COUNT] = {
    [RS_TO_REVIEW] = "to_review", [RS_IN_REVIEW] = "in_review",
    [RS_TO_DECISION] = "to_decision"};

/* Monday 0 .. Sunday 6 of a day number (day 0, 1970-01-01, a
 * Thursday). */
static int weekday(int64_t day)
{
    int64_t w = (day + 3) % 7;

    return (int)(w < 0 ? w + 7 : w);
}

long request_working_days(int64_t from, int64_t to)
{
    int64_t a = tstamp_day(from), b = tstamp_day(to), weeks;
    long n;

    if (b <= a)
        return 0;
    weeks = (b - a) / 7; /* whole weeks: 5 each */
    n = (long)(weeks * 5);
    for (int64_t d = a + weeks * 7 + 1; d <= b; d++)
        n += weekday(d) < 5;
    return n;
}

int request_visible(const struct access_scope *scope, int64_t unit_id)
{
    return !scope || access_governs(scope)
           || access_sees_unit(scope, unit_id);
}

/* One duration of one stage, with the month it ended. */
struct span {
    enum request_stage stage;
    int64_t month;
    double days;
};

static int64_t month_of(int64_t t)
{
    int y, m, d;

    tstamp_civil_from_days(tstamp_day(t), &y, &m, &d);
    return tstamp_days_from_civil(y, m, 1);
}

/* What the pass over the requests collects. */
struct collect {
    struct request_clocks *out;
    const struct access_scope *scope;
    struct span *s;
    size_t ns, scap;
    size_t late_cap, dcap, ucap;
    double **unit_wd;            /* per unit row: working days waited */
    size_t *unit_wd_cap;
};

static void add_span(struct collect *c, enum request_stage st, int64_t from,
                     int64_t to)
{
    c->s = xgrow(c->s, &c->scap, c->ns + 1, sizeof(*c->s));
    c->s[c->ns].stage = st;
    c->s[c->ns].month = month_of(to);
    c->s[c->ns].days = (double)(to - from) / DAY;
    c->ns++;
}

static struct request_demand *demand_of(struct collect *c, const char *tool)
{
    struct request_clocks *o = c->out;
    struct request_demand *d;

    for (size_t i = 0; i < o->ndemand; i++)
        if (!strcasecmp(o->demand[i].tool, tool))
            return &o->demand[i];
    o->demand = xgrow(o->demand, &c->dcap, o->ndemand + 1, sizeof(*d));
    d = &o->demand[o->ndemand++];
    memset(d, 0, sizeof(*d));
    d->tool = xstrdup(tool);
    d->teams = -1;
    d->median_wait = NAN;
    return d;
}

static size_t unit_row(struct collect *c, int64_t unit_id)
{
    struct request_clocks *o = c->out;
    size_t i;

    for (i = 0; i < o->nunits; i++)
        if (o->units[i].unit_id == unit_id)
            return i;
    o->units = xgrow(o->units, &c->ucap, o->nunits + 1, sizeof(*o->units));
    c->unit_wd = xrealloc(c->unit_wd, (o->nunits + 1) * sizeof(*c->unit_wd));
    c->unit_wd_cap =
        xrealloc(c->unit_wd_cap, (o->nunits + 1) * sizeof(*c->unit_wd_cap));
    memset(&o->units[i], 0, sizeof(o->units[i]));
    o->units[i].unit_id = unit_id;
    o->units[i].median_wd = NAN;
    c->unit_wd[i] = NULL;
    c->unit_wd_cap[i] = 0;
    o->nunits++;
    return i;
}

/* Waits per tool (days), kept beside the demand rows by index. */
struct waits {
    double *v;
    size_t n, cap;
};

struct pass {
    struct collect *c;
    struct waits *w;     /* per demand row */
    size_t wcap;
};

static int on_request(void *ctx, const struct store_request *r,
                      struct diag *diag)
{
    struct pass *p = ctx;
    struct collect *c = p->c;
    struct request_clocks *o = c->out;
    struct request_demand *d;
    size_t di, ui;
    int64_t end = r->decided ? r->decided : o->now;
    long wd;

    (void)diag;
    if (!request_visible(c->scope, r->unit_id) || r->submitted > o->now)
        return 0;
    o->total++;
    if (r->in_review && r->in_review <= o->now)
        add_span(c, RS_TO_REVIEW, r->submitted, r->in_review);
    if (r->decided && r->decided <= o->now) {
        o->decided++;
        add_span(c, RS_IN_REVIEW, r->in_review ? r->in_review : r->decided,
                 r->decided);
        add_span(c, RS_TO_DECISION, r->submitted, r->decided);
    } else {
        o->open++;
        end = o->now;
    }
    d = demand_of(c, r->tool);
    di = (size_t)(d - o->demand);
    if (di >= p->wcap) {
        size_t old = p->wcap;

        p->w = xgrow(p->w, &p->wcap, di + 1, sizeof(*p->w));
        memset(p->w + old, 0, (p->wcap - old) * sizeof(*p->w));
    }
    d->requests++;
    d->open += !(r->decided && r->decided <= o->now);
    p->w[di].v = xgrow(p->w[di].v, &p->w[di].cap, p->w[di].n + 1,
                       sizeof(double));
    p->w[di].v[p->w[di].n++] = (double)(end - r->submitted) / DAY;

    wd = request_working_days(r->submitted, end);
    ui = unit_row(c, r->unit_id);
    o->units[ui].n++;
    c->unit_wd[ui] = xgrow(c->unit_wd[ui], &c->unit_wd_cap[ui],
                           o->units[ui].n, sizeof(double));
    c->unit_wd[ui][o->units[ui].n - 1] = (double)wd;
    if (!(r->decided && r->decided <= o->now)) {
        o->units[ui].open++;
        if (wd > o->units[ui].oldest)
            o->units[ui].oldest = wd;
        if (wd > o->sla) {
            struct request_late *l;

            o->units[ui].overdue++;
            o->late = xgrow(o->late, &c->late_cap, o->nlate + 1,
                            sizeof(*o->late));
            l = &o->late[o->nlate++];
            l->id = r->id;
            l->unit_id = r->unit_id;
            l->unit = xstrdup(r->unit);
            l->tool = xstrdup(r->tool);
            l->workflow = xstrdup(r->workflow);
            l->submitted = r->submitted;
            l->working_days = wd;
            l->in_review = r->in_review && r->in_review <= o->now;
        }
    }
    return 0;
}

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;

    if (x->stage != y->stage)
        return x->stage < y->stage ? -1 : 1;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->days > y->days) - (x->days < y->days);
}

static int cmp_late(const void *a, const void *b)
{
    const struct request_late *x = a, *y = b;

    if (x->submitted != y->submitted)
        return x->submitted < y->submitted ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_demand(const void *a, const void *b)
{
    const struct request_demand *x = a, *y = b;

    if (x->teams != y->teams)
        return x->teams > y->teams ? -1 : 1;
    if (x->open != y->open)
        return x->open > y->open ? -1 : 1;
    return strcasecmp(x->tool, y->tool);
}

/* The clocks rows: per stage every month together, then month by
 * month, from the spans sorted by stage, month and duration. */
static void clocks_of(struct collect *c)
{
    struct request_clocks *o = c->out;
    size_t cap = 0;
    double *all = xmalloc((c->ns ? c->ns : 1) * sizeof(double));

    if (c->ns)
        qsort(c->s, c->ns, sizeof(*c->s), cmp_span);
    for (int st = 0; st < RS_COUNT; st++) {
        size_t n = 0;
        struct request_clock *k;

        for (size_t i = 0; i < c->ns; i++)
            if (c->s[i].stage == (enum request_stage)st)
                all[n++] = c->s[i].days;
        stats_sort(all, n);
        o->c = xgrow(o->c, &cap, o->nc + 1, sizeof(*o->c));
        k = &o->c[o->nc++];
        k->stage = (enum request_stage)st;
        k->all = 1;
        k->month = 0;
        k->n = n;
        k->median = stats_quantile_sorted(all, n, 0.5);
        k->p90 = stats_quantile_sorted(all, n, 0.9);
        for (size_t i = 0; i < c->ns;) {
            size_t j = i;

            if (c->s[i].stage != (enum request_stage)st) {
                i++;
                continue;
            }
            n = 0;
            while (j < c->ns && c->s[j].stage == c->s[i].stage
                   && c->s[j].month == c->s[i].month)
                all[n++] = c->s[j++].days; /* sorted already */
            o->c = xgrow(o->c, &cap, o->nc + 1, sizeof(*o->c));
            k = &o->c[o->nc++];
            k->stage = (enum request_stage)st;
            k->all = 0;
            k->month = c->s[i].month;
            k->n = n;
            k->median = stats_quantile_sorted(all, n, 0.5);
            k->p90 = stats_quantile_sorted(all, n, 0.9);
            i = j;
        }
    }
    free(all);
}

/* The teams with a shown shadow cell of each service in the latest
 * REQUEST_DEMAND_WEEKS weeks; services not approved get a demand row
 * of their own even without requests. */
static int shadow_teams(struct store *st, struct collect *c,
                        struct diag *diag)
{
    struct request_clocks *o = c->out;
    struct cells_shadow cs;
    struct strmap seen;
    struct buf key = BUF_INIT;
    int64_t latest = 0;
    int rc = store_shadow_latest_week(st, &latest, diag);

    if (rc || !latest)
        return rc;
    o->demand_to = latest;
    o->demand_from = latest - 7 * (REQUEST_DEMAND_WEEKS - 1);
    rc = cells_shadow_load(st, o->demand_from, o->demand_to, &cs, diag);
    if (rc)
        return rc;
    /* a (service, team) pair counts once, whatever its weeks */
    strmap_init(&seen);
    for (size_t i = 0; i < cs.n; i++) {
        const struct store_shadow_cell *x = &cs.v[i];
        struct request_demand *d;

        if (!x->status || !strcmp(x->status, "approved"))
            continue;
        buf_reset(&key);
        buf_puts(&key, x->service);
        buf_putc(&key, '\n');
        buf_puts(&key, x->team);
        if (strmap_gets(&seen, buf_str(&key), NULL))
            continue;
        strmap_puts(&seen, buf_str(&key), 1);
        d = demand_of(c, x->service);
        d->teams = d->teams < 0 ? 1 : d->teams + 1;
    }
    strmap_release(&seen);
    buf_release(&key);
    cells_shadow_release(&cs);
    return 0;
}

int request_clocks_load(struct store *st, const struct access_scope *scope,
                        int64_t now, int sla, struct request_clocks *out,
                        struct diag *diag)
{
    struct collect c;
    struct pass p;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    memset(&c, 0, sizeof(c));
    memset(&p, 0, sizeof(p));
    c.out = out;
    c.scope = scope;
    p.c = &c;
    out->now = now;
    out->sla = sla;
    if (!sla)
        rc = store_request_sla(st, &out->sla, diag);
    if (!rc)
        rc = store_requests(st, on_request, &p, diag);
    if (!rc)
        rc = shadow_teams(st, &c, diag);
    if (!rc) {
        clocks_of(&c);
        for (size_t i = 0; i < out->ndemand && i < p.wcap; i++)
            if (p.w[i].n) {
                stats_sort(p.w[i].v, p.w[i].n);
                out->demand[i].median_wait =
                    stats_quantile_sorted(p.w[i].v, p.w[i].n, 0.5);
            }
        for (size_t i = 0; i < out->nunits; i++) {
            stats_sort(c.unit_wd[i], out->units[i].n);
            out->units[i].median_wd =
                stats_quantile_sorted(c.unit_wd[i], out->units[i].n, 0.5);
        }
        if (out->nlate) /* NULL when there is none: qsort may not have it */
            qsort(out->late, out->nlate, sizeof(*out->late), cmp_late);
        if (out->ndemand)
            qsort(out->demand, out->ndemand, sizeof(*out->demand),
                  cmp_demand);
    }
    for (size_t i = 0; i < p.wcap; i++)
        free(p.w[i].v);
    free(p.w);
    for (size_t i = 0; i < out->nunits; i++)
        free(c.unit_wd[i]);
    free(c.unit_wd);
    free(c.unit_wd_cap);
    free(c.s);
    if (rc)
        request_clocks_release(out);
    return rc;
}

const struct request_unit *request_clocks_unit(const struct request_clocks *c,
                                               int64_t unit_id)
{
    for (size_t i = 0; i < c->nunits; i++)
        if (c->units[i].unit_id == unit_id)
            return &c->units[i];
    return NULL;
}

void request_clocks_release(struct request_clocks *c)
{
    if (!c)
        return;
    free(c->c);
    for (size_t i = 0; i < c->nlate; i++) {
        free(c->late[i].unit);
        free(c->late[i].tool);
        free(c->late[i].workflow);
    }
    free(c->late);
    for (size_t i = 0; i < c->ndemand; i++)
        free(c->demand[i].tool);
    free(c->demand);
    free(c->units);
    memset(c, 0, sizeof(*c));
}
