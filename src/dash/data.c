/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's page data: what each page shows, as JSON, filtered by
 * what the signed-in user may see, with the privacy thresholds of the
 * reports it draws on (cells under 10 people suppressed). */
#include "dash/dash.h"
#include "dash/dash_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cells.h"
#include "analysis/items_summary.h"
#include "analysis/load.h"
#include "analysis/targets.h"
#include "analysis/learning.h"
#include "analysis/portfolio.h"
#include "analysis/trap.h"
#include "analysis/value.h"
#include "analysis/voice.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "sim/sim.h"
#include "store/audit.h"
#include "store/pilots.h"
#include "store/roster.h"
#include "store/shadow.h"
#include "store/trap.h"
#include "store/usage.h"
#include "view/cells_view.h"
#include "view/json.h"
#include "view/load_view.h"
#include "view/learning_view.h"
#include "view/pilot_view.h"
#include "view/sim_view.h"
#include "view/targets_view.h"
#include "view/trap_view.h"
#include "view/value_view.h"
#include "view/voice_view.h"


/* ---- the organisation's units ---- */

struct unit_info {
    int64_t id, parent;
    char *name, *function;
    long people;
};

struct units {
    struct unit_info *u;
    size_t n, cap;
    struct strmap by_name, by_id; /* -> index */
};

static int on_unit(void *ctx, const struct store_unit_row *r,
                   struct diag *diag)
{
    struct units *us = ctx;
    struct unit_info *u;

    (void)diag;
    us->u = xgrow(us->u, &us->cap, us->n + 1, sizeof(*us->u));
    u = &us->u[us->n];
    u->id = r->id;
    u->parent = r->parent_id;
    u->name = xstrdup(r->name);
    u->function = xstrdup(r->function);
    u->people = r->people;
    strmap_puts(&us->by_name, u->name, (int64_t)us->n);
    strmap_put(&us->by_id, &u->id, sizeof(u->id), (int64_t)us->n);
    us->n++;
    return 0;
}

static int units_load(struct store *st, struct units *us, struct diag *diag)
{
    memset(us, 0, sizeof(*us));
    strmap_init(&us->by_name);
    strmap_init(&us->by_id);
    return store_units(st, on_unit, us, diag);
}

static void units_release(struct units *us)
{
    for (size_t i = 0; i < us->n; i++) {
        free(us->u[i].name);
        free(us->u[i].function);
    }
    free(us->u);
    strmap_release(&us->by_name);
    strmap_release(&us->by_id);
}

static const struct unit_info *unit_by_id(const struct units *us, int64_t id)
{
    int64_t i;

    return strmap_get(&us->by_id, &id, sizeof(id), &i) ? &us->u[i] : NULL;
}

static const struct unit_info *unit_by_name(const struct units *us,
                                            const char *name)
{
    int64_t i;

    return strmap_gets(&us->by_name, name, &i) ? &us->u[i] : NULL;
}

/* A unit's function: its own, the nearest ancestor's, or else its first
 * child's (a department above teams); "" when none. */
static const char *function_of(const struct units *us,
                               const struct unit_info *u)
{
    const struct unit_info *a = u;

    for (int depth = 0; a && depth < 64; depth++) {
        if (*a->function)
            return a->function;
        a = unit_by_id(us, a->parent);
    }
    for (size_t i = 0; u && i < us->n; i++)
        if (us->u[i].parent == u->id && *us->u[i].function)
            return us->u[i].function;
    return "";
}

/* ---- the overview ---- */

/* The portfolio at a glance: the counts of every state (the whole
 * organisation's: counts reveal no team), and the pilots past their
 * review date this user may see, each with its recommendation (a person
 * decides). */
static json_t *glance(const struct dash_ctx *c, const struct portfolio *pf)
{
    json_t *due = json_array();

    for (size_t i = 0; i < pf->n; i++) {
        const struct portfolio_entry *e = &pf->e[i];

        if (portfolio_state_of(e) != PST_DUE
            || !access_sees_unit(c->scope, e->pilot.unit_id))
            continue;
        json_array_append_new(
            due, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "pilot",
                           (json_int_t)e->pilot.id, "team", e->pilot.team,
                           "workflow", e->pilot.workflow, "tool",
                           e->pilot.tool, "recommendation",
                           pilot_rec_names[e->reco.rec], "review",
                           vjson_day(e->pilot.review_at / 86400)));
    }
    return json_pack("{s:o, s:o}", "counts", vpilot_counts_json(pf),
                     "decisions_due", due);
}

