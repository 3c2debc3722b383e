/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A pilot's voice check: the pilot team's friction for its workflow and
 * its trust in the tool's output, from survey results as the disclosure
 * layer shows them (voice_results by unit), against the team's survey
 * before the start or its comparison teams' (see pilot.h). */
#include "analysis/pilot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/voice.h"
#include "core/reasons.h"
#include "core/tstamp.h"
#include "core/xalloc.h"

struct waves {
    char **name;      /* owned */
    int64_t *opened;  /* day numbers */
    size_t n, cap, cap2;
};

static int on_wave(void *ctx, const struct store_wave *w, struct diag *diag)
{
    struct waves *ws = ctx;

    (void)diag;
    ws->name = xgrow(ws->name, &ws->cap, ws->n + 1, sizeof(*ws->name));
    ws->opened = xgrow(ws->opened, &ws->cap2, ws->n + 1,
                       sizeof(*ws->opened));
    ws->name[ws->n] = xstrdup(w->name);
    ws->opened[ws->n++] = w->opened;
    return 0;
}

static void waves_release(struct waves *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->name[i]);
    free(ws->name);
    free(ws->opened);
}

/* The shown friction row of a unit for a workflow, or NULL. */
static const struct voice_row *friction_row(const struct voice_results *r,
                                            const char *unit,
                                            const char *workflow)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *row = &r->rows[i];

        if (voice_row_is(r, row, "friction")
            && row->item->type == ST_MULTI && row->unit
            && !strcmp(row->unit, unit)
            && !strcmp(row->workflow, workflow) && row->n > 0)
            return row;
    }
    return NULL;
}

/* People naming some friction: those who did not answer "nothing" (the
 * scale's exclusive option). */
static long named(const struct voice_results *r, const struct voice_row *row)
{
    const struct survey_scale *sc = &r->in.scales[row->item->scale];
    long k = row->n;

    for (size_t o = 0; o < sc->nopt; o++)
        if (sc->opt[o].exclusive)
            k -= row->count[o];
    return k;
}

static const struct voice_row *trust_row(const struct voice_results *r,
                                         const struct pilot *p)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *row = &r->rows[i];

        if (voice_row_is(r, row, "trust") && row->unit
            && !strcmp(row->unit, p->team) && !strcmp(row->tool, p->tool)
            && !strcmp(row->workflow, p->workflow) && !isnan(row->share)
            && row->n > 0)
            return row;
    }
    return NULL;
}

/* The latest wave opened in [from, to] (days) whose results show the
 * team's friction for the workflow: *res filled (release it) and *found
 * set. */
static int latest_shown(struct store *st, const struct waves *ws,
                        const struct pilot *p, int64_t from, int64_t to,
                        struct voice_results *res, int *found,
                        struct diag *diag)
{
    int rc = 0;

    *found = 0;
    for (size_t i = ws->n; i-- > 0 && !rc && !*found;) {
        if (ws->opened[i] < from || ws->opened[i] > to)
            continue;
        memset(res, 0, sizeof(*res));
        rc = voice_results(st, NULL, ws->name[i], VOICE_BY_UNIT, 0, res,
                           diag);
        if (!rc && friction_row(res, p->team, p->workflow))
            *found = 1;
        else
            voice_results_release(res);
    }
    return rc;
}

static void day_text(int64_t t, char *out, size_t n)
{
    struct buf b = BUF_INIT;

    tstamp_format_day(&b, t);
    snprintf(out, n, "%s", buf_str(&b));
    buf_release(&b);
}

int pilot_voice_load(struct store *st, const struct pilot *p, int64_t now,
                     struct pilot_voice *out, struct diag *diag)
{
    struct waves ws;
    struct voice_results cur, ref;
    const struct voice_row *row, *tr;
    int64_t start = p->start_at / 86400;
    int have = 0, have_ref = 0, rc;
    char day[16];

    memset(out, 0, sizeof(*out));
    memset(&ws, 0, sizeof(ws));
    memset(&cur, 0, sizeof(cur));
    memset(&ref, 0, sizeof(ref));
    if (p->voice == PV_NONE)
        return 0;
    out->asked = 1;
    day_text(p->start_at, day, sizeof(day));
    rc = store_waves(st, on_wave, &ws, diag);
    if (!rc)
        rc = latest_shown(st, &ws, p, start, now / 86400, &cur, &have, diag);
    if (rc || !have) {
        REASON_ONEF(out->missing, &out->missing_msg,
                    "no survey since the start (%s) shows the team's "
                    "friction in %s (no wave, or fewer than 5 of the team "
                    "answered)",
                    day, p->workflow);
        goto out;
    }
    row = friction_row(&cur, p->team, p->workflow);
    snprintf(out->wave, sizeof(out->wave), "%s", cur.wave.name);
    out->n = row->n;
    out->named = named(&cur, row);
    tr = trust_row(&cur, p);
    if (!tr) {
        REASON_ONEF(out->missing, &out->missing_msg,
                    "survey '%s' shows no trust in %s's output for %s for "
                    "the team",
                    out->wave, p->tool, p->workflow);
        goto out;
    }
    out->trust_n = tr->n;
    out->trust_fav = tr->fav;
    out->trust = tr->share;
    out->trust_lo = tr->share_lo;
    out->trust_hi = tr->share_hi;
    if (p->voice == PV_BASELINE) {
        rc = latest_shown(st, &ws, p, INT64_MIN, start - 1, &ref, &have_ref,
                          diag);
        if (rc || !have_ref) {
            REASON_ONEF(out->missing, &out->missing_msg,
                        "no survey before the start (%s) shows the team's "
                        "friction in %s, the baseline the plan compares "
                        "with",
                        day, p->workflow);
            goto out;
        }
        row = friction_row(&ref, p->team, p->workflow);
        snprintf(out->ref_wave, sizeof(out->ref_wave), "%s", ref.wave.name);
        out->ref_n = row->n;
        out->ref_named = named(&ref, row);
    } else {
        for (size_t i = 0; i < p->ncontrols; i++) {
            row = friction_row(&cur, p->controls[i], p->workflow);
            if (!row)
                continue;
            out->ref_units++;
            out->ref_n += row->n;
            out->ref_named += named(&cur, row);
        }
        if (!out->ref_units) {
            REASON_ONEF(out->missing, &out->missing_msg,
                        "survey '%s' shows no comparison team's friction "
                        "in %s (fewer than 5 answered in each)",
                        out->wave, p->workflow);
            goto out;
        }
    }
    out->friction = (double)out->named / (double)out->n;
    out->ref_friction = (double)out->ref_named / (double)out->ref_n;
    stats_wilson(out->named, out->n, VOICE_ALPHA, &out->friction_lo,
                 &out->friction_hi);
    stats_newcombe_diff(out->named, out->n, out->ref_named, out->ref_n,
                        VOICE_ALPHA, &out->diff, &out->diff_lo, &out->diff_hi);
    out->friction_ok = out->friction < out->ref_friction;
    out->trust_ok = out->trust >= p->trust_min;
    out->complete = 1;
out:
    voice_results_release(&cur);
    voice_results_release(&ref);
    waves_release(&ws);
    return rc;
}
