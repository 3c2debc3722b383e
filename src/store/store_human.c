/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The register of what stays human, per workflow (store/human.h). */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

int store_human_set(struct store *st, const struct store_human *h,
                    int64_t *id, int *added, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    const char *kind;
    char subject[40];
    int64_t have = 0;
    int rc;

    if ((unsigned)h->kind >= HK_COUNT)
        return diag_set(diag, TR_EINVAL, "unknown kind of entry");
    kind = human_kind_names[h->kind];
    rc = store__query(st,
                      "SELECT id FROM human_entry WHERE workflow = ? AND "
                      "kind = ? AND what = ?",
                      STORE_ARGS(STORE_TEXT(h->workflow), STORE_TEXT(kind),
                                 STORE_TEXT(h->what)),
                      &stmt, diag);
    if (!rc)
        rc = store__first_int(st, stmt, &have, diag);
    if (rc < 0)
        return rc;
    *added = !have;
    if (have)
        rc = store__run(st,
                        "UPDATE human_entry SET owner = ?2, since = ?3 "
                        "WHERE id = ?1",
                        STORE_ARGS(STORE_INT(have), STORE_TEXT(h->owner),
                                   STORE_INT(h->since)),
                        NULL, diag);
    else
        rc = store__run(st,
                        "INSERT INTO human_entry(workflow, kind, what, owner, "
                        "since) VALUES (?, ?, ?, ?, ?)",
                        STORE_ARGS(STORE_TEXT(h->workflow), STORE_TEXT(kind),
                                   STORE_TEXT(h->what), STORE_TEXT(h->owner),
                                   STORE_INT(h->since)),
                        NULL, diag);
    if (rc)
        return rc;
    if (!have)
        have = sqlite3_last_insert_rowid(st->db);
    if (id)
        *id = have;
    snprintf(subject, sizeof(subject), "human %lld", (long long)have);
    return store__audit(st, *added ? "human.add" : "human.set", subject,
                        STORE_ARGS(STORE_TEXT("workflow"),
                                   STORE_TEXT(h->workflow),
                                   STORE_TEXT("kind"), STORE_TEXT(kind),
                                   STORE_TEXT("what"), STORE_TEXT(h->what),
                                   STORE_TEXT("owner"), STORE_TEXT(h->owner),
                                   STORE_TEXT("since"), STORE_INT(h->since)),
                        diag);
}

int store_human_remove(struct store *st, int64_t id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    char subject[40];
    int rc = store__query(st,
                          "SELECT tr_text(workflow), kind, tr_text(what) "
                          "FROM human_entry WHERE id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    if (!rc)
        rc = store__step(st, stmt, diag);
    if (rc == 0)
        rc = diag_set(diag, TR_ENOENT, "no entry %lld in the register",
                      (long long)id);
    snprintf(subject, sizeof(subject), "human %lld", (long long)id);
    if (rc > 0) /* what it said, while the row is still there */
        rc = store__audit(
            st, "human.remove", subject,
            STORE_ARGS(STORE_TEXT("workflow"),
                       STORE_TEXT((const char *)sqlite3_column_text(stmt, 0)),
                       STORE_TEXT("kind"),
                       STORE_TEXT((const char *)sqlite3_column_text(stmt, 1)),
                       STORE_TEXT("what"),
                       STORE_TEXT((const char *)sqlite3_column_text(stmt, 2))),
            diag);
    sqlite3_finalize(stmt);
    if (!rc)
        rc = store__run(st, "DELETE FROM human_entry WHERE id = ?",
                        STORE_ARGS(STORE_INT(id)), NULL, diag);
    return rc;
}

int store_humans(struct store *st, store_human_fn fn, void *ctx,
                 struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_human h;
    int rc = store__prepare(
        st,
        "SELECT id, tr_text(workflow), kind, tr_text(what), tr_text(owner), "
        "since FROM human_entry ORDER BY workflow, CASE kind WHEN 'step' "
        "THEN 0 WHEN 'decision' THEN 1 ELSE 2 END, id",
        &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        h.id = sqlite3_column_int64(stmt, 0);
        h.workflow = (const char *)sqlite3_column_text(stmt, 1);
        h.kind = (enum human_kind)human_kind_parse(
            (const char *)sqlite3_column_text(stmt, 2));
        h.what = (const char *)sqlite3_column_text(stmt, 3);
        h.owner = (const char *)sqlite3_column_text(stmt, 4);
        h.since = sqlite3_column_int64(stmt, 5);
        rc = fn(ctx, &h, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
