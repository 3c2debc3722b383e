/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Targets reset while teams learn: recorded once, appended to the audit
 * trail, listed for the outcomes, the pilots and the load on the middle
 * (store/targets.h). */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/tstamp.h"
#include "model/pilot.h"

/* The first reset of the same unit and metric whose days overlap. */
static int overlapping(struct store *st, const struct store_target *t,
                       struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct buf from = BUF_INIT, until = BUF_INIT;
    int rc = store__query(
        st,
        "SELECT id, from_day, until_day FROM target_reset WHERE unit_id = ? "
        "AND metric = ? AND from_day <= ? AND until_day >= ? ORDER BY id "
        "LIMIT 1",
        STORE_ARGS(STORE_INT(t->unit_id),
                   STORE_TEXT(pilot_metric_names[t->metric]),
                   STORE_INT(t->until_day), STORE_INT(t->from_day)),
        &stmt, diag);

    if (!rc)
        rc = store__step(st, stmt, diag);
    if (rc > 0) {
        tstamp_format_day(&from, sqlite3_column_int64(stmt, 1) * 86400);
        tstamp_format_day(&until, sqlite3_column_int64(stmt, 2) * 86400);
        rc = diag_set(diag, TR_EEXIST,
                      "the %s target of '%s' is already reset from %s to %s "
                      "(reset %lld): one reset per unit, metric and day",
                      pilot_metric_names[t->metric], t->unit, buf_str(&from),
                      buf_str(&until),
                      (long long)sqlite3_column_int64(stmt, 0));
    }
    sqlite3_finalize(stmt);
    buf_release(&from);
    buf_release(&until);
    return rc;
}

int store_target_add(struct store *st, const struct store_target *t,
                     int64_t *id, struct diag *diag)
{
    struct buf from = BUF_INIT, until = BUF_INIT;
    char subject[32];
    int rc = overlapping(st, t, diag);

    if (!rc)
        rc = store__run(
            st,
            "INSERT INTO target_reset(unit_id, metric, by, from_day, "
            "until_day, why, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            STORE_ARGS(STORE_INT(t->unit_id),
                       STORE_TEXT(pilot_metric_names[t->metric]),
                       STORE_REAL(t->by), STORE_INT(t->from_day),
                       STORE_INT(t->until_day), STORE_TEXT(t->why),
                       STORE_INT(time(NULL))),
            NULL, diag);
    if (rc)
        return rc;
    *id = sqlite3_last_insert_rowid(st->db);
    snprintf(subject, sizeof(subject), "target %lld", (long long)*id);
    tstamp_format_day(&from, t->from_day * 86400);
    tstamp_format_day(&until, t->until_day * 86400);
    rc = store__audit(
        st, "target.reset", subject,
        STORE_ARGS(STORE_TEXT("unit"), STORE_TEXT(t->unit),
                   STORE_TEXT("metric"),
                   STORE_TEXT(pilot_metric_names[t->metric]),
                   STORE_TEXT("by"), STORE_REAL(t->by), STORE_TEXT("from"),
                   STORE_TEXT(buf_str(&from)), STORE_TEXT("until"),
                   STORE_TEXT(buf_str(&until)), STORE_TEXT("why"),
                   STORE_TEXT(t->why)),
        diag);
    buf_release(&from);
    buf_release(&until);
    return rc;
}

int store_targets(struct store *st, int64_t unit_id, store_target_fn fn,
                  void *ctx, struct diag *diag)
{
    /* one unit's by its index (a pilot's team and each comparison team
     * look theirs up), or all */
    static const char *const sql[2] = {
        "SELECT r.id, r.unit_id, u.name, r.metric, r.by, r.from_day, "
        "r.until_day, tr_text(r.why), r.at FROM target_reset r "
        "JOIN unit u ON u.id = r.unit_id ORDER BY u.name, r.from_day, r.id",
        "SELECT r.id, r.unit_id, u.name, r.metric, r.by, r.from_day, "
        "r.until_day, tr_text(r.why), r.at FROM target_reset r "
        "JOIN unit u ON u.id = r.unit_id WHERE r.unit_id = ?1 "
        "ORDER BY u.name, r.from_day, r.id"};
    sqlite3_stmt *stmt = NULL;
    struct store_target t;
    int rc = unit_id ? store__query(st, sql[1],
                                    STORE_ARGS(STORE_INT(unit_id)), &stmt,
                                    diag)
                     : store__prepare(st, sql[0], &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        t.id = sqlite3_column_int64(stmt, 0);
        t.unit_id = sqlite3_column_int64(stmt, 1);
        t.unit = (const char *)sqlite3_column_text(stmt, 2);
        t.metric = pilot_metric_parse(
            (const char *)sqlite3_column_text(stmt, 3));
        t.by = sqlite3_column_double(stmt, 4);
        t.from_day = sqlite3_column_int64(stmt, 5);
        t.until_day = sqlite3_column_int64(stmt, 6);
        t.why = (const char *)sqlite3_column_text(stmt, 7);
        t.at = sqlite3_column_int64(stmt, 8);
        rc = t.metric < 0 ? diag_set(diag, TR_EDB, "reset %lld has an "
                                                   "unknown metric",
                                     (long long)t.id)
                          : fn(ctx, &t, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
