/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work-item commands: `import items` and `items summary`. */
#include "cli/cli.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/items_summary.h"
#include "analysis/disclose.h"
#include "analysis/targets.h"
#include "import/items.h"
#include "store/store.h"
#include "store/items.h"
#include "view/cells_view.h"
#include "view/json.h"
#include "view/table.h"
#include "view/targets_view.h"

const char cli_items_import_args[] =
    "FILE.csv [--preset generic|jira|servicenow] [--source NAME]\n"
    "       [--map FIELD=COLUMN]... [--workflow NAME] [--tz ZONE] "
    "[--skip-bad] [--json]";

const char cli_items_import_help[] =
    "Fields: key (unique within the source), workflow, team, person,\n"
    "started_at, finished_at, quality (number), errors (count), rework\n"
    "(count or yes/no), tool (AI tool used; empty for none), reviewed\n"
    "(yes/no). The team may come from the roster through the person. The\n"
    "person is pseudonymised as it is read. Cycle time = finished - started.\n"
    "Dates: ISO 8601 with or without offset, 'YYYY-MM-DD HH:MM:SS', Unix\n"
    "seconds, Jira's 'dd/MMM/yy h:mm AM', 'M/d/yyyy H:mm'.\n"
    "\n"
    "Presets:\n"
    "  generic     the field names above are the column names (default)\n"
    "  jira        Issue key, Issue Type (workflow), Assignee, Created,\n"
    "              Resolved; a label 'ai:NAME' names the tool\n"
    "  servicenow  number, category (workflow; default 'incident'),\n"
    "              assignment_group (team), assigned_to, opened_at,\n"
    "              resolved_at, reopen_count (rework)\n"
    "\n"
    "Re-importing a file changes nothing; a changed row with the same\n"
    "source and key is updated. One bad row aborts the whole import and\n"
    "up to 100 problems are listed, unless --skip-bad.\n"
    "\n"
    "  --preset P        column names of a known export (default generic)\n"
    "  --source NAME     where keys are unique (default: the preset name)\n"
    "  --map F=COLUMN    read field F from COLUMN (repeatable)\n"
    "  --workflow NAME   workflow for rows that name none\n"
    "  --tz ZONE         zone of stamps without offset: UTC (default),\n"
    "                    +02:00, or an IANA name like Europe/Berlin\n"
    "  --skip-bad        import the good rows; write the others to\n"
    "                    FILE.rejects.csv with a reason column (mode\n"
    "                    0600: the rows hold personal data, delete it\n"
    "                    after use; cells starting with = + - @ get a\n"
    "                    leading ' so no spreadsheet runs them)\n"
    "  --json            report as JSON\n";

static void import_report(struct buf *out, int json, const char *file,
                          const char *preset, const char *source,
                          const struct items_result *res,
                          const struct store_items_counts *c,
                          const char *rejects)
{
    if (json) {
        vjson_emit(out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, "
                                  "s:o}",
                                  "file", file, "preset", preset, "source",
                                  source, "rows", (json_int_t)res->rows,
                                  "added", (json_int_t)c->added, "updated",
                                  (json_int_t)c->updated, "unchanged",
                                  (json_int_t)c->unchanged, "rejected",
                                  (json_int_t)res->rejected, "rejects_file",
                                  res->rejected ? json_string(rejects)
                                                : json_null()));
        return;
    }
    buf_addf(out,
             "imported '%s' (preset %s, source '%s'): %ld rows: %ld added, "
             "%ld updated, %ld unchanged\n",
             file, preset, source, res->rows, c->added, c->updated,
             c->unchanged);
    if (res->rejected)
        buf_addf(out,
                 "%ld rows rejected: see '%s' (readable by you only: it holds "
                 "the rows as given, names and e-mail addresses too; delete "
                 "it once the rows are fixed)\n",
                 res->rejected, rejects);
}

