/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workflow-test proposals: filed, scored, selected into a pilot
 * (store/proposals.h). */
#include "store/store_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *text_or_null(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL
               ? NULL
               : (const char *)sqlite3_column_text(s, col);
}

#define PROPOSAL_COLS                                                          \
    "p.id, p.unit_id, tr_text(u.name), tr_text(p.workflow), "                  \
    "tr_text(p.friction), tr_text(p.outcome), tr_text(p.tool), p.submitted, "  \
    "p.scored IS NOT NULL, p.value, p.reach, p.confidence, p.effort, "         \
    "tr_text(p.scored_by), coalesce(p.pilot_id, 0), coalesce(p.selected, 0), " \
    "tr_text(p.selected_by) "                                                  \
    "FROM proposal p JOIN unit u ON u.id = p.unit_id "

static void read_proposal(sqlite3_stmt *s, struct store_proposal *p)
{
    p->id = sqlite3_column_int64(s, 0);
    p->unit_id = sqlite3_column_int64(s, 1);
    p->unit = (const char *)sqlite3_column_text(s, 2);
    p->workflow = (const char *)sqlite3_column_text(s, 3);
    p->friction = (const char *)sqlite3_column_text(s, 4);
    p->outcome = (const char *)sqlite3_column_text(s, 5);
    p->tool = (const char *)sqlite3_column_text(s, 6);
    p->submitted = sqlite3_column_int64(s, 7);
    p->scored = sqlite3_column_int(s, 8);
    p->value = p->scored ? sqlite3_column_double(s, 9) : NAN;
    p->reach = p->scored ? sqlite3_column_double(s, 10) : NAN;
    p->confidence = p->scored ? sqlite3_column_double(s, 11) : NAN;
    p->effort = p->scored ? sqlite3_column_double(s, 12) : NAN;
    p->scored_by = text_or_null(s, 13);
    p->pilot_id = sqlite3_column_int64(s, 14);
    p->selected = sqlite3_column_int64(s, 15);
    p->selected_by = text_or_null(s, 16);
}

static void subject_of(char *out, size_t n, int64_t id)
{
    snprintf(out, n, "proposal %lld", (long long)id);
}

int store_proposal_add(struct store *st, const struct store_proposal *p,
                       int64_t *id, struct diag *diag)
{
    char subject[40];
    int64_t pid;
    int rc = store__run(st,
                        "INSERT INTO proposal(unit_id, workflow, friction, "
                        "outcome, tool, submitted) VALUES (?, ?, ?, ?, ?, ?)",
                        STORE_ARGS(STORE_INT(p->unit_id),
                                   STORE_TEXT(p->workflow),
                                   STORE_TEXT(p->friction),
                                   STORE_TEXT(p->outcome), STORE_TEXT(p->tool),
                                   STORE_INT(p->submitted)),
                        "cannot file the proposal", diag);

    if (rc)
        return rc;
    pid = sqlite3_last_insert_rowid(st->db);
    if (id)
        *id = pid;
    subject_of(subject, sizeof(subject), pid);
    return store__audit(st, "proposal.submit", subject,
                        STORE_ARGS(STORE_TEXT("unit_id"),
                                   STORE_INT(p->unit_id),
                                   STORE_TEXT("workflow"),
                                   STORE_TEXT(p->workflow),
                                   STORE_TEXT("outcome"),
                                   STORE_TEXT(p->outcome), STORE_TEXT("tool"),
                                   STORE_TEXT(p->tool)),
                        diag);
}

/* Why proposal id cannot change, after an update that changed nothing:
 * it does not exist, was selected, or (need_score) is not scored. */
