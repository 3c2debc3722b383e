/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilots: register (plan frozen), analyse, decide; the portfolio, the
 * playbooks of scaled pilots and the learning ledger. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/pilot.h"
#include "analysis/portfolio.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/items.h"
#include "store/pilots.h"
#include "view/json.h"
#include "view/pilot_view.h"
#include "view/table.h"

/* A pilot id argument. */
static int pilot_id(const char *s, int64_t *id, struct diag *diag)
{
    char *end;
    long long v = strtoll(s, &end, 10);

    if (*end || v <= 0)
        return diag_set(diag, TR_EUSAGE, "'%s' is not a pilot id", s);
    *id = v;
    return 0;
}

/* Resolves names, checks the plan's inputs and stores the pilot with its
 * frozen plan. Also used to roll a playbook out (replicates set). */
static int register_pilot(struct store *st, struct pilot *p,
                          struct pilot_plan *plan, struct diag *diag)
{
    json_t *pj;
    int rc;

    rc = store_name_find(st, "unit", p->team, &p->unit_id, diag);
    if (!rc)
        rc =
            store_name_find(st, "workflow", p->workflow, &p->workflow_id, diag);
    if (!rc)
        rc = store_name_find(st, "tool", p->tool, &p->tool_id, diag);
    for (size_t i = 0; i < p->ncontrols && !rc; i++) {
        rc = store_name_find(st, "unit", p->controls[i], &p->control_ids[i],
                             diag);
        if (!rc && p->control_ids[i] == p->unit_id)
            rc = diag_set(diag, TR_EINVAL,
                          "control team '%s' is the pilot team",
                          p->controls[i]);
    }
    if (!rc && p->design != PD_BEFORE_AFTER && !p->ncontrols)
        rc = diag_set(diag, TR_EUSAGE,
                      "design %s needs at least one --control-team",
                      pilot_design_names[p->design]);
    if (!rc)
        rc = pilot_plan(st, p, plan, diag);
    if (rc)
        return rc;
    pj = vpilot_plan_json(p, plan);
    p->plan = json_dumps(pj, JSON_COMPACT);
    json_decref(pj);
    p->registered_at = (int64_t)time(NULL);
    return store_pilot_add(st, p, diag);
}

static void plan_text(struct buf *out, const struct pilot *p,
                      const struct pilot_plan *pl)
{
    buf_addf(out,
             "registered pilot %lld: %s tries '%s' on '%s' (%s)\n"
             "baseline     %zu items in %d days (%.1f a week), sd %.3g%s\n"
             "needs        %.0f items per arm to detect a %.0f%% %s in %s "
             "(alpha %g, power %.0f%%)\n"
             "expected     ",
             (long long)p->id, p->team, p->tool, p->workflow,
             pilot_design_names[p->design], pl->baseline_n,
             PILOT_BASELINE_DAYS, pl->per_week, pl->sd,
             p->metric == PM_CYCLE_TIME ? " (log hours)" : "",
             ceil(pl->n_needed), 100 * p->mde,
             p->direction > 0 ? "increase" : "decrease",
             pilot_metric_names[p->metric], p->alpha, 100 * PILOT_POWER);
    tstamp_format_day(out, pl->expected_at);
    buf_addf(out, " (items alone: a floor)\n"
             "teams        tested against %zu %s (team-level sd %.3g%s): "
             "power %.0f%% at the review\n",
             pl->refs,
             p->design == PD_BEFORE_AFTER ? "earlier windows of the team"
                                          : "comparison teams",
             pl->team_sd, p->metric == PM_CYCLE_TIME ? ", log hours" : "",
             100 * pl->power);
    if (pl->warning[0])
        buf_addf(out, "warning      %s\n", pl->warning);
}

