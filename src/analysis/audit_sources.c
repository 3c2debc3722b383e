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

#include "analysis/disclose.h"
#include "analysis/items_summary.h"
#include "analysis/portfolio.h"
#include "analysis/trap.h"
#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/items.h"
#include "store/store.h"
#include "store/trap.h"

struct ctx {
    struct store *st;
    struct audit_sys *s;
    struct access_scope scope;
    const struct access_scope *reader; /* NULL: the command line */
    struct disclose_units units;
};

/* A unit's head count as the layer names it: its own people and those of
 * the units merged into it; -1 when unknown. */
static long head_count(const struct ctx *c, const char *name)
{
    int64_t i;
    long n = 0;

    if (!name || !strmap_get(&c->units.by_name, name, strlen(name), &i))
        return -1;
    for (size_t k = 0; k < c->units.n; k++)
        if (c->units.bucket_of[k] == i)
            n += c->units.people[k];
    return n;
}

/* The id of a cell of a layer table: kind/measure/period/keys, the
 * period only when the month (items) is a margin. Keys past the third
 * (a shadow service's vendor, category, status) follow from the
 * service. */
static void cell_id(struct buf *id, const struct disclose_table *t,
                    const struct disclose_cell *cell, const char *measure)
{
    int month = -1;

    buf_addf(id, "%s/%s", disclose_kind_names[t->kind], measure);
    for (size_t k = 0; k < t->nkeys; k++)
        if (!strcmp(t->key_names[k], "month"))
            month = (int)k;
    if (t->kind == DISCLOSE_SURVEY || t->kind == DISCLOSE_SURVEY_TEXT) {
        for (size_t k = 0; k < t->nkeys; k++)
            buf_addf(id, "%c%s=%s", k ? ',' : '/', t->key_names[k],
                     cell->key[k] ? cell->key[k] : "*");
        return;
    }
    if (month >= 0)
        buf_putc(id, '/');
    if (month >= 0 && !cell->key[month]) {
        tstamp_format_day(id, t->since);
        buf_puts(id, "..");
        tstamp_format_day(id, t->until);
    } else if (month >= 0)
        buf_puts(id, cell->key[month]);
    if (t->kind != DISCLOSE_ITEMS) { /* team, tool (service), week */
        buf_addf(id, "/team=%s,%s=%s/%s", cell->key[0] ? cell->key[0] : "*",
                 t->key_names[1], cell->key[1] ? cell->key[1] : "*",
                 cell->key[2] ? cell->key[2] : "*");
        return;
    }
    /* items: every key the layer knows, "*" when summed over */
    for (int k = 0; k < SK_COUNT; k++) {
        const char *v = "*";

        if (k == SK_MONTH)
            continue;
        for (size_t j = 0; j < t->nkeys; j++)
            if (!strcmp(t->key_names[j], summary_key_names[k]) && cell->key[j])
                v = cell->key[j];
        buf_addf(id, "%s%s=%s", k ? "," : "/", summary_key_names[k], v);
    }
}

/* Adds a layer table's cells of one additive measure, as the reader gets
 * them, and its relations; returns the cells' indices in the system
 * (owned by the caller). */
