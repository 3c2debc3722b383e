/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realised value as JSON and text. */
#include "view/value_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "view/json.h"
#include "view/reasons_view.h"
#include "view/table.h"

/* value, its interval and standard error into o */
static void put_value(json_t *o, double v, double se, double df, double lo,
                      double hi)
{
    json_object_set_new(o, "value", vjson_num(v));
    json_object_set_new(o, "value_low", vjson_num(lo));
    json_object_set_new(o, "value_high", vjson_num(hi));
    json_object_set_new(o, "value_se", vjson_num(se));
    json_object_set_new(o, "value_df", vjson_num_inf(df));
}

static json_t *tool_json(const struct value_tool *t)
{
    json_t *o = json_object(), *months = json_array();

    json_object_set_new(o, "tool", vjson_text(t->name));
    json_object_set_new(o, "evidence", json_string(t->evidence));
    json_object_set_new(o, "spend", vjson_num(t->spend));
    put_value(o, t->value, t->se, t->df, t->lo, t->hi);
    for (size_t i = 0; i < t->nm; i++) {
        const struct value_cell *c = &t->m[i];
        json_t *m = json_object();

        json_object_set_new(m, "month", json_string(c->month));
        json_object_set_new(m, "spend", vjson_num(c->spend));
        json_object_set_new(m, "seats", c->seats < 0
                                            ? json_null()
                                            : json_integer(c->seats));
        put_value(m, c->value, c->se, c->df, c->lo, c->hi);
        json_array_append_new(months, m);
    }
    json_object_set_new(o, "months", months);
    return o;
}

static json_t *adoption_json(const struct value_adoption *a)
{
    json_t *o = json_object(), *months = json_array();

    json_object_set_new(o, "pilot", json_integer(a->pilot));
    json_object_set_new(o, "replicates",
                        a->replicates ? json_integer(a->replicates)
                                      : json_null());
    json_object_set_new(o, "team", vjson_text(a->team));
    json_object_set_new(o, "workflow", vjson_text(a->workflow));
    json_object_set_new(o, "tool", vjson_text(a->tool));
    json_object_set_new(o, "metric",
                        json_string(pilot_metric_names[a->metric]));
    json_object_set_new(o, "decided_at", vjson_time(a->decided_at));
    json_object_set_new(o, "counted_from", vjson_time(a->counted_from));
    json_object_set_new(o, "effect", vjson_num(a->effect));
    json_object_set_new(o, "effect_se", vjson_num(a->se));
    json_object_set_new(o, "effect_df", vjson_num(a->df));
    json_object_set_new(o, "relative", vjson_num(a->rel));
    json_object_set_new(o, "relative_low", vjson_num(a->rel_lo));
    json_object_set_new(o, "relative_high", vjson_num(a->rel_hi));
    json_object_set_new(o, "unit_cost", vjson_num(a->unit_cost));
    json_object_set_new(o, "volume", vjson_num(a->volume));
    put_value(o, a->value, a->se_value, a->df, a->lo, a->hi);
    json_object_set_new(o, "note", a->note ? json_string(a->note)
                                           : json_null());
    json_object_set_new(o, "hidden_team_months", json_integer(a->hidden));
    for (size_t i = 0; i < a->nm; i++) {
        json_t *m = json_object();

        json_object_set_new(m, "month", json_string(a->m[i].month));
        json_object_set_new(m, "volume", vjson_num(a->m[i].volume));
        json_object_set_new(m, "value", vjson_num(a->m[i].value));
        json_object_set_new(m, "value_se", vjson_num(a->m[i].se));
        json_array_append_new(months, m);
    }
    json_object_set_new(o, "months", months);
    return o;
}

static json_t *count_json(long n)
{
    return n < 0 ? json_null() : json_integer(n);
}

static json_t *seats_json(const struct value_report *r)
{
    json_t *a = json_array();

    for (size_t i = 0; i < r->nseats; i++) {
        const struct value_seats *s = &r->seats[i];

        json_array_append_new(
            a, json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                         "tool", vjson_text(s->tool), "month", s->month,
                         "as_of", vjson_day(s->as_of), "assigned",
                         count_json(s->assigned), "active",
                         count_json(s->active), "unused",
                         count_json(s->unused), "never_active",
                         count_json(s->never), "seat_price",
                         vjson_num(s->seat_price), "unused_cost",
                         vjson_num(s->unused_cost)));
    }
    return a;
}

