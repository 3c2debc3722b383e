/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction costs` (what licences and work cost) and `traction value`
 * (licence spend beside the value scaled pilots measured). */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/value.h"
#include "import/costs.h"
#include "model/cost.h"
#include "store/costs.h"
#include "store/store.h"
#include "view/json.h"
#include "view/table.h"
#include "view/value_view.h"

/* Months one `costs set licence` may cover. */
#define COSTS_MAX_MONTHS 120

static int amount_of(const char *what, const char *s, double *out,
                     struct diag *diag)
{
    char *end = NULL;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || !(v >= 0.0 && v <= COSTS_MAX_AMOUNT))
        return diag_set(diag, TR_EUSAGE,
                        "%s: '%s' is not an amount (a number from 0 to %g)",
                        what, s, COSTS_MAX_AMOUNT);
    *out = v;
    return 0;
}

static int month_of(const char *opt, const char *s, long *out,
                    struct diag *diag)
{
    if (cost_month_parse(s, strlen(s), out))
        return diag_set(diag, TR_EUSAGE,
                        "--%s: '%s' is not a month (YYYY-MM)", opt, s);
    return 0;
}

struct set_args {
    const char *month, *until, *price, *seats, *function;
    int json;
};

static int set_licence(struct store *st, const struct cli_list *pos,
                       const struct set_args *o, struct buf *out,
                       struct diag *diag)
{
    long from = 0, to = 0, seats = 0;
    double price = 0;
    char *end = NULL;
    char month[24];
    int rc;

    if (o->function)
        return diag_set(diag, TR_EUSAGE, "--function is for hourly costs");
    if (pos->n != 2)
        return diag_set(diag, TR_EUSAGE,
                        "costs set licence needs one tool name");
    if (!o->month || !o->price || !o->seats)
        return diag_set(diag, TR_EUSAGE,
                        "costs set licence needs --month, --seat-price and "
                        "--seats");
    rc = month_of("month", o->month, &from, diag);
    to = from;
    if (!rc && o->until)
        rc = month_of("until", o->until, &to, diag);
    if (!rc && to < from)
        rc = diag_set(diag, TR_EUSAGE, "--until %s comes before --month %s",
                      o->until, o->month);
    if (!rc && to - from >= COSTS_MAX_MONTHS)
        rc = diag_set(diag, TR_EUSAGE, "at most %d months at once",
                      COSTS_MAX_MONTHS);
    if (!rc)
        rc = amount_of("--seat-price", o->price, &price, diag);
    if (!rc) {
        errno = 0;
        seats = strtol(o->seats, &end, 10);
        if (errno || end == o->seats || *end || seats < 0
            || seats > COSTS_MAX_SEATS)
            rc = diag_set(diag, TR_EUSAGE,
                          "--seats: '%s' is not a seat count (0 to %ld)",
                          o->seats, COSTS_MAX_SEATS);
    }
    if (!rc && !*pos->v[1])
        rc = diag_set(diag, TR_EUSAGE, "the tool name is empty");
    for (long mo = from; !rc && mo <= to; mo++) {
        snprintf(month, sizeof(month), "%04d-%02d", (int)(mo / 12),
                 (int)(mo % 12) + 1);
        rc = store_cost_licence_set(st, pos->v[1], month, price, seats,
                                    diag);
    }
    if (!rc && !o->json)
        buf_addf(out, "licence of %s: %ld seats at %g a month, %s to %s\n",
                 pos->v[1], seats, price, o->month,
                 o->until ? o->until : o->month);
    return rc;
}

static int set_hourly(struct store *st, const struct cli_list *pos,
                      const struct set_args *o, struct buf *out,
                      struct diag *diag)
{
    double v = 0;
    int rc;

    if (o->month || o->until || o->price || o->seats)
        return diag_set(diag, TR_EUSAGE,
                        "--month, --until, --seat-price and --seats are for "
                        "licence costs");
    if (pos->n != 2)
        return diag_set(diag, TR_EUSAGE,
                        "costs set hourly needs one amount");
    rc = amount_of("hourly cost", pos->v[1], &v, diag);
    if (!rc)
        rc = store_cost_hourly_set(st, o->function ? o->function : "", v,
                                   diag);
    if (!rc && !o->json)
        buf_addf(out, "an hour of work costs %g%s%s\n", v,
                 o->function ? " in " : " (the organisation's figure)",
                 o->function ? o->function : "");
    return rc;
}

static int set_event(struct store *st, const struct cli_list *pos,
                     const struct set_args *o, struct buf *out,
                     struct diag *diag)
{
    double v = 0;
    int rc;

    if (o->month || o->until || o->price || o->seats || o->function)
        return diag_set(diag, TR_EUSAGE,
                        "event costs take no options but --json");
    if (pos->n != 3)
        return diag_set(diag, TR_EUSAGE,
                        "costs set event needs errors or rework and an "
                        "amount");
    if (strcmp(pos->v[1], "errors") && strcmp(pos->v[1], "rework"))
        return diag_set(diag, TR_EUSAGE,
                        "no event '%s': errors or rework", pos->v[1]);
    rc = amount_of("event cost", pos->v[2], &v, diag);
    if (!rc)
        rc = store_cost_event_set(st, pos->v[1], v, diag);
    if (!rc && !o->json)
        buf_addf(out, "one %s costs %g\n",
                 !strcmp(pos->v[1], "errors") ? "error" : "rework", v);
    return rc;
}

typedef int (*set_fn)(struct store *st, const struct cli_list *pos,
                      const struct set_args *o, struct buf *out,
                      struct diag *diag);

static const struct {
    const char *kind;
    set_fn fn;
} setters[] = {
    {"licence", set_licence},
    {"hourly", set_hourly},
    {"event", set_event},
};

static json_t *costs_json(const struct store_costs *c)
{
    json_t *lic = json_array(), *hourly = json_array(), *ev = json_array();

    for (size_t i = 0; i < c->nlicence; i++)
        json_array_append_new(
            lic, json_pack("{s:o, s:s, s:o, s:o}", "tool",
                           vjson_text(c->licence[i].tool), "month",
                           c->licence[i].month, "seat_price",
                           vjson_num(c->licence[i].seat_price), "seats",
                           c->licence[i].seats < 0
                               ? json_null()
                               : json_integer(c->licence[i].seats)));
    for (size_t i = 0; i < c->nhourly; i++)
        json_array_append_new(
            hourly, json_pack("{s:o, s:o}", "function",
                              *c->hourly[i].key ? vjson_text(c->hourly[i].key)
                                                : json_null(),
                              "amount", vjson_num(c->hourly[i].amount)));
    for (size_t i = 0; i < c->nevent; i++)
        json_array_append_new(ev, json_pack("{s:s, s:o}", "event",
                                            c->event[i].key, "amount",
                                            vjson_num(c->event[i].amount)));
    return json_pack("{s:o, s:o, s:o}", "licences", lic, "hourly", hourly,
                     "events", ev);
}

struct set_call {
    struct set_args o;
    set_fn fn;
};

static int set_check(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    struct set_call *c = arg;

    for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++)
        if (!strcmp(setters[i].kind, pos->v[0]))
            c->fn = setters[i].fn;
    if (!c->fn)
        return diag_set(diag, TR_EUSAGE,
                        "no cost kind '%s': licence, hourly or event",
                        pos->v[0]);
    if (c->o.function && !*c->o.function)
        return diag_set(diag, TR_EUSAGE, "--function is empty");
    return 0;
}

static int set_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct set_call *c = arg;
    struct store_costs costs = {0};
    int rc = store_begin(r->st, diag);

    if (rc)
        return rc;
    c->o.json = r->json;
    rc = c->fn(r->st, r->pos, &c->o, &r->out, diag);
    /* read back before the commit: a failure then changes nothing */
    if (!rc && r->json)
        rc = store_costs_load(r->st, &costs, diag);
    if (!rc && r->json)
        vjson_emit(&r->out, costs_json(&costs));
    if (!rc)
        rc = store_commit(r->st, diag);
    if (rc)
        store_rollback(r->st);
    store_costs_release(&costs);
    return rc;
}

static int cmd_set(struct cli_ctx *ctx, int argc, char **argv,
                   struct diag *diag)
{
    struct set_call c = {{0}, NULL};
    const struct cli_opt opts[] = {{"month", CLI_STR, &c.o.month},
                                   {"until", CLI_STR, &c.o.until},
                                   {"seat-price", CLI_STR, &c.o.price},
                                   {"seats", CLI_STR, &c.o.seats},
                                   {"function", CLI_STR, &c.o.function},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 1, 3, set_check, set_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

static void costs_table(struct buf *out, const struct store_costs *c)
{
    struct table t;

    table_init(&t, 4, 0xc);
    table_cell(&t, "cost");
    table_cell(&t, "of");
    table_cell(&t, "amount");
    table_cell(&t, "seats");
    for (size_t i = 0; i < c->nlicence; i++) {
        table_cellf(&t, "licence %s", c->licence[i].month);
        table_cell(&t, c->licence[i].tool);
        table_cellf(&t, "%g", c->licence[i].seat_price);
        if (c->licence[i].seats < 0)
            table_cell(&t, "");
        else
            table_cellf(&t, "%ld", c->licence[i].seats);
    }
    for (size_t i = 0; i < c->nhourly; i++) {
        table_cell(&t, "hour of work");
        table_cell(&t, *c->hourly[i].key ? c->hourly[i].key
                                         : "(organisation)");
        table_cellf(&t, "%g", c->hourly[i].amount);
        table_cell(&t, "");
    }
    for (size_t i = 0; i < c->nevent; i++) {
        table_cell(&t, "one event");
        table_cell(&t, c->event[i].key);
        table_cellf(&t, "%g", c->event[i].amount);
        table_cell(&t, "");
    }
    if (c->nlicence + c->nhourly + c->nevent)
        table_render(&t, out);
    else
        buf_puts(out, "no costs set yet ('traction costs set')\n");
    table_release(&t);
}

static int list_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct store_costs c = {0};
    int rc = store_costs_load(r->st, &c, diag);

    (void)arg;
    if (!rc && r->json)
        vjson_emit(&r->out, costs_json(&c));
    else if (!rc)
        costs_table(&r->out, &c);
    store_costs_release(&c);
    return rc;
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 0, NULL, list_run};

    return cli_report(ctx, argc, argv, &spec, NULL, diag);
}

static int value_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct value_report v = {0};
    int rc = value_load(r->st, NULL, (int64_t)time(NULL), &v, diag);

    (void)arg;
    if (!rc) {
        json_t *j = vvalue_json(&v);

        if (r->json) {
            vjson_emit(&r->out, j);
        } else {
            vvalue_text(&r->out, j);
            json_decref(j);
        }
    }
    value_report_release(&v);
    return rc;
}

static int cmd_value(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    static const struct cli_report_spec spec = {NULL, 0, 0, NULL,
                                                value_run};

    return cli_report(ctx, argc, argv, &spec, NULL, diag);
}

struct import_count {
    const struct cost_sink *inner;
    long rows;
};

static int count_row(void *ctx, const struct cost_row *r, struct diag *diag)
{
    struct import_count *c = ctx;

    c->rows++;
    return c->inner->row(c->inner->ctx, r, diag);
}

int cli_costs_import(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    struct cli_opt opts[] = {{NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct store *st = NULL;
    struct cost_sink store_sink, sink;
    struct import_count count = {&store_sink, 0};
    struct buf out = BUF_INIT;
    int64_t seq = 0;
    int rc;

    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_open(ctx, &st, NULL, diag);
    if (rc)
        goto out;
    store_costs_sink(st, &store_sink);
    sink.ctx = &count;
    sink.row = count_row;
    rc = cli_import_begin(st, "costs", pos.v[0], 0, &seq, diag);
    if (!rc)
        rc = costs_import_file(pos.v[0], &sink, diag);
    if (!rc)
        rc = store_import_done(st, seq, count.rows, NULL, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (!rc) {
        buf_addf(&out, "imported %ld cost%s from '%s'\n", count.rows,
                 count.rows == 1 ? "" : "s", pos.v[0]);
        rc = cli_out(&out, diag);
    }
out:
    store_rollback(st);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

const char cli_costs_import_args[] = "FILE.csv";
const char cli_costs_import_help[] =
    "A CSV with columns kind, of, month, amount and seats, one cost a row:\n"
    "  licence,copilot,2025-07,30,50   a seat of a tool a month, and the\n"
    "                                  seats bought\n"
    "  hourly,,,80,                    the organisation's loaded hour\n"
    "  hourly,Engineering,,95,         a unit function's\n"
    "  event,errors,,120,              one error (or rework)\n"
    "Each row is set as 'costs set' would (a later row for the same tool\n"
    "and month, function or event replaces it). Every problem is\n"
    "reported with its line and column, and then nothing is stored.\n";

static const struct cli_cmd costs_kinds[] = {
    {"set",
     "licence TOOL --month YYYY-MM [--until YYYY-MM] --seat-price P "
     "--seats N | hourly AMOUNT [--function F] | event errors|rework "
     "AMOUNT [--json]",
     "set a licence price, an hourly cost or the cost of an event",
     "licence: the price of one seat of TOOL a month and the seats bought,\n"
     "for each month from --month to --until (default: that one month);\n"
     "a later call replaces the same tool and month. The tool is added\n"
     "when new. These are the seats bought, the spend's basis; the seats\n"
     "assigned and used come from seat exports ('import usage').\n"
     "hourly: the loaded cost of an hour of work, of a unit function\n"
     "(--function, as the roster's function column) or, without it, of\n"
     "the whole organisation (used for units whose function has none).\n"
     "event: the cost of one error or one rework, for pilots measured on\n"
     "errors or rework.\n"
     "Amounts are in one currency of your choice, from 0 to 1e9; all of a\n"
     "command is stored or none of it.\n"
     "\n  --month YYYY-MM     the first month of a licence price\n"
     "  --until YYYY-MM     the last month (at most 120 at once)\n"
     "  --seat-price P      the price of one seat a month\n"
     "  --seats N           the seats bought\n"
     "  --function F        the unit function an hourly cost is for\n"
     "  --json              every cost afterwards, as 'costs list --json'\n",
     cmd_set, NULL},
    {"list", "[--json]", "the costs set so far",
     "Licence prices by tool and month with their seats, hourly costs by\n"
     "function and the organisation's, and the cost of an error or a\n"
     "rework.\n\n  --json   as JSON\n",
     cmd_list, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_value_cmds[] = {
    {"costs", "KIND ...", "what licences, hours and errors cost",
     "The costs the value report sets beside measured effects.\n", NULL,
     costs_kinds},
    {"value", "[--json]",
     "licence spend beside the value scaled pilots measured",
     "For each scaled pilot (a playbook's original or a replication): the\n"
     "effect its team-level analysis measured, times the work of its\n"
     "workflow in its team in the calendar months that begin after the\n"
     "decision (hours of cycle time, or items for errors and rework),\n"
     "turned into money with 'costs set'; with a 95% interval from the\n"
     "effect's uncertainty (delta method). Per tool and month beside the\n"
     "licence spend; tools with spend and no scaled pilot are named, and\n"
     "their value is 'not measured', never zero. Team-months the privacy\n"
     "rules hide are not counted. Beside it: the seats of each tool and\n"
     "month from the seat exports (assigned, active in the 30 days up to\n"
     "the export, never used, and what the unused ones cost; counts under\n"
     "5 not shown), and the open questions: tools with spend whose value\n"
     "is not measured, or whose interval holds what they cost, ranked by\n"
     "the spend at stake a month times the chance the decision flips,\n"
     "each with what would settle it. docs/guide.md (Value) explains the\n"
     "methods and their limits.\n"
     "\n  --json   as JSON (docs/json.md)\n",
     cmd_value, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