static int cmd_new(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    const char *team = NULL, *workflow = NULL, *tool = NULL, *hyp = NULL,
               *metric = NULL, *dir = NULL, *mde = NULL, *start = NULL,
               *review = NULL, *design = "before-after", *hours = NULL,
               *alpha = NULL, *voice = NULL, *trust_min = NULL;
    struct cli_list controls = {0}, guards = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {{"team", CLI_STR, &team},
                             {"workflow", CLI_STR, &workflow},
                             {"tool", CLI_STR, &tool},
                             {"hypothesis", CLI_STR, &hyp},
                             {"metric", CLI_STR, &metric},
                             {"direction", CLI_STR, &dir},
                             {"mde", CLI_STR, &mde},
                             {"start", CLI_STR, &start},
                             {"review", CLI_STR, &review},
                             {"design", CLI_STR, &design},
                             {"control-team", CLI_LIST, &controls},
                             {"guardrail", CLI_LIST, &guards},
                             {"learning-hours", CLI_STR, &hours},
                             {"alpha", CLI_STR, &alpha},
                             {"voice-check", CLI_STR, &voice},
                             {"trust-min", CLI_STR, &trust_min},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct pilot p;
    struct pilot_plan plan;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int rc, m;

    pilot_init(&p);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && (!team || !workflow || !tool || !metric || !dir || !mde
                || !start || !review))
        rc = diag_set(diag, TR_EUSAGE,
                      "a pilot needs --team, --workflow, --tool, --metric, "
                      "--direction, --mde, --start and --review");
    if (!rc && (!hyp || !*hyp))
        rc = diag_set(diag, TR_EUSAGE,
                      "a pilot needs a written --hypothesis");
    if (rc)
        goto out;
    m = pilot_metric_parse(metric);
    if (m < 0)
        rc = diag_set(diag, TR_EUSAGE,
                      "--metric: cycle_time, quality, errors or rework");
    p.metric = (enum pilot_metric)m;
    if (!rc && strcmp(dir, "decrease") && strcmp(dir, "increase"))
        rc = diag_set(diag, TR_EUSAGE, "--direction: decrease or increase");
    p.direction = !strcmp(dir, "increase") ? 1 : -1;
    if (!rc && pilot_design_parse(design) < 0)
        rc = diag_set(diag, TR_EUSAGE,
                      "--design: before-after, concurrent or did");
    p.design = (enum pilot_design)pilot_design_parse(design);
    if (!rc)
        rc = cli_number("mde", mde, 0, 10, &p.mde, diag);
    if (!rc && !(p.mde > 0))
        rc = diag_set(diag, TR_EUSAGE,
                      "--mde must be above 0 (a fraction: 0.2 = 20%%)");
    if (!rc)
        rc = cli_number("learning-hours", hours, 0, 1e6, &p.learning_hours,
                        diag);
    if (!rc)
        rc = cli_number("alpha", alpha, 1e-6, 0.2, &p.alpha, diag);
    if (!rc)
        rc = cli_date("start", start, &p.start_at, diag);
    if (!rc)
        rc = cli_date("review", review, &p.review_at, diag);
    if (!rc && p.review_at <= p.start_at)
        rc = diag_set(diag, TR_EUSAGE, "the review date is not after the "
                                       "start");
    if (!rc && voice) {
        int v = pilot_voice_parse(voice);

        if (v <= PV_NONE)
            rc = diag_set(diag, TR_EUSAGE,
                          "--voice-check: baseline or comparison");
        p.voice = v > 0 ? (enum pilot_voice_check)v : PV_NONE;
        p.trust_min = PILOT_TRUST_MIN;
    }
    if (!rc && trust_min && !voice)
        rc = diag_set(diag, TR_EUSAGE, "--trust-min needs --voice-check");
    if (!rc && trust_min)
        rc = cli_number("trust-min", trust_min, 0, 1, &p.trust_min, diag);
    if (!rc && p.voice == PV_COMPARISON && !controls.n)
        rc = diag_set(diag, TR_EUSAGE,
                      "--voice-check comparison needs at least one "
                      "--control-team to compare with");
    if (!rc && controls.n > PILOT_MAX_CONTROLS)
        rc = diag_set(diag, TR_EUSAGE, "at most %d control teams",
                      PILOT_MAX_CONTROLS);
    for (size_t i = 0; !rc && i < guards.n; i++) {
        int g = pilot_metric_parse(guards.v[i]);

        if (g < 0 || g == m)
            rc = diag_set(diag, TR_EUSAGE,
                          "--guardrail '%s': another metric (cycle_time, "
                          "quality, errors or rework)",
                          guards.v[i]);
        else if (p.nguardrails < PILOT_MAX_GUARDRAILS)
            p.guardrails[p.nguardrails++] = (enum pilot_metric)g;
    }
    if (rc)
        goto out;
    p.team = xstrdup(team);
    p.workflow = xstrdup(workflow);
    p.tool = xstrdup(tool);
    p.hypothesis = xstrdup(hyp);
    for (size_t i = 0; i < controls.n; i++)
        p.controls[p.ncontrols++] = xstrdup(controls.v[i]);
    rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = register_pilot(st, &p, &plan, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    if (json) {
        json_t *j = json_loads(p.plan, 0, NULL);

        json_object_set_new(j, "pilot", json_integer(p.id));
        json_object_set_new(j, "review_before_expected",
                            json_boolean(p.review_at < plan.expected_at));
        vjson_emit(&out, j);
    } else {
        plan_text(&out, &p, &plan);
        if (p.review_at < plan.expected_at)
            buf_puts(&out, "warning      the review date comes before the "
                           "sample size is expected: the pilot will likely "
                           "be inconclusive at review\n");
    }
    rc = cli_out(&out, diag);
out:
    store_rollback(st);
    store_close(st);
    pilot_release(&p);
    buf_release(&out);
    cli_list_release(&controls);
    cli_list_release(&guards);
    cli_list_release(&pos);
    return rc;
}

/* Loads the portfolio and finds pilot id in it. */
static int find_one(struct store *st, int64_t id, struct portfolio *pf,
                    struct portfolio_entry **e, struct diag *diag)
{
    int rc = portfolio_load(st, (int64_t)time(NULL), pf, diag);

    if (!rc) {
        *e = portfolio_find(pf, id);
        if (!*e)
            rc = diag_set(diag, TR_ENOENT, "no pilot %lld", (long long)id);
    }
    return rc;
}

/* The workspace opened, and pilot arg found in its portfolio. */
static int load_one(struct cli_ctx *ctx, const char *arg, struct store **st,
                    struct portfolio *pf, struct portfolio_entry **e,
                    struct diag *diag)
{
    int64_t id = 0;
    int rc = pilot_id(arg, &id, diag);

    if (!rc)
        rc = cli_open(ctx, st, NULL, diag);
    if (!rc)
        rc = find_one(*st, id, pf, e, diag);
    return rc;
}

/* A report on one pilot: its id checked before the workspace opens. */
static int pilot_arg(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    return pilot_id(pos->v[0], arg, diag);
}

static int analyze_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct portfolio pf = {NULL, 0};
    struct portfolio_entry *e = NULL;
    int rc = find_one(r->st, *(int64_t *)arg, &pf, &e, diag);

    if (!rc && r->json)
        vjson_emit(&r->out, vpilot_analysis_json(&e->pilot, &e->analysis,
                                                 e->q, &e->reco));
    else if (!rc)
        vpilot_analysis_text(&r->out, &e->pilot, &e->analysis, e->q,
                             &e->reco);
    portfolio_release(&pf);
    return rc;
}

