/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal. */
#include "analysis/trap.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/disclose.h"
#include "analysis/requests.h"
#include "analysis/voice.h"
#include "core/i18n.h"
#include "core/reasons.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "stats/quantile.h"
#include "store/items.h"
#include "store/roster.h"
#include "store/trap.h"

#define DAY 86400
#define WINDOW_DAYS 28 /* outcome windows: the 4 weeks up to the week's end
                          and the 4 before */

/* Thresholds of the verdicts, named so the guide can state them. */
#define THIN_ACTIVE 0.30  /* fewer active than this share of the team */
#define THIN_LIGHT 0.50   /* or this share of them registration-only */
#define THIN_DEPTH 1.5    /* or fewer active days per person a week */
#define HIGH_SHADOW 0.20  /* shadow users as a share of the team */
#define DEEP_DEPTH 2.0
#define MOVED (-0.10)     /* cycle time at least 10% shorter */
#define MIN_ITEMS 10      /* per outcome window */

struct unit {
    int64_t id;
    char *name;
    long people;
    struct store_week_unit w;
    int64_t bucket;         /* index of the unit it is shown under */
};

struct ctx {
    struct unit *u;
    size_t n, cap;
    struct strmap by_id;
    int64_t from, mid, to;  /* outcome windows [from, mid), [mid, to) */
};

/* What a week's verdicts read besides work items. */
struct trap_base {
    int64_t week;
    struct ctx c;
    struct strmap uh, sh;   /* units with a hidden usage / shadow cell */
    struct strmap tools;    /* the tools the telemetry covers */
    struct voice_results vr;
    int have_voice;
    struct trap_voice *voice; /* per unit of c: its voice leg, were it
                                 shown under its own name */
    struct request_clocks rq;
};

/* A unit's cycle hours in the two outcome windows. */
struct outcome {
    double *now, *before;
    size_t nnow, nbefore, cap_now, cap_before;
};

struct scan {
    const struct ctx *c;
    struct outcome *o;      /* one per unit of c */
};

static int on_unit(void *c_, const struct store_unit_row *r,
                   struct diag *diag)
{
    struct ctx *c = c_;
    struct unit *u;

    (void)diag;
    c->u = xgrow(c->u, &c->cap, c->n + 1, sizeof(*c->u));
    u = &c->u[c->n];
    memset(u, 0, sizeof(*u));
    u->id = r->id;
    u->name = xstrdup(r->name);
    u->people = r->people;
    strmap_put(&c->by_id, &r->id, sizeof(r->id), (int64_t)c->n);
    c->n++;
    return 0;
}

static int on_week(void *c_, const struct store_week_unit *w,
                   struct diag *diag)
{
    struct ctx *c = c_;
    int64_t idx;

    (void)diag;
    if (strmap_get(&c->by_id, &w->unit_id, sizeof(w->unit_id), &idx))
        c->u[idx].w = *w;
    return 0;
}

static void push(double **v, size_t *n, size_t *cap, double x)
{
    *v = xgrow(*v, cap, *n + 1, sizeof(double));
    (*v)[(*n)++] = x;
}

static int on_item(void *s_, const struct store_item_view *it,
                   struct diag *diag)
{
    struct scan *s = s_;
    struct outcome *o;
    int64_t idx;
    double h;

    (void)diag;
    if (!it->finished
        || !strmap_get(&s->c->by_id, &it->unit_id, sizeof(it->unit_id), &idx))
        return 0;
    o = &s->o[idx];
    h = (double)(it->finished - it->started) / 3600.0;
    if (it->finished >= s->c->mid)
        push(&o->now, &o->nnow, &o->cap_now, h);
    else
        push(&o->before, &o->nbefore, &o->cap_before, h);
    return 0;
}

/* The unit each unit is shown under, by the disclosure layer's rule (as
 * every other report names units): itself, or the nearest ancestor that
 * with what merges into it has TRAP_MIN_PEOPLE; -1 when not even the
 * root has, and then it is judged nowhere. */
static int assign_buckets(struct store *st, struct ctx *c, struct diag *diag)
{
    struct disclose_units du;
    int rc = disclose_units_load(st, TRAP_MIN_PEOPLE, &du, diag);

    if (rc)
        return rc;
    for (size_t i = 0; i < c->n; i++) {
        int64_t j, b = -1;

        c->u[i].bucket = -1;
        if (!strmap_get(&du.by_id, &c->u[i].id, sizeof(int64_t), &j))
            continue;
        if (du.bucket_of[j] >= 0
            && strmap_get(&c->by_id, &du.id[du.bucket_of[j]],
                          sizeof(int64_t), &b))
            c->u[i].bucket = b;
    }
    disclose_units_release(&du);
    return 0;
}

