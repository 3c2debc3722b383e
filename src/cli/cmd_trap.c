/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction trap`: where adoption is real and where it is theatre. */
#include "cli/cli.h"

#include <math.h>

#include "analysis/trap.h"
#include "core/tstamp.h"
#include "store/store.h"
#include "store/trap.h"
#include "view/json.h"
#include "view/trap_view.h"
#include "view/table.h"

static void trap_text(struct buf *out, const char *week,
                      const struct trap *tr)
{
    struct table t;

    buf_addf(out, "week %s: approved activity beside shadow demand "
                  "beside outcomes\n\n",
             week);
    table_init(&t, 7, 0x3E);
    table_cell(&t, "team");
    table_cell(&t, "people");
    table_cell(&t, "active");
    table_cell(&t, "days/person");
    table_cell(&t, "shadow");
    table_cell(&t, "cycle time");
    table_cell(&t, "verdict");
    for (size_t i = 0; i < tr->n; i++) {
        const struct trap_team *x = &tr->t[i];

        table_cellf(&t, "%s%s", x->name, x->merged ? " (merged)" : "");
        table_cellf(&t, "%ld", x->people);
        if (x->usage_hidden) { /* fewer than TRAP_MIN_PEOPLE */
            table_cellf(&t, "<%d", TRAP_MIN_PEOPLE);
            table_cell(&t, "-");
        } else {
            table_cellf(&t, "%.0f%%", 100 * x->active_share);
            table_cellf(&t, "%.1f", x->depth);
        }
        if (x->shadow_hidden)
            table_cellf(&t, "<%d", TRAP_MIN_PEOPLE);
        else
            table_cellf(&t, "%.0f%%", 100 * x->shadow_share);
        if (isnan(x->cycle_change))
            table_cell(&t, "-");
        else
            table_cellf(&t, "%+.0f%%", 100 * x->cycle_change);
        table_cell(&t, x->verdict);
    }
    if (tr->n)
        table_render(&t, out);
    table_release(&t);
    for (size_t i = 0; i < tr->n; i++) {
        buf_addf(out, "\n%s: %s\n", tr->t[i].name, tr->t[i].verdict);
        for (size_t k = 0; k < tr->t[i].nreasons; k++)
            buf_addf(out, "  - %s\n", tr->t[i].reasons[k]);
    }
    if (tr->n)
        buf_addf(out, "\n<%d: fewer than %d people active (or on "
                      "unapproved services): not shown\n",
                 TRAP_MIN_PEOPLE, TRAP_MIN_PEOPLE);
    if (tr->hidden_people)
        buf_addf(out, "\n%ld people in units under %d people, even "
                      "merged upward, are not shown\n",
                 tr->hidden_people, TRAP_MIN_PEOPLE);
    if (!tr->n)
        buf_puts(out, "no team with enough people and data this week\n");
}

struct trap_call {
    const char *week_s;
    int64_t week;
};

static int trap_check(const struct cli_list *pos, void *arg,
                      struct diag *diag)
{
    struct trap_call *c = arg;

    (void)pos;
    if (c->week_s && tstamp_parse_isoweek(c->week_s, &c->week))
        return diag_set(diag, TR_EUSAGE,
                        "--week: an ISO week such as 2026-W37");
    return 0;
}

static int trap_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct trap_call *c = arg;
    struct trap tr = {0, NULL, 0, 0};
    struct buf wk = BUF_INIT;
    int rc = 0;

    if (!c->week_s)
        rc = store_latest_week(r->st, &c->week, diag);
    if (!rc && !c->week)
        rc = diag_set(diag, TR_ENOENT,
                      "no telemetry or shadow-AI data yet: run 'traction "
                      "import usage' or 'traction shadow scan' first");
    if (!rc)
        rc = trap_compute(r->st, c->week, &tr, diag);
    if (!rc && r->json) {
        vjson_emit(&r->out, vtrap_json(&tr));
    } else if (!rc) {
        tstamp_format_isoweek(&wk, c->week);
        trap_text(&r->out, buf_str(&wk), &tr);
    }
    trap_release(&tr);
    buf_release(&wk);
    return rc;
}

static int cmd_trap(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct trap_call c = {NULL, 0};
    const struct cli_opt opts[] = {{"week", CLI_STR, &c.week_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, trap_check, trap_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

const struct cli_cmd cli_trap_cmds[] = {
    {"trap", "[--week 2026-W37] [--json]",
     "where adoption is real and where it is theatre",
     "Per team and ISO week (default: the latest with data): activity on\n"
     "the approved tool (active share, active days per active person,\n"
     "registration-only share), shadow demand (a lower bound of people on\n"
     "unapproved AI services, and how many services), and the cycle-time\n"
     "trend (median of the 4 weeks up to the week's end against the 4\n"
     "before). Verdicts: theatre (approved activity thin: under 30% of the\n"
     "team active, or half of them registration-only, or under 1.5 days a\n"
     "week; while at least 20% of the team use unapproved tools); real\n"
     "(2+ days a week, mostly regular use, and cycle time 10% shorter or\n"
     "more); otherwise unclear, with reasons. Units under 10 people are\n"
     "merged into their parent unit; what stays under 10 is not shown.\n"
     "The third leg is the team's voice in the latest survey opened by the\n"
     "week's end, as `survey results --by unit` shows it: internal PMF and\n"
     "trust for the approved tool (one the telemetry covers), and the\n"
     "friction category named most; low PMF (under 40%), low trust (under\n"
     "half) or high friction (30% or more) is said in the reasons. The\n"
     "verdict is read from behaviour and outcomes; voice confirms or\n"
     "questions it.\n",
     cmd_trap, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