/* Function rows: counts of every team's verdict (organisation level),
 * and the teams this user may see. */
static json_t *function_row(json_t *functions, const char *name)
{
    json_t *f;
    size_t i;

    json_array_foreach(functions, i, f)
        if (!strcmp(json_string_value(json_object_get(f, "function")), name))
            return f;
    f = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:[]}", "function", name,
                  "teams_shown", 0, "people", 0, "theatre", 0, "real", 0,
                  "unclear", 0, "teams");
    json_array_append_new(functions, f);
    return f;
}

static void bump(json_t *o, const char *key, json_int_t by)
{
    json_object_set_new(o, key,
                        json_integer(json_integer_value(json_object_get(o,
                                                                        key))
                                     + by));
}

/* Teams as the overview lists them: theatre first, then unclear, then
 * real (what needs attention first), larger teams first, then by name. */
static int verdict_rank(json_t *t)
{
    const char *v = vjson_str(t, "verdict");

    return !strcmp(v, "theatre") ? 0 : !strcmp(v, "unclear") ? 1 : 2;
}

int dash__cmp_team_rows(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    json_int_t px = json_integer_value(json_object_get(x, "people"));
    json_int_t py = json_integer_value(json_object_get(y, "people"));

    if (verdict_rank(x) != verdict_rank(y))
        return verdict_rank(x) - verdict_rank(y);
    if (px != py)
        return (py > px) - (py < px);
    return strcmp(vjson_str(x, "team"), vjson_str(y, "team"));
}

static void sort_teams(json_t *teams)
{
    size_t n = json_array_size(teams);
    json_t **v = xcalloc(n ? n : 1, sizeof(*v));

    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(teams, i));
    qsort(v, n, sizeof(*v), dash__cmp_team_rows);
    json_array_clear(teams);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(teams, v[i]);
    free(v);
}

/* The overview's headline: the verdicts of every team shown (counts of
 * the organisation: a count names no team), the decisions due, and
 * which week it describes and why that one. */
static json_t *headline(json_t *functions, const struct portfolio *pf)
{
    json_int_t n[3] = {0, 0, 0};
    long counts[PST_COUNT];
    json_t *f;
    size_t i;

    json_array_foreach(functions, i, f) {
        n[0] += json_integer_value(json_object_get(f, "theatre"));
        n[1] += json_integer_value(json_object_get(f, "real"));
        n[2] += json_integer_value(json_object_get(f, "unclear"));
        sort_teams(json_object_get(f, "teams"));
    }
    portfolio_counts(pf, counts);
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:s}", "teams",
                     n[0] + n[1] + n[2], "theatre", n[0], "real", n[1],
                     "unclear", n[2], "decisions_due",
                     (json_int_t)counts[PST_DUE], "week_basis",
                     /* the page shows it translated */
                     N_("the latest week with approved-tool telemetry or "
                        "shadow-AI data imported"));
}

int dash_overview(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct units us;
    struct trap tr = {0, NULL, 0, 0};
    const struct portfolio *pf = NULL;
    struct dash__box *box = NULL;
    json_t *functions = json_array(), *trapped = json_array();
    struct buf wk = BUF_INIT;
    int64_t week = 0;
    int rc = units_load(c->st, &us, diag);

    if (!rc)
        rc = store_latest_week(c->st, &week, diag);
    if (!rc && week)
        rc = dash__trap(c, week, &tr, diag);
    if (!rc)
        rc = dash__portfolio(c, &pf, &box, diag);
    for (size_t i = 0; !rc && i < tr.n; i++) {
        const struct trap_team *t = &tr.t[i];
        const struct unit_info *u = unit_by_name(&us, t->name);
        const char *fn = u ? function_of(&us, u) : "";
        json_t *f = function_row(functions, *fn ? fn : "(no function)");

        bump(f, "teams_shown", 1);
        bump(f, "people", t->people);
        bump(f, t->verdict, 1);
        if (!u || !access_sees_unit(c->scope, u->id))
            continue;
        {
            json_t *row = vtrap_team_json(t);

            json_object_set_new(row, "unit_id", json_integer(u->id));
            json_object_set_new(row, "function",
                                json_string(vjson_str(f, "function")));
            json_array_append(json_object_get(f, "teams"), row);
            if (!strcmp(t->verdict, "theatre"))
                json_array_append(trapped, row);
            json_decref(row);
        }
    }
    if (rc) {
        json_decref(functions);
        json_decref(trapped);
    } else {
        if (week)
            tstamp_format_isoweek(&wk, week);
        *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:s}", "week",
                         week ? json_string(buf_str(&wk)) : json_null(),
                         "headline", headline(functions, pf),
                         "functions", functions, "mandate_trap", trapped,
                         "portfolio", glance(c, pf), "people_not_shown",
                         (json_int_t)tr.hidden_people, "scope",
                         access_role_names[c->scope->role]);
    }
    buf_release(&wk);
    trap_release(&tr);
    dash__put(box);
    units_release(&us);
    return rc;
}

