/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shadow-AI demand: `shadow scan` over proxy and DNS logs, and
 * `import subnets` to attribute addresses to teams. */
#include "cli/cli.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/cells.h"
#include "analysis/shadow.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"
#include "store/store.h"
#include "store/items.h"
#include "store/shadow.h"
#include "view/cells_view.h"
#include "view/json.h"
#include "view/table.h"

/* ---- import subnets ---- */

struct subnet_reader {
    struct store *st;
    struct store_subnet *v;
    size_t n, cap;
    int col_cidr, col_team;
};

static int parse_cidr(const char *s, size_t len, uint32_t *net, int *prefix)
{
    char tmp[64];
    const char *slash;
    struct in_addr a;
    char *end;
    long p = 32;

    fields_trim(&s, &len);
    if (!len || len >= sizeof(tmp))
        return -1;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    slash = strchr(tmp, '/');
    if (slash) {
        p = strtol(slash + 1, &end, 10);
        if (*end || end == slash + 1 || p < 0 || p > 32)
            return -1;
        tmp[slash - tmp] = '\0';
    }
    if (inet_pton(AF_INET, tmp, &a) != 1)
        return -1;
    *prefix = (int)p;
    *net = ntohl(a.s_addr) & (p ? 0xFFFFFFFFu << (32 - p) : 0);
    return 0;
}

static int on_subnet(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct subnet_reader *r = ctx;
    struct store_subnet sn;
    const char *team;
    size_t len;

    if (rec->index == 0) {
        r->col_cidr = fields_find(rec, "cidr");
        r->col_team = fields_find(rec, "team");
        if (r->col_cidr < 0 || r->col_team < 0)
            return diag_at(diag, TR_EPARSE, rec->line, 0,
                           "the subnet file needs columns cidr and team");
        return 0;
    }
    if (rec->problem) {
        diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                rec->problem);
        return 0;
    }
    if ((size_t)r->col_cidr >= rec->nfields
        || (size_t)r->col_team >= rec->nfields) {
        diag_at(diag, TR_EPARSE, rec->line, 0, "missing fields");
        return 0;
    }
    if (parse_cidr(rec->fields[r->col_cidr], rec->lens[r->col_cidr],
                   &sn.network, &sn.prefix)) {
        diag_at(diag, TR_EPARSE, rec->line, r->col_cidr + 1,
                "'%.60s' is not an IPv4 network such as 10.20.0.0/16",
                rec->fields[r->col_cidr]);
        return 0;
    }
    team = rec->fields[r->col_team];
    len = rec->lens[r->col_team];
    fields_trim(&team, &len);
    {
        char *name = xstrndup(team, len);
        struct diag d;
        int rc;

        diag_init(&d);
        rc = store_name_find(r->st, "unit", name, &sn.unit_id, &d);
        if (rc == TR_ENOENT)
            diag_at(diag, TR_EPARSE, rec->line, r->col_team + 1,
                    "unknown team '%.60s' (not in the roster)", name);
        else if (rc) /* the workspace failed: not the file's fault */
            diag_set(diag, rc, "%s",
                     d.nproblems ? d.problems[0].msg : tr_strerror(rc));
        diag_release(&d);
        free(name);
        if (rc && rc != TR_ENOENT)
            return rc;
    }
    r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
    r->v[r->n++] = sn;
    return 0;
}

