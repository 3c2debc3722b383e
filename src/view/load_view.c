/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The load on the middle as JSON and text (view/load_view.h). */
#include "view/load_view.h"

#include <math.h>
#include <string.h>

#include "core/i18n.h"
#include "core/tstamp.h"
#include "view/json.h"
#include "view/reasons_view.h"
#include "view/table.h"

static json_t *score(double mean, long n)
{
    if (isnan(mean))
        return json_null();
    return json_pack("{s:o, s:I}", "mean", vjson_num(round(mean * 100) / 100),
                     "n", (json_int_t)n);
}

static json_t *unit_json(const struct load_report *r,
                         const struct load_unit *u)
{
    json_t *reasons = json_array(), *j;
    json_t *parent = u->parent_name ? json_string(u->parent_name)
                                    : json_null();

    (void)r;
    for (size_t i = 0; i < u->nreasons; i++)
        json_array_append_new(reasons, json_string(u->reasons[i]));
    j = json_pack(
        "{s:s, s:I, s:o, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:b, "
        "s:o, s:o, s:b, s:i, s:o}",
        "unit", u->name, "unit_id", (json_int_t)u->id, "parent", parent,
        "depth", u->depth, "people", (json_int_t)u->people, "pilots",
        (json_int_t)u->pilots, "rollouts", (json_int_t)u->rollouts,
        "changes", (json_int_t)(u->pilots + u->rollouts), "decisions_due",
        (json_int_t)u->due, "friction_open", (json_int_t)u->friction,
        "tool_requests",
        u->requests.tracked ? json_integer(u->requests.pending)
                            : json_string(N_("not tracked")),
        "learning_time",
        u->learning.recorded
            ? json_pack("{s:o, s:o}", "planned",
                        vjson_num(u->learning.planned), "actual",
                        vjson_num(u->learning.actual))
            : json_string(N_("not recorded")),
        "target_reset", u->target_reset, "workload",
        score(u->workload, u->workload_n), "psych_safety",
        score(u->safety, u->safety_n), "overloaded", u->overloaded,
        "strains", u->strains, "reasons", reasons);
    json_object_set_new(j, "reason_messages",
                        vreasons_json(u->reason_msgs, u->nreasons));
    return j;
}

json_t *vload_json(const struct load_report *r)
{
    struct buf day = BUF_INIT;
    json_t *units = json_array(), *j;

    tstamp_format_day(&day, r->as_of);
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(units, unit_json(r, &r->u[i]));
    j = json_pack(
        "{s:s, s:o, s:{s:i, s:i, s:f, s:f, s:i, s:i}, s:o}", "as_of",
        buf_str(&day), "wave", r->wave ? json_string(r->wave) : json_null(),
        "rule", "changes_at_once", LOAD_CHANGES, "strains", LOAD_STRAINS,
        "workload_max", LOAD_WORKLOAD_MAX, "psych_safety_min",
        LOAD_SAFETY_MIN, "decisions_due", LOAD_DECISIONS, "tool_requests",
        LOAD_REQUESTS, "units", units);
    buf_release(&day);
    return j;
}

static void cell_score(struct table *t, json_t *s)
{
    if (json_is_object(s))
        table_cellf(t, "%.1f (%lld)",
                    json_number_value(json_object_get(s, "mean")),
                    (long long)json_integer_value(json_object_get(s, "n")));
    else
        table_cell(t, "not shown");
}

static void cell_maybe(struct table *t, json_t *v)
{
    if (json_is_integer(v))
        table_cellf(t, "%lld", (long long)json_integer_value(v));
    else if (json_is_object(v))
        table_cellf(t, "%.1f / %.1f h",
                    json_number_value(json_object_get(v, "planned")),
                    json_number_value(json_object_get(v, "actual")));
    else
        table_cell(t, json_string_value(v));
}

void vload_text(struct buf *out, json_t *j)
{
    json_t *units = json_object_get(j, "units"), *u;
    struct table t;
    size_t i;
    json_int_t top = -1;

    buf_addf(out, "load on the middle as of %s (survey: %s)\n",
             vjson_str(j, "as_of"),
             json_is_string(json_object_get(j, "wave")) ? vjson_str(j, "wave")
                                                        : "none yet");
    if (!json_array_size(units)) {
        buf_puts(out, "no units with a manager to show\n");
        return;
    }
    json_array_foreach(units, i, u) {
        json_int_t d = json_integer_value(json_object_get(u, "depth"));

        if (top < 0 || d < top)
            top = d;
    }
    table_init(&t, 10, 0x0e);
    table_cell(&t, "unit");
    table_cell(&t, "changes");
    table_cell(&t, "due");
    table_cell(&t, "friction");
    table_cell(&t, "requests");
    table_cell(&t, "learning");
    table_cell(&t, "targets");
    table_cell(&t, "workload");
    table_cell(&t, "safety");
    table_cell(&t, "load");
    json_array_foreach(units, i, u) {
        int depth =
            (int)(json_integer_value(json_object_get(u, "depth")) - top);

        table_cellf(&t, "%*s%s", 2 * (depth > 8 ? 8 : depth), "",
                    vjson_str(u, "unit"));
        table_cellf(&t, "%lld",
                    (long long)json_integer_value(
                        json_object_get(u, "changes")));
        table_cellf(&t, "%lld",
                    (long long)json_integer_value(
                        json_object_get(u, "decisions_due")));
        table_cellf(&t, "%lld",
                    (long long)json_integer_value(
                        json_object_get(u, "friction_open")));
        cell_maybe(&t, json_object_get(u, "tool_requests"));
        cell_maybe(&t, json_object_get(u, "learning_time"));
        table_cell(&t, json_is_true(json_object_get(u, "target_reset"))
                           ? "reset"
                           : "same");
        cell_score(&t, json_object_get(u, "workload"));
        cell_score(&t, json_object_get(u, "psych_safety"));
        table_cell(&t, json_is_true(json_object_get(u, "overloaded"))
                           ? "OVERLOADED"
                           : "-");
    }
    table_render(&t, out);
    table_release(&t);
    json_array_foreach(units, i, u) {
        json_t *rs = json_object_get(u, "reasons"), *r;
        size_t k;

        if (!json_array_size(rs))
            continue;
        buf_addf(out, "\n%s%s\n", vjson_str(u, "unit"),
                 json_is_true(json_object_get(u, "overloaded"))
                     ? ": overloaded"
                     : ": under strain, not overloaded");
        json_array_foreach(rs, k, r)
            buf_addf(out, "  - %s\n", json_string_value(r));
    }
    buf_addf(out,
             "\noverloaded: %lld or more changes at once, or %lld or more "
             "strains (docs/guide.md, 'Load on the middle'); workload and "
             "safety are the survey's means (1-5) with their respondents, "
             "'not shown' where the unit's answers are merged or hidden\n",
             (long long)json_integer_value(
                 json_object_get(json_object_get(j, "rule"),
                                 "changes_at_once")),
             (long long)json_integer_value(
                 json_object_get(json_object_get(j, "rule"), "strains")));
}
