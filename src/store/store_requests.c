/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tool and use-case requests with the time of each stage, and the
 * service level they are measured against (store/requests.h). */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLA_KEY "request_service_level"

static const char *text_or_null(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL
               ? NULL
               : (const char *)sqlite3_column_text(s, col);
}

#define REQUEST_COLS                                                           \
    "r.id, r.unit_id, tr_text(u.name), tr_text(r.tool), tr_text(r.workflow), " \
    "tr_text(r.why), r.submitted, coalesce(r.in_review, 0), "                  \
    "tr_text(r.reviewer), coalesce(r.decided, 0), r.decision, "                \
    "tr_text(r.decided_by), tr_text(r.reason), tr_text(r.conditions) "         \
    "FROM tool_request r JOIN unit u ON u.id = r.unit_id "

static void read_request(sqlite3_stmt *s, struct store_request *r)
{
    const char *d;

    r->id = sqlite3_column_int64(s, 0);
    r->unit_id = sqlite3_column_int64(s, 1);
    r->unit = (const char *)sqlite3_column_text(s, 2);
    r->tool = (const char *)sqlite3_column_text(s, 3);
    r->workflow = (const char *)sqlite3_column_text(s, 4);
    r->why = text_or_null(s, 5);
    r->submitted = sqlite3_column_int64(s, 6);
    r->in_review = sqlite3_column_int64(s, 7);
    r->reviewer = text_or_null(s, 8);
    r->decided = sqlite3_column_int64(s, 9);
    d = text_or_null(s, 10);
    r->decision = d ? request_decision_parse(d) : -1;
    r->decided_by = text_or_null(s, 11);
    r->reason = text_or_null(s, 12);
    r->conditions = text_or_null(s, 13);
}

static void subject_of(char *out, size_t n, int64_t id)
{
    snprintf(out, n, "request %lld", (long long)id);
}

int store_request_add(struct store *st, int64_t unit_id, const char *tool,
                      const char *workflow, const char *why, int64_t at,
                      int64_t *id, struct diag *diag)
{
    char subject[40];
    int rc = store__run(st,
                        "INSERT INTO tool_request(unit_id, tool, workflow, "
                        "why, submitted) VALUES (?, ?, ?, ?, ?)",
                        STORE_ARGS(STORE_INT(unit_id), STORE_TEXT(tool),
                                   STORE_TEXT(workflow), STORE_TEXT(why),
                                   STORE_INT(at)),
                        "cannot file the request", diag);
    int64_t rid;

    if (rc)
        return rc;
    rid = sqlite3_last_insert_rowid(st->db);
    if (id)
        *id = rid;
    subject_of(subject, sizeof(subject), rid);
    return store__audit(st, "request.submit", subject,
                        STORE_ARGS(STORE_TEXT("unit_id"), STORE_INT(unit_id),
                                   STORE_TEXT("tool"), STORE_TEXT(tool),
                                   STORE_TEXT("workflow"),
                                   STORE_TEXT(workflow), STORE_TEXT("at"),
                                   STORE_INT(at)),
                        diag);
}

/* Why request id cannot change (TR_ENOENT or TR_EINVAL), after an
 * update that changed nothing. */
static int why_not(struct store *st, int64_t id, int64_t at, int review,
                   struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT coalesce(decided, 0), "
                          "coalesce(in_review, 0), submitted "
                          "FROM tool_request WHERE id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    if (!rc)
        rc = store__step(st, stmt, diag);
    if (rc == 0)
        rc = diag_set(diag, TR_ENOENT, "no request %lld", (long long)id);
    else if (rc > 0 && sqlite3_column_int64(stmt, 0))
        rc = diag_set(diag, TR_EINVAL, "request %lld is already decided",
                      (long long)id);
    else if (rc > 0 && review && sqlite3_column_int64(stmt, 1))
        rc = diag_set(diag, TR_EINVAL, "request %lld is already in review",
                      (long long)id);
    else if (rc > 0 && at < sqlite3_column_int64(stmt, 2))
        rc = diag_set(diag, TR_EINVAL,
                      "request %lld was filed after that time",
                      (long long)id);
    else if (rc > 0 && at < sqlite3_column_int64(stmt, 1))
        rc = diag_set(diag, TR_EINVAL,
                      "request %lld went into review after that time",
                      (long long)id);
    else if (rc > 0)
        rc = diag_set(diag, TR_EINVAL, "request %lld cannot change",
                      (long long)id);
    sqlite3_finalize(stmt);
    return rc;
}

int store_request_review(struct store *st, int64_t id, const char *by,
                         int64_t at, struct diag *diag)
{
    char subject[40];
    int rc = store__run(st,
                        "UPDATE tool_request SET in_review = ?2, "
                        "reviewer = ?3 WHERE id = ?1 AND decided IS NULL "
                        "AND in_review IS NULL AND submitted <= ?2",
                        STORE_ARGS(STORE_INT(id), STORE_INT(at),
                                   STORE_TEXT(by)),
                        NULL, diag);

    if (!rc && sqlite3_changes(st->db) == 0)
        rc = why_not(st, id, at, 1, diag);
    subject_of(subject, sizeof(subject), id);
    if (!rc)
        rc = store__audit(st, "request.review", subject,
                          STORE_ARGS(STORE_TEXT("at"), STORE_INT(at)), diag);
    return rc;
}

