/* SPDX-License-Identifier: GPL-3.0-or-later */
/* traction's entry point: global options, command dispatch through the
 * command tables, help generated from them, and the one place where an
 * error code becomes a message and an exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

#ifndef TRACTION_VERSION
#define TRACTION_VERSION "0.1.0"
#endif

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag);
static int cmd_version(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag);

static const struct cli_cmd builtin_cmds[] = {
    {"help", "[COMMAND...]", "show help for a command",
     "Without a command, lists the commands.\n", cmd_help, NULL},
    {"version", "", "print the version", "", cmd_version, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/* Every top-level table, in the order `--help` lists them. */
static const struct cli_cmd *const tables[] = {
    cli_workspace_cmds,
    cli_import_cmds,
    cli_items_cmds,
    cli_pilot_cmds,
    cli_catalog_cmds,
    cli_shadow_cmds,
    cli_usage_cmds,
    cli_trap_cmds,
    cli_survey_cmds,
    cli_friction_cmds,
    cli_targets_cmds,
    cli_load_cmds,
    cli_value_cmds,
    cli_learning_cmds,
    cli_privacy_cmds,
    cli_audit_cmds,
    cli_request_cmds,
    cli_proposal_cmds,
    cli_human_cmds,
    cli_simulate_cmds,
    cli_serve_cmds,
    cli_user_cmds,
    cli_stats_cmds,
    builtin_cmds,
};

static const struct cli_cmd *find_in(const struct cli_cmd *t, const char *name)
{
    for (; t && t->name; t++)
        if (!strcmp(t->name, name))
            return t;
    return NULL;
}

static const struct cli_cmd *find_top(const char *name)
{
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        const struct cli_cmd *c = find_in(tables[i], name);

        if (c)
            return c;
    }
    return NULL;
}

static void usage_line(FILE *fp, const char *path, const struct cli_cmd *c)
{
    fprintf(fp, "usage: traction [--db PATH] %s%s%s\n", path,
            c->args && *c->args ? " " : "", c->args ? c->args : "");
}

static void print_commands(FILE *fp)
{
    fputs("usage: traction [--db PATH] COMMAND [ARGS]\n"
          "       traction --help | --version | help COMMAND\n\n"
          "traction helps an organisation earn the adoption of AI tools:\n"
          "outcomes beside activity, pilots with honest statistics, and a\n"
          "person who decides.\n\ncommands:\n",
          fp);
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        for (const struct cli_cmd *c = tables[i]; c->name; c++) {
            if (!c->subs) {
                fprintf(fp, "  %-22s %s\n", c->name, c->summary);
                continue;
            }
            for (const struct cli_cmd *s = c->subs; s->name; s++) {
                char both[64];

                snprintf(both, sizeof(both), "%s %s", c->name, s->name);
                fprintf(fp, "  %-22s %s\n", both, s->summary);
            }
        }
    fprintf(fp,
            "\nThe workspace is ./traction.db unless --db PATH or "
            "$TRACTION_DB says otherwise.\nA command that writes waits its "
            "turn while another import or change is\nbeing written, up to "
            "%d s unless --wait SECONDS or $TRACTION_WAIT says\notherwise "
            "(0: fail at once), and then fails saying so.\nRun 'traction "
            "help COMMAND' for a command's options.\n",
            CLI_WAIT_S);
}

/* Prints help for the command named by path words; returns 0 or
 * TR_EUSAGE when no such command exists. */
static int help_for(int n, char **words, struct diag *diag)
{
    const struct cli_cmd *c = find_top(words[0]);
    char path[128];

    snprintf(path, sizeof(path), "%s", words[0]);
    for (int i = 1; c && i < n; i++) {
        if (!c->subs)
            break;
        c = find_in(c->subs, words[i]);
        if (c)
            snprintf(path + strlen(path), sizeof(path) - strlen(path),
                     " %s", words[i]);
    }
    if (!c)
        return diag_set(diag, TR_EUSAGE, "no command '%s'", path);
    if (c->subs) {
        printf("usage: traction [--db PATH] %s KIND ...\n\n%s\n%s:\n", path,
               c->help, path);
        for (const struct cli_cmd *s = c->subs; s->name; s++)
            printf("  %-10s %s\n", s->name, s->summary);
        return 0;
    }
    usage_line(stdout, path, c);
    printf("\n%s\n%s", c->summary, *c->help ? "\n" : "");
    fputs(c->help, stdout);
    return 0;
}

void cli_print_help(const char *path)
{
    char copy[128];
    char *words[8];
    char *w = copy;
    int n = 0;
    struct diag d;

    snprintf(copy, sizeof(copy), "%s", path);
    while (*w && n < 8) {
        char *sp = strchr(w, ' ');

        words[n++] = w;
        if (!sp)
            break;
        *sp = '\0';
        w = sp + 1;
    }
    diag_init(&d);
    help_for(n, words, &d);
    diag_release(&d);
}

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    (void)ctx;
    if (argc < 2) {
        print_commands(stdout);
        return 0;
    }
    return help_for(argc - 1, argv + 1, diag);
}

static int cmd_version(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    (void)ctx;
    (void)argv;
    if (argc > 1)
        return diag_set(diag, TR_EUSAGE, "version takes no arguments");
    printf("traction %s (workspace schema %d)\n", TRACTION_VERSION,
           store_latest_version());
    return 0;
}

/* Whether argv[1..] asks for help: "--help" anywhere before "--". */
static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help"))
            return 1;
    return 0;
}