static int cmd_analyze(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 1, 1, pilot_arg,
                                                analyze_run};
    int64_t id = 0;

    return cli_report(ctx, argc, argv, &spec, &id, diag);
}

static int cmd_decide(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *by = NULL, *why = NULL, *learned = NULL, *diff = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"by", CLI_STR, &by},
                             {"why", CLI_STR, &why},
                             {"learned", CLI_STR, &learned},
                             {"differently", CLI_STR, &diff},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct portfolio pf = {NULL, 0};
    struct portfolio_entry *e = NULL;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    char *evidence = NULL;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 2, 2, diag);
    if (!rc)
        rc = load_one(ctx, pos.v[0], &st, &pf, &e, diag);
    if (rc)
        goto out;
    evidence = vpilot_evidence_text(e);
    rc = portfolio_decide(st, e, pos.v[1], by, why, learned, diff, evidence,
                          (int64_t)time(NULL), diag);
    if (rc)
        goto out;
    if (json)
        vjson_emit(&out, json_pack("{s:I, s:s, s:s, s:s}", "pilot",
                                   (json_int_t)e->pilot.id, "decision",
                                   pos.v[1], "recommended",
                                   pilot_rec_names[e->reco.rec], "by", by));
    else
        buf_addf(&out,
                 "pilot %lld: %s decided by %s (traction recommended %s); "
                 "the evidence it was based on is stored with it\n",
                 (long long)e->pilot.id, pos.v[1], by,
                 pilot_rec_names[e->reco.rec]);
    rc = cli_out(&out, diag);
out:
    free(evidence);
    store_rollback(st);
    portfolio_release(&pf);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- show: plan, deviations, decisions ---- */