static json_t *questions_json(const struct value_report *r)
{
    json_t *a = json_array();

    for (size_t i = 0; i < r->nq; i++) {
        const struct value_question *q = &r->q[i];
        json_t *o;

        o = json_pack(
            "{s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
            "s:o, s:o, s:s, s:s}",
            "rank", (json_int_t)(i + 1), "tool", vjson_text(q->tool),
            "evidence", q->evidence, "month", q->month, "spend_month",
            vjson_num(q->spend_month), "spend", vjson_num(q->spend), "value",
            vjson_num(q->value), "value_se", vjson_num(q->se), "value_df",
            vjson_num_inf(q->df), "p_flip", vjson_num(q->p_flip), "at_stake",
            vjson_num(q->stake), "reason", q->reason, "settle", q->settle);
        json_object_set_new(o, "reason_message",
                            vreasons_msg_json(&q->reason_msg));
        json_object_set_new(o, "settle_message",
                            vreasons_msg_json(&q->settle_msg));
        json_array_append_new(a, o);
    }
    return a;
}

/* The caveats and, beside them, the messages of those made with numbers
 * or names (null for the fixed ones). */
struct caveats {
    json_t *text, *msgs;
};

static void caveat_msg(struct caveats *c, const char *s,
                       const struct reason_msg *m)
{
    json_array_append_new(c->text, json_string(s));
    json_array_append_new(c->msgs, m ? vreasons_msg_json(m) : json_null());
}

static void caveat(struct caveats *c, const char *s)
{
    caveat_msg(c, s, NULL);
}

/* The fixed caveats are marked N_(): the value page shows them in the
 * reader's language; JSON and the command line keep them in English.
 * The others are formatted with their messages (core/reasons.h). */
static void caveats_json(const struct value_report *r, json_t *bare,
                         struct caveats *c)
{
    struct reason_msg m;
    char line[512];
    int cycle = 0;

    caveat(c, N_("Only measured effects count. A tool without a scaled "
                 "pilot has no value here: not zero, not measured."));
    /* xgettext:no-c-format */
    caveat(c, N_("The interval (95%) covers the uncertainty of each pilot's "
                 "measured effect (delta method); the volumes of work and "
                 "the costs you set are taken as exact."));
    caveat(c, N_("A pilot's effect is assumed to hold in its team in the "
                 "months after the decision; replications in other teams "
                 "measure it again and count with their own effect once "
                 "scaled."));
    for (size_t i = 0; i < r->na; i++)
        cycle |= r->a[i].metric == PM_CYCLE_TIME;
    if (cycle)
        caveat(c, N_("Cycle time is elapsed time, not effort: hours saved "
                     "are valued as if every elapsed hour were an hour of "
                     "work, which overstates the value where work waits in "
                     "queues."));
    if (r->hidden) {
        /* Dutch counts as English does (one, other) */
        REASON_ONEF(line, &m,
                    r->hidden == 1
                        ? N_("%zu team-month of work items is hidden by the "
                             "privacy rules and not counted.")
                        : N_("%zu team-months of work items are hidden by "
                             "the privacy rules and not counted."),
                    r->hidden);
        caveat_msg(c, line, &m);
    }
    if (!r->costs_hourly)
        caveat(c, N_("No hourly cost is set: hours saved are not turned "
                     "into money ('traction costs set hourly')."));
    if (!r->costs_event)
        caveat(c, N_("No cost per error or rework is set: avoided events "
                     "are not turned into money ('traction costs set "
                     "event')."));
    if (r->nseats)
        caveat(c, N_("Seats come from the seat exports (import usage): a "
                     "seat is unused when it has no activity in the 30 days "
                     "up to the export's day; one touch of the tool counts "
                     "as use. Counts under 5 are not shown, nor one that "
                     "would let them be worked out. Spend is the seats "
                     "bought (costs set) times their price, whatever the "
                     "export lists."));
    else
        caveat(c, N_("Seats never used are not known: no seat export has "
                     "been imported ('traction import usage --format "
                     "copilot-seats' or 'm365-copilot')."));
    if (r->nq)
        caveat(c, N_("Open questions are ranked by the spend at stake a "
                     "month times the chance the decision on the tool "
                     "flips: 50% when nothing is measured, else the chance "
                     "that the true value lies on the other side of what "
                     "the licences cost. A ranking for where to look "
                     "first, not a forecast."));
    if (json_array_size(bare)) {
        struct buf list = BUF_INIT;
        size_t i;
        json_t *t;

        json_array_foreach(bare, i, t)
        {
            buf_puts(&list, i ? ", " : "");
            buf_puts(&list, json_string_value(t));
        }
        REASON_ONEF(line, &m, "Spend without evidence (no scaled pilot): %s.",
                    buf_str(&list));
        caveat_msg(c, line, &m);
        buf_release(&list);
    }
}

