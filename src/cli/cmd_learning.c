/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction learning-time plan|list|report` and `traction import
 * calendar`: protected learning hours as planned, and as calendars and
 * the pulse survey show them (analysis/learning.h). */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/learning.h"
#include "analysis/learning_tally.h"
#include "core/tstamp.h"
#include "import/calendar.h"
#include "store/learning.h"
#include "store/roster.h"
#include "store/store.h"
#include "view/json.h"
#include "view/learning_view.h"
#include "view/table.h"

/* A unit named by --unit: its id, or TR_ENOENT. */
static int unit_id_of(struct store *st, const char *name, int64_t *id,
                      struct diag *diag)
{
    int rc = store_unit_find(st, name, id, diag);

    if (!rc && !*id)
        rc = diag_set(diag, TR_ENOENT, "no unit '%s' in the roster", name);
    return rc;
}

/* A day option (YYYY-MM-DD) as a day number. */
static int day_opt(const char *opt, const char *s, int64_t *day,
                   struct diag *diag)
{
    int64_t t;
    int rc = cli_date(opt, s, &t, diag);

    if (!rc)
        *day = tstamp_day(t);
    return rc;
}

/* ---- plan ---- */

struct plan_call {
    const char *unit, *hours_s, *per_s, *from_s, *until_s;
    struct store_learning_plan p;
};

static int plan_check(const struct cli_list *pos, void *arg,
                      struct diag *diag)
{
    struct plan_call *c = arg;
    double hours = NAN;
    int per = 0, rc = 0;

    (void)pos;
    if (!c->unit || !c->hours_s || !c->from_s || !c->until_s)
        rc = diag_set(diag, TR_EUSAGE,
                      "--unit, --hours, --from and --until are required");
    if (!rc)
        rc = cli_number("hours", c->hours_s, 0, 1e6, &hours, diag);
    if (!rc && (per = learning_per_parse(c->per_s)) < 0)
        rc = diag_set(diag, TR_EUSAGE, "--per: 'week' or 'month', not '%s'",
                      c->per_s);
    if (!rc && learning_weekly_hours(hours, (enum learning_per)per)
                   > LEARNING_MAX_WEEKLY)
        rc = diag_set(diag, TR_EUSAGE,
                      "--hours: at most %.0f hours a week of protected time",
                      LEARNING_MAX_WEEKLY);
    if (!rc)
        rc = day_opt("from", c->from_s, &c->p.from_day, diag);
    if (!rc)
        rc = day_opt("until", c->until_s, &c->p.until_day, diag);
    if (!rc && c->p.until_day < c->p.from_day)
        rc = diag_set(diag, TR_EUSAGE, "--until is before --from");
    c->p.hours = hours;
    c->p.per = (enum learning_per)(per < 0 ? 0 : per);
    c->p.at = (int64_t)time(NULL);
    c->p.unit = c->unit;
    return rc;
}

static int plan_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct store_learning_plan *p = &((struct plan_call *)arg)->p;
    int rc = unit_id_of(r->st, p->unit, &p->unit_id, diag);

    if (!rc)
        rc = store_learning_plan_add(r->st, p, &p->id, diag);
    if (!rc && r->json) {
        vjson_emit(&r->out, vlearning_plan_json(p));
    } else if (!rc) {
        buf_addf(&r->out, "plan %lld: %s, %g hours a person a %s from ",
                 (long long)p->id, p->unit, p->hours,
                 learning_per_names[p->per]);
        tstamp_format_day(&r->out, p->from_day * 86400);
        buf_puts(&r->out, " to ");
        tstamp_format_day(&r->out, p->until_day * 86400);
        buf_puts(&r->out, "\n");
    }
    return rc;
}

static int cmd_plan(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct plan_call c;
    const struct cli_opt opts[] = {{"unit", CLI_STR, &c.unit},
                                   {"hours", CLI_STR, &c.hours_s},
                                   {"per", CLI_STR, &c.per_s},
                                   {"from", CLI_STR, &c.from_s},
                                   {"until", CLI_STR, &c.until_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, plan_check, plan_run,
                                         1};

    memset(&c, 0, sizeof(c));
    c.per_s = "week";
    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

/* ---- list ---- */

static int on_plan(void *ctx, const struct store_learning_plan *p,
                   struct diag *diag)
{
    struct cli_records *r = ctx;
    struct buf d = BUF_INIT;

    (void)diag;
    if (r->arr)
        return cli_records_add(r, vlearning_plan_json(p));
    table_cellf(r->t, "%lld", (long long)p->id);
    table_cell(r->t, p->unit);
    table_cellf(r->t, "%g", p->hours);
    table_cell(r->t, learning_per_names[p->per]);
    tstamp_format_day(&d, p->from_day * 86400);
    table_cell(r->t, buf_str(&d));
    buf_reset(&d);
    tstamp_format_day(&d, p->until_day * 86400);
    table_cell(r->t, buf_str(&d));
    buf_release(&d);
    return 0;
}

static int each_plan(struct store *st, struct cli_records *r,
                     struct diag *diag)
{
    return store_learning_plans(st, on_plan, r, diag);
}

static int cmd_list(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    struct table t;
    int rc;

    table_init(&t, 6, 0x5);
    table_cell(&t, "id");
    table_cell(&t, "unit");
    table_cell(&t, "hours");
    table_cell(&t, "per");
    table_cell(&t, "from");
    table_cell(&t, "until");
    rc = cli_list_report(ctx, argc, argv, "plans", &t,
                         "a later plan of the same unit wins where they "
                         "overlap; a unit's plan covers the units below it",
                         each_plan, diag);
    table_release(&t);
    return rc;
}

/* ---- report ---- */

struct report_call {
    const char *unit, *from_s, *until_s;
    int64_t from, until;
};

static int report_check(const struct cli_list *pos, void *arg,
                        struct diag *diag)
{
    struct report_call *c = arg;
    int rc = 0;

    (void)pos;
    if (c->from_s)
        rc = day_opt("from", c->from_s, &c->from, diag);
    if (!rc && c->until_s)
        rc = day_opt("until", c->until_s, &c->until, diag);
    if (!rc && c->from_s && c->until_s && c->until < c->from)
        rc = diag_set(diag, TR_EUSAGE, "--until is before --from");
    return rc;
}

static int report_run(struct cli_report *r, void *arg, struct diag *diag)
{
    struct report_call *c = arg;
    struct learning_report rep;
    int64_t unit_id = 0;
    int rc = 0;

    memset(&rep, 0, sizeof(rep));
    if (c->unit)
        rc = unit_id_of(r->st, c->unit, &unit_id, diag);
    if (!rc)
        rc = learning_report(r->st, NULL, unit_id, c->from, c->until, &rep,
                             diag);
    if (!rc && r->json)
        vjson_emit(&r->out, vlearning_json(&rep));
    else if (!rc)
        vlearning_text(&r->out, &rep);
    learning_report_release(&rep);
    return rc;
}

static int cmd_report(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    struct report_call c = {NULL, NULL, NULL, 0, 0};
    const struct cli_opt opts[] = {{"unit", CLI_STR, &c.unit},
                                   {"from", CLI_STR, &c.from_s},
                                   {"until", CLI_STR, &c.until_s},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, report_check,
                                         report_run};

    return cli_report(ctx, argc, argv, &spec, &c, diag);
}

/* ---- import calendar ---- */

static void import_text(struct buf *out, size_t nfiles,
                        const struct calendar_counts *cc,
                        const struct learning_tally_counts *tc)
{
    buf_addf(out,
             "imported %zu calendar file%s: %ld events, %ld about learning "
             "(%ld cancelled), %ld occurrences (%ld all-day days skipped)\n",
             nfiles, nfiles == 1 ? "" : "s", cc->events, cc->learning,
             cc->cancelled, cc->occurrences, cc->all_day);
    buf_addf(out,
             "people: %ld matched to the roster, %ld addresses not in the "
             "roster (not stored), %ld listed again\n",
             tc->matched, tc->unmatched, tc->repeated);
    buf_addf(out, "stored %.1f hours", tc->hours);
    if (tc->week_from) {
        buf_puts(out, " in weeks ");
        tstamp_format_isoweek(out, tc->week_from);
        buf_puts(out, " to ");
        tstamp_format_isoweek(out, tc->week_to);
    }
    buf_puts(out, "\n");
    if (tc->closed)
        buf_addf(out,
                 "%ld person-occurrences fell in weeks closed by retention "
                 "and were not merged\n",
                 tc->closed);
}

static json_t *week_or_null(int64_t monday)
{
    struct buf b = BUF_INIT;
    json_t *j;

    if (!monday)
        return json_null();
    tstamp_format_isoweek(&b, monday);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

int cli_calendar_import(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    const char *pattern = NULL, *all_day_s = NULL, *from_s = NULL,
               *until_s = NULL, *retention = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"learning-pattern", CLI_STR, &pattern},
                             {"all-day-hours", CLI_STR, &all_day_s},
                             {"from", CLI_STR, &from_s},
                             {"until", CLI_STR, &until_s},
                             {"retention-days", CLI_STR, &retention},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct calendar_opts o = {NULL, 0, 0, 0};
    struct calendar_counts cc;
    struct learning_tally_counts tc;
    struct learning_tally *tally = NULL;
    struct calendar_sink sink;
    struct cli_list pos = {0};
    struct pseudo_key key;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    double keep = LEARNING_RETENTION_DAYS;
    int64_t day, seq = 0, now = (int64_t)time(NULL);
    json_t *files = json_array();
    int rc;

    memset(&cc, 0, sizeof(cc));
    memset(&tc, 0, sizeof(tc));
    o.until = now;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1000, diag);
    if (!rc && pattern)
        rc = calendar_pattern_check(pattern, diag);
    o.pattern = pattern;
    if (!rc)
        rc = cli_number("all-day-hours", all_day_s, 0, 24, &o.all_day_hours,
                        diag);
    if (!rc)
        rc = cli_number("retention-days", retention, 0,
                        LEARNING_RETENTION_DAYS, &keep, diag);
    if (!rc && from_s && !(rc = day_opt("from", from_s, &day, diag)))
        o.from = day * 86400;
    if (!rc && until_s && !(rc = day_opt("until", until_s, &day, diag)))
        o.until = (day + 1) * 86400;
    if (!rc && o.until <= o.from)
        rc = diag_set(diag, TR_EUSAGE, "--until is before --from");
    if (!rc)
        rc = cli_open(ctx, &st, &key, diag);
    if (rc)
        goto out;
    rc = cli_import_begin(st, "calendar", pos.v[0], 0, NULL, diag);
    if (!rc)
        rc = learning_tally_open(st, &key, (int)keep, now, &tally, diag);
    if (!rc)
        learning_tally_sink(tally, &sink);
    for (size_t i = 0; i < pos.n && !rc; i++) {
        long before = cc.occurrences;

        diag_context(diag, "cannot import '%s'", pos.v[i]);
        rc = cli_import_log(st, "calendar", pos.v[i], &seq, diag);
        if (!rc)
            rc = calendar_import_file(pos.v[i], &o, &sink, &cc, diag);
        if (!rc)
            rc = store_import_done(st, seq, cc.occurrences - before, NULL,
                                   diag);
        json_array_append_new(files, vjson_text(pos.v[i]));
    }
    if (!rc)
        rc = learning_tally_store(tally, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    learning_tally_counts(tally, &tc);
    if (json) {
        rc = vjson_emit(
            &out,
            json_pack("{s:O, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
                      "s:I, s:o, s:o, s:o}",
                      "files", files, "events", (json_int_t)cc.events,
                      "learning_events", (json_int_t)cc.learning, "cancelled",
                      (json_int_t)cc.cancelled, "occurrences",
                      (json_int_t)cc.occurrences, "all_day_skipped",
                      (json_int_t)cc.all_day, "without_people",
                      (json_int_t)cc.no_people, "matched",
                      (json_int_t)tc.matched, "unmatched",
                      (json_int_t)tc.unmatched, "repeated",
                      (json_int_t)tc.repeated, "closed",
                      (json_int_t)tc.closed, "hours", vjson_num(tc.hours),
                      "from", week_or_null(tc.week_from), "until",
                      week_or_null(tc.week_to)));
    } else
        import_text(&out, pos.n, &cc, &tc);
    if (!rc)
        rc = cli_out(&out, diag);
out:
    json_decref(files);
    learning_tally_free(tally);
    store_rollback(st);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

const char cli_calendar_import_args[] =
    "FILE.ics... [--learning-pattern REGEX] [--all-day-hours H] "
    "[--from DATE] [--until DATE] [--retention-days N] [--json]";
const char cli_calendar_import_help[] =
    "Reads iCalendar exports (RFC 5545): events whose title (SUMMARY) or a\n"
    "category (CATEGORIES) matches the pattern count as learning. Recurring\n"
    "events are expanded (RRULE, RDATE, EXDATE; an instance changed or\n"
    "cancelled through RECURRENCE-ID counts as changed), each in its own\n"
    "time zone (the file's VTIMEZONE, else the system's zone of its TZID).\n"
    "The organiser and every attendee who did not decline get the event's\n"
    "hours, in the ISO week of its local start date; their addresses are\n"
    "matched to the roster through keyed pseudonyms and never stored: only\n"
    "hours and distinct people per unit and week are. The same instance in\n"
    "several calendars counts once per person, and importing a calendar\n"
    "again adds nothing. Rows per pseudonymous person and day are kept for\n"
    "--retention-days (30, can only be lower), weekly aggregates per unit\n"
    "for good; a week whose day rows are already gone is closed, so import\n"
    "the calendars of older weeks together, once. All or nothing: a\n"
    "problem names the file, line and column, and then nothing is stored.\n"
    "\n  --learning-pattern REGEX  what counts as learning (POSIX extended,\n"
    "                    case-insensitive; default\n"
    "                    'learning|training|experiment|ai lab')\n"
    "  --all-day-hours H hours one day of an all-day learning event counts\n"
    "                    (default 0: all-day events are skipped)\n"
    "  --from DATE       count instances from this day (YYYY-MM-DD, UTC)\n"
    "  --until DATE      ... up to and including this day (default: now;\n"
    "                    what has not happened yet is not learning time)\n"
    "  --retention-days N  keep day rows this many days (at most 30)\n"
    "  --json            report as JSON\n";

static const struct cli_cmd learning_kinds[] = {
    {"plan",
     "--unit U --hours H [--per week|month] --from DATE --until DATE [--json]",
     "record protected learning hours per person for a unit",
     "Records that each person of unit U (and of the units below it that\n"
     "have no plan of their own) has H protected hours for learning per\n"
     "week (or per month: 52/12 weeks) from --from to --until (both days\n"
     "included). A later plan of the same unit wins where they overlap.\n"
     "The plan is appended to the audit trail.\n"
     "\n  --unit U          the unit (as in the roster)\n"
     "  --hours H         hours per person (at most 40 a week)\n"
     "  --per week|month  the period of H (default week)\n"
     "  --from DATE       the first day (YYYY-MM-DD)\n"
     "  --until DATE      the last day\n"
     "  --json            the plan as JSON\n",
     cmd_plan, NULL},
    {"list", "[--json]", "list the learning-time plans",
     "Every plan recorded, oldest first.\n"
     "\n  --json            as JSON\n",
     cmd_list, NULL},
    {"report", "[--unit U] [--from DATE] [--until DATE] [--json]",
     "planned against actual learning hours per unit and week",
     "Per unit and ISO week: the people in the unit, the protected hours\n"
     "planned per person, the calendar's learning hours per person (and\n"
     "how many people had any), the pulse survey's learning hours per\n"
     "person (its bands' hours over the two weeks it asks about, halved),\n"
     "and the actual figure: the survey's where it is shown, else the\n"
     "calendar's. A calendar figure needs at least 5 people with learning\n"
     "hours, and one that would give a hidden one away is hidden too;\n"
     "hidden figures are not listed, only counted. Units too small to\n"
     "show are counted in the unit above them.\n"
     "\n  --unit U          only U and the units below it\n"
     "  --from DATE       from the week of this day (default: the first\n"
     "                    week with a figure)\n"
     "  --until DATE      to the week of this day (default: the last week\n"
     "                    with a figure, plans up to this week)\n"
     "  --json            report as JSON\n",
     cmd_report, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_learning_cmds[] = {
    {"learning-time", "plan|list|report ...",
     "protected learning time: plans, and what calendars and surveys show",
     "Protected learning time per unit: plans, and planned against actual\n"
     "hours per unit and week (calendars: 'import calendar'; the pulse\n"
     "survey's learning item).\n",
     NULL, learning_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
