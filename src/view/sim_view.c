/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's weekly curves as JSON. */
#include "view/sim_view.h"

#include "core/tstamp.h"
#include "view/json.h"

json_t *vsim_curves_json(const struct sim_curves *c)
{
    json_t *arr = json_array();
    struct buf wk = BUF_INIT;

    for (size_t i = 0; i < c->n; i++) {
        const struct sim_week *w = &c->w[i];

        buf_reset(&wk);
        tstamp_format_isoweek(&wk, w->monday);
        json_array_append_new(
            arr, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "week",
                           buf_str(&wk), "real_use", vjson_num(w->real),
                           "theatre", vjson_num(w->theatre), "shadow",
                           vjson_num(w->shadow), "outcome_change",
                           vjson_num(w->outcome), "manager_hours",
                           vjson_num(w->manager_hours)));
    }
    buf_release(&wk);
    return arr;
}