json_t *vvalue_json(const struct value_report *r)
{
    json_t *o = json_object(), *tools = json_array(), *ad = json_array();
    json_t *bare = json_array(), *total = json_object();
    struct caveats cv = {json_array(), json_array()};

    json_object_set_new(o, "level", json_real(VALUE_LEVEL));
    json_object_set_new(o, "method", json_string("delta"));
    json_object_set_new(total, "spend", vjson_num(r->spend));
    put_value(total, r->value, r->se, r->df, r->lo, r->hi);
    json_object_set_new(o, "total", total);
    for (size_t i = 0; i < r->nt; i++) {
        json_array_append_new(tools, tool_json(&r->t[i]));
        if (isfinite(r->t[i].spend) && strcmp(r->t[i].evidence, "scaled"))
            json_array_append_new(bare, vjson_text(r->t[i].name));
    }
    json_object_set_new(o, "tools", tools);
    for (size_t i = 0; i < r->na; i++)
        json_array_append_new(ad, adoption_json(&r->a[i]));
    json_object_set_new(o, "adoptions", ad);
    json_object_set_new(o, "spend_without_evidence", bare);
    json_object_set_new(o, "seats", seats_json(r));
    json_object_set_new(o, "open_questions", questions_json(r));
    json_object_set_new(o, "hidden_team_months", json_integer(r->hidden));
    caveats_json(r, bare, &cv);
    json_object_set_new(o, "caveats", cv.text);
    json_object_set_new(o, "caveat_messages", cv.msgs);
    return o;
}

/* ---- text ---- */

static void money(struct table *t, json_t *v)
{
    if (json_is_number(v))
        table_cellf(t, "%.0f", json_number_value(v));
    else
        table_cell(t, "not measured");
}

static void interval(struct table *t, json_t *o)
{
    json_t *lo = json_object_get(o, "value_low");
    json_t *hi = json_object_get(o, "value_high");

    if (json_is_number(lo) && json_is_number(hi))
        table_cellf(t, "%.0f to %.0f", json_number_value(lo),
                    json_number_value(hi));
    else
        table_cell(t, "");
}

/* A count, "<5" when hidden. */
static void count_cell(struct table *t, json_t *v)
{
    if (json_is_integer(v))
        table_cellf(t, "%lld", (long long)json_integer_value(v));
    else
        table_cellf(t, "<%d", VALUE_MIN_SEATS);
}

static void seats_text(struct buf *out, json_t *seats)
{
    struct table t;
    size_t i;
    json_t *x;

    if (!json_array_size(seats))
        return;
    table_init(&t, 8, 0xfc);
    table_cell(&t, "tool");
    table_cell(&t, "month");
    table_cell(&t, "assigned");
    table_cell(&t, "active");
    table_cell(&t, "never used");
    table_cell(&t, "never active");
    table_cell(&t, "seat price");
    table_cell(&t, "unused cost");
    json_array_foreach(seats, i, x)
    {
        table_cell(&t, vjson_str(x, "tool"));
        table_cell(&t, vjson_str(x, "month"));
        count_cell(&t, json_object_get(x, "assigned"));
        count_cell(&t, json_object_get(x, "active"));
        count_cell(&t, json_object_get(x, "unused"));
        count_cell(&t, json_object_get(x, "never_active"));
        if (json_is_number(json_object_get(x, "seat_price")))
            table_cellf(&t, "%g", json_number_value(
                                      json_object_get(x, "seat_price")));
        else
            table_cell(&t, "not set");
        if (json_is_number(json_object_get(x, "unused_cost")))
            table_cellf(&t, "%.0f", json_number_value(
                                        json_object_get(x, "unused_cost")));
        else
            table_cell(&t, "");
    }
    buf_puts(out, "\nseats (never used: no activity in the 30 days up to "
                  "the export's day):\n");
    table_render(&t, out);
    table_release(&t);
}

