/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilots: registration, plans, decisions with their evidence, deviations,
 * and the metric values the analyses read. */
#include "store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xalloc.h"
#include "model/pilot.h"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* The audit trail's subject for a pilot: "pilot ID". */
static const char *pilot_subject(int64_t id, char out[32])
{
    snprintf(out, 32, "pilot %lld", (long long)id);
    return out;
}

int store_pilot_add(struct store *st, struct pilot *p, struct diag *diag)
{
    char subject[32];
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(
        st,
        "INSERT INTO pilot(unit_id, workflow_id, tool_id, hypothesis, metric, "
        "direction, mde, design, alpha, start_at, review_at, learning_hours, "
        "replicates, registered_at, plan, voice_check, trust_min, "
        "checkpoint) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &stmt, diag);

    if (rc)
        return rc;
    sqlite3_bind_int64(stmt, 1, p->unit_id);
    sqlite3_bind_int64(stmt, 2, p->workflow_id);
    sqlite3_bind_int64(stmt, 3, p->tool_id);
    sqlite3_bind_text(stmt, 4, p->hypothesis, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, pilot_metric_names[p->metric], -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(stmt, 6, p->direction > 0 ? "increase" : "decrease", -1,
                      SQLITE_STATIC);
    sqlite3_bind_double(stmt, 7, p->mde);
    sqlite3_bind_text(stmt, 8, pilot_design_names[p->design], -1,
                      SQLITE_STATIC);
    sqlite3_bind_double(stmt, 9, p->alpha);
    sqlite3_bind_int64(stmt, 10, p->start_at);
    sqlite3_bind_int64(stmt, 11, p->review_at);
    if (isnan(p->learning_hours))
        sqlite3_bind_null(stmt, 12);
    else
        sqlite3_bind_double(stmt, 12, p->learning_hours);
    if (p->replicates)
        sqlite3_bind_int64(stmt, 13, p->replicates);
    else
        sqlite3_bind_null(stmt, 13);
    sqlite3_bind_int64(stmt, 14, p->registered_at);
    sqlite3_bind_text(stmt, 15, p->plan, -1, SQLITE_STATIC);
    if (p->voice == PV_NONE) {
        sqlite3_bind_null(stmt, 16);
        sqlite3_bind_null(stmt, 17);
    } else {
        sqlite3_bind_text(stmt, 16, pilot_voice_names[p->voice], -1,
                          SQLITE_STATIC);
        sqlite3_bind_double(stmt, 17, p->trust_min);
    }
    store__bind_text(stmt, 18, p->checkpoint);
    rc = store__finish(st, stmt, diag);
    if (rc)
        return rc;
    p->id = sqlite3_last_insert_rowid(st->db);
    for (size_t i = 0; i < p->ncontrols && !rc; i++)
        rc = store__run(
            st,
            "INSERT INTO pilot_control(pilot_id, unit_id) "
            "VALUES (?, ?)",
            STORE_ARGS(STORE_INT(p->id), STORE_INT(p->control_ids[i])), NULL,
            diag);
    for (size_t i = 0; i < p->nguardrails && !rc; i++)
        rc = store__run(
            st, "INSERT INTO pilot_guardrail(pilot_id, metric) VALUES (?, ?)",
            STORE_ARGS(STORE_INT(p->id),
                       STORE_TEXT(pilot_metric_names[p->guardrails[i]])),
            NULL, diag);
    if (!rc)
        rc = store__audit(
            st, "pilot.new", pilot_subject(p->id, subject),
            STORE_ARGS(STORE_TEXT("unit_id"), STORE_INT(p->unit_id),
                       STORE_TEXT("workflow_id"), STORE_INT(p->workflow_id),
                       STORE_TEXT("tool_id"), STORE_INT(p->tool_id),
                       STORE_TEXT("metric"),
                       STORE_TEXT(pilot_metric_names[p->metric]),
                       STORE_TEXT("design"),
                       STORE_TEXT(pilot_design_names[p->design]),
                       STORE_TEXT("hypothesis"), STORE_TEXT(p->hypothesis),
                       STORE_TEXT("start_at"), STORE_INT(p->start_at),
                       STORE_TEXT("review_at"), STORE_INT(p->review_at)),
            diag);
    return rc;
}

static char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);

    return xstrdup(t ? (const char *)t : "");
}