/* ---- a team ---- */

/* The team's approved-tool cells as every report shows them. */
static json_t *usage_json(const struct cells_usage *cs, const char *team)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < cs->n; i++)
        if (cs->v[i].team && !strcmp(cs->v[i].team, team))
            json_array_append_new(arr, vcells_usage_json(&cs->v[i]));
    return arr;
}

/* The team's shadow-AI cells of services not approved. */
static json_t *shadow_json(const struct cells_shadow *cs, const char *team)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < cs->n; i++)
        if (!strcmp(cs->v[i].team, team)
            && strcmp(cs->v[i].status, "approved"))
            json_array_append_new(arr, vcells_shadow_json(&cs->v[i]));
    return arr;
}

/* The team's work items by month (groups of team and month). */
static json_t *outcomes_json(const struct summary *s, const char *team)
{
    struct summary_opts o;
    json_t *arr = json_array();

    memset(&o, 0, sizeof(o));
    o.keys[0] = SK_TEAM;
    o.keys[1] = SK_MONTH;
    o.nkeys = 2;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->groups[i].values[0], team))
            json_array_append_new(arr,
                                  vsummary_group_json(&o, &s->groups[i]));
    return arr;
}

/* The portfolio's pilots this user may see (all, or one unit's): a
 * pilot's effect is a figure of its team, for those who may see the
 * team (an admin, a manager above it); everyone else gets the counts
 * (glance) and the playbooks of scaled pilots. */
static json_t *pilots_json(const struct dash_ctx *c,
                           const struct portfolio *pf, int64_t only_unit)
{
    struct portfolio sub = {xcalloc(pf->n ? pf->n : 1, sizeof(*sub.e)), 0};
    json_t *j;

    for (size_t i = 0; i < pf->n; i++) {
        int64_t u = pf->e[i].pilot.unit_id;

        if ((only_unit && u != only_unit) || !access_sees_unit(c->scope, u))
            continue;
        sub.e[sub.n++] = pf->e[i]; /* shallow: pf owns the contents */
    }
    j = vpilot_portfolio_json(&sub);
    free(sub.e);
    return j;
}

int dash_team(const struct dash_ctx *c, int64_t unit_id, json_t **out,
              struct diag *diag)
{
    struct units us;
    const struct summary *sum = NULL;
    const struct portfolio *pf = NULL;
    const struct cells_usage *usage = NULL;
    const struct cells_shadow *shadow = NULL;
    struct dash__box *box[4] = {NULL, NULL, NULL, NULL};
    const struct unit_info *u;
    struct targets tg = {0};
    int rc;

    rc = units_load(c->st, &us, diag);
    if (rc)
        goto out;
    u = unit_by_id(&us, unit_id);
    if (!u) {
        rc = diag_set(diag, TR_ENOENT, N_("no such team"));
        goto out;
    }
    if (!access_sees_unit(c->scope, unit_id)) {
        rc = diag_set(diag, TR_EPERM,
                      N_("this team is outside what you may see"));
        goto out;
    }
    rc = dash__team_months(c, &sum, &box[0], diag);
    if (!rc)
        rc = dash__usage(c, &usage, &box[1], diag);
    if (!rc)
        rc = dash__shadow(c, &shadow, &box[2], diag);
    if (!rc)
        rc = dash__portfolio(c, &pf, &box[3], diag);
    if (!rc)
        rc = targets_load(c->st, unit_id, &tg, diag);
    if (!rc) {
        *out = json_pack("{s:s, s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o}",
                         "team",
                         u->name, "unit_id", (json_int_t)u->id, "function",
                         function_of(&us, u), "people",
                         (json_int_t)u->people, "outcomes",
                         outcomes_json(sum, u->name), "approved_use",
                         usage_json(usage, u->name), "shadow_demand",
                         shadow_json(shadow, u->name), "pilots",
                         pilots_json(c, pf, unit_id), "targets",
                         vtargets_json(&tg));
    }
out:
    for (size_t i = 0; i < 4; i++)
        dash__put(box[i]);
    targets_release(&tg);
    units_release(&us);
    return rc;
}