struct history {
    json_t *arr;
    struct buf *text;
};

static int on_decision(void *ctx, const struct store_decision *d,
                       struct diag *diag)
{
    struct history *h = ctx;

    (void)diag;
    if (h->arr) {
        json_array_append_new(h->arr, vpilot_decision_json(d, 1));
        return 0;
    }
    tstamp_format_day(h->text, d->at);
    buf_addf(h->text, "  %s by %s (recommended %s): %s\n  learned: %s\n",
             d->decision, d->by, d->recommended, d->why, d->learned);
    if (d->differently)
        buf_addf(h->text, "  differently: %s\n", d->differently);
    return 0;
}

static int on_deviation(void *ctx, int64_t at, const char *what,
                        const char *why, struct diag *diag)
{
    struct history *h = ctx;

    (void)diag;
    if (h->arr) {
        json_array_append_new(h->arr, vpilot_deviation_json(at, what, why));
        return 0;
    }
    buf_puts(h->text, "  ");
    tstamp_format_day(h->text, at);
    buf_addf(h->text, " %s: %s\n", what, why);
    return 0;
}

static int show_run(struct cli_report *r, void *arg, struct diag *diag)
{
    int64_t id = *(int64_t *)arg;
    struct pilot p;
    struct history h = {NULL, &r->out};
    int rc;

    pilot_init(&p);
    rc = store_pilot_get(r->st, id, &p, diag);
    if (rc)
        goto out;
    if (r->json) {
        json_t *j =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "pilot",
                      (json_int_t)p.id, "team", p.team, "workflow", p.workflow,
                      "tool", p.tool, "hypothesis", p.hypothesis, "status",
                      pilot_status_names[p.status], "start",
                      vjson_time(p.start_at), "review", vjson_time(p.review_at),
                      "plan", json_loads(p.plan, 0, NULL));

        h.arr = json_array();
        rc = store_pilot_decisions(r->st, id, on_decision, &h, diag);
        json_object_set_new(j, "decisions", h.arr);
        h.arr = json_array();
        if (!rc)
            rc = store_pilot_deviations(r->st, id, on_deviation, &h, diag);
        json_object_set_new(j, "deviations", h.arr);
        if (p.replicates)
            json_object_set_new(j, "replicates", json_integer(p.replicates));
        if (!rc)
            vjson_emit(&r->out, j);
        else
            json_decref(j);
    } else {
        buf_addf(&r->out,
                 "pilot %lld: %s, '%s' with '%s' (%s)\nhypothesis  %s\n"
                 "plan        %s\ndecisions\n",
                 (long long)p.id, p.team, p.workflow, p.tool,
                 pilot_status_names[p.status], p.hypothesis, p.plan);
        rc = store_pilot_decisions(r->st, id, on_decision, &h, diag);
        buf_puts(&r->out, "deviations\n");
        if (!rc)
            rc = store_pilot_deviations(r->st, id, on_deviation, &h, diag);
    }
out:
    pilot_release(&p);
    return rc;
}

static int cmd_show(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 1, 1, pilot_arg,
                                                show_run};
    int64_t id = 0;

    return cli_report(ctx, argc, argv, &spec, &id, diag);
}

