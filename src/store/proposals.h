/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Workflow-test proposals (store_proposals.c): any signed-in user may
 * propose, for a team, a workflow test (the workflow, the friction it
 * removes, the outcome metric it should move, the tool). The enablement
 * lead scores it (value, reach, confidence, effort) and selects it; a
 * selected proposal becomes a pilot, which it names. Every change is
 * appended to the audit trail; who proposed is named there only. */
#ifndef TR_STORE_PROPOSALS_H
#define TR_STORE_PROPOSALS_H

#include "store/store.h"

struct store_proposal {
    int64_t id;
    int64_t unit_id;
    const char *unit;                 /* borrowed during the call */
    const char *workflow, *friction, *outcome, *tool;
    int64_t submitted;
    int scored;                       /* the four factors are set */
    double value, reach, confidence, effort;
    const char *scored_by;            /* NULL none */
    int64_t pilot_id;                 /* 0: not selected */
    int64_t selected;
    const char *selected_by;          /* NULL none */
};

/* Files a proposal; outcome is a pilot metric's name (checked by the
 * caller). */
int store_proposal_add(struct store *st, const struct store_proposal *p,
                       int64_t *id, struct diag *diag);
/* Sets (or replaces) the score of an unselected proposal. TR_ENOENT
 * when there is none, TR_EINVAL when it was selected. */
int store_proposal_score(struct store *st, int64_t id, double value,
                         double reach, double confidence, double effort,
                         const char *by, int64_t at, struct diag *diag);
/* Links a scored, unselected proposal to the pilot it became; inside
 * the transaction that registered the pilot. */
int store_proposal_select(struct store *st, int64_t id, int64_t pilot_id,
                          const char *by, int64_t at, struct diag *diag);

typedef int (*store_proposal_fn)(void *ctx, const struct store_proposal *p,
                                 struct diag *diag);
/* Every proposal by number. */
int store_proposals(struct store *st, store_proposal_fn fn, void *ctx,
                    struct diag *diag);
/* One proposal: *found 1 and fn called when there is one. */
int store_proposal_get(struct store *st, int64_t id, store_proposal_fn fn,
                       void *ctx, int *found, struct diag *diag);
/* The proposal pilot_id came from (*id 0: none, the pilot was set up
 * from the top). */
int store_proposal_of_pilot(struct store *st, int64_t pilot_id, int64_t *id,
                            struct diag *diag);

#endif