/* ---- pilots ---- */

int dash_pilots(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    const struct portfolio *pf = NULL;
    struct dash__box *box = NULL;
    int rc = dash__portfolio(c, &pf, &box, diag);

    if (!rc) {
        *out = pilots_json(c, pf, 0);
        json_object_set_new(*out, "glance", glance(c, pf));
    }
    dash__put(box);
    return rc;
}

static int on_decision(void *ctx, const struct store_decision *d,
                       struct diag *diag)
{
    (void)diag;
    json_array_append_new(ctx, vpilot_decision_json(d, 0));
    return 0;
}

static int on_deviation(void *ctx, int64_t at, const char *what,
                        const char *why, struct diag *diag)
{
    (void)diag;
    json_array_append_new(ctx, vpilot_deviation_json(at, what, why));
    return 0;
}

/* The pilot's portfolio entry, if this user may see its team. */
static int find_pilot(const struct dash_ctx *c, const struct portfolio *pf,
                      int64_t id, const struct portfolio_entry **e,
                      struct diag *diag)
{
    *e = NULL;
    for (size_t i = 0; i < pf->n && !*e; i++)
        if (pf->e[i].pilot.id == id)
            *e = &pf->e[i];
    if (!*e)
        return diag_set(diag, TR_ENOENT, "no pilot %lld", (long long)id);
    if (!access_sees_unit(c->scope, (*e)->pilot.unit_id))
        return diag_set(diag, TR_EPERM,
                        "pilot %lld is outside what you may see",
                        (long long)id);
    return 0;
}

int dash_pilot(const struct dash_ctx *c, int64_t id, json_t **out,
               struct diag *diag)
{
    const struct portfolio *pf = NULL;
    const struct portfolio_entry *e = NULL;
    struct dash__box *box = NULL;
    json_t *decisions = json_array(), *deviations = json_array(), *plan;
    int rc = dash__portfolio(c, &pf, &box, diag);

    if (!rc)
        rc = find_pilot(c, pf, id, &e, diag);

    if (!rc)
        rc = store_pilot_decisions(c->st, id, on_decision, decisions, diag);
    if (!rc)
        rc = store_pilot_deviations(c->st, id, on_deviation, deviations,
                                    diag);
    if (!rc) {
        plan = e->pilot.plan ? json_loads(e->pilot.plan, 0, NULL) : NULL;
        *out = json_pack(
            "{s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "pilot",
            (json_int_t)id, "team", e->pilot.team, "hypothesis",
            e->pilot.hypothesis, "unit_id", (json_int_t)e->pilot.unit_id,
            "status", pilot_status_names[e->pilot.status], "plan",
            plan ? plan : json_null(), "analysis",
            vpilot_analysis_json(&e->pilot, &e->analysis, e->q, &e->reco),
            "decisions", decisions, "deviations", deviations, "window",
            json_pack("{s:o, s:o, s:o, s:s}", "baseline",
                      vjson_day((e->pilot.start_at
                                 - (int64_t)PILOT_BASELINE_DAYS * 86400)
                                / 86400),
                      "start", vjson_time(e->pilot.start_at), "review",
                      vjson_time(e->pilot.review_at), "state",
                      portfolio_state_keys[portfolio_state_of(e)]),
            "can_decide", e->pilot.status == PS_RUNNING);
        decisions = deviations = NULL;
    }
    json_decref(decisions);
    json_decref(deviations);
    dash__put(box);
    return rc;
}

int dash_decide(const struct dash_ctx *c, int64_t id, const char *decision,
                const char *why, const char *learned,
                const char *differently, struct diag *diag)
{
    struct portfolio pf = {NULL, 0}; /* as of now, not a page's memo */
    const struct portfolio_entry *e = NULL;
    char *evidence = NULL;
    int rc = access_org_only(c->scope)
                 ? diag_set(diag, TR_EPERM, N_("viewers do not decide"))
                 : portfolio_load(c->st, c->now, &pf, diag);

    if (!rc)
        rc = find_pilot(c, &pf, id, &e, diag);
    if (!rc) {
        evidence = vpilot_evidence_text(e);
        store_set_actor(c->st, c->scope->user.name); /* the audit trail's */
        rc = portfolio_decide(c->st, e, decision, c->scope->user.name, why,
                              learned, differently, evidence, c->now, diag);
    }
    free(evidence);
    portfolio_release(&pf);
    return rc;
}

