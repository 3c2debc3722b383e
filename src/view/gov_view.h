/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Governance records as JSON (gov_view.c), for the CLI's --json and the
 * dashboard's /api/ alike; the names are documented in docs/json.md:
 * tool requests and their clocks, workflow-test proposals with their
 * priority, entries of the register of what stays human. */
#ifndef TR_VIEW_GOV_VIEW_H
#define TR_VIEW_GOV_VIEW_H

#include <jansson.h>
#include <stdint.h>

#include "analysis/requests.h"
#include "core/buf.h"
#include "store/human.h"
#include "store/proposals.h"
#include "store/requests.h"

/* A request as of now, against the service level sla (working days):
 * {id, team, tool, workflow, why, state, submitted, in_review, reviewer,
 * decided, decision, decided_by, reason, conditions, working_days,
 * overdue}. New reference. */
json_t *vrequest_json(const struct store_request *r, int64_t now, int sla);
/* The clocks: {now, service_level, requests, open, decided, clocks,
 * overdue, demand, demand_weeks}. */
json_t *vrequest_clocks_json(const struct request_clocks *c);
/* "ChatGPT used in 14 teams; 3 open requests; median wait 31 days" */
void vrequest_demand_line(struct buf *out, const struct request_demand *d);

/* A proposal's priority (value x reach x confidence / effort), NaN
 * when it is not scored. */
double vproposal_priority(const struct store_proposal *p);
/* {id, team, workflow, friction, outcome, tool, submitted, score (null,
 * or {value, reach, confidence, effort, priority, by}), pilot}. */
json_t *vproposal_json(const struct store_proposal *p);

/* {id, workflow, kind, what, owner, since}. */
json_t *vhuman_json(const struct store_human *h);

#endif
