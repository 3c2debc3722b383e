/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction targets`: targets reset while teams learn, recorded with the
 * reason, shown beside the outcomes and taken into account by the pilot
 * analyses and the load on the middle. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/targets.h"
#include "core/tstamp.h"
#include "model/pilot.h"
#include "store/items.h"
#include "store/store.h"
#include "store/targets.h"
#include "view/json.h"
#include "view/targets_view.h"

/* "10%" (above 0, at most 100) as a share. */
static int percent(const char *s, double *out, struct diag *diag)
{
    char *end = NULL;
    double v = strtod(s, &end);

    if (end == s || strcmp(end, "%") || !isfinite(v) || v <= 0 || v > 100)
        return diag_set(diag, TR_EUSAGE,
                        "--by is a percentage above 0 and at most 100, "
                        "such as 10%%, not '%s'",
                        s);
    *out = v / 100;
    return 0;
}

static int need(const char *v, const char *opt, struct diag *diag)
{
    if (v && *v)
        return 0;
    return diag_set(diag, TR_EUSAGE, "targets reset needs --%s", opt);
}

static int cmd_reset(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *unit = NULL, *metric = NULL, *by = NULL, *from = NULL,
               *until = NULL, *why = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"unit", CLI_STR, &unit},
                             {"metric", CLI_STR, &metric},
                             {"by", CLI_STR, &by},
                             {"from", CLI_STR, &from},
                             {"until", CLI_STR, &until},
                             {"why", CLI_STR, &why},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    const char *names[] = {"unit", "metric", "by", "from", "until", "why"};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct store_target t;
    struct targets all = {0};
    struct buf out = BUF_INIT;
    int64_t from_at = 0, until_at = 0, id = 0;
    int rc;

    memset(&t, 0, sizeof(t));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    for (size_t i = 0; i < 6 && !rc; i++) {
        const char *vals[] = {unit, metric, by, from, until, why};

        rc = need(vals[i], names[i], diag);
    }
    if (!rc) {
        t.metric = pilot_metric_parse(metric);
        if (t.metric < 0)
            rc = diag_set(diag, TR_EUSAGE,
                          "--metric is cycle_time, quality, errors or "
                          "rework, not '%s'",
                          metric);
    }
    if (!rc)
        rc = percent(by, &t.by, diag);
    if (!rc)
        rc = cli_date("from", from, &from_at, diag);
    if (!rc)
        rc = cli_date("until", until, &until_at, diag);
    if (!rc && tstamp_day(until_at) < tstamp_day(from_at))
        rc = diag_set(diag, TR_EUSAGE, "--until %s is before --from %s",
                      until, from);
    if (rc)
        goto out;
    t.from_day = tstamp_day(from_at);
    t.until_day = tstamp_day(until_at);
    t.why = why;
    t.unit = unit;
    rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_begin(st, diag); /* the reset and its audit entry */
    if (!rc)
        rc = store_name_find(st, "unit", unit, &t.unit_id, diag);
    if (!rc)
        rc = store_target_add(st, &t, &id, diag);
    /* the answer is read before the commit: a failure after it would
     * report an error for a reset that was recorded */
    if (!rc)
        rc = targets_load(st, t.unit_id, &all, diag);
    for (size_t i = 0; !rc && i < all.n; i++) {
        if (all.v[i].id != id)
            continue;
        if (json)
            rc = vjson_emit(&out, vtarget_json(&all.v[i]));
        else {
            buf_addf(&out, "reset %lld of '%s': ", (long long)id, unit);
            vtarget_line(&out, &all.v[i]);
            buf_putc(&out, '\n');
        }
    }
    if (!rc)
        rc = store_commit(st, diag);
    if (rc) {
        store_rollback(st);
        goto out;
    }
    rc = cli_out(&out, diag);
out:
    targets_release(&all);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *unit = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"unit", CLI_STR, &unit},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct targets t = {0};
    struct buf out = BUF_INIT;
    int64_t unit_id = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc && unit)
        rc = store_name_find(st, "unit", unit, &unit_id, diag);
    if (!rc)
        rc = targets_load(st, unit_id, &t, diag);
    if (!rc && json)
        rc = vjson_emit(&out, json_pack("{s:o}", "targets",
                                        vtargets_json(&t)));
    else if (!rc)
        vtargets_text(&out, &t);
    if (!rc)
        rc = cli_out(&out, diag);
    targets_release(&t);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd targets_kinds[] = {
    {"reset",
     "--unit U --metric M --by P% --from D --until D --why TEXT [--json]",
     "record a target relaxed while a team learns",
     "Records that unit U's target on metric M (cycle_time, quality,\n"
     "errors or rework) is relaxed by P percent (above 0, at most 100)\n"
     "from day D to day D (both included), and why. The reset is appended\n"
     "to the audit trail, shown beside the unit's outcomes ('items\n"
     "summary', the team page), named in the recommendation of every\n"
     "pilot whose team or comparison team it overlaps (baseline or\n"
     "window: the outcomes were measured under a relaxed target), and read\n"
     "by 'load' (a unit piloting without a reset is under strain). A\n"
     "reset of the same unit and metric may not overlap an earlier one.\n"
     "\n  --unit U       the unit (a team or a unit above teams)\n"
     "  --metric M     cycle_time, quality, errors or rework\n"
     "  --by P%        how much the target is relaxed, such as 10%\n"
     "  --from D       the first day (YYYY-MM-DD)\n"
     "  --until D      the last day\n"
     "  --why TEXT     the reason, for the record\n"
     "  --json         the recorded reset as JSON\n",
     cmd_reset, NULL},
    {"list", "[--unit U] [--json]", "the targets reset, by unit",
     "Every target reset (of unit U only with --unit): id, unit, metric,\n"
     "by how much, the days and why.\n"
     "\n  --unit U   one unit's resets\n  --json     as JSON\n",
     cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_targets_cmds[] = {
    {"targets", "KIND ...", "targets reset while teams learn",
     "Targets relaxed while a team learns a new way of working, with the\n"
     "reason: recorded, audited, shown beside the outcomes and read by\n"
     "the pilot analyses and the load on the middle.\n",
     NULL, targets_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
