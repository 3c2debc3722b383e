/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry: `import usage` and the `usage` report. */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/cells.h"
#include "analysis/usage.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "import/usage.h"
#include "store/store.h"
#include "store/usage.h"
#include "view/cells_view.h"
#include "view/json.h"
#include "view/table.h"

const char cli_usage_import_args[] =
    "--format copilot-users|copilot-seats|copilot-legacy|m365-copilot|"
    "generic\n       FILE [--retention-days N] [--as-of DATE] [--json]";

const char cli_usage_import_help[] =
    "Formats:\n"
    "  copilot-users   GitHub Copilot usage metrics, per-user daily rows:\n"
    "                  NDJSON, or the report JSON with 'day_totals'\n"
    "  copilot-seats   the seats API JSON (last activity dates only)\n"
    "  copilot-legacy  the retired organisation metrics JSON (org level)\n"
    "  m365-copilot    the Microsoft 365 Copilot usage report, CSV or JSON\n"
    "                  (last activity dates only; hashed identifiers count\n"
    "                  at organisation level)\n"
    "  generic         CSV: day,person,tool,active,interactions\n"
    "People are matched to the roster through their pseudonyms; people not\n"
    "in the roster are counted and not stored. Day rows are kept for\n"
    "--retention-days (30, can only be lower), weekly aggregates per team\n"
    "stay. Re-importing a file changes nothing.\n"
    "Seat exports (copilot-seats, m365-copilot) also give each tool's\n"
    "licence seats for the month of the export's day: the seats listed,\n"
    "those active in the 30 days up to that day, those never used. Only\n"
    "the counts are stored ('traction value' shows them). The day is\n"
    "--as-of, else the M365 report's refresh date, else today (the seats\n"
    "API answers as of the moment it is asked); the latest export of a\n"
    "month is kept.\n"
    "\n  --format F           the export's format (above)\n"
    "  --retention-days N   keep day rows this long (at most 30)\n"
    "  --as-of DATE         the day a seat export describes (YYYY-MM-DD)\n"
    "  --json               the counts as JSON\n";

int cli_usage_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *format = NULL, *retention = NULL, *as_of_s = NULL;
    int json = 0, f = -1;
    struct cli_opt opts[] = {{"format", CLI_STR, &format},
                             {"retention-days", CLI_STR, &retention},
                             {"as-of", CLI_STR, &as_of_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct usage_counts c;
    struct usage_tally *t = NULL;
    struct usage_sink sink;
    struct pseudo_key key;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    double keep = USAGE_RETENTION_DAYS;
    int64_t seq, as_of = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && (!format || (f = usage_format_parse(format)) < 0))
        rc = diag_set(diag, TR_EUSAGE,
                      "--format: copilot-users, copilot-seats, "
                      "copilot-legacy, m365-copilot or generic");
    if (!rc)
        rc = cli_number("retention-days", retention, 0, USAGE_RETENTION_DAYS,
                        &keep, diag);
    if (!rc && as_of_s)
        rc = cli_date("as-of", as_of_s, &as_of, diag);
    if (!rc)
        rc = cli_open(ctx, &st, &key, diag);
    if (rc)
        goto out;
    rc = cli_import_begin(st, "usage", pos.v[0], 0, &seq, diag);
    if (!rc)
        rc = usage_tally_open(st, &key, usage_format_names[f], (int)keep,
                              (int64_t)time(NULL), &t, diag);
    if (!rc && as_of_s)
        usage_tally_seats_as_of(t, tstamp_day(as_of));
    if (!rc) {
        usage_tally_sink(t, &sink);
        rc = usage_import_file((enum usage_format)f, pos.v[0], &sink, diag);
    }
    if (!rc)
        rc = usage_tally_store(t, diag);
    if (!rc) {
        usage_tally_counts(t, &c);
        rc = store_import_done(st, seq, c.rows + c.org_rows, NULL, diag);
    }
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    if (json)
        vjson_emit(&out,
                   json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
                             "file", pos.v[0], "format", format, "rows",
                             (json_int_t)c.rows, "matched",
                             (json_int_t)c.matched, "unmatched",
                             (json_int_t)c.unmatched, "org_rows",
                             (json_int_t)c.org_rows, "closed",
                             (json_int_t)c.closed, "seats",
                             (json_int_t)c.seats));
    else {
        buf_addf(&out,
                 "imported '%s' (%s): %ld person rows, %ld matched to the "
                 "roster, %ld not in the roster (not stored)\n",
                 pos.v[0], format, c.rows, c.matched, c.unmatched);
        if (c.org_rows)
            buf_addf(&out,
                     "%ld rows count at organisation level only (the "
                     "source hides who people are, or has no people)\n",
                     c.org_rows);
        if (c.closed)
            buf_addf(&out, "%ld rows fell in weeks closed by retention and "
                           "were not merged\n",
                     c.closed);
        if (c.seats)
            buf_addf(&out, "%ld licence seat%s counted per tool (counts "
                           "only; 'traction value' shows them)\n",
                     c.seats, c.seats == 1 ? "" : "s");
    }
    rc = cli_out(&out, diag);
