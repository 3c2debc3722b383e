/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal as JSON, for `traction trap --json` and the
 * dashboard. */
#include "view/trap_view.h"

#include "core/tstamp.h"
#include "view/json.h"

json_t *vtrap_team_json(const struct trap_team *t)
{
    json_t *reasons = json_array();

    for (size_t i = 0; i < t->nreasons; i++)
        json_array_append_new(reasons, json_string(t->reasons[i]));
    return json_pack(
        "{s:s, s:b, s:I, s:{s:I, s:o, s:o, s:o}, s:{s:I, s:I, s:o}, "
        "s:{s:I, s:I, s:o}, s:s, s:o}",
        "team", t->name, "merged", t->merged, "people", (json_int_t)t->people,
        "approved", "active_people", (json_int_t)t->usage_people,
        "active_share", vjson_num(t->active_share), "days_per_person",
        vjson_num(t->depth), "registration_only_share",
        vjson_num(t->light_share), "shadow", "people_at_least",
        (json_int_t)t->shadow_people, "services",
        (json_int_t)t->shadow_services, "share", vjson_num(t->shadow_share),
        "outcome", "items_recent", (json_int_t)t->items_now, "items_before",
        (json_int_t)t->items_before, "cycle_time_change",
        vjson_num(t->cycle_change), "verdict", t->verdict, "reasons",
        reasons);
}

json_t *vtrap_json(const struct trap *tr)
{
    json_t *arr = json_array();
    struct buf wk = BUF_INIT;
    json_t *j;

    for (size_t i = 0; i < tr->n; i++)
        json_array_append_new(arr, vtrap_team_json(&tr->t[i]));
    tstamp_format_isoweek(&wk, tr->week);
    j = json_pack("{s:s, s:o, s:I}", "week", buf_str(&wk), "teams", arr,
                  "people_not_shown", (json_int_t)tr->hidden_people);
    buf_release(&wk);
    return j;
}