int store_request_decide(struct store *st, int64_t id,
                         enum request_decision d, const char *by,
                         const char *reason, const char *conditions,
                         int64_t at, struct diag *diag)
{
    char subject[40];
    int rc = 0;

    if ((unsigned)d >= RQ_COUNT)
        return diag_set(diag, TR_EINVAL, "unknown decision");
    if (!reason || !*reason)
        return diag_set(diag, TR_EUSAGE,
                        "a decision needs its reason (--why)");
    if (d == RQ_APPROVE_WITH_CONDITIONS && (!conditions || !*conditions))
        return diag_set(diag, TR_EUSAGE,
                        "approve-with-conditions needs the conditions "
                        "(--conditions: guardrails, a human-review step)");
    if (d != RQ_APPROVE_WITH_CONDITIONS && conditions && *conditions)
        return diag_set(diag, TR_EUSAGE,
                        "--conditions only with approve-with-conditions");
    rc = store__run(st,
                    "UPDATE tool_request SET decided = ?2, decision = ?3, "
                    "decided_by = ?4, reason = ?5, conditions = ?6, "
                    "in_review = coalesce(in_review, ?2), "
                    "reviewer = coalesce(reviewer, ?4) "
                    "WHERE id = ?1 AND decided IS NULL AND submitted <= ?2 "
                    "AND coalesce(in_review, ?2) <= ?2",
                    STORE_ARGS(STORE_INT(id), STORE_INT(at),
                               STORE_TEXT(request_decision_names[d]),
                               STORE_TEXT(by), STORE_TEXT(reason),
                               STORE_TEXT(d == RQ_APPROVE_WITH_CONDITIONS
                                              ? conditions
                                              : NULL)),
                    NULL, diag);
    if (!rc && sqlite3_changes(st->db) == 0)
        rc = why_not(st, id, at, 0, diag);
    subject_of(subject, sizeof(subject), id);
    if (!rc)
        rc = store__audit(
            st, "request.decide", subject,
            STORE_ARGS(STORE_TEXT("decision"),
                       STORE_TEXT(request_decision_names[d]),
                       STORE_TEXT("why"), STORE_TEXT(reason),
                       STORE_TEXT("conditions"),
                       STORE_TEXT(d == RQ_APPROVE_WITH_CONDITIONS ? conditions
                                                                  : NULL),
                       STORE_TEXT("at"), STORE_INT(at)),
            diag);
    return rc;
}

static int each(struct store *st, sqlite3_stmt *stmt, store_request_fn fn,
                void *ctx, int *found, struct diag *diag)
{
    struct store_request r;
    int rc = 0;

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        read_request(stmt, &r);
        if (found)
            *found = 1;
        rc = fn(ctx, &r, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_requests(struct store *st, store_request_fn fn, void *ctx,
                   struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, "SELECT " REQUEST_COLS "ORDER BY r.id",
                            &stmt, diag);

    return rc ? rc : each(st, stmt, fn, ctx, NULL, diag);
}

int store_request_get(struct store *st, int64_t id, store_request_fn fn,
                      void *ctx, int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT " REQUEST_COLS "WHERE r.id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    *found = 0;
    return rc ? rc : each(st, stmt, fn, ctx, found, diag);
}

int store_request_pending_count(struct store *st, int64_t unit_id,
                                int subtree, int64_t *n, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(
        st,
        subtree ? "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION "
                  "SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) "
                  "SELECT count(*) FROM tool_request r JOIN sub "
                  "ON r.unit_id = sub.id WHERE r.decided IS NULL"
                : "SELECT count(*) FROM tool_request "
                  "WHERE unit_id = ?1 AND decided IS NULL",
        STORE_ARGS(STORE_INT(unit_id)), &stmt, diag);

    *n = 0;
    if (!rc)
        rc = store__first_int(st, stmt, n, diag);
    return rc < 0 ? rc : 0;
}

int store_request_sla(struct store *st, int *days, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int64_t v = 0;
    int rc = store__prepare(st,
                            "SELECT CAST(value AS INTEGER) FROM meta "
                            "WHERE key = '" SLA_KEY "'",
                            &stmt, diag);

    if (!rc)
        rc = store__first_int(st, stmt, &v, diag);
    if (rc < 0)
        return rc;
    *days = rc > 0 && v > 0 && v <= REQUEST_SLA_MAX ? (int)v
                                                     : REQUEST_SLA_DEFAULT;
    return 0;
}

int store_request_sla_set(struct store *st, int days, struct diag *diag)
{
    char v[16];
    int rc;

    if (days < 1 || days > REQUEST_SLA_MAX)
        return diag_set(diag, TR_EUSAGE,
                        "a service level of 1 to %d working days",
                        REQUEST_SLA_MAX);
    snprintf(v, sizeof(v), "%d", days);
    rc = store__run(st,
                    "INSERT INTO meta(key, value) VALUES ('" SLA_KEY "', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    STORE_ARGS(STORE_TEXT(v)), NULL, diag);
    if (!rc)
        rc = store__audit(st, "request.service_level", "requests",
                          STORE_ARGS(STORE_TEXT("working_days"),
                                     STORE_INT(days)),
                          diag);
    return rc;
}