/* The voice leg's reason: what the survey says, and which of its signals
 * are low (PMF under the fit line, trust under half, a friction category
 * named by 30% or more). */
static void voice_reason(struct trap_team *t)
{
    const struct trap_voice *v = &t->voice;
    int low = v->low_pmf || v->low_trust || v->high_friction;

    if (!v->shown)
        return;
    /* in parts that translate on their own (core/reasons.h) */
    if (!REASONS_ADDF(t, "voice (survey %s): %s", v->wave,
                      reasons_msgid(low ? N_("people report a poor fit")
                                        /* xgettext:no-c-format */
                                        : N_("no low PMF or trust, no "
                                             "friction named by 30% or "
                                             "more"))))
        return;
    if (!isnan(v->pmf))
        REASONS_APPENDF(t,
                        v->low_pmf
                            ? N_("; %s PMF %.0f%% of %ld (below the 40%% "
                                 "line)")
                            : N_("; %s PMF %.0f%% of %ld"),
                        v->tool, 100 * v->pmf, v->pmf_n);
    if (!isnan(v->trust))
        REASONS_APPENDF(t,
                        v->low_trust
                            ? N_("; trust in its output %.0f%% of %ld (low)")
                            : N_("; trust in its output %.0f%% of %ld"),
                        100 * v->trust, v->trust_n);
    if (!isnan(v->friction_share))
        REASONS_APPENDF(t,
                        v->high_friction
                            ? N_("; %.0f%% of %ld name %s (high friction)")
                            : N_("; %.0f%% of %ld name %s"),
                        100 * v->friction_share, v->friction_n,
                        v->friction_top);
}

static double median(double *v, size_t n)
{
    stats_sort(v, n);
    return stats_quantile_sorted(v, n, 0.5);
}

static void judge(struct trap_team *t)
{
    int thin, high, deep, moved;

    thin = t->active_share < THIN_ACTIVE ||
           (t->usage_people &&
            (t->light_share >= THIN_LIGHT || t->depth < THIN_DEPTH));
    high = t->shadow_share >= HIGH_SHADOW;
    /* depth is an average: not over fewer people than a cell may hold */
    deep = t->usage_people && !t->usage_hidden && t->depth >= DEEP_DEPTH &&
           t->light_share < THIN_LIGHT && t->active_share >= THIN_ACTIVE;
    moved = !isnan(t->cycle_change) && t->cycle_change <= MOVED;
    if (thin && high) {
        t->verdict = "theatre";
        if (t->usage_hidden)
            REASONS_ADDF(
                t,
                "approved tool: fewer than %d of the team's %ld people "
                "active, or mostly registration-only",
                TRAP_MIN_PEOPLE, t->people);
        else
            REASONS_ADDF(t,
                         "approved tool: %.0f%% of the team active, %.1f days "
                         "per active person, %.0f%% registration-only",
                         100 * t->active_share, t->depth, 100 * t->light_share);
        if (t->shadow_hidden) /* the threshold, not the share */
            REASONS_ADDF(t,
                         "shadow demand: %.0f%% of the team or more (fewer "
                         "than %d people) used unapproved AI services",
                         100 * HIGH_SHADOW, TRAP_MIN_PEOPLE);
        else
            REASONS_ADDF(t,
                         "shadow demand: at least %.0f%% of the team used %ld "
                         "unapproved AI service(s)",
                         100 * t->shadow_share, t->shadow_services);
    } else if (deep && moved) {
        t->verdict = "real";
        REASONS_ADDF(t,
                     "approved tool used in depth: %.1f days per active "
                     "person, %.0f%% of the team",
                     t->depth, 100 * t->active_share);
        REASONS_ADDF(t,
                     "cycle time moved %+.0f%% (median of %ld recent items "
                     "against %ld before)",
                     100 * t->cycle_change, t->items_now, t->items_before);
    } else {
        t->verdict = "unclear";
        if (deep && !moved)
            REASONS_ADDF(t, "approved use is deep but outcomes have not moved "
                            "(yet)");
        if (thin && !high)
            REASONS_ADDF(t, "approved activity is thin, with little shadow "
                            "demand: maybe no fit, maybe no need");
        if (t->usage_hidden && !thin)
            REASONS_ADDF(t,
                         "fewer than %d people active on the approved tool: "
                         "too few to show how deep its use is",
                         TRAP_MIN_PEOPLE);
        if (isnan(t->cycle_change))
            REASONS_ADDF(t,
                         "too few finished items (%d per 4 weeks needed) to "
                         "see an outcome trend",
                         MIN_ITEMS);
    }
    voice_reason(t);
}

