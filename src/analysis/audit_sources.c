/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the audit attacks: every figure the reports and pages publish,
 * obtained through the same functions they call (cells_*_load, trap,
 * items_summary, the portfolio) and scoped by the same access rules, as
 * cells of one system with the relations between them. A cell's id
 * names what it counts, so two outputs that publish the same figure
 * publish the same cell. */
#include "analysis/audit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cells.h"
#include "analysis/items_summary.h"
#include "analysis/portfolio.h"
#include "analysis/privacy.h"
#include "analysis/trap.h"
#include "analysis/usage.h"
#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"

#define SHADOW_MIN 10 /* as cells.c: shadow demand and telemetry */

struct unit {
    int64_t id, parent;
    char *name;
    long people;
};

struct ctx {
    struct store *st;
    struct audit_sys *s;
    struct access_scope scope;
    struct unit *u;
    size_t nu, ucap;
    struct strmap by_name;   /* name -> index */
};

static int on_unit(void *vc, const struct store_unit_row *r,
                   struct diag *diag)
{
    struct ctx *c = vc;

    (void)diag;
    if (c->nu == c->ucap) {
        c->ucap = c->ucap ? 2 * c->ucap : 64;
        c->u = xrealloc(c->u, c->ucap * sizeof(*c->u));
    }
    strmap_put(&c->by_name, r->name, strlen(r->name), (int64_t)c->nu);
    c->u[c->nu++] = (struct unit){r->id, r->parent_id, xstrdup(r->name),
                                  r->people};
    return 0;
}

static const struct unit *unit_named(const struct ctx *c, const char *name)
{
    int64_t i;

    if (!name || !strmap_get(&c->by_name, name, strlen(name), &i))
        return NULL;
    return &c->u[i];
}

/* The reader gets this team's cells (CLI: admins; pages: their scope). */
static int sees(const struct ctx *c, const char *team)
{
    const struct unit *u = unit_named(c, team);

    return u && access_sees_unit(&c->scope, u->id);
}

/* ---- approved-tool and shadow-AI cells ---- */

/* One kind's cells, week by week: each team's cell per tool (service),
 * its bound (the team's head count), and per team and week the cell of
 * the largest tool (what the trap shows), between the largest part and
 * their sum. */
struct weekly {
    const char *kind, *dim;      /* "usage", "tool" */
    int64_t week;
    const char *team;
    size_t *parts;
    size_t n, cap;
};

static void weekly_flush(struct ctx *c, struct weekly *w)
{
    struct buf wk = BUF_INIT;
    size_t all;

    if (!w->n)
        return;
    tstamp_format_isoweek(&wk, w->week);
    all = audit_cell(c->s, "%s/people/%s/team=%s,%s=*", w->kind,
                     buf_str(&wk), w->team, w->dim);
    audit_distinct(c->s, all, w->parts, w->n);
    if (unit_named(c, w->team))
        audit_bound(c->s, all, (double)unit_named(c, w->team)->people);
    w->n = 0;
    buf_release(&wk);
}

static void weekly_cell(struct ctx *c, struct weekly *w, int64_t week,
                        const char *team, const char *what, long people,
                        int hidden)
{
    struct buf wk = BUF_INIT;
    size_t at;

    if (w->n && (w->week != week || strcmp(w->team, team)))
        weekly_flush(c, w);
    tstamp_format_isoweek(&wk, week);
    at = audit_cell(c->s, "%s/people/%s/team=%s,%s=%s", w->kind,
                    buf_str(&wk), team, w->dim, what);
    if (hidden)
        audit_hide(c->s, at, (double)people, people, SHADOW_MIN);
    else if (sees(c, team))
        audit_publish(c->s, at, (double)people, people, SHADOW_MIN);
    if (unit_named(c, team))
        audit_bound(c->s, at, (double)unit_named(c, team)->people);
    w->week = week;
    w->team = team;
    w->parts = xgrow(w->parts, &w->cap, w->n + 1, sizeof(*w->parts));
    w->parts[w->n++] = at;
    buf_release(&wk);
}

/* The cells come by week, then tool, then team: regroup by week and team
 * through a sort of indices. */
struct cellref {
    int64_t week;
    const char *team, *what;
    long people;
    int hidden;
};