static int cmd_extend(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *review = NULL, *why = NULL;
    struct cli_opt opts[] = {{"review", CLI_STR, &review},
                             {"why", CLI_STR, &why},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct pilot p;
    struct store *st = NULL;
    struct buf what = BUF_INIT, out = BUF_INIT;
    int64_t id = 0, at = 0;
    int rc;

    pilot_init(&p);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && (!review || !why || !*why))
        rc = diag_set(diag, TR_EUSAGE, "extend needs --review DATE and "
                                       "--why TEXT");
    if (!rc)
        rc = pilot_id(pos.v[0], &id, diag);
    if (!rc)
        rc = cli_date("review", review, &at, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_pilot_get(st, id, &p, diag);
    if (!rc && at <= p.start_at)
        rc = diag_set(diag, TR_EUSAGE, "the review date is not after the "
                                       "start");
    if (rc)
        goto out;
    buf_puts(&what, "review date moved from ");
    tstamp_format_day(&what, p.review_at);
    buf_puts(&what, " to ");
    tstamp_format_day(&what, at);
    rc = store_begin(st, diag);
    if (!rc)
        rc = store_pilot_set_review(st, id, at, diag);
    if (!rc)
        rc = store_pilot_deviation(st, id, buf_str(&what), why, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        buf_addf(&out, "pilot %lld: %s (recorded as a deviation from the "
                       "plan)\n",
                 (long long)id, buf_str(&what));
        rc = cli_out(&out, diag);
    }
out:
    store_rollback(st);
    store_close(st);
    pilot_release(&p);
    buf_release(&what);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- portfolio ---- */

static void portfolio_table(struct buf *out, const struct portfolio *pf)
{
    struct table t;
    long n[PST_COUNT];

    portfolio_counts(pf, n);
    table_init(&t, 8, 0);
    table_cell(&t, "id");
    table_cell(&t, "team");
    table_cell(&t, "workflow / tool");
    table_cell(&t, "metric");
    table_cell(&t, "change (CI)");
    table_cell(&t, "q");
    table_cell(&t, "recommends");
    table_cell(&t, "status");
    for (size_t i = 0; i < pf->n; i++) {
        struct portfolio_entry *e = &pf->e[i];
        struct buf c = BUF_INIT;

        vpilot_change(&c, e->analysis.primary.rel,
                      e->analysis.primary.rel_lo,
                      e->analysis.primary.rel_hi);
        table_cellf(&t, "%lld%s", (long long)e->pilot.id,
                    e->pilot.replicates ? "*" : "");
        table_cell(&t, e->pilot.team);
        table_cellf(&t, "%s / %s", e->pilot.workflow, e->pilot.tool);
        table_cell(&t, pilot_metric_names[e->pilot.metric]);
        table_cell(&t, buf_str(&c));
        if (isnan(e->q))
            table_cell(&t, "-");
        else
            table_cellf(&t, "%.2g", e->q);
        table_cell(&t, pilot_rec_names[e->reco.rec]);
        table_cell(&t, portfolio_state_names[portfolio_state_of(e)]);
        buf_release(&c);
    }
    table_render(&t, out);
    table_release(&t);
    buf_addf(out, "\n%ld scaled, %ld retired, %ld running, %ld "
                  "decision due (past the review date: decide with "
                  "`traction pilot decide`); q = Benjamini-Hochberg "
                  "across concluded pilots; * = a replication\n",
             n[PST_SCALED], n[PST_RETIRED], n[PST_RUNNING], n[PST_DUE]);
}

static int portfolio_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct portfolio pf = {NULL, 0};
    int rc = portfolio_load(r->st, (int64_t)time(NULL), &pf, diag);

    (void)arg;
    if (!rc && r->json)
        vjson_emit(&r->out, vpilot_portfolio_json(&pf));
    else if (!rc)
        portfolio_table(&r->out, &pf);
    portfolio_release(&pf);
    return rc;
}

static int cmd_portfolio(struct cli_ctx *ctx, int argc, char **argv,
                         struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 0, NULL,
                                                portfolio_run};

    return cli_report(ctx, argc, argv, &spec, NULL, diag);
}

/* ---- playbooks ---- */

static int rollout(struct store *st, const struct pilot *orig,
                   const char *team, const char *start, const char *review,
                   struct buf *out, struct diag *diag)
{
    struct pilot p;
    struct pilot_plan plan;
    int rc;

    pilot_init(&p);
    p.team = xstrdup(team);
    p.workflow = xstrdup(orig->workflow);
    p.tool = xstrdup(orig->tool);
    p.hypothesis = xstrdup(orig->hypothesis);
    p.metric = orig->metric;
    p.direction = orig->direction;
    p.mde = orig->mde;
    p.design = PD_BEFORE_AFTER;
    p.alpha = orig->alpha;
    p.replicates = orig->id;
    memcpy(p.guardrails, orig->guardrails, sizeof(p.guardrails));
    p.nguardrails = orig->nguardrails;
    /* a replication asks the second question again, against its team's
     * own earlier survey (it has no comparison teams) */
    p.voice = orig->voice == PV_NONE ? PV_NONE : PV_BASELINE;
    p.trust_min = orig->trust_min;
    rc = cli_date("start", start, &p.start_at, diag);
    if (!rc)
        rc = cli_date("review", review, &p.review_at, diag);
    if (!rc && p.review_at <= p.start_at)
        rc = diag_set(diag, TR_EUSAGE, "the review date is not after the "
                                       "start");
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = register_pilot(st, &p, &plan, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        plan_text(out, &p, &plan);
        buf_addf(out, "replicates   pilot %lld\n", (long long)orig->id);
    }
    store_rollback(st);
    pilot_release(&p);
    return rc;
}

