/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction friction`: the backlog of friction the surveys found, so
 * "fix the friction before use" has a place to live. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/voice.h"
#include "store/store.h"
#include "store/voice.h"
#include "view/json.h"
#include "view/table.h"
#include "view/voice_view.h"

/* Updates the backlog and renders it (all items, or those not resolved). */
static int backlog(struct store *st, double share, int all, int json,
                   struct buf *out, struct diag *diag)
{
    struct voice_friction f;
    struct table t;
    json_t *arr;
    size_t shown = 0;
    int rc = store_begin(st, diag);

    if (!rc)
        rc = voice_friction_update(st, share, 1, &f, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    arr = json_array();
    table_init(&t, 8, 0x20);
    table_cell(&t, "id");
    table_cell(&t, "unit");
    table_cell(&t, "workflow");
    table_cell(&t, "category");
    table_cell(&t, "raised by");
    table_cell(&t, "share");
    table_cell(&t, "status");
    table_cell(&t, "since");
    for (size_t i = 0; i < f.n; i++) {
        const struct voice_friction_item *it = &f.v[i];

        if (!all && !strcmp(it->status, "resolved"))
            continue;
        shown++;
        json_array_append_new(arr, vvoice_friction_json(it));
        table_cellf(&t, "%lld", (long long)it->id);
        table_cell(&t, it->unit);
        table_cell(&t, *it->workflow ? it->workflow : "(any)");
        table_cell(&t, it->category);
        table_cell(&t, it->raised_wave);
        table_cellf(&t, "%.0f%%", 100 * it->share);
        if (it->owner)
            table_cellf(&t, "%s (%s)", it->status, it->owner);
        else
            table_cell(&t, it->status);
        if (it->gone < 0)
            table_cell(&t, "not measured since");
        else
            table_cellf(&t, "%s: %.0f%% (%s)", it->since_wave,
                        100 * it->since_share,
                        it->gone ? "went away" : "still there");
    }
    if (json)
        vjson_emit(out, json_pack("{s:f, s:I, s:o}", "threshold", share,
                                  "raised", (json_int_t)f.raised, "items",
                                  arr));
    else {
        json_decref(arr);
        if (f.raised)
            buf_addf(out, "%ld new item%s from the survey results\n",
                     f.raised, f.raised == 1 ? "" : "s");
        if (shown)
            table_render(&t, out);
        else
            buf_puts(out, "no friction on the backlog\n");
    }
    table_release(&t);
    voice_friction_release(&f);
    return 0;
}

struct list_call {
    const char *share_s;
    int all;
    double share;
};

static int list_check(const struct cli_list *pos, void *arg,
                      struct diag *diag)
{
    struct list_call *c = arg;

    (void)pos;
    return cli_number("threshold", c->share_s, 0.01, 1, &c->share, diag);
}

static int list_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct list_call *c = arg;

    return backlog(r->st, c->share, c->all, r->json, &r->out, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct list_call c = {NULL, 0, VOICE_FRICTION_SHARE};
    const struct cli_opt opts[] = {{"threshold", CLI_STR, &c.share_s},
                                   {"all", CLI_FLAG, &c.all},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, list_check, list_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

/* assign ID --owner NAME, resolve ID --note TEXT */
struct set_call {
    const char *status, *owner, *note;
    long long id;
};

static int set_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    struct set_call *c = arg;
    char *end = NULL;

    errno = 0;
    c->id = strtoll(pos->v[0], &end, 10);
    if (errno || *end || c->id <= 0)
        return diag_set(diag, TR_EUSAGE, "'%s' is not an item number",
                        pos->v[0]);
    if (!strcmp(c->status, "assigned") && (!c->owner || !*c->owner))
        return diag_set(diag, TR_EUSAGE, "friction assign needs --owner");
    if (!strcmp(c->status, "resolved") && (!c->note || !*c->note))
        return diag_set(diag, TR_EUSAGE,
                        "friction resolve needs --note (what was done)");
    return 0;
}

static int set_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct set_call *c = arg;
    int rc = store_begin(r->st, diag); /* the change and its audit entry */

    if (!rc)
        rc = store_friction_set(r->st, c->id, c->status, c->owner, c->note,
                                diag);
    if (!rc)
        rc = store_commit(r->st, diag);
    if (rc) {
        store_rollback(r->st);
        return rc;
    }
    if (r->json)
        vjson_emit(&r->out, json_pack("{s:I, s:s}", "id", (json_int_t)c->id,
                                      "status", c->status));
    else
        buf_addf(&r->out, "friction item %lld: %s\n", c->id, c->status);
    return 0;
}

static int set_item(struct cli_ctx *ctx, int argc, char **argv,
                    const char *status, struct diag *diag)
{
    struct set_call c = {status, NULL, NULL, 0};
    const struct cli_opt opts[] = {{"owner", CLI_STR, &c.owner},
                                   {"note", CLI_STR, &c.note},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 1, 1, set_check, set_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static int cmd_assign(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    return set_item(ctx, argc, argv, "assigned", diag);
}

static int cmd_resolve(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    return set_item(ctx, argc, argv, "resolved", diag);
}

static const struct cli_cmd friction_kinds[] = {
    {"list", "[--threshold SHARE] [--all] [--json]",
     "the friction backlog, brought up to date",
     "Each friction category that at least SHARE (default 0.30) of a\n"
     "unit's respondents named for a workflow, in a wave's results as\n"
     "they are shown (units merged and results hidden as 'survey\n"
     "results --by unit' does: a hidden result raises nothing), becomes\n"
     "an item: the unit, workflow and category, the wave that raised it\n"
     "and its share, its status and owner, and the latest later wave\n"
     "that measured it, with whether it went away (below SHARE). An item\n"
     "is raised once while it is open; after it is resolved a later wave\n"
     "can raise it again. Resolved items are listed with --all.\n"
     "\n  --threshold SHARE   the share that raises an item (0.01 to 1)\n"
     "  --all               resolved items too\n"
     "  --json              as JSON\n",
     cmd_list, NULL},
    {"assign", "ID --owner NAME [--json]", "give an item an owner",
     "Sets the item's owner (who fixes it: a role or a name of the\n"
     "people leading adoption) and its status to assigned.\n"
     "\n  --owner NAME   the owner\n  --json         as JSON\n",
     cmd_assign, NULL},
    {"resolve", "ID --note TEXT [--json]", "mark an item resolved",
     "Records what was done; the next wave's results show whether the\n"
     "friction went away ('friction list --all').\n"
     "\n  --note TEXT   what was done\n  --json        as JSON\n",
     cmd_resolve, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_friction_cmds[] = {
    {"friction", "KIND ...", "the friction backlog from the surveys",
     "Friction the pulse surveys found, with an owner and a status, and\n"
     "whether a later wave shows it went away.\n",
     NULL, friction_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