out:
    usage_tally_free(t);
    store_rollback(st);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- the usage report ---- */

/* The cells as JSON records, or as a table with its notes. */
static void render(struct buf *out, int json, const void *cells)
{
    const struct cells_usage *cs = cells;
    struct table t;

    if (json) {
        for (size_t i = 0; i < cs->n; i++)
            vjson_array_add(out, vcells_usage_json(&cs->v[i]), i);
        vjson_array_end(out, cs->n);
        return;
    }
    table_init(&t, 7, 0x78);
    table_cell(&t, "week");
    table_cell(&t, "tool");
    table_cell(&t, "team");
    table_cell(&t, "active people");
    table_cell(&t, "days/person");
    table_cell(&t, "registration-only");
    table_cell(&t, "interactions");
    for (size_t i = 0; i < cs->n; i++) {
        const struct store_usage_cell *c = &cs->v[i];
        struct buf wk = BUF_INIT;

        tstamp_format_isoweek(&wk, c->week);
        table_cell(&t, buf_str(&wk));
        table_cell(&t, c->tool);
        if (!c->team) {
            table_cell(&t, "(organisation)");
            table_cellf(&t, "%ld user-days", c->people);
            table_cell(&t, "");
            table_cell(&t, "");
            table_cell(&t, "");
        } else {
            table_cell(&t, c->team);
            table_cellf(&t, "%ld", c->people);
            table_cellf(&t, "%.1f", (double)c->active_days / c->people);
            table_cellf(&t, "%.0f%%", 100.0 * c->light_people / c->people);
            table_cellf(&t, "%ld", c->interactions);
        }
        buf_release(&wk);
    }
    if (cs->n)
        table_render(&t, out);
    else
        buf_puts(out, "no approved-tool telemetry in these weeks\n");
    table_release(&t);
    if (cs->n || cs->nhidden)
        buf_addf(out,
                 "\nregistration-only: active on at most one day of the "
                 "week, or known only by a last-activity date; %zu "
                 "cell(s) with fewer than %d people (or hidden so they "
                 "cannot be derived) are not shown; teams under %d "
                 "people count in their parent unit\n",
                 cs->nhidden, USAGE_MIN_PEOPLE, USAGE_MIN_PEOPLE);
}

static int load(struct store *st, int64_t from, int64_t to, void *cells,
                struct diag *diag)
{
    return cells_usage_load(st, from, to, cells, diag);
}

static void release(void *cells)
{
    cells_usage_release(cells);
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    static const struct cli_weekly usage = {load, render, release};
    struct cells_usage cs;

    memset(&cs, 0, sizeof(cs));
    return cli_weekly_report(ctx, argc, argv, &usage, &cs, diag);
}

const struct cli_cmd cli_usage_cmds[] = {
    {"usage", "[--week W | --since W --until W] [--json]",
     "activity on approved AI tools per team and week",
     "Per team, ISO week and tool: active people, active days per active\n"
     "person (depth), the share of registration-only users, and\n"
     "interactions; organisation-level rows where the source cannot be\n"
     "joined to people. Cells with fewer than 10 people (and those hidden\n"
     "so that none can be derived) are not listed, only counted.\n"
     "Activity is shown to be read beside outcomes, not as a target.\n",
     cmd_report, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