static int by_week_team(const void *a, const void *b)
{
    const struct cellref *x = a, *y = b;
    int d;

    if (x->week != y->week)
        return x->week < y->week ? -1 : 1;
    d = strcmp(x->team, y->team);
    return d ? d : strcmp(x->what, y->what);
}

static void add_weekly(struct ctx *c, const char *kind, const char *dim,
                       struct cellref *r, size_t n)
{
    struct weekly w = {kind, dim, 0, NULL, NULL, 0, 0};

    qsort(r, n, sizeof(*r), by_week_team);
    for (size_t i = 0; i < n; i++)
        weekly_cell(c, &w, r[i].week, r[i].team, r[i].what, r[i].people,
                    r[i].hidden);
    weekly_flush(c, &w);
    free(w.parts);
}

static int add_usage_shadow(struct ctx *c, int64_t **weeks, size_t *nweeks,
                            struct diag *diag)
{
    struct cells_usage us;
    struct cells_shadow sh;
    struct cellref *r = NULL;
    size_t n = 0, wcap = 0;
    int rc;

    memset(&us, 0, sizeof(us));
    memset(&sh, 0, sizeof(sh));
    rc = cells_usage_load(c->st, 0, INT64_MAX / 2, &us, diag);
    if (!rc)
        rc = cells_shadow_load(c->st, 0, INT64_MAX / 2, &sh, diag);
    if (rc)
        goto out;
    r = xcalloc(us.n + sh.n + 1, sizeof(*r));
    for (size_t i = 0; i < us.n; i++)
        if (us.v[i].team)
            r[n++] = (struct cellref){us.v[i].week, us.v[i].team,
                                      us.v[i].tool, us.v[i].people,
                                      us.hidden[i]};
    add_weekly(c, "usage", "tool", r, n);
    for (size_t i = 0; i < n; i++)
        if (!*nweeks || (*weeks)[*nweeks - 1] != r[i].week) {
            *weeks = xgrow(*weeks, &wcap, *nweeks + 1, sizeof(**weeks));
            (*weeks)[(*nweeks)++] = r[i].week;
        }
    n = 0;
    for (size_t i = 0; i < sh.n; i++)
        if (strcmp(sh.v[i].status, "approved")) /* approved: not demand */
            r[n++] = (struct cellref){sh.v[i].week, sh.v[i].team,
                                      sh.v[i].service, sh.v[i].people,
                                      sh.hidden[i]};
    add_weekly(c, "shadow", "service", r, n);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;

        while (k < *nweeks && (*weeks)[k] != r[i].week)
            k++;
        if (k == *nweeks) {
            *weeks = xgrow(*weeks, &wcap, *nweeks + 1, sizeof(**weeks));
            (*weeks)[(*nweeks)++] = r[i].week;
        }
    }
out:
    free(r);
    cells_usage_release(&us);
    cells_shadow_release(&sh);
    return rc;
}

/* ---- the mandate trap ---- */

/* The unit each unit is shown under by the trap: itself, or the nearest
 * ancestor that with what merges into it has enough people (the rule of
 * trap.c's assign_buckets). NEEDSWORK: take it from the disclosure
 * layer's unit list when the trap does. */
static void buckets(struct ctx *c, int64_t *b)
{
    long *sum = xcalloc(c->nu + 1, sizeof(*sum));

    for (size_t i = 0; i < c->nu; i++)
        b[i] = (int64_t)i;
    for (int pass = 0; pass < 16; pass++) {
        int moved = 0;

        memset(sum, 0, c->nu * sizeof(*sum));
        for (size_t i = 0; i < c->nu; i++)
            sum[b[i]] += c->u[i].people;
        for (size_t i = 0; i < c->nu; i++) {
            int64_t r = b[i];
            size_t p = 0;

            if (sum[r] >= TRAP_MIN_PEOPLE || !c->u[r].parent)
                continue;
            while (p < c->nu && c->u[p].id != c->u[r].parent)
                p++;
            if (p == c->nu)
                continue;
            for (size_t k = 0; k < c->nu; k++)
                if (b[k] == r)
                    b[k] = (int64_t)p;
            moved = 1;
        }
        if (!moved)
            break;
    }
    free(sum);
}

