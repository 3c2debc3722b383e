/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction audit log|verify|export`: the audit trail, a hash chain of
 * every state change with its head beside the key file (store/audit.h). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/safefile.h"
#include "core/tstamp.h"
#include "store/audit.h"
#include "store/store.h"
#include "view/json.h"
#include "view/table.h"

/* An entry as JSON; details parsed (as_text 0) or the exact text that
 * was hashed (as_text 1). */
static json_t *entry_json(const struct store_audit_entry *e, int as_text)
{
    json_t *details = as_text ? NULL : json_loads(e->details, 0, NULL);

    if (!details)
        details = vjson_text(e->details);
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "seq",
                     (json_int_t)e->seq, "at", (json_int_t)e->at, "time",
                     vjson_time(e->at), "actor", vjson_text(e->actor),
                     "action", vjson_text(e->action), "subject",
                     vjson_text(e->subject), "details", details, "prev",
                     e->prev, "hash", e->hash);
}

static int on_log(void *ctx, const struct store_audit_entry *e,
                  struct diag *diag)
{
    struct cli_records *r = ctx;
    struct buf when = BUF_INIT;

    (void)diag;
    if (r->arr)
        return cli_records_add(r, entry_json(e, 0));
    tstamp_format_iso(&when, e->at);
    table_cellf(r->t, "%lld", (long long)e->seq);
    table_cell(r->t, buf_str(&when));
    table_cell(r->t, e->actor);
    table_cell(r->t, e->action);
    table_cell(r->t, e->subject);
    buf_release(&when);
    return 0;
}

static int each_entry(struct store *st, struct cli_records *r,
                      struct diag *diag)
{
    return store_audit_entries(st, on_log, r, diag);
}

static int cmd_log(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    struct table t;
    int rc;

    table_init(&t, 5, 0x1);
    table_cell(&t, "seq");
    table_cell(&t, "time");
    table_cell(&t, "actor");
    table_cell(&t, "action");
    table_cell(&t, "subject");
    rc = cli_list_report(ctx, argc, argv, "entries", &t, NULL, each_entry,
                         diag);
    table_release(&t);
    return rc;
}

static int verify_run(struct cli_report *r, void *arg, struct diag *diag)
{
    const char *head = arg;
    struct store_audit_check c;
    int rc = store_audit_verify(r->st, &c, diag);

    if (rc)
        return rc;
    if (r->json)
        vjson_emit(
            &r->out,
            json_pack("{s:I, s:b, s:s, s:o, s:o, s:o}", "entries",
                      (json_int_t)c.entries, "intact", !c.bad, "head_file",
                      head, "head_seq",
                      c.head_seq < 0 ? json_null()
                                     : json_integer((json_int_t)c.head_seq),
                      "bad_entry",
                      c.bad ? json_integer((json_int_t)c.bad) : json_null(),
                      "problem", c.bad ? json_string(c.why) : json_null()));
    else if (!c.bad && c.head_seq < 0) /* nothing recorded yet */
        buf_addf(&r->out, "0 entries, no head file yet (%s)\n", head);
    else if (!c.bad)
        buf_addf(&r->out, "%lld entries, chain intact, head matches %s\n",
                 (long long)c.entries, head);
    if (!c.bad)
        return 0;
    /* the JSON still goes out: the error is the exit status's */
    if (r->json)
        cli_out(&r->out, diag);
    return diag_set(diag, TR_EINVAL,
                    "the audit trail is broken at entry %lld: %s "
                    "(head file '%s')",
                    (long long)c.bad, c.why, head);
}

static int cmd_verify(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 0, NULL,
                                                verify_run};
    char *head = store_audit_head_path(ctx->db_path);
    int rc = cli_report(ctx, argc, argv, &spec, head, diag);

    free(head);
    return rc;
}

struct export {
    struct buf *out;
    int rc;
};

static int on_export(void *ctx, const struct store_audit_entry *e,
                     struct diag *diag)
{
    struct export *x = ctx;
    json_t *j = entry_json(e, 1);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

    json_decref(j);
    if (!s)
        return diag_set(diag, TR_EINVAL, "cannot write audit entry %lld",
                        (long long)e->seq);
    buf_puts(x->out, s);
    buf_putc(x->out, '\n');
    free(s);
    return 0;
}

/* The export's first line: what it is and how to check it. */
static const char export_how[] =
    "each later line is an entry; hash = SHA-256 over the previous "
    "entry's hash (32 bytes, zeros before entry 1) followed by seq and at "
    "(8-byte big-endian integers each) and actor, action, subject and "
    "details (the JSON text exactly as given; each a 4-byte big-endian "
    "length and its UTF-8 bytes); prev of each entry is the hash before "
    "it; the last hash must equal the head";

static int cmd_export(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *file = NULL;
    struct cli_opt opts[] = {{"output", CLI_STR, &file}, {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store_audit_check c;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    struct export x = {&out, 0};
    json_t *first = NULL;
    char *s = NULL;
    int rc;

    for (int i = 1; i < argc; i++) /* accept -o like other tools */
        if (!strcmp(argv[i], "-o"))
            argv[i] = (char *)"--output";
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_audit_verify(st, &c, diag);
    if (rc)
        goto out;
    first = json_pack("{s:s, s:I, s:o, s:b, s:o, s:s}", "format",
                      "traction audit trail 1", "entries",
                      (json_int_t)c.entries, "head_seq",
                      c.head_seq < 0 ? json_null()
                                     : json_integer((json_int_t)c.head_seq),
                      "intact", !c.bad, "problem",
                      c.bad ? json_string(c.why) : json_null(), "how_to_check",
                      export_how);
    s = first ? json_dumps(first, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (!s) {
        rc = diag_set(diag, TR_EINVAL, "cannot write the audit trail");
        goto out;
    }
    buf_puts(&out, s);
    buf_putc(&out, '\n');
    rc = store_audit_entries(st, on_export, &x, diag);
    if (!rc)
        rc = file ? safefile_write(file, out.data, out.len, SAFEFILE_SHARED,
                                   diag)
                  : cli_out(&out, diag);
out:
    json_decref(first);
    free(s);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd audit_sub[] = {
    {"log", "[--json]", "list the audit trail's entries",
     "Lists every entry of the audit trail, oldest first: its sequence\n"
     "number, time (UTC), actor (a dashboard account, or cli:USER for the\n"
     "command line), action and subject.\n"
     "\n"
     "  --json  {entries: [{seq, at, time, actor, action, subject,\n"
     "          details, prev, hash}]} (docs/json.md)\n",
     cmd_log, NULL},
    {"verify", "[--json]", "check the audit trail's hash chain and head",
     "Recomputes every entry's hash from its content and the hash before\n"
     "it, checks the sequence has no gaps, and compares the last entry\n"
     "with the head file beside the key file (traction.audit-head beside\n"
     "traction.key). Prints 'N entries, chain intact, head matches FILE'\n"
     "('0 entries, no head file yet' before the first change), or exits\n"
     "1 naming the first bad entry: an edited entry, a removed\n"
     "one, entries reordered, entries removed from the end, or a chain\n"
     "that differs from the head (the database replaced).\n"
     "\n"
     "  --json  {entries, intact, head_file, head_seq, bad_entry, problem}\n",
     cmd_verify, NULL},
    {"export", "[-o|--output FILE]",
     "the audit trail as JSON lines for auditors",
     "Writes the audit trail as JSON lines: first a line saying what it\n"
     "is, how many entries, the head file's sequence number, whether the\n"
     "chain verified, and how to recompute the hashes; then one line per\n"
     "entry with its details as the exact text that was hashed.\n"
     "\n"
     "  -o, --output FILE  write to FILE instead of standard output\n",
     cmd_export, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_audit_cmds[] = {
    {"audit", "KIND", "audit trail: who changed what, in a hash chain",
     "Every state change (imports, pilots registered, decided or changed,\n"
     "catalog marks, survey waves opened and closed, dashboard accounts)\n"
     "is appended to a hash chain in the workspace; its head is also kept\n"
     "beside the key file (docs/guide.md, 'Audit trail').\n",
     NULL, audit_sub},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
