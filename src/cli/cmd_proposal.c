/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction proposal`: teams propose the workflow tests; the enablement
 * lead scores them (value, reach, confidence, effort) and selects, and
 * a selected proposal becomes a pilot through `pilot new` with its plan
 * pre-filled. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tstamp.h"
#include "core/xalloc.h"
#include "model/pilot.h"
#include "store/proposals.h"
#include "store/roster.h"
#include "store/store.h"
#include "view/gov_view.h"
#include "view/json.h"
#include "view/table.h"

static int print_proposal(void *ctx, const struct store_proposal *p,
                          struct diag *diag)
{
    (void)diag;
    return vjson_emit(ctx, vproposal_json(p));
}

struct new_call {
    const char *team, *at_s;
    struct store_proposal p;
};

static int new_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    struct new_call *c = arg;
    struct store_proposal *p = &c->p;
    int m, rc = 0;

    (void)pos;
    if (!c->team || !p->workflow || !p->friction || !p->outcome || !p->tool)
        rc = diag_set(diag, TR_EUSAGE,
                      "a proposal needs --team, --workflow, --friction, "
                      "--outcome and --tool");
    if (!rc)
        rc = cli_text_arg("workflow", p->workflow, 1, diag);
    if (!rc)
        rc = cli_text_arg("friction", p->friction, 1, diag);
    if (!rc)
        rc = cli_text_arg("tool", p->tool, 1, diag);
    m = p->outcome ? pilot_metric_parse(p->outcome) : -1;
    if (!rc && (m < 0 || m == PM_REVIEWED))
        rc = diag_set(diag, TR_EUSAGE,
                      "--outcome: cycle_time, quality, errors or rework");
    return rc ? rc : cli_when("at", c->at_s, &p->submitted, diag);
}

static int new_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct new_call *c = arg;
    struct store_proposal *p = &c->p;
    int64_t id = 0;
    int found, rc = store_unit_find(r->st, c->team, &p->unit_id, diag);

    if (!rc && !p->unit_id)
        rc = diag_set(diag, TR_ENOENT, "no unit '%s' in the roster",
                      c->team);
    if (!rc)
        rc = store_proposal_add(r->st, p, &id, diag);
    if (!rc && r->json)
        rc = store_proposal_get(r->st, id, print_proposal, &r->out, &found,
                                diag);
    else if (!rc)
        buf_addf(&r->out, "proposal %lld: %s proposes testing '%s' in '%s' "
                          "(outcome: %s)\n",
                 (long long)id, c->team, p->tool, p->workflow, p->outcome);
    return rc;
}

static int cmd_new(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    struct new_call c;
    const struct cli_opt opts[] = {{"team", CLI_STR, &c.team},
                                   {"workflow", CLI_STR, &c.p.workflow},
                                   {"friction", CLI_STR, &c.p.friction},
                                   {"outcome", CLI_STR, &c.p.outcome},
                                   {"tool", CLI_STR, &c.p.tool},
                                   {"at", CLI_STR, &c.at_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, new_check, new_run, 1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

struct score_call {
    const char *v_s, *r_s, *c_s, *e_s, *by, *at_s;
    double v, r, c, e;
    int64_t id, at;
};

static int score_check(const struct cli_list *pos, void *arg,
                       struct diag *diag)
{
    struct score_call *s = arg;
    int rc = cli_record_id("proposal", pos->v[0], &s->id, diag);

    if (!rc && (!s->v_s || !s->r_s || !s->c_s || !s->e_s || !s->by))
        rc = diag_set(diag, TR_EUSAGE,
                      "a score needs --value, --reach, --confidence, "
                      "--effort and --by");
    if (!rc)
        rc = cli_number("value", s->v_s, 1, 5, &s->v, diag);
    if (!rc)
        rc = cli_number("reach", s->r_s, 0, 1e9, &s->r, diag);
    if (!rc)
        rc = cli_number("confidence", s->c_s, 0, 1, &s->c, diag);
    if (!rc)
        rc = cli_number("effort", s->e_s, 0, 1e6, &s->e, diag);
    if (!rc && !(s->e > 0))
        rc = diag_set(diag, TR_EUSAGE,
                      "--effort must be above 0 (person-weeks)");
    return rc ? rc : cli_when("at", s->at_s, &s->at, diag);
}

static int score_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct score_call *s = arg;
    int found, rc = cli_account_may(r->st, s->by, 0, diag);

    if (!rc)
        rc = store_proposal_score(r->st, s->id, s->v, s->r, s->c, s->e,
                                  s->by, s->at, diag);
    if (!rc && r->json)
        rc = store_proposal_get(r->st, s->id, print_proposal, &r->out,
                                &found, diag);
    else if (!rc)
        buf_addf(&r->out,
                 "proposal %lld scored: priority %.3g (value %g x reach %g "
                 "x confidence %g / effort %g)\n",
                 (long long)s->id, s->v * s->r * s->c / s->e, s->v, s->r,
                 s->c, s->e);
    return rc;
}

static int cmd_score(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    struct score_call s;
    const struct cli_opt opts[] = {{"value", CLI_STR, &s.v_s},
                                   {"reach", CLI_STR, &s.r_s},
                                   {"confidence", CLI_STR, &s.c_s},
                                   {"effort", CLI_STR, &s.e_s},
                                   {"by", CLI_STR, &s.by},
                                   {"at", CLI_STR, &s.at_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 1, 1, score_check, score_run,
                                         1};

    memset(&s, 0, sizeof(s));
    return cli_report(ctx, argc, argv, &spec, &s, diag);
}

/* The proposal a selection turns into a pilot (owned copies). */
struct chosen {
    int64_t id;
    char *team, *workflow, *friction, *outcome, *tool;
    int scored;
    int64_t pilot_id;
    const char *by;
    int64_t at;
};

static int copy_proposal(void *ctx, const struct store_proposal *p,
                         struct diag *diag)
{
    struct chosen *c = ctx;

    (void)diag;
    c->id = p->id;
    c->team = xstrdup(p->unit);
    c->workflow = xstrdup(p->workflow);
    c->friction = xstrdup(p->friction);
    c->outcome = xstrdup(p->outcome);
    c->tool = xstrdup(p->tool);
    c->scored = p->scored;
    c->pilot_id = p->pilot_id;
    return 0;
}

/* Inside the pilot's registration: the proposal names its pilot. */
static int link_pilot(void *ctx, struct store *st, const struct pilot *p,
                      struct diag *diag)
{
    struct chosen *c = ctx;

    return store_proposal_select(st, c->id, p->id, c->by, c->at, diag);
}

static int cmd_select(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct chosen c;
    struct store *st = NULL;
    struct buf hyp = BUF_INIT;
    const char **args = NULL;
    int n = 0, found = 0, rc = 0, m;

    memset(&c, 0, sizeof(c));
    /* N and --by are the selection's; the rest is `pilot new`'s */
    args = xcalloc((size_t)argc + 16, sizeof(*args));
    args[n++] = "new";
    for (int i = 1; i < argc && !rc; i++) {
        if (!strcmp(argv[i], "--by") && i + 1 < argc)
            c.by = argv[++i];
        else if (!strncmp(argv[i], "--by=", 5))
            c.by = argv[i] + 5;
        else if (i == 1 && argv[i][0] != '-')
            rc = cli_record_id("proposal", argv[i], &c.id, diag);
        else
            args[n++] = argv[i];
    }
    if (!rc && !c.id)
        rc = diag_set(diag, TR_EUSAGE,
                      "which proposal: N first, then the options");
    if (!rc && !c.by)
        rc = diag_set(diag, TR_EUSAGE,
                      "--by names the admin account (the enablement lead) "
                      "selecting");
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = cli_account_may(st, c.by, 0, diag);
    if (!rc)
        rc = store_proposal_get(st, c.id, copy_proposal, &c, &found, diag);
    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "no proposal %lld", (long long)c.id);
    if (!rc && c.pilot_id)
        rc = diag_set(diag, TR_EINVAL,
                      "proposal %lld is already selected: it became pilot "
                      "%lld",
                      (long long)c.id, (long long)c.pilot_id);
    if (!rc && !c.scored)
        rc = diag_set(diag, TR_EINVAL,
                      "proposal %lld is not scored yet: score it first "
                      "(traction proposal score)",
                      (long long)c.id);
    store_close(st);
    if (rc)
        goto out;
    /* the plan pre-filled from the proposal; options given after these
     * win (the last of an option counts) */
    m = pilot_metric_parse(c.outcome);
    buf_addf(&hyp, "%s's proposal %lld: %s in '%s' removes this friction: "
                   "%s; %s should %s",
             c.team, (long long)c.id, c.tool, c.workflow, c.friction,
             c.outcome,
             m >= 0 && pilot_metric_good((enum pilot_metric)m) > 0
                 ? "increase"
                 : "decrease");
    {
        const char *pre[] = {
            "--team", c.team, "--workflow", c.workflow, "--tool", c.tool,
            "--metric", c.outcome, "--direction",
            m >= 0 && pilot_metric_good((enum pilot_metric)m) > 0
                ? "increase"
                : "decrease",
            "--hypothesis", buf_str(&hyp)};
        size_t np = sizeof(pre) / sizeof(pre[0]);

        memmove(args + 1 + np, args + 1, (size_t)(n - 1) * sizeof(*args));
        memcpy(args + 1, pre, np * sizeof(*args));
        n += (int)np;
    }
    c.at = (int64_t)time(NULL);
    rc = cli_pilot_new(ctx, n, (char **)args, link_pilot, &c, diag);
out:
    free(args);
    free(c.team);
    free(c.workflow);
    free(c.friction);
    free(c.outcome);
    free(c.tool);
    buf_release(&hyp);
    return rc;
}

static int on_proposal(void *ctx, const struct store_proposal *p,
                       struct diag *diag)
{
    struct cli_records *r = ctx;
    struct buf b = BUF_INIT;
    double pr = vproposal_priority(p);

    (void)diag;
    if (r->arr)
        return cli_records_add(r, vproposal_json(p));
    buf_addf(&b, "%lld", (long long)p->id);
    table_cell(r->t, buf_str(&b));
    table_cell(r->t, p->unit);
    table_cell(r->t, p->workflow);
    table_cell(r->t, p->tool);
    table_cell(r->t, p->outcome);
    buf_reset(&b);
    if (!isnan(pr))
        buf_addf(&b, "%.3g", pr);
    table_cell(r->t, buf_str(&b));
    buf_reset(&b);
    if (p->pilot_id)
        buf_addf(&b, "pilot %lld", (long long)p->pilot_id);
    else
        buf_puts(&b, p->scored ? "scored" : "proposed");
    table_cell(r->t, buf_str(&b));
    table_cell(r->t, p->friction);
    buf_release(&b);
    return 0;
}

static int each_proposal(struct store *st, struct cli_records *r,
                         struct diag *diag)
{
    return store_proposals(st, on_proposal, r, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    static const char *const head[] = {"id",      "team",     "workflow",
                                       "tool",    "outcome",  "priority",
                                       "state",   "friction it removes"};
    struct table t;
    int rc;

    table_init(&t, 8, 1u << 5);
    for (size_t i = 0; i < 8; i++)
        table_cell(&t, head[i]);
    rc = cli_list_report(ctx, argc, argv, "proposals", &t,
                         "priority = value x reach x confidence / effort\n",
                         each_proposal, diag);
    table_release(&t);
    return rc;
}

static const struct cli_cmd proposal_kinds[] = {
    {"new",
     "--team TEAM --workflow W --friction TEXT --outcome METRIC --tool T\n"
     "       [--at DATE] [--json]",
     "propose a workflow test for a team",
     "What the test is about: the workflow, the friction the tool should\n"
     "remove, the outcome it should move (cycle_time, quality, errors or\n"
     "rework) and the tool. Anyone may propose (the dashboard's form, for\n"
     "every signed-in user); the team is kept, the audit trail names who\n"
     "proposed.\n",
     cmd_new, NULL},
    {"score",
     "N --value 1-5 --reach R --confidence 0-1 --effort E --by NAME\n"
     "       [--json]",
     "the enablement lead scores a proposal",
     "NAME is an admin account. value: how much the outcome should move\n"
     "(1 minimal, 3 clear, 5 large); reach: the people whose work it\n"
     "touches in a quarter; confidence: the share the lead believes the\n"
     "value and reach (0 to 1); effort: person-weeks to run the test.\n"
     "priority = value x reach x confidence / effort (as RICE). Scoring\n"
     "again replaces the score until the proposal is selected.\n",
     cmd_score, NULL},
    {"select",
     "N --by NAME --mde FRACTION --start DATE --review DATE\n"
     "       [any other `pilot new` option] [--json]",
     "turn a scored proposal into a pilot",
     "Registers a pilot through `pilot new` with the plan pre-filled from\n"
     "the proposal: --team, --workflow, --tool, --metric (its outcome),\n"
     "--direction (the outcome's better way) and --hypothesis (the\n"
     "friction it removes); options given here win. The proposal names\n"
     "the pilot in the same transaction, and the portfolio shows that it\n"
     "came from the team's proposal. NAME is an admin account.\n",
     cmd_select, NULL},
    {"list", "[--json]", "the proposals with their priority",
     "Every proposal with its team, outcome, priority (when scored) and\n"
     "state: proposed, scored, or the pilot it became.\n",
     cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_proposal_cmds[] = {
    {"proposal", "KIND", "teams propose the workflow tests",
     "Co-creation: teams propose, the enablement lead scores and selects,\n"
     "a selected proposal becomes a pilot: new, score, select, list.\n",
     NULL, proposal_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
