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

struct add_call {
    const char *workflow, *owner, *since_s, *text[HK_COUNT];
    struct store_human h;
};

static int add_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    struct add_call *c = arg;
    int given = 0, rc = 0;

    (void)pos;
    for (int k = 0; k < HK_COUNT; k++)
        if (c->text[k]) {
            given++;
            c->h.kind = (enum human_kind)k;
            c->h.what = c->text[k];
        }
    if (given != 1)
        rc = diag_set(diag, TR_EUSAGE,
                      "one of --step, --decision or --checkpoint");
    if (!rc)
        rc = cli_text_arg("workflow", c->workflow, 1, diag);
    if (!rc)
        rc = cli_text_arg(human_kind_names[c->h.kind], c->h.what, 1, diag);
    if (!rc)
        rc = cli_text_arg("owner", c->owner, 1, diag);
    if (!rc && strlen(c->owner) > OWNER_MAX)
        rc = diag_set(diag, TR_EUSAGE, "--owner is longer than %d bytes",
                      OWNER_MAX);
    if (!rc)
        rc = cli_when("since", c->since_s, &c->h.since, diag);
    c->h.workflow = c->workflow;
    c->h.owner = c->owner;
    c->h.since = tstamp_day(c->h.since) * 86400; /* a date */
    return rc;
}

static int add_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct add_call *c = arg;
    struct store_human *h = &c->h;
    int64_t id = 0;
    int added = 0;
    int rc = store_human_set(r->st, h, &id, &added, diag);

    if (rc)
        return rc;
    h->id = id;
    if (r->json) {
        vjson_emit(&r->out, vhuman_json(h));
    } else {
        buf_addf(&r->out, "%s %lld: in '%s' the %s '%s' stays human, owned "
                          "by %s since ",
                 added ? "added" : "updated", (long long)id, h->workflow,
                 human_kind_names[h->kind], h->what, h->owner);
        tstamp_format_day(&r->out, h->since);
        buf_putc(&r->out, '\n');
    }
    return 0;
}

static int cmd_add(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    struct add_call c;
    const struct cli_opt opts[] = {{"workflow", CLI_STR, &c.workflow},
                                   {"step", CLI_STR, &c.text[HK_STEP]},
                                   {"decision", CLI_STR, &c.text[HK_DECISION]},
                                   {"checkpoint", CLI_STR,
                                    &c.text[HK_CHECKPOINT]},
                                   {"owner", CLI_STR, &c.owner},
                                   {"since", CLI_STR, &c.since_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, add_check, add_run, 1};

    memset(&c, 0, sizeof(c));
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int remove_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    return cli_record_id("register entry", pos->v[0], arg, diag);
}

static int remove_run(struct cli_report *r, void *arg, struct diag *diag)
{
    int64_t id = *(int64_t *)arg;
    int rc = store_human_remove(r->st, id, diag);

    if (!rc && r->json)
        vjson_emit(&r->out, json_pack("{s:I, s:s}", "id", (json_int_t)id,
                                      "state", "removed"));
    else if (!rc)
        buf_addf(&r->out, "removed %lld from the register\n",
                 (long long)id);
    return rc;
}

static int cmd_remove(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 1, 1, remove_check,
                                                remove_run, 1};
    int64_t id = 0;

    return cli_report(ctx, argc, argv, &spec, &id, diag);
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
    {"remove", "N [--json]", "take an entry off the register",
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