static size_t *add_table(struct ctx *c, const struct disclose_table *t,
                         size_t m)
{
    size_t *at = xcalloc(t->n + 1, sizeof(*at));
    struct buf id = BUF_INIT;

    for (size_t i = 0; i < t->n; i++) {
        const struct disclose_cell *cell = &t->cells[i];
        double v = cell->v[m];
        long head;

        buf_reset(&id);
        cell_id(&id, t, cell, t->measure_names[m]);
        at[i] = audit_cell(c->s, "%s", buf_str(&id));
        if (cell->hidden)
            audit_hide(c->s, at[i], v, cell->people, t->min_people);
        else if (cell->published)
            audit_publish(c->s, at[i], v, cell->people, t->min_people);
        /* survey cubes merge units by a wave's responses, so the head
         * counts of the telemetry buckets do not bound their cells */
        head = t->kind == DISCLOSE_USAGE || t->kind == DISCLOSE_SHADOW
                   ? head_count(c, cell->key[0])
                   : -1;
        if (head >= 0)
            audit_bound(c->s, at[i], (double)head);
    }
    for (size_t r = 0; r < t->nrel; r++) {
        const struct disclose_relation *rl = &t->rel[r];
        size_t *parts = xcalloc(rl->n + 1, sizeof(*parts));

        for (size_t k = 0; k < rl->n; k++)
            parts[k] = at[t->parts[rl->first + k]];
        audit_sum(c->s, at[rl->total], parts, rl->n);
        free(parts);
    }
    buf_release(&id);
    return at;
}

static int request(struct ctx *c, enum disclose_kind kind,
                   const char *const *keys, size_t nkeys, int64_t until,
                   struct disclose_table *t, struct diag *diag)
{
    struct disclose_request req;

    memset(&req, 0, sizeof(req));
    req.kind = kind;
    for (size_t k = 0; k < nkeys; k++)
        req.keys[k] = keys[k];
    req.nkeys = nkeys;
    req.until = until;
    return disclose_table(c->st, c->reader, &req, t, diag);
}

/* ---- approved-tool and shadow-AI cells, and the trap ---- */

/* Per team and week, the cell over all tools (services) that the trap
 * shows: between the largest tool's and the sum. */
struct twk {
    const char *team, *week;
    size_t at;
};

static int by_team_week(const void *a, const void *b)
{
    const struct twk *x = a, *y = b;
    int d = strcmp(x->team, y->team);

    return d ? d : strcmp(x->week, y->week);
}

static void over_tools(struct ctx *c, const struct disclose_table *t,
                       const size_t *at)
{
    struct twk *v = xcalloc(t->n + 1, sizeof(*v));
    size_t n = 0, *parts = xcalloc(t->n + 1, sizeof(*parts));

    for (size_t i = 0; i < t->n; i++)
        if (t->cells[i].key[0] && t->cells[i].key[1] && t->cells[i].key[2])
            v[n++] = (struct twk){t->cells[i].key[0], t->cells[i].key[2],
                                  at[i]};
    qsort(v, n, sizeof(*v), by_team_week);
    for (size_t i = 0; i < n;) {
        size_t j = i, all;
        long head = head_count(c, v[i].team);

        while (j < n && !by_team_week(&v[i], &v[j])) {
            parts[j - i] = v[j].at;
            j++;
        }
        all = audit_cell(c->s, "%s/%s/team=%s,%s=*/%s",
                         disclose_kind_names[t->kind], t->measure_names[0],
                         v[i].team,
                         t->key_names[1], v[i].week);
        audit_distinct(c->s, all, parts, j - i);
        if (head >= 0)
            audit_bound(c->s, all, (double)head);
        i = j;
    }
    free(v);
    free(parts);
}

static int add_cells(struct ctx *c, enum disclose_kind kind,
                     struct diag *diag)
{
    struct disclose_table t;
    size_t *at;
    int rc = request(c, kind, NULL, 0, 0, &t, diag);

    if (rc)
        return rc;
    at = add_table(c, &t, 0); /* active people; people */
    over_tools(c, &t, at);
    free(at);
    disclose_table_release(&t);
    return 0;
}

/* Calendar learning: people with learning hours per unit (as shown) and
 * week, and the week's total over units (`learning-time report`,
 * /learning). Bucket head counts are not those of c->units (merged by 5
 * people, not 10), so no upper bound is added. */
static int add_learning(struct ctx *c, struct diag *diag)
{
    struct disclose_table t;
    int rc = request(c, DISCLOSE_LEARNING, NULL, 0, 0, &t, diag);

    if (rc)
        return rc;
    free(add_table(c, &t, 0));
    disclose_table_release(&t);
    return 0;
}

