/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tool and use-case requests (store_requests.c): a team asks to use a
 * tool for a workflow; a reviewer takes it into review and decides
 * (approve, approve with conditions, decline, always with a reason).
 * Each stage keeps its time, so that the clocks (analysis/requests.h)
 * can say how long approval takes. Every change is appended to the
 * audit trail. Who asked is never stored with the request: only the
 * team is (the audit trail names the account that filed it). */
#ifndef TR_STORE_REQUESTS_H
#define TR_STORE_REQUESTS_H

#include "model/gov.h"
#include "store/store.h"

#define REQUEST_SLA_DEFAULT 10 /* working days to a decision */
#define REQUEST_SLA_MAX 365

struct store_request {
    int64_t id;
    int64_t unit_id;
    const char *unit;             /* borrowed during the call */
    const char *tool, *workflow;
    const char *why;              /* NULL none */
    int64_t submitted;            /* Unix seconds */
    int64_t in_review;            /* 0: not taken into review yet */
    const char *reviewer;         /* NULL none */
    int64_t decided;              /* 0: open */
    int decision;                 /* enum request_decision; -1 open */
    const char *decided_by, *reason, *conditions; /* NULL none */
};

/* Files a request of unit_id at time at; *id gets its number. */
int store_request_add(struct store *st, int64_t unit_id, const char *tool,
                      const char *workflow, const char *why, int64_t at,
                      int64_t *id, struct diag *diag);
/* Takes an open request into review at time at (by: the reviewer's
 * account). TR_ENOENT when there is none; TR_EINVAL when it is decided
 * or already in review, or at comes before its submission. */
int store_request_review(struct store *st, int64_t id, const char *by,
                         int64_t at, struct diag *diag);
/* Decides an open request at time at; a request not yet in review is
 * taken into review at the same moment. conditions only with
 * RQ_APPROVE_WITH_CONDITIONS (and then required). Checked by the write
 * itself: of two decisions at once one wins, the other gets TR_EINVAL
 * "request N is already decided". */
int store_request_decide(struct store *st, int64_t id,
                         enum request_decision d, const char *by,
                         const char *reason, const char *conditions,
                         int64_t at, struct diag *diag);

typedef int (*store_request_fn)(void *ctx, const struct store_request *r,
                                struct diag *diag);
/* Every request by number. */
int store_requests(struct store *st, store_request_fn fn, void *ctx,
                   struct diag *diag);
/* One request: *found 1 and fn called when there is one. */
int store_request_get(struct store *st, int64_t id, store_request_fn fn,
                      void *ctx, int *found, struct diag *diag);

/* The number of requests still waiting for a decision filed by unit_id,
 * or, with subtree set, by it and every unit below it. (The load on a
 * middle manager counts them.) */
int store_request_pending_count(struct store *st, int64_t unit_id,
                                int subtree, int64_t *n, struct diag *diag);

/* The service level: working days a request may wait for a decision
 * before it is overdue (REQUEST_SLA_DEFAULT until set). Setting it is
 * audited; call it inside a transaction. */
int store_request_sla(struct store *st, int *days, struct diag *diag);
int store_request_sla_set(struct store *st, int days, struct diag *diag);

#endif
