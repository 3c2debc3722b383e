/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dashboard accounts: users with a role (and a unit for managers),
 * sessions and one-time login links, kept as hashes of their tokens. */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

static void copy_text(char *dst, size_t n, const unsigned char *s)
{
    snprintf(dst, n, "%s", s ? (const char *)s : "");
}

/* Columns 0..5 of a user row: id, name, role, unit_id, pw_hash,
 * disabled. */
static void read_user(sqlite3_stmt *stmt, int col, struct store_user *u)
{
    u->id = sqlite3_column_int64(stmt, col);
    copy_text(u->name, sizeof(u->name), sqlite3_column_text(stmt, col + 1));
    copy_text(u->role, sizeof(u->role), sqlite3_column_text(stmt, col + 2));
    u->unit_id = sqlite3_column_int64(stmt, col + 3);
    copy_text(u->pw_hash, sizeof(u->pw_hash),
              sqlite3_column_text(stmt, col + 4));
    u->disabled = sqlite3_column_int(stmt, col + 5) != 0;
}

#define USER_COLS                                                              \
    "u.id, tr_text(u.name), u.role, coalesce(u.unit_id, 0), u.pw_hash, "       \
    "u.disabled"

/* Reads the user of a query that yields one row or none (USER_COLS,
 * then the session's CSRF token when csrf is not NULL) and finalizes
 * it; *found says whether there was a row. */
static int one_user(struct store *st, sqlite3_stmt *stmt, struct store_user *u,
                    char *csrf, size_t csrf_len, int *found, struct diag *diag)
{
    int rc = store__step(st, stmt, diag);

    if (rc > 0) {
        read_user(stmt, 0, u);
        if (csrf)
            copy_text(csrf, csrf_len, sqlite3_column_text(stmt, 6));
    }
    sqlite3_finalize(stmt);
    *found = rc > 0;
    return rc < 0 ? rc : 0;
}

int store_user_add(struct store *st, const struct store_user *u, int64_t now,
                   int64_t *id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_user have;
    int found, rc = store_user_find(st, u->name, &have, &found, diag);

    if (rc)
        return rc;
    if (found)
        return diag_set(diag, TR_EEXIST, "a user '%s' exists", u->name);
    rc = store__prepare(st,
                        "INSERT INTO app_user(name, role, unit_id, pw_hash, "
                        "created) VALUES (?, ?, ?, ?, ?)",
                        &stmt, diag);
    if (rc)
        return rc;
    sqlite3_bind_text(stmt, 1, u->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, u->role, -1, SQLITE_STATIC);
    if (u->unit_id)
        sqlite3_bind_int64(stmt, 3, u->unit_id);
    store__bind_text(stmt, 4, *u->pw_hash ? u->pw_hash : NULL);
    sqlite3_bind_int64(stmt, 5, now);
    rc = store__finish(st, stmt, diag);
    if (!rc && id)
        *id = sqlite3_last_insert_rowid(st->db);
    if (!rc)
        rc = store__audit(st, "user.add", u->name,
                          STORE_ARGS(STORE_TEXT("role"), STORE_TEXT(u->role),
                                     STORE_TEXT("unit_id"),
                                     u->unit_id ? STORE_INT(u->unit_id)
                                                : STORE_NULL,
                                     STORE_TEXT("password"),
                                     STORE_INT(*u->pw_hash != '\0')),
                          diag);
    return rc;
}