/* The trap of every week with data: each unit it shows (merged units
 * under the name the layer gives them) with its active and shadow
 * people over all tools. */
static int add_trap(struct ctx *c, struct diag *diag)
{
    int64_t week = 0;
    int rc = store_latest_week(c->st, &week, diag);

    for (int64_t w = week; !rc && week && w > week - 7 * 104; w -= 7) {
        struct trap tr = {0, NULL, 0, 0};
        struct buf wk = BUF_INIT;

        rc = trap_compute(c->st, w, &tr, diag);
        tstamp_format_isoweek(&wk, w);
        for (size_t i = 0; !rc && i < tr.n; i++) {
            const struct trap_team *t = &tr.t[i];
            int64_t u;
            int sees = c->scope.role == ROLE_ADMIN;

            if (!sees
                && strmap_get(&c->units.by_name, t->name, strlen(t->name), &u))
                sees = access_sees_unit(&c->scope, c->units.id[u]);
            if (!sees)
                continue;
            if (!t->usage_hidden && t->usage_people)
                audit_publish(c->s,
                              audit_cell(c->s, "usage/active_people/team=%s,tool=*/%s",
                                         t->name, buf_str(&wk)),
                              (double)t->usage_people, t->usage_people,
                              DISCLOSE_MIN_TELEMETRY);
            if (!t->shadow_hidden && t->shadow_people)
                audit_publish(
                    c->s,
                    audit_cell(c->s, "shadow/people/team=%s,service=*/%s",
                               t->name, buf_str(&wk)),
                    (double)t->shadow_people, t->shadow_people,
                    DISCLOSE_MIN_TELEMETRY);
        }
        buf_release(&wk);
        trap_release(&tr);
        if (!tr.n && w < week - 7 * 8)
            break; /* no more data before this */
    }
    return rc;
}

/* ---- work items ---- */

static int add_items(struct ctx *c, struct diag *diag)
{
    static const char *const team[] = {"team"}, *const month[] = {"month"},
                             *const both[] = {"team", "month"},
                             *const wf[] = {"workflow"};
    struct store_status ss;
    int rc = store_status(c->st, &ss, diag);

    if (rc || !ss.items)
        return rc;
    for (int q = 0; !rc && q < 5; q++) {
        struct disclose_table t;
        const char *const *keys = q == 1 ? month : q == 2 ? both
                                  : q == 4             ? wf
                                                       : team;
        /* q 3: one day shorter than the range (the route of issue 15) */
        int64_t until = q == 3 ? tstamp_day(ss.last_item) * 86400 : 0;

        rc = request(c, DISCLOSE_ITEMS, keys, q == 2 ? 2 : 1, until, &t,
                     diag);
        if (!rc) {
            free(add_table(c, &t, 0)); /* items */
            disclose_table_release(&t);
        }
    }
    return rc;
}

/* ---- survey results ---- */

/* Whether a survey cell with no team is one that `survey results`
 * publishes to every reader: the whole wave's (the margin over teams
 * and functions), --by function's, and --by tool's and --by workflow's
 * pooled rows (the margin over the workflows of one tool, or over the
 * tools of one workflow). */
static int survey_org_level(const struct disclose_table *t,
                            const struct disclose_cell *cell)
{
    int tool = -1, wf = -1, fn = -1;

    for (size_t k = 0; k < t->nkeys; k++) {
        if (!strcmp(t->key_names[k], "tool"))
            tool = (int)k;
        if (!strcmp(t->key_names[k], "workflow"))
            wf = (int)k;
        if (!strcmp(t->key_names[k], "function"))
            fn = (int)k;
    }
    if (cell->key[0] || tool < 0 || wf < 0)
        return 0;
    if (cell->key[tool] && cell->key[wf])
        return 1; /* the whole wave, or a function (--by function) */
    if (fn >= 0 && cell->key[fn])
        return 0;
    if (cell->key[tool] && !cell->key[wf])
        return *cell->key[tool] != '\0'; /* --by tool */
    if (!cell->key[tool] && cell->key[wf])
        return *cell->key[wf] != '\0'; /* --by workflow */
    return 0;
}