int cli_items_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *preset = "generic", *source = NULL, *tz = NULL;
    struct items_options io;
    struct cli_list maps = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {
        {"preset", CLI_STR, &preset},    {"source", CLI_STR, &source},
        {"map", CLI_LIST, &maps},        {"workflow", CLI_STR, &io.workflow},
        {"tz", CLI_STR, &tz},            {"skip-bad", CLI_FLAG, &io.skip_bad},
        {"json", CLI_FLAG, &json},       {NULL, 0, NULL}};
    struct store_items_counts counts = {0, 0, 0};
    struct items_result res = {0, 0, 0};
    struct store_items *si = NULL;
    struct item_sink sink;
    struct pseudo_key key;
    struct tzone zone;
    struct store *st = NULL;
    struct buf out = BUF_INIT, rejects = BUF_INIT, kind = BUF_INIT;
    int64_t seq = 0;
    int rc;

    memset(&io, 0, sizeof(io));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && !items_preset_check(preset))
        rc = diag_set(diag, TR_EUSAGE,
                      "unknown preset '%s' (generic, jira or servicenow)",
                      preset);
    for (size_t i = 0; !rc && i < maps.n; i++)
        rc = items_option_map(&io, maps.v[i], diag);
    if (!rc)
        rc = tzone_init(&zone, tz, diag);
    if (!rc)
        rc = cli_open(ctx, &st, &key, diag);
    if (rc)
        goto out;
    if (!source)
        source = preset;
    io.preset = preset;
    io.zone = &zone;
    buf_addf(&rejects, "%s.rejects.csv",
             strcmp(pos.v[0], "-") ? pos.v[0] : "stdin");
    io.rejects_path = buf_str(&rejects);
    buf_addf(&kind, "items:%s", preset);
    /* the reader takes the file's SHA-256 as it goes: one pass */
    rc = cli_import_begin_hashed(st, buf_str(&kind), pos.v[0], 1, &seq,
                                 &io.sha, diag);
    if (!rc)
        rc = store_items_open(st, source, seq, &si, diag);
    if (rc)
        goto out;
    store_items_sink(si, &sink);
    rc = items_import_file(pos.v[0], &io, &key, &sink, &res, diag);
    store_items_counts(si, &counts);
    if (!rc)
        rc = store_items_finish(si, diag);
    if (!rc)
        rc = cli_import_sha256(st, seq, &io.sha, diag);
    if (!rc)
        rc = store_import_done(st, seq, res.stored, NULL, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        import_report(&out, json, pos.v[0], preset, source, &res, &counts,
                      buf_str(&rejects));
        rc = cli_out(&out, diag);
    }
out:
    pseudo_sha256_free(io.sha);
    store_items_free(si);
    store_rollback(st);
    store_close(st);
    buf_release(&out);
    buf_release(&rejects);
    buf_release(&kind);
    cli_list_release(&maps);
    cli_list_release(&pos);
    return rc;
}

/* ---- items summary ---- */

/* A number with `dec` decimals and an optional "%" suffix; "-" for NaN. */
static void fmt_num(struct table *t, double v, int dec, int pct)
{
    if (isnan(v))
        table_cell(t, "-");
    else
        table_cellf(t, "%.*f%s", dec, pct ? v * 100 : v, pct ? "%" : "");
}

static void summary_text(struct buf *out, const struct summary_opts *o,
                         const struct summary *s)
{
    static const char *const cols[] = {"items", "people", "cycle h p50",
                                       "cycle h p90", "quality", "errors",
                                       "rework", "AI share"};
    struct table t;
    size_t ncols = o->nkeys + 8;

    table_init(&t, ncols, 0xFFu << o->nkeys);
    for (size_t k = 0; k < o->nkeys; k++)
        table_cell(&t, summary_key_names[o->keys[k]]);
    for (size_t c = 0; c < 8; c++)
        table_cell(&t, cols[c]);
    for (size_t i = 0; i < s->n; i++) {
        const struct summary_group *g = &s->groups[i];

        for (size_t k = 0; k < o->nkeys; k++)
            table_cell(&t, g->values[k]);
        table_cellf(&t, "%ld", g->items);
        table_cellf(&t, "%ld", g->people);
        fmt_num(&t, g->cycle_median_h, 1, 0);
        fmt_num(&t, g->cycle_p90_h, 1, 0);
        fmt_num(&t, g->quality_mean, 2, 0);
        fmt_num(&t, g->error_rate, 1, 1);
        fmt_num(&t, g->rework_rate, 1, 1);
        fmt_num(&t, g->ai_share, 1, 1);
    }
    if (s->rounded) {
        struct buf a = BUF_INIT, b = BUF_INIT;

        if (s->since)
            tstamp_format_day(&a, s->since);
        if (s->until)
            tstamp_format_day(&b, s->until);
        buf_addf(out, "period widened to whole months: %s to %s "
                      "(exclusive)\n\n",
                 s->since ? buf_str(&a) : "the start",
                 s->until ? buf_str(&b) : "the end");
        buf_release(&a);
        buf_release(&b);
    }
    if (!s->n)
        buf_puts(out, "no work items in this period\n");
    else
        table_render(&t, out);
    if (s->hidden)
        buf_addf(out,
                 "\n%zu group(s) not shown: fewer than %ld distinct people, "
                 "or hidden so a group not shown cannot be derived from "
                 "the others (docs/privacy.md)\n",
                 s->hidden, o->min_people);
    table_release(&t);
}

/* The target resets of the teams shown (with --by team) whose days meet
 * the period: these outcomes were measured under a relaxed target. */