/* Slow approval: the team's units' requests overdue, or waiting a
 * median above the service level (working days, as of the week's
 * end). */
static void approval_reason(struct trap_team *t, const struct ctx *c, int64_t b,
                            const struct request_clocks *rq)
{
    long overdue = 0, oldest = 0;
    double worst = NAN;

    for (size_t i = 0; rq && i < c->n; i++) {
        const struct request_unit *ru;

        if (c->u[i].bucket != b)
            continue;
        ru = request_clocks_unit(rq, c->u[i].id);
        if (!ru)
            continue;
        overdue += ru->overdue;
        if (ru->oldest > oldest && ru->overdue)
            oldest = ru->oldest;
        if (!isnan(ru->median_wd) && (isnan(worst) || ru->median_wd > worst))
            worst = ru->median_wd;
    }
    t->requests_overdue = overdue;
    if (overdue) {
        t->slow_approval = 1;
        /* Dutch counts as English does (one, other) */
        REASONS_ADDF(t,
                     overdue == 1
                         ? N_("slow approval: %ld tool request open past "
                              "the service level of %d working days (the "
                              "oldest waited %ld)")
                         : N_("slow approval: %ld tool requests open past "
                              "the service level of %d working days (the "
                              "oldest waited %ld)"),
                     overdue, rq->sla, oldest);
    } else if (!isnan(worst) && worst > rq->sla) {
        t->slow_approval = 1;
        REASONS_ADDF(t,
                     "slow approval: tool requests waited a median of %.0f "
                     "working days (service level %d)",
                     worst, rq->sla);
    }
}

/* Respondents and favourable answers of a unit's rows of one construct
 * and tool, pooled over the workflows shown. */
static void pool(const struct voice_results *r, const char *unit,
                 const char *construct, const char *tool, long *n, long *fav)
{
    *n = *fav = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *row = &r->rows[i];

        if (row->unit && !strcmp(row->unit, unit) && row->n > 0
            && voice_row_is(r, row, construct) && !strcmp(row->tool, tool)
            && !isnan(row->share)) {
            *n += row->n;
            *fav += row->fav;
        }
    }
}

/* The voice leg of unit `name` from results shown by unit: PMF and
 * trust of the approved tool (one the telemetry covers, in `approved`)
 * most of the unit answered about (none when the unit shows none of
 * them); without telemetry, of the tool most answered about. */
static void voice_of(const struct voice_results *r, const char *name,
                     const struct strmap *approved, struct trap_voice *v)
{

    memset(v, 0, sizeof(*v));
    v->pmf = v->trust = v->friction_share = NAN;
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *row = &r->rows[i];
        long n, fav;

        if (!row->unit || strcmp(row->unit, name) || row->kind != VR_ITEM
            || row->n <= 0)
            continue;
        if (voice_row_is(r, row, "pmf")) {
            if (approved->len && !strmap_gets(approved, row->tool, NULL))
                continue;
            pool(r, name, "pmf", row->tool, &n, &fav);
            if (n > v->pmf_n) {
                v->pmf_n = n;
                v->pmf_very = fav;
                snprintf(v->tool, sizeof(v->tool), "%s", row->tool);
            }
        } else if (voice_row_is(r, row, "friction") && !*row->workflow
                   && row->item->type == ST_MULTI) {
            const struct survey_scale *sc = &r->in.scales[row->item->scale];

            v->friction_n = row->n;
            for (size_t o = 0; o < sc->nopt; o++) {
                double sh = (double)row->count[o] / (double)row->n;

                if (!sc->opt[o].exclusive
                    && (isnan(v->friction_share) || sh > v->friction_share)) {
                    v->friction_share = sh;
                    snprintf(v->friction_top, sizeof(v->friction_top), "%s",
                             sc->opt[o].code);
                }
            }
        }
    }
    if (v->pmf_n) {
        v->pmf = (double)v->pmf_very / (double)v->pmf_n;
        pool(r, name, "trust", v->tool, &v->trust_n, &v->trust_fav);
    }
    if (v->trust_n)
        v->trust = (double)v->trust_fav / (double)v->trust_n;
    v->shown = v->pmf_n || v->friction_n;
    if (!v->shown)
        return;
    snprintf(v->wave, sizeof(v->wave), "%s", r->wave.name);
    v->low_pmf = !isnan(v->pmf) && v->pmf < VOICE_FIT_LINE;
    v->low_trust = !isnan(v->trust) && v->trust < TRAP_TRUST_LOW;
    v->high_friction = !isnan(v->friction_share)
                       && v->friction_share >= VOICE_FRICTION_SHARE;
}