int cli_subnets_import(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct subnet_reader r;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int rc;

    memset(&r, 0, sizeof(r));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (rc)
        goto out;
    r.st = st;
    diag_context(diag, "cannot import '%s'", pos.v[0]);
    rc = csv_read_file(pos.v[0], ',', "reading subnets", on_subnet, &r, diag);
    if (!rc && diag->code)
        rc = TR_EPARSE;
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = store_subnets_replace(st, r.v, r.n, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        buf_addf(&out, "imported %zu subnets from '%s' (they replace the "
                       "previous table)\n",
                 r.n, pos.v[0]);
        rc = cli_out(&out, diag);
    }
out:
    store_rollback(st);
    store_close(st);
    free(r.v);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- shadow scan ---- */

/* The cells as a table, suppressed ones without their numbers. */
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

static void report(struct buf *out, int json, const struct shadow_counts *c,
                   const struct cells_shadow *cs, int dry_run, int quiet)
{
    long skipped = c->malformed + c->no_host;

    if (json) {
        cells_print(out, json, cs);
        return;
    }
    buf_addf(out,
             "%s %ld lines (%llu bytes): %ld hits on AI services in use "
             "roles, %ld on their marketing or static hosts (not use), %ld "
             "not attributable to a team\n",
             dry_run ? "would store, from" : "scanned", c->lines,
             (unsigned long long)c->bytes, c->ai_use, c->ai_other,
             c->unmapped);
    if (skipped)
        buf_addf(out, "%ld lines skipped: %ld malformed, %ld no host\n",
                 skipped, c->malformed, c->no_host);
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
    struct shadow_opts o;
    struct shadow_counts counts;
    struct cells_shadow cs;
    struct pseudo_key key;
    struct catalog cat;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    double y = 0, keep = SHADOW_RETENTION_DAYS;
    int rc, f = -1;

    catalog_init(&cat);
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
    if (!rc && (!format || (f = weblog_format_parse(format)) < 0))
        rc = diag_set(diag, TR_EUSAGE,
                      "--format: squid, combined, zeek, umbrella, bind, "
                      "dnsmasq or zscaler");
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
    o.format = (enum weblog_format)f;
    o.now = (int64_t)time(NULL);
    if (!year) {
        int yy, mm, dd;

        tstamp_civil_from_days(tstamp_day(o.now), &yy, &mm, &dd);
        y = yy;
    }
    o.year = (int)y;
    o.retention_days = (int)keep;
    o.fields = fields;
    o.sep = sep && !strcmp(sep, "tab") ? '\t' : ',';
    o.dry_run = dry_run;
    rc = cli_catalog_load(&cat, &catalogs, diag);
    if (!rc) {
        diag_context(diag, "%s", "cannot scan");
        rc = cli_open(ctx, &st, &key, diag);
    }
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc)
        rc = shadow_scan(st, &key, &cat, &o, pos.v, pos.n, &counts, diag);
    if (!rc && counts.week_from)
        rc = cells_shadow_load(st, counts.week_from, counts.week_to, &cs,
                               diag);
    if (!rc && !dry_run)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    report(&out, json, &counts, &cs, dry_run, quiet);
    rc = cli_out(&out, diag);
out:
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

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct cells_shadow cs;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    int64_t from, to;
    int json = 0, rc;

    memset(&cs, 0, sizeof(cs));
    rc = cli_weekly_report(ctx, argc, argv, &json, &from, &to, &st, diag);
    if (!rc)
        rc = cells_shadow_load(st, from, to, &cs, diag);
    if (rc)
        goto out;
    if (!json && !cs.n)
        buf_puts(&out, "no shadow-AI demand stored in these weeks\n");
    cells_print(&out, json, &cs);
    rc = cli_out(&out, diag);
out:
    cells_shadow_release(&cs);
    store_close(st);
    buf_release(&out);
    return rc;
}

static const struct cli_cmd shadow_kinds[] = {
    {"scan",
     "--format squid|combined|zeek|umbrella|bind|dnsmasq|zscaler FILE...\n"
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
     "people are shown as suppressed. Raw lines, user names, addresses,\n"
     "URL paths and queries are never stored.\n"
     "\n  --year Y     the year of dnsmasq lines (default: this year)\n"
     "  --fields L   zscaler: the feed's field list, comma-separated\n"
     "  --separator  zscaler: comma (quoted CSV, default) or tab\n"
     "  --dry-run    show what would be stored, store nothing\n"
     "  --quiet      print the counts only, not the table of cells\n"
     "  --json       records: team, week, service, people, active_days,\n"
     "               requests, suppressed\n",
     cmd_scan, NULL},
    {"report", "[--week W | --since W --until W] [--json]",
     "the stored demand per team, week and service",
     "The weekly aggregates earlier scans stored (weeks as 2026-W37; all\n"
     "of them when no week is given), suppressed as the scan shows them:\n"
     "cells with fewer than 10 people, and the next smallest team of the\n"
     "same week and service when exactly one is hidden.\n"
     "\n  --json       records: team, week, service, people, active_days,\n"
     "               requests, suppressed\n",
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
