/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction request`: tool and use-case requests with a clock: filed by
 * a team, taken into review and decided by governance, every stage
 * timed; the clocks, overdue requests and the demand behind each tool. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/requests.h"
#include "auth/access.h"
#include "core/tstamp.h"
#include "store/requests.h"
#include "store/roster.h"
#include "store/store.h"
#include "store/users.h"
#include "view/gov_view.h"
#include "view/json.h"
#include "view/table.h"

#define TEXT_MAX 4095 /* bytes of a text, as the dashboard's forms */

/* A number argument N (a request, a proposal, an entry). */
int cli_record_id(const char *what, const char *s, int64_t *id,
                  struct diag *diag)
{
    char *end;
    long long v = strtoll(s, &end, 10);

    if (!*s || *end || v <= 0)
        return diag_set(diag, TR_EUSAGE, "'%s' is not a %s number", s, what);
    *id = v;
    return 0;
}

int cli_text_arg(const char *opt, const char *s, int required,
                 struct diag *diag)
{
    if (required && (!s || !*s))
        return diag_set(diag, TR_EUSAGE, "--%s is needed", opt);
    if (s && strlen(s) > TEXT_MAX)
        return diag_set(diag, TR_EUSAGE, "--%s is longer than %d bytes", opt,
                        TEXT_MAX);
    return 0;
}

int cli_when(const char *opt, const char *s, int64_t *out, struct diag *diag)
{
    *out = (int64_t)time(NULL);
    return s ? cli_date(opt, s, out, diag) : 0;
}

int cli_account_may(struct store *st, const char *name, int governance,
                    struct diag *diag)
{
    struct store_user u;
    int found = 0, rc = store_user_find(st, name, &u, &found, diag);
    int r;

    if (rc)
        return rc;
    if (!found)
        return diag_set(diag, TR_ENOENT, "no user '%s' (--by names a "
                                         "dashboard account)",
                        name);
    r = access_role_parse(u.role);
    if (u.disabled)
        return diag_set(diag, TR_EPERM, "user '%s' is disabled", name);
    if (r == ROLE_ADMIN || (governance && r == ROLE_GOVERNANCE))
        return 0;
    return diag_set(diag, TR_EPERM, "user '%s' is %s %s account: only %s",
                    name, r == ROLE_ADMIN ? "an" : "a", u.role,
                    governance ? "governance or admin accounts decide tool "
                                 "requests"
                               : "admin accounts (the enablement lead) do "
                                 "this");
}

/* Runs one change in a transaction of its own and rolls back on any
 * error. */
/* A request as JSON as of a change's time, for --json. */
struct shown {
    struct buf *out;
    int64_t now;
    int sla;
};

static int print_request(void *ctx, const struct store_request *r,
                         struct diag *diag)
{
    struct shown *s = ctx;

    (void)diag;
    return vjson_emit(s->out, vrequest_json(r, s->now, s->sla));
}

/* Prints request id as of now (its --at). */
static int show(struct store *st, int64_t id, int64_t now, struct buf *out,
                struct diag *diag)
{
    struct shown s = {out, now, REQUEST_SLA_DEFAULT};
    int found, rc = store_request_sla(st, &s.sla, diag);

    return rc ? rc : store_request_get(st, id, print_request, &s, &found, diag);
}

/* new, review and decide: a change to one request, its answer read
 * before the commit (cli_report's writer transaction) */
struct change {
    const char *unit, *tool, *workflow, *why, *by, *cond, *at_s;
    int64_t id, at;
    int decision;
};

static int new_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    struct change *c = arg;
    int rc = 0;

    (void)pos;
    if (!c->unit || !c->tool || !c->workflow)
        rc = diag_set(diag, TR_EUSAGE,
                      "a request needs --unit, --tool and --workflow");
    if (!rc)
        rc = cli_text_arg("tool", c->tool, 1, diag);
    if (!rc)
        rc = cli_text_arg("workflow", c->workflow, 1, diag);
    if (!rc)
        rc = cli_text_arg("why", c->why, 0, diag);
    return rc ? rc : cli_when("at", c->at_s, &c->at, diag);
}

static int new_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct change *c = arg;
    int64_t unit_id = 0;
    int rc = store_unit_find(r->st, c->unit, &unit_id, diag);

    if (!rc && !unit_id)
        rc = diag_set(diag, TR_ENOENT, "no unit '%s' in the roster",
                      c->unit);
    if (!rc)
        rc = store_request_add(r->st, unit_id, c->tool, c->workflow,
                               c->why && *c->why ? c->why : NULL, c->at,
                               &c->id, diag);
    if (!rc && r->json)
        rc = show(r->st, c->id, c->at, &r->out, diag);
    else if (!rc)
        buf_addf(&r->out, "filed request %lld: %s asks to use '%s' for "
                          "'%s'\n",
                 (long long)c->id, c->unit, c->tool, c->workflow);
    return rc;
}

static int cmd_new(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    struct change c;
    const struct cli_opt opts[] = {{"unit", CLI_STR, &c.unit},
                                   {"tool", CLI_STR, &c.tool},
                                   {"workflow", CLI_STR, &c.workflow},
                                   {"why", CLI_STR, &c.why},
                                   {"at", CLI_STR, &c.at_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, new_check, new_run, 1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int review_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    struct change *c = arg;
    int rc = cli_record_id("request", pos->v[0], &c->id, diag);

    if (!rc && !c->by)
        rc = diag_set(diag, TR_EUSAGE,
                      "--by names the governance account taking it up");
    return rc ? rc : cli_when("at", c->at_s, &c->at, diag);
}

static int review_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct change *c = arg;
    int rc = cli_account_may(r->st, c->by, 1, diag);

    if (!rc)
        rc = store_request_review(r->st, c->id, c->by, c->at, diag);
    if (!rc && r->json)
        rc = show(r->st, c->id, c->at, &r->out, diag);
    else if (!rc)
        buf_addf(&r->out, "request %lld is in review by %s\n",
                 (long long)c->id, c->by);
    return rc;
}

static int cmd_review(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct change c;
    const struct cli_opt opts[] = {{"by", CLI_STR, &c.by},
                                   {"at", CLI_STR, &c.at_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 1, 1, review_check,
                                         review_run, 1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int decide_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    struct change *c = arg;
    int rc = cli_record_id("request", pos->v[0], &c->id, diag);

    if (!rc && (c->decision = request_decision_parse(pos->v[1])) < 0)
        rc = diag_set(diag, TR_EUSAGE,
                      "decide approve, approve-with-conditions or decline, "
                      "not '%s'",
                      pos->v[1]);
    if (!rc && !c->by)
        rc = diag_set(diag, TR_EUSAGE,
                      "--by names the governance account deciding");
    if (!rc)
        rc = cli_text_arg("why", c->why, 1, diag);
    if (!rc)
        rc = cli_text_arg("conditions", c->cond, 0, diag);
    return rc ? rc : cli_when("at", c->at_s, &c->at, diag);
}

static int decide_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct change *c = arg;
    int rc = cli_account_may(r->st, c->by, 1, diag);

    if (!rc)
        rc = store_request_decide(r->st, c->id,
                                  (enum request_decision)c->decision, c->by,
                                  c->why, c->cond, c->at, diag);
    if (!rc && r->json)
        rc = show(r->st, c->id, c->at, &r->out, diag);
    else if (!rc)
        buf_addf(&r->out, "request %lld: %s by %s\n", (long long)c->id,
                 request_decision_names[c->decision], c->by);
    return rc;
}

static int cmd_decide(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct change c;
    const struct cli_opt opts[] = {{"by", CLI_STR, &c.by},
                                   {"why", CLI_STR, &c.why},
                                   {"conditions", CLI_STR, &c.cond},
                                   {"at", CLI_STR, &c.at_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 2, 2, decide_check,
                                         decide_run, 1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

/* list's options, read by each_request */
struct list_opts {
    int open;
    const char *now_s;
    int64_t now;
    int sla;
};

static int on_request(void *ctx, const struct store_request *r,
                      struct diag *diag)
{
    struct cli_records *rec = ctx;
    const struct list_opts *o = rec->arg;
    int open = !(r->decided && r->decided <= o->now);
    long wd;
    struct buf b = BUF_INIT;

    (void)diag;
    if ((o->open && !open) || r->submitted > o->now)
        return 0;
    if (rec->arr)
        return cli_records_add(rec, vrequest_json(r, o->now, o->sla));
    wd = request_working_days(r->submitted, open ? o->now : r->decided);
    buf_addf(&b, "%lld", (long long)r->id);
    table_cell(rec->t, buf_str(&b));
    table_cell(rec->t, r->unit);
    table_cell(rec->t, r->tool);
    table_cell(rec->t, r->workflow);
    buf_reset(&b);
    tstamp_format_day(&b, r->submitted);
    table_cell(rec->t, buf_str(&b));
    table_cell(rec->t, !open                                  ? "decided"
                       : r->in_review && r->in_review <= o->now ? "in review"
                                                                : "submitted");
    buf_reset(&b);
    buf_addf(&b, "%ld%s", wd, open && wd > o->sla ? " OVERDUE" : "");
    table_cell(rec->t, buf_str(&b));
    table_cell(rec->t, open ? "" : request_decision_names[r->decision]);
    buf_release(&b);
    return 0;
}

static int each_request(struct store *st, struct cli_records *r,
                        struct diag *diag)
{
    struct list_opts *o = r->arg;
    int rc = cli_when("now", o->now_s, &o->now, diag);

    if (!rc)
        rc = store_request_sla(st, &o->sla, diag);
    return rc ? rc : store_requests(st, on_request, r, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct list_opts o = {0, NULL, 0, REQUEST_SLA_DEFAULT};
    struct cli_opt extra[] = {{"open", CLI_FLAG, &o.open},
                              {"now", CLI_STR, &o.now_s},
                              {NULL, 0, NULL}};
    static const char *const head[] = {"id",    "team",  "tool",
                                       "workflow", "filed", "state",
                                       "working days", "decision"};
    struct table t;
    int rc;

    table_init(&t, 8, 1u << 6);
    for (size_t i = 0; i < 8; i++)
        table_cell(&t, head[i]);
    rc = cli_list_report_with(ctx, argc, argv, "requests", &t, NULL, extra,
                              &o, each_request, diag);
    table_release(&t);
    return rc;
}

static void clocks_text(struct buf *out, const struct request_clocks *c)
{
    struct table t;
    struct buf b = BUF_INIT;

    buf_addf(out,
             "%zu requests: %zu decided, %zu open; service level %d "
             "working days\n\n",
             c->total, c->decided, c->open, c->sla);
    table_init(&t, 5, 0x1C);
    table_cell(&t, "stage");
    table_cell(&t, "month");
    table_cell(&t, "n");
    table_cell(&t, "median days");
    table_cell(&t, "p90 days");
    for (size_t i = 0; i < c->nc; i++) {
        const struct request_clock *k = &c->c[i];

        table_cell(&t, request_stage_names[k->stage]);
        buf_reset(&b);
        if (k->all)
            buf_puts(&b, "all");
        else
            tstamp_format_month(&b, k->month * 86400);
        table_cell(&t, buf_str(&b));
        buf_reset(&b);
        buf_addf(&b, "%zu", k->n);
        table_cell(&t, buf_str(&b));
        buf_reset(&b);
        if (k->n)
            buf_addf(&b, "%.1f", k->median);
        table_cell(&t, buf_str(&b));
        buf_reset(&b);
        if (k->n)
            buf_addf(&b, "%.1f", k->p90);
        table_cell(&t, buf_str(&b));
    }
    table_render(&t, out);
    table_release(&t);
    buf_addf(out, "\noverdue (open past %d working days): %zu\n", c->sla,
             c->nlate);
    for (size_t i = 0; i < c->nlate; i++) {
        const struct request_late *l = &c->late[i];

        buf_addf(out, "  request %lld  %s  %s for %s  filed ",
                 (long long)l->id, l->unit, l->tool, l->workflow);
        tstamp_format_day(out, l->submitted);
        buf_addf(out, "  %ld working days, %s\n", l->working_days,
                 l->in_review ? "in review" : "not taken up");
    }
    if (c->ndemand)
        buf_puts(out, "\ndemand beside the requests");
    if (c->ndemand && c->demand_to) {
        buf_puts(out, " (shadow AI, weeks ");
        tstamp_format_isoweek(out, c->demand_from);
        buf_puts(out, " to ");
        tstamp_format_isoweek(out, c->demand_to);
        buf_puts(out, ")");
    }
    if (c->ndemand)
        buf_puts(out, ":\n");
    for (size_t i = 0; i < c->ndemand; i++) {
        buf_puts(out, "  ");
        vrequest_demand_line(out, &c->demand[i]);
        buf_putc(out, '\n');
    }
    buf_release(&b);
}

struct clocks_call {
    const char *now_s, *sla_s;
    double sla;
    int64_t now;
};

static int clocks_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    struct clocks_call *c = arg;
    int rc = cli_number("service-level", c->sla_s, 1, REQUEST_SLA_MAX,
                        &c->sla, diag);

    (void)pos;
    if (!rc && c->sla != floor(c->sla))
        rc = diag_set(diag, TR_EUSAGE,
                      "--service-level: a whole number of working days");
    return rc ? rc : cli_when("now", c->now_s, &c->now, diag);
}

static int clocks_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct clocks_call *c = arg;
    struct request_clocks k;
    int rc;

    memset(&k, 0, sizeof(k));
    rc = request_clocks_load(r->st, NULL, c->now, (int)c->sla, &k, diag);
    if (!rc && r->json)
        vjson_emit(&r->out, vrequest_clocks_json(&k));
    else if (!rc)
        clocks_text(&r->out, &k);
    request_clocks_release(&k);
    return rc;
}

static int cmd_clocks(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct clocks_call c = {NULL, NULL, 0, 0};
    const struct cli_opt opts[] = {{"now", CLI_STR, &c.now_s},
                                   {"service-level", CLI_STR, &c.sla_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, clocks_check,
                                         clocks_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int sla_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    double *days = arg;
    int rc = 0;

    if (pos->n)
        rc = cli_number("service-level", pos->v[0], 1, REQUEST_SLA_MAX, days,
                        diag);
    if (!rc && *days != floor(*days))
        rc = diag_set(diag, TR_EUSAGE, "a whole number of working days");
    return rc;
}

static int sla_run(struct cli_report *r, void *arg, struct diag *diag)
{
    int sla = (int)*(double *)arg;
    int rc = 0;

    if (r->pos->n) { /* a change: set and committed, nothing fails after */
        rc = store_begin(r->st, diag);
        if (!rc)
            rc = store_request_sla_set(r->st, sla, diag);
        if (!rc)
            rc = store_commit(r->st, diag);
        if (rc)
            store_rollback(r->st);
    } else {
        rc = store_request_sla(r->st, &sla, diag);
    }

    if (!rc && r->json)
        vjson_emit(&r->out, json_pack("{s:i}", "service_level", sla));
    else if (!rc)
        buf_addf(&r->out, "service level: %d working days to a decision\n",
                 sla);
    return rc;
}

static int cmd_sla(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 1, sla_check,
                                                sla_run};
    double days = 0;

    return cli_report(ctx, argc, argv, &spec, &days, diag);
}

static const struct cli_cmd request_kinds[] = {
    {"new",
     "--unit UNIT --tool TOOL --workflow WORKFLOW [--why TEXT] [--at DATE]\n"
     "       [--json]",
     "file a team's request to use a tool for a workflow",
     "The request's clock starts at --at (default now). Only the team is\n"
     "kept with it; the audit trail names who filed it.\n",
     cmd_new, NULL},
    {"review", "N --by NAME [--at DATE] [--json]",
     "take a request into review",
     "NAME is a governance or admin account; the time it waited to be\n"
     "taken up ends at --at (default now).\n",
     cmd_review, NULL},
    {"decide",
     "N approve|approve-with-conditions|decline --by NAME --why TEXT\n"
     "       [--conditions TEXT] [--at DATE] [--json]",
     "decide a request, with the reason",
     "NAME is a governance or admin account. approve-with-conditions\n"
     "needs --conditions (guardrails, a human-review step). A request not\n"
     "taken into review yet is taken into review at the decision. Only an\n"
     "open request can be decided.\n",
     cmd_decide, NULL},
    {"list", "[--open] [--now DATE] [--json]",
     "the requests, with their state and wait",
     "Working days waited: to the decision, or to --now (default now) for\n"
     "open requests; OVERDUE past the service level.\n",
     cmd_list, NULL},
    {"clocks", "[--now DATE] [--service-level DAYS] [--json]",
     "median and p90 time per stage and month; overdue; demand",
     "Stages: to_review (filed to taken into review), in_review (to the\n"
     "decision), to_decision (filed to decided); each duration counts in\n"
     "the month it ended, in calendar days; median and p90 are type-7\n"
     "quantiles (as numpy's default). Overdue: open requests that waited\n"
     "more working days (Monday to Friday, UTC) than the service level\n"
     "(--service-level, or the workspace's: `request service-level`).\n"
     "Demand: per tool, the teams whose shadow-AI cells of the latest 4\n"
     "weeks show it (cells as every report shows them: 10 people or\n"
     "more), its open requests and the median wait (to the decision, or\n"
     "to now while open).\n",
     cmd_clocks, NULL},
    {"service-level", "[DAYS] [--json]",
     "show or set the service level (working days)",
     "Working days a request may wait for a decision before it is\n"
     "overdue (default 10). Setting it is recorded in the audit trail.\n",
     cmd_sla, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_request_cmds[] = {
    {"request", "KIND", "tool and use-case requests with a clock",
     "Governance as enablement: a team asks, a reviewer answers with a\n"
     "reason, and every stage is timed: new, review, decide, list,\n"
     "clocks, service-level.\n",
     NULL, request_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
