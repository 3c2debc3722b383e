/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shadow-AI demand: `shadow scan` over proxy and DNS logs, and
 * `import subnets` to attribute addresses to teams. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/cells.h"
#include "analysis/shadow.h"
#include "core/tstamp.h"
#include "import/logscan.h"
#include "import/subnets.h"
#include "import/weblog_detect.h"
#include "store/store.h"
#include "store/shadow.h"
#include "view/cells_view.h"
#include "view/json.h"
#include "view/table.h"

/* ---- import subnets ---- */

int cli_subnets_import(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store_subnet_table t;
    struct subnet_sink sink;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t seq = 0;
    int rc;

    memset(&t, 0, sizeof(t));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (rc)
        goto out;
    t.st = st;
    store_subnet_table_sink(&t, &sink);
    rc = cli_import_begin(st, "subnets", pos.v[0], 0, &seq, diag);
    if (!rc)
        rc = subnets_import_file(pos.v[0], &sink, diag);
    if (!rc) /* logged and in the audit trail like every import */
        rc = store_import_done(st, seq, (long)t.n, NULL, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        buf_addf(&out, "imported %zu subnets from '%s' (they replace the "
                       "previous table)\n",
                 t.n, pos.v[0]);
        rc = cli_out(&out, diag);
    }
out:
    store_rollback(st);
    store_close(st);
    store_subnet_table_release(&t);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- shadow scan ---- */

/* The cells shown, as a table. */
static void cells_table(struct buf *out, const struct cells_shadow *cs)
{
    struct table t;

    table_init(&t, 6, 0x38);
    table_cell(&t, "week");
    table_cell(&t, "service");
    table_cell(&t, "team");
    table_cell(&t, "people");
    table_cell(&t, "active days");
    table_cell(&t, "requests");
    for (size_t i = 0; i < cs->n; i++) {
        const struct store_shadow_cell *x = &cs->v[i];
        struct buf wk = BUF_INIT;

        tstamp_format_isoweek(&wk, x->week);
        table_cell(&t, buf_str(&wk));
        table_cell(&t, x->service);
        table_cell(&t, x->team);
        table_cellf(&t, "%ld", x->people);
        table_cellf(&t, "%ld", x->active_days);
        table_cellf(&t, "%ld", x->requests);
        buf_release(&wk);
    }
    table_render(&t, out);
    buf_addf(out, "\n%zu cell(s) with fewer than %d people (or hidden so "
                  "they cannot be derived) are not shown; teams under %d "
                  "people count in their parent unit; this is demand, not "
                  "a list of offenders\n",
             cs->nhidden, SHADOW_MIN_PEOPLE, SHADOW_MIN_PEOPLE);
    table_release(&t);
}

/* The cells as JSON records, or as a table when there are any. */
static void cells_print(struct buf *out, int json,
                        const struct cells_shadow *cs)
{
    if (!json) {
        if (cs->n)
            cells_table(out, cs);
        return;
    }
    for (size_t i = 0; i < cs->n; i++)
        vjson_array_add(out, vcells_shadow_json(&cs->v[i]), i);
    vjson_array_end(out, cs->n);
}

static void report(struct buf *out, int json, const struct logscan_counts *r,
                   const struct shadow_counts *c,
                   const struct cells_shadow *cs, int dry_run, int quiet)
{
    long skipped = r->malformed + r->no_host;

    if (json) {
        cells_print(out, json, cs);
        return;
    }
    buf_addf(out,
             "%s %ld lines (%llu bytes): %ld hits on AI services in use "
             "roles, %ld on their marketing or static hosts (not use), %ld "
             "not attributable to a team\n",
             dry_run ? "would store, from" : "scanned", r->lines,
             (unsigned long long)r->bytes, c->ai_use, c->ai_other,
             c->unmapped);
    if (skipped)
        buf_addf(out, "%ld lines skipped: %ld malformed, %ld no host\n",
                 skipped, r->malformed, r->no_host);
    if (c->closed)
        buf_addf(out,
                 "%ld hits fell in weeks already closed by the retention "
                 "window and were not merged (scan a week's logs "
                 "together)\n",
                 c->closed);
    if (!quiet && cs->n) {
        buf_putc(out, '\n'); /* the table apart from the counts */
        cells_print(out, json, cs);
    }
}

/* The format of each named file, from its first lines: a file that is
 * empty, or whose lines mostly are not in the format given (when another
 * format reads more of them, or none does), is refused before anything
 * is scanned, naming the likely format. With --format auto (*f < 0) the
 * files must all look like one format, which *f becomes. Standard input
 * cannot be looked at twice: it needs a named format. */
static int check_format(const struct cli_list *files, int year, int *f,
                        struct diag *diag)
{
    int found = -1, rc = 0;

    for (size_t i = 0; !rc && i < files->n; i++) {
        const char *path = files->v[i];
        struct buf head = BUF_INIT;
        struct weblog_guess g;
        int want = *f >= 0 ? *f : found;
        long miss;

        if (!strcmp(path, "-")) {
            if (*f < 0)
                rc = diag_set(diag, TR_EUSAGE,
                              "--format auto cannot look at standard "
                              "input: name its format");
            continue;
        }
        rc = weblog_head(path, &head, diag);
        if (!rc)
            weblog_detect(head.data, head.len, year, &g);
        buf_release(&head);
        if (rc)
            break;
        if (!g.lines) {
            rc = diag_set(diag, TR_EINVAL, "'%s' holds no log lines", path);
            break;
        }
        if (want < 0) { /* auto: the first file decides */
            if (g.best < 0 || weblog_guess_share(&g, g.best) < 0.5)
                rc = diag_set(diag, TR_EINVAL,
                              "cannot tell the format of '%s': %s",
                              path,
                              g.best < 0 ? "no line is in a format traction "
                                           "reads"
                                         : "too few lines are in any one "
                                           "format; name it with --format");
            found = want = g.best;
            continue;
        }
        miss = g.lines - g.read[want];
        if (2 * miss <= g.lines
            || (g.read[want] && (g.best == want || g.read[g.best] <= g.read[want])))
            continue;
        if (*f < 0)
            rc = diag_set(diag, TR_EINVAL,
                          "'%s' is not in the %s format of the files before "
                          "it%s%s: scan them separately",
                          path, weblog_format_names[want],
                          g.best >= 0 ? "; it looks like " : "",
                          g.best >= 0 ? weblog_format_names[g.best] : "");
        else if (g.best >= 0 && g.best != want)
            rc = diag_set(diag, TR_EINVAL,
                          "%ld of the first %ld lines of '%s' are not in the "
                          "%s format; it looks like %s (--format %s)",
                          miss, g.lines, path, weblog_format_names[want],
                          weblog_format_names[g.best],
                          weblog_format_names[g.best]);
        else
            rc = diag_set(diag, TR_EINVAL,
                          "%ld of the first %ld lines of '%s' are not in the "
                          "%s format, nor in another format traction reads",
                          miss, g.lines, path, weblog_format_names[want]);
    }
    if (!rc && *f < 0)
        *f = found;
    return rc;
}

static int cmd_scan(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *format = NULL, *year = NULL, *retention = NULL,
               *fields = NULL, *sep = NULL;
    struct cli_list catalogs = {0}, pos = {0};
    int json = 0, dry_run = 0, quiet = 0;
    struct cli_opt opts[] = {{"format", CLI_STR, &format},
                             {"year", CLI_STR, &year},
                             {"retention-days", CLI_STR, &retention},
                             {"fields", CLI_STR, &fields},
                             {"separator", CLI_STR, &sep},
                             {"catalog", CLI_LIST, &catalogs},
                             {"dry-run", CLI_FLAG, &dry_run},
                             {"quiet", CLI_FLAG, &quiet},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct logscan_opts lo;
    struct logscan_counts read;
    struct shadow_opts o;
    struct shadow_counts counts;
    struct shadow_scan *sc = NULL;
    struct weblog_sink sink;
    struct cells_shadow cs;
    struct pseudo_key key;
    struct catalog cat;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    double y = 0, keep = SHADOW_RETENTION_DAYS;
    int rc, f = -1;

    catalog_init(&cat);
    memset(&lo, 0, sizeof(lo));
    memset(&o, 0, sizeof(o));
    memset(&cs, 0, sizeof(cs));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 100000, diag);
    /* streams are read side by side: stdin twice would be split between
     * two readers */
    for (size_t i = 0, dash = 0; !rc && i < pos.n; i++)
        if (!strcmp(pos.v[i], "-") && dash++)
            rc = diag_set(diag, TR_EUSAGE,
                          "'-' (standard input) can be given once");
    if (!rc && (!format
                || ((f = weblog_format_parse(format)) < 0
                    && strcmp(format, "auto"))))
        rc = diag_set(diag, TR_EUSAGE,
                      "--format: squid, combined, zeek, umbrella, bind, "
                      "dnsmasq, zscaler, or auto");
    if (!rc && f == WL_ZSCALER && !fields)
        rc = diag_set(diag, TR_EUSAGE,
                      "--format zscaler needs --fields, the feed's field "
                      "list (e.g. time,login,cip,url,dept)");
    if (!rc && sep && strcmp(sep, "comma") && strcmp(sep, "tab"))
        rc = diag_set(diag, TR_EUSAGE, "--separator: comma or tab");
    if (!rc)
        rc = cli_number("year", year, 1970, 9999, &y, diag);
    if (!rc)
        rc = cli_number("retention-days", retention, 0,
                        SHADOW_RETENTION_DAYS, &keep, diag);
    if (rc)
        goto out;
    o.now = (int64_t)time(NULL);
    if (!year) {
        int yy, mm, dd;

        tstamp_civil_from_days(tstamp_day(o.now), &yy, &mm, &dd);
        y = yy;
    }
    if (f != WL_ZSCALER) /* its columns are the user's: not guessed */
        rc = check_format(&pos, (int)y, &f, diag);
    if (rc)
        goto out;
    lo.format = (enum weblog_format)f;
    lo.year = (int)y;
    lo.fields = fields;
    lo.sep = sep && !strcmp(sep, "tab") ? '\t' : ',';
    o.retention_days = (int)keep;
    o.dry_run = dry_run;
    rc = cli_catalog_load(&cat, &catalogs, diag);
    if (!rc) {
        /* a store error (a full disk) names what was being scanned */
        if (pos.n == 1)
            diag_context(diag, "cannot scan '%s'", pos.v[0]);
        else
            diag_context(diag, "cannot scan '%s' and %zu more", pos.v[0],
                         pos.n - 1);
        rc = cli_open(ctx, &st, &key, diag);
    }
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = shadow_scan_open(st, &key, &cat, &o, &sc, diag);
    if (!rc) {
        shadow_scan_sink(sc, &sink);
        rc = logscan_run(&lo, pos.v, pos.n, &sink, &read, diag);
    }
    if (!rc)
        rc = shadow_scan_store(sc, diag);
    if (!rc)
        shadow_scan_counts(sc, &counts);
    /* the first lines passed; the rest may not (or standard input) */
    if (!rc && !read.lines)
        rc = diag_set(diag, TR_EINVAL, "no log lines were read");
    if (!rc && 2 * read.malformed > read.lines)
        rc = diag_set(diag, TR_EINVAL,
                      "%ld of the %ld lines are not in the %s format: nothing "
                      "was stored",
                      read.malformed, read.lines,
                      weblog_format_names[lo.format]);
    if (!rc && counts.week_from)
        rc = cells_shadow_load(st, counts.week_from, counts.week_to, &cs,
                               diag);
    if (!rc && !dry_run)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    report(&out, json, &read, &counts, &cs, dry_run, quiet);
    rc = cli_out(&out, diag);
out:
    shadow_scan_free(sc);
    store_rollback(st); /* a dry run ends here */
    store_close(st);
    catalog_release(&cat);
    cells_shadow_release(&cs);
    buf_release(&out);
    cli_list_release(&catalogs);
    cli_list_release(&pos);
    return rc;
}

/* ---- shadow report ---- */

/* The stored cells, or a line saying there are none. */
static void render(struct buf *out, int json, const void *cells)
{
    const struct cells_shadow *cs = cells;

    if (!json && !cs->n)
        buf_puts(out, "no shadow-AI demand stored in these weeks\n");
    cells_print(out, json, cs);
}

static int load(struct store *st, int64_t from, int64_t to, void *cells,
                struct diag *diag)
{
    return cells_shadow_load(st, from, to, cells, diag);
}

static void release(void *cells)
{
    cells_shadow_release(cells);
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    static const struct cli_weekly shadow = {load, render, release};
    struct cells_shadow cs;

    memset(&cs, 0, sizeof(cs));
    return cli_weekly_report(ctx, argc, argv, &shadow, &cs, diag);
}

static const struct cli_cmd shadow_kinds[] = {
    {"scan",
     "--format squid|combined|zeek|umbrella|bind|dnsmasq|zscaler|auto\n"
     "       FILE...\n"
     "       [--fields LIST] [--separator comma|tab] [--catalog FILE]...\n"
     "       [--year Y] [--retention-days N] [--dry-run] [--quiet] [--json]",
     "measure demand for AI services from proxy and DNS logs",
     "Reads logs an IT team already has (gzip or plain): Squid native,\n"
     "Squid/Apache combined, Zeek http/dns/ssl (columns from #fields),\n"
     "Cisco Umbrella DNS CSV, BIND and dnsmasq query logs, and Zscaler NSS\n"
     "web logs (--fields names the feed's columns in order: time, login,\n"
     "cip, url or eurl, host or ehost; others are skipped). Only lines\n"
     "whose host is an AI service in a use role (ui, api, auth) count.\n"
     "People map to teams through roster ids and aliases (the log's user\n"
     "name), or addresses through `traction import subnets`. Stored: per\n"
     "team, ISO week and service the distinct people, active person-days\n"
     "and requests; day-level rows are pseudonymised and deleted after\n"
     "--retention-days (30, can only be lower). Cells with fewer than 10\n"
     "people, and those hidden so that none can be derived, are not\n"
     "listed, only counted. Raw lines, user names, addresses, URL paths\n"
     "and queries are never stored.\n"
     "The first lines of each file are read by every format first: a file\n"
     "that is empty, or whose lines mostly are not in the format given, is\n"
     "refused with the format it looks like. --format auto takes that\n"
     "format (every file must be in the same one; not for standard input\n"
     "or zscaler).\n"
     "\n  --year Y     the year of dnsmasq lines (default: this year)\n"
     "  --fields L   zscaler: the feed's field list, comma-separated\n"
     "  --separator  zscaler: comma (quoted CSV, default) or tab\n"
     "  --dry-run    show what would be stored, store nothing\n"
     "  --quiet      print the counts only, not the table of cells\n"
     "  --json       records: team, week, service, vendor, category,\n"
     "               status, people, active_days, requests (docs/json.md)\n",
     cmd_scan, NULL},
    {"report", "[--week W | --since W --until W] [--json]",
     "the stored demand per team, week and service",
     "The weekly aggregates earlier scans stored (weeks as 2026-W37; all\n"
     "of them when no week is given), suppressed as the scan shows them:\n"
     "cells with fewer than 10 people, and the next smallest team of the\n"
     "same week and service when exactly one is hidden, are not listed.\n"
     "\n  --json       records: team, week, service, vendor, category,\n"
     "               status, people, active_days, requests (docs/json.md)\n",
     cmd_report, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_shadow_cmds[] = {
    {"shadow", "KIND", "shadow-AI demand from proxy and DNS logs",
     "What people reach for when the approved tool does not fit.\n", NULL,
     shadow_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const char cli_subnets_args[] = "FILE.csv";
const char cli_subnets_help[] =
    "Columns: cidr (an IPv4 network such as 10.20.0.0/16, or one address),\n"
    "team (from the roster). The table replaces the previous one. The\n"
    "shadow scan attributes an address to the team of the longest matching\n"
    "network when the log has no user name the roster knows.\n";
