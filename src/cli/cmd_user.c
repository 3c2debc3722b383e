/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction user`: dashboard accounts, passwords and one-time login
 * links. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/access.h"
#include "store/store.h"
#include "store/roster.h"
#include "store/users.h"
#include "view/json.h"
#include "view/table.h"
#include "view/user_view.h"

#define LINK_HOURS 24

/* Reads a password from the first line of stdin. */
static int read_password(char *pw, size_t n, struct diag *diag)
{
    size_t len;

    if (!fgets(pw, (int)n, stdin))
        return diag_set(diag, TR_EUSAGE, "no password on stdin");
    len = strlen(pw);
    while (len && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
        pw[--len] = '\0';
    return 0;
}

static int cmd_add(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    const char *role = NULL, *unit = NULL;
    int pw_stdin = 0;
    struct cli_opt opts[] = {{"role", CLI_STR, &role},
                             {"unit", CLI_STR, &unit},
                             {"password-stdin", CLI_FLAG, &pw_stdin},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store_user u;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    char pw[512] = "";
    int rc, r = -1;

    memset(&u, 0, sizeof(u));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && (!role || (r = access_role_parse(role)) < 0))
        rc = diag_set(diag, TR_EUSAGE, "--role admin, manager or viewer");
    if (!rc && r == ROLE_MANAGER && !unit)
        rc = diag_set(diag, TR_EUSAGE,
                      "a manager needs --unit: the unit whose subtree they "
                      "see");
    if (!rc && (strlen(pos.v[0]) >= sizeof(u.name) || !*pos.v[0]))
        rc = diag_set(diag, TR_EUSAGE, "a user name of 1 to %zu characters",
                      sizeof(u.name) - 1);
    if (!rc && pw_stdin)
        rc = read_password(pw, sizeof(pw), diag);
    if (!rc && *pw)
        rc = access_hash_password(pw, u.pw_hash, sizeof(u.pw_hash), diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc && unit) {
        rc = store_unit_find(st, unit, &u.unit_id, diag);
        if (!rc && !u.unit_id)
            rc = diag_set(diag, TR_ENOENT, "no unit '%s' in the roster",
                          unit);
    }
    if (!rc) {
        snprintf(u.name, sizeof(u.name), "%s", pos.v[0]);
        snprintf(u.role, sizeof(u.role), "%s", access_role_names[r]);
        rc = store_user_add(st, &u, (int64_t)time(NULL), NULL, diag);
    }
    if (!rc) {
        buf_addf(&out, "added %s '%s'%s%s%s\n", access_role_names[r], u.name,
                 unit ? " for " : "", unit ? unit : "",
                 *pw ? "" : " (no password: sign in with 'traction user "
                            "link' or an SSO proxy)");
        rc = cli_out(&out, diag);
    }
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int cmd_password(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store_user u;
    struct store *st = NULL;
    char pw[512], hash[sizeof(u.pw_hash)];
    int found = 0, rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = read_password(pw, sizeof(pw), diag);
    if (!rc)
        rc = access_hash_password(pw, hash, sizeof(hash), diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_user_find(st, pos.v[0], &u, &found, diag);
    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "no user '%s'", pos.v[0]);
    if (!rc)
        rc = store_user_set_password(st, u.id, hash, diag);
    if (!rc)
        printf("password of '%s' changed\n", pos.v[0]);
    store_close(st);
    cli_list_release(&pos);
    return rc;
}

int cli_user_link(struct cli_ctx *ctx, const char *name, const char *base,
                  struct buf *out, struct diag *diag)
{
    struct store_user u;
    struct store *st = NULL;
    char token[ACCESS_TOKEN_LEN + 1];
    unsigned char hash[STORE_TOKEN_HASH];
    int found = 0, rc = cli_open(ctx, &st, NULL, diag);

    if (!rc)
        rc = store_user_find(st, name, &u, &found, diag);
    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "no user '%s'", name);
    if (!rc) {
        access_new_token(token, hash);
        rc = store_link_add(st, hash, u.id,
                            (int64_t)time(NULL) + LINK_HOURS * 3600, diag);
    }
    if (!rc)
        buf_addf(out, "%s/login/link?token=%s\n", base, token);
    store_close(st);
    return rc;
}

static int cmd_link(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *base = "http://127.0.0.1:8080";
    struct cli_opt opts[] = {{"base", CLI_STR, &base}, {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct buf out = BUF_INIT;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_user_link(ctx, pos.v[0], base, &out, diag);
    if (!rc) {
        buf_addf(&out, "(works once, for %d hours)\n", LINK_HOURS);
        rc = cli_out(&out, diag);
    }
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int on_user(void *ctx, const struct store_user *u, struct diag *diag)
{
    struct cli_records *r = ctx;

    (void)diag;
    if (r->arr)
        return cli_records_add(r, vuser_json(u));
    table_cell(r->t, u->name);
    table_cell(r->t, u->role);
    table_cell(r->t, *u->pw_hash ? "yes" : "no");
    return 0;
}

static int each_user(struct store *st, struct cli_records *r, struct diag *diag)
{
    return store_users(st, on_user, r, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct table t;
    int rc;

    table_init(&t, 3, 0);
    table_cell(&t, "user");
    table_cell(&t, "role");
    table_cell(&t, "password");
    rc = cli_list_report(ctx, argc, argv, "users", &t, NULL, each_user, diag);
    table_release(&t);
    return rc;
}

static const struct cli_cmd user_kinds[] = {
    {"add",
     "NAME --role admin|manager|viewer [--unit UNIT] [--password-stdin]",
     "add a dashboard account",
     "Admins see everything; managers the subtree of --unit only; viewers\n"
     "the organisation-level pages only. --password-stdin reads the\n"
     "password (10 characters or more) from the first line of stdin; it\n"
     "is stored as an argon2id hash. Without a password the user signs in\n"
     "with a one-time link or through an SSO proxy.\n",
     cmd_add, NULL},
    {"password", "NAME", "set a password from the first line of stdin",
     "The password (10 characters or more) is stored as an argon2id hash.\n",
     cmd_password, NULL},
    {"link", "NAME [--base URL]", "print a one-time login link",
     "The link signs NAME in once, within 24 hours. --base is the\n"
     "dashboard's address (default http://127.0.0.1:8080).\n",
     cmd_link, NULL},
    {"list", "[--json]", "list the accounts (no password hashes)",
     "Names, roles and whether a password is set.\n", cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_user_cmds[] = {
    {"user", "KIND", "dashboard accounts",
     "Accounts for `traction serve`.\n", NULL, user_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