/* ---- playbooks and the learning ledger ---- */

/* A scaled pilot's playbook entry as this reader may see it: the
 * arms' team-level figures only for a reader who may see its team. */
static json_t *playbook_json(const struct dash_ctx *c, const struct pilot *p,
                             const struct portfolio_scaled *sc)
{
    return vpilot_playbook_json(p, &sc->d,
                                access_sees_unit(c->scope, p->unit_id));
}

int dash_playbooks(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    const struct portfolio *pf = NULL;
    struct dash__box *box = NULL;
    json_t *arr = json_array();
    int rc = dash__portfolio(c, &pf, &box, diag);

    for (size_t i = 0; !rc && i < pf->n; i++) {
        const struct pilot *p = &pf->e[i].pilot;
        struct portfolio_scaled sc;
        int found;

        if (p->status != PS_SCALED)
            continue;
        found = portfolio_last_scale(c->st, p->id, &sc, diag);
        if (found < 0)
            rc = found;
        else if (found)
            json_array_append_new(arr, playbook_json(c, p, &sc));
        portfolio_scaled_release(&sc);
    }
    if (!rc)
        *out = json_pack("{s:o}", "playbooks", arr);
    else
        json_decref(arr);
    dash__put(box);
    return rc;
}

int dash_playbook(const struct dash_ctx *c, int64_t id, struct buf *html,
                  json_t **out, struct diag *diag)
{
    struct portfolio_scaled sc;
    struct pilot p;
    int rc, found = 0;

    pilot_init(&p);
    memset(&sc, 0, sizeof(sc));
    rc = store_pilot_get(c->st, id, &p, diag);
    if (!rc && p.status == PS_SCALED
        && (found = portfolio_last_scale(c->st, id, &sc, diag)) < 0)
        rc = found;
    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "pilot %lld has no playbook",
                      (long long)id);
    if (!rc) {
        vpilot_playbook_of(html, &p, &sc.d, 1);
        *out = playbook_json(c, &p, &sc);
    }
    portfolio_scaled_release(&sc);
    pilot_release(&p);
    return rc;
}

struct ledger {
    const struct dash_ctx *c;
    const struct units *us;
    json_t *teams;
    double totals[6];
};

static int on_learning(void *ctx, const struct store_learning *l,
                       struct diag *diag)
{
    struct ledger *lg = ctx;
    const struct unit_info *u = unit_by_name(lg->us, l->unit);
    double v[6] = {(double)l->pilots,   (double)l->scaled,
                   (double)l->retired,  (double)l->running,
                   (double)l->documented, l->learning_hours};

    (void)diag;
    for (int i = 0; i < 6; i++)
        lg->totals[i] += v[i];
    if (u && access_sees_unit(lg->c->scope, u->id))
        json_array_append_new(lg->teams, vpilot_learning_json(l));
    return 0;
}

int dash_learning(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct units us;
    struct ledger lg = {c, &us, json_array(), {0}};
    int rc = units_load(c->st, &us, diag);

    if (!rc)
        rc = store_pilot_learning(c->st, on_learning, &lg, diag);
    if (!rc)
        *out = json_pack("{s:o, s:{s:f, s:f, s:f, s:f, s:f, s:f}}", "teams",
                         lg.teams, "organisation", "pilots", lg.totals[0],
                         "scaled", lg.totals[1], "retired", lg.totals[2],
                         "running", lg.totals[3], "documented", lg.totals[4],
                         "learning_hours", lg.totals[5]);
    else
        json_decref(lg.teams);
    units_release(&us);
    return rc;
}

/* ---- value ---- */

int dash_value(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct value_report r = {0};
    const struct portfolio *pf = NULL;
    struct dash__box *box = NULL;
    int rc = dash__portfolio(c, &pf, &box, diag);

    if (!rc)
        rc = value_load_portfolio(c->st, c->scope, pf, &r, diag);
    if (!rc)
        *out = vvalue_json(&r);
    value_report_release(&r);
    dash__put(box);
    return rc;
}

/* ---- learning time ---- */

int dash_learning_time(const struct dash_ctx *c, json_t **out,
                       struct diag *diag)
{
    struct learning_report r;
    int rc = learning_report(c->st, c->scope, 0, 0, 0, &r, diag);

    if (!rc)
        *out = vlearning_json(&r);
    learning_report_release(&r);
    return rc;
}

/* ---- what-if ---- */

/* The instrument's labels of its constructs and options in each of its
 * languages ({code: {lang: label}}): the voice page shows the reader's
 * (survey texts carry their languages in the instrument, not in the
 * dashboard's catalogue). */