static void trap_figure(struct ctx *c, const char *kind, const char *dim,
                        const char *week, const struct trap_team *t,
                        const size_t *units, size_t nunits, long value,
                        int hidden)
{
    size_t at, *parts = xcalloc(nunits, sizeof(*parts));
    const char *name = c->u[units[0]].name;

    for (size_t i = 0; i < nunits; i++)
        parts[i] = audit_cell(c->s, "%s/people/%s/team=%s,%s=*", kind, week,
                              c->u[units[i]].name, dim);
    at = nunits > 1 ? audit_cell(c->s, "%s/people/%s/merged=%s,%s=*", kind,
                                 week, name, dim)
                    : parts[0];
    if (nunits > 1)
        audit_sum(c->s, at, parts, nunits);
    audit_bound(c->s, at, (double)t->people);
    if (!hidden && sees(c, name))
        audit_publish(c->s, at, (double)value, value, SHADOW_MIN);
    free(parts);
}

static int add_trap(struct ctx *c, const int64_t *weeks, size_t nweeks,
                    struct diag *diag)
{
    size_t *units = xcalloc(c->nu + 1, sizeof(*units));
    int64_t *b = xcalloc(c->nu + 1, sizeof(*b));
    int rc = 0;

    buckets(c, b);
    for (size_t w = 0; !rc && w < nweeks; w++) {
        struct trap tr = {0, NULL, 0, 0};
        struct buf wk = BUF_INIT;

        rc = trap_compute(c->st, weeks[w], &tr, diag);
        tstamp_format_isoweek(&wk, weeks[w]);
        for (size_t i = 0; !rc && i < tr.n; i++) {
            const struct trap_team *t = &tr.t[i];
            const struct unit *u = unit_named(c, t->name);
            size_t n = 0;

            if (u) {
                units[n++] = (size_t)(u - c->u);
                for (size_t k = 0; k < c->nu; k++)
                    if (b[k] == (int64_t)units[0] && k != units[0])
                        units[n++] = k;
                trap_figure(c, "usage", "tool", buf_str(&wk), t, units, n,
                            t->usage_people, t->usage_hidden);
                trap_figure(c, "shadow", "service", buf_str(&wk), t, units, n,
                            t->shadow_people, t->shadow_hidden);
            }
        }
        buf_release(&wk);
        trap_release(&tr);
    }
    free(units);
    free(b);
    return rc;
}

/* ---- work-item summaries ---- */

struct period {
    const char *name;            /* in cell ids */
    int64_t since, until;        /* 0 open */
};

static int summary_cells(struct ctx *c, const struct period *p,
                         enum summary_key *keys, size_t nkeys,
                         int64_t unit_id, int publish, struct diag *diag)
{
    struct summary_opts o;
    struct summary sum = {NULL, 0};
    int rc;

    memset(&o, 0, sizeof(o));
    memcpy(o.keys, keys, nkeys * sizeof(*keys));
    o.nkeys = nkeys;
    o.since = p->since;
    o.until = p->until;
    o.min_people = PRIVACY_MIN_PEOPLE_ITEMS;
    o.unit_id = unit_id;
    rc = items_summary(c->st, &o, &sum, diag);
    for (size_t i = 0; !rc && i < sum.n; i++) {
        const struct summary_group *g = &sum.groups[i];
        const char *team = "*", *month = p->name;
        size_t at;

        for (size_t k = 0; k < nkeys; k++) {
            if (keys[k] == SK_TEAM)
                team = g->values[k];
            else if (keys[k] == SK_MONTH)
                month = g->values[k];
        }
        if (unit_id) { /* a team page: one unit's items */
            for (size_t u = 0; u < c->nu; u++)
                if (c->u[u].id == unit_id)
                    team = c->u[u].name;
        }
        at = audit_cell(c->s, "items/items/%s/team=%s", month, team);
        if (g->suppressed)
            audit_hide(c->s, at, (double)g->items, g->people,
                       PRIVACY_MIN_PEOPLE_ITEMS);
        else if (publish && (!strcmp(team, "*") || sees(c, team)))
            audit_publish(c->s, at, (double)g->items, g->people,
                          PRIVACY_MIN_PEOPLE_ITEMS);
        else
            audit_hide(c->s, at, (double)g->items, g->people, 0);
    }
    summary_release(&sum);
    return rc;
}

/* The relations between the items cells: a team's range is its months,
 * a month's total its teams, the range's total its teams, and the range
 * one day shorter plus the last day is the range. */