static int on_tool(void *ctx, const char *name, struct diag *diag)
{
    (void)diag;
    strmap_puts(ctx, name, 1);
    return 0;
}

struct latest {
    char *name;   /* owned: the latest wave opened by `by` */
    int64_t by;   /* day number */
};

static int on_wave(void *ctx, const struct store_wave *w, struct diag *diag)
{
    struct latest *l = ctx;

    (void)diag;
    if (w->opened <= l->by) { /* oldest first: the last one wins */
        free(l->name);
        l->name = xstrdup(w->name);
    }
    return 0;
}

/* The survey results by unit of the latest wave opened by the week's
 * end; *have 0 when there is none. */
static int week_voice(struct store *st, int64_t week,
                      struct voice_results *r, int *have, struct diag *diag)
{
    struct latest l = {NULL, week + 6};
    int rc = store_waves(st, on_wave, &l, diag);

    *have = 0;
    memset(r, 0, sizeof(*r));
    if (!rc && l.name) {
        rc = voice_results(st, NULL, l.name, VOICE_BY_UNIT, 0, r, diag);
        *have = !rc;
    }
    free(l.name);
    return rc;
}

/* The units with a cell of the week that the usage (or shadow) table
 * hides: the trap shows no count of theirs either, so it cannot give
 * away a cell hidden there as a complement. */
static int hidden_units(struct store *st, enum disclose_kind kind,
                        int64_t week, struct strmap *out, struct diag *diag)
{
    struct disclose_request req;
    struct disclose_table t;
    int rc;

    memset(&req, 0, sizeof(req));
    req.kind = kind;
    req.since = week * DAY;
    req.until = (week + 7) * DAY;
    rc = disclose_table(st, NULL, &req, &t, diag);
    if (rc)
        return rc;
    for (size_t i = 0; i < t.n; i++)
        if (t.cells[i].published && t.cells[i].hidden)
            strmap_puts(out, t.cells[i].key[0], 1);
    disclose_table_release(&t);
    return 0;
}

void trap_base_free(struct trap_base *b)
{
    if (!b)
        return;
    request_clocks_release(&b->rq);
    if (b->have_voice)
        voice_results_release(&b->vr);
    strmap_release(&b->tools);
    strmap_release(&b->uh);
    strmap_release(&b->sh);
    for (size_t i = 0; i < b->c.n; i++)
        free(b->c.u[i].name);
    free(b->c.u);
    strmap_release(&b->c.by_id);
    free(b->voice);
    free(b);
}

int trap_base_load(struct store *st, int64_t week, struct trap_base **out,
                   struct diag *diag)
{
    struct trap_base *b = xcalloc(1, sizeof(*b));
    struct ctx *c = &b->c;
    int rc;

    *out = NULL;
    b->week = week;
    strmap_init(&b->uh);
    strmap_init(&b->sh);
    strmap_init(&b->tools);
    strmap_init(&c->by_id);
    c->to = (week + 7) * DAY;
    c->mid = c->to - WINDOW_DAYS * DAY;
    c->from = c->mid - WINDOW_DAYS * DAY;
    rc = store_units(st, on_unit, c, diag);
    if (!rc)
        rc = store_week_units(st, week, on_week, c, diag);
    if (!rc)
        rc = hidden_units(st, DISCLOSE_USAGE, week, &b->uh, diag);
    if (!rc)
        rc = hidden_units(st, DISCLOSE_SHADOW, week, &b->sh, diag);
    if (!rc)
        rc = assign_buckets(st, c, diag);
    if (!rc)
        rc = store_usage_tools(st, on_tool, &b->tools, diag);
    if (!rc)
        rc = week_voice(st, week, &b->vr, &b->have_voice, diag);
    if (!rc)
        rc = request_clocks_load(st, NULL, c->to, 0, &b->rq, diag);
    if (rc) {
        trap_base_free(b);
        return rc;
    }
    b->voice = xcalloc(c->n ? c->n : 1, sizeof(*b->voice));
    {   /* of each unit units are shown under */
        char *under = xcalloc(c->n ? c->n : 1, 1);

        for (size_t i = 0; i < c->n; i++)
            if (c->u[i].bucket >= 0)
                under[c->u[i].bucket] = 1;
        for (size_t i = 0; i < c->n; i++)
            if (under[i])
                voice_of(b->have_voice ? &b->vr : NULL, c->u[i].name,
                         &b->tools, &b->voice[i]);
        free(under);
    }
    *out = b;
    return 0;
}

