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

struct reset_call {
    const char *unit, *metric, *by, *from, *until, *why;
    struct store_target t;
};

static int reset_check(const struct cli_list *pos, void *arg,
                       struct diag *diag)
{
    struct reset_call *c = arg;
    const char *names[] = {"unit", "metric", "by", "from", "until", "why"};
    const char *vals[] = {c->unit, c->metric, c->by, c->from, c->until,
                          c->why};
    int64_t from_at = 0, until_at = 0;
    int rc = 0;

    (void)pos;
    for (size_t i = 0; i < 6 && !rc; i++)
        rc = need(vals[i], names[i], diag);
    if (!rc) {
        c->t.metric = pilot_metric_parse(c->metric);
        if (c->t.metric < 0)
            rc = diag_set(diag, TR_EUSAGE,
                          "--metric is cycle_time, quality, errors or "
                          "rework, not '%s'",
                          c->metric);
    }
    if (!rc)
        rc = percent(c->by, &c->t.by, diag);
    if (!rc)
        rc = cli_date("from", c->from, &from_at, diag);
    if (!rc)
        rc = cli_date("until", c->until, &until_at, diag);
    if (!rc && tstamp_day(until_at) < tstamp_day(from_at))
        rc = diag_set(diag, TR_EUSAGE, "--until %s is before --from %s",
                      c->until, c->from);
    c->t.from_day = tstamp_day(from_at);
    c->t.until_day = tstamp_day(until_at);
    c->t.why = c->why;
    c->t.unit = c->unit;
    return rc;
}

static int reset_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct reset_call *c = arg;
    struct targets all = {0};
    int64_t id = 0;
    int rc = store_name_find(r->st, "unit", c->unit, &c->t.unit_id, diag);

    if (!rc)
        rc = store_target_add(r->st, &c->t, &id, diag);
    if (!rc)
        rc = targets_load(r->st, c->t.unit_id, &all, diag);
    for (size_t i = 0; !rc && i < all.n; i++) {
        if (all.v[i].id != id)
            continue;
        if (r->json) {
            vjson_emit(&r->out, vtarget_json(&all.v[i]));
        } else {
            buf_addf(&r->out, "reset %lld of '%s': ", (long long)id,
                     c->unit);
            vtarget_line(&r->out, &all.v[i]);
            buf_putc(&r->out, '\n');
        }
    }
    targets_release(&all);
    return rc;
}

static int cmd_reset(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    struct reset_call c;
    const struct cli_opt opts[] = {{"unit", CLI_STR, &c.unit},
                                   {"metric", CLI_STR, &c.metric},
                                   {"by", CLI_STR, &c.by},
                                   {"from", CLI_STR, &c.from},
                                   {"until", CLI_STR, &c.until},
                                   {"why", CLI_STR, &c.why},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, reset_check, reset_run,
                                         1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int list_run(struct cli_report *r, void *arg, struct diag *diag)
{
    const char *unit = *(const char **)arg;
    struct targets t = {0};
    int64_t unit_id = 0;
    int rc = 0;

    if (unit)
        rc = store_name_find(r->st, "unit", unit, &unit_id, diag);
    if (!rc)
        rc = targets_load(r->st, unit_id, &t, diag);
    if (!rc && r->json)
        vjson_emit(&r->out, json_pack("{s:o}", "targets", vtargets_json(&t)));
    else if (!rc)
        vtargets_text(&r->out, &t);
    targets_release(&t);
    return rc;
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *unit = NULL;
    const struct cli_opt opts[] = {{"unit", CLI_STR, &unit},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, NULL, list_run};

    return cli_report(ctx, argc, argv, &spec, (void *)&unit, diag);
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
