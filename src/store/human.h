/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The register of what stays human (store_human.c): per workflow, the
 * steps and decisions that stay human-led and the checkpoint where a
 * person reviews the AI's output, each with an owner (a role or a
 * person responsible for it, as the organisation writes it) and the
 * date it holds from. Every change is appended to the audit trail. */
#ifndef TR_STORE_HUMAN_H
#define TR_STORE_HUMAN_H

#include "model/gov.h"
#include "store/store.h"

struct store_human {
    int64_t id;
    const char *workflow;     /* borrowed during the call */
    enum human_kind kind;
    const char *what, *owner;
    int64_t since;            /* Unix seconds (a day) */
};

/* Adds an entry, or, when the workflow already has this kind and text,
 * sets its owner and date; *id gets its number, *added whether it is
 * new. */
int store_human_set(struct store *st, const struct store_human *h,
                    int64_t *id, int *added, struct diag *diag);
/* Removes entry id (TR_ENOENT when there is none). */
int store_human_remove(struct store *st, int64_t id, struct diag *diag);
typedef int (*store_human_fn)(void *ctx, const struct store_human *h,
                              struct diag *diag);
/* Every entry by workflow, then kind (steps, decisions, checkpoints),
 * then number. */
int store_humans(struct store *st, store_human_fn fn, void *ctx,
                 struct diag *diag);

#endif
