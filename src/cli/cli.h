/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command-line front end: a table of commands (one file per command
 * group), a small option parser, and the workspace every command opens.
 * Only cli/ turns error codes into exit statuses and messages. */
#ifndef TR_CLI_H
#define TR_CLI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/diag.h"
#include "core/pseudo.h"

struct store;

/* How long a command that writes waits for another import by default:
 * --wait SECONDS or $TRACTION_WAIT says otherwise (0: not at all). */
#define CLI_WAIT_S 600
#define CLI_WAIT_MAX_S (7L * 24 * 3600)

struct cli_ctx {
    const char *db_path; /* borrowed: --db, $TRACTION_DB or "traction.db" */
    long wait_s;         /* --wait, $TRACTION_WAIT or CLI_WAIT_S */
};

struct cli_cmd;

/* Runs a command. argv[0] is the command's own name; returns 0 or a
 * negative TR_E* code with diag filled (TR_EUSAGE exits 2). */
typedef int (*cli_run_fn)(struct cli_ctx *ctx, int argc, char **argv,
                          struct diag *diag);

struct cli_cmd {
    const char *name;
    const char *args;     /* synopsis after the name */
    const char *summary;  /* one line for the command list */
    const char *help;     /* the rest of `help COMMAND` */
    cli_run_fn run;       /* NULL for a group */
    const struct cli_cmd *subs; /* a group's commands, NULL-name ended */
};

/* Command groups, one per file. */
extern const struct cli_cmd cli_workspace_cmds[]; /* init, status */
extern const struct cli_cmd cli_import_cmds[];    /* import roster|items */
extern const struct cli_cmd cli_items_cmds[];     /* items summary */
extern const struct cli_cmd cli_stats_cmds[];     /* stats describe|... */
extern const struct cli_cmd cli_pilot_cmds[];     /* pilot, portfolio, ... */
extern const struct cli_cmd cli_catalog_cmds[];   /* catalog check|list */
extern const struct cli_cmd cli_shadow_cmds[];    /* shadow scan */
extern const struct cli_cmd cli_usage_cmds[];     /* usage */
extern const struct cli_cmd cli_trap_cmds[];      /* trap */
extern const struct cli_cmd cli_simulate_cmds[];  /* simulate, demo */
extern const struct cli_cmd cli_user_cmds[];      /* user add|link|... */
extern const struct cli_cmd cli_serve_cmds[];     /* serve, report */
extern const struct cli_cmd cli_privacy_cmds[];   /* privacy audit */
extern const struct cli_cmd cli_survey_cmds[];    /* survey ... */
extern const struct cli_cmd cli_friction_cmds[];  /* friction ... */
extern const struct cli_cmd cli_value_cmds[];     /* costs, value */
extern const struct cli_cmd cli_audit_cmds[];     /* audit log|verify|... */
extern const struct cli_cmd cli_request_cmds[];   /* request new|decide|... */
extern const struct cli_cmd cli_proposal_cmds[];  /* proposal new|score|... */
extern const struct cli_cmd cli_human_cmds[];     /* human add|list|... */
extern const struct cli_cmd cli_targets_cmds[];   /* targets reset|list */
extern const struct cli_cmd cli_load_cmds[];      /* load */
extern const struct cli_cmd cli_learning_cmds[];  /* learning-time ... */

/* `pilot new` (cmd_pilot.c): parses a pilot's options, registers it and
 * runs after (when not NULL) inside the registration's transaction,
 * before the commit: a proposal's selection links itself there. The one
 * way a pilot is registered from the command line. */
struct pilot;
typedef int (*cli_pilot_hook)(void *ctx, struct store *st,
                              const struct pilot *p, struct diag *diag);
int cli_pilot_new(struct cli_ctx *ctx, int argc, char **argv,
                  cli_pilot_hook after, void *hctx, struct diag *diag);

/* ---- shared by the governance commands (cmd_request.c) ---- */

/* A record's number argument ("'x' is not a WHAT number"). */
int cli_record_id(const char *what, const char *s, int64_t *id,
                  struct diag *diag);
/* A free-text option: present when required, at most 4,095 bytes (the
 * dashboard's limit; cli_parse checked it is UTF-8). */
int cli_text_arg(const char *opt, const char *s, int required,
                 struct diag *diag);
/* The time of --opt: the date s, or now when s is NULL (the seam the
 * tests pin time with). */
int cli_when(const char *opt, const char *s, int64_t *out, struct diag *diag);
/* Whether dashboard account name may act: an enabled admin, or (with
 * governance set) a governance account; TR_ENOENT or TR_EPERM saying
 * why not. */
int cli_account_may(struct store *st, const char *name, int governance,
                    struct diag *diag);
/* A survey instrument by built-in name or file, with the context of
 * its errors set (cmd_survey.c). */
