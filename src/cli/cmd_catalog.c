/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction catalog`: what the AI-service catalog says about hosts. */
#include "cli/cli.h"

#include <string.h>

#include "catalog/catalog.h"
#include "store/store.h"
#include "store/shadow.h"
#include "view/json.h"
#include "view/table.h"

int cli_catalog_load(struct catalog *c, const struct cli_list *files,
                     struct diag *diag)
{
    int rc;

    diag_context(diag, "built-in catalog");
    rc = catalog_load_builtin(c, diag);
    for (size_t i = 0; i < files->n && !rc; i++) {
        diag_context(diag, "cannot load catalog '%s'", files->v[i]);
        rc = catalog_load_file(c, files->v[i], diag);
    }
    return rc;
}

static json_t *rule_json(const struct catalog *c, const struct catalog_rule *r)
{
    const struct catalog_service *s = &c->services[r->service];

    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "rule", r->host,
                     "match", r->full ? "full" : "domain", "service", s->name,
                     "vendor", s->vendor, "category", s->category, "role",
                     catalog_role_names[r->role], "use",
                     catalog_counts_as_use(r->role));
}

static int cmd_check(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    struct cli_list files = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {{"catalog", CLI_LIST, &files},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct catalog c;
    struct buf out = BUF_INIT;
    json_t *arr = NULL;
    int rc;

    (void)ctx;
    catalog_init(&c);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 100000, diag);
    if (!rc)
        rc = cli_catalog_load(&c, &files, diag);
    if (rc)
        goto out;
    arr = json_array();
    for (size_t i = 0; i < pos.n; i++) {
        char host[CATALOG_HOST_MAX + 1];
        size_t n = catalog_host(pos.v[i], strlen(pos.v[i]), host);
        const struct catalog_rule *r = n ? catalog_match(&c, host, n) : NULL;
        json_t *j = r ? rule_json(&c, r) : json_object();

        json_object_set_new(j, "host", json_string(pos.v[i]));
        if (!r)
            json_object_set_new(j, "service", json_null());
        if (!json) {
            if (r)
                buf_addf(&out, "%s: %s (%s, %s), role %s%s\n", pos.v[i],
                         c.services[r->service].name,
                         c.services[r->service].vendor,
                         c.services[r->service].category,
                         catalog_role_names[r->role],
                         catalog_counts_as_use(r->role)
                             ? ""
                             : ": not counted as use");
            else
                buf_addf(&out, "%s: not an AI service in the catalog\n",
                         pos.v[i]);
        }
        json_array_append_new(arr, j);
    }
    if (json)
        vjson_emit(&out, arr);
    else
        json_decref(arr);
    rc = cli_out(&out, diag);
out:
    catalog_release(&c);
    buf_release(&out);
    cli_list_release(&files);
    cli_list_release(&pos);
    return rc;
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct cli_list files = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {{"catalog", CLI_LIST, &files},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct catalog c;
    struct buf out = BUF_INIT;
    int rc;

    (void)ctx;
    catalog_init(&c);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = cli_catalog_load(&c, &files, diag);
    if (rc)
        goto out;
    if (json) {
        json_t *arr = json_array();

        for (size_t i = 0; i < c.nrules; i++)
            json_array_append_new(arr, rule_json(&c, &c.rules[i]));
        vjson_emit(&out, arr);
    } else {
        struct table t;

        table_init(&t, 6, 0);
        table_cell(&t, "rule");
        table_cell(&t, "match");
        table_cell(&t, "service");
        table_cell(&t, "vendor");
        table_cell(&t, "category");
        table_cell(&t, "role");
        for (size_t i = 0; i < c.nrules; i++) {
            const struct catalog_rule *r = &c.rules[i];

            table_cell(&t, r->host);
            table_cell(&t, r->full ? "full" : "domain");
            table_cell(&t, c.services[r->service].name);
            table_cell(&t, c.services[r->service].vendor);
            table_cell(&t, c.services[r->service].category);
            table_cell(&t, catalog_role_names[r->role]);
        }
        table_render(&t, &out);
        table_release(&t);
        buf_addf(&out, "\n%zu rules, %zu services\n", c.nrules, c.nservices);
    }
    rc = cli_out(&out, diag);
out:
    catalog_release(&c);
    buf_release(&out);
    cli_list_release(&files);
    cli_list_release(&pos);
    return rc;
}

static int cmd_mark(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    static const char *const statuses[] = {"approved", "tolerated",
                                           "blocked", "unknown"};
    struct cli_list files = {0}, pos = {0};
    struct cli_opt opts[] = {{"catalog", CLI_LIST, &files}, {NULL, 0, NULL}};
    struct catalog c;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t idx;
    size_t k = 0;
    int rc;

    catalog_init(&c);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 2, 2, diag);
    while (!rc && k < 4 && strcmp(pos.v[1], statuses[k]))
        k++;
    if (!rc && k == 4)
        rc = diag_set(diag, TR_EUSAGE,
                      "status: approved, tolerated, blocked or unknown");
    if (!rc)
        rc = cli_catalog_load(&c, &files, diag);
    if (!rc && !strmap_gets(&c.by_name, pos.v[0], &idx))
        rc = diag_set(diag, TR_ENOENT,
                      "no service '%s' in the catalog (see 'traction "
                      "catalog list'; names are case-sensitive)",
                      pos.v[0]);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = store_begin(st, diag); /* the mark and its audit entry */
    if (!rc)
        rc = store_service_mark(st, pos.v[0], c.services[idx].vendor,
                                c.services[idx].category, statuses[k], diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        store_rollback(st);
    if (!rc) {
        buf_addf(&out, "%s is now %s%s\n", pos.v[0], statuses[k],
                 k == 0 ? ": its use no longer counts as shadow demand" : "");
        rc = cli_out(&out, diag);
    }
    store_close(st);
    catalog_release(&c);
    buf_release(&out);
    cli_list_release(&files);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd catalog_kinds[] = {
    {"check", "HOST... [--catalog FILE]... [--json]",
     "which AI service a host belongs to, and whether it counts as use",
     "Hosts are matched as logs write them (any case, a trailing dot, a\n"
     "port): the exact host first, then the longest matching domain. Roles\n"
     "ui, api and auth count as use; static and marketing do not.\n"
     "--catalog adds a file with the same columns as the built-in one\n"
     "(data/catalog/ai-services.tsv); its rules win.\n",
     cmd_check, NULL},
    {"list", "[--catalog FILE]... [--json]", "every rule of the catalog",
     "The built-in catalog (seeded from the MIT-licensed v2fly lists and\n"
     "reviewed), plus --catalog files.\n",
     cmd_list, NULL},
    {"mark", "SERVICE approved|tolerated|blocked|unknown [--catalog FILE]",
     "record the organisation's stance on a service",
     "Approved services are the organisation's own tools: their traffic\n"
     "is not shadow demand in 'traction trap'. Tolerated and blocked are\n"
     "recorded for governance; both still count as demand.\n",
     cmd_mark, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_catalog_cmds[] = {
    {"catalog", "KIND", "the AI-service catalog",
     "Hosts of AI services, by service, vendor, category and role.\n", NULL,
     catalog_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
