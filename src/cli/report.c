/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The skeletons every report of one kind shares: weekly cells
 * (cli_weekly_report) and lists of stored records (cli_list_report). */
#include "cli/cli.h"

#include <stdint.h>

#include "core/tstamp.h"
#include "store/store.h"
#include "view/json.h"
#include "view/table.h"

/* The weeks of --week, or of --since and --until. */
static int weeks_of(const char *week, const char *since, const char *until,
                    int64_t *from, int64_t *to, struct diag *diag)
{
    static const char *const what = "an ISO week such as 2026-W37";

    *from = 0;
    *to = INT64_MAX / 2;
    if (week && (since || until))
        return diag_set(diag, TR_EUSAGE,
                        "--week: one week, or --since and --until");
    if (week && tstamp_parse_isoweek(week, from))
        return diag_set(diag, TR_EUSAGE, "--week: %s", what);
    if (week)
        *to = *from;
    if (since && tstamp_parse_isoweek(since, from))
        return diag_set(diag, TR_EUSAGE, "--since: %s", what);
    if (until && tstamp_parse_isoweek(until, to))
        return diag_set(diag, TR_EUSAGE, "--until: %s", what);
    return 0;
}

int cli_weekly_report(struct cli_ctx *ctx, int argc, char **argv,
                      const struct cli_weekly *w, void *cells,
                      struct diag *diag)
{
    const char *week = NULL, *since = NULL, *until = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"week", CLI_STR, &week},
                             {"since", CLI_STR, &since},
                             {"until", CLI_STR, &until},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t from, to;
    int rc = cli_parse(argc, argv, opts, &pos, diag);

    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = weeks_of(week, since, until, &from, &to, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = w->load(st, from, to, cells, diag);
    if (!rc) {
        w->render(&out, json, cells);
        rc = cli_out(&out, diag);
    }
    w->release(cells);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

int cli_records_add(struct cli_records *r, json_t *rec)
{
    json_array_append_new(r->arr, rec);
    return 0;
}

int cli_list_report(struct cli_ctx *ctx, int argc, char **argv, const char *key,
                    struct table *t, const char *note,
                    int (*each)(struct store *st, struct cli_records *r,
                                struct diag *diag),
                    struct diag *diag)
{
    return cli_list_report_with(ctx, argc, argv, key, t, note, NULL, NULL,
                                each, diag);
}

#define LIST_EXTRA_MAX 8

int cli_list_report_with(struct cli_ctx *ctx, int argc, char **argv,
                         const char *key, struct table *t, const char *note,
                         const struct cli_opt *extra, void *arg,
                         int (*each)(struct store *st, struct cli_records *r,
                                     struct diag *diag),
                         struct diag *diag)
{
    int json = 0;
    struct cli_opt opts[LIST_EXTRA_MAX + 2];
    struct cli_list pos = {0};
    struct cli_records r = {NULL, t, arg};
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    size_t n = 0;
    int rc;

    for (; extra && extra[n].name && n < LIST_EXTRA_MAX; n++)
        opts[n] = extra[n];
    opts[n++] = (struct cli_opt){"json", CLI_FLAG, &json};
    opts[n] = (struct cli_opt){NULL, 0, NULL};
    rc = cli_parse(argc, argv, opts, &pos, diag);

    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc && json)
        r.arr = json_array();
    if (!rc)
        rc = each(st, &r, diag);
    if (!rc && json)
        vjson_emit(&out, json_pack("{s:O}", key, r.arr));
    else if (!rc) {
        table_render(t, &out);
        if (note)
            buf_puts(&out, note);
    }
    if (!rc)
        rc = cli_out(&out, diag);
    json_decref(r.arr);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}
