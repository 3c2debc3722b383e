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

static int cmd_load(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *unit = NULL, *as_of_s = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"unit", CLI_STR, &unit},
                             {"as-of", CLI_STR, &as_of_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct load_report r;
    struct buf out = BUF_INIT;
    int64_t unit_id = 0, as_of = (int64_t)time(NULL);
    json_t *j = NULL;
    int rc;

    memset(&r, 0, sizeof(r));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && as_of_s)
        rc = cli_date("as-of", as_of_s, &as_of, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc && unit)
        rc = store_name_find(st, "unit", unit, &unit_id, diag);
    if (!rc)
        rc = load_compute(st, NULL, as_of, unit_id, &r, diag);
    if (!rc) {
        j = vload_json(&r);
        if (json)
            rc = vjson_emit(&out, j);
        else {
            vload_text(&out, j);
            json_decref(j);
        }
    }
    if (!rc)
        rc = cli_out(&out, diag);
    load_release(&r);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

const struct cli_cmd cli_load_cmds[] = {
    {"load", "[--unit U] [--as-of D] [--json]",
     "the load on the middle: what lands on each manager's unit at once",
     "For each unit with a manager (of U's subtree with --unit), in the\n"
     "order of the org tree (never ranked): the changes under way (pilots\n"
     "and playbook rollouts between their start and review), pilot\n"
     "decisions due, friction items open on the backlog, tool requests\n"
     "pending ('not tracked' until the workspace tracks them), protected\n"
     "and actual learning hours ('not recorded' until it records them),\n"
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
     "  - 3 or more tool requests pending (when tracked)\n"
     "Friction items are shown, not counted (their owners work them; the\n"
     "workload item measures what they cost). Each unit's reasons are\n"
     "listed; docs/guide.md, 'Load on the middle', explains the rule.\n"
     "\n  --unit U    U and the units below it\n"
     "  --as-of D   the day (YYYY-MM-DD; default today)\n"
     "  --json      as JSON\n",
     cmd_load, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
