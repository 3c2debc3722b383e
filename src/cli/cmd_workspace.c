/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Commands that create and describe the workspace: init, status. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/tstamp.h"
#include "store/store.h"
#include "view/json.h"

static int cmd_init(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, CLI_FLAG, NULL}};
    struct cli_list pos = {0};
    struct pseudo_key key;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    char *key_path = NULL;
    int rc, reused = 0, created = 0;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (rc)
        goto out;
    key_path = pseudo_key_path(ctx->db_path);
    if (access(ctx->db_path, F_OK) == 0) {
        rc = diag_set(diag, TR_EEXIST,
                      "workspace '%s' already exists; nothing was changed",
                      ctx->db_path);
        goto out;
    }
    if (access(key_path, F_OK) == 0) {
        /* An existing key keeps pseudonyms stable when a workspace is
         * rebuilt from its sources; it must still be a valid key. */
        rc = pseudo_key_load(key_path, &key, diag);
        reused = 1;
    } else {
        rc = pseudo_key_create(key_path, &key, diag);
        created = !rc;
    }
    if (!rc)
        rc = store_open(ctx->db_path, STORE_CREATE, &st, diag);
    if (!rc)
        rc = store_key_verify(st, &key, diag);
    if (rc) {
        /* a failed init leaves nothing: not the workspace, nor the key
         * it created (a key that was there stays) */
        store_discard(st);
        st = NULL;
        if (created)
            unlink(key_path);
        goto out;
    }
    buf_addf(&out,
             "created workspace '%s' (schema version %d)\n"
             "%s pseudonymisation key '%s'\n"
             "keep the key file safe and out of the workspace's backups: "
             "without it new data cannot be joined to old\n",
             ctx->db_path, store_version(st), reused ? "using existing" :
             "created", key_path);
    rc = cli_out(&out, diag);
out:
    store_close(st);
    free(key_path);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static void status_text(struct buf *out, const char *path,
                        const struct store_status *s)
{
    buf_addf(out, "workspace   %s (schema version %d)\n", path, s->version);
    buf_addf(out, "units       %ld (%ld teams)\n", s->units, s->teams);
    buf_addf(out, "people      %ld active, %ld managers, %ld left\n",
             s->people, s->managers, s->people_left);
    buf_addf(out, "work items  %ld (%ld open) from %ld source(s), %ld "
             "workflow(s), %ld tool(s)\n",
             s->items, s->items_open, s->sources, s->workflows, s->tools);
    if (s->first_item) {
        buf_puts(out, "finished    ");
        tstamp_format_day(out, s->first_item);
        buf_puts(out, " to ");
        tstamp_format_day(out, s->last_item);
        buf_putc(out, '\n');
    }
    buf_addf(out, "pilots      %ld (%ld running, %ld scaled, %ld retired)\n",
             s->pilots, s->pilots_running, s->pilots_scaled,
             s->pilots_retired);
    buf_addf(out, "telemetry   %ld week(s) of approved-tool activity\n",
             s->usage_weeks);
    buf_addf(out, "shadow AI   %ld week(s) of demand for %ld service(s)\n",
             s->shadow_weeks, s->services);
    buf_addf(out, "imports     %ld\n", s->imports);
}

static json_t *status_json(const char *path, const struct store_status *s)
{
    return json_pack("{s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
                     "s:I, s:I, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I, "
                     "s:I, s:I}",
                     "workspace", path, "schema_version", s->version,
                     "units", (json_int_t)s->units,
                     "teams", (json_int_t)s->teams,
                     "people", (json_int_t)s->people,
                     "managers", (json_int_t)s->managers,
                     "people_left", (json_int_t)s->people_left,
                     "sources", (json_int_t)s->sources,
                     "workflows", (json_int_t)s->workflows,
                     "tools", (json_int_t)s->tools,
                     "items", (json_int_t)s->items,
                     "items_open", (json_int_t)s->items_open,
                     "first_finished", vjson_time(s->first_item),
                     "last_finished", vjson_time(s->last_item),
                     "imports", (json_int_t)s->imports,
                     "pilots", (json_int_t)s->pilots,
                     "pilots_running", (json_int_t)s->pilots_running,
                     "pilots_scaled", (json_int_t)s->pilots_scaled,
                     "pilots_retired", (json_int_t)s->pilots_retired,
                     "usage_weeks", (json_int_t)s->usage_weeks,
                     "shadow_weeks", (json_int_t)s->shadow_weeks,
                     "services", (json_int_t)s->services);
}

static int status_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct store_status s;
    int rc = store_status(r->st, &s, diag);

    (void)arg;
    if (!rc && r->json)
        vjson_emit(&r->out, status_json(r->ctx->db_path, &s));
    else if (!rc)
        status_text(&r->out, r->ctx->db_path, &s);
    return rc;
}

static int cmd_status(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 0, NULL,
                                                status_run};

    return cli_report(ctx, argc, argv, &spec, NULL, diag);
}

const struct cli_cmd cli_workspace_cmds[] = {
    {"init", "", "create a new workspace and its pseudonymisation key",
     "Creates the workspace file (./traction.db, or --db PATH, or\n"
     "$TRACTION_DB) and the key beside it (traction.key, mode 0600; or\n"
     "$TRACTION_KEY). An existing key file is reused, so a workspace\n"
     "rebuilt from its sources keeps the same pseudonyms. Refuses to touch\n"
     "an existing workspace.\n",
     cmd_init, NULL},
    {"status", "[--json]", "summarise the workspace",
     "Prints the schema version and counts of units, teams, people,\n"
     "work items and imports. Opening an older workspace migrates it.\n"
     "\n  --json   one JSON object\n",
     cmd_status, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
