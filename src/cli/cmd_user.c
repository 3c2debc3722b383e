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

/* A user name is shown on pages and decisions and may come in an SSO
 * proxy's header, where a comma joins repeated values: 1 to 127 bytes of
 * UTF-8 (cli_parse checks that), no control characters, no comma. */
static int check_name(const char *name, struct diag *diag)
{
    size_t n = strlen(name);

    if (!n || n >= sizeof(((struct store_user *)0)->name))
        return diag_set(diag, TR_EUSAGE, "a user name of 1 to %zu bytes",
                        sizeof(((struct store_user *)0)->name) - 1);
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == ',')
            return diag_set(diag, TR_EUSAGE,
                            "a user name may not hold a comma or a control "
                            "character");
    return 0;
}

/* Opens the workspace and finds the user NAME (TR_ENOENT if none). */
static int open_user(struct cli_ctx *ctx, const char *name, struct store **st,
                     struct store_user *u, struct diag *diag)
{
    int found = 0, rc = cli_open(ctx, st, NULL, diag);

    if (!rc)
        rc = store_user_find(*st, name, u, &found, diag);
    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "no user '%s'", name);
    return rc;
}

/* "2 sessions and 1 login link" */
static void add_ended(struct buf *out, int64_t sessions, int64_t links)
{
    buf_addf(out, "%lld session%s and %lld login link%s ended",
             (long long)sessions, sessions == 1 ? "" : "s", (long long)links,
             links == 1 ? "" : "s");
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
        rc = diag_set(diag, TR_EUSAGE,
                      "--role admin, manager, viewer or governance");
    if (!rc && r == ROLE_MANAGER && !unit)
        rc = diag_set(diag, TR_EUSAGE,
                      "a manager needs --unit: the unit whose subtree they "
                      "see");
    if (!rc)
        rc = check_name(pos.v[0], diag);
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
        rc = store_begin(st, diag); /* with its audit entry */
        if (!rc)
            rc = store_user_add(st, &u, (int64_t)time(NULL), NULL, diag);
        if (!rc)
            rc = store_commit(st, diag);
        if (rc)
            store_rollback(st);
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
    struct buf out = BUF_INIT;
    char pw[512], hash[sizeof(u.pw_hash)];
    int64_t sessions = 0, links = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = read_password(pw, sizeof(pw), diag);
    if (!rc)
        rc = access_hash_password(pw, hash, sizeof(hash), diag);
    if (!rc)
        rc = open_user(ctx, pos.v[0], &st, &u, diag);
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = store_user_set_password(st, u.id, hash, &sessions, &links, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (st)
        store_rollback(st);
    if (!rc) {
        buf_addf(&out, "password of '%s' changed; ", u.name);
        add_ended(&out, sessions, links);
        buf_puts(&out, "\n");
        rc = cli_out(&out, diag);
    }
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* user disable / enable / remove NAME */
enum user_change { UC_DISABLE, UC_ENABLE, UC_REMOVE };

static int change_user(struct cli_ctx *ctx, int argc, char **argv,
                       enum user_change what, struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store_user u;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t sessions = 0, links = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = open_user(ctx, pos.v[0], &st, &u, diag);
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc && what != UC_ENABLE)
        rc = store_user_revoke(st, u.id, &sessions, &links, diag);
    if (!rc && what == UC_REMOVE)
        rc = store_user_remove(st, u.id, diag);
    else if (!rc)
        rc = store_user_set_disabled(st, u.id, what == UC_DISABLE, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (st)
        store_rollback(st);
    if (!rc) {
        switch (what) {
        case UC_DISABLE:
            buf_addf(&out, "disabled '%s'%s: ", u.name,
                     u.disabled ? " (already)" : "");
            add_ended(&out, sessions, links);
            buf_addf(&out, "; 'traction user enable %s' undoes it\n",
                     u.name);
            break;
        case UC_ENABLE:
            buf_addf(&out, "enabled '%s'%s\n", u.name,
                     u.disabled ? "" : " (it was not disabled)");
            break;
        case UC_REMOVE:
            buf_addf(&out, "removed '%s': ", u.name);
            add_ended(&out, sessions, links);
            buf_puts(&out, "; decisions keep the name they were made "
                           "under\n");
            break;
        }
        rc = cli_out(&out, diag);
    }
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int cmd_disable(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    return change_user(ctx, argc, argv, UC_DISABLE, diag);
}

static int cmd_enable(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    return change_user(ctx, argc, argv, UC_ENABLE, diag);
}

static int cmd_remove(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    return change_user(ctx, argc, argv, UC_REMOVE, diag);
}

struct role_call {
    const char *role, *unit;
    int r;
};

static int role_check(const struct cli_list *pos, void *arg,
                      struct diag *diag)
{
    struct role_call *c = arg;

    (void)pos;
    if (!c->role || (c->r = access_role_parse(c->role)) < 0)
        return diag_set(diag, TR_EUSAGE,
                        "--role admin, manager, viewer or governance");
    if ((c->r == ROLE_MANAGER) != (c->unit != NULL))
        return diag_set(diag, TR_EUSAGE,
                        "a manager needs --unit (the unit whose subtree they "
                        "see), and only a manager");
    return 0;
}

static int role_run(struct cli_report *rep, void *arg, struct diag *diag)
{
    struct role_call *c = arg;
    const char *name = rep->pos->v[0], *now = access_role_names[c->r];
    struct store_user u;
    int64_t unit_id = 0;
    int found = 0, rc = store_user_find(rep->st, name, &u, &found, diag);

    if (!rc && !found)
        rc = diag_set(diag, TR_ENOENT, "no user '%s'", name);
    if (!rc && c->unit) {
        rc = store_unit_find(rep->st, c->unit, &unit_id, diag);
        if (!rc && !unit_id)
            rc = diag_set(diag, TR_ENOENT, "no unit '%s' in the roster",
                          c->unit);
    }
    if (!rc && !strcmp(u.role, now) && unit_id == u.unit_id)
        rc = diag_set(diag, TR_EINVAL, "user '%s' is already %s%s%s",
                      u.name, now, c->unit ? " for " : "",
                      c->unit ? c->unit : "");
    if (!rc) /* with its audit entry, in cli_report's transaction */
        rc = store_user_set_role(rep->st, u.id, now, unit_id, diag);
    if (!rc && rep->json)
        vjson_emit(&rep->out,
                   json_pack("{s:s, s:s, s:o, s:s}", "user", u.name, "role",
                             now, "unit",
                             c->unit ? json_string(c->unit) : json_null(),
                             "was", u.role));
    else if (!rc)
        buf_addf(&rep->out, "'%s' is now %s%s%s (was %s)\n", u.name, now,
                 c->unit ? " for " : "", c->unit ? c->unit : "", u.role);
    return rc;
}

static int cmd_role(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct role_call c = {NULL, NULL, -1};
    const struct cli_opt opts[] = {{"role", CLI_STR, &c.role},
                                   {"unit", CLI_STR, &c.unit},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 1, 1, role_check, role_run, 1};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

int cli_user_link(struct cli_ctx *ctx, const char *name, const char *base,
                  struct buf *out, struct diag *diag)
{
    struct store_user u;
    struct store *st = NULL;
    char token[ACCESS_TOKEN_LEN + 1];
    unsigned char hash[STORE_TOKEN_HASH];
    int rc = open_user(ctx, name, &st, &u, diag);

    if (!rc && u.disabled)
        rc = diag_set(diag, TR_EINVAL,
                      "user '%s' is disabled ('traction user enable %s' "
                      "first)",
                      name, name);
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
    table_cell(r->t, u->disabled ? "disabled" : "active");
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

    table_init(&t, 4, 0);
    table_cell(&t, "user");
    table_cell(&t, "role");
    table_cell(&t, "password");
    table_cell(&t, "status");
    rc = cli_list_report(ctx, argc, argv, "users", &t, NULL, each_user, diag);
    table_release(&t);
    return rc;
}

static const struct cli_cmd user_kinds[] = {
    {"add",
     "NAME --role admin|manager|viewer|governance [--unit UNIT]\n"
     "       [--password-stdin]",
     "add a dashboard account",
     "Admins see everything; managers the subtree of --unit only; viewers\n"
     "the organisation-level pages only; governance (reviewers of tool\n"
     "requests) what viewers see, and the tool requests, which they\n"
     "decide, and the register of what stays human, which they keep.\n"
     "--password-stdin reads the\n"
     "password (10 characters or more) from the first line of stdin; it\n"
     "is stored as an argon2id hash. Without a password the user signs in\n"
     "with a one-time link or through an SSO proxy.\n",
     cmd_add, NULL},
    {"role",
     "NAME --role admin|manager|viewer|governance [--unit UNIT]\n"
     "       [--json]",
     "change a user's role",
     "The change is recorded in the audit trail; NAME's sessions stay and\n"
     "their next page shows what the new role may see. --unit only for a\n"
     "manager (and then needed).\n",
     cmd_role, NULL},
    {"password", "NAME", "set a password from the first line of stdin",
     "The password (10 characters or more) is stored as an argon2id hash.\n"
     "Changing it ends NAME's sessions and outstanding login links: who\n"
     "signed in with the old password (or holds a link) must sign in\n"
     "again.\n",
     cmd_password, NULL},
    {"link", "NAME [--base URL]", "print a one-time login link",
     "The link signs NAME in once, within 24 hours. --base is the\n"
     "dashboard's address (default http://127.0.0.1:8080). A disabled\n"
     "user gets none.\n",
     cmd_link, NULL},
    {"disable", "NAME", "take a user's access away (reversible)",
     "Ends NAME's sessions and login links at once; NAME can no longer\n"
     "sign in by password, link or SSO proxy, and gets no new link, until\n"
     "`traction user enable NAME`. The account and its role stay.\n",
     cmd_disable, NULL},
    {"enable", "NAME", "give a disabled user access again",
     "NAME signs in as before (the password, if any, is unchanged).\n",
     cmd_enable, NULL},
    {"remove", "NAME", "delete an account",
     "Deletes NAME with their sessions and login links. Decisions NAME\n"
     "made keep the name they were recorded under. `traction user add`\n"
     "can add the name again later, as a new account.\n",
     cmd_remove, NULL},
    {"list", "[--json]", "list the accounts (no password hashes)",
     "Names, roles, whether a password is set, and whether the account is\n"
     "active or disabled.\n",
     cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_user_cmds[] = {
    {"user", "KIND", "dashboard accounts",
     "Accounts for `traction serve`: add, role, password, link, disable,\n"
     "enable, remove, list.\n",
     NULL, user_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