static void items_relations(struct ctx *c, char **months, size_t nmonths,
                            const char *short_name, const char *last_name)
{
    size_t *parts = xcalloc(c->nu + nmonths + 1, sizeof(*parts));
    size_t n;

    for (size_t u = 0; u < c->nu + 1; u++) {
        const char *team = u < c->nu ? c->u[u].name : "*";

        for (size_t m = 0; m < nmonths; m++)
            parts[m] = audit_cell(c->s, "items/items/%s/team=%s", months[m],
                                  team);
        audit_sum(c->s, audit_cell(c->s, "items/items/all/team=%s", team),
                  parts, nmonths);
        parts[0] = audit_cell(c->s, "items/items/%s/team=%s", short_name,
                              team);
        parts[1] = audit_cell(c->s, "items/items/%s/team=%s", last_name,
                              team);
        audit_sum(c->s, audit_cell(c->s, "items/items/all/team=%s", team),
                  parts, 2);
    }
    for (size_t m = 0; m < nmonths + 3; m++) {
        const char *p = m < nmonths ? months[m]
                        : m == nmonths ? "all"
                        : m == nmonths + 1 ? short_name
                                           : last_name;

        n = 0;
        for (size_t u = 0; u < c->nu; u++)
            parts[n++] = audit_cell(c->s, "items/items/%s/team=%s", p,
                                    c->u[u].name);
        audit_sum(c->s, audit_cell(c->s, "items/items/%s/team=*", p), parts,
                  n);
    }
    free(parts);
}

static int add_items(struct ctx *c, struct diag *diag)
{
    struct store_status ss;
    struct summary_opts o;
    struct summary months = {NULL, 0};
    struct buf sname = BUF_INIT, lname = BUF_INIT;
    char **names = NULL;
    enum summary_key team[1] = {SK_TEAM}, month[1] = {SK_MONTH},
                     both[2] = {SK_TEAM, SK_MONTH};
    int admin = c->scope.role == ROLE_ADMIN;
    int rc = store_status(c->st, &ss, diag);
    int64_t last;

    if (rc || !ss.items)
        return rc;
    memset(&o, 0, sizeof(o));
    o.keys[0] = SK_MONTH;
    o.nkeys = 1;
    o.min_people = PRIVACY_MIN_PEOPLE_ITEMS;
    rc = items_summary(c->st, &o, &months, diag);
    if (rc)
        goto out;
    names = xcalloc(months.n + 1, sizeof(*names));
    for (size_t i = 0; i < months.n; i++)
        names[i] = months.groups[i].values[0];
    /* the range one day shorter: until the day of the last item */
    last = tstamp_day(ss.last_item) * 86400;
    tstamp_format_day(&sname, last);
    tstamp_format_day(&lname, last);
    buf_puts(&sname, "-");
    buf_puts(&lname, "+");
    {
        const struct period all = {"all", 0, 0},
                            shorter = {buf_str(&sname), 0, last},
                            lastday = {buf_str(&lname), last, 0};

        /* items summary: the command line (admins) */
        rc = summary_cells(c, &all, team, 1, 0, admin, diag);
        if (!rc)
            rc = summary_cells(c, &all, month, 1, 0, admin, diag);
        if (!rc)
            rc = summary_cells(c, &all, both, 2, 0, admin, diag);
        if (!rc)
            rc = summary_cells(c, &shorter, team, 1, 0, admin, diag);
        if (!rc) /* never published: what the difference isolates */
            rc = summary_cells(c, &lastday, team, 1, 0, 0, diag);
        /* team pages: each unit's months */
        for (size_t u = 0; !rc && u < c->nu; u++)
            if (access_sees_unit(&c->scope, c->u[u].id))
                rc = summary_cells(c, &all, month, 1, c->u[u].id, 1, diag);
    }
    if (!rc)
        items_relations(c, names, months.n, buf_str(&sname),
                        buf_str(&lname));
out:
    free(names);
    summary_release(&months);
    buf_release(&sname);
    buf_release(&lname);
    return rc;
}

/* ---- pilots ---- */

/* Distinct people behind a unit's items of one workflow in [since,
 * until). */
static int arm_people(struct ctx *c, int64_t unit_id, const char *workflow,
                      int64_t since, int64_t until, long *people,
                      struct diag *diag)
{
    struct summary_opts o;
    struct summary sum = {NULL, 0};
    int rc;

