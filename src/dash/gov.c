/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The governance pages' data and forms: tool requests with their
 * clocks (admins and governance all, managers their subtree's, viewers
 * none), workflow-test proposals (anyone proposes; admins and
 * governance see all, managers their subtree's), and the register of
 * what stays human (everyone). */
#include "dash/dash.h"
#include "dash/dash_int.h"

#include <math.h>
#include <string.h>

#include "analysis/requests.h"
#include "model/pilot.h"
#include "store/audit.h"
#include "store/human.h"
#include "store/proposals.h"
#include "store/requests.h"
#include "store/roster.h"
#include "view/gov_view.h"

/* ---- requests ---- */

struct req_list {
    const struct dash_ctx *c;
    json_t *arr;
    int sla;
};

static int on_request(void *ctx, const struct store_request *r,
                      struct diag *diag)
{
    struct req_list *l = ctx;

    (void)diag;
    if (request_visible(l->c->scope, r->unit_id) && r->submitted <= l->c->now)
        json_array_append_new(l->arr, vrequest_json(r, l->c->now, l->sla));
    return 0;
}

int dash_requests(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct req_list l = {c, NULL, REQUEST_SLA_DEFAULT};
    struct request_clocks rc_;
    int rc;

    if (c->scope->role == ROLE_VIEWER)
        return diag_set(diag, TR_EPERM,
                        "tool requests are for their teams' managers, "
                        "governance and admins");
    memset(&rc_, 0, sizeof(rc_));
    rc = store_request_sla(c->st, &l.sla, diag);
    if (!rc)
        rc = request_clocks_load(c->st, c->scope, c->now, l.sla, &rc_, diag);
    if (rc)
        return rc;
    l.arr = json_array();
    rc = store_requests(c->st, on_request, &l, diag);
    if (!rc)
        *out = json_pack("{s:o, s:o, s:b, s:b}", "requests", l.arr, "clocks",
                         vrequest_clocks_json(&rc_), "can_decide",
                         access_governs(c->scope), "can_file",
                         c->scope->role != ROLE_VIEWER);
    else
        json_decref(l.arr);
    request_clocks_release(&rc_);
    return rc;
}

/* The unit a reader names on a form, if they may act for it: admins
 * and governance any unit, managers those of their subtree. */
static int unit_for(const struct dash_ctx *c, const char *name, int64_t *id,
                    struct diag *diag)
{
    int rc = store_unit_find(c->st, name, id, diag);

    if (!rc && !*id)
        rc = diag_set(diag, TR_EINVAL, "no team '%s' in the roster", name);
    if (!rc && !request_visible(c->scope, *id))
        rc = diag_set(diag, TR_EPERM, "team '%s' is outside what you may "
                                      "see",
                      name);
    return rc;
}

/* Runs a change in one transaction, the reader named in the audit
 * trail. */
static int begin(const struct dash_ctx *c, struct diag *diag)
{
    store_set_actor(c->st, c->scope->user.name);
    return store_begin(c->st, diag);
}

static int end(const struct dash_ctx *c, int rc, struct diag *diag)
{
    if (!rc)
        rc = store_commit(c->st, diag);
    if (rc)
        store_rollback(c->st);
    return rc;
}

static int need(const char *what, const char *v, struct diag *diag)
{
    return v && *v ? 0 : diag_set(diag, TR_EUSAGE, "'%s' is needed", what);
}

int dash_request_file(const struct dash_ctx *c, const char *team,
                      const char *tool, const char *workflow,
                      const char *why, int64_t *id, struct diag *diag)
{
    int64_t unit = 0;
    int rc = c->scope->role == ROLE_VIEWER
                 ? diag_set(diag, TR_EPERM, "viewers do not file requests")
                 : 0;

    if (!rc)
        rc = need("team", team, diag);
    if (!rc)
        rc = need("tool", tool, diag);
    if (!rc)
        rc = need("workflow", workflow, diag);
    if (!rc)
        rc = unit_for(c, team, &unit, diag);
    if (!rc)
        rc = begin(c, diag);
    if (!rc)
        rc = end(c,
                 store_request_add(c->st, unit, tool, workflow,
                                   why && *why ? why : NULL, c->now, id,
                                   diag),
                 diag);
    return rc;
}

int dash_request_review(const struct dash_ctx *c, int64_t id,
                        struct diag *diag)
{
    int rc = access_governs(c->scope)
                 ? begin(c, diag)
                 : diag_set(diag, TR_EPERM,
                            "governance and admins review requests");

    return rc ? rc
              : end(c,
                    store_request_review(c->st, id, c->scope->user.name,
                                         c->now, diag),
                    diag);
}

int dash_request_decide(const struct dash_ctx *c, int64_t id,
                        const char *decision, const char *why,
                        const char *conditions, struct diag *diag)
{
    int d = request_decision_parse(decision);
    int rc = access_governs(c->scope)
                 ? 0
                 : diag_set(diag, TR_EPERM,
                            "governance and admins decide requests");

    if (!rc && d < 0)
        rc = diag_set(diag, TR_EUSAGE,
                      "a decision: approve, approve-with-conditions or "
                      "decline");
    if (!rc)
        rc = begin(c, diag);
    if (!rc)
        rc = end(c,
                 store_request_decide(c->st, id, (enum request_decision)d,
                                      c->scope->user.name, why,
                                      conditions && *conditions ? conditions
                                                                : NULL,
                                      c->now, diag),
                 diag);
    return rc;
}

/* ---- proposals ---- */

struct prop_list {
    const struct dash_ctx *c;
    json_t *arr;
    long hidden;
};

static int on_proposal(void *ctx, const struct store_proposal *p,
                       struct diag *diag)
{
    struct prop_list *l = ctx;

    (void)diag;
    if (request_visible(l->c->scope, p->unit_id))
        json_array_append_new(l->arr, vproposal_json(p));
    else
        l->hidden++;
    return 0;
}

int dash_proposals(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct prop_list l = {c, json_array(), 0};
    int rc = store_proposals(c->st, on_proposal, &l, diag);

    if (!rc)
        *out = json_pack("{s:o, s:I, s:b}", "proposals", l.arr, "not_shown",
                         (json_int_t)l.hidden, "can_score",
                         c->scope->role == ROLE_ADMIN);
    else
        json_decref(l.arr);
    return rc;
}

int dash_proposal_file(const struct dash_ctx *c, const char *team,
                       const char *workflow, const char *friction,
                       const char *outcome, const char *tool, int64_t *id,
                       struct diag *diag)
{
    struct store_proposal p;
    int m = pilot_metric_parse(outcome ? outcome : "");
    int rc = need("team", team, diag);

    memset(&p, 0, sizeof(p));
    if (!rc)
        rc = need("workflow", workflow, diag);
    if (!rc)
        rc = need("friction", friction, diag);
    if (!rc)
        rc = need("tool", tool, diag);
    if (!rc && (m < 0 || m == PM_REVIEWED))
        rc = diag_set(diag, TR_EUSAGE,
                      "the outcome: cycle_time, quality, errors or rework");
    /* anyone proposes, for any team: a proposal is a request to test */
    if (!rc)
        rc = store_unit_find(c->st, team, &p.unit_id, diag);
    if (!rc && !p.unit_id)
        rc = diag_set(diag, TR_EINVAL, "no team '%s' in the roster", team);
    if (!rc) {
        p.workflow = workflow;
        p.friction = friction;
        p.outcome = outcome;
        p.tool = tool;
        p.submitted = c->now;
        rc = begin(c, diag);
    }
    if (!rc)
        rc = end(c, store_proposal_add(c->st, &p, id, diag), diag);
    return rc;
}

/* ---- what stays human ---- */

static int on_entry(void *ctx, const struct store_human *h, struct diag *diag)
{
    (void)diag;
    json_array_append_new(ctx, vhuman_json(h));
    return 0;
}

int dash_human(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    json_t *arr = json_array();
    int rc = store_humans(c->st, on_entry, arr, diag);

    if (!rc)
        *out = json_pack("{s:o}", "register", arr);
    else
        json_decref(arr);
    return rc;
}