/* The audit trail's entry for a change to user id (named by the row). */
static int user_audit(struct store *st, int64_t id, const char *action,
                      struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st, "SELECT name FROM app_user WHERE id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);

    if (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = store__audit(st, action,
                          (const char *)sqlite3_column_text(stmt, 0),
                          STORE_ARGS(STORE_TEXT("id"), STORE_INT(id)), diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_user_find(struct store *st, const char *name, struct store_user *u,
                    int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "SELECT " USER_COLS " FROM app_user u "
                          "WHERE u.name = ?",
                          STORE_ARGS(STORE_TEXT(name)), &stmt, diag);

    *found = 0;
    return rc ? rc : one_user(st, stmt, u, NULL, 0, found, diag);
}

/* Runs sql (one id parameter, no rows); *changed gets the rows it
 * changed when not NULL. */
static int by_id(struct store *st, const char *sql, int64_t id,
                 int64_t *changed, struct diag *diag)
{
    int rc = store__run(st, sql, STORE_ARGS(STORE_INT(id)), NULL, diag);

    if (!rc && changed)
        *changed = sqlite3_changes64(st->db);
    return rc;
}

int store_user_revoke(struct store *st, int64_t id, int64_t *sessions,
                      int64_t *links, struct diag *diag)
{
    int rc = by_id(st, "DELETE FROM app_session WHERE user_id = ?", id,
                   sessions, diag);

    return rc ? rc
              : by_id(st, "DELETE FROM app_login_link WHERE user_id = ?", id,
                      links, diag);
}

int store_user_set_password(struct store *st, int64_t id, const char *hash,
                            int64_t *sessions, int64_t *links,
                            struct diag *diag)
{
    int rc = store__run(st, "UPDATE app_user SET pw_hash = ? WHERE id = ?",
                        STORE_ARGS(STORE_TEXT(hash), STORE_INT(id)), NULL,
                        diag);

    if (!rc)
        rc = user_audit(st, id, "user.password", diag);
    return rc ? rc : store_user_revoke(st, id, sessions, links, diag);
}

int store_user_set_disabled(struct store *st, int64_t id, int disabled,
                            struct diag *diag)
{
    int rc = by_id(st,
                   disabled ? "UPDATE app_user SET disabled = 1 WHERE id = ?"
                            : "UPDATE app_user SET disabled = 0 WHERE id = ?",
                   id, NULL, diag);

    return rc ? rc
              : user_audit(st, id, disabled ? "user.disable" : "user.enable",
                           diag);
}

int store_user_set_role(struct store *st, int64_t id, const char *role,
                        int64_t unit_id, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__run(st,
                        "UPDATE app_user SET role = ?2, unit_id = ?3 "
                        "WHERE id = ?1",
                        STORE_ARGS(STORE_INT(id), STORE_TEXT(role),
                                   unit_id ? STORE_INT(unit_id) : STORE_NULL),
                        NULL, diag);

    if (!rc)
        rc = store__query(st, "SELECT name FROM app_user WHERE id = ?",
                          STORE_ARGS(STORE_INT(id)), &stmt, diag);
    if (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = store__audit(st, "user.role",
                          (const char *)sqlite3_column_text(stmt, 0),
                          STORE_ARGS(STORE_TEXT("role"), STORE_TEXT(role),
                                     STORE_TEXT("unit_id"),
                                     unit_id ? STORE_INT(unit_id)
                                             : STORE_NULL),
                          diag);
    sqlite3_finalize(stmt);
    return rc;
}

int store_user_remove(struct store *st, int64_t id, struct diag *diag)
{
    int rc = user_audit(st, id, "user.remove", diag);

    if (!rc)
        rc = store_user_revoke(st, id, NULL, NULL, diag);
    return rc ? rc
              : by_id(st, "DELETE FROM app_user WHERE id = ?", id, NULL, diag);
}

int store_users(struct store *st, store_user_fn fn, void *ctx,
                struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    struct store_user u;
    int rc = store__prepare(st,
                            "SELECT " USER_COLS " FROM app_user u "
                            "ORDER BY u.name",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        read_user(stmt, 0, &u);
        rc = fn(ctx, &u, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Inserts (hash, user, ...) into a token table. */
static int token_add(struct store *st, const char *sql,
                     const unsigned char *hash, int64_t user_id,
                     const char *csrf, int64_t expires, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, sql, &stmt, diag);

    if (rc)
        return rc;
    sqlite3_bind_blob(stmt, 1, hash, STORE_TOKEN_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_int64(stmt, 3, expires);
    if (csrf)
        sqlite3_bind_text(stmt, 4, csrf, -1, SQLITE_STATIC);
    return store__finish(st, stmt, diag);
}

int store_session_add(struct store *st, const unsigned char *hash,
                      int64_t user_id, const char *csrf, int64_t expires,
                      struct diag *diag)
{
    int rc = store__exec(st, "DELETE FROM app_session WHERE expires < "
                             "strftime('%s', 'now')",
                         diag);

    return rc ? rc
              : token_add(st,
                          "INSERT INTO app_session(token_hash, user_id, "
                          "expires, csrf) VALUES (?, ?, ?, ?)",
                          hash, user_id, csrf, expires, diag);
}

int store_session_find(struct store *st, const unsigned char *hash, int64_t now,
                       struct store_user *u, char *csrf, size_t csrf_len,
                       int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(
        st,
        "SELECT " USER_COLS ", s.csrf FROM app_session s "
        "JOIN app_user u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires > ? AND u.disabled = 0",
        STORE_ARGS(STORE_BLOB(hash, STORE_TOKEN_HASH), STORE_INT(now)), &stmt,
        diag);

    *found = 0;
    return rc ? rc : one_user(st, stmt, u, csrf, csrf_len, found, diag);
}

int store_session_delete(struct store *st, const unsigned char *hash,
                         struct diag *diag)
{
    return store__run(st, "DELETE FROM app_session WHERE token_hash = ?",
                      STORE_ARGS(STORE_BLOB(hash, STORE_TOKEN_HASH)), NULL,
                      diag);
}

int store_link_add(struct store *st, const unsigned char *hash,
                   int64_t user_id, int64_t expires, struct diag *diag)
{
    return token_add(st,
                     "INSERT INTO app_login_link(token_hash, user_id, "
                     "expires) VALUES (?, ?, ?)",
                     hash, user_id, NULL, expires, diag);
}

int store_link_take(struct store *st, const unsigned char *hash, int64_t now,
                    struct store_user *u, int *found, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int rc = store__query(st,
                          "DELETE FROM app_login_link WHERE "
                          "token_hash = ?1 RETURNING expires, user_id",
                          STORE_ARGS(STORE_BLOB(hash, STORE_TOKEN_HASH)), &stmt,
                          diag);
    int64_t expires = 0, user = 0;

    *found = 0;
    if (rc)
        return rc;
    while ((rc = store__step(st, stmt, diag)) > 0) {
        expires = sqlite3_column_int64(stmt, 0);
        user = sqlite3_column_int64(stmt, 1);
    }
    sqlite3_finalize(stmt);
    if (rc || !user || expires <= now)
        return rc;
    rc = store__query(st,
                      "SELECT " USER_COLS " FROM app_user u WHERE u.id = ? "
                      "AND u.disabled = 0",
                      STORE_ARGS(STORE_INT(user)), &stmt, diag);
    return rc ? rc : one_user(st, stmt, u, NULL, 0, found, diag);
}