static json_t *labels_json(const struct survey_instrument *in)
{
    json_t *cs = json_object(), *os = json_object();

    for (size_t i = 0; i < in->nconstructs; i++) {
        json_t *l = json_object();

        for (size_t k = 0; k < in->nlangs; k++)
            json_object_set_new(l, in->langs[k],
                                json_string(in->constructs[i].label[k]));
        json_object_set_new(cs, in->constructs[i].id, l);
    }
    for (size_t s = 0; s < in->nscales; s++)
        for (size_t o = 0; o < in->scales[s].nopt; o++) {
            const struct survey_option *op = &in->scales[s].opt[o];
            json_t *l;

            if (json_object_get(os, op->code))
                continue; /* the first scale's label of a shared code */
            l = json_object();
            for (size_t k = 0; k < in->nlangs; k++)
                json_object_set_new(l, in->langs[k],
                                    json_string(op->label[k]));
            json_object_set_new(os, op->code, l);
        }
    return json_pack("{s:o, s:o}", "constructs", cs, "options", os);
}

int dash_voice(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct voice_results r;
    struct voice_friction f;
    struct units us;
    json_t *results = json_null(), *items = json_array(),
           *labels = json_null();
    struct diag d;
    int rc;

    memset(&f, 0, sizeof(f));
    diag_init(&d);
    rc = voice_results(c->st, c->scope, NULL, VOICE_BY_UNIT, 0, &r, &d);
    if (!rc) {
        json_decref(results);
        results = vvoice_results_json(&r);
        json_decref(labels);
        labels = labels_json(&r.in);
        voice_results_release(&r);
    } else if (rc == TR_ENOENT) /* no wave yet */
        rc = 0;
    else
        diag_set(diag, rc, "%s",
                 d.nproblems ? d.problems[0].msg : tr_strerror(rc));
    diag_release(&d);
    if (!rc)
        rc = units_load(c->st, &us, diag);
    if (rc) {
        json_decref(results);
        json_decref(items);
        json_decref(labels);
        return rc;
    }
    rc = voice_friction_update(c->st, VOICE_FRICTION_SHARE, 0, &f, diag);
    for (size_t i = 0; !rc && i < f.n; i++) {
        const struct unit_info *u = unit_by_name(&us, f.v[i].unit);

        if (u && access_sees_unit(c->scope, u->id))
            json_array_append_new(items, vvoice_friction_json(&f.v[i]));
    }
    voice_friction_release(&f);
    units_release(&us);
    if (rc) {
        json_decref(results);
        json_decref(items);
        json_decref(labels);
        return rc;
    }
    *out = json_pack("{s:o, s:{s:f, s:o}, s:o}", "results", results,
                     "backlog", "threshold", VOICE_FRICTION_SHARE, "items",
                     items, "labels", labels);
    return 0;
}

int dash_whatif(json_t **out, struct diag *diag)
{
    struct sim_params p;
    struct sim_curves cv[2];
    int rc = 0;

    sim_params_default(&p);
    memset(cv, 0, sizeof(cv));
    for (int s = 0; s < 2 && !rc; s++) {
        p.strategy = (enum sim_strategy)s;
        rc = sim_run(&p, NULL, &cv[s], NULL, diag);
    }
    if (!rc)
        *out = json_pack("{s:s, s:I, s:I, s:I, s:o, s:o}", "note",
                         /* the page shows it translated */
                         N_("a what-if model, not evidence: every number "
                            "follows from the parameters "
                            "(docs/simulation.md)"),
                         "seed", (json_int_t)p.seed, "people",
                         (json_int_t)p.people, "months", (json_int_t)p.months,
                         "mandate", vsim_curves_json(&cv[0]), "earned",
                         vsim_curves_json(&cv[1]));
    sim_curves_release(&cv[0]);
    sim_curves_release(&cv[1]);
    return rc;
}

/* ---- the load on the middle ---- */

int dash_load(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct load_report r;
    int rc;

    if (c->scope && c->scope->role == ROLE_VIEWER)
        return diag_set(diag, TR_EPERM,
                        "the load on the middle is shown to a unit's "
                        "managers and those above them");
    rc = load_compute(c->st, c->scope, c->now, 0, &r, diag);
    if (rc)
        return rc;
    *out = vload_json(&r);
    load_release(&r);
    return *out ? 0 : diag_set(diag, TR_EINVAL, "cannot render the load");
}
