/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The skeleton every report shares (cli_report), and the two kinds built
 * on it: weekly cells (cli_weekly_report) and lists of stored records
 * (cli_list_report). */
#include "cli/cli.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "view/json.h"
#include "view/table.h"

int cli_report(struct cli_ctx *ctx, int argc, char **argv,
               const struct cli_report_spec *spec, void *arg,
               struct diag *diag)
{
    struct cli_report r = {ctx, NULL, NULL, BUF_INIT, 0};
    struct cli_list pos = {0};
    struct cli_opt *opts;
    size_t n = 0;
    int rc;

    while (spec->opts && spec->opts[n].name)
        n++;
    opts = xcalloc(n + 2, sizeof(*opts));
    for (size_t i = 0; i < n; i++)
        opts[i] = spec->opts[i];
    opts[n] = (struct cli_opt){"json", CLI_FLAG, &r.json};
    r.pos = &pos;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, spec->min_args, spec->max_args, diag);
    if (!rc && spec->check)
        rc = spec->check(&pos, arg, diag);
    if (!rc)
        rc = cli_open(ctx, &r.st, NULL, diag);
    if (!rc)
        rc = spec->run(&r, arg, diag);
    /* vjson_emit leaves out empty when the JSON cannot be made */
    if (!rc && r.json && !r.out.len)
        rc = diag_set(diag, TR_EINVAL, "cannot write the report as JSON");
    if (!rc)
        rc = cli_out(&r.out, diag);
    store_close(r.st);
    buf_release(&r.out);
    cli_list_release(&pos);
    free(opts);
    return rc;
}

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

struct weekly_call {
    const char *week, *since, *until;
    int64_t from, to;
    const struct cli_weekly *w;
    void *cells;
};

static int weekly_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    struct weekly_call *c = arg;

    (void)pos;
    return weeks_of(c->week, c->since, c->until, &c->from, &c->to, diag);
}

static int weekly_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct weekly_call *c = arg;
    int rc = c->w->load(r->st, c->from, c->to, c->cells, diag);

    if (!rc)
        c->w->render(&r->out, r->json, c->cells);
    return rc;
}

int cli_weekly_report(struct cli_ctx *ctx, int argc, char **argv,
                      const struct cli_weekly *w, void *cells,
                      struct diag *diag)
{
    struct weekly_call c = {NULL, NULL, NULL, 0, 0, w, cells};
    const struct cli_opt opts[] = {{"week", CLI_STR, &c.week},
                                   {"since", CLI_STR, &c.since},
                                   {"until", CLI_STR, &c.until},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, weekly_check,
                                         weekly_run};
    int rc = cli_report(ctx, argc, argv, &spec, &c, diag);

    w->release(cells);
    return rc;
}

int cli_records_add(struct cli_records *r, json_t *rec)
{
    json_array_append_new(r->arr, rec);
    return 0;
}

struct list_call {
    const char *key;
    struct table *t;
    const char *note;
    int (*each)(struct store *st, struct cli_records *r, struct diag *diag);
};

static int list_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct list_call *c = arg;
    struct cli_records rec = {r->json ? json_array() : NULL, c->t};
    int rc = c->each(r->st, &rec, diag);

    if (!rc && r->json) {
        vjson_emit(&r->out, json_pack("{s:O}", c->key, rec.arr));
    } else if (!rc) {
        table_render(c->t, &r->out);
        if (c->note)
            buf_puts(&r->out, c->note);
    }
    json_decref(rec.arr);
    return rc;
}

int cli_list_report(struct cli_ctx *ctx, int argc, char **argv, const char *key,
                    struct table *t, const char *note,
                    int (*each)(struct store *st, struct cli_records *r,
                                struct diag *diag),
                    struct diag *diag)
{
    struct list_call c = {key, t, note, each};
    const struct cli_report_spec spec = {NULL, 0, 0, NULL, list_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}