static int cmd_playbook(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    const char *format = "md", *file = NULL, *team = NULL, *start = NULL,
               *review = NULL;
    struct cli_opt opts[] = {{"format", CLI_STR, &format},
                             {"o", CLI_STR, &file},
                             {"output", CLI_STR, &file},
                             {"rollout", CLI_STR, &team},
                             {"start", CLI_STR, &start},
                             {"review", CLI_STR, &review},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct portfolio_scaled sc;
    struct pilot p;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t id = 0;
    int rc, html, js, found = 0;

    memset(&sc, 0, sizeof(sc));
    pilot_init(&p);
    for (int i = 1; i < argc; i++) /* accept -o like other tools */
        if (!strcmp(argv[i], "-o"))
            argv[i] = (char *)"--output";
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && strcmp(format, "md") && strcmp(format, "html")
        && strcmp(format, "json"))
        rc = diag_set(diag, TR_EUSAGE, "--format md, html or json");
    if (!rc && team && (!start || !review))
        rc = diag_set(diag, TR_EUSAGE,
                      "--rollout TEAM needs --start and --review");
    if (!rc && team && strcmp(format, "md"))
        rc = diag_set(diag, TR_EUSAGE, "--rollout takes no --format");
    html = !strcmp(format, "html");
    js = !strcmp(format, "json");
    if (!rc)
        rc = pilot_id(pos.v[0], &id, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_pilot_get(st, id, &p, diag);
    if (!rc && (found = portfolio_last_scale(st, id, &sc, diag)) < 0)
        rc = found;
    if (!rc && (p.status != PS_SCALED || !found || !sc.d.evidence))
        rc = diag_set(diag, TR_EINVAL,
                      "pilot %lld is %s: playbooks are made from scaled "
                      "pilots",
                      (long long)id, pilot_status_names[p.status]);
    if (rc)
        goto out;
    if (team)
        rc = rollout(st, &p, team, start, review, &out, diag);
    else if (js) /* the command line sees what an admin sees */
        vjson_emit(&out, vpilot_playbook_json(&p, &sc.d, 1));
    else
        vpilot_playbook_of(&out, &p, &sc.d, html);
    if (!rc && file && !team) {
        rc = cli_write_file(file, &out, diag);
        buf_reset(&out);
        if (!rc)
            buf_addf(&out, "wrote '%s'\n", file);
    }
    if (!rc)
        rc = cli_out(&out, diag);
out:
    portfolio_scaled_release(&sc);
    pilot_release(&p);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- learning ledger ---- */

static int on_learning(void *ctx, const struct store_learning *l,
                       struct diag *diag)
{
    struct cli_records *r = ctx;

    (void)diag;
    if (r->arr)
        return cli_records_add(r, vpilot_learning_json(l));
    table_cell(r->t, l->unit);
    table_cellf(r->t, "%ld", l->pilots);
    table_cellf(r->t, "%ld", l->scaled);
    table_cellf(r->t, "%ld", l->retired);
    table_cellf(r->t, "%ld", l->running);
    table_cellf(r->t, "%ld", l->documented);
    table_cellf(r->t, "%.0f", l->learning_hours);
    return 0;
}

static int each_learning(struct store *st, struct cli_records *r,
                         struct diag *diag)
{
    return store_pilot_learning(st, on_learning, r, diag);
}

static int cmd_learning(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    static const char *const head[] = {
        "team",    "pilots",     "scaled",        "retired (null or negative)",
        "running", "documented", "learning hours"};
    struct table t;
    int rc;

    table_init(&t, 7, 0x7Eu);
    for (size_t i = 0; i < 7; i++)
        table_cell(&t, head[i]);
    rc = cli_list_report(ctx, argc, argv, "teams", &t,
                         "\nEvery documented pilot counts, including those "
                         "retired: an honest null result is learning.\n",
                         each_learning, diag);
    table_release(&t);
    return rc;
}

static const struct cli_cmd pilot_kinds[] = {
    {"new",
     "--team T --workflow W --tool X --hypothesis TEXT\n"
     "       --metric cycle_time|quality|errors|rework --direction "
     "decrease|increase\n"
     "       --mde FRACTION --start DATE --review DATE [--design "
     "before-after|concurrent|did]\n"
     "       [--control-team C]... [--guardrail METRIC]... "
     "[--learning-hours H] [--alpha A]\n"
     "       [--voice-check baseline|comparison [--trust-min SHARE]] "
     "[--json]",
     "register a pilot; its analysis plan is frozen",
     "One team, one workflow, one tool, one primary metric and a written\n"
     "hypothesis. From the team's items in the 90 days before --start,\n"
     "traction computes the items per arm the MDE needs (alpha 0.05, power\n"
     "80%) and when the pilot should reach them, and warns when --review\n"
     "comes first, and the team-level power of the design. Cycle time is\n"
     "analysed on the log scale. Designs: before-after (the window against\n"
     "the team's earlier windows of its length), concurrent (against each\n"
     "--control-team over the same period), did (the team's change against\n"
     "each --control-team's change; at least 2 are needed).\n\n"
     "--voice-check names the second question before scaling (employee\n"
     "voice, `survey results`): in the pilot team's latest survey since\n"
     "--start, fewer of its people name friction for the workflow than in\n"
     "its latest survey before --start (baseline) or than in its\n"
     "--control-team's (comparison, the same survey), and at least\n"
     "--trust-min (default 0.5) of them would use the tool's output on\n"
     "live work without redoing it. Without the team's survey results\n"
     "(a wave, or fewer than 5 answers) a scale is held at iterate, saying\n"
     "what is missing; without --voice-check every recommendation says\n"
     "that the second question went unasked.\n",
     cmd_new, NULL},
    {"analyze", "ID [--json]", "analyse a pilot by its registered plan",
     "The primary effect with its interval and p-value, the q-value within\n"
     "the pilot's review cohort (Benjamini-Hochberg), guardrails with\n"
     "one-sided harm tests Holm-adjusted over the pilot's guardrails,\n"
     "power, a balance check, the raw numbers, and a recommendation: scale,\n"
     "iterate or retire, with reasons. Before the review date the analysis\n"
     "is an interim look (INTERIM): it tests at the look's alpha-spending\n"
     "level and scales only below it.\n",
     cmd_analyze, NULL},
    {"decide",
     "ID scale|iterate|retire --by NAME --why TEXT --learned TEXT\n"
     "       [--differently TEXT] [--json]",
     "record a person's decision with the evidence",
     "Stores the decision with a snapshot of the analysis it was made on.\n"
     "Closing a pilot (scale or retire) needs --differently too: what\n"
     "would be done differently. Failed pilots are learning, not blame.\n",
     cmd_decide, NULL},
    {"show", "ID [--json]", "the plan and the decision history",
     "The frozen plan and every decision with its evidence.\n", cmd_show,
     NULL},
    {"extend", "ID --review DATE --why TEXT",
     "move the review date (a recorded deviation)",
     "Changing the plan after registration is recorded as a deviation.\n",
     cmd_extend, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_pilot_cmds[] = {
    {"pilot", "KIND", "pilots: one team, one workflow, one tool",
     "Start small, test honestly, decide as a person.\n", NULL, pilot_kinds},
    {"portfolio", "[--json]", "every pilot with its effect, q and status",
     "Effects, intervals, Benjamini-Hochberg q-values across the concluded\n"
     "pilots, recommendations and decisions; counts of scaled, retired and\n"
     "running pilots.\n",
     cmd_portfolio, NULL},
    {"playbook",
     "ID [--format md|html|json] [-o FILE]\n"
     "       | ID --rollout TEAM --start DATE --review DATE",
     "turn a scaled pilot into a playbook, or roll it out",
     "The workflow, what the tool does in it, the measured effect with its\n"
     "interval, the conditions, checkpoints, what stays human-led and the\n"
     "caveats, from the evidence the scale decision was made on. --rollout\n"
     "registers a replication pilot in another team, linked to this one.\n"
     "--format json gives the record /api/playbooks/ID gives an admin:\n"
     "pilot, team, workflow, tool, hypothesis, decision and evidence.\n",
     cmd_playbook, NULL},
    {"learning", "[--json]", "the learning ledger per team",
     "Per team: pilots run, scaled, retired (null or negative results),\n"
     "running, documented (a decision that says what was learned), and\n"
     "learning hours invested. No ranking of people, no usage counts.\n",
     cmd_learning, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
