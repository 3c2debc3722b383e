/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Governance records as JSON (view/gov_view.h). */
#include "view/gov_view.h"

#include <math.h>

#include "core/tstamp.h"
#include "view/json.h"

static const char *state_of(const struct store_request *r, int64_t now)
{
    if (r->decided && r->decided <= now)
        return "decided";
    if (r->in_review && r->in_review <= now)
        return "in review";
    return "submitted";
}

json_t *vrequest_json(const struct store_request *r, int64_t now, int sla)
{
    int open = !(r->decided && r->decided <= now);
    long wd = request_working_days(r->submitted, open ? now : r->decided);

    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:I, s:b}",
        "id", (json_int_t)r->id, "team", vjson_text(r->unit), "tool",
        vjson_text(r->tool), "workflow", vjson_text(r->workflow), "why",
        vjson_text(r->why), "state", state_of(r, now), "submitted",
        vjson_time(r->submitted), "in_review",
        vjson_time(r->in_review && r->in_review <= now ? r->in_review : 0),
        "reviewer", vjson_text(r->in_review <= now ? r->reviewer : NULL),
        "decided", vjson_time(open ? 0 : r->decided), "decision",
        open || r->decision < 0 ? json_null()
                                : json_string(request_decision_names[r->decision]),
        "decided_by", vjson_text(open ? NULL : r->decided_by), "reason",
        vjson_text(open ? NULL : r->reason), "conditions",
        vjson_text(open ? NULL : r->conditions), "working_days",
        (json_int_t)wd, "overdue", open && wd > sla);
}

static json_t *month_json(const struct request_clock *k)
{
    struct buf b = BUF_INIT;
    json_t *j;

    if (k->all)
        return json_null();
    tstamp_format_month(&b, k->month * 86400);
    j = json_string(buf_str(&b));
    buf_release(&b);
    return j;
}

void vrequest_demand_line(struct buf *out, const struct request_demand *d)
{
    buf_puts(out, d->tool);
    if (d->teams >= 0)
        buf_addf(out, " used in %ld team%s", d->teams,
                 d->teams == 1 ? "" : "s");
    else
        buf_puts(out, ": no shadow demand seen");
    buf_addf(out, "; %ld open request%s", d->open, d->open == 1 ? "" : "s");
    if (!isnan(d->median_wait))
        buf_addf(out, "; median wait %.0f day%s", d->median_wait,
                 d->median_wait >= 0.5 && d->median_wait < 1.5 ? "" : "s");
    else
        buf_puts(out, "; never requested");
}

json_t *vrequest_clocks_json(const struct request_clocks *c)
{
    json_t *clocks = json_array(), *late = json_array(),
           *demand = json_array();
    struct buf b = BUF_INIT;

    for (size_t i = 0; i < c->nc; i++) {
        const struct request_clock *k = &c->c[i];

        json_array_append_new(
            clocks, json_pack("{s:s, s:o, s:I, s:o, s:o}", "stage",
                              request_stage_names[k->stage], "month",
                              month_json(k), "n", (json_int_t)k->n,
                              "median_days", vjson_num(k->median),
                              "p90_days", vjson_num(k->p90)));
    }
    for (size_t i = 0; i < c->nlate; i++) {
        const struct request_late *l = &c->late[i];

        json_array_append_new(
            late, json_pack("{s:I, s:o, s:o, s:o, s:o, s:I, s:s}", "id",
                            (json_int_t)l->id, "team", vjson_text(l->unit),
                            "tool", vjson_text(l->tool), "workflow",
                            vjson_text(l->workflow), "submitted",
                            vjson_time(l->submitted), "working_days",
                            (json_int_t)l->working_days, "state",
                            l->in_review ? "in review" : "submitted"));
    }
    for (size_t i = 0; i < c->ndemand; i++) {
        const struct request_demand *d = &c->demand[i];

        buf_reset(&b);
        vrequest_demand_line(&b, d);
        json_array_append_new(
            demand,
            json_pack("{s:o, s:o, s:I, s:I, s:o, s:o}", "tool",
                      vjson_text(d->tool), "teams",
                      d->teams >= 0 ? json_integer(d->teams) : json_null(),
                      "requests", (json_int_t)d->requests, "open",
                      (json_int_t)d->open, "median_wait_days",
                      vjson_num(d->median_wait), "line",
                      vjson_text(buf_str(&b))));
    }
    buf_release(&b);
    return json_pack("{s:o, s:i, s:I, s:I, s:I, s:o, s:o, s:o, s:{s:o, s:o}}",
                     "now", vjson_time(c->now), "service_level", c->sla,
                     "requests", (json_int_t)c->total, "open",
                     (json_int_t)c->open, "decided", (json_int_t)c->decided,
                     "clocks", clocks, "overdue", late, "demand", demand,
                     "demand_weeks", "from",
                     vjson_day(c->demand_from), "to",
                     vjson_day(c->demand_to ? c->demand_to + 6 : 0));
}

double vproposal_priority(const struct store_proposal *p)
{
    if (!p->scored || !(p->effort > 0))
        return NAN;
    return p->value * p->reach * p->confidence / p->effort;
}

json_t *vproposal_json(const struct store_proposal *p)
{
    json_t *score = p->scored
                        ? json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "value",
                                    vjson_num(p->value), "reach",
                                    vjson_num(p->reach), "confidence",
                                    vjson_num(p->confidence), "effort",
                                    vjson_num(p->effort), "priority",
                                    vjson_num(vproposal_priority(p)), "by",
                                    vjson_text(p->scored_by))
                        : json_null();

    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)p->id, "team", vjson_text(p->unit),
                     "workflow", vjson_text(p->workflow), "friction",
                     vjson_text(p->friction), "outcome",
                     vjson_text(p->outcome), "tool", vjson_text(p->tool),
                     "submitted", vjson_time(p->submitted), "score", score,
                     "pilot",
                     p->pilot_id ? json_integer(p->pilot_id) : json_null());
}

json_t *vhuman_json(const struct store_human *h)
{
    return json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}", "id",
                     (json_int_t)h->id, "workflow", vjson_text(h->workflow),
                     "kind", human_kind_names[h->kind], "what",
                     vjson_text(h->what), "owner", vjson_text(h->owner),
                     "since", vjson_day(tstamp_day(h->since)));
}