/* Runs a command or descends into a group; `path` names what has been
 * matched so far, for help and usage lines. --help in any position of a
 * command's arguments shows its help instead (the one place that handles
 * --help: commands and cli_parse never see it). */
static int dispatch(struct cli_ctx *ctx, const struct cli_cmd *c, int argc,
                    char **argv, char *path, size_t pathsz,
                    const struct cli_cmd **ran, struct diag *diag)
{
    const struct cli_cmd *s;

    *ran = c;
    if (!c->subs && wants_help(argc, argv)) {
        cli_print_help(path); /* every command's, built-ins included */
        return 0;
    }
    if (!c->subs)
        return c->run(ctx, argc, argv, diag);
    if (argc < 2 || !strcmp(argv[1], "--help")) {
        help_for(1, argv, diag);
        return argc < 2 ? diag_set(diag, TR_EUSAGE, "'%s' needs a kind",
                                   path)
                        : 0;
    }
    s = find_in(c->subs, argv[1]);
    if (!s)
        return diag_set(diag, TR_EUSAGE, "unknown %s kind '%s'", path,
                        argv[1]);
    snprintf(path + strlen(path), pathsz - strlen(path), " %s", s->name);
    return dispatch(ctx, s, argc - 1, argv + 1, path, pathsz, ran, diag);
}

int cli_run(struct cli_ctx *ctx, int argc, char **argv, struct diag *diag)
{
    const struct cli_cmd *c = argc ? find_top(argv[0]) : NULL, *ran;
    char path[128];

    if (!c)
        return diag_set(diag, TR_EUSAGE, "unknown command '%s'",
                        argc ? argv[0] : "");
    snprintf(path, sizeof(path), "%s", c->name);
    return dispatch(ctx, c, argc, argv, path, sizeof(path), &ran, diag);
}

static int report(int rc, const char *path, const struct cli_cmd *c,
                  struct diag *diag)
{
    struct buf msg = BUF_INIT;
    const char *p, *nl;

    if (rc >= 0)
        return 0;
    diag_format(diag, &msg);
    for (p = buf_str(&msg); *p; p = nl + 1) {
        nl = strchr(p, '\n');
        fprintf(stderr, "traction: %.*s\n", (int)(nl - p), p);
    }
    buf_release(&msg);
    if (rc == TR_EUSAGE) {
        if (c && !c->subs)
            usage_line(stderr, path, c);
        else
            fputs("usage: traction [--db PATH] COMMAND [ARGS]; see "
                  "'traction --help'\n",
                  stderr);
        return 2;
    }
    return 1;
}

/* --wait's value: whole seconds, 0 to CLI_WAIT_MAX_S. */
static int parse_wait(const char *s, long *out, const char *what,
                      struct diag *diag)
{
    long v = 0;

    if (!*s || strlen(s) > 9)
        v = -1;
    for (const char *p = s; *p && v >= 0; p++)
        v = *p >= '0' && *p <= '9' ? v * 10 + (*p - '0') : -1;
    if (v < 0 || v > CLI_WAIT_MAX_S)
        return diag_set(diag, TR_EUSAGE,
                        "%s: '%s' is not a number of seconds from 0 to %ld",
                        what, s, CLI_WAIT_MAX_S);
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    struct cli_ctx ctx;
    struct diag diag;
    const struct cli_cmd *c = NULL, *ran = NULL;
    char path[128] = "";
    const char *env = getenv("TRACTION_DB");
    int i = 1, rc;

    ctx.db_path = env && *env ? env : "traction.db";
    ctx.wait_s = CLI_WAIT_S;
    diag_init(&diag);
    env = getenv("TRACTION_WAIT");
    if (env && *env && parse_wait(env, &ctx.wait_s, "$TRACTION_WAIT", &diag)) {
        rc = report(TR_EUSAGE, path, NULL, &diag);
        diag_release(&diag);
        return rc;
    }
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_commands(stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--version")) {
            return cmd_version(&ctx, 1, argv, &diag) ? 1 : 0;
        }
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            ctx.db_path = argv[i + 1];
            i += 2;
        } else if (!strncmp(argv[i], "--db=", 5)) {
            ctx.db_path = argv[i] + 5;
            i++;
        } else if ((!strcmp(argv[i], "--wait") && i + 1 < argc)
                   || !strncmp(argv[i], "--wait=", 7)) {
            const char *v = argv[i][6] ? argv[i] + 7 : argv[i + 1];

            i += argv[i][6] ? 1 : 2;
            if (parse_wait(v, &ctx.wait_s, "--wait", &diag)) {
                rc = report(TR_EUSAGE, path, NULL, &diag);
                diag_release(&diag);
                return rc;
            }
        } else {
            diag_set(&diag, TR_EUSAGE, "unknown option '%s'", argv[i]);
            rc = report(TR_EUSAGE, path, NULL, &diag);
            diag_release(&diag);
            return rc;
        }
    }
    if (i >= argc) {
        print_commands(stderr);
        return 2;
    }
    c = find_top(argv[i]);
    if (!c) {
        diag_set(&diag, TR_EUSAGE, "unknown command '%s'", argv[i]);
        rc = report(TR_EUSAGE, path, NULL, &diag);
        diag_release(&diag);
        return rc;
    }
    snprintf(path, sizeof(path), "%s", c->name);
    rc = dispatch(&ctx, c, argc - i, argv + i, path, sizeof(path), &ran,
                  &diag);
    rc = report(rc, path, ran, &diag);
    diag_release(&diag);
    return rc;
}
