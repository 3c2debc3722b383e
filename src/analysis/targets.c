/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Targets reset while teams learn, read for the analyses: the pilots'
 * reasons and the load on the middle (analysis/targets.h). */
#include "analysis/targets.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pilot.h"
#include "core/i18n.h"
#include "core/reasons.h"
#include "core/buf.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "model/pilot.h"
#include "store/targets.h"

static int on_target(void *ctx, const struct store_target *r,
                     struct diag *diag)
{
    struct targets *t = ctx;
    struct targets_item *it;

    (void)diag;
    t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
    it = &t->v[t->n++];
    it->id = r->id;
    it->unit_id = r->unit_id;
    it->unit = xstrdup(r->unit);
    it->metric = r->metric;
    it->by = r->by;
    it->from_day = r->from_day;
    it->until_day = r->until_day;
    it->why = xstrdup(r->why);
    it->at = r->at;
    return 0;
}

int targets_load(struct store *st, int64_t unit_id, struct targets *out,
                 struct diag *diag)
{
    int rc;

    memset(out, 0, sizeof(*out));
    rc = store_targets(st, unit_id, on_target, out, diag);
    if (rc)
        targets_release(out);
    return rc;
}

void targets_release(struct targets *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].unit);
        free(t->v[i].why);
    }
    free(t->v);
    memset(t, 0, sizeof(*t));
}

int targets_active(const struct targets *t, int64_t unit_id, int64_t day)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].unit_id == unit_id && t->v[i].from_day <= day
            && day <= t->v[i].until_day)
            return 1;
    return 0;
}

/* One team's resets that overlap the baseline or the window. */
static void team_reasons(const struct pilot *p, const struct targets *t,
                         const char *control, struct pilot_reco *out)
{
    int64_t start = tstamp_day(p->start_at);
    int64_t base = start - PILOT_BASELINE_DAYS;
    int64_t end = tstamp_day(p->review_at); /* the window: [start, end) */

    for (size_t i = 0; i < t->n; i++) {
        const struct targets_item *it = &t->v[i];
        int in_base = it->from_day < start && it->until_day >= base;
        int in_window = it->from_day < end && it->until_day >= start;
        struct buf from = BUF_INIT, until = BUF_INIT;
        const char *metric, *during;

        if (!in_base && !in_window)
            continue;
        tstamp_format_day(&from, it->from_day * 86400);
        tstamp_format_day(&until, it->until_day * 86400);
        metric = reasons_word("metric", pilot_metric_names[it->metric]);
        /* "the %s": words with the article they need in a language */
        during = reasons_word("reason",
                              in_base && in_window
                                  ? NC_("reason", "baseline and the pilot")
                              : in_base ? NC_("reason", "baseline")
                                        : NC_("reason", "pilot"));
        if (control)
            REASONS_ADDF(out,
                         "target relaxed: comparison team '%s' had its %s "
                         "target relaxed by %.0f%% from %s to %s, during the "
                         "%s (reset %lld: %s); its outcomes were measured "
                         "under the relaxed target",
                         control, metric, 100 * it->by, buf_str(&from),
                         buf_str(&until), during, (long long)it->id,
                         it->why);
        else
            REASONS_ADDF(out,
                         "target relaxed: the team had its %s target relaxed "
                         "by %.0f%% from %s to %s, during the %s (reset "
                         "%lld: %s); its outcomes were measured under the "
                         "relaxed target",
                         metric, 100 * it->by, buf_str(&from),
                         buf_str(&until), during, (long long)it->id, it->why);
        buf_release(&from);
        buf_release(&until);
    }
}

int targets_pilot_reasons(struct store *st, const struct pilot *p,
                          struct pilot_reco *out, struct diag *diag)
{
    struct targets t;
    int rc = targets_load(st, p->unit_id, &t, diag);

    if (rc)
        return rc;
    team_reasons(p, &t, NULL, out);
    targets_release(&t);
    for (size_t c = 0; c < p->ncontrols && !rc; c++) {
        rc = targets_load(st, p->control_ids[c], &t, diag);
        if (!rc)
            team_reasons(p, &t, p->controls[c], out);
        targets_release(&t);
    }
    return rc;
}
