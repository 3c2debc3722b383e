/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Target resets as JSON and text (view/targets_view.h). */
#include "view/targets_view.h"

#include "core/tstamp.h"
#include "model/pilot.h"
#include "view/json.h"
#include "view/table.h"

json_t *vtarget_json(const struct targets_item *it)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)it->id, "unit", it->unit, "metric",
                     pilot_metric_names[it->metric], "by", vjson_num(it->by),
                     "from", vjson_day(it->from_day), "until",
                     vjson_day(it->until_day), "why", vjson_text(it->why),
                     "recorded", vjson_time(it->at));
}

json_t *vtargets_json(const struct targets *t)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < t->n; i++)
        json_array_append_new(arr, vtarget_json(&t->v[i]));
    return arr;
}

void vtarget_line(struct buf *out, const struct targets_item *it)
{
    buf_addf(out, "%s relaxed by %.0f%% from ",
             pilot_metric_names[it->metric], 100 * it->by);
    tstamp_format_day(out, it->from_day * 86400);
    buf_puts(out, " to ");
    tstamp_format_day(out, it->until_day * 86400);
    buf_addf(out, ": %s", it->why);
}

void vtargets_text(struct buf *out, const struct targets *t)
{
    struct table tb;
    struct buf d = BUF_INIT;

    if (!t->n) {
        buf_puts(out, "no targets reset\n");
        return;
    }
    table_init(&tb, 7, 0x09);
    table_cell(&tb, "id");
    table_cell(&tb, "unit");
    table_cell(&tb, "metric");
    table_cell(&tb, "by");
    table_cell(&tb, "from");
    table_cell(&tb, "until");
    table_cell(&tb, "why");
    for (size_t i = 0; i < t->n; i++) {
        const struct targets_item *it = &t->v[i];

        table_cellf(&tb, "%lld", (long long)it->id);
        table_cell(&tb, it->unit);
        table_cell(&tb, pilot_metric_names[it->metric]);
        table_cellf(&tb, "%.0f%%", 100 * it->by);
        buf_reset(&d);
        tstamp_format_day(&d, it->from_day * 86400);
        table_cell(&tb, buf_str(&d));
        buf_reset(&d);
        tstamp_format_day(&d, it->until_day * 86400);
        table_cell(&tb, buf_str(&d));
        table_cell(&tb, it->why);
    }
    table_render(&tb, out);
    table_release(&tb);
    buf_release(&d);
}