struct survey_instrument;
int cli_survey_instrument(const char *name, struct survey_instrument *in,
                          struct diag *diag);
/* Appends a one-time login link for user name at base (cmd_user.c). */
int cli_user_link(struct cli_ctx *ctx, const char *name, const char *base,
                  struct buf *out, struct diag *diag);

/* Runs a command line as main would (argv[0] is the command's name), for
 * commands made of other commands (demo). --help anywhere in argv shows
 * the command's help instead. Returns 0 or a negative TR_E* code with diag
 * filled. */
int cli_run(struct cli_ctx *ctx, int argc, char **argv, struct diag *diag);
/* `import usage` lives with the usage report (cmd_usage.c). */
int cli_usage_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag);
extern const char cli_usage_import_args[];
extern const char cli_usage_import_help[];
/* `import subnets` lives with the shadow scan (cmd_shadow.c). */
int cli_subnets_import(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag);
extern const char cli_subnets_args[];
extern const char cli_subnets_help[];
/* `import survey` lives with the survey commands (cmd_survey.c). */
int cli_survey_import(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag);
extern const char cli_survey_import_args[];
extern const char cli_survey_import_help[];
/* `import costs` lives with the costs (cmd_value.c). */
int cli_costs_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag);
extern const char cli_costs_import_args[];
extern const char cli_costs_import_help[];
/* `import calendar` lives with learning time (cmd_learning.c). */
int cli_calendar_import(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag);
extern const char cli_calendar_import_args[];
extern const char cli_calendar_import_help[];
/* `import items` lives with the other work-item commands (cmd_items.c). */
int cli_items_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag);
extern const char cli_items_import_args[];
extern const char cli_items_import_help[];

/* ---- options (cli/opts.c) ---- */

enum cli_opt_kind {
    CLI_FLAG, /* dest: int*, set to 1 */
    CLI_STR,  /* dest: const char**, the argument (borrowed from argv) */
    CLI_LIST, /* dest: struct cli_list*, repeatable */
};

struct cli_opt {
    const char *name; /* without the leading "--" */
    enum cli_opt_kind kind;
    void *dest;
};

struct cli_list {
    const char **v; /* owned array of borrowed strings */
    size_t n, cap;
};

void cli_list_release(struct cli_list *l);
/* Appends a borrowed string. */
void cli_list_add(struct cli_list *l, const char *s);

/* The built-in catalog plus --catalog files, later ones winning
 * (cmd_catalog.c). */
struct catalog;
int cli_catalog_load(struct catalog *c, const struct cli_list *files,
                     struct diag *diag);

/* Parses argv[1..] ("--name value", "--name=value", "--" ends options).
 * Positional arguments are appended to pos. Returns 0 or TR_EUSAGE. The
 * opts table ends with a NULL name. --help never gets here: the dispatcher
 * (cli/main.c) answers it in any position before a command runs. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts,
              struct cli_list *pos, struct diag *diag);

/* Checks the positional count is within [min, max]. */
int cli_need_args(const struct cli_list *pos, size_t min, size_t max,
                  struct diag *diag);

/* Prints the help of the command at the end of path (for --help). */
void cli_print_help(const char *path);

/* ---- the workspace (cli/workspace.c) ---- */

/* Names the command line's user as the actor of the audit trail's
 * entries: "cli:" and $LOGNAME (or $USER), or "cli". cli_open does it. */
void cli_actor(struct store *st);

/* Opens the workspace and loads and checks its key. key may be NULL for
 * commands that never pseudonymise. */
int cli_open(struct cli_ctx *ctx, struct store **st, struct pseudo_key *key,
             struct diag *diag);

/* Starts importing file into st, the one way every import begins: the
 * messages say "cannot import 'file'", a transaction begins (a bulk one
 * when bulk is set: store_begin_bulk) and, when seq is not NULL, the
 * import log gets a row of this kind (*seq: its id for
 * store_import_done). The caller commits, or rolls back on any error. */
int cli_import_begin(struct store *st, const char *kind, const char *file,
                     int bulk, int64_t *seq, struct diag *diag);
/* The import log's row for file (its base name and SHA-256), inside the
 * caller's transaction: what cli_import_begin does after beginning it.
 * store_import_done then appends the import to the audit trail. */
int cli_import_log(struct store *st, const char *kind, const char *file,
                   int64_t *seq, struct diag *diag);
/* As cli_import_begin, for a reader that hashes what it reads (so the
 * file is read once): the log's row gets no SHA-256 yet, and *sha is a
 * digest for the reader to feed (NULL when file is not a regular file:
 * standard input, a pipe). cli_import_sha256 then records it (and frees
 * *sha) before store_import_done; on an error pseudo_sha256_free. */
int cli_import_begin_hashed(struct store *st, const char *kind,
                            const char *file, int bulk, int64_t *seq,
                            struct pseudo_sha256 **sha, struct diag *diag);
