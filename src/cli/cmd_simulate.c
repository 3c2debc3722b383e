/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction simulate` (a simulated organisation's files, or the what-if
 * curves of both strategies) and `traction demo` (a workspace built from
 * a simulation, ending in the main job). */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis/pilot.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "http/server.h"
#include "import/csv.h"
#include "sim/sim.h"
#include "view/json.h"
#include "view/sim_view.h"
#include "view/table.h"

static const char what_if[] =
    "a what-if model, not evidence: every number follows from the "
    "parameters (docs/simulation.md)";

/* The options both commands share, applied over the defaults and a
 * --params file. */
struct sim_opts {
    const char *seed, *people, *months, *strategy, *params;
};

static int sim_setup(const struct sim_opts *so, struct sim_params *p,
                     struct diag *diag)
{
    const char *names[] = {"seed", "people", "months"};
    const char *vals[] = {so->seed, so->people, so->months};
    int rc = 0;

    sim_params_default(p);
    if (so->params)
        rc = sim_params_load(p, so->params, diag);
    for (int i = 0; i < 3 && !rc; i++)
        if (vals[i])
            rc = sim_params_set(p, names[i], vals[i], diag);
    if (!rc && so->strategy) {
        if (!strcmp(so->strategy, "mandate"))
            p->strategy = SIM_MANDATE;
        else if (!strcmp(so->strategy, "earned"))
            p->strategy = SIM_EARNED;
        else
            rc = diag_set(diag, TR_EUSAGE,
                          "--strategy is mandate or earned, not '%s'",
                          so->strategy);
    }
    if (!rc && p->team_min > p->team_max)
        rc = diag_set(diag, TR_EUSAGE, "team_min is larger than team_max");
    return rc;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int make_dir(const char *dir, struct diag *diag)
{
    struct stat sb;

    if (mkdir(dir, 0777) && errno != EEXIST)
        return diag_errno(diag, TR_EIO, "cannot create '%s'", dir);
    if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
        return diag_set(diag, TR_EIO, "'%s' is not a directory", dir);
    return 0;
}

/* ---- each simulated pilot runs as traction's plan asks ---- */

/* The plan's data source: the items the simulator recorded. */
static int plan_values(void *ctx, size_t team, enum pilot_metric m,
                       int64_t from, int64_t to, struct pilot_values *out,
                       struct diag *diag)
{
    const struct sim_plan_query *q = ctx;
    const struct sim_plan_item *it = q->items[team];

    (void)diag;
    if (m != PM_CYCLE_TIME || team > q->ncontrols)
        return 0; /* the plan reads the primary metric only */
    for (size_t i = 0; i < q->nitems[team]; i++)
        if (it[i].finished >= from && it[i].finished < to) {
            out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof(double));
            out->v[out->n++] = it[i].hours;
        }
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x > y) - (x < y);
}

static int plan_people(void *ctx, size_t team, int64_t from, int64_t to,
                       long *n, struct diag *diag)
{
    const struct sim_plan_query *q = ctx;
    const struct sim_plan_item *it = q->items[team];
    long *who = xcalloc(q->nitems[team] + 1, sizeof(long));
    size_t k = 0;

    (void)diag;
    for (size_t i = 0; i < q->nitems[team]; i++)
        if (it[i].finished >= from && it[i].finished < to)
            who[k++] = it[i].person;
    qsort(who, k, sizeof(long), cmp_long);
    *n = 0;
    for (size_t i = 0; i < k; i++)
        *n += !i || who[i] != who[i - 1];
    free(who);
    return 0;
}

/* The plan `pilot new` makes (pilot_plan_source), for a simulated pilot
 * as pilots.csv registers it. A plan that refuses the design leaves the
 * power NaN. */
static int sim_plan(void *ctx, const struct sim_plan_query *q,
                    struct sim_plan_answer *a, struct diag *diag)
{
    struct pilot p;
    struct pilot_plan plan;
    struct pilot_source src = {(void *)q, plan_values, plan_people};
    int rc;

    (void)ctx;
    pilot_init(&p); /* the names are borrowed: no pilot_release */
    p.team = (char *)q->team;
    p.workflow = (char *)q->workflow;
    p.metric = PM_CYCLE_TIME;
    p.direction = -1;
    p.mde = q->mde;
    p.design = q->did ? PD_DID : PD_BEFORE_AFTER;
    p.start_at = q->start;
    p.review_at = q->review;
    p.ncontrols = q->ncontrols;
    for (size_t i = 0; i < q->ncontrols; i++)
        p.controls[i] = (char *)q->controls[i];
    a->target = PILOT_POWER;
    a->power = NAN;
    rc = pilot_plan_source(&p, &src, &plan, diag);
    if (rc == TR_EUNDEF) {
        diag_release(diag); /* this length cannot be planned */
        return 0;
    }
    if (!rc)
        a->power = plan.power;
    return rc;
}

static const struct sim_planner planner = {sim_plan, NULL};

/* Runs the simulation into dir and reports what it wrote. */
static int simulate_files(const struct sim_params *p, const char *dir,
                          int json, struct diag *diag)
{
    struct sim_curves curves;
    struct sim_summary sum;
    struct buf out = BUF_INIT;
    double t0 = now_s();
    int rc = make_dir(dir, diag);

    if (!rc)
        rc = sim_run_planned(p, dir, &planner, &curves, &sum, diag);
    if (rc)
        return rc;
    if (json)
        vjson_emit(&out,
                   json_pack("{s:s, s:s, s:I, s:I, s:I, s:{s:I, s:I}, s:I, "
                             "s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
                             "dir", dir, "strategy",
                             sim_strategy_names[p->strategy], "people",
                             (json_int_t)sum.people, "teams",
                             (json_int_t)sum.teams, "pilots",
                             (json_int_t)sum.pilots, "pilot_designs", "did",
                             (json_int_t)(sum.pilots - sum.pilots_history),
                             "before-after", (json_int_t)sum.pilots_history,
                             "teams_passed_over",
                             (json_int_t)sum.passed_over, "trap_teams",
                             (json_int_t)sum.trap_teams, "work_items",
                             (json_int_t)sum.items, "usage_rows",
                             (json_int_t)sum.usage_rows, "proxy_lines",
                             (json_int_t)sum.proxy_lines, "survey_responses",
                             (json_int_t)sum.survey_responses, "bytes",
                             (json_int_t)sum.bytes, "seconds",
                             vjson_num(now_s() - t0)));
    else {
        buf_addf(&out,
                 "simulated %ld people in %ld teams (%s strategy, %.0f "
                 "months) in %.1f s\nwrote %s/: roster.csv, jira.csv and "
                 "servicenow.csv (%llu work items), copilot-users.ndjson "
                 "(%llu rows), m365-copilot.csv, access.log (%llu lines), "
                 "pilots.csv (%ld pilots), survey.csv (%ld responses), "
                 "calendar.ics (AI labs), truth.json (%ld teams in the "
                 "mandate trap); %.1f MB in "
                 "all\n",
                 sum.people, sum.teams, sim_strategy_names[p->strategy],
                 p->months, now_s() - t0, dir,
                 (unsigned long long)sum.items,
                 (unsigned long long)sum.usage_rows,
                 (unsigned long long)sum.proxy_lines, sum.pilots,
                 sum.survey_responses, sum.trap_teams, (double)sum.bytes / 1e6);
        if (sum.pilots_history)
            buf_addf(&out,
                     "pilots: %ld before-after on the team's own history "
                     "(fewer than 2 comparison teams on the workflow), the "
                     "others did\n",
                     sum.pilots_history);
        if (sum.passed_over)
            buf_addf(&out,
                     "pilots: %ld team%s passed over (fewer than 2 "
                     "comparison teams on the workflow and too little "
                     "history for before-after: traction would refuse the "
                     "pilot)\n",
                     sum.passed_over, sum.passed_over == 1 ? "" : "s");
        buf_addf(&out, "%s\n", what_if);
    }
    sim_curves_release(&curves);
    rc = cli_out(&out, diag);
    buf_release(&out);
    return rc;
}

/* Both strategies with the same seed, side by side. */
static int simulate_compare(struct sim_params *p, int json,
                            struct diag *diag)
{
    struct sim_curves c[2];
    struct buf out = BUF_INIT;
    int rc = 0;

    for (int s = 0; s < 2 && !rc; s++) {
        p->strategy = (enum sim_strategy)s;
        rc = sim_run_planned(p, NULL, &planner, &c[s], NULL, diag);
    }
    if (rc)
        return rc;
    if (json)
        vjson_emit(&out, json_pack("{s:s, s:o, s:o, s:o}", "note", what_if,
                                   "seed", vjson_num(p->seed), "mandate",
                                   vsim_curves_json(&c[0]), "earned",
                                   vsim_curves_json(&c[1])));
    else {
        struct table t;
        struct buf wk = BUF_INIT;

        buf_addf(&out, "mandate | earned, every fourth week (%s)\n\n",
                 what_if);
        table_init(&t, 6, 0x3E);
        table_cell(&t, "week");
        table_cell(&t, "real use");
        table_cell(&t, "theatre");
        table_cell(&t, "shadow");
        table_cell(&t, "cycle time");
        table_cell(&t, "manager h/wk");
        for (size_t i = 0; i < c[0].n; i++) {
            const struct sim_week *m = &c[0].w[i], *e = &c[1].w[i];

            if (i % 4 != 3 && i + 1 != c[0].n)
                continue;
            buf_reset(&wk);
            tstamp_format_isoweek(&wk, m->monday);
            table_cell(&t, buf_str(&wk));
            table_cellf(&t, "%.0f%% | %.0f%%", 100 * m->real, 100 * e->real);
            table_cellf(&t, "%.0f%% | %.0f%%", 100 * m->theatre,
                        100 * e->theatre);
            table_cellf(&t, "%.0f%% | %.0f%%", 100 * m->shadow,
                        100 * e->shadow);
            table_cellf(&t, "%+.1f%% | %+.1f%%", 100 * m->outcome,
                        100 * e->outcome);
            table_cellf(&t, "%.1f | %.1f", m->manager_hours,
                        e->manager_hours);
        }
        table_render(&t, &out);
        table_release(&t);
        buf_release(&wk);
    }
    sim_curves_release(&c[0]);
    sim_curves_release(&c[1]);
    rc = cli_out(&out, diag);
    buf_release(&out);
    return rc;
}

static int cmd_simulate(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    struct sim_opts so = {0};
    const char *dir = NULL;
    int json = 0, compare = 0, rc;
    struct cli_opt opts[] = {{"out", CLI_STR, &dir},
                             {"seed", CLI_STR, &so.seed},
                             {"people", CLI_STR, &so.people},
                             {"months", CLI_STR, &so.months},
                             {"strategy", CLI_STR, &so.strategy},
                             {"params", CLI_STR, &so.params},
                             {"compare", CLI_FLAG, &compare},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct sim_params p;

    (void)ctx;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = sim_setup(&so, &p, diag);
    if (!rc && !compare && !dir)
        rc = diag_set(diag, TR_EUSAGE,
                      "--out DIR is needed (or --compare for the curves)");
    if (!rc)
        rc = compare ? simulate_compare(&p, json, diag)
                     : simulate_files(&p, dir, json, diag);
    cli_list_release(&pos);
    return rc;
}

/* ---- the demo ---- */

/* Runs one traction command line, words separated by '\x1f'. */
static int run_words(struct cli_ctx *ctx, const char *line, struct diag *diag)
{
    char *copy = xstrdup(line), *argv[80], *s = copy;
    int argc = 0, rc;

    while (argc < 79) {
        char *sep = strchr(s, '\x1f');

        argv[argc++] = s;
        if (!sep)
            break;
        *sep = '\0';
        s = sep + 1;
    }
    argv[argc] = NULL;
    fflush(stdout);
    rc = cli_run(ctx, argc, argv, diag);
    fflush(stdout);
    free(copy);
    if (!rc)
        diag_release(diag); /* no context left for the next command */
    return rc;
}

static int runf(struct cli_ctx *ctx, struct diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int runf(struct cli_ctx *ctx, struct diag *diag, const char *fmt, ...)
{
    char line[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    return run_words(ctx, line, diag);
}

/* The pilot register's rows as `pilot new` command lines. */
struct pilot_rows {
    struct cli_list lines; /* owned strings */
};

static int on_pilot(void *ctx, const struct csv_record *rec,
                    struct diag *diag)
{
    struct pilot_rows *pr = ctx;
    const char *const *f = rec->fields;
    char line[2048];

    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    if (!rec->index)
        return 0; /* the header */
    if (rec->nfields < 11 || rec->nfields > 13)
        return diag_at(diag, TR_EPARSE, rec->line, 1,
                       "expected 11 to 13 fields, found %zu", rec->nfields);
    snprintf(line, sizeof(line),
             "pilot\x1fnew\x1f--team\x1f%s\x1f--workflow\x1f%s\x1f"
             "--tool\x1f%s\x1f--hypothesis\x1f%s\x1f--metric\x1f%s\x1f"
             "--direction\x1f%s\x1f--mde\x1f%s\x1f--start\x1f%s\x1f"
             "--review\x1f%s\x1f--guardrail\x1f%s\x1f--design\x1f%s",
             f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9],
             f[10]);
    /* the comparison teams, separated by ';' */
    for (const char *t = rec->nfields >= 12 ? f[11] : ""; *t;) {
        size_t n = strcspn(t, ";"), used = strlen(line);

        snprintf(line + used, sizeof(line) - used,
                 "\x1f--control-team\x1f%.*s", (int)n, t);
        t += n + (t[n] == ';');
    }
    if (rec->nfields == 13 && *f[12]) /* the voice check its plan asks */
        snprintf(line + strlen(line), sizeof(line) - strlen(line),
                 "\x1f--voice-check\x1f%s", f[12]);
    cli_list_add(&pr->lines, xstrdup(line));
    return 0;
}

/* ---- governance: requests and proposals (sim_gov.c's files) ---- */

#define DEMO_SELECTED_MAX 16

struct gov_rows {
    struct cli_list lines;             /* owned command lines */
    long proposals;                    /* proposals filed so far */
    long selected[DEMO_SELECTED_MAX];  /* pilot line k (1-based) -> the
                                          proposal selected into it */
};

/* A requests.csv row as `request new`, and `review` and `decide` when
 * the simulated governance got there before the end. */
static int on_request_row(void *ctx, const struct csv_record *rec,
                          struct diag *diag)
{
    struct gov_rows *g = ctx;
    const char *const *f = rec->fields;
    char line[2048];
    size_t id = g->lines.n; /* not the id: requests are counted below */

    (void)id;
    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    if (!rec->index)
        return 0;
    if (rec->nfields != 9)
        return diag_at(diag, TR_EPARSE, rec->line, 1,
                       "expected 9 fields, found %zu", rec->nfields);
    snprintf(line, sizeof(line),
             "request\x1fnew\x1f--unit\x1f%s\x1f--tool\x1f%s\x1f"
             "--workflow\x1f%s\x1f--at\x1f%s",
             f[0], f[1], f[2], f[3]);
    cli_list_add(&g->lines, xstrdup(line));
    if (*f[4]) {
        snprintf(line, sizeof(line),
                 "request\x1freview\x1f%zu\x1f--by\x1fgina\x1f--at\x1f%s",
                 rec->index, f[4]);
        cli_list_add(&g->lines, xstrdup(line));
    }
    if (*f[5]) {
        snprintf(line, sizeof(line),
                 "request\x1f" "decide\x1f%zu\x1f%s\x1f--by\x1fgina\x1f"
                 "--why\x1f%s\x1f--at\x1f%s%s%s",
                 rec->index, f[6], f[7], f[5], *f[8] ? "\x1f--conditions\x1f" : "",
                 f[8]);
        cli_list_add(&g->lines, xstrdup(line));
    }
    return 0;
}

/* A proposals.csv row as `proposal new` (and `score` when scored); the
 * pilot line it becomes, if any, remembered for demo_pilots. */
static int on_proposal_row(void *ctx, const struct csv_record *rec,
                           struct diag *diag)
{
    struct gov_rows *g = ctx;
    const char *const *f = rec->fields;
    char line[2048];
    long pilot;

    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    if (!rec->index)
        return 0;
    if (rec->nfields != 10)
        return diag_at(diag, TR_EPARSE, rec->line, 1,
                       "expected 10 fields, found %zu", rec->nfields);
    g->proposals++;
    snprintf(line, sizeof(line),
             "proposal\x1fnew\x1f--team\x1f%s\x1f--workflow\x1f%s\x1f"
             "--friction\x1f%s\x1f--outcome\x1f%s\x1f--tool\x1f%s",
             f[0], f[1], f[2], f[3], f[4]);
    cli_list_add(&g->lines, xstrdup(line));
    if (*f[5]) {
        snprintf(line, sizeof(line),
                 "proposal\x1fscore\x1f%ld\x1f--value\x1f%s\x1f--reach\x1f"
                 "%s\x1f--confidence\x1f%s\x1f--effort\x1f%s\x1f--by\x1f"
                 "lead",
                 g->proposals, f[5], f[6], f[7], f[8]);
        cli_list_add(&g->lines, xstrdup(line));
    }
    pilot = *f[9] ? strtol(f[9], NULL, 10) : 0;
    if (pilot > 0 && pilot <= DEMO_SELECTED_MAX)
        g->selected[pilot - 1] = g->proposals;
    return 0;
}

/* The simulated governance: an enablement lead and a reviewer, the
 * teams' tool requests with their answers, and the teams' proposals. */
static int demo_gov(struct cli_ctx *ctx, const char *data,
                    struct gov_rows *g, struct diag *diag)
{
    char path[1100];
    int rc = runf(ctx, diag, "user\x1f" "add\x1flead\x1f--role\x1f" "admin");

    if (!rc)
        rc = runf(ctx, diag, "user\x1f" "add\x1fgina\x1f--role\x1fgovernance");
    snprintf(path, sizeof(path), "%s/requests.csv", data);
    if (!rc)
        rc = csv_read_file(path, ',', NULL, on_request_row, g, diag);
    snprintf(path, sizeof(path), "%s/proposals.csv", data);
    if (!rc)
        rc = csv_read_file(path, ',', NULL, on_proposal_row, g, diag);
    for (size_t k = 0; k < g->lines.n && !rc; k++)
        rc = run_words(ctx, g->lines.v[k], diag);
    for (size_t k = 0; k < g->lines.n; k++)
        free((char *)g->lines.v[k]);
    cli_list_release(&g->lines);
    return rc;
}

/* Registers and analyses the pilots of the simulated register; a pilot
 * a team proposed is registered by selecting its proposal (the same
 * `pilot new`, its options after the proposal's). */
/* Registers the pilots of a simulated register (pilots.csv, or the
 * changes of the last weeks: changes.csv), analysing them when analyse
 * is set; a line that g (NULL: none) names as a proposal's is registered
 * by selecting the proposal. */
static int demo_register(struct cli_ctx *ctx, const char *data,
                         const char *file, int analyse,
                         const struct gov_rows *g, struct diag *diag)
{
    struct pilot_rows pr = {{0}};
    char path[1100];
    int rc;

    snprintf(path, sizeof(path), "%s/%s", data, file);
    rc = csv_read_file(path, ',', NULL, on_pilot, &pr, diag);
    for (size_t k = 0; k < pr.lines.n && !rc; k++) {
        const char *l = pr.lines.v[k];
        long sel = g && k < DEMO_SELECTED_MAX ? g->selected[k] : 0;

        if (sel) { /* "pilot\x1fnew\x1f..." -> "proposal select N ..." */
            char line[4096];

            snprintf(line, sizeof(line),
                     "proposal\x1fselect\x1f%ld\x1f--by\x1flead%s", sel,
                     l + strlen("pilot\x1fnew"));
            rc = run_words(ctx, line, diag);
        } else
            rc = run_words(ctx, l, diag);
    }
    for (size_t k = 1; analyse && k <= pr.lines.n && !rc; k++)
        rc = runf(ctx, diag, "pilot\x1f" "analyze\x1f%zu", k);
    for (size_t k = 0; k < pr.lines.n; k++)
        free((char *)pr.lines.v[k]);
    cli_list_release(&pr.lines);
    return rc;
}

static int demo_pilots(struct cli_ctx *ctx, const char *data,
                       const struct gov_rows *g, struct diag *diag)
{
    return demo_register(ctx, data, "pilots.csv", 1, g, diag);
}

/* A target reset as a `targets reset` command line. */
static int on_target(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct pilot_rows *pr = ctx;
    const char *const *f = rec->fields;
    char line[1024];

    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    if (!rec->index)
        return 0; /* the header */
    if (rec->nfields != 6)
        return diag_at(diag, TR_EPARSE, rec->line, 1,
                       "expected 6 fields, found %zu", rec->nfields);
    snprintf(line, sizeof(line),
             "targets\x1freset\x1f--unit\x1f%s\x1f--metric\x1f%s\x1f"
             "--by\x1f%s\x1f--from\x1f%s\x1f--until\x1f%s\x1f--why\x1f%s",
             f[0], f[1], f[2], f[3], f[4], f[5]);
    cli_list_add(&pr->lines, xstrdup(line));
    return 0;
}

/* The load on the middle in the last week: the changes handed to teams
 * in the last weeks and the targets reset, then `load` on the survey's
 * day. */
static int demo_load(struct cli_ctx *ctx, const struct sim_params *p,
                     const char *data, struct diag *diag)
{
    struct pilot_rows pr = {{0}};
    struct buf day = BUF_INIT;
    char path[1100];
    int rc = demo_register(ctx, data, "changes.csv", 0, NULL, diag);

    snprintf(path, sizeof(path), "%s/targets.csv", data);
    if (!rc)
        rc = csv_read_file(path, ',', NULL, on_target, &pr, diag);
    for (size_t k = 0; k < pr.lines.n && !rc; k++)
        rc = run_words(ctx, pr.lines.v[k], diag);
    for (size_t k = 0; k < pr.lines.n; k++)
        free((char *)pr.lines.v[k]);
    cli_list_release(&pr.lines);
    tstamp_format_day(&day, sim_survey_day(p) * 86400);
    if (!rc)
        rc = runf(ctx, diag, "load\x1f--as-of\x1f%s", buf_str(&day));
    buf_release(&day);
    return rc;
}

/* The organisation's pulse survey of its last week: a wave for every
 * function, asking about each tool and workflow the export answers, and
 * the Microsoft Forms export imported into it. */
/* The calendar's learning hours, and 2 protected hours a week planned
 * for every function over the simulated weeks. */
static int demo_learning(struct cli_ctx *ctx, const struct sim_params *p,
                         const char *data, struct diag *diag)
{
    struct buf from = BUF_INIT, until = BUF_INIT;
    char units[256];
    int64_t first = (int64_t)p->start_day;
    int64_t last = first + 7 * lround(p->months * 52.0 / 12.0) - 1;
    int rc;

    tstamp_format_day(&from, first * 86400);
    tstamp_format_day(&until, last * 86400);
    rc = runf(ctx, diag, "import\x1f" "calendar\x1f%s/calendar.ics\x1f"
                         "--until\x1f%s",
              data, buf_str(&until));
    sim_survey_units(units, sizeof(units));
    for (char *u = units, *comma = NULL; !rc && u;
         u = comma ? comma + 1 : NULL) {
        comma = strchr(u, ',');
        if (comma)
            *comma = 0;
        rc = runf(ctx, diag,
                  "learning-time\x1fplan\x1f--unit\x1f%s\x1f--hours\x1f"
                  "2\x1f--from\x1f%s\x1f--until\x1f%s",
                  u, buf_str(&from), buf_str(&until));
    }
    buf_release(&from);
    buf_release(&until);
    return rc;
}

static int demo_survey(struct cli_ctx *ctx, const struct sim_params *p,
                       const char *data, struct diag *diag)
{
    struct buf line = BUF_INIT, from = BUF_INIT, until = BUF_INIT;
    char units[256], use[256];
    int64_t day = sim_survey_day(p);
    int rc;

    tstamp_format_day(&from, day * 86400);
    tstamp_format_day(&until, (day + 4) * 86400);
    sim_survey_units(units, sizeof(units));
    buf_addf(&line,
             "survey\x1fopen\x1f--instrument\x1fpulse\x1f--units\x1f%s"
             "\x1f--from\x1f%s\x1f--until\x1f%s\x1f--name\x1f%s",
             units, buf_str(&from), buf_str(&until), SIM_SURVEY_WAVE);
    for (size_t i = 0; i < sim_survey_nuses(); i++) {
        sim_survey_use(i, use, sizeof(use));
        buf_addf(&line, "\x1f--use\x1f%s", use);
    }
    rc = run_words(ctx, buf_str(&line), diag);
    if (!rc)
        rc = runf(ctx, diag,
                  "import\x1fsurvey\x1f%s/survey.csv\x1f--instrument\x1f"
                  "pulse\x1f--wave\x1f%s\x1f--map\x1f%s=unit",
                  data, SIM_SURVEY_WAVE, SIM_SURVEY_UNIT_COLUMN);
    if (!rc)
        rc = runf(ctx, diag, "survey\x1f" "close\x1f--wave\x1f%s",
                  SIM_SURVEY_WAVE);
    buf_release(&line);
    buf_release(&from);
    buf_release(&until);
    return rc;
}

/* The address the dashboard will listen on, checked free before any
 * work (the demo takes minutes; a busy port found after them wastes
 * them). */
static int demo_listen(const char *port, char *listen, size_t size,
                       struct diag *diag)
{
    double p = 0;
    int rc = cli_number("port", port, 1, 65535, &p, diag);

    if (!rc) {
        snprintf(listen, size, "127.0.0.1:%.0f", p);
        rc = http_check_listen(listen, diag);
    }
    return rc;
}

/* The main job: the dashboard, with a one-time login link for an admin. */
static int demo_serve(struct cli_ctx *demo, const char *listen,
                      struct diag *diag)
{
    struct buf link = BUF_INIT;
    char base[80];
    int rc = runf(demo, diag, "user\x1f" "add\x1f" "admin\x1f--role\x1f" "admin");

    snprintf(base, sizeof(base), "http://%s", listen);
    if (!rc)
        rc = cli_user_link(demo, "admin", base, &link, diag);
    if (!rc) {
        printf("\n== the dashboard: open this one-time link to sign in as "
               "admin\n%s\n",
               buf_str(&link));
        rc = runf(demo, diag, "serve\x1f--listen\x1f%s", listen);
    }
    buf_release(&link);
    return rc;
}

static int cmd_demo(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct sim_opts so = {0};
    const char *dir = "demo", *port = "8080";
    int no_serve = 0;
    struct cli_opt opts[] = {{"dir", CLI_STR, &dir},
                             {"port", CLI_STR, &port},
                             {"no-serve", CLI_FLAG, &no_serve},
                             {"seed", CLI_STR, &so.seed},
                             {"people", CLI_STR, &so.people},
                             {"months", CLI_STR, &so.months},
                             {"strategy", CLI_STR, &so.strategy},
                             {"params", CLI_STR, &so.params},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct sim_params p;
    struct cli_ctx demo;
    struct gov_rows gov;
    char data[1024], db[1024], listen[64];
    int rc;

    (void)ctx;
    memset(&gov, 0, sizeof(gov));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = sim_setup(&so, &p, diag);
    if (!rc && !no_serve) /* before the work, not after it */
        rc = demo_listen(port, listen, sizeof(listen), diag);
    if (rc)
        goto out;
    snprintf(data, sizeof(data), "%s/data", dir);
    snprintf(db, sizeof(db), "%s/traction.db", dir);
    demo.db_path = db;
    demo.wait_s = ctx->wait_s;
    rc = make_dir(dir, diag);
    if (!rc && (!access(db, F_OK)))
        rc = diag_set(diag, TR_EEXIST,
                      "'%s' exists: remove it or choose another --dir", db);
    if (rc)
        goto out;
    printf("== simulating an organisation (%s)\n", what_if);
    rc = simulate_files(&p, data, 0, diag);
    if (!rc) {
        printf("\n== importing it into %s\n", db);
        rc = runf(&demo, diag, "init");
    }
    if (!rc)
        rc = runf(&demo, diag, "import\x1froster\x1f%s/roster.csv\x1f"
                               "--as-of\x1f" "2025-01-01", data);
    if (!rc)
        rc = runf(&demo, diag,
                  "import\x1fitems\x1f--preset\x1fjira\x1f%s/jira.csv\x1f"
                  "--map\x1f" "errors=Custom field (Defects)\x1f--map\x1f"
                  "rework=Custom field (Reopened)\x1f--map\x1f"
                  "tool=Custom field (AI tool)", data);
    if (!rc)
        rc = runf(&demo, diag,
                  "import\x1fitems\x1f--preset\x1fservicenow\x1f"
                  "%s/servicenow.csv\x1f--map\x1f" "errors=u_defects\x1f"
                  "--map\x1f" "tool=u_ai_tool", data);
    if (!rc)
        rc = runf(&demo, diag, "import\x1fusage\x1f--format\x1f"
                               "copilot-users\x1f%s/copilot-users.ndjson",
                  data);
    if (!rc)
        rc = runf(&demo, diag, "import\x1fusage\x1f--format\x1f"
                               "m365-copilot\x1f%s/m365-copilot.csv", data);
    if (!rc)
        rc = runf(&demo, diag, "shadow\x1fscan\x1f--format\x1fsquid\x1f"
                               "%s/access.log\x1f--quiet", data);
    if (!rc) {
        printf("\n== the pulse survey of the last week (%s/survey.csv, a "
               "Microsoft Forms export)\n", data);
        rc = demo_survey(&demo, &p, data, diag);
    }
    if (!rc) {
        printf("\n== tool requests (%s/requests.csv) and the teams' "
               "proposals (%s/proposals.csv)\n", data, data);
        rc = demo_gov(&demo, data, &gov, diag);
        printf("\n== learning time: the AI labs in %s/calendar.ics, against "
               "2 protected hours a week\n", data);
        rc = demo_learning(&demo, &p, data, diag);
    }
    if (!rc) {
        printf("\n== registering and analysing the pilots in "
               "%s/pilots.csv (the first ones proposed by their teams)\n",
               data);
        rc = demo_pilots(&demo, data, &gov, diag);
    }
    if (!rc) {
        printf("\n== the portfolio: what to scale, iterate or retire "
               "(a person decides)\n");
        rc = runf(&demo, diag, "portfolio");
    }
    if (!rc) {
        printf("\n== the mandate trap: where adoption is real and where it "
               "is theatre\n");
        rc = runf(&demo, diag, "trap");
    }
    if (!rc) {
        struct buf end = BUF_INIT;

        tstamp_format_day(&end, (int64_t)(p.start_day
                                          + 7 * lround(p.months * 52.0
                                                       / 12.0))
                                    * 86400);
        printf("\n== tool requests: how long approval takes, as of the "
               "simulation's end (%s)\n", buf_str(&end));
        rc = runf(&demo, diag, "request\x1f" "clocks\x1f--now\x1f%s",
                  buf_str(&end));
        buf_release(&end);
    }
    if (!rc) {
        printf("\n== employee voice: friction named by 30%% or more of a "
               "unit, on the backlog\n");
        rc = runf(&demo, diag, "friction\x1flist");
    }
    if (!rc) {
        printf("\n== the load on the middle in the last week: the changes "
               "handed to teams (%s/changes.csv) and the targets reset "
               "(%s/targets.csv)\n", data, data);
        rc = demo_load(&demo, &p, data, diag);
    }
    if (!rc)
        printf("\nThe workspace is %s; the simulated files and their truth "
               "are in %s/.\nTry: traction --db %s pilot show 1\n"
               "     traction --db %s survey results\n"
               "     traction --db %s learning-time report\n",
               db, data, db, db, db);
    if (!rc && !no_serve)
        rc = demo_serve(&demo, listen, diag);
out:
    cli_list_release(&pos);
    return rc;
}

const struct cli_cmd cli_simulate_cmds[] = {
    {"simulate",
     "--out DIR [--seed S] [--people N] [--months M] "
     "[--strategy mandate|earned] [--params FILE] | --compare [--json]",
     "a simulated organisation: files to import, truth, what-if curves",
     "Writes the files an organisation would have, in the formats traction\n"
     "imports: roster.csv, jira.csv and servicenow.csv (work items),\n"
     "copilot-users.ndjson and m365-copilot.csv (approved-tool telemetry;\n"
     "the M365 tenant conceals names), access.log (a Squid proxy log),\n"
     "pilots.csv (the pilots the organisation registers, each as long as\n"
     "traction's plan asks, up to review_max_weeks), survey.csv (the pulse\n"
     "survey of the last week as a Microsoft Forms export), calendar.ics\n"
     "(weekly AI labs of the teams under less pressure, in Amsterdam time,\n"
     "with exceptions) and truth.json (the true fit and effect of the tool\n"
     "per workflow and pilot, each pilot's planned length and power, the\n"
     "teams in the mandate trap, what the survey should find: each\n"
     "workflow's top friction, PMF per tool and workflow, which teams are\n"
     "overloaded on the survey's day, and the learning hours per team and\n"
     "week in the calendar), changes.csv (the changes handed to some teams\n"
     "in the last weeks, in pilots.csv's format), targets.csv (the targets\n"
     "the organisation resets), requests.csv and proposals.csv. The\n"     "same seed and parameters give the same bytes on any machine.\n\n"
     "  --out DIR        where to write (created when missing)\n"
     "  --seed S         the random seed (default 1)\n"
     "  --people N       people (default 2000)\n"
     "  --months M       months (default 8)\n"
     "  --strategy S     mandate (default) or earned\n"
     "  --params FILE    'name = value' lines; every parameter is listed in\n"
     "                   docs/simulation.md\n"
     "  --compare        run both strategies with the same seed and print\n"
     "                   the weekly curves: real use, theatre, shadow use,\n"
     "                   cycle-time change, manager hours\n"
     "  --json           print JSON (the summary, or all weekly curves)\n\n"
     "This is a what-if model, not evidence.\n",
     cmd_simulate, NULL},
    {"demo",
     "[--dir DIR] [--port P] [--no-serve] [--seed S] [--people N]\n"
     "       [--months M] [--strategy S] [--params FILE]",
     "simulate an organisation, import it, analyse it, serve the dashboard",
     "Creates DIR (default ./demo) with a seeded simulation (2,000 people,\n"
     "8 months) in DIR/data and a workspace DIR/traction.db; imports the\n"
     "roster, work items, telemetry and proxy log; opens the survey wave\n"
     "'pulse-sim' and imports the organisation's pulse survey into it;\n"
     "imports the learning calendar and plans 2 protected hours a week;\n"
     "registers and analyses the organisation's pilots; shows the\n"
     "portfolio, the mandate trap and the friction backlog; registers\n"
     "the changes of changes.csv and the resets of targets.csv and shows\n"
     "the load on the middle on the survey's day;\n"
     "and then serves the dashboard on 127.0.0.1:P (default 8080) with a\n"
     "one-time login link for an admin (--no-serve stops before). Refuses\n"
     "to overwrite an existing DIR/traction.db.\n",
     cmd_demo, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
