/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of governance's closed sets of words (model/gov.h). */
#include "model/gov.h"

#include <string.h>

const char *const request_decision_names[RQ_COUNT] = {
    [RQ_APPROVE] = "approve",
    [RQ_APPROVE_WITH_CONDITIONS] = "approve-with-conditions",
    [RQ_DECLINE] = "decline"};

const char *const human_kind_names[HK_COUNT] = {
    [HK_STEP] = "step", [HK_DECISION] = "decision",
    [HK_CHECKPOINT] = "checkpoint"};

static int parse(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (s && !strcmp(s, names[i]))
            return i;
    return -1;
}

int request_decision_parse(const char *s)
{
    return parse(request_decision_names, RQ_COUNT, s);
}

int human_kind_parse(const char *s)
{
    return parse(human_kind_names, HK_COUNT, s);
}
