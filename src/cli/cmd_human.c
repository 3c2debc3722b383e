/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction human`: the register of what stays human, per workflow:
 * the steps and decisions that stay human-led and the checkpoint where
 * a person reviews the AI's output, with an owner and a date. */
#include "cli/cli.h"

#include <string.h>

#include "core/tstamp.h"
#include "store/human.h"
#include "store/store.h"
#include "view/gov_view.h"
#include "view/json.h"
#include "view/table.h"

#define OWNER_MAX 200 /* bytes of an owner */

static int cmd_add(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    const char *workflow = NULL, *owner = NULL, *since_s = NULL,
               *text[HK_COUNT] = {NULL, NULL, NULL};
    int json = 0, added = 0;
    struct cli_opt opts[] = {{"workflow", CLI_STR, &workflow},
                             {"step", CLI_STR, &text[HK_STEP]},
                             {"decision", CLI_STR, &text[HK_DECISION]},
                             {"checkpoint", CLI_STR, &text[HK_CHECKPOINT]},
                             {"owner", CLI_STR, &owner},
                             {"since", CLI_STR, &since_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct store_human h;
    struct buf out = BUF_INIT;
    int64_t id = 0;
    int given = 0, rc = cli_parse(argc, argv, opts, &pos, diag);

    memset(&h, 0, sizeof(h));
    for (int k = 0; k < HK_COUNT; k++)
        if (text[k]) {
            given++;
            h.kind = (enum human_kind)k;
            h.what = text[k];
        }
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && given != 1)
        rc = diag_set(diag, TR_EUSAGE,
                      "one of --step, --decision or --checkpoint");
    if (!rc)
        rc = cli_text_arg("workflow", workflow, 1, diag);
    if (!rc)
        rc = cli_text_arg(human_kind_names[h.kind], h.what, 1, diag);
    if (!rc)
        rc = cli_text_arg("owner", owner, 1, diag);
    if (!rc && strlen(owner) > OWNER_MAX)
        rc = diag_set(diag, TR_EUSAGE, "--owner is longer than %d bytes",
                      OWNER_MAX);
    if (!rc)
        rc = cli_when("since", since_s, &h.since, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc) {
        h.workflow = workflow;
        h.owner = owner;
        h.since = tstamp_day(h.since) * 86400; /* a date */
        rc = store_begin(st, diag);
        if (!rc)
            rc = store_human_set(st, &h, &id, &added, diag);
        if (!rc)
            rc = store_commit(st, diag);
        if (rc)
            store_rollback(st);
    }
    if (!rc && json) {
        h.id = id;
        rc = vjson_emit(&out, vhuman_json(&h));
    } else if (!rc) {
        buf_addf(&out, "%s %lld: in '%s' the %s '%s' stays human, owned by "
                       "%s since ",
                 added ? "added" : "updated", (long long)id, workflow,
                 human_kind_names[h.kind], h.what, owner);
        tstamp_format_day(&out, h.since);
        buf_putc(&out, '\n');
    }
    if (!rc)
        rc = cli_out(&out, diag);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int cmd_remove(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t id = 0;
    int rc = cli_parse(argc, argv, opts, &pos, diag);

    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_record_id("register entry", pos.v[0], &id, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc) {
        rc = store_begin(st, diag);
        if (!rc)
            rc = store_human_remove(st, id, diag);
        if (!rc)
            rc = store_commit(st, diag);
        if (rc)
            store_rollback(st);
    }
    if (!rc) {
        buf_addf(&out, "removed %lld from the register\n", (long long)id);
        rc = cli_out(&out, diag);
    }
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static int on_entry(void *ctx, const struct store_human *h, struct diag *diag)
{
    struct cli_records *r = ctx;
    struct buf b = BUF_INIT;

    (void)diag;
    if (r->arr)
        return cli_records_add(r, vhuman_json(h));
    buf_addf(&b, "%lld", (long long)h->id);
    table_cell(r->t, buf_str(&b));
    table_cell(r->t, h->workflow);
    table_cell(r->t, human_kind_names[h->kind]);
    table_cell(r->t, h->what);
    table_cell(r->t, h->owner);
    buf_reset(&b);
    tstamp_format_day(&b, h->since);
    table_cell(r->t, buf_str(&b));
    buf_release(&b);
    return 0;
}

static int each_entry(struct store *st, struct cli_records *r,
                      struct diag *diag)
{
    return store_humans(st, on_entry, r, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    static const char *const head[] = {"id",    "workflow", "kind",
                                       "what stays human", "owner", "since"};
    struct table t;
    int rc;

    table_init(&t, 6, 0);
    for (size_t i = 0; i < 6; i++)
        table_cell(&t, head[i]);
    rc = cli_list_report(ctx, argc, argv, "register", &t, NULL, each_entry,
                         diag);
    table_release(&t);
    return rc;
}

static const struct cli_cmd human_kinds[] = {
    {"add",
     "--workflow W (--step TEXT | --decision TEXT | --checkpoint TEXT)\n"
     "       --owner OWNER [--since DATE] [--json]",
     "say what stays human in a workflow",
     "A step people keep doing, a decision people keep taking, or the\n"
     "checkpoint where a person reviews the AI's output before it is\n"
     "used; OWNER answers for it (a role or a name, as you write it),\n"
     "from --since (default today). The same workflow, kind and text\n"
     "again updates its owner and date. Every change is in the audit\n"
     "trail; every signed-in user reads the register on the dashboard\n"
     "(/human).\n",
     cmd_add, NULL},
    {"remove", "N", "take an entry off the register",
     "Recorded in the audit trail with what the entry said.\n", cmd_remove,
     NULL},
    {"list", "[--json]", "the register, by workflow",
     "Steps, decisions and checkpoints per workflow, with owner and\n"
     "date.\n",
     cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_human_cmds[] = {
    {"human", "KIND", "the register of what stays human",
     "Per workflow, the steps and decisions that stay human-led and the\n"
     "human-review checkpoint for AI output: add, remove, list.\n",
     NULL, human_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