static void questions_text(struct buf *out, json_t *qs)
{
    size_t i;
    json_t *x;

    json_array_foreach(qs, i, x)
    {
        if (i == VALUE_QUESTIONS_SHOWN)
            break;
        if (!i)
            buf_puts(out, "\nopen questions (where a decision is worth the "
                          "most: spend at stake a month x chance the "
                          "decision flips):\n");
        buf_addf(out, "  %zu. %s: %.0f at stake a month (%.0f x %.0f%%): "
                      "%s; settled by %s\n",
                 i + 1, vjson_str(x, "tool"),
                 json_number_value(json_object_get(x, "at_stake")),
                 json_number_value(json_object_get(x, "spend_month")),
                 100 * json_number_value(json_object_get(x, "p_flip")),
                 vjson_str(x, "reason"), vjson_str(x, "settle"));
    }
}

void vvalue_text(struct buf *out, json_t *j)
{
    struct table t;
    size_t i, k;
    json_t *x, *m;

    table_init(&t, 6, 0x1c);
    table_cell(&t, "tool");
    table_cell(&t, "month");
    table_cell(&t, "spend");
    table_cell(&t, "value");
    table_cell(&t, "95% interval");
    table_cell(&t, "evidence");
    json_array_foreach(json_object_get(j, "tools"), i, x)
    {
        json_array_foreach(json_object_get(x, "months"), k, m)
        {
            table_cell(&t, vjson_str(x, "tool"));
            table_cell(&t, vjson_str(m, "month"));
            if (json_is_number(json_object_get(m, "spend")))
                table_cellf(&t, "%.0f", json_number_value(
                                            json_object_get(m, "spend")));
            else
                table_cell(&t, "");
            money(&t, json_object_get(m, "value"));
            interval(&t, m);
            table_cell(&t, vjson_str(x, "evidence"));
        }
        table_cell(&t, vjson_str(x, "tool"));
        table_cell(&t, "total");
        if (json_is_number(json_object_get(x, "spend")))
            table_cellf(&t, "%.0f",
                        json_number_value(json_object_get(x, "spend")));
        else
            table_cell(&t, "");
        money(&t, json_object_get(x, "value"));
        interval(&t, x);
        table_cell(&t, vjson_str(x, "evidence"));
    }
    if (json_array_size(json_object_get(j, "tools")))
        table_render(&t, out);
    else
        buf_puts(out, "no tools with costs or pilots yet\n");
    table_release(&t);
    x = json_object_get(j, "total");
    buf_puts(out, "\nall tools: spend ");
    if (json_is_number(json_object_get(x, "spend")))
        buf_addf(out, "%.0f", json_number_value(json_object_get(x, "spend")));
    else
        buf_puts(out, "not set");
    buf_puts(out, ", realised value ");
    if (json_is_number(json_object_get(x, "value")))
        buf_addf(out, "%.0f (95%%: %.0f to %.0f)",
                 json_number_value(json_object_get(x, "value")),
                 json_number_value(json_object_get(x, "value_low")),
                 json_number_value(json_object_get(x, "value_high")));
    else
        buf_puts(out, "not measured");
    buf_puts(out, "\n");
    seats_text(out, json_object_get(j, "seats"));
    questions_text(out, json_object_get(j, "open_questions"));
    json_array_foreach(json_object_get(j, "adoptions"), i, x)
    {
        if (!i)
            buf_puts(out, "\nscaled pilots counted:\n");
        buf_addf(out, "  pilot %lld: %s, %s with %s, %s",
                 (long long)json_integer_value(json_object_get(x, "pilot")),
                 vjson_str(x, "team"), vjson_str(x, "workflow"),
                 vjson_str(x, "tool"), vjson_str(x, "metric"));
        if (json_is_number(json_object_get(x, "relative")))
            buf_addf(out, " %+.0f%%",
                     100 * json_number_value(json_object_get(x, "relative")));
        if (json_is_number(json_object_get(x, "value")))
            buf_addf(out, ": %.0f since %.7s\n",
                     json_number_value(json_object_get(x, "value")),
                     vjson_str(x, "counted_from"));
        else
            buf_addf(out, ": not counted (%s)\n",
                     json_is_string(json_object_get(x, "note"))
                         ? vjson_str(x, "note")
                         : "no work since the decision");
    }
    buf_puts(out, "\ncaveats:\n");
    json_array_foreach(json_object_get(j, "caveats"), i, x)
        buf_addf(out, "  - %s\n", json_string_value(x));
}
