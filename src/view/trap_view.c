/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal as JSON, for `traction trap --json` and the
 * dashboard. */
#include "view/trap_view.h"

#include "core/tstamp.h"
#include "view/json.h"
#include "view/reasons_view.h"

/* A figure of a signal, or null when the signal's count is hidden. */
static json_t *shown(double v, int hidden)
{
    return hidden ? json_null() : vjson_num(v);
}

static json_t *shown_count(long v, int hidden)
{
    return hidden ? json_null() : json_integer(v);
}

/* The voice leg: null when no survey shows the unit on its own. */
static json_t *voice_json(const struct trap_voice *v)
{
    if (!v->shown)
        return json_null();
    return json_pack(
        "{s:s, s:o, s:I, s:o, s:I, s:o, s:I, s:o, s:o, s:b, s:b, s:b}",
        "wave", v->wave, "tool",
        v->tool[0] ? json_string(v->tool) : json_null(), "pmf_n", (json_int_t)v->pmf_n, "pmf", vjson_num(v->pmf),
        "trust_n", (json_int_t)v->trust_n, "trust", vjson_num(v->trust),
        "friction_n", (json_int_t)v->friction_n, "friction_top",
        v->friction_top[0] ? json_string(v->friction_top) : json_null(),
        "friction_share", vjson_num(v->friction_share), "low_pmf",
        v->low_pmf, "low_trust", v->low_trust, "high_friction",
        v->high_friction);
}

json_t *vtrap_team_json(const struct trap_team *t)
{
    json_t *reasons = json_array(), *j;
    int uh = t->usage_hidden, sh = t->shadow_hidden;

    for (size_t i = 0; i < t->nreasons; i++)
        json_array_append_new(reasons, json_string(t->reasons[i]));
    j = json_pack(
        "{s:s, s:b, s:I, s:{s:o, s:o, s:o, s:o, s:b}, s:{s:o, s:o, s:o, "
        "s:b}, s:{s:I, s:I, s:o}, s:s, s:o}",
        "team", t->name, "merged", t->merged, "people", (json_int_t)t->people,
        "approved", "active_people", shown_count(t->usage_people, uh),
        "active_share", shown(t->active_share, uh), "days_per_person",
        shown(t->depth, uh), "registration_only_share",
        shown(t->light_share, uh), "suppressed", uh, "shadow",
        "people_at_least", shown_count(t->shadow_people, sh), "services",
        shown_count(t->shadow_services, sh), "share",
        shown(t->shadow_share, sh), "suppressed", sh, "outcome",
        "items_recent", (json_int_t)t->items_now, "items_before",
        (json_int_t)t->items_before, "cycle_time_change",
        vjson_num(t->cycle_change), "verdict", t->verdict, "reasons",
        reasons);
    json_object_set_new(j, "reason_messages",
                        vreasons_json(t->reason_msgs, t->nreasons));
    json_object_set_new(j, "voice", voice_json(&t->voice));
    json_object_set_new(j, "approval",
                        json_pack("{s:b, s:I}", "slow", t->slow_approval,
                                  "requests_overdue",
                                  (json_int_t)t->requests_overdue));
    return j;
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
