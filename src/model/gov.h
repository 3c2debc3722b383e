/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The closed sets of words of governance as enablement (gov.c): a tool
 * request's decision and the kinds of entries in the register of what
 * stays human. */
#ifndef TR_MODEL_GOV_H
#define TR_MODEL_GOV_H

enum request_decision {
    RQ_APPROVE,
    RQ_APPROVE_WITH_CONDITIONS,
    RQ_DECLINE,
    RQ_COUNT
};
extern const char *const request_decision_names[RQ_COUNT];
int request_decision_parse(const char *s); /* -1 when unknown */

/* What stays human-led in a workflow: a step people do, a decision
 * people take, or the checkpoint where a person reviews the AI's
 * output before it is used. */
enum human_kind { HK_STEP, HK_DECISION, HK_CHECKPOINT, HK_COUNT };
extern const char *const human_kind_names[HK_COUNT];
int human_kind_parse(const char *s); /* -1 when unknown */

#endif