static int why_not(struct store *st, int64_t id, int need_score,
                   struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT coalesce(pilot_id, 0), scored IS NOT NULL "
                          "FROM proposal WHERE id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    if (!rc)
        rc = store__step(st, stmt, diag);
    if (rc == 0)
        rc = diag_set(diag, TR_ENOENT, "no proposal %lld", (long long)id);
    else if (rc > 0 && sqlite3_column_int64(stmt, 0))
        rc = diag_set(diag, TR_EINVAL,
                      "proposal %lld is already selected: it became pilot "
                      "%lld",
                      (long long)id,
                      (long long)sqlite3_column_int64(stmt, 0));
    else if (rc > 0 && need_score && !sqlite3_column_int(stmt, 1))
        rc = diag_set(diag, TR_EINVAL,
                      "proposal %lld is not scored yet: score it first "
                      "(traction proposal score)",
                      (long long)id);
    else if (rc > 0)
        rc = diag_set(diag, TR_EINVAL, "proposal %lld cannot change",
                      (long long)id);
    sqlite3_finalize(stmt);
    return rc;
}

int store_proposal_score(struct store *st, int64_t id, double value,
                         double reach, double confidence, double effort,
                         const char *by, int64_t at, struct diag *diag)
{
    char subject[40];
    int rc = store__run(st,
                        "UPDATE proposal SET value = ?2, reach = ?3, "
                        "confidence = ?4, effort = ?5, scored = ?6, "
                        "scored_by = ?7 WHERE id = ?1 AND pilot_id IS NULL",
                        STORE_ARGS(STORE_INT(id), STORE_REAL(value),
                                   STORE_REAL(reach), STORE_REAL(confidence),
                                   STORE_REAL(effort), STORE_INT(at),
                                   STORE_TEXT(by)),
                        NULL, diag);

    if (!rc && sqlite3_changes(st->db) == 0)
        rc = why_not(st, id, 0, diag);
    subject_of(subject, sizeof(subject), id);
    if (!rc)
        rc = store__audit(st, "proposal.score", subject,
                          STORE_ARGS(STORE_TEXT("value"), STORE_REAL(value),
                                     STORE_TEXT("reach"), STORE_REAL(reach),
                                     STORE_TEXT("confidence"),
                                     STORE_REAL(confidence),
                                     STORE_TEXT("effort"), STORE_REAL(effort)),
                          diag);
    return rc;
}

int store_proposal_select(struct store *st, int64_t id, int64_t pilot_id,
                          const char *by, int64_t at, struct diag *diag)
{
    char subject[40];
    int rc = store__run(st,
                        "UPDATE proposal SET pilot_id = ?2, selected = ?3, "
                        "selected_by = ?4 WHERE id = ?1 AND pilot_id IS NULL "
                        "AND scored IS NOT NULL",
                        STORE_ARGS(STORE_INT(id), STORE_INT(pilot_id),
                                   STORE_INT(at), STORE_TEXT(by)),
                        NULL, diag);

    if (!rc && sqlite3_changes(st->db) == 0)
        rc = why_not(st, id, 1, diag);
    subject_of(subject, sizeof(subject), id);
    if (!rc)
        rc = store__audit(st, "proposal.select", subject,
                          STORE_ARGS(STORE_TEXT("pilot"), STORE_INT(pilot_id)),
                          diag);
    return rc;
}

static int each(struct store *st, sqlite3_stmt *stmt, store_proposal_fn fn,
                void *ctx, int *found, struct diag *diag)
{
    struct store_proposal p;
    int rc = 0;

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        read_proposal(stmt, &p);
        if (found)
            *found = 1;
        rc = fn(ctx, &p, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

int store_proposals(struct store *st, store_proposal_fn fn, void *ctx,
                    struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, "SELECT " PROPOSAL_COLS "ORDER BY p.id",
                            &stmt, diag);

    return rc ? rc : each(st, stmt, fn, ctx, NULL, diag);
}

int store_proposal_get(struct store *st, int64_t id, store_proposal_fn fn,
                       void *ctx, int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT " PROPOSAL_COLS "WHERE p.id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    *found = 0;
    return rc ? rc : each(st, stmt, fn, ctx, found, diag);
}

int store_proposal_of_pilot(struct store *st, int64_t pilot_id, int64_t *id,
                            struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT id FROM proposal WHERE pilot_id = ?",
                          STORE_ARGS(STORE_INT(pilot_id)), &stmt, diag);

    *id = 0;
    if (!rc)
        rc = store__first_int(st, stmt, id, diag);
    return rc < 0 ? rc : 0;
}