int cli_import_sha256(struct store *st, int64_t seq,
                      struct pseudo_sha256 **sha, struct diag *diag);

/* Writes text to stdout; returns 0 or TR_EIO. */
int cli_out(const struct buf *b, struct diag *diag);

/* A number option --name within [lo, hi]; s NULL leaves *out as it is.
 * Returns 0 or TR_EUSAGE. */
int cli_number(const char *name, const char *s, double lo, double hi,
               double *out, struct diag *diag);

/* The one command skeleton (cli/report.c): its options and positional
 * arguments parsed, the workspace opened, then run() writes the JSON or
 * the text into out, which is printed when run() returns 0. */
struct cli_report {
    struct cli_ctx *ctx;
    struct store *st;           /* open; closed by cli_report */
    const struct cli_list *pos; /* the positional arguments */
    struct buf out;             /* printed when run returns 0 */
    int json;                   /* --json was given */
};

struct cli_report_spec {
    const struct cli_opt *opts; /* besides --json (added); NULL: none */
    size_t min_args, max_args;  /* positional arguments allowed */
    /* Checks the options before the workspace is opened (usage errors
     * come first); NULL: none. */
    int (*check)(const struct cli_list *pos, void *arg, struct diag *diag);
    int (*run)(struct cli_report *r, void *arg, struct diag *diag);
    /* set: run inside one transaction, committed when it returns 0 and
     * rolled back otherwise (a change and its audit entry; the answer is
     * read before the commit, so nothing fails after it) */
    int write;
};

/* Runs a report as spec says; arg is passed to check and run. Under
 * --json an empty out (vjson_emit refused the JSON) is an error, never
 * an empty answer. Returns 0 or the first error (TR_EUSAGE for the
 * options). */
int cli_report(struct cli_ctx *ctx, int argc, char **argv,
               const struct cli_report_spec *spec, void *arg,
               struct diag *diag);

/* A report of weekly cells of one kind (`usage`, `shadow report`). */
struct cli_weekly {
    /* Fills cells (zeroed by the caller) with the cells of the weeks
     * [from, to] (Monday day numbers). */
    int (*load)(struct store *st, int64_t from, int64_t to, void *cells,
                struct diag *diag);
    /* JSON records, or a table with its notes (or a line saying there
     * is nothing in these weeks). */
    void (*render)(struct buf *out, int json, const void *cells);
    void (*release)(void *cells);
};

/* Where the records of a list go: JSON records (arr, under --json) or
 * the rows of a table (t). */
struct table;
struct cli_records {
    json_t *arr;     /* owned by cli_list_report; NULL: the table */
    struct table *t; /* borrowed */
    void *arg;       /* borrowed: cli_list_report_with's, for each() */
};
/* Adds a JSON record (consumed); returns 0, for row callbacks. */
int cli_records_add(struct cli_records *r, json_t *rec);

/* The one list of stored records (`pilot learning`, `user list`):
 * [--json] and no arguments, the workspace opened, each() fills the
 * records from the store, then {key: [records]} or the table t (its
 * header set by the caller) and note under it (NULL: none). */
int cli_list_report(struct cli_ctx *ctx, int argc, char **argv, const char *key,
                    struct table *t, const char *note,
                    int (*each)(struct store *st, struct cli_records *r,
                                struct diag *diag),
                    struct diag *diag);

/* The same list with options of its own: extra (NULL-name ended;
 * parsed before each() runs) beside --json, and arg for each()
 * in r->arg. */
int cli_list_report_with(struct cli_ctx *ctx, int argc, char **argv,
                         const char *key, struct table *t, const char *note,
                         const struct cli_opt *extra, void *arg,
                         int (*each)(struct store *st, struct cli_records *r,
                                     struct diag *diag),
                         struct diag *diag);

/* The one weekly report: the options [--week W | --since W --until W]
 * [--json] and no arguments (ISO weeks such as 2026-W37; either end of a
 * range may be left open; all weeks when no option is given), then the
 * kind's cells of those weeks loaded, rendered and printed. Returns 0 or
 * an error (TR_EUSAGE for the options). */
int cli_weekly_report(struct cli_ctx *ctx, int argc, char **argv,
                      const struct cli_weekly *w, void *cells,
                      struct diag *diag);

/* The file name recorded in the import log: the base name only (a path
 * can name a person's home directory). Borrowed from path. */
const char *cli_base_name(const char *path);


/* Writes a file users keep (a report, a playbook) through a temporary
 * file with a random name and a rename (core/safefile.h), so a failure
 * never leaves half a file and a planted link is never written through. */
int cli_write_file(const char *path, const struct buf *b, struct diag *diag);

/* A date argument (any form tstamp_parse accepts, read in UTC). */
int cli_date(const char *opt, const char *s, int64_t *out, struct diag *diag);

#endif