/* `survey results` of every wave, the whole wave's and with --by unit,
 * function, tool and workflow: the cells of the one survey cube, by the
 * people each counts (as for work items, the count the threshold
 * protects; the distributions are hidden with it), and free text's
 * group sizes. The relations are the cube's: units, functions, tools
 * and workflows with their margins. */
static int add_survey(struct ctx *c, struct diag *diag)
{
    static const char *const keys[] = {"team", "wave", "item", "tool",
                                       "workflow"};
    static const enum disclose_kind kinds[] = {DISCLOSE_SURVEY,
                                               DISCLOSE_SURVEY_TEXT};
    int rc = 0;

    for (size_t k = 0; !rc && k < 2; k++) {
        struct disclose_table t;

        rc = request(c, kinds[k], keys, 5, 0, &t, diag);
        if (rc)
            break;
        for (size_t i = 0; i < t.n; i++)
            if (survey_org_level(&t, &t.cells[i])) /* every reader */
                t.cells[i].published = 1;
        free(add_table(c, &t, 0));
        disclose_table_release(&t);
    }
    return rc;
}

/* ---- pilots ---- */

/* Distinct people behind a unit's items of one workflow in [since,
 * until): the people an arm's figures are about. */
struct arm {
    const char *workflow;
    struct strmap seen;
    long people;
};

static int on_arm_item(void *ctx, const struct store_item_view *it,
                       struct diag *diag)
{
    struct arm *a = ctx;

    (void)diag;
    if (strcmp(it->workflow, a->workflow)
        || strmap_get(&a->seen, &it->person_id, sizeof(it->person_id), NULL))
        return 0;
    strmap_put(&a->seen, &it->person_id, sizeof(it->person_id), 1);
    a->people++;
    return 0;
}

static int arm_people(struct ctx *c, int64_t unit_id, const char *workflow,
                      int64_t since, int64_t until, long *people,
                      struct diag *diag)
{
    struct arm a = {workflow, {0}, 0};
    int rc;

    strmap_init(&a.seen);
    rc = store_items_scan(c->st, since, until, unit_id, on_arm_item, &a, diag);
    strmap_release(&a.seen);
    *people += a.people;
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
                      DISCLOSE_MIN_ITEMS);
        at = audit_cell(c->s, "pilot/items/%lld/arm=comparison",
                        (long long)p->id);
        audit_publish(c->s, at, (double)a->primary.n_a, cp,
                      DISCLOSE_MIN_ITEMS);
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
    const char *plant = getenv(AUDIT_PLANT_ENV);
    int rc;

    memset(&c, 0, sizeof(c));
    memset(&user, 0, sizeof(user));
    c.st = st;
    c.s = s;
    snprintf(user.role, sizeof(user.role), "%s", access_role_names[rd->role]);
    user.unit_id = rd->unit_id;
    rc = access_scope_load(st, &user, &c.scope, diag);
    c.reader = rd->role == ROLE_ADMIN ? NULL : &c.scope;
    if (!rc)
        rc = disclose_units_load(st, DISCLOSE_MIN_TELEMETRY, &c.units, diag);
    if (!rc)
        rc = add_cells(&c, DISCLOSE_USAGE, diag);
    if (!rc)
        rc = add_cells(&c, DISCLOSE_SHADOW, diag);
    if (!rc)
        rc = add_trap(&c, diag);
    if (!rc)
        rc = add_items(&c, diag);
    if (!rc)
        rc = add_pilots(&c, now, diag);
    if (!rc)
        rc = add_survey(&c, diag);
    if (!rc)
        rc = add_learning(&c, diag);
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
    disclose_units_release(&c.units);
    access_scope_release(&c.scope);
    return rc;
}
