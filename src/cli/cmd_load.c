/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction load`: the load on the middle, per manager's unit, with the
 * units that are overloaded and why (analysis/load.h). */
#include "cli/cli.h"

#include <string.h>
#include <time.h>

#include "analysis/load.h"
#include "store/items.h"
#include "store/store.h"
#include "view/json.h"
#include "view/load_view.h"

struct load_call {
    const char *unit, *as_of_s;
    int64_t as_of;
};

static int load_check(const struct cli_list *pos, void *arg,
                      struct diag *diag)
{
    struct load_call *c = arg;

    (void)pos;
    return c->as_of_s ? cli_date("as-of", c->as_of_s, &c->as_of, diag) : 0;
}

static int load_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct load_call *c = arg;
    struct load_report lr;
    int64_t unit_id = 0;
    int rc = 0;

    memset(&lr, 0, sizeof(lr));
    if (c->unit)
        rc = store_name_find(r->st, "unit", c->unit, &unit_id, diag);
    if (!rc)
        rc = load_compute(r->st, NULL, c->as_of, unit_id, &lr, diag);
    if (!rc) {
        json_t *j = vload_json(&lr);

        if (r->json) {
            vjson_emit(&r->out, j);
        } else {
            vload_text(&r->out, j);
            json_decref(j);
        }
    }
    load_release(&lr);
    return rc;
}

static int cmd_load(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct load_call c = {NULL, NULL, (int64_t)time(NULL)};
    const struct cli_opt opts[] = {{"unit", CLI_STR, &c.unit},
                                   {"as-of", CLI_STR, &c.as_of_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, load_check, load_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

const struct cli_cmd cli_load_cmds[] = {
    {"load", "[--unit U] [--as-of D] [--json]",
     "the load on the middle: what lands on each manager's unit at once",
     "For each unit with a manager (of U's subtree with --unit), in the\n"
     "order of the org tree (never ranked): the changes under way (pilots\n"
     "and playbook rollouts between their start and review), pilot\n"
     "decisions due, friction items open on the backlog, tool requests\n"
     "of the unit and its subtree waiting for a decision now, protected\n"
     "and actual learning hours of the day's week or the one before\n"
     "('not recorded' while the workspace has no learning-time plan or\n"
     "calendar; a dash where the unit's figure is not shown),\n"
     "whether a target is reset on the day, and the latest pulse survey's\n"
     "workload ('my workload left room to do my work well') and\n"
     "psychological-safety means (1-5) as the disclosure layer shows them\n"
     "('not shown' where a unit's answers are merged or hidden).\n"
     "\n"
     "A unit is OVERLOADED when it has 3 or more changes at once, or when\n"
     "2 or more of these strains hold:\n"
     "  - piloting with no target reset covering the day\n"
     "  - piloting with no protected learning time (when recorded)\n"
     "  - the workload item's mean at or below 2.0\n"
     "  - the psychological-safety score's mean below 2.5\n"
     "  - 2 or more pilot decisions due\n"
     "  - 3 or more tool requests pending\n"
     "Friction items are shown, not counted (their owners work them; the\n"
     "workload item measures what they cost). Each unit's reasons are\n"
     "listed; docs/guide.md, 'Load on the middle', explains the rule.\n"
     "\n  --unit U    U and the units below it\n"
     "  --as-of D   the day (YYYY-MM-DD; default today)\n"
     "  --json      as JSON\n",
     cmd_load, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