int store_pilot_get(struct store *st, int64_t id, struct pilot *p,
                    struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(
        st,
        "SELECT p.id, u.name, w.name, t.name, p.unit_id, p.workflow_id, "
        "p.tool_id, tr_text(p.hypothesis), p.metric, p.direction, p.mde, p.design, "
        "p.alpha, p.start_at, p.review_at, p.learning_hours, "
        "coalesce(p.replicates, 0), p.status, p.registered_at, p.plan, "
        "coalesce(p.voice_check, 'none'), p.trust_min, tr_text(p.checkpoint) "
        "FROM pilot p JOIN unit u ON u.id = p.unit_id "
        "JOIN workflow w ON w.id = p.workflow_id "
        "JOIN tool t ON t.id = p.tool_id WHERE p.id = ?",
        STORE_ARGS(STORE_INT(id)), &stmt, diag);

    if (rc)
        return rc;
    rc = store__step(st, stmt, diag);
    if (rc <= 0) {
        sqlite3_finalize(stmt);
        return rc ? rc
                  : diag_set(diag, TR_ENOENT, "no pilot %lld", (long long)id);
    }
    p->id = sqlite3_column_int64(stmt, 0);
    p->team = col_text(stmt, 1);
    p->workflow = col_text(stmt, 2);
    p->tool = col_text(stmt, 3);
    p->unit_id = sqlite3_column_int64(stmt, 4);
    p->workflow_id = sqlite3_column_int64(stmt, 5);
    p->tool_id = sqlite3_column_int64(stmt, 6);
    p->hypothesis = col_text(stmt, 7);
    p->metric = (enum pilot_metric)pilot_metric_parse(
        (const char *)sqlite3_column_text(stmt, 8));
    p->direction = !strcmp((const char *)sqlite3_column_text(stmt, 9),
                           "increase")
                       ? 1
                       : -1;
    p->mde = sqlite3_column_double(stmt, 10);
    p->design = (enum pilot_design)pilot_design_parse(
        (const char *)sqlite3_column_text(stmt, 11));
    p->alpha = sqlite3_column_double(stmt, 12);
    p->start_at = sqlite3_column_int64(stmt, 13);
    p->review_at = sqlite3_column_int64(stmt, 14);
    p->learning_hours = sqlite3_column_type(stmt, 15) == SQLITE_NULL
                            ? NAN
                            : sqlite3_column_double(stmt, 15);
    p->replicates = sqlite3_column_int64(stmt, 16);
    p->status = (enum pilot_status)pilot_status_parse(
        (const char *)sqlite3_column_text(stmt, 17));
    p->registered_at = sqlite3_column_int64(stmt, 18);
    p->plan = col_text(stmt, 19);
    p->voice = (enum pilot_voice_check)pilot_voice_parse(
        (const char *)sqlite3_column_text(stmt, 20));
    p->trust_min = sqlite3_column_type(stmt, 21) == SQLITE_NULL
                       ? NAN
                       : sqlite3_column_double(stmt, 21);
    p->checkpoint = sqlite3_column_type(stmt, 22) == SQLITE_NULL
                        ? NULL
                        : col_text(stmt, 22);
    sqlite3_finalize(stmt);
    rc = store__query(st,
                      "SELECT c.unit_id, u.name FROM pilot_control c "
                      "JOIN unit u ON u.id = c.unit_id WHERE pilot_id = ? "
                      "ORDER BY u.name",
                      STORE_ARGS(STORE_INT(id)), &stmt, diag);
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0)
        if (p->ncontrols < PILOT_MAX_CONTROLS) {
            p->control_ids[p->ncontrols] = sqlite3_column_int64(stmt, 0);
            p->controls[p->ncontrols++] = col_text(stmt, 1);
        }
    sqlite3_finalize(stmt);
    if (rc)
        return rc;
    rc = store__query(st,
                      "SELECT metric FROM pilot_guardrail WHERE pilot_id = "
                      "? ORDER BY metric",
                      STORE_ARGS(STORE_INT(id)), &stmt, diag);
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0) {
        int m = pilot_metric_parse((const char *)sqlite3_column_text(stmt, 0));

        if (m >= 0 && p->nguardrails < PILOT_MAX_GUARDRAILS)
            p->guardrails[p->nguardrails++] = (enum pilot_metric)m;
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_pilot_ids(struct store *st, int64_t **ids, size_t *n,
                    struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    size_t cap = 0;
    int rc = store__prepare(st, "SELECT id FROM pilot ORDER BY id", &stmt,
                            diag);

    *ids = NULL;
    *n = 0;
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0) {
        *ids = xgrow(*ids, &cap, *n + 1, sizeof(**ids));
        (*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- a pilot's arms ----
 *
 * A pilot's analysis asks for one unit's items of its workflow in many
 * windows (its arms, each comparison team, the placebo windows, every
 * guardrail, the people in each arm): each question is a binary search
 * in the workflow's finished items by unit and finish, which the items
 * in memory keep per workflow (store_itab.c). */

/* The first arm item of the unit finished at or after since. */
static size_t arms_first(const struct store__arms *a, int64_t unit_id,
                         int64_t since)
{
    size_t lo = 0, hi = a->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct store__arm_item *it = &a->v[mid];

        if (it->unit_id < unit_id
            || (it->unit_id == unit_id && it->finished < since))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int store_pilot_values(struct store *st, int64_t workflow_id, int64_t unit_id,
                       int metric, int64_t since, int64_t until,
                       store_value_fn fn, void *ctx, struct diag *diag)
{
    struct store__snap *snap = NULL;
    const struct store__arms *a;
    int rc;

    if (metric < 0 || metric >= PM_COUNT)
        return diag_set(diag, TR_EINVAL, "unknown metric");
    rc = store__items_snap(st, &snap, diag);
    if (rc)
        return rc;
    a = store__snap_arms(snap, workflow_id);
    for (size_t i = arms_first(a, unit_id, since);
         !rc && i < a->n && a->v[i].unit_id == unit_id
         && a->v[i].finished < until;
         i++) {
        const struct store__arm_item *it = &a->v[i];
        double v;

        switch (metric) {
        case PM_CYCLE_TIME:
            v = (double)(it->finished - it->started) / 3600.0;
            break;
        case PM_QUALITY:
            v = it->quality;
            break;
        case PM_ERRORS:
            v = it->errors < 0 ? NAN : (double)it->errors;
            break;
        case PM_REVIEWED:
            v = it->reviewed < 0 ? NAN : (double)it->reviewed;
            break;
        default:
            v = it->rework < 0 ? NAN : (double)it->rework;
            break;
        }
        if (!isnan(v))
            rc = fn(ctx, unit_id, v, diag);
    }
    store__snap_put(snap);
    return rc;
}

int store_pilot_people(struct store *st, int64_t workflow_id, int64_t unit_id,
                       int64_t since, int64_t until, long *n,
                       struct diag *diag)
{
    struct store__snap *snap = NULL;
    const struct store__arms *a;
    int64_t *ids = NULL;
    size_t nids = 0, cap = 0, d = 0;
    int rc = store__items_snap(st, &snap, diag);

    *n = 0;
    if (rc)
        return rc;
    a = store__snap_arms(snap, workflow_id);
    for (size_t i = arms_first(a, unit_id, since);
         i < a->n && a->v[i].unit_id == unit_id && a->v[i].finished < until;
         i++)
        if (a->v[i].person_id) {
            ids = xgrow(ids, &cap, nids + 1, sizeof(*ids));
            ids[nids++] = a->v[i].person_id;
        }
    if (nids)
        qsort(ids, nids, sizeof(*ids), cmp_i64);
    for (size_t i = 0; i < nids; i++)
        d += !i || ids[i] != ids[i - 1];
    free(ids);
    store__snap_put(snap);
    *n = (long)d;
    return 0;
}

int store_pilot_decide(struct store *st, int64_t pilot_id,
                       const struct store_decision *d, struct diag *diag)
{
    char subject[32];
    const char *status =
        pilot_status_names[!strcmp(d->decision, "scale")    ? PS_SCALED
                           : !strcmp(d->decision, "retire") ? PS_RETIRED
                                                            : PS_RUNNING];
    int rc = store__run(st,
                        "UPDATE pilot SET status = ? WHERE id = ? "
                        "AND status = 'running'",
                        STORE_ARGS(STORE_TEXT(status), STORE_INT(pilot_id)),
                        NULL, diag);
    sqlite3_stmt *stmt = NULL;

    if (rc)
        return rc;
    if (sqlite3_changes(st->db) != 1) { /* decided meanwhile, or none */
        rc = store__query(st, "SELECT status FROM pilot WHERE id = ?",
                          STORE_ARGS(STORE_INT(pilot_id)), &stmt, diag);
        if (rc)
            return rc;
        rc = store__step(st, stmt, diag);
        if (rc > 0)
            rc = diag_set(diag, TR_EINVAL, "pilot %lld is already %s",
                          (long long)pilot_id,
                          (const char *)sqlite3_column_text(stmt, 0));
        else if (!rc)
            rc = diag_set(diag, TR_ENOENT, "no pilot %lld",
                          (long long)pilot_id);
        sqlite3_finalize(stmt);
        return rc;
    }
    rc = store__run(
        st,
        "INSERT INTO pilot_decision(pilot_id, at, decision, recommended, "
        "by_name, why, learned, differently, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        STORE_ARGS(STORE_INT(pilot_id), STORE_INT(d->at),
                   STORE_TEXT(d->decision), STORE_TEXT(d->recommended),
                   STORE_TEXT(d->by), STORE_TEXT(d->why),
                   STORE_TEXT(d->learned), STORE_TEXT(d->differently),
                   STORE_TEXT(d->evidence)),
        NULL, diag);
    if (!rc)
        rc = store__audit(
            st, "pilot.decide", pilot_subject(pilot_id, subject),
            STORE_ARGS(STORE_TEXT("decision"), STORE_TEXT(d->decision),
                       STORE_TEXT("recommended"), STORE_TEXT(d->recommended),
                       STORE_TEXT("by"), STORE_TEXT(d->by),
                       STORE_TEXT("why"), STORE_TEXT(d->why),
                       STORE_TEXT("evidence"), STORE_TEXT(d->evidence)),
            diag);
    return rc;
}

int store_pilot_decisions(struct store *st, int64_t pilot_id,
                          store_decision_fn fn, void *ctx,
                          struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_decision d;
    int rc = store__query(st,
                          "SELECT at, decision, recommended, "
                          "tr_text(by_name), tr_text(why), "
                          "tr_text(learned), tr_text(differently), "
                          "evidence FROM "
                          "pilot_decision WHERE pilot_id = ? ORDER BY id",
                          STORE_ARGS(STORE_INT(pilot_id)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        d.at = sqlite3_column_int64(stmt, 0);
        d.decision = (const char *)sqlite3_column_text(stmt, 1);
        d.recommended = (const char *)sqlite3_column_text(stmt, 2);
        d.by = (const char *)sqlite3_column_text(stmt, 3);
        d.why = (const char *)sqlite3_column_text(stmt, 4);
        d.learned = (const char *)sqlite3_column_text(stmt, 5);
        d.differently = (const char *)sqlite3_column_text(stmt, 6);
        d.evidence = (const char *)sqlite3_column_text(stmt, 7);
        rc = fn(ctx, &d, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_pilot_deviation(struct store *st, int64_t pilot_id, const char *what,
                          const char *why, struct diag *diag)
{
    char subject[32];
    int rc = store__run(st,
                        "INSERT INTO pilot_deviation(pilot_id, at, what, why) "
                        "VALUES (?, ?, ?, ?)",
                        STORE_ARGS(STORE_INT(pilot_id), STORE_INT(time(NULL)),
                                   STORE_TEXT(what), STORE_TEXT(why)),
                        NULL, diag);

    if (!rc)
        rc = store__audit(st, "pilot.deviation",
                          pilot_subject(pilot_id, subject),
                          STORE_ARGS(STORE_TEXT("what"), STORE_TEXT(what),
                                     STORE_TEXT("why"), STORE_TEXT(why)),
                          diag);
    return rc;
}

int store_pilot_deviations(struct store *st, int64_t pilot_id,
                           store_deviation_fn fn, void *ctx,
                           struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT at, tr_text(what), tr_text(why) FROM "
                          "pilot_deviation WHERE pilot_id = ? ORDER BY id",
                          STORE_ARGS(STORE_INT(pilot_id)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = fn(ctx, sqlite3_column_int64(stmt, 0),
                (const char *)sqlite3_column_text(stmt, 1),
                (const char *)sqlite3_column_text(stmt, 2), diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_pilot_set_review(struct store *st, int64_t pilot_id,
                           int64_t review_at, struct diag *diag)
{
    return store__run(st, "UPDATE pilot SET review_at = ? WHERE id = ?",
                      STORE_ARGS(STORE_INT(review_at), STORE_INT(pilot_id)),
                      NULL, diag);
}

int store_pilot_learning(struct store *st, store_learning_fn fn, void *ctx,
                         struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_learning l;
    int rc = store__prepare(
        st,
        "SELECT u.name, count(*), sum(p.status = 'scaled'), "
        "sum(p.status = 'retired'), sum(p.status = 'running'), "
        "sum(EXISTS (SELECT 1 FROM pilot_decision d WHERE d.pilot_id = p.id "
        "AND d.learned <> '')), coalesce(sum(p.learning_hours), 0) "
        "FROM pilot p JOIN unit u ON u.id = p.unit_id "
        "GROUP BY u.name ORDER BY u.name",
        &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        l.unit = (const char *)sqlite3_column_text(stmt, 0);
        l.pilots = sqlite3_column_int(stmt, 1);
        l.scaled = sqlite3_column_int(stmt, 2);
        l.retired = sqlite3_column_int(stmt, 3);
        l.running = sqlite3_column_int(stmt, 4);
        l.documented = sqlite3_column_int(stmt, 5);
        l.learning_hours = sqlite3_column_double(stmt, 6);
        rc = fn(ctx, &l, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_pilot_load(struct store *st, int64_t at, store_pilot_load_fn fn,
                     void *ctx, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_pilot_load l;
    int rc = store__query(
        st,
        "SELECT p.unit_id, "
        "sum(p.replicates IS NULL AND p.review_at > ?1), "
        "sum(p.replicates IS NOT NULL AND p.review_at > ?1), "
        "sum(p.review_at <= ?1) FROM pilot p WHERE p.start_at <= ?1 "
        "AND NOT EXISTS (SELECT 1 FROM pilot_decision d WHERE "
        "d.pilot_id = p.id AND d.decision IN ('scale', 'retire') "
        "AND d.at <= ?1) GROUP BY p.unit_id ORDER BY p.unit_id",
        STORE_ARGS(STORE_INT(at)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        l.unit_id = sqlite3_column_int64(stmt, 0);
        l.pilots = sqlite3_column_int(stmt, 1);
        l.rollouts = sqlite3_column_int(stmt, 2);
        l.due = sqlite3_column_int(stmt, 3);
        rc = fn(ctx, &l, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