int trap_judge(struct store *st, const struct trap_base *base,
               struct trap *out, struct diag *diag)
{
    const struct ctx *c = &base->c;
    struct scan sc = {c, xcalloc(c->n ? c->n : 1, sizeof(struct outcome))};
    int rc;

    memset(out, 0, sizeof(*out));
    out->week = base->week;
    rc = store_items_scan(st, c->from, c->to, 0, on_item, &sc, diag);
    if (rc)
        goto out;
    out->t = xcalloc(c->n ? c->n : 1, sizeof(*out->t));
    /* bucket -1 gathers the units too small to show even at their root:
     * counted as not shown, never judged */
    for (int64_t b = -1; b < (int64_t)c->n; b++) {
        struct trap_team t;
        double *now = NULL, *before = NULL;
        size_t nn = 0, nb = 0, cn = 0, cb = 0;
        int members = 0;

        memset(&t, 0, sizeof(t));
        for (size_t i = 0; i < c->n; i++) {
            const struct unit *u = &c->u[i];
            const struct outcome *o = &sc.o[i];

            if (u->bucket != b)
                continue;
            members++;
            t.people += u->people;
            t.usage_people += u->w.usage_people;
            t.usage_days += u->w.usage_days;
            t.usage_light += u->w.usage_light;
            t.shadow_people += u->w.shadow_people;
            if (u->w.shadow_services > t.shadow_services)
                t.shadow_services = u->w.shadow_services;
            for (size_t k = 0; k < o->nnow; k++)
                push(&now, &nn, &cn, o->now[k]);
            for (size_t k = 0; k < o->nbefore; k++)
                push(&before, &nb, &cb, o->before[k]);
        }
        if (!members || (!t.usage_people && !t.shadow_people)) {
            free(now);
            free(before);
            continue; /* no telemetry or demand: nothing to say */
        }
        if (b < 0 || t.people < TRAP_MIN_PEOPLE) {
            out->hidden_people += t.people;
            free(now);
            free(before);
            continue;
        }
        t.name = xstrdup(c->u[b].name);
        t.merged = members > 1;
        t.active_share = (double)t.usage_people / (double)t.people;
        t.depth = t.usage_people ? (double)t.usage_days / t.usage_people : 0;
        t.light_share = t.usage_people ? (double)t.usage_light
                                             / (double)t.usage_people
                                       : 0;
        t.shadow_share = (double)t.shadow_people / (double)t.people;
        t.usage_hidden = (t.usage_people > 0
                          && t.usage_people < TRAP_MIN_PEOPLE)
                         || strmap_gets(&base->uh, t.name, NULL);
        t.shadow_hidden = (t.shadow_people > 0
                           && t.shadow_people < TRAP_MIN_PEOPLE)
                          || strmap_gets(&base->sh, t.name, NULL);
        t.items_now = (long)nn;
        t.items_before = (long)nb;
        t.cycle_change = nn >= MIN_ITEMS && nb >= MIN_ITEMS
                             ? median(now, nn) / median(before, nb) - 1.0
                             : NAN;
        t.voice = base->voice[b];
        judge(&t);
        approval_reason(&t, c, b, &base->rq);
        out->t[out->n++] = t;
        free(now);
        free(before);
    }
out:
    for (size_t i = 0; i < c->n; i++) {
        free(sc.o[i].now);
        free(sc.o[i].before);
    }
    free(sc.o);
    return rc;
}

int trap_compute(struct store *st, int64_t week, struct trap *out,
                 struct diag *diag)
{
    struct trap_base *b = NULL;
    int rc = trap_base_load(st, week, &b, diag);

    if (rc) {
        memset(out, 0, sizeof(*out));
        out->week = week;
        return rc;
    }
    rc = trap_judge(st, b, out, diag);
    trap_base_free(b);
    return rc;
}

void trap_release(struct trap *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->t[i].name);
    free(t->t);
    memset(t, 0, sizeof(*t));
}
