/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning time rendered: one JSON shape per record, a text table. */
#include "view/learning_view.h"

#include <math.h>

#include "core/tstamp.h"
#include "view/json.h"
#include "view/table.h"

json_t *vlearning_plan_json(const struct store_learning_plan *p)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)p->id, "unit", vjson_text(p->unit), "hours",
                     vjson_num(p->hours), "per", learning_per_names[p->per],
                     "weekly_hours",
                     vjson_num(learning_weekly_hours(p->hours, p->per)),
                     "from", vjson_day(p->from_day), "until",
                     vjson_day(p->until_day), "recorded", vjson_time(p->at));
}

static json_t *week_json(int64_t monday)
{
    struct buf b = BUF_INIT;
    json_t *j;

    tstamp_format_isoweek(&b, monday);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

json_t *vlearning_row_json(const struct learning_row *r)
{
    return json_pack(
        "{s:o, s:o, s:I, s:o, s:{s:o, s:o, s:o}, s:{s:o, s:I}, s:o, s:o}",
        "unit", vjson_text(r->unit), "week", week_json(r->week), "people",
        (json_int_t)r->head, "planned_hours", vjson_num(r->planned),
        "calendar", "hours_per_person", vjson_num(r->calendar), "hours",
        vjson_num(r->calendar_hours), "learners",
        r->calendar_people ? json_integer(r->calendar_people) : json_null(),
        "survey", "hours_per_person", vjson_num(r->survey), "respondents",
        (json_int_t)r->survey_n, "actual_hours", vjson_num(r->actual),
        "actual_source", r->source ? json_string(r->source) : json_null());
}

json_t *vlearning_json(const struct learning_report *r)
{
    json_t *rows = json_array();

    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(rows, vlearning_row_json(&r->v[i]));
    return json_pack("{s:o, s:o, s:I, s:o}", "from",
                     r->from ? week_json(r->from) : json_null(), "until",
                     r->to ? week_json(r->to) : json_null(), "hidden",
                     (json_int_t)r->hidden, "rows", rows);
}

static void hours_cell(struct table *t, double v)
{
    if (isnan(v))
        table_cell(t, "-");
    else
        table_cellf(t, "%.1f", v);
}

void vlearning_text(struct buf *out, const struct learning_report *r)
{
    struct table t;
    struct buf w = BUF_INIT;

    if (!r->n) {
        buf_puts(out, "no learning time in these weeks (no plan, calendar "
                      "or survey figure that may be shown)\n");
        if (r->hidden)
            buf_addf(out, "%zu calendar cell%s not shown (fewer than 5 "
                          "people, or one would give another away)\n",
                     r->hidden, r->hidden == 1 ? "" : "s");
        return;
    }
    table_init(&t, 9, 0xfc);
    table_cell(&t, "week");
    table_cell(&t, "unit");
    table_cell(&t, "people");
    table_cell(&t, "planned");
    table_cell(&t, "calendar");
    table_cell(&t, "learners");
    table_cell(&t, "survey");
    table_cell(&t, "actual");
    table_cell(&t, "source");
    for (size_t i = 0; i < r->n; i++) {
        const struct learning_row *x = &r->v[i];

        buf_reset(&w);
        tstamp_format_isoweek(&w, x->week);
        table_cell(&t, buf_str(&w));
        table_cell(&t, x->unit);
        table_cellf(&t, "%ld", x->head);
        hours_cell(&t, x->planned);
        hours_cell(&t, x->calendar);
        if (x->calendar_people)
            table_cellf(&t, "%ld", x->calendar_people);
        else
            table_cell(&t, "-");
        hours_cell(&t, x->survey);
        hours_cell(&t, x->actual);
        table_cell(&t, x->source ? x->source : "-");
    }
    table_render(&t, out);
    table_release(&t);
    buf_release(&w);
    buf_puts(out, "hours per person per week; calendar: learning hours in "
                  "calendars over the unit's people; survey: the pulse "
                  "item's bands (half of two weeks); actual: the survey "
                  "where shown, else the calendar\n");
    if (r->hidden)
        buf_addf(out, "%zu calendar cell%s not shown (fewer than 5 people, "
                      "or one would give another away)\n",
                 r->hidden, r->hidden == 1 ? "" : "s");
}