    memset(&o, 0, sizeof(o));
    o.keys[0] = SK_WORKFLOW;
    o.nkeys = 1;
    o.since = since;
    o.until = until;
    o.unit_id = unit_id;
    o.min_people = PRIVACY_MIN_PEOPLE_ITEMS;
    rc = items_summary(c->st, &o, &sum, diag);
    for (size_t i = 0; !rc && i < sum.n; i++)
        if (!strcmp(sum.groups[i].values[0], workflow))
            *people += sum.groups[i].people;
    summary_release(&sum);
    return rc;
}

/* Every pilot's arms: pilot analyze, the portfolio, /pilots and the
 * playbooks publish their item counts and means to every reader. */
static int add_pilots(struct ctx *c, int64_t now, struct diag *diag)
{
    struct portfolio pf = {NULL, 0};
    int rc = portfolio_load(c->st, now, &pf, diag);

    for (size_t i = 0; !rc && i < pf.n; i++) {
        const struct pilot *p = &pf.e[i].pilot;
        const struct pilot_analysis *a = &pf.e[i].analysis;
        long pp = 0, cp = 0;
        size_t at;

        if (!a->primary.defined)
            continue;
        rc = arm_people(c, p->unit_id, p->workflow, a->window_from,
                        a->window_to, &pp, diag);
        if (!p->ncontrols && !rc)
            rc = arm_people(c, p->unit_id, p->workflow, a->baseline_from,
                            a->window_from, &cp, diag);
        for (size_t k = 0; !rc && k < p->ncontrols; k++)
            rc = arm_people(c, p->control_ids[k], p->workflow,
                            a->window_from, a->window_to, &cp, diag);
        if (rc)
            break;
        at = audit_cell(c->s, "pilot/items/%lld/arm=pilot", (long long)p->id);
        audit_publish(c->s, at, (double)a->primary.n_b, pp,
                      PRIVACY_MIN_PEOPLE_ITEMS);
        at = audit_cell(c->s, "pilot/items/%lld/arm=comparison",
                        (long long)p->id);
        audit_publish(c->s, at, (double)a->primary.n_a, cp,
                      PRIVACY_MIN_PEOPLE_ITEMS);
    }
    portfolio_release(&pf);
    return rc;
}

/* ---- all of it ---- */

int audit_enumerate(struct store *st, const struct audit_reader *rd,
                    int64_t now, struct audit_sys *s, struct diag *diag)
{
    struct ctx c;
    struct store_user user;
    int64_t *weeks = NULL;
    size_t nweeks = 0;
    const char *plant = getenv(AUDIT_PLANT_ENV);
    int rc;

    memset(&c, 0, sizeof(c));
    memset(&user, 0, sizeof(user));
    c.st = st;
    c.s = s;
    strmap_init(&c.by_name);
    snprintf(user.role, sizeof(user.role), "%s", access_role_names[rd->role]);
    user.unit_id = rd->unit_id;
    rc = access_scope_load(st, &user, &c.scope, diag);
    if (!rc)
        rc = store_units(st, on_unit, &c, diag);
    if (!rc)
        rc = add_usage_shadow(&c, &weeks, &nweeks, diag);
    if (!rc)
        rc = add_trap(&c, weeks, nweeks, diag);
    if (!rc)
        rc = add_items(&c, diag);
    if (!rc)
        rc = add_pilots(&c, now, diag);
    if (!rc && plant && *plant) {
        int64_t at = -1;

        if (!strcmp(plant, "*")) { /* the first hidden cell */
            for (size_t i = 0; at < 0 && i < s->n; i++)
                if (s->c[i].hidden && !s->c[i].published)
                    at = (int64_t)i;
        } else if (!strmap_get(&s->index, plant, strlen(plant), &at))
            at = -1;
        if (at < 0)
            rc = diag_set(diag, TR_ENOENT, "no cell '%s' to plant", plant);
        else
            audit_publish(s, (size_t)at, s->c[at].value, s->c[at].people,
                          s->c[at].min_people);
    }
    for (size_t i = 0; i < c.nu; i++)
        free(c.u[i].name);
    free(c.u);
    free(weeks);
    strmap_release(&c.by_name);
    access_scope_release(&c.scope);
    return rc;
}