static void summary_targets(struct buf *out, const struct summary_opts *o,
                            const struct summary *s, const struct targets *tg)
{
    size_t team = SIZE_MAX, shown = 0;

    for (size_t k = 0; k < o->nkeys; k++)
        if (o->keys[k] == SK_TEAM)
            team = k;
    if (team == SIZE_MAX)
        return;
    for (size_t i = 0; i < tg->n; i++) {
        const struct targets_item *it = &tg->v[i];
        int listed = 0;

        if ((s->since && (it->until_day + 1) * 86400 <= s->since)
            || (s->until && it->from_day * 86400 >= s->until))
            continue;
        for (size_t g = 0; g < s->n && !listed; g++)
            listed = !strcmp(s->groups[g].values[team], it->unit);
        if (!listed)
            continue;
        if (!shown++)
            buf_puts(out, "\ntargets reset beside these outcomes (measured "
                          "under a relaxed target; 'targets list'):\n");
        buf_addf(out, "  %s: ", it->unit);
        vtarget_line(out, it);
        buf_putc(out, '\n');
    }
}

static int cmd_summary(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    const char *since = NULL, *until = NULL, *min_people = NULL;
    struct cli_list by = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {{"by", CLI_LIST, &by},
                             {"since", CLI_STR, &since},
                             {"until", CLI_STR, &until},
                             {"min-people", CLI_STR, &min_people},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct summary_opts so;
    struct summary s = {NULL, 0};
    struct targets tg = {0};
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int rc;

    memset(&so, 0, sizeof(so));
    so.min_people = DISCLOSE_MIN_ITEMS;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    for (size_t i = 0; !rc && i < by.n; i++) {
        int k = summary_key_parse(by.v[i]);

        if (k < 0)
            rc = diag_set(diag, TR_EUSAGE,
                          "--by: unknown key '%s' (team, workflow, tool or "
                          "month)",
                          by.v[i]);
        else if (so.nkeys == SK_COUNT)
            rc = diag_set(diag, TR_EUSAGE, "--by: too many keys");
        else
            so.keys[so.nkeys++] = (enum summary_key)k;
    }
    if (!rc && since)
        rc = cli_date("since", since, &so.since, diag);
    if (!rc && until)
        rc = cli_date("until", until, &so.until, diag);
    if (!rc && min_people) {
        double mp = 0;

        rc = cli_number("min-people", min_people, 0, 1e9, &mp, diag);
        if (!rc && (mp < DISCLOSE_MIN_ITEMS || mp != floor(mp)))
            rc = diag_set(diag, TR_EUSAGE,
                          "--min-people must be a whole number of at least "
                          "%d (thresholds can be made stricter, never looser)",
                          DISCLOSE_MIN_ITEMS);
        so.min_people = (long)mp;
    }
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (!rc)
        rc = items_summary(st, &so, &s, diag);
    if (!rc) {
        if (json)
            vjson_emit(&out, vsummary_json(&so, &s));
        else {
            summary_text(&out, &so, &s);
            rc = targets_load(st, 0, &tg, diag);
            if (!rc)
                summary_targets(&out, &so, &s, &tg);
        }
        if (!rc)
            rc = cli_out(&out, diag);
    }
    summary_release(&s);
    targets_release(&tg);
    store_close(st);
    buf_release(&out);
    cli_list_release(&by);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd items_kinds[] = {
    {"summary",
     "[--by team|workflow|tool|month]... [--since D] [--until D]\n"
     "       [--min-people N] [--json]",
     "outcome measures per group of work items",
     "For each group: items, distinct people, median and p90 cycle time in\n"
     "hours (quantile type 7, as R's default), mean quality, error rate and\n"
     "rework rate (share of items with at least one), and the share of\n"
     "items done with an AI tool. An item's date is when it finished (when\n"
     "it started, for open items); --since is inclusive, --until exclusive.\n"
     "The period is widened to whole calendar months (the text says so).\n"
     "A group with fewer than 5 distinct people (or --min-people, which can\n"
     "only be higher) is hidden, and so are others where one could be\n"
     "derived from totals, other months or other groups\n"
     "(docs/privacy.md); hidden groups are not listed, only counted. Teams\n"
     "under 5 people count under the unit they merge into. With --by team\n"
     "the text lists, under the table, the targets reset for the teams\n"
     "shown whose days meet the period ('targets list --json' gives them\n"
     "as JSON).\n"
     "\n  --by KEY          team, workflow, tool or month (repeatable)\n"
     "  --since DATE      first day included\n"
     "  --until DATE      first day excluded\n"
     "  --min-people N    a stricter privacy threshold\n"
     "  --json            an array of objects: group, items, people,\n"
     "                    cycle_h_median, cycle_h_p90, quality_mean,\n"
     "                    error_rate, rework_rate, ai_share\n"
     "                    (docs/json.md)\n",
     cmd_summary, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_items_cmds[] = {
    {"items", "KIND", "work-item reports", "Reports on imported work items.\n",
     NULL, items_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
