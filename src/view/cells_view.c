/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Team-level records as JSON. */
#include "view/cells_view.h"

#include "core/buf.h"
#include "core/tstamp.h"
#include "view/json.h"

static json_t *isoweek(int64_t monday)
{
    struct buf b = BUF_INIT;
    json_t *j;

    tstamp_format_isoweek(&b, monday);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

static json_t *per(long num, long den)
{
    return den ? vjson_num((double)num / (double)den) : json_null();
}

json_t *vcells_usage_json(const struct store_usage_cell *c)
{
    if (!c->team)
        return json_pack("{s:n, s:o, s:s, s:I, s:s}", "team", "week",
                         isoweek(c->week), "tool", c->tool, "user_days",
                         (json_int_t)c->people, "level", "organisation");
    return json_pack("{s:s, s:o, s:s, s:I, s:o, s:o, s:I}", "team", c->team,
                     "week", isoweek(c->week), "tool", c->tool,
                     "active_people", (json_int_t)c->people,
                     "days_per_person", per(c->active_days, c->people),
                     "registration_only_share",
                     per(c->light_people, c->people), "interactions",
                     (json_int_t)c->interactions);
}

json_t *vcells_shadow_json(const struct store_shadow_cell *c)
{
    return json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
                     "team", c->team, "week", isoweek(c->week), "service",
                     c->service, "vendor", c->vendor, "category",
                     c->category, "status", c->status, "people",
                     (json_int_t)c->people, "active_days",
                     (json_int_t)c->active_days, "requests",
                     (json_int_t)c->requests);
}

json_t *vsummary_group_json(const struct summary_opts *o,
                            const struct summary_group *g)
{
    json_t *key = json_object();

    for (size_t k = 0; k < o->nkeys; k++)
        json_object_set_new(key, summary_key_names[o->keys[k]],
                            json_string(g->values[k]));
    return json_pack("{s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
                     "group", key, "items", (json_int_t)g->items, "people",
                     (json_int_t)g->people, "cycle_h_median",
                     vjson_num(g->cycle_median_h), "cycle_h_p90",
                     vjson_num(g->cycle_p90_h), "quality_mean",
                     vjson_num(g->quality_mean), "error_rate",
                     vjson_num(g->error_rate), "rework_rate",
                     vjson_num(g->rework_rate), "ai_share",
                     vjson_num(g->ai_share));
}

json_t *vsummary_json(const struct summary_opts *o, const struct summary *s)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(arr, vsummary_group_json(o, &s->groups[i]));
    return arr;
}
