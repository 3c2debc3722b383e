/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction import KIND FILE`: each kind reads one source format, checks
 * all of it, and writes it in one transaction (all or nothing). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/roster.h"
#include "store/store.h"
#include "store/roster.h"
#include "view/json.h"

static void roster_report(struct buf *out, int json, const char *file,
                          const struct store_roster_result *res)
{
    if (json) {
        vjson_emit(out,
                   json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                             "file", file, "people", (json_int_t)res->people,
                             "units", (json_int_t)res->units,
                             "people_added", (json_int_t)res->people_added,
                             "people_moved", (json_int_t)res->people_moved,
                             "people_left", (json_int_t)res->people_left,
                             "people_unchanged",
                             (json_int_t)res->people_unchanged,
                             "units_added", (json_int_t)res->units_added,
                             "units_changed", (json_int_t)res->units_changed));
        return;
    }
    buf_addf(out,
             "imported roster '%s': %zu people (%ld added, %ld moved, %ld "
             "left, %ld unchanged), %zu units (%ld added, %ld changed)\n",
             file, res->people, res->people_added, res->people_moved,
             res->people_left, res->people_unchanged, res->units,
             res->units_added, res->units_changed);
}

/* A roster is the whole organisation: one cut short (a partial export,
 * `head -c` of the file) would mark almost everyone as having left. More
 * than max_shrink of the people listed before leaving at once (and more
 * than ROSTER_SHRINK_FLOOR of them: in a small organisation one leaver
 * is a large share) is refused, the transaction rolled back, unless
 * --allow-shrink. */
#define ROSTER_MAX_SHRINK 0.10
#define ROSTER_SHRINK_FLOOR 2

static int check_shrink(const struct store_roster_result *res,
                        double max_shrink, struct diag *diag)
{
    long before = res->people_left + res->people_moved + res->people_unchanged;

    if (res->people_left <= ROSTER_SHRINK_FLOOR
        || (double)res->people_left <= max_shrink * (double)before)
        return 0;
    return diag_set(diag, TR_EINVAL,
                    "this roster would mark %ld of the %ld people listed "
                    "before as having left (%.0f%%, more than %.0f%%): is the "
                    "file cut short or a part of the organisation? Nothing "
                    "was imported; --allow-shrink imports it anyway",
                    res->people_left, before,
                    100.0 * (double)res->people_left / (double)before,
                    100.0 * max_shrink);
}

static int cmd_roster(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *as_of_s = NULL, *max_shrink_s = NULL;
    int json = 0, allow_shrink = 0;
    struct cli_opt opts[] = {{"as-of", CLI_STR, &as_of_s},
                             {"json", CLI_FLAG, &json},
                             {"allow-shrink", CLI_FLAG, &allow_shrink},
                             {"max-shrink", CLI_STR, &max_shrink_s},
                             {NULL, 0, NULL}};
    double max_shrink = ROSTER_MAX_SHRINK;
    struct cli_list pos = {0};
    struct store_roster sr;
    struct roster_sink sink;
    struct pseudo_key key;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t as_of = (int64_t)time(NULL), seq = 0;
    int rc;

    memset(&sr, 0, sizeof(sr));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && as_of_s)
        rc = cli_date("as-of", as_of_s, &as_of, diag);
    if (!rc)
        rc = cli_number("max-shrink", max_shrink_s, 0, 1, &max_shrink, diag);
    if (!rc)
        rc = cli_open(ctx, &st, &key, diag);
    if (rc)
        goto out;
    rc = cli_import_begin(st, "roster", pos.v[0], 0, &seq, diag);
    if (!rc) {
        sr = (struct store_roster){st, as_of, seq, {0}};
        store_roster_sink(&sr, &sink);
        rc = roster_import_file(pos.v[0], &key, &sink, diag);
    }
    if (!rc && !allow_shrink)
        rc = check_shrink(&sr.res, max_shrink, diag);
    if (!rc)
        rc = store_import_done(st, seq, (long)sr.res.people, NULL, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    roster_report(&out, json, pos.v[0], &sr.res);
    rc = cli_out(&out, diag);
out:
    store_rollback(st);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd import_kinds[] = {
    {"roster",
     "FILE.csv [--as-of DATE] [--allow-shrink] [--max-shrink F] [--json]",
     "import the organisation: units, teams, people",
     "Columns: id (email or login), aliases (optional, ';'-separated other\n"
     "identifiers of the same person), team, parent (optional parent unit\n"
     "of the team), function (optional), manager (yes/no). Identifiers are\n"
     "stored only as keyed pseudonyms. The roster is the whole organisation\n"
     "as of --as-of (default now): people who moved keep their history,\n"
     "people no longer listed are marked as having left. Nothing is\n"
     "written unless the whole file is valid, nor when more than a tenth of\n"
     "the people listed before (and more than two) would leave at once: a\n"
     "file cut short would mark almost everyone as having left.\n"
     "\n  --as-of DATE      the date the roster describes (YYYY-MM-DD)\n"
     "  --allow-shrink    import even when many people leave at once\n"
     "  --max-shrink F    the share of people that may leave at once\n"
     "                    (default 0.1)\n"
     "  --json            report as JSON\n",
     cmd_roster, NULL},
    {"items", cli_items_import_args,
     "import work items (outcomes) from a CSV export", cli_items_import_help,
     cli_items_import, NULL},
    {"usage", cli_usage_import_args,
     "import approved-tool telemetry (Copilot, M365 Copilot)",
     cli_usage_import_help, cli_usage_import, NULL},
    {"subnets", cli_subnets_args, "import the address ranges of teams",
     cli_subnets_help, cli_subnets_import, NULL},
    {"survey", cli_survey_import_args,
     "import survey responses (Forms, Qualtrics, LimeSurvey CSV)",
     cli_survey_import_help, cli_survey_import, NULL},
    {"costs", cli_costs_import_args,
     "import licence prices, hourly and event costs from a CSV",
     cli_costs_import_help, cli_costs_import, NULL},
    {"calendar", cli_calendar_import_args,
     "import learning time from iCalendar (.ics) exports",
     cli_calendar_import_help, cli_calendar_import, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_import_cmds[] = {
    {"import", "KIND FILE", "import a source file",
     "Reads one source file into the workspace, all or nothing.\n",
     NULL, import_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
