/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A work item as an importer hands it to the store: one finished (or
 * open) piece of real work with its outcome measures. */
#ifndef TR_MODEL_ITEM_H
#define TR_MODEL_ITEM_H

#include <stdint.h>

#include "core/pseudo.h"

enum item_field {
    IF_KEY,
    IF_WORKFLOW,
    IF_TEAM,
    IF_PERSON,
    IF_STARTED,
    IF_FINISHED,
    IF_QUALITY,
    IF_ERRORS,
    IF_REWORK,
    IF_TOOL,
    IF_REVIEWED,
    IF_COUNT
};

/* The field names used by --map and the generic preset. */
extern const char *const item_field_names[IF_COUNT];

struct item_row {
    const char *key;      /* borrowed, valid during the sink call */
    const char *workflow; /* borrowed; never empty */
    const char *team;     /* borrowed; NULL: take it from the person */
    const char *tool;     /* borrowed; NULL: no AI tool */
    int has_person;
    unsigned char person[PSEUDO_BYTES];
    int64_t started;      /* Unix seconds */
    int64_t finished;     /* valid when has_finished */
    int has_finished;
    double quality;       /* valid when has_quality */
    int has_quality;
    long errors;          /* -1 when unknown */
    long rework;          /* -1 when unknown */
    int reviewed;         /* 1, 0, or -1 when unknown */
    long line;            /* where the row starts in its file */
};

/* Why the sink refused a row: the field to blame and a reason. */
struct item_problem {
    enum item_field field;
    char msg[256];
};

/* Where importers push rows (the store implements it; tests record).
 * row returns 0 when stored, 1 when the row is refused (prob filled), or
 * a negative TR_E* code to stop. */
struct item_sink {
    void *ctx;
    int (*row)(void *ctx, const struct item_row *row,
               struct item_problem *prob, struct diag *diag);
};

#endif
